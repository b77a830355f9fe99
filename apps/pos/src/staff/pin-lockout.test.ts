import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../common/key-value-storage.ts';
import {
  afterWrongPin,
  FIRST_LOCK_MS,
  loadLockout,
  lockMsAfter,
  lockRemainingMs,
  MAX_LOCK_MS,
  NO_LOCKOUT,
  saveLockout,
} from './pin-lockout.ts';

describe('PIN lockout', () => {
  it('lets three wrong PINs pass, then locks for a time that doubles up to the cap', () => {
    expect([1, 2].map(lockMsAfter)).toEqual([0, 0]);
    expect(lockMsAfter(3)).toBe(FIRST_LOCK_MS);
    expect(lockMsAfter(4)).toBe(2 * FIRST_LOCK_MS);
    expect(lockMsAfter(5)).toBe(4 * FIRST_LOCK_MS);
    expect(lockMsAfter(50)).toBe(MAX_LOCK_MS);
    for (let n = 3; n < 20; n++) expect(lockMsAfter(n + 1)).toBeGreaterThanOrEqual(lockMsAfter(n));
  });

  it('counts failures and says how long is left', () => {
    let s = NO_LOCKOUT;
    for (let i = 0; i < 3; i++) s = afterWrongPin(s, 1_000);
    expect(s.failures).toBe(3);
    expect(lockRemainingMs(s, 1_000)).toBe(FIRST_LOCK_MS);
    expect(lockRemainingMs(s, 1_000 + FIRST_LOCK_MS)).toBe(0);
  });

  it('survives a reload through storage, and a cleared state leaves nothing behind', () => {
    const storage = memoryStorage();
    const s = afterWrongPin(afterWrongPin(afterWrongPin(NO_LOCKOUT, 5), 5), 5);
    saveLockout(storage, s);
    expect(loadLockout(storage)).toEqual(s);
    saveLockout(storage, NO_LOCKOUT);
    expect(storage.getItem('kasir.pinLockout')).toBeNull();
    storage.setItem('kasir.pinLockout', '{broken');
    expect(loadLockout(storage)).toEqual(NO_LOCKOUT);
  });
});

import { describe, expect, it } from 'vitest';
import { saleSyncMoved } from './use-sync.ts';

describe('saleSyncMoved: when the receipt on screen re-reads its sale', () => {
  const at = { pending: 1, failed: 0, conflicts: 0, lastSyncedAt: '2026-12-02T10:00:00.000Z' };
  it('not for a new local write (the sale just recorded, or the next one)', () => {
    expect(saleSyncMoved(at, { ...at, pending: 2 })).toBe(false);
    expect(saleSyncMoved(at, at)).toBe(false);
  });
  it('when writes were pushed, parked or dropped, or a sync finished', () => {
    expect(saleSyncMoved(at, { ...at, pending: 0 })).toBe(true);
    expect(saleSyncMoved(at, { ...at, failed: 1 })).toBe(true);
    expect(saleSyncMoved(at, { ...at, conflicts: 1 })).toBe(true);
    expect(saleSyncMoved(at, { ...at, lastSyncedAt: '2026-12-02T10:00:01.000Z' })).toBe(true);
  });
});

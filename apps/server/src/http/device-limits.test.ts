import { describe, expect, it } from 'vitest';
import { DeviceLimiter } from './device-limits.ts';

describe('DeviceLimiter (issue 17)', () => {
  it('a device gets its burst, then 1 request per 1/ratePerS, with retry-after; devices are separate', () => {
    const l = new DeviceLimiter({ burst: 3, ratePerS: 2 });
    for (let i = 0; i < 3; i++) expect(l.take('a', 0)).toEqual({ ok: true });
    expect(l.take('a', 0)).toEqual({ ok: false, retryAfterS: 1 });
    expect(l.take('b', 0)).toEqual({ ok: true });
    expect(l.take('a', 500)).toEqual({ ok: true });
    expect(l.take('a', 500).ok).toBe(false);
  });

  it('one heavy call of a route at a time per device; released slots are reused', () => {
    const l = new DeviceLimiter({ heavyConcurrency: 1 });
    const release = l.enter('a', 'push');
    expect(release).toBeDefined();
    expect(l.enter('a', 'push')).toBeUndefined();
    expect(l.enter('a', 'sync state')).toBeDefined();
    expect(l.enter('b', 'push')).toBeDefined();
    release!();
    release!(); // twice is harmless
    expect(l.enter('a', 'push')).toBeDefined();
  });
});

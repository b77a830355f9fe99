import { describe, expect, it } from 'vitest';
import type { WeeklyHours } from '@kasir/protocol';
import { isOpenAt, nightlyDue } from './night-window.ts';

const day = { open: '08:00', close: '22:00' };
// Monday to Saturday 08–22, Sunday 18:00 to 02:00 next morning.
const hours: WeeklyHours = [day, day, day, day, day, day, { open: '18:00', close: '02:00' }];
const TZ = 'Asia/Jakarta'; // UTC+7
// 2026-12-07 is a Monday; local 10:00 WIB = 03:00Z.
const at = (iso: string) => Date.parse(iso);
const H = 3_600_000;

describe('isOpenAt', () => {
  it('follows the branch day in its time zone', () => {
    expect(isOpenAt(hours, TZ, at('2026-12-07T03:00:00Z'))).toBe(true); // Mon 10:00 WIB
    expect(isOpenAt(hours, TZ, at('2026-12-07T15:30:00Z'))).toBe(false); // Mon 22:30 WIB
    expect(isOpenAt(hours, TZ, at('2026-12-07T00:30:00Z'))).toBe(false); // Mon 07:30 WIB
  });
  it('keeps a past-midnight day open into the next morning', () => {
    expect(isOpenAt(hours, TZ, at('2026-12-06T18:30:00Z'))).toBe(true); // Mon 01:30 WIB after Sunday
    expect(isOpenAt(hours, TZ, at('2026-12-06T19:30:00Z'))).toBe(false); // Mon 02:30 WIB
  });
  it('treats a null day as closed all day', () => {
    const sundayOff: WeeklyHours = [day, day, day, day, day, day, null];
    expect(isOpenAt(sundayOff, TZ, at('2026-12-06T05:00:00Z'))).toBe(false); // Sun 12:00 WIB
  });
});

describe('nightlyDue (injected clock)', () => {
  const base = { hours, timeZone: TZ, fallbackEveryMs: 24 * H };
  it('runs once per night, only outside opening hours', () => {
    const evening = at('2026-12-07T15:30:00Z'); // Mon 22:30 WIB, closed
    expect(nightlyDue({ ...base, nowMs: at('2026-12-07T03:00:00Z'), lastRunMs: evening - 24 * H })).toBe(
      false,
    );
    expect(nightlyDue({ ...base, nowMs: evening, lastRunMs: evening - 24 * H })).toBe(true);
    // Later the same night: already run.
    expect(nightlyDue({ ...base, nowMs: evening + 5 * H, lastRunMs: evening })).toBe(false);
    // Next morning, open: not due; next night: due again.
    expect(nightlyDue({ ...base, nowMs: evening + 12 * H, lastRunMs: evening })).toBe(false);
    expect(nightlyDue({ ...base, nowMs: evening + 24 * H, lastRunMs: evening })).toBe(true);
  });
  it('runs a till never on at night once overdue, and at once on first start', () => {
    const noon = at('2026-12-09T05:00:00Z'); // Wed 12:00 WIB, open
    expect(nightlyDue({ ...base, nowMs: noon, lastRunMs: noon - 30 * H })).toBe(false);
    expect(nightlyDue({ ...base, nowMs: noon, lastRunMs: noon - 49 * H })).toBe(true);
    expect(nightlyDue({ ...base, nowMs: noon, lastRunMs: null })).toBe(true);
  });
  it('falls back to the interval without opening hours', () => {
    const now = at('2026-12-07T03:00:00Z');
    expect(nightlyDue({ ...base, hours: null, nowMs: now, lastRunMs: now - 23 * H })).toBe(false);
    expect(nightlyDue({ ...base, hours: null, nowMs: now, lastRunMs: now - 25 * H })).toBe(true);
  });
});

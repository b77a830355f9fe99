import { describe, expect, it } from 'vitest';
import { openWindow } from './alerts.ts';

const JAKARTA = 'Asia/Jakarta';
/** An instant given as Jakarta wall time (UTC+7, no daylight saving). */
const wib = (local: string): number => Date.parse(`${local}:00+07:00`);
const week = (h: { open: string; close: string } | null) =>
  JSON.stringify(Array.from({ length: 7 }, () => h));

describe('openWindow', () => {
  it('a day shop: open since its opening today, closed outside it', () => {
    const hours = week({ open: '09:00', close: '21:00' });
    expect(openWindow(hours, JAKARTA, wib('2026-12-04T09:10'))).toEqual({
      openMs: wib('2026-12-04T09:00'),
      openSinceMs: wib('2026-12-04T09:00'),
    });
    expect(openWindow(hours, JAKARTA, wib('2026-12-04T08:59'))).toBeUndefined();
    expect(openWindow(hours, JAKARTA, wib('2026-12-04T21:00'))).toBeUndefined();
  });

  it('a night shop: open past midnight in the window that began the evening before, and only since then', () => {
    const hours = week({ open: '18:00', close: '02:00' });
    expect(openWindow(hours, JAKARTA, wib('2026-12-05T01:00'))).toEqual({
      openMs: wib('2026-12-04T18:00'),
      openSinceMs: wib('2026-12-04T18:00'),
    });
  });

  it('a shop open day and night is not just opened at midnight: open without a break for the week before', () => {
    const w = openWindow(week({ open: '00:00', close: '00:00' }), JAKARTA, wib('2026-12-05T00:10'));
    expect(w).toEqual({ openMs: wib('2026-12-05T00:00'), openSinceMs: wib('2026-11-28T00:00') });
  });

  it('a closed day breaks the run', () => {
    const hours = JSON.parse(week({ open: '00:00', close: '00:00' })) as unknown[];
    hours[3] = null; // Thursday, 2026-12-03
    const w = openWindow(JSON.stringify(hours), JAKARTA, wib('2026-12-05T00:10'));
    expect(w).toEqual({ openMs: wib('2026-12-05T00:00'), openSinceMs: wib('2026-12-04T00:00') });
  });
});

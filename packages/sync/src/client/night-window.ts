import type { WeeklyHours } from '@kasir/protocol';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Weekday (Monday 0) and minute of the day of `nowMs` in `timeZone`. */
function localTime(nowMs: number, timeZone: string): { weekday: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(nowMs);
  const part = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return {
    weekday: WEEKDAYS.indexOf(part('weekday')),
    minute: Number(part('hour')) * 60 + Number(part('minute')),
  };
}

/**
 * Whether the branch is open at `nowMs`. A day whose `close` is before its `open` runs past
 * midnight, so yesterday's hours may still hold early in the morning.
 */
export function isOpenAt(hours: WeeklyHours, timeZone: string, nowMs: number): boolean {
  const { weekday, minute } = localTime(nowMs, timeZone);
  const today = hours[weekday];
  if (today) {
    const open = minutes(today.open);
    const close = minutes(today.close);
    if (close > open ? minute >= open && minute < close : minute >= open) return true;
  }
  const yesterday = hours[(weekday + 6) % 7];
  if (yesterday) {
    const open = minutes(yesterday.open);
    const close = minutes(yesterday.close);
    if (close <= open && minute < close) return true;
  }
  return false;
}

/** Step of the scan for an opening between two instants; opening hours are whole minutes, shops open for hours. */
const SCAN_STEP_MS = 15 * 60_000;

/** Whether the branch was open at some point from `fromMs` to `toMs` (scanned in 15-minute steps). */
function openedBetween(hours: WeeklyHours, timeZone: string, fromMs: number, toMs: number): boolean {
  for (let t = fromMs; t < toMs; t += SCAN_STEP_MS) if (isOpenAt(hours, timeZone, t)) return true;
  return false;
}
/** A till switched off every night still runs the heavy work (when idle) after this long. */
export const OVERDUE_MS = 48 * 3_600_000;

/**
 * Whether the nightly work (integrity check, sale audit, prune) is due (issue 16): once per night
 * while the branch is closed; without known opening hours, every `fallbackEveryMs`; and when a till
 * never runs at night, once it is overdue.
 */
export function nightlyDue(input: {
  readonly nowMs: number;
  readonly lastRunMs: number | null;
  readonly hours: WeeklyHours | null | undefined;
  readonly timeZone: string | undefined;
  readonly fallbackEveryMs: number;
}): boolean {
  const { nowMs, lastRunMs, hours, timeZone } = input;
  const since = lastRunMs === null ? Infinity : nowMs - lastRunMs;
  if (!hours || timeZone === undefined) return since >= input.fallbackEveryMs;
  if (since >= OVERDUE_MS) return true;
  if (lastRunMs === null) return true;
  // One run per closed stretch: due once the shop has opened since the last run.
  return !isOpenAt(hours, timeZone, nowMs) && openedBetween(hours, timeZone, lastRunMs, nowMs);
}

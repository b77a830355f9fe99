/**
 * Business days and hours in a branch's time zone. A sale's business time is its device time
 * (what the cashier and the receipt saw), never later than the server received it: a device
 * clock running ahead must not put today's sale into tomorrow.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether `tz` is an IANA time zone this runtime knows. */
export function isTimeZone(tz: string): boolean {
  try {
    formatterOf(tz);
    return true;
  } catch {
    return false;
  }
}

interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

function wallTime(ms: number, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const p of formatterOf(timeZone).formatToParts(ms)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The sale's business instant (ISO UTC): device time, capped at the time of receipt. */
export function soldAt(createdAt: string, receivedAt: string): string {
  const created = Date.parse(createdAt);
  const received = Date.parse(receivedAt);
  const t = Number.isNaN(created) ? received : Math.min(created, received);
  return new Date(t).toISOString();
}

/** Business day (`YYYY-MM-DD`) and hour (0..23) of an instant in `timeZone`. */
export function businessTime(instant: string | number, timeZone: string): { day: string; hour: number } {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  const w = wallTime(ms, timeZone);
  return { day: `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`, hour: w.hour };
}

/** The zone's offset from UTC at `ms`, in milliseconds. */
function offsetAt(ms: number, timeZone: string): number {
  const w = wallTime(ms, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant (ms) at which business day `day` (`YYYY-MM-DD`) starts in `timeZone`. */
export function dayStart(day: string, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  const first = guess - offsetAt(guess, timeZone);
  // Near a DST change the offset at the guess and at the result differ: one correction settles it.
  return guess - offsetAt(first, timeZone);
}

/** The day after `day`. */
export function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** Adds `n` days (negative goes back). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** Weekday of a business day, Monday = 0. */
export function weekdayOf(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A query bound: an ISO date means a whole business day in the branch's zone, an instant is taken
 * as given. Returns the half-open instant range [from, to) in ms; `to` as a date includes that day.
 */
export function instantRange(
  from: string | undefined,
  to: string | undefined,
  timeZone: string,
): { fromMs: number | undefined; toMs: number | undefined } {
  const fromMs =
    from === undefined ? undefined : ISO_DATE.test(from) ? dayStart(from, timeZone) : Date.parse(from);
  const toMs =
    to === undefined ? undefined : ISO_DATE.test(to) ? dayStart(nextDay(to), timeZone) : Date.parse(to);
  return { fromMs, toMs };
}

import { formatRupiah } from '@kasir/protocol/format-rupiah';

export { formatRupiah };

/** A UI language of Kasir and the locale its numbers and dates are written in. */
export type Locale = 'id' | 'en';
const TAGS: Record<Locale, string> = { id: 'id-ID', en: 'en-GB' };

const grouped = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });

/** `15000` -> `15.000`: Indonesian grouping, as on price tags (money is always written so). */
export function formatGrouped(n: number): string {
  return grouped.format(n);
}

/** Parses what a person typed as a whole-rupiah amount: digits only (`15.000`, `Rp 15000` -> 15000). */
export function parseAmount(text: string): number {
  const digits = text.replace(/[^0-9]/g, '');
  return digits === '' ? 0 : Number(digits.slice(0, 13));
}

/** A count in the reader's language (`1.234` or `1,234`). */
export function formatCount(n: number, locale: Locale): string {
  return new Intl.NumberFormat(TAGS[locale], { maximumFractionDigits: 0 }).format(n);
}

/** A number with exactly `digits` decimals in the reader's language (`10.243,2` or `10,243.2`). */
export function formatDecimal(n: number, locale: Locale, digits: number): string {
  return new Intl.NumberFormat(TAGS[locale], {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(n);
}

/** A percentage from a fraction: `0.987` -> `98,7%`. */
export function formatPercent(fraction: number, locale: Locale): string {
  return new Intl.NumberFormat(TAGS[locale], { style: 'percent', maximumFractionDigits: 1 }).format(fraction);
}

/** `2026-03-01T08:05:00Z` -> `1 Mar 2026 15.05` in the given zone (the branch's, or the browser's). */
export function formatDateTime(iso: string, locale: Locale, timeZone?: string): string {
  return new Intl.DateTimeFormat(TAGS[locale], {
    dateStyle: 'medium',
    timeStyle: 'short',
    ...(timeZone === undefined ? {} : { timeZone }),
  }).format(new Date(iso));
}

/** A business day (`2026-03-01`) as `1 Mar 2026`, read as a calendar date (no zone shift). */
export function formatDay(isoDate: string, locale: Locale): string {
  return new Intl.DateTimeFormat(TAGS[locale], { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${isoDate}T00:00:00Z`),
  );
}

/** Today's business day in `timeZone`, `YYYY-MM-DD`. */
export function businessDay(now: Date, timeZone: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** `YYYY-MM-DD` plus `days` (negative for earlier), as a calendar date. */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** How long ago `iso` was, from `now`: `5 menit yang lalu` / `5 minutes ago`. */
export function formatAgo(iso: string, now: number, locale: Locale): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(TAGS[locale], { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(seconds, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86_400), 'day');
}

import { z } from 'zod';
import { SetChecksum } from './checksum.ts';

/**
 * The end-to-end sale audit (issue 16). Per business day, a device and the server each compute
 * a digest of the sales the device made that day; equal digests prove the server holds every one
 * of them with the same total. The day of a sale is the calendar day of its device time
 * (`createdAt`) in the branch's time zone: both ends hold that instant, so both put a sale on the
 * same day, whatever the server's clock said when the sale arrived.
 */

/** A calendar day, `YYYY-MM-DD`. */
export const AuditDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day is YYYY-MM-DD');

/** `GET /api/sync/audit?day=`: `detail=true` also lists the sales (asked only after a mismatch). */
export const SaleAuditQuery = z.object({
  day: AuditDay,
  detail: z.enum(['true', 'false']).optional(),
});
export type SaleAuditQuery = z.infer<typeof SaleAuditQuery>;

/** One sale as the audit sees it. */
export const AuditedSale = z.object({ id: z.string(), total: z.number().int() });
export type AuditedSale = z.infer<typeof AuditedSale>;

/** What one side holds of a device's sales of one day. */
export const SaleDigest = z.object({
  count: z.number().int().min(0),
  /** Sum of the totals, rupiah. */
  total: z.number().int(),
  /** Order-independent checksum of `${id}:${total}` (sync/checksum.ts). */
  digest: z.string(),
});
export type SaleDigest = z.infer<typeof SaleDigest>;

export const SaleAuditResponse = SaleDigest.extend({
  day: AuditDay,
  /** The branch's time zone, in which `day` is counted. */
  timeZone: z.string(),
  sales: z.array(AuditedSale).optional(),
});
export type SaleAuditResponse = z.infer<typeof SaleAuditResponse>;

/** The digest of a set of sales; the same on both ends. */
export function saleDigest(sales: Iterable<AuditedSale>): SaleDigest {
  const sum = new SetChecksum();
  let total = 0;
  for (const s of sales) {
    sum.add(`${s.id}:${s.total}`);
    total += s.total;
  }
  return { count: sum.count, total, digest: sum.hex };
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (`YYYY-MM-DD`) of instant `iso` in time zone `tz`. */
export function dayIn(iso: string, tz: string): string {
  let f = dayFormats.get(tz);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(tz, f);
  }
  return f.format(new Date(iso));
}

/**
 * Instants (ISO, UTC) that surely hold every instant of `day` in any time zone (UTC-12 to
 * UTC+14): a cheap range to read candidates by, before `dayIn` decides.
 */
export function dayWindow(day: string): { from: string; to: string } {
  const start = Date.parse(`${day}T00:00:00.000Z`);
  const hour = 3_600_000;
  return {
    from: new Date(start - 15 * hour).toISOString(),
    to: new Date(start + 24 * hour + 13 * hour).toISOString(),
  };
}

/** What an audit of one day found, from the device's side. */
export interface SaleAuditDiff {
  /** Sales the device made that the server does not hold. */
  readonly missing: readonly string[];
  /** Sales both hold with different totals. */
  readonly differing: readonly string[];
  /** Sales the server holds under this device that the device does not (pruned, or another install). */
  readonly extra: readonly string[];
}

/** Compares the device's sales of a day with the server's list. */
export function diffSales(device: readonly AuditedSale[], server: readonly AuditedSale[]): SaleAuditDiff {
  const onServer = new Map(server.map((s) => [s.id, s.total]));
  const mine = new Set(device.map((s) => s.id));
  return {
    missing: device.filter((s) => !onServer.has(s.id)).map((s) => s.id),
    differing: device.filter((s) => onServer.has(s.id) && onServer.get(s.id) !== s.total).map((s) => s.id),
    extra: server.filter((s) => !mine.has(s.id)).map((s) => s.id),
  };
}

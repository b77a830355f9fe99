import { dayIn, dayWindow, saleDigest, type AuditedSale, type SaleAuditResponse } from '@kasir/protocol';
import type { Db } from '../db/open-database.ts';

/**
 * The server's side of the sale audit (issue 16): the sales device `deviceId` made on `day` in the
 * branch's time zone, as a digest, and listed when `detail` is asked. Reads the device's sales by
 * device time through `sales_device_created` over a window wider than any time zone's day, then
 * keeps those whose day in the branch's zone is `day` (protocol `dayIn`, as the device does). A
 * device writes `createdAt` as `toISOString()`, so the stored strings compare as instants.
 */
export async function saleAudit(
  db: Db,
  who: { branchId: string; deviceId: string },
  day: string,
  detail: boolean,
): Promise<SaleAuditResponse> {
  const branch = await db.reader
    .selectFrom('branches')
    .select('timezone')
    .where('id', '=', who.branchId)
    .executeTakeFirst();
  const timeZone = branch?.timezone ?? 'UTC';
  const { from, to } = dayWindow(day);
  const rows = await db.reader
    .selectFrom('sales')
    .select(['id', 'total', 'createdAt'])
    .where('deviceId', '=', who.deviceId)
    .where('createdAt', '>=', from)
    .where('createdAt', '<', to)
    .execute();
  const sales: AuditedSale[] = rows
    .filter((r) => dayIn(r.createdAt, timeZone) === day)
    .map((r) => ({ id: r.id, total: Number(r.total) }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  return { day, timeZone, ...saleDigest(sales), ...(detail ? { sales } : {}) };
}

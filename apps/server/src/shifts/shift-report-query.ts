import {
  reportTotals,
  type EndOfDay,
  type ShiftFlag,
  type ShiftReport,
  type ShiftReportQuery,
} from '@kasir/protocol';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { shiftLedgers } from './drawer-ledger.ts';

/**
 * X and Z reports of a branch's shifts (per business day, till or cashier), each computed from the
 * shift's ledgers at read time, so a sale or refund that reached the server after the close is in
 * it (and flags the shift `late_movement`).
 */
export async function shiftReports(db: Kysely<Database>, q: ShiftReportQuery): Promise<ShiftReport[]> {
  let query = db
    .selectFrom('shifts as s')
    .innerJoin('devices as d', 'd.id', 's.deviceId')
    .selectAll('s')
    .select('d.name as deviceName')
    .where('s.branchId', '=', q.branchId);
  if (q.day !== undefined) query = query.where('s.businessDay', '=', q.day);
  if (q.deviceId !== undefined) query = query.where('s.deviceId', '=', q.deviceId);
  if (q.staffId !== undefined) query = query.where('s.staffId', '=', q.staffId);
  const rows = await query.orderBy('s.openedAt').orderBy('s.id').limit(1000).execute();
  const ledgers = await shiftLedgers(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const ledger = ledgers.get(r.id)!;
    const float = Number(r.float);
    const counted = r.counted === null ? null : Number(r.counted);
    const flags = new Set(JSON.parse(r.flags) as ShiftFlag[]);
    if (
      r.closeReceivedAt !== null &&
      ledger.lastReceivedAt !== null &&
      ledger.lastReceivedAt > r.closeReceivedAt
    )
      flags.add('late_movement');
    return {
      shiftId: r.id,
      branchId: r.branchId,
      deviceId: r.deviceId,
      deviceName: r.deviceName,
      staffId: r.staffId,
      openedAt: r.openedAt,
      closedAt: r.closedAt,
      businessDay: r.businessDay,
      float,
      cashSales: ledger.cashSales,
      cashRefunds: ledger.cashRefunds,
      cashIn: ledger.cashIn,
      cashOut: ledger.cashOut,
      ...reportTotals({ float, ...ledger }, counted),
      counted,
      salesCount: ledger.salesCount,
      salesTotal: ledger.salesTotal,
      refundsCount: ledger.refundsCount,
      refundsTotal: ledger.refundsTotal,
      payments: [...ledger.payments],
      refundsVia: [...ledger.refundsVia],
      unsyncedAtClose: r.unsyncedAtClose,
      overrideBy: r.closeApprovedBy,
      flags: [...flags].sort(),
    };
  });
}

/**
 * The branch's end of day: every till whose last health report (monitoring/device-health.ts) still
 * counts unsynced sales, and every till with a shift open on the server.
 */
export async function endOfDay(db: Kysely<Database>, branchId: string): Promise<EndOfDay> {
  const rows = await db
    .selectFrom('devices as d')
    .leftJoin('deviceHealth as h', 'h.deviceId', 'd.id')
    .select(['d.id', 'd.name', 'h.unsyncedSales', 'h.oldestUnsyncedAt', 'h.reportedAt'])
    .where('d.branchId', '=', branchId)
    .where('d.revokedAt', 'is', null)
    .orderBy('d.name')
    .execute();
  const open = await db
    .selectFrom('shifts')
    .select(['id', 'deviceId'])
    .where('branchId', '=', branchId)
    .where('closedAt', 'is', null)
    .orderBy('openedAt')
    .execute();
  const openOf = new Map(open.map((s) => [s.deviceId, s.id]));
  const tills = rows.map((r) => ({
    deviceId: r.id,
    deviceName: r.name,
    unsyncedSales: Number(r.unsyncedSales ?? 0),
    oldestUnsyncedAt: r.oldestUnsyncedAt,
    reportedAt: r.reportedAt,
    openShiftId: openOf.get(r.id) ?? null,
  }));
  return {
    unsynced: tills.filter((t) => t.unsyncedSales > 0),
    openShifts: tills.filter((t) => t.openShiftId !== null),
  };
}

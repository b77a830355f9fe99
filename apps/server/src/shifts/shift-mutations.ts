import {
  expectedCash,
  type CashMove,
  type CashMoveInput,
  type ShiftCloseInput,
  type ShiftFlag,
  type ShiftOpenInput,
} from '@kasir/protocol';
import type { Transaction } from 'kysely';
import { businessTime, soldAt } from '../calendar/business-time.ts';
import type { Database } from '../db/schema.ts';
import type { Handled, MutationContext, SingleHandler } from '../feed/mutation-handler.ts';
import { accepted, rejected, type FirstOutcome } from '../feed/outcome.ts';
import { shiftLedgers } from './drawer-ledger.ts';

type Result<R> = Handled<R, FirstOutcome<R>>;

const refuse = <R>(code: Parameters<typeof rejected>[0], message: string): Result<R> => ({
  outcome: rejected(code, message),
  changes: [],
});

/** The result of `shift.open` and `shift.close`: the shift as the server holds it now. */
export interface ShiftRecord {
  readonly id: string;
  readonly deviceId: string;
  readonly openedAt: string;
  readonly float: number;
  readonly closedAt: string | null;
  readonly counted: number | null;
  readonly expected: number | null;
  readonly difference: number | null;
  readonly flags: ShiftFlag[];
}

async function branchZone(trx: Transaction<Database>, branchId: string): Promise<string> {
  const b = await trx
    .selectFrom('branches')
    .select('timezone')
    .where('id', '=', branchId)
    .executeTakeFirstOrThrow();
  return b.timezone;
}

/** A shift of this till, or undefined: a drawer belongs to one device. */
async function ownShift(trx: Transaction<Database>, deviceId: string, shiftId: string) {
  return trx
    .selectFrom('shifts')
    .selectAll()
    .where('id', '=', shiftId)
    .where('deviceId', '=', deviceId)
    .executeTakeFirst();
}

/** `shift.open`: the shift's id is the mutation id, so a shift is opened once (S3). */
export const shiftOpen: SingleHandler<ShiftOpenInput, ShiftRecord> = {
  kind: 'single',
  check: (mutationId, p) =>
    p.shiftId === mutationId
      ? undefined
      : rejected('mutation_id_mismatch', 'a shift.open mutation id must equal the shift id'),
  async apply(trx, { who, now }: MutationContext, p): Promise<Result<ShiftRecord>> {
    const zone = await branchZone(trx, who.branchId);
    await trx
      .insertInto('shifts')
      .values({
        id: p.shiftId,
        branchId: who.branchId,
        deviceId: who.deviceId,
        staffId: p.staffId,
        approvedBy: p.approvedBy ?? null,
        openedAt: p.openedAt,
        receivedAt: now,
        businessDay: businessTime(soldAt(p.openedAt, now), zone).day,
        float: p.float,
      })
      .execute();
    return {
      outcome: accepted({
        id: p.shiftId,
        deviceId: who.deviceId,
        openedAt: p.openedAt,
        float: p.float,
        closedAt: null,
        counted: null,
        expected: null,
        difference: null,
        flags: [],
      }),
      changes: [],
    };
  },
};

/**
 * `cash.move`: a ledger row of the drawer; its id is the mutation id. Money already moved, so it is
 * refused only when it names no shift of this till (an unknown id cannot be a record).
 */
export const cashMove: SingleHandler<CashMoveInput, CashMove> = {
  kind: 'single',
  async apply(trx, { who, mutationId, now }, p): Promise<Result<CashMove>> {
    if ((await ownShift(trx, who.deviceId, p.shiftId)) === undefined)
      return refuse('unknown_shift', `no shift ${p.shiftId} of this till`);
    const move: CashMove = {
      ...p,
      id: mutationId,
      branchId: who.branchId,
      deviceId: who.deviceId,
      receivedAt: now,
    };
    await trx
      .insertInto('cashMoves')
      .values({
        id: mutationId,
        shiftId: p.shiftId,
        branchId: who.branchId,
        deviceId: who.deviceId,
        kind: p.kind,
        amount: p.amount,
        reason: p.reason,
        staffId: p.staffId,
        approvedBy: p.approvedBy ?? null,
        at: p.at,
        receivedAt: now,
      })
      .execute();
    return { outcome: accepted(move), changes: [] };
  },
};

/**
 * `shift.close`: the blind count. The expected cash is what the server's ledgers hold when the
 * close arrives (the till pushes its sales first, S2); the report recomputes it from the ledgers
 * later, so a movement that arrives after the close still counts. A close with unsynced sales and
 * no recorded manager override (a manager's approval, or a manager closing it) is kept and flagged
 * `unsynced_close`.
 */
export const shiftClose: SingleHandler<ShiftCloseInput, ShiftRecord> = {
  kind: 'single',
  async apply(trx, { who, now }, p): Promise<Result<ShiftRecord>> {
    const shift = await ownShift(trx, who.deviceId, p.shiftId);
    if (shift === undefined) return refuse('unknown_shift', `no shift ${p.shiftId} of this till`);
    if (shift.closedAt !== null) return refuse('shift_closed', `shift ${p.shiftId} is already closed`);
    const ledger = (await shiftLedgers(trx, [p.shiftId])).get(p.shiftId)!;
    const expected = expectedCash({ float: Number(shift.float), ...ledger });
    // The override is a manager's: one who approved with their PIN, or who closed it themselves.
    const byManager =
      p.staffId !== null &&
      (await trx.selectFrom('staff').select('role').where('id', '=', p.staffId).executeTakeFirst())?.role ===
        'manager';
    const flags: ShiftFlag[] =
      p.unsyncedSales > 0 && p.approvedBy === undefined && !byManager ? ['unsynced_close'] : [];
    await trx
      .updateTable('shifts')
      .set({
        closedAt: p.closedAt,
        closeReceivedAt: now,
        counted: p.counted.total,
        denominations: p.counted.denominations === undefined ? null : JSON.stringify(p.counted.denominations),
        expectedAtClose: expected,
        unsyncedAtClose: p.unsyncedSales,
        closeStaffId: p.staffId,
        closeApprovedBy: p.approvedBy ?? null,
        flags: JSON.stringify(flags),
      })
      .where('id', '=', p.shiftId)
      .execute();
    return {
      outcome: accepted({
        id: p.shiftId,
        deviceId: who.deviceId,
        openedAt: shift.openedAt,
        float: Number(shift.float),
        closedAt: p.closedAt,
        counted: p.counted.total,
        expected,
        difference: p.counted.total - expected,
        flags,
      }),
      changes: [],
    };
  },
};

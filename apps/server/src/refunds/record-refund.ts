import { notStaffOfBranch } from '../branches/staff-of-branch.ts';
import {
  paidLineAmounts,
  recordedPriceMode,
  refundLineAmount,
  type Refund,
  type RefundFlag,
  type RefundInput,
} from '@kasir/protocol';
import type { Transaction } from 'kysely';
import { businessTime, soldAt } from '../calendar/business-time.ts';
import type { Database } from '../db/schema.ts';
import { branchScope, recordChanges } from '../feed/feed.ts';
import type { Handled, MutationContext, SingleHandler } from '../feed/mutation-handler.ts';
import { accepted, rejected, type FirstOutcome } from '../feed/outcome.ts';
import { applyMovements } from '../stock/stock-ledger.ts';

type Result = Handled<Refund, FirstOutcome<Refund>>;

const refuse = (code: Parameters<typeof rejected>[0], message: string, details?: unknown): Result => ({
  outcome: rejected(code, message, details),
  changes: [],
});

/**
 * Records a refund (or void) of a sale of the branch, in the branch's transaction, which holds the
 * branch's feed lock from its start (db/group-commit.ts): two refunds of one sale are judged one
 * after the other, so the second sees the first.
 *
 * Money already left the drawer (S7, §6): a refund is never refused for quantities or amounts. When
 * with the refunds recorded before it a line goes back more than was sold, or more money than the
 * sale's total (before a cash rounding down, so the lines' amounts can go back), it is recorded and flagged `over_refund` (two tills refunding the same line offline).
 * It is refused only when it cannot be a record: a sale the branch does not hold, a line the sale
 * does not have, or a shift of another till. Goods not marked damaged go back into stock.
 */
export async function recordRefund(
  trx: Transaction<Database>,
  { who, now }: MutationContext,
  p: RefundInput,
): Promise<Result> {
  const sale = await trx
    .selectFrom('sales')
    .select(['id', 'invoiceNumber', 'total', 'rounding', 'tax'])
    .where('id', '=', p.saleId)
    .where('branchId', '=', who.branchId)
    .executeTakeFirst();
  if (sale === undefined) return refuse('unknown_sale', `no sale ${p.saleId} in this branch`);
  const rows = await trx
    .selectFrom('saleLines')
    .select(['lineNo', 'productId', 'quantity', 'amount', 'taxRateBp'])
    .where('saleId', '=', p.saleId)
    .orderBy('lineNo')
    .execute();
  // What the customer paid per line (with PPN added on top, its share of the PPN): what goes back.
  const paid = paidLineAmounts(
    rows.map((l) => ({ amount: Number(l.amount), taxRate: Number(l.taxRateBp) / 100 })),
    recordedPriceMode({
      total: Number(sale.total),
      rounding: Number(sale.rounding),
      tax: Number(sale.tax),
      lineAmounts: rows.map((l) => Number(l.amount)),
    }),
  );
  const saleLines = new Map(
    rows.map((l, i) => [
      l.lineNo,
      { productId: l.productId, quantity: Number(l.quantity), amount: paid[i] ?? 0 },
    ]),
  );
  const badLines = p.lines.filter((l) => saleLines.get(l.saleLineNo)?.productId !== l.productId);
  if (badLines.length > 0)
    return refuse('unknown_sale_line', 'a refund line names no line of the sale with that product', {
      saleLineNos: badLines.map((l) => l.saleLineNo),
    });
  if (p.shiftId !== null) {
    const shift = await trx
      .selectFrom('shifts')
      .select('id')
      .where('id', '=', p.shiftId)
      .where('deviceId', '=', who.deviceId)
      .executeTakeFirst();
    if (shift === undefined) return refuse('unknown_shift', `no shift ${p.shiftId} of this till`);
  }
  const before = await refundedBefore(trx, p.saleId);
  const total = p.lines.reduce((a, l) => a + l.amount, 0);
  const flags = new Set<RefundFlag>();
  // A cash sale rounded down (issue 14) took less than its lines: the lines' money may go back.
  const refundable = Math.max(Number(sale.total), Number(sale.total) - Number(sale.rounding));
  if (before.total + total > refundable) flags.add('over_refund');
  for (const l of p.lines) {
    const line = saleLines.get(l.saleLineNo)!;
    const already = before.quantities.get(l.saleLineNo) ?? 0;
    if (already + l.quantity > line.quantity) flags.add('over_refund');
    else if (l.amount !== refundLineAmount(line, already, l.quantity)) flags.add('amount_deviation');
  }
  const strangers = await notStaffOfBranch(trx, who.branchId, [p.staffId, p.approvedBy]);
  if (strangers.size > 0) flags.add('unknown_staff');
  const refund: Refund = {
    id: p.id,
    saleId: p.saleId,
    branchId: who.branchId,
    deviceId: who.deviceId,
    invoiceNumber: sale.invoiceNumber,
    createdAt: p.createdAt,
    receivedAt: now,
    reason: p.reason,
    note: p.note ?? null,
    method: p.method,
    lines: p.lines,
    total,
    shiftId: p.shiftId,
    staffId: p.staffId,
    approvedBy: p.approvedBy ?? null,
    flags: [...flags].sort(),
  };
  const { timezone } = await trx
    .selectFrom('branches')
    .select('timezone')
    .where('id', '=', who.branchId)
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('refunds')
    .values({
      id: refund.id,
      branchId: refund.branchId,
      deviceId: refund.deviceId,
      saleId: refund.saleId,
      shiftId: refund.shiftId,
      invoiceNumber: refund.invoiceNumber,
      reason: refund.reason,
      note: refund.note,
      method: refund.method,
      total,
      flags: JSON.stringify(refund.flags),
      staffId: refund.staffId,
      approvedBy: refund.approvedBy,
      createdAt: refund.createdAt,
      receivedAt: now,
      businessDay: businessTime(soldAt(p.createdAt, now), timezone).day,
    })
    .execute();
  await trx
    .insertInto('refundLines')
    .values(
      p.lines.map((l, lineNo) => ({
        refundId: p.id,
        lineNo,
        saleId: p.saleId,
        saleLineNo: l.saleLineNo,
        productId: l.productId,
        quantity: l.quantity,
        amount: l.amount,
        damaged: l.damaged ? 1 : 0,
      })),
    )
    .execute();
  const restock = p.lines
    .filter((l) => !l.damaged)
    .map((l) => ({ productId: l.productId, delta: l.quantity, reason: 'refund' as const, refId: p.id }));
  const moved = restock.length === 0 ? undefined : await applyMovements(trx, who.branchId, restock, now);
  // Last, so the feed counter's lock is held only for the commit (feed/feed.ts).
  const changes = await recordChanges(
    trx,
    branchScope(who.branchId),
    [
      ...(moved?.levels ?? []).map((s) => ({ kind: 'stock' as const, entityId: s.productId, data: s })),
      { kind: 'refund' as const, entityId: p.id, data: refund },
    ],
    moved?.set,
  );
  return { outcome: accepted(refund), changes };
}

/** Units already refunded per line of a sale, and the money. */
async function refundedBefore(
  trx: Transaction<Database>,
  saleId: string,
): Promise<{ quantities: Map<number, number>; total: number }> {
  const rows = await trx
    .selectFrom('refundLines')
    .select(['saleLineNo', 'quantity', 'amount'])
    .where('saleId', '=', saleId)
    .execute();
  const quantities = new Map<number, number>();
  let total = 0;
  for (const r of rows) {
    quantities.set(r.saleLineNo, (quantities.get(r.saleLineNo) ?? 0) + Number(r.quantity));
    total += Number(r.amount);
  }
  return { quantities, total };
}

/** `refund.create` (registered in sync/mutation-registry.ts). Its id is the refund's id. */
export const refundCreate: SingleHandler<RefundInput, Refund> = {
  kind: 'single',
  check: (mutationId, p) =>
    p.id === mutationId
      ? undefined
      : rejected('mutation_id_mismatch', 'a refund.create mutation id must equal the refund id'),
  apply: recordRefund,
};

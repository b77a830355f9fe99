import type { Receipt, ReceiveInput } from '@kasir/protocol';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { branchScope, recordChanges } from '../feed/feed.ts';
import { IDEMPOTENCY_MISMATCH, payloadHash } from '../feed/idempotency.ts';
import type { Handled, SingleHandler } from '../feed/mutation-handler.ts';
import { accepted, rejected, type FirstOutcome } from '../feed/outcome.ts';
import { unknownProducts, type Operator } from './operator.ts';
import { applyMovements } from './stock-ledger.ts';

/**
 * The moving-average unit cost after receiving `quantity` at `unitCost` onto `onHandBefore` valued
 * at `avgBefore`. Stock below zero has no value to average with (it was sold before it was received),
 * so the average restarts from what arrived. Rounded to whole rupiah.
 */
export function movingAverage(
  onHandBefore: number,
  avgBefore: number | null,
  quantity: number,
  totalCost: number,
): number {
  const base = avgBefore === null ? 0 : Math.max(onHandBefore, 0);
  const units = base + quantity;
  if (units <= 0) return avgBefore ?? 0;
  return Math.round((base * (avgBefore ?? 0) + totalCost) / units);
}

/**
 * Receives a delivery into `branchId`: one `receive` ledger row per line, the receipt and its lines
 * kept, and each product's moving-average cost updated in the same transaction. `id` is the
 * receipt's id (the mutation id on a device): a second request with it replays (S3).
 */
export async function receiveStock(
  trx: Transaction<Database>,
  who: Operator,
  id: string,
  branchId: string,
  input: ReceiveInput,
  now: string,
): Promise<Handled<Receipt, FirstOutcome<Receipt>>> {
  const hash = payloadHash(input);
  const prior = await trx
    .selectFrom('receipts')
    .select('payloadHash')
    .where('id', '=', id)
    .executeTakeFirst();
  if (prior !== undefined) {
    if (prior.payloadHash !== hash) return { outcome: IDEMPOTENCY_MISMATCH, changes: [] };
    return { outcome: accepted(await loadReceipt(trx, id)), changes: [] };
  }
  const refused = await unknownProducts(
    trx,
    input.lines.map((l) => l.productId),
  );
  if (refused !== undefined) return { outcome: refused, changes: [] };
  if (input.supplierId !== undefined) {
    const s = await trx
      .selectFrom('suppliers')
      .select('id')
      .where('id', '=', input.supplierId)
      .executeTakeFirst();
    if (s === undefined) {
      return { outcome: rejected('not_found', `unknown supplier ${input.supplierId}`), changes: [] };
    }
  }
  await trx
    .insertInto('receipts')
    .values({
      id,
      branchId,
      supplierId: input.supplierId ?? null,
      reference: input.reference ?? null,
      note: input.note ?? null,
      deviceId: who.deviceId,
      actor: who.actor,
      payloadHash: hash,
      createdAt: now,
    })
    .execute();
  await trx
    .insertInto('receiptLines')
    .values(
      input.lines.map((l, i) => ({
        receiptId: id,
        lineNo: i + 1,
        productId: l.productId,
        quantity: l.quantity,
        unitCost: l.unitCost,
      })),
    )
    .execute();
  const { levels, costs, set } = await applyMovements(
    trx,
    branchId,
    input.lines.map((l) => ({
      productId: l.productId,
      delta: l.quantity,
      reason: 'receive' as const,
      refId: id,
      note: input.reference,
      actor: who.actor ?? undefined,
    })),
    now,
  );
  const received = new Map<string, { quantity: number; cost: number }>();
  for (const l of input.lines) {
    const r = received.get(l.productId) ?? { quantity: 0, cost: 0 };
    r.quantity += l.quantity;
    r.cost += l.quantity * l.unitCost;
    received.set(l.productId, r);
  }
  for (const level of levels) {
    const r = received.get(level.productId)!;
    const avg = movingAverage(
      level.onHand - r.quantity,
      costs.get(level.productId) ?? null,
      r.quantity,
      r.cost,
    );
    await trx
      .updateTable('stock')
      .set({ avgCost: avg })
      .where('branchId', '=', branchId)
      .where('productId', '=', level.productId)
      .execute();
  }
  const changes = await recordChanges(
    trx,
    branchScope(branchId),
    levels.map((s) => ({ kind: 'stock' as const, entityId: s.productId, data: s })),
    set,
  );
  return { outcome: accepted(await loadReceipt(trx, id)), changes };
}

/** A stored receipt with its lines. */
export async function loadReceipt(trx: Transaction<Database>, id: string): Promise<Receipt> {
  const r = await trx.selectFrom('receipts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const lines = await trx
    .selectFrom('receiptLines')
    .select(['productId', 'quantity', 'unitCost'])
    .where('receiptId', '=', id)
    .orderBy('lineNo')
    .execute();
  return {
    id: r.id,
    branchId: r.branchId,
    supplierId: r.supplierId,
    reference: r.reference,
    note: r.note,
    lines,
    createdAt: r.createdAt,
  };
}

/** `stock.receive`: a delivery received on a till into its branch (registered in sync/mutation-registry.ts). */
export const stockReceive: SingleHandler<ReceiveInput, Receipt> = {
  kind: 'single',
  apply: (trx, { who, mutationId, now }, payload) =>
    receiveStock(trx, { deviceId: who.deviceId, actor: null }, mutationId, who.branchId, payload, now),
};

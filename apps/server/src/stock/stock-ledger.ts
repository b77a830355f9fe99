import { newId, type StockLevel, type StockReason } from '@kasir/protocol';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface Movement {
  readonly productId: string;
  readonly delta: number;
  readonly reason: StockReason;
  readonly refId: string | null;
  readonly note?: string | undefined;
}

/**
 * Applies stock movements in the caller's transaction: one ledger row per movement and the on-hand
 * quantity updated beside it, so the two never disagree. Stock may go below zero (S7: a completed
 * sale is never refused for stock); callers flag it. Rows are touched in product-id order so two
 * transactions never wait on each other's rows in opposite orders (no deadlocks on PostgreSQL).
 * Returns the new level of each product touched, in product-id order.
 */
export async function applyMovements(
  trx: Transaction<Database>,
  branchId: string,
  movements: readonly Movement[],
  now: string,
): Promise<StockLevel[]> {
  const byProduct = new Map<string, number>();
  for (const m of movements) byProduct.set(m.productId, (byProduct.get(m.productId) ?? 0) + m.delta);
  const levels = new Map<string, StockLevel>();
  for (const productId of [...byProduct.keys()].sort()) {
    const delta = byProduct.get(productId) ?? 0;
    const row = await trx
      .insertInto('stock')
      .values({ branchId, productId, onHand: delta, version: 1, updatedAt: now })
      .onConflict((oc) =>
        oc.columns(['branchId', 'productId']).doUpdateSet((eb) => ({
          onHand: eb('stock.onHand', '+', delta),
          version: eb('stock.version', '+', 1),
          updatedAt: now,
        })),
      )
      .returning(['onHand', 'version'])
      .executeTakeFirstOrThrow();
    levels.set(productId, { productId, onHand: row.onHand, version: row.version });
  }
  const running = new Map<string, number>();
  const rows = movements.map((m) => {
    // on_hand_after of each ledger row: the level after all earlier movements of this batch.
    const final = levels.get(m.productId)!.onHand;
    const before = final - (byProduct.get(m.productId) ?? 0) + (running.get(m.productId) ?? 0);
    running.set(m.productId, (running.get(m.productId) ?? 0) + m.delta);
    return {
      id: newId(),
      branchId,
      productId: m.productId,
      delta: m.delta,
      reason: m.reason,
      refId: m.refId,
      onHandAfter: before + m.delta,
      note: m.note ?? null,
      createdAt: now,
    };
  });
  for (let i = 0; i < rows.length; i += 200) {
    await trx
      .insertInto('stockMovements')
      .values(rows.slice(i, i + 200))
      .execute();
  }
  return [...levels.values()];
}

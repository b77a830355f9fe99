import { newId, stockChecksumItem, type StockLevel, type StockReason } from '@kasir/protocol';
import type { Compilable, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { LIST_CHUNK } from '../db/chunks.ts';
import { setDelta, type SetDelta } from '../feed/feed.ts';

export interface Movement {
  readonly productId: string;
  readonly delta: number;
  readonly reason: StockReason;
  readonly refId: string | null;
  readonly note?: string | undefined;
  /** The back-office person who made it (history's "who"); devices are found through `refId`. */
  readonly actor?: string | undefined;
}

export interface AppliedMovements {
  /** The new level of each product touched, in product-id order. */
  readonly levels: StockLevel[];
  /** Each touched product's moving-average cost before this call (null: none known). */
  readonly costs: ReadonlyMap<string, number | null>;
  /** On-hand quantity right after each movement, in input order. */
  readonly onHandAfter: number[];
  /** What this did to the branch's stock set (S12): pass it to `recordChanges` with the levels. */
  readonly set: SetDelta;
}

/** Rows per statement: a group commit's sales move their stock in one upsert and one insert. */
const CHUNK = LIST_CHUNK;

/**
 * Applies stock movements in the caller's transaction: one ledger row per movement and the on-hand
 * quantity updated beside it, so the two never disagree. Stock may go below zero (S7: a completed
 * sale is never refused for stock); callers flag it. Each product's row is upserted once, by its
 * summed delta, in product-id order, so two transactions never wait on each other's rows in opposite
 * orders (no deadlocks on PostgreSQL). A row's version increases with every call that moves it, and
 * each ledger row records the version its call led to (S8: whose movements a stale count missed).
 *
 * With `later`, the ledger rows' inserts are appended to it instead of run, for the caller to run
 * with its other writes (db/execute-together.ts): nothing else in the call reads them.
 */
export async function applyMovements(
  trx: Transaction<Database>,
  branchId: string,
  movements: readonly Movement[],
  now: string,
  later?: Compilable[],
): Promise<AppliedMovements> {
  const total = new Map<string, number>();
  for (const m of movements) total.set(m.productId, (total.get(m.productId) ?? 0) + m.delta);
  const ids = [...total.keys()].sort();
  const levels = new Map<string, StockLevel>();
  const costs = new Map<string, number | null>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await trx
      .insertInto('stock')
      .values(
        ids.slice(i, i + CHUNK).map((productId) => ({
          branchId,
          productId,
          onHand: total.get(productId)!,
          version: 1,
          updatedAt: now,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['branchId', 'productId']).doUpdateSet((eb) => ({
          onHand: eb('stock.onHand', '+', eb.ref('excluded.onHand')),
          version: eb('stock.version', '+', 1),
          updatedAt: now,
        })),
      )
      .returning(['productId', 'onHand', 'version', 'avgCost', 'minQty'])
      .execute();
    for (const r of rows) {
      levels.set(r.productId, stockLevelOf(r));
      costs.set(r.productId, r.avgCost);
    }
  }
  // Walk the movements in order from each product's level before this call.
  const running = new Map(ids.map((id) => [id, levels.get(id)!.onHand - total.get(id)!]));
  const onHandAfter = movements.map((m) => {
    const after = running.get(m.productId)! + m.delta;
    running.set(m.productId, after);
    return after;
  });
  const rows = movements.map((m, i) => ({
    id: newId(),
    branchId,
    productId: m.productId,
    delta: m.delta,
    reason: m.reason,
    refId: m.refId,
    onHandAfter: onHandAfter[i]!,
    note: m.note ?? null,
    actor: m.actor ?? null,
    unitCost: costs.get(m.productId) ?? null,
    createdAt: now,
    // Every row of this call shares its product's new version: a stale count looks them up by it.
    version: levels.get(m.productId)!.version,
  }));
  for (let i = 0; i < rows.length; i += CHUNK) {
    const insert = trx.insertInto('stockMovements').values(rows.slice(i, i + CHUNK));
    if (later === undefined) await insert.execute();
    else later.push(insert);
  }
  // A row at version 1 was inserted now (rows start at 1 and every later call increments): a new
  // item of the set; any other row replaced its level before this call.
  const added: string[] = [];
  const removed: string[] = [];
  for (const l of levels.values()) {
    added.push(stockChecksumItem(l));
    if (l.version !== 1)
      removed.push(stockChecksumItem({ productId: l.productId, onHand: l.onHand - total.get(l.productId)! }));
  }
  return {
    levels: ids.map((id) => levels.get(id)!),
    costs,
    onHandAfter,
    set: setDelta(added, removed),
  };
}

/** A stock row as devices see it: the minimum only when one is set. */
export function stockLevelOf(r: {
  productId: string;
  onHand: number;
  version: number;
  minQty: number | null;
}): StockLevel {
  const level = { productId: r.productId, onHand: r.onHand, version: r.version };
  return r.minQty === null ? level : { ...level, minimum: r.minQty };
}

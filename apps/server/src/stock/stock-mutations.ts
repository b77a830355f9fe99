import { newId, type ConflictRecord, type StockLevel } from '@kasir/protocol';
import type { Transaction } from 'kysely';
import type { DevicePrincipal } from '../auth/principal.ts';
import type { Database } from '../db/schema.ts';
import { insertConflict } from '../feed/conflicts.ts';
import { branchScope, recordChanges, type Positioned } from '../feed/feed.ts';
import type { Handled, MutationContext, SingleHandler } from '../feed/mutation-handler.ts';
import { accepted, conflicted, rejected, type FirstOutcome } from '../feed/outcome.ts';
import { applyMovements, type Movement } from './stock-ledger.ts';

export type StockChanges = Positioned<{ kind: 'stock'; entityId: string; data: StockLevel }>[];

/** Records movements and their feed entries in the caller's transaction. */
export async function moveStock(
  trx: Transaction<Database>,
  branchId: string,
  movements: readonly Movement[],
  now: string,
): Promise<StockChanges> {
  const { levels } = await applyMovements(trx, branchId, movements, now);
  return recordChanges(
    trx,
    branchScope(branchId),
    levels.map((s) => ({ kind: 'stock' as const, entityId: s.productId, data: s })),
  );
}

async function productExists(trx: Transaction<Database>, id: string): Promise<boolean> {
  return (
    (await trx.selectFrom('products').select('id').where('id', '=', id).executeTakeFirst()) !== undefined
  );
}

/** What a stock mutation gives: the product's stock level now (null if a delta left none). */
type StockHandled = Handled<StockResult, FirstOutcome<StockResult>>;
type StockResult = StockLevel | { productId: string; onHand: number; version: number } | null;

const unknownProduct = (id: string): StockHandled => ({
  outcome: rejected('unknown_product', `unknown product id: ${id}`, { productIds: [id] }),
  changes: [],
});

/** A stock movement made on a device. Deltas commute, so this never conflicts. */
export async function adjustStock(
  trx: Transaction<Database>,
  { who, mutationId, now }: MutationContext,
  p: { productId: string; delta: number; reason: Movement['reason']; note?: string | undefined },
): Promise<StockHandled> {
  if (!(await productExists(trx, p.productId))) return unknownProduct(p.productId);
  const changes = await moveStock(
    trx,
    who.branchId,
    [{ productId: p.productId, delta: p.delta, reason: p.reason, refId: mutationId, note: p.note }],
    now,
  );
  return { outcome: accepted(changes[0]?.data ?? null), changes };
}

/** `stock.adjust` (registered in sync/mutation-registry.ts). */
export const stockAdjust: SingleHandler<Parameters<typeof adjustStock>[2], StockResult> = {
  kind: 'single',
  apply: adjustStock,
};

/**
 * Whether every stock version of a product after `baseVersion` up to `current` came from the
 * counting device alone: each version has ledger rows, and each of its rows is a sale or mutation
 * this device made. Such moves were pushed before the count (S2, in order) and happened before the
 * goods were counted, so the count already includes them. Rows of other devices, of the back
 * office, or without a version (written before versions were recorded) make it false.
 */
async function onlyOwnMovesSince(
  trx: Transaction<Database>,
  who: DevicePrincipal,
  productId: string,
  baseVersion: number,
  current: number,
): Promise<boolean> {
  // A base ahead of the server's version is not one the device can have seen.
  if (baseVersion > current) return false;
  // One row per version moved since the base: how many ledger rows it has, and how many of them
  // refer to a sale or mutation of this device (sales are stored as mutations, with their id).
  const versions = await trx
    .selectFrom('stockMovements as sm')
    .leftJoin('mutations as m', (join) =>
      join.onRef('m.id', '=', 'sm.refId').on('m.deviceId', '=', who.deviceId),
    )
    .select((eb) => ['sm.version', eb.fn.countAll().as('rows'), eb.fn.count('m.id').as('own')])
    .where('sm.branchId', '=', who.branchId)
    .where('sm.productId', '=', productId)
    .where('sm.version', '>', baseVersion)
    .where('sm.version', '<=', current)
    .groupBy('sm.version')
    .execute();
  // Counts come back as strings on PostgreSQL (bigint), as numbers on SQLite.
  return versions.length === current - baseVersion && versions.every((v) => Number(v.rows) === Number(v.own));
}

/**
 * "Counted N at version V" (S8). If V is still the current stock version, or stock moved since only
 * by this device's own earlier sales and stock mutations (which the physical count already
 * includes), the count becomes the delta N - onHand. If anything else moved it since (a sale on
 * another device, a back-office movement), applying the count would erase that movement or double
 * it, so it becomes a conflict record for a person to resolve.
 */
export async function countStock(
  trx: Transaction<Database>,
  { who, mutationId, now }: MutationContext,
  p: { productId: string; counted: number; baseVersion: number },
): Promise<StockHandled> {
  if (!(await productExists(trx, p.productId))) return unknownProduct(p.productId);
  // Compare-and-swap needs the row locked from the version check to the movement: make sure the
  // row exists, then lock it with a no-op update (works on both engines; SQLite has one writer).
  await trx
    .insertInto('stock')
    .values({ branchId: who.branchId, productId: p.productId, onHand: 0, version: 0, updatedAt: now })
    .onConflict((oc) => oc.columns(['branchId', 'productId']).doNothing())
    .execute();
  const level = await trx
    .updateTable('stock')
    .set((eb) => ({ version: eb.ref('version') }))
    .where('branchId', '=', who.branchId)
    .where('productId', '=', p.productId)
    .returning(['onHand', 'version'])
    .executeTakeFirstOrThrow();
  if (
    level.version !== p.baseVersion &&
    !(await onlyOwnMovesSince(trx, who, p.productId, p.baseVersion, level.version))
  ) {
    const conflict: ConflictRecord = {
      id: newId(),
      mutationId,
      kind: 'stock',
      entityId: p.productId,
      baseVersion: p.baseVersion,
      serverVersion: level.version,
      mine: { counted: p.counted },
      server: { onHand: level.onHand },
      createdAt: now,
    };
    await insertConflict(trx, who, conflict);
    return { outcome: conflicted(conflict), changes: [] };
  }
  const delta = p.counted - level.onHand;
  if (delta === 0) {
    return { outcome: accepted({ productId: p.productId, ...level }), changes: [] };
  }
  const changes = await moveStock(
    trx,
    who.branchId,
    [{ productId: p.productId, delta, reason: 'count', refId: mutationId }],
    now,
  );
  return { outcome: accepted(changes[0]?.data ?? null), changes };
}

/** `stock.count` (registered in sync/mutation-registry.ts). */
export const stockCount: SingleHandler<Parameters<typeof countStock>[2], StockResult> = {
  kind: 'single',
  apply: countStock,
};

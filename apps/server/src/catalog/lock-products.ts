import type { Selectable, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

/** A product row with every stored column (the back office's `unit` too). */
export type StoredProduct = Selectable<Database['products']>;

const CHUNK = 500;

/**
 * Reads the product rows a write is about to replace and locks them until its transaction ends
 * (a no-op update: works on both engines; SQLite has one writer anyway).
 *
 * Every writer of products reads the rows it replaces through this (or locks them the same way):
 * the version it bumps and the checksum item it takes out of the catalog's running sum (S12,
 * feed/feed.ts) are then those of the row it really replaces. A plain read on PostgreSQL can
 * see a version another writer replaces before this write gets the row: the write would then
 * subtract a version already gone and hand out one already taken.
 *
 * Keys are locked in sorted order, so two writers of overlapping rows wait instead of deadlocking.
 */
export async function lockProducts(
  trx: Transaction<Database>,
  by: 'id' | 'sku',
  keys: readonly string[],
): Promise<StoredProduct[]> {
  const sorted = [...new Set(keys)].sort();
  const rows: StoredProduct[] = [];
  for (let i = 0; i < sorted.length; i += CHUNK) {
    rows.push(
      ...(await trx
        .updateTable('products')
        .set((eb) => ({ version: eb.ref('version') }))
        .where(by, 'in', sorted.slice(i, i + CHUNK))
        .returningAll()
        .execute()),
    );
  }
  return rows;
}

/** `lockProducts` for one product by id; undefined if there is none. */
export async function lockProduct(
  trx: Transaction<Database>,
  id: string,
): Promise<StoredProduct | undefined> {
  return (await lockProducts(trx, 'id', [id]))[0];
}

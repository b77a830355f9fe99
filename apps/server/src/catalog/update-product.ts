import { newId, type ConflictRecord, type Product } from '@kasir/protocol';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { insertConflict } from '../feed/conflicts.ts';
import { CATALOG_SCOPE, recordChanges, type Positioned } from '../feed/feed.ts';
import type { Handled, MutationContext, SingleHandler } from '../feed/mutation-handler.ts';
import { accepted, conflicted, rejected, type FirstOutcome } from '../feed/outcome.ts';
import { toBp, toProduct } from './product-row.ts';

export type ProductChanges = Positioned<{ kind: 'product'; entityId: string; data: Product }>[];

export interface ProductEdit {
  readonly productId: string;
  readonly baseVersion: number;
  readonly changes: {
    name?: string | undefined;
    price?: number | undefined;
    barcodes?: string[] | undefined;
    category?: string | null | undefined;
    taxRate?: number | undefined;
    active?: boolean | undefined;
  };
}

/**
 * A catalog edit made on `baseVersion` (S8): compare-and-swap. Applied if the product is still at
 * that version; otherwise neither dropped nor applied but kept as a conflict record holding both
 * versions, for a person to resolve (keep mine: edit again on the server's version; take server).
 */
export async function updateProduct(
  trx: Transaction<Database>,
  { who, mutationId, now }: MutationContext,
  edit: ProductEdit,
): Promise<Handled<Product, FirstOutcome<Product>>> {
  // Lock the row (a no-op update) so the version check and the write are one compare-and-swap.
  const row = await trx
    .updateTable('products')
    .set((eb) => ({ version: eb.ref('version') }))
    .where('id', '=', edit.productId)
    .returningAll()
    .executeTakeFirst();
  if (row === undefined) {
    return { outcome: rejected('unknown_product', `unknown product id: ${edit.productId}`), changes: [] };
  }
  if (row.version !== edit.baseVersion) {
    const server = toProduct(row);
    const conflict: ConflictRecord = {
      id: newId(),
      mutationId,
      kind: 'product',
      entityId: row.id,
      baseVersion: edit.baseVersion,
      serverVersion: row.version,
      mine: { ...edit.changes },
      server: { ...server },
      createdAt: now,
    };
    await insertConflict(trx, who, conflict);
    return { outcome: conflicted(conflict), changes: [] };
  }
  const c = edit.changes;
  const next = {
    ...row,
    ...(c.name === undefined ? {} : { name: c.name }),
    ...(c.price === undefined ? {} : { price: c.price }),
    ...(c.barcodes === undefined ? {} : { barcodes: JSON.stringify([...new Set(c.barcodes)]) }),
    ...(c.category === undefined ? {} : { category: c.category }),
    ...(c.taxRate === undefined ? {} : { taxRateBp: toBp(c.taxRate) }),
    ...(c.active === undefined ? {} : { active: c.active ? 1 : 0 }),
    version: row.version + 1,
    updatedAt: now,
  };
  await trx
    .updateTable('products')
    .set({
      name: next.name,
      price: next.price,
      barcodes: next.barcodes,
      category: next.category,
      taxRateBp: next.taxRateBp,
      active: next.active,
      version: next.version,
      updatedAt: now,
    })
    .where('id', '=', row.id)
    .execute();
  const data = toProduct(next);
  const changes: ProductChanges = await recordChanges(trx, CATALOG_SCOPE, [
    { kind: 'product' as const, entityId: row.id, data },
  ]);
  return { outcome: accepted(data), changes };
}

/** `product.update` (registered in sync/mutation-registry.ts). */
export const productUpdate: SingleHandler<ProductEdit, Product> = { kind: 'single', apply: updateProduct };

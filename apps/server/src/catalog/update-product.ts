import {
  catalogChecksumItem,
  newId,
  type ConflictReason,
  type ConflictRecord,
  type Product,
} from '@kasir/protocol';
import type { Transaction } from 'kysely';
import { can } from '../auth/permissions.ts';
import type { Database } from '../db/schema.ts';
import { insertConflict } from '../feed/conflicts.ts';
import { CATALOG_SCOPE, recordChanges, setDelta, type Positioned } from '../feed/feed.ts';
import type { Handled, MutationContext, SingleHandler } from '../feed/mutation-handler.ts';
import { accepted, conflicted, rejected, type FirstOutcome } from '../feed/outcome.ts';
import { barcodeClashes, claimBarcodes, clashDetails, clashMessage } from './barcodes.ts';
import { lockProduct } from './lock-products.ts';
import { toBp, toProduct, type ProductRow } from './product-row.ts';

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
 *
 * Issue 17: the catalog is shared by every branch, so only a device with the `catalog.edit`
 * permission may edit it (others are refused `forbidden`, nothing written); a price or tax change
 * also needs `catalog.price`, else the edit is kept, not applied, as a record with reason
 * `needs_approval` for the back office; and a barcode another product holds is refused
 * `barcode_taken` naming that product.
 */
export async function updateProduct(
  trx: Transaction<Database>,
  { who, mutationId, now }: MutationContext,
  edit: ProductEdit,
): Promise<Handled<Product, FirstOutcome<Product>>> {
  if (!can(who, 'catalog.edit')) {
    return {
      outcome: rejected('forbidden', 'this device may not edit the catalog', { permission: 'catalog.edit' }),
      changes: [],
    };
  }
  // Lock the row so the version check and the write are one compare-and-swap.
  const row = await lockProduct(trx, edit.productId);
  if (row === undefined) {
    return { outcome: rejected('unknown_product', `unknown product id: ${edit.productId}`), changes: [] };
  }
  const keep = async (reason: ConflictReason): Promise<Handled<Product, FirstOutcome<Product>>> => {
    const conflict: ConflictRecord = {
      id: newId(),
      mutationId,
      kind: 'product',
      entityId: row.id,
      baseVersion: edit.baseVersion,
      serverVersion: row.version,
      mine: { ...edit.changes },
      server: { ...toProduct(row) },
      createdAt: now,
      reason,
    };
    await insertConflict(trx, who, conflict);
    return { outcome: conflicted(conflict), changes: [] };
  };
  if (row.version !== edit.baseVersion) return keep('stale');
  if (changesMoney(row, edit) && !can(who, 'catalog.price')) return keep('needs_approval');
  const c = edit.changes;
  const barcodes = c.barcodes === undefined ? undefined : [...new Set(c.barcodes)];
  if (barcodes !== undefined && row.deleted === 0) {
    const wanted = new Map([[row.id, barcodes]]);
    const clashes = await barcodeClashes(trx, wanted);
    if (clashes.length > 0) {
      return {
        outcome: rejected('barcode_taken', clashMessage(clashes), clashDetails(clashes)),
        changes: [],
      };
    }
    await claimBarcodes(trx, wanted);
  }
  const next = {
    ...row,
    ...(c.name === undefined ? {} : { name: c.name }),
    ...(c.price === undefined ? {} : { price: c.price }),
    ...(barcodes === undefined ? {} : { barcodes: JSON.stringify(barcodes) }),
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
  const set =
    row.deleted === 1 ? setDelta([], []) : setDelta([catalogChecksumItem(next)], [catalogChecksumItem(row)]);
  const changes: ProductChanges = await recordChanges(
    trx,
    CATALOG_SCOPE,
    [{ kind: 'product' as const, entityId: row.id, data }],
    set,
  );
  return { outcome: accepted(data), changes };
}

/** Whether an edit changes what a product costs: its price or its tax rate. */
function changesMoney(row: ProductRow, edit: ProductEdit): boolean {
  const c = edit.changes;
  return (
    (c.price !== undefined && c.price !== row.price) ||
    (c.taxRate !== undefined && toBp(c.taxRate) !== row.taxRateBp)
  );
}

/** `product.update` (registered in sync/mutation-registry.ts). */
export const productUpdate: SingleHandler<ProductEdit, Product> = { kind: 'single', apply: updateProduct };

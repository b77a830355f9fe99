import {
  catalogChecksumItem,
  type AdminProduct,
  type ImageHash,
  type ProductImageSize,
} from '@kasir/protocol';
import type { Db } from '../db/open-database.ts';
import { CATALOG_SCOPE, recordChanges, setDelta, type Positioned } from '../feed/feed.ts';
import { toAdminProduct } from './admin-product-query.ts';
import { lockProduct } from './lock-products.ts';
import type { Thumbnails } from './product-images.ts';
import { toProduct } from './product-row.ts';

/**
 * Keeps a picture's thumbnails under their hash. The same bytes uploaded twice (or by two
 * processes at once) are stored once; their bytes are never changed, so their URLs stay immutable.
 * Storing them again clears the picture sweep's "unreferenced since" (retention/prune-images.ts):
 * the caller is about to name them on a product, and the sweep deletes only a picture whose mark is
 * older than its grace, so it cannot delete them between this and the product's update.
 */
export async function storeThumbnails(db: Db, t: Thumbnails, now: string): Promise<void> {
  await db.kysely
    .insertInto('productImages')
    .values({ hash: t.hash, tile: t.tile, large: t.large, createdAt: now })
    .onConflict((oc) => oc.column('hash').doUpdateSet({ unreferencedSince: null }))
    .execute();
}

/** One stored thumbnail's bytes, or undefined when no picture has this hash. */
export async function readThumbnail(
  db: Db,
  hash: ImageHash,
  size: ProductImageSize,
): Promise<Uint8Array | undefined> {
  const column = size === 160 ? 'tile' : 'large';
  const row = await db.reader
    .selectFrom('productImages')
    .select(column)
    .where('hash', '=', hash)
    .executeTakeFirst();
  return row?.[column];
}

export type SetImageResult =
  | { readonly ok: true; readonly product: AdminProduct; readonly changes: readonly Positioned[] }
  | { readonly ok: false; readonly reason: 'not_found' };

/**
 * Gives a product its picture (a stored hash) or takes it away (null). A change bumps the version
 * and reaches the tills in the catalog feed like any other field; the same picture again changes
 * nothing. Archived products keep theirs; deleted ones are not found.
 */
export async function setProductImage(
  db: Db,
  id: string,
  image: ImageHash | null,
  now: string,
): Promise<SetImageResult> {
  return db.kysely.transaction().execute(async (trx): Promise<SetImageResult> => {
    // Locked: the version bumped and the checksum item replaced are those of the stored row.
    const row = await lockProduct(trx, id);
    if (row === undefined || row.deleted === 1) return { ok: false, reason: 'not_found' };
    if (row.image === image) return { ok: true, product: toAdminProduct(row, null), changes: [] };
    const stored = { ...row, image, version: row.version + 1, updatedAt: now };
    await trx
      .updateTable('products')
      .set({ image, version: stored.version, updatedAt: now })
      .where('id', '=', id)
      .execute();
    const changes = await recordChanges(
      trx,
      CATALOG_SCOPE,
      [{ kind: 'product' as const, entityId: id, data: toProduct(stored) }],
      // The catalog set's checksum (S12) follows the product's new version.
      setDelta([catalogChecksumItem(stored)], [catalogChecksumItem(row)]),
    );
    return { ok: true, product: toAdminProduct(stored, null), changes };
  });
}

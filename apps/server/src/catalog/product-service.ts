import {
  catalogChecksumItem,
  DEFAULT_TAX_RATE,
  newId,
  type Product,
  type ProductInput,
} from '@kasir/protocol';
import type { Db } from '../db/open-database.ts';
import type { ProductTable } from '../db/schema.ts';
import { CATALOG_SCOPE, recordChanges, setDelta, type Positioned } from '../feed/feed.ts';
import { barcodeClashes, claimBarcodes, releaseBarcodes, type BarcodeClash } from './barcodes.ts';
import { lockProduct, lockProducts, type StoredProduct } from './lock-products.ts';
import { toBp, toProduct, type ProductRow } from './product-row.ts';
import { chunks } from '../db/chunks.ts';

type ProductChangeEntry = Positioned<{ kind: 'product'; entityId: string; data: Product }>;

export type UpsertResult =
  | {
      readonly ok: true;
      /** Every input's product as stored now, in input order. */
      readonly products: Product[];
      /** Changes actually made (unchanged inputs make none), for realtime pokes after commit. */
      readonly changes: ProductChangeEntry[];
    }
  /** Nothing was written: barcodes of the input belong to other products (or to two inputs). */
  | { readonly ok: false; readonly barcodeTaken: BarcodeClash[] };

/** The catalog set's checksum item of a product row, if it is in the set (not deleted). */
const liveItem = (r: Pick<ProductTable, 'id' | 'version' | 'deleted'>): string[] =>
  r.deleted === 1 ? [] : [catalogChecksumItem(r)];

/**
 * Upserts products by sku in one transaction. A product whose fields do not change keeps its
 * version and makes no change in the feed, so re-importing the same price list is cheap for devices.
 * Duplicate skus in one call: the last one wins. Barcodes stay unique in the catalog: if one that
 * an input sets is another product's (or another input's), nothing is written.
 */
export async function upsertProducts(
  db: Db,
  inputs: readonly ProductInput[],
  now: string,
): Promise<UpsertResult> {
  const bySku = new Map<string, ProductInput>();
  for (const p of inputs) bySku.set(p.sku, p);
  return db.kysely.transaction().execute(async (trx) => {
    // Locked: the versions bumped and the checksum items replaced are those of the stored rows.
    const existing = new Map<string, StoredProduct>();
    for (const r of await lockProducts(trx, 'sku', [...bySku.keys()])) existing.set(r.sku, r);
    const inserts: UpsertedRow[] = [];
    const updates: UpsertedRow[] = [];
    const stored = new Map<string, UpsertedRow>();
    // Barcode lists that inputs set, or that a deleted product brought back claims again.
    const wanted = new Map<string, string[]>();
    const named = new Map<string, { sku: string; name: string }>();
    for (const [sku, input] of bySku) {
      const old = existing.get(sku);
      const next = merge(old, input, now);
      if (input.barcodes !== undefined || input.barcode !== undefined || old?.deleted === 1) {
        wanted.set(next.id, JSON.parse(next.barcodes) as string[]);
        named.set(next.id, { sku, name: next.name });
      }
      let final: UpsertedRow;
      if (old === undefined) {
        final = next;
        inserts.push(final);
      } else if (differs(old, next)) {
        final = { ...next, version: old.version + 1 };
        updates.push(final);
      } else {
        final = old;
      }
      stored.set(sku, final);
    }
    const clashes = await barcodeClashes(trx, wanted, named);
    if (clashes.length > 0) return { ok: false as const, barcodeTaken: clashes };
    for (const chunk of chunks(inserts)) await trx.insertInto('products').values(chunk).execute();
    for (const u of updates) {
      await trx
        .updateTable('products')
        .set({
          name: u.name,
          price: u.price,
          barcodes: u.barcodes,
          category: u.category,
          taxRateBp: u.taxRateBp,
          active: u.active,
          deleted: u.deleted,
          version: u.version,
          updatedAt: u.updatedAt,
        })
        .where('id', '=', u.id)
        .execute();
    }
    await claimBarcodes(trx, wanted);
    const changed = [...inserts, ...updates].map((r) => {
      const data = toProduct(r);
      return { kind: 'product' as const, entityId: data.id, data };
    });
    const before = new Map([...existing.values()].map((r) => [r.id, r]));
    const set = setDelta(
      [...inserts, ...updates].flatMap(liveItem),
      updates.flatMap((u) => liveItem(before.get(u.id)!)),
    );
    const changes = await recordChanges(trx, CATALOG_SCOPE, changed, set);
    const products = inputs.map((p) => toProduct(stored.get(p.sku)!));
    return { ok: true as const, products, changes };
  });
}

/**
 * Soft-deletes a product: it leaves the catalog (a tombstone in the feed) but stays in the database,
 * so sales that name it, even ones still queued offline, are accepted (S7). Returns null if unknown.
 */
export async function deleteProduct(db: Db, id: string, now: string): Promise<ProductChangeEntry[] | null> {
  return db.kysely.transaction().execute(async (trx) => {
    const row = await lockProduct(trx, id);
    if (row === undefined) return null;
    if (row.deleted === 1) return [];
    const next = { ...row, deleted: 1, version: row.version + 1, updatedAt: now };
    await trx
      .updateTable('products')
      .set({ deleted: 1, version: next.version, updatedAt: now })
      .where('id', '=', id)
      .execute();
    const data = toProduct(next);
    // A deleted product holds no barcode: another product may take it (bringing this one back by
    // its sku claims its barcodes again, or is refused if they were taken meanwhile).
    await releaseBarcodes(trx, [id]);
    return recordChanges(
      trx,
      CATALOG_SCOPE,
      [{ kind: 'product' as const, entityId: id, data }],
      setDelta([], liveItem(row)),
    );
  });
}

/** A product row as an upsert writes it, with the picture it keeps (upserts never change it). */
type UpsertedRow = ProductTable & { image: string | null };

function merge(old: StoredProduct | undefined, input: ProductInput, now: string): UpsertedRow {
  const barcodes = [
    ...new Set([...(input.barcodes ?? []), ...(input.barcode === undefined ? [] : [input.barcode])]),
  ];
  const keepBarcodes = input.barcodes === undefined && input.barcode === undefined;
  return {
    id: old?.id ?? newId(),
    sku: input.sku,
    name: input.name,
    price: input.price,
    barcodes: keepBarcodes && old !== undefined ? old.barcodes : JSON.stringify(barcodes),
    category: input.category === undefined ? (old?.category ?? null) : input.category,
    taxRateBp: input.taxRate === undefined ? (old?.taxRateBp ?? toBp(DEFAULT_TAX_RATE)) : toBp(input.taxRate),
    active: input.active === undefined ? (old?.active ?? 1) : input.active ? 1 : 0,
    // Upserting a deleted product's sku brings it back.
    deleted: 0,
    version: old?.version ?? 1,
    image: old?.image ?? null,
    createdAt: old?.createdAt ?? now,
    updatedAt: now,
  };
}

function differs(a: ProductRow, b: ProductTable): boolean {
  return (
    a.name !== b.name ||
    a.price !== b.price ||
    a.barcodes !== b.barcodes ||
    a.category !== b.category ||
    a.taxRateBp !== b.taxRateBp ||
    a.active !== b.active ||
    a.deleted !== b.deleted
  );
}

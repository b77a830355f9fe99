import {
  catalogChecksumItem,
  type AdminProduct,
  type AdminProductCreateBody,
  type AdminProductUpdateBody,
  type ProductImportBody,
  type ProductImportResult,
  type ProductInput,
} from '@kasir/protocol';
import { sql } from 'kysely';
import type { Db } from '../db/open-database.ts';
import { isUniqueViolation } from '../db/db-errors.ts';
import { CATALOG_SCOPE, recordChanges, setDelta, type Positioned } from '../feed/feed.ts';
import { toAdminProduct } from './admin-product-query.ts';
import { barcodeClashes, claimBarcodes, clashMessage, type BarcodeClash } from './barcodes.ts';
import { lockProduct } from './lock-products.ts';
import { toBp, toProduct } from './product-row.ts';
import { upsertProducts } from './product-service.ts';
import { chunks, readInChunks } from '../db/chunks.ts';

type Changes = readonly Positioned[];

/** The `ProductInput` part of a back-office body (without the back-office-only `unit` and `stock`). */
function inputOf(b: AdminProductCreateBody): ProductInput {
  const { unit: _unit, ...input } = b as AdminProductCreateBody & { stock?: number };
  delete (input as { stock?: number }).stock;
  return input;
}

async function setUnits(db: Db, units: ReadonlyMap<string, string | null>): Promise<void> {
  // One statement per distinct unit: a catalog has a handful (pcs, kg, botol...).
  const bySku = new Map<string | null, string[]>();
  for (const [sku, unit] of units) bySku.set(unit, [...(bySku.get(unit) ?? []), sku]);
  for (const [unit, skus] of bySku) {
    for (const chunk of chunks(skus)) {
      await db.kysely.updateTable('products').set({ unit }).where('sku', 'in', chunk).execute();
    }
  }
}

async function adminProductBySku(db: Db, sku: string): Promise<AdminProduct> {
  const r = await db.kysely
    .selectFrom('products')
    .selectAll()
    .where('sku', '=', sku)
    .executeTakeFirstOrThrow();
  return toAdminProduct(r, null);
}

/**
 * The stored spelling of SKUs a person typed in another case: "kopi-01" in a file is the product
 * stored as "KOPI-01" to a shop, so an import updates it instead of making a second product. Maps
 * each given SKU that differs from its stored one; SKUs stored as given, or not stored, are absent.
 */
export async function storedSkuSpellings(db: Db, skus: readonly string[]): Promise<Map<string, string>> {
  const wanted = new Map<string, string[]>();
  for (const sku of skus) {
    const key = sku.toLowerCase();
    const list = wanted.get(key) ?? [];
    list.push(sku);
    wanted.set(key, list);
  }
  const rows = await readInChunks([...wanted.keys()], (chunk) =>
    db.kysely
      .selectFrom('products')
      .select('sku')
      .where(sql<string>`lower(sku)`, 'in', chunk)
      // The oldest stored spelling wins should two exist from before this rule.
      .orderBy('createdAt')
      .execute(),
  );
  const out = new Map<string, string>();
  const seen = new Set<string>();
  for (const r of rows) {
    const key = r.sku.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    for (const given of wanted.get(key) ?? []) if (given !== r.sku) out.set(given, r.sku);
  }
  return out;
}

/** Why a back-office product write was refused; nothing was written. */
export type ProductRefusal =
  | { ok: false; reason: 'sku_taken' }
  /** Barcodes are unique in the catalog (catalog/barcodes.ts): each clash names its holder. */
  | { ok: false; reason: 'barcode_taken'; clashes: BarcodeClash[] };

export type CreateResult = { ok: true; product: AdminProduct; changes: Changes } | ProductRefusal;

/** Creates a product; refused when its SKU is taken (by a live or a deleted product) or a barcode is. */
export async function createAdminProduct(
  db: Db,
  body: AdminProductCreateBody,
  now: string,
): Promise<CreateResult> {
  const taken = await db.kysely
    .selectFrom('products')
    .select('id')
    .where(sql<string>`lower(sku)`, '=', body.sku.toLowerCase())
    .executeTakeFirst();
  if (taken !== undefined) return { ok: false, reason: 'sku_taken' };
  const r = await upsertProducts(db, [inputOf(body)], now);
  if (!r.ok) return { ok: false, reason: 'barcode_taken', clashes: r.barcodeTaken };
  if (body.unit !== undefined) await setUnits(db, new Map([[body.sku, body.unit]]));
  return { ok: true, product: await adminProductBySku(db, body.sku), changes: r.changes };
}

export type UpdateResult =
  { ok: true; product: AdminProduct; changes: Changes } | { ok: false; reason: 'not_found' } | ProductRefusal;

/**
 * Edits a product from the back office (no compare-and-swap: the back office reads the product
 * just before; devices' edits go through product.update with theirs, S8). Any change bumps the
 * version and reaches the tills through the feed; archiving is `active: false`.
 */
export async function updateAdminProduct(
  db: Db,
  id: string,
  body: AdminProductUpdateBody,
  now: string,
): Promise<UpdateResult> {
  try {
    return await db.kysely.transaction().execute(async (trx): Promise<UpdateResult> => {
      // Locked: the version bumped and the checksum item replaced are those of the stored row.
      const row = await lockProduct(trx, id);
      if (row === undefined || row.deleted === 1) return { ok: false, reason: 'not_found' };
      const next = {
        ...row,
        ...(body.sku === undefined ? {} : { sku: body.sku }),
        ...(body.name === undefined ? {} : { name: body.name }),
        ...(body.price === undefined ? {} : { price: body.price }),
        ...(body.barcodes === undefined ? {} : { barcodes: JSON.stringify([...new Set(body.barcodes)]) }),
        ...(body.category === undefined ? {} : { category: body.category }),
        ...(body.taxRate === undefined ? {} : { taxRateBp: toBp(body.taxRate) }),
        ...(body.active === undefined ? {} : { active: body.active ? 1 : 0 }),
        ...(body.unit === undefined ? {} : { unit: body.unit }),
      };
      if (body.barcodes !== undefined) {
        const wanted = new Map([[id, JSON.parse(next.barcodes) as string[]]]);
        const clashes = await barcodeClashes(trx, wanted);
        if (clashes.length > 0) return { ok: false, reason: 'barcode_taken', clashes };
        await claimBarcodes(trx, wanted);
      }
      const devicesSee = (
        ['sku', 'name', 'price', 'barcodes', 'category', 'taxRateBp', 'active'] as const
      ).some((k) => next[k] !== row[k]);
      const version = devicesSee ? row.version + 1 : row.version;
      await trx
        .updateTable('products')
        .set({
          sku: next.sku,
          name: next.name,
          price: next.price,
          barcodes: next.barcodes,
          category: next.category,
          taxRateBp: next.taxRateBp,
          active: next.active,
          unit: next.unit,
          version,
          updatedAt: now,
        })
        .where('id', '=', id)
        .execute();
      const stored = { ...next, version, updatedAt: now };
      const changes = devicesSee
        ? await recordChanges(
            trx,
            CATALOG_SCOPE,
            [{ kind: 'product' as const, entityId: id, data: toProduct(stored) }],
            // The catalog set's checksum (S12) follows the product's new version.
            setDelta([catalogChecksumItem(stored)], [catalogChecksumItem(row)]),
          )
        : [];
      return { ok: true, product: toAdminProduct(stored, null), changes };
    });
  } catch (e) {
    if (isUniqueViolation(e)) return { ok: false, reason: 'sku_taken' };
    throw e;
  }
}

/**
 * One chunk of a CSV import: upsert by SKU (product-service.ts: unchanged rows make no change in
 * the feed), then units. Counts created / updated / unchanged against what is stored; a dry run
 * only counts. Opening stock is set by the caller (it goes through the branch's writes).
 */
export async function importProducts(
  db: Db,
  body: ProductImportBody,
  now: string,
): Promise<{ result: Omit<ProductImportResult, 'stockSet'>; changes: Changes; ids: Map<string, string> }> {
  const bySku = new Map(body.rows.map((r) => [r.sku, r]));
  const skus = [...bySku.keys()];
  const rows = await readInChunks(skus, (chunk) =>
    db.kysely
      .selectFrom('products')
      .select(['sku', 'version', 'deleted'])
      .where('sku', 'in', chunk)
      .execute(),
  );
  const before = new Map<string, { version: number; deleted: number }>(rows.map((r) => [r.sku, r]));
  if (body.dryRun === true) {
    const created = skus.filter((s) => !before.has(s)).length;
    return {
      result: { created, updated: 0, unchanged: skus.length - created, errors: [] },
      changes: [],
      ids: new Map(),
    };
  }
  const r = await upsertProducts(db, [...bySku.values()].map(inputOf), now);
  if (!r.ok) return { result: barcodeErrors(body, r.barcodeTaken), changes: [], ids: new Map() };
  const units = new Map<string, string | null>();
  for (const row of bySku.values()) if (row.unit !== undefined) units.set(row.sku, row.unit);
  await setUnits(db, units);
  let created = 0;
  let updated = 0;
  const ids = new Map<string, string>();
  for (const p of r.products) {
    ids.set(p.sku, p.id);
    const old = before.get(p.sku);
    if (old === undefined) created++;
    else if (old.version !== p.version || old.deleted === 1) updated++;
  }
  return {
    result: { created, updated, unchanged: bySku.size - created - updated, errors: [] },
    changes: r.changes,
    ids,
  };
}

/**
 * An import refused for taken barcodes wrote nothing: every row that wants a barcode another
 * product (or another row) holds is listed, so the person can fix the file and import again.
 */
function barcodeErrors(
  body: ProductImportBody,
  clashes: readonly BarcodeClash[],
): Omit<ProductImportResult, 'stockSet'> {
  const errors: ProductImportResult['errors'] = [];
  body.rows.forEach((row, index) => {
    const codes = new Set([...(row.barcodes ?? []), ...(row.barcode === undefined ? [] : [row.barcode])]);
    for (const c of clashes) {
      if (codes.has(c.barcode) && c.sku !== row.sku) {
        errors.push({ index, code: 'barcode_taken', message: clashMessage([c]) });
      }
    }
  });
  return { created: 0, updated: 0, unchanged: 0, errors };
}

import { z } from 'zod';
import { Uuid } from '../ids.ts';
import { text } from '../text.ts';
import { Barcode, Product } from '../catalog/product.ts';
import { ProductInput } from '../catalog/product-input.ts';
import { PageQuery, QueryBoolean, pageOf } from './page.ts';

/** Unit a product is sold in (`pcs`, `kg`, `botol`…): shown on the till and receipt, free text. */
export const Unit = text(1, 20);

/**
 * `GET /api/admin/products?q=&category=&active=&cursor=&limit=` (owner; a manager reads); `GET /api/admin/products/:id` answers one `AdminProduct`.
 * `q` matches a name (case- and accent-insensitive, any word prefix), a SKU prefix or a whole
 * barcode. Sorted by name, then id; keyset-paged. `branchId` adds that branch's on-hand `stock`.
 */
export const AdminProductQuery = PageQuery.extend({
  q: z.string().trim().max(200).optional(),
  category: z.string().trim().max(100).optional(),
  active: QueryBoolean.optional(),
  branchId: Uuid.optional(),
});
export type AdminProductQuery = z.infer<typeof AdminProductQuery>;

/** A product as the back office shows it: the device's view plus unit, times and stock. */
export const AdminProduct = Product.extend({
  unit: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** On-hand at `branchId` of the query; null without one. */
  stock: z.number().int().nullable(),
});
export type AdminProduct = z.infer<typeof AdminProduct>;

export const AdminProductPage = pageOf(AdminProduct);
export type AdminProductPage = z.infer<typeof AdminProductPage>;

/** `GET /api/admin/products/categories`: every category in use, sorted, for the filter. */
export const CategoryList = z.array(z.string());

/** `POST /api/admin/products` -> 201 `AdminProduct`; 409 `already_exists` when the SKU is taken. */
export const AdminProductCreateBody = ProductInput.extend({ unit: Unit.nullable().optional() });
export type AdminProductCreateBody = z.infer<typeof AdminProductCreateBody>;

/**
 * `PATCH /api/admin/products/:id` -> 200 `AdminProduct`. Fields left out keep their value;
 * `barcodes` replaces the list. Archiving is `{active: false}` (the product stays in sales and
 * reports and leaves the tills' search); `DELETE /api/admin/products/:id` stays the tombstone.
 */
export const AdminProductUpdateBody = z.strictObject({
  sku: ProductInput.shape.sku.optional(),
  name: ProductInput.shape.name.optional(),
  price: ProductInput.shape.price.optional(),
  barcodes: z.array(Barcode).max(20).optional(),
  category: ProductInput.shape.category,
  unit: Unit.nullable().optional(),
  taxRate: ProductInput.shape.taxRate,
  active: z.boolean().optional(),
});
export type AdminProductUpdateBody = z.infer<typeof AdminProductUpdateBody>;

/** Most rows one `POST /api/admin/products/import` call carries; the client sends chunks (progress). */
export const MAX_IMPORT_ROWS = 1_000;

/** One CSV row after the client mapped and validated it: an upsert by SKU, maybe with stock. */
export const ProductImportRow = AdminProductCreateBody.extend({
  /** Opening stock at the body's `branchId`: sets on-hand to this (a `count` movement). */
  stock: z.number().int().min(0).max(10_000_000).optional(),
});
export type ProductImportRow = z.infer<typeof ProductImportRow>;

/**
 * `POST /api/admin/products/import` (owner, or a manager allowed to edit the catalog): upsert by
 * SKU, all rows of one call in one transaction, then the tills hear of them through the feed and
 * realtime as for any product change. Rows with `stock` need `branchId` (422 `unknown_branch` when
 * it is not one the caller may write). `dryRun: true` validates against the database (SKU and
 * barcode clashes) and writes nothing.
 */
export const ProductImportBody = z.strictObject({
  branchId: Uuid.optional(),
  dryRun: z.boolean().optional(),
  rows: z.array(ProductImportRow).min(1).max(MAX_IMPORT_ROWS),
});
export type ProductImportBody = z.infer<typeof ProductImportBody>;

/** What one import call did; `errors` are rows refused by the server (index into `rows`). */
export const ProductImportResult = z.object({
  created: z.number().int().min(0),
  updated: z.number().int().min(0),
  unchanged: z.number().int().min(0),
  stockSet: z.number().int().min(0),
  errors: z.array(z.object({ index: z.number().int().min(0), code: z.string(), message: z.string() })),
});
export type ProductImportResult = z.infer<typeof ProductImportResult>;

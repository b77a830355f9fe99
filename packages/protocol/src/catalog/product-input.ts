import { z } from 'zod';
import { Rupiah } from '../money/rupiah.ts';
import { TaxRate } from '../money/tax.ts';
import { Barcode, Category, ProductName, Sku } from './product.ts';

/** Most products one `PUT /api/admin/products` call may upsert. */
export const MAX_PRODUCTS_PER_UPSERT = 5_000;

/**
 * One product of an admin upsert, keyed by `sku`. `barcode` (one) and `barcodes` (several) may be
 * combined. Fields left out keep their stored value on an existing product.
 */
export const ProductInput = z.strictObject({
  sku: Sku,
  name: ProductName,
  price: Rupiah,
  barcode: Barcode.optional(),
  barcodes: z.array(Barcode).max(20).optional(),
  category: Category.nullable().optional(),
  taxRate: TaxRate.optional(),
  active: z.boolean().optional(),
});
export type ProductInput = z.infer<typeof ProductInput>;

export const ProductUpsertBody = z.array(ProductInput).min(1).max(MAX_PRODUCTS_PER_UPSERT);
export type ProductUpsertBody = z.infer<typeof ProductUpsertBody>;

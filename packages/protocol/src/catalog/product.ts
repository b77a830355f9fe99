import { z } from 'zod';
import { Uuid } from '../ids.ts';
import { name, text } from '../text.ts';
import { Rupiah } from '../money/rupiah.ts';
import { TaxRate } from '../money/tax.ts';
import { ImageHash } from './product-image.ts';

export const Sku = text(1, 64);
export const Barcode = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[0-9A-Za-z\-.]+$/, 'barcode: digits, letters, - and . only');
/** A product name as written (admin upsert, `product.update`): no bidirectional controls (issue 17). */
export const ProductName = name(1, 200);
export const Category = name(1, 100);

/**
 * A product as a device holds it: only what a cashier device needs (S12 bandwidth).
 * `version` increments on every change and is the base of compare-and-swap edits (S8).
 * A deleted product stays in the feed as a tombstone (`deleted: true`) so devices drop it.
 */
export const Product = z.object({
  id: Uuid,
  sku: Sku,
  // Read leniently (text, not name): a product stored before names refused bidirectional controls
  // must still reach devices; every write path refuses them.
  name: text(1, 200),
  price: Rupiah,
  barcodes: z.array(Barcode),
  category: text(1, 100).nullable(),
  taxRate: TaxRate,
  active: z.boolean(),
  version: z.number().int().positive(),
  deleted: z.boolean(),
  /**
   * The product's picture (`ImageHash`; URLs from `productImagePath`). Absent or null: none. The
   * server sends it only when set, so products without a picture cost no bytes in the feed.
   */
  image: ImageHash.nullable().optional(),
});
export type Product = z.infer<typeof Product>;

/** A product served to a device over the compatibility routes: with its branch's on-hand stock. */
export const ProductWithStock = Product.extend({ stock: z.number().int() });
export type ProductWithStock = z.infer<typeof ProductWithStock>;

/** Default tax rate of a product: standard PPN, 11% in effect (see money/tax.ts). */
export const DEFAULT_TAX_RATE = 11;

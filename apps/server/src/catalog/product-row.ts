import type { Product, ProductWithStock } from '@kasir/protocol';
import type { Selectable } from 'kysely';
import type { ProductTable } from '../db/schema.ts';

export type ProductRow = Selectable<ProductTable>;

/** Percent (two decimals at most) to basis points and back; stored as integers on both engines. */
export const toBp = (rate: number): number => Math.round(rate * 100);
export const fromBp = (bp: number): number => bp / 100;

/**
 * The device view of a product (S12: only what a device needs). Its picture's key goes along when
 * it has one (`image` is absent otherwise: no bytes spent on the many products without one).
 */
export function toProduct(r: ProductRow & { readonly image?: string | null }): Product {
  return {
    id: r.id,
    sku: r.sku,
    name: r.name,
    price: r.price,
    barcodes: JSON.parse(r.barcodes) as string[],
    category: r.category,
    taxRate: fromBp(r.taxRateBp),
    active: r.active === 1,
    version: r.version,
    deleted: r.deleted === 1,
    ...(r.image === undefined || r.image === null ? {} : { image: r.image }),
  };
}

export function withStock(p: Product, onHand: number | null | undefined): ProductWithStock {
  return { ...p, stock: onHand ?? 0 };
}

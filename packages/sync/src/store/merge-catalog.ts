import type { Product, StockLevel } from '@kasir/protocol';
import type { CatalogSnapshot } from './records.ts';

/**
 * Folds page records (in page order) and then the overlay into one snapshot. Later wins: a product
 * changed during a full sync shows up again on a later page (the feed moves it to a higher seq),
 * and the overlay only holds changes pulled after the pages.
 */
export function mergeCatalog(
  productPages: readonly (readonly Product[])[],
  productOverlay: readonly Product[],
  stockPages: readonly (readonly StockLevel[])[],
  stockOverlay: readonly StockLevel[],
): CatalogSnapshot {
  const products = new Map<string, Product>();
  for (const page of productPages) for (const p of page) products.set(p.id, p);
  for (const p of productOverlay) products.set(p.id, p);
  const stock = new Map<string, StockLevel>();
  for (const page of stockPages) for (const s of page) stock.set(s.productId, s);
  for (const s of stockOverlay) stock.set(s.productId, s);
  return {
    products: [...products.values()].filter((p) => !p.deleted),
    stock: [...stock.values()],
  };
}

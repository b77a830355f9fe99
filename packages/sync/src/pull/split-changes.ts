import type { Change, Product, SaleSummary, StockLevel, Stocktake } from '@kasir/protocol';
import type { ChangeSet } from '../store/records.ts';

/**
 * Sorts a feed page into the kinds the store keeps apart. Stocktakes are kept (the till counts for
 * the open one); transfers (issue 12) are in the branch's feed for screens to come, and are passed
 * over here, never mistaken for sales. Their positions still advance the cursor.
 */
export function splitChanges(changes: readonly Change[]): ChangeSet {
  const products: Product[] = [];
  const stock: StockLevel[] = [];
  const sales: SaleSummary[] = [];
  const stocktakes: Stocktake[] = [];
  for (const c of changes) {
    if (c.kind === 'product') products.push(c.data);
    else if (c.kind === 'stock') stock.push(c.data);
    else if (c.kind === 'sale') sales.push(c.data);
    else if (c.kind === 'stocktake') stocktakes.push(c.data);
  }
  return stocktakes.length === 0 ? { products, stock, sales } : { products, stock, sales, stocktakes };
}

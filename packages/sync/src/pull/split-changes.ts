import type { Change, Product, SaleSummary, StockLevel } from '@kasir/protocol';
import type { ChangeSet } from '../store/records.ts';

/**
 * Sorts a feed page into the three kinds the store keeps apart. Transfers and stocktakes (issue 12)
 * are in the branch's feed for the screens that will show them; the store keeps none yet, so they
 * are passed over here, never mistaken for sales. Their positions still advance the cursor.
 */
export function splitChanges(changes: readonly Change[]): ChangeSet {
  const products: Product[] = [];
  const stock: StockLevel[] = [];
  const sales: SaleSummary[] = [];
  for (const c of changes) {
    if (c.kind === 'product') products.push(c.data);
    else if (c.kind === 'stock') stock.push(c.data);
    else if (c.kind === 'sale') sales.push(c.data);
  }
  return { products, stock, sales };
}

import type { Change, Customer, Product, Refund, SaleSummary, StockLevel } from '@kasir/protocol';
import type { ChangeSet } from '../store/records.ts';

/** Sorts a feed page into the kinds the store keeps apart. */
export function splitChanges(changes: readonly Change[]): ChangeSet {
  const products: Product[] = [];
  const stock: StockLevel[] = [];
  const sales: SaleSummary[] = [];
  const refunds: Refund[] = [];
  const customers: Customer[] = [];
  for (const c of changes) {
    if (c.kind === 'product') products.push(c.data);
    else if (c.kind === 'stock') stock.push(c.data);
    else if (c.kind === 'sale') sales.push(c.data);
    else if (c.kind === 'refund') refunds.push(c.data);
    else customers.push(c.data);
  }
  return { products, stock, sales, refunds, customers };
}

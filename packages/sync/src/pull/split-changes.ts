import type {
  Change,
  Customer,
  Product,
  Refund,
  SaleSummary,
  StaffRecord,
  StockLevel,
  Stocktake,
  Transfer,
  TillBranchSettings,
} from '@kasir/protocol';
import { changeSetOf, type ChangeSet } from '../store/records.ts';

/**
 * Sorts a feed page into the kinds the store keeps apart; of settings only the newest counts.
 * Stocktakes are kept (the till counts for the open one); transfers (issue 12) are kept too: a till
 * of the destination branch receives the ones in transit offline.
 */
export function splitChanges(changes: readonly Change[]): ChangeSet {
  const products: Product[] = [];
  const stock: StockLevel[] = [];
  const sales: SaleSummary[] = [];
  const stocktakes: Stocktake[] = [];
  const transfers: Transfer[] = [];
  const refunds: Refund[] = [];
  const customers: Customer[] = [];
  let branchSettings: TillBranchSettings | undefined;
  const staff: StaffRecord[] = [];
  for (const c of changes) {
    if (c.kind === 'product') products.push(c.data);
    else if (c.kind === 'stock') stock.push(c.data);
    else if (c.kind === 'sale') sales.push(c.data);
    else if (c.kind === 'refund') refunds.push(c.data);
    else if (c.kind === 'customer') customers.push(c.data);
    else if (c.kind === 'staff') staff.push(c.data);
    else if (c.kind === 'stocktake') stocktakes.push(c.data);
    else if (c.kind === 'transfer') transfers.push(c.data);
    else if (c.kind === 'branch_settings') branchSettings = c.data;
  }
  return changeSetOf({
    products,
    stock,
    sales,
    branchSettings,
    staff,
    stocktakes,
    transfers,
    refunds,
    customers,
  });
}

import type {
  Change,
  Customer,
  Product,
  Refund,
  SaleSummary,
  StaffRecord,
  StockLevel,
  TillBranchSettings,
} from '@kasir/protocol';
import type { ChangeSet } from '../store/records.ts';

/** Sorts a feed page into the kinds the store keeps apart; of settings only the newest counts. */
export function splitChanges(changes: readonly Change[]): ChangeSet {
  const products: Product[] = [];
  const stock: StockLevel[] = [];
  const sales: SaleSummary[] = [];
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
    else branchSettings = c.data;
  }
  return {
    products,
    stock,
    sales,
    ...(branchSettings === undefined ? {} : { branchSettings }),
    ...(staff.length > 0 ? { staff } : {}),
    ...(refunds.length > 0 ? { refunds } : {}),
    ...(customers.length > 0 ? { customers } : {}),
  };
}

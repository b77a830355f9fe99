import type { Sale } from '@kasir/protocol';
import type { Transaction } from 'kysely';
import type { Statement } from '../db/execute-together.ts';
import type { Database, SalesSummaryTable } from '../db/schema.ts';

/**
 * Summary rows of sales, kept in the transaction that records the sales, so the dashboard and the
 * reports read a handful of rows per branch and day instead of the sales. One row per
 * (branch, business day, dimension, key); the dimensions:
 *
 * - `all` (key ''): every sale of the day;
 * - `hour` (key '0'..'23'), `device` (key device id), `flag` (key the flag): the same measures per part;
 * - `method` (key payment method): sales that used it, and what it took in, net of cash change;
 * - `product` (key product id): sales, quantity, line amount and discounts of the product.
 *
 * `gross` is what the customer paid (tax inclusive); `discount` is line plus cart discounts.
 * Invariant: the rows equal a recount of the sales (summary-rebuild.ts recounts them; tests compare).
 */
export type SummaryDim = 'all' | 'hour' | 'device' | 'flag' | 'method' | 'product';

/** A recorded sale with its business day and hour in its branch's time zone. */
export interface SaleAtBusinessTime {
  readonly sale: Sale;
  readonly day: string;
  readonly hour: number;
}

const CHUNK = 400;

/** The summary increments of `sales`, one row per key (a statement may touch a row only once). */
export function summaryDeltas(sales: readonly SaleAtBusinessTime[]): SalesSummaryTable[] {
  const rows = new Map<string, SalesSummaryTable>();
  const add = (
    branchId: string,
    day: string,
    dim: SummaryDim,
    key: string,
    v: { sales: number; quantity: number; gross: number; discount: number; tax: number },
  ) => {
    const id = `${branchId}|${day}|${dim}|${key}`;
    const r = rows.get(id);
    if (r === undefined) rows.set(id, { branchId, day, dim, key, ...v });
    else {
      r.sales += v.sales;
      r.quantity += v.quantity;
      r.gross += v.gross;
      r.discount += v.discount;
      r.tax += v.tax;
    }
  };
  for (const { sale: s, day, hour } of sales) {
    const quantity = s.lines.reduce((a, l) => a + l.quantity, 0);
    const discount = s.lines.reduce((a, l) => a + l.discount + l.cartDiscountShare, 0);
    const whole = { sales: 1, quantity, gross: s.total, discount, tax: s.tax };
    add(s.branchId, day, 'all', '', whole);
    add(s.branchId, day, 'hour', String(hour), whole);
    add(s.branchId, day, 'device', s.deviceId, whole);
    for (const f of new Set(s.flags)) add(s.branchId, day, 'flag', f, whole);
    const byMethod = new Map<string, number>();
    for (const p of s.payments) byMethod.set(p.method, (byMethod.get(p.method) ?? 0) + p.amount);
    // Change is given in cash only (overpaying otherwise is refused), so it comes off the cash taken.
    if (s.change > 0) byMethod.set('cash', (byMethod.get('cash') ?? 0) - s.change);
    for (const [method, amount] of byMethod) {
      add(s.branchId, day, 'method', method, { sales: 1, quantity: 0, gross: amount, discount: 0, tax: 0 });
    }
    const byProduct = new Map<string, { quantity: number; gross: number; discount: number }>();
    for (const l of s.lines) {
      const p = byProduct.get(l.productId) ?? { quantity: 0, gross: 0, discount: 0 };
      p.quantity += l.quantity;
      p.gross += l.amount;
      p.discount += l.discount + l.cartDiscountShare;
      byProduct.set(l.productId, p);
    }
    for (const [productId, p] of byProduct)
      add(s.branchId, day, 'product', productId, { sales: 1, tax: 0, ...p });
  }
  return [...rows.values()];
}

/**
 * The summary rows of newly recorded sales, as statements for the caller to run with its other
 * writes: one upsert per few hundred keys, each key in one of them only.
 */
export function salesSummaryUpserts(
  trx: Transaction<Database>,
  sales: readonly SaleAtBusinessTime[],
): Statement[] {
  const deltas = summaryDeltas(sales);
  const out: Statement[] = [];
  for (let i = 0; i < deltas.length; i += CHUNK) {
    out.push(
      trx
        .insertInto('salesSummary')
        .values(deltas.slice(i, i + CHUNK))
        .onConflict((oc) =>
          oc.columns(['branchId', 'day', 'dim', 'key']).doUpdateSet((eb) => ({
            sales: eb('salesSummary.sales', '+', eb.ref('excluded.sales')),
            quantity: eb('salesSummary.quantity', '+', eb.ref('excluded.quantity')),
            gross: eb('salesSummary.gross', '+', eb.ref('excluded.gross')),
            discount: eb('salesSummary.discount', '+', eb.ref('excluded.discount')),
            tax: eb('salesSummary.tax', '+', eb.ref('excluded.tax')),
          })),
        ),
    );
  }
  return out;
}

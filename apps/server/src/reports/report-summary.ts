import {
  DEFAULT_TIME_ZONE,
  PaymentMethod,
  refundsByMethod,
  taxOf,
  type ReportSummary,
  type ReportSummaryQuery,
} from '@kasir/protocol';
import type { Db } from '../db/open-database.ts';
import { saleMethods } from './sale-methods.ts';
import { addDays, businessTime, ISO_DATE } from '../calendar/business-time.ts';

/** The business day of a query bound: a date as is, an instant as its day in `timeZone`. */
function dayOf(bound: string, timeZone: string, exclusiveEnd: boolean): string {
  if (ISO_DATE.test(bound)) return bound;
  return businessTime(Date.parse(bound) - (exclusiveEnd ? 1 : 0), timeZone).day;
}

/** Longest range one summary covers (a year of days; the chart draws one bucket per day). */
const MAX_DAYS = 400;

/**
 * The dashboard and report figures of branches over business days, read from the summary rows
 * only (reports/sales-summary.ts): a few rows per branch and day, whatever the number of sales.
 * Instants are widened to their whole business days (the summary has no finer grain than the hour).
 */
export async function reportSummary(
  db: Db,
  query: ReportSummaryQuery,
  branchIds: readonly string[] | undefined,
  timeZone: string | undefined,
  nowMs: number,
): Promise<ReportSummary> {
  const tz = timeZone ?? DEFAULT_TIME_ZONE;
  const today = businessTime(nowMs, tz).day;
  const to = query.to === undefined ? today : dayOf(query.to, tz, true);
  let from = query.from === undefined ? to : dayOf(query.from, tz, false);
  if (from > to) from = to;
  if (addDays(to, -MAX_DAYS) > from) from = addDays(to, -MAX_DAYS);
  let q = db.reader
    .selectFrom('salesSummary')
    .select((eb) => [
      'dim',
      'key',
      'day',
      eb.fn.sum<number>('sales').as('count'),
      eb.fn.sum<number>('gross').as('gross'),
      eb.fn.sum<number>('discount').as('discount'),
      eb.fn.sum<number>('tax').as('tax'),
    ])
    .where('dim', 'in', ['all', 'hour', 'method'])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy(['dim', 'key', 'day']);
  if (query.branchId !== undefined) q = q.where('branchId', '=', query.branchId);
  else if (branchIds !== undefined)
    q = q.where('branchId', 'in', branchIds.length > 0 ? [...branchIds] : ['']);
  const rows = await q.execute();
  // Refunds are few beside sales: read from their own rows (index refunds_branch_day).
  let rq = db.reader
    .selectFrom('refunds')
    .select(['saleId', 'method', 'total'])
    .where('businessDay', '>=', from)
    .where('businessDay', '<=', to);
  if (query.branchId !== undefined) rq = rq.where('branchId', '=', query.branchId);
  else if (branchIds !== undefined)
    rq = rq.where('branchId', 'in', branchIds.length > 0 ? [...branchIds] : ['']);
  const refunds = await rq.execute();
  // A refund through the sale's own method went back by the sale's method (refundsByMethod).
  const originalSales = [...new Set(refunds.filter((r) => r.method === 'original').map((r) => r.saleId))];
  const methodsOf = await saleMethods(db.reader, originalSales);
  // The PPN inside the money that went back, at the rate of the sale line it undoes.
  let lq = db.reader
    .selectFrom('refundLines as rl')
    .innerJoin('refunds as r', 'r.id', 'rl.refundId')
    .innerJoin('saleLines as l', (j) =>
      j.onRef('l.saleId', '=', 'rl.saleId').onRef('l.lineNo', '=', 'rl.saleLineNo'),
    )
    .select(['rl.amount', 'l.taxRateBp'])
    .where('r.businessDay', '>=', from)
    .where('r.businessDay', '<=', to);
  if (query.branchId !== undefined) lq = lq.where('r.branchId', '=', query.branchId);
  else if (branchIds !== undefined)
    lq = lq.where('r.branchId', 'in', branchIds.length > 0 ? [...branchIds] : ['']);
  const refundedTax = (await lq.execute()).reduce(
    (sum, l) => sum + taxOf(Number(l.amount), Number(l.taxRateBp) / 100, 'inclusive').tax,
    0,
  );

  const byDay = new Map<string, { count: number; gross: number }>();
  for (let d = from; d <= to; d = addDays(d, 1)) byDay.set(d, { count: 0, gross: 0 });
  const byHour = Array.from({ length: 24 }, (_, hour) => ({ hour, count: 0, gross: 0 }));
  const byMethod = new Map<string, { count: number; amount: number }>();
  let salesCount = 0;
  let gross = 0;
  let discount = 0;
  let tax = 0;
  for (const r of rows) {
    const count = Number(r.count);
    const g = Number(r.gross);
    if (r.dim === 'all') {
      salesCount += count;
      gross += g;
      discount += Number(r.discount);
      tax += Number(r.tax);
      const d = byDay.get(r.day);
      if (d !== undefined) {
        d.count += count;
        d.gross += g;
      }
    } else if (r.dim === 'hour') {
      const h = byHour[Number(r.key)];
      if (h !== undefined) {
        h.count += count;
        h.gross += g;
      }
    } else {
      const m = byMethod.get(r.key) ?? { count: 0, amount: 0 };
      m.count += count;
      m.amount += g;
      byMethod.set(r.key, m);
    }
  }
  return {
    branchId: query.branchId ?? null,
    from,
    to,
    timeZone: tz,
    salesCount,
    gross,
    discount,
    tax,
    refunds: {
      count: refunds.length,
      total: refunds.reduce((sum, r) => sum + Number(r.total), 0),
      tax: refundedTax,
    },
    refundsByMethod: refundsByMethod(
      refunds.map((r) => ({
        method: r.method,
        total: Number(r.total),
        saleMethods: methodsOf.get(r.saleId) ?? [],
      })),
    ),
    byMethod: [...byMethod]
      .map(([method, m]) => ({ method: PaymentMethod.catch('cash').parse(method), ...m }))
      .sort((a, b) => b.amount - a.amount),
    byHour,
    byDay: [...byDay].map(([date, d]) => ({ date, ...d })),
    generatedAt: new Date(nowMs).toISOString(),
  };
}

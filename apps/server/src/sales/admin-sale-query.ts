import {
  ANY_SALE_FLAG,
  DEFAULT_ADMIN_PAGE,
  DEFAULT_TIME_ZONE,
  PaymentMethod,
  SaleFlag,
  type AdminSaleDetail,
  type AdminSaleListItem,
  type AdminSalePage,
  type AdminSaleQuery,
  type MethodTotal,
  type Sale,
  type SaleTotalsSummary,
} from '@kasir/protocol';
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../db/open-database.ts';
import type { Database } from '../db/schema.ts';
import { decodeKeyset, pageFrom } from '../http/keyset-cursor.ts';
import { ISO_DATE, instantRange } from '../calendar/business-time.ts';
import { expandCompacted } from '../retention/compacted-outcomes.ts';

/** Which sales a list or its totals cover; `branchIds` undefined = every branch. */
export interface SaleFilter {
  readonly query: AdminSaleQuery;
  readonly branchIds: readonly string[] | undefined;
  /** The time zone of `query.branchId` (dates are its business days). */
  readonly timeZone: string | undefined;
}

/** A business day may start up to 14 hours either side of UTC midnight (UTC-12 ... UTC+14). */
const ZONE_SLACK_MS = 14 * 3600 * 1000;

type SalesQuery = SelectQueryBuilder<Database, 'sales', object>;

/**
 * The filter as conditions on `sales`. Dates with one branch become that branch's instants (the
 * (branch_id, sold_at) index gives the range); dates across branches compare each sale's own
 * business day, with a sold_at range widened by the zones' spread so the index still narrows it.
 */
function applyFilter(q: SalesQuery, f: SaleFilter): SalesQuery {
  const { query } = f;
  if (query.branchId !== undefined) q = q.where('sales.branchId', '=', query.branchId);
  else if (f.branchIds !== undefined)
    q = q.where('sales.branchId', 'in', f.branchIds.length > 0 ? [...f.branchIds] : ['']);
  const tz = f.timeZone ?? DEFAULT_TIME_ZONE;
  const { fromMs, toMs } = instantRange(query.from, query.to, tz);
  const perBranchDays = query.branchId === undefined;
  if (fromMs !== undefined) {
    const byDay = perBranchDays && ISO_DATE.test(query.from!);
    q = q.where('sales.soldAt', '>=', new Date(byDay ? fromMs - ZONE_SLACK_MS : fromMs).toISOString());
    if (byDay) q = q.where('sales.businessDay', '>=', query.from!);
  }
  if (toMs !== undefined) {
    const byDay = perBranchDays && ISO_DATE.test(query.to!);
    q = q.where('sales.soldAt', '<', new Date(byDay ? toMs + ZONE_SLACK_MS : toMs).toISOString());
    if (byDay) q = q.where('sales.businessDay', '<=', query.to!);
  }
  if (query.deviceId !== undefined) q = q.where('sales.deviceId', '=', query.deviceId);
  if (query.method !== undefined) {
    const method = query.method;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('salePayments')
          .select(sql.lit(1).as('one'))
          .whereRef('salePayments.saleId', '=', 'sales.id')
          .where('salePayments.method', '=', method),
      ),
    );
  }
  if (query.flag === ANY_SALE_FLAG) q = q.where('sales.flags', '!=', '[]');
  else if (query.flag !== undefined) q = q.where('sales.flags', 'like', `%"${query.flag}"%`);
  return q;
}

/** A page of sales, newest first by business time (device time, capped at receipt), then id. */
export async function listAdminSales(db: Db, f: SaleFilter): Promise<AdminSalePage> {
  const limit = f.query.limit ?? DEFAULT_ADMIN_PAGE;
  let q = applyFilter(db.reader.selectFrom('sales'), f);
  if (f.query.cursor !== undefined) {
    const [soldAt, id] = decodeKeyset(f.query.cursor, ['string', 'string']);
    q = q.where(sql<boolean>`(sales.sold_at, sales.id) < (${soldAt}, ${id})`);
  }
  const rows = await q
    .innerJoin('devices', 'devices.id', 'sales.deviceId')
    .select([
      'sales.id',
      'sales.branchId',
      'sales.deviceId',
      'devices.name as deviceName',
      'sales.invoiceNumber',
      'sales.createdAt',
      'sales.receivedAt',
      'sales.soldAt',
      'sales.total',
      'sales.tax',
      'sales.flags',
      'sales.cashierName',
    ])
    .orderBy('sales.soldAt', 'desc')
    .orderBy('sales.id', 'desc')
    .limit(limit + 1)
    .execute();
  const ids = rows.slice(0, limit).map((r) => r.id);
  const lines = new Map<string, { q: number; d: number }>();
  const methods = new Map<string, PaymentMethod[]>();
  const refunded = new Map<string, { total: number; voided: boolean }>();
  if (ids.length > 0) {
    for (const [saleId, r] of await refundsBySale(db.reader, ids)) refunded.set(saleId, r);
    const ls = await db.reader
      .selectFrom('saleLines')
      .select((eb) => [
        'saleId',
        eb.fn.sum<number>('quantity').as('q'),
        eb.fn.sum<number>(eb('discount', '+', eb.ref('cartDiscountShare'))).as('d'),
      ])
      .where('saleId', 'in', ids)
      .groupBy('saleId')
      .execute();
    for (const l of ls) lines.set(l.saleId, { q: Number(l.q), d: Number(l.d) });
    const ps = await db.reader
      .selectFrom('salePayments')
      .select(['saleId', 'method'])
      .where('saleId', 'in', ids)
      .execute();
    for (const p of ps) {
      const m = methods.get(p.saleId) ?? [];
      const method = PaymentMethod.safeParse(p.method);
      if (method.success && !m.includes(method.data)) m.push(method.data);
      methods.set(p.saleId, m);
    }
  }
  const page = pageFrom(
    rows,
    limit,
    (r): AdminSaleListItem => ({
      id: r.id,
      branchId: r.branchId,
      deviceId: r.deviceId,
      deviceName: r.deviceName,
      invoiceNumber: r.invoiceNumber,
      createdAt: r.createdAt,
      receivedAt: r.receivedAt,
      total: r.total,
      discount: lines.get(r.id)?.d ?? 0,
      tax: r.tax,
      itemCount: lines.get(r.id)?.q ?? 0,
      methods: methods.get(r.id) ?? [],
      flags: SaleFlag.array().catch([]).parse(JSON.parse(r.flags)),
      cashierName: r.cashierName,
      refunded: refunded.get(r.id)?.total ?? 0,
      voided: refunded.get(r.id)?.voided ?? false,
    }),
    (r) => [r.soldAt ?? r.receivedAt, r.id],
  );
  return { ...page, totals: await saleTotals(db, f) };
}

const sumOf = (rows: readonly { method: string; count: number; amount: number }[]): MethodTotal[] =>
  rows
    .map((r) => ({
      method: PaymentMethod.catch('cash').parse(r.method),
      count: Number(r.count),
      amount: Number(r.amount),
    }))
    .sort((a, b) => b.amount - a.amount);

/**
 * Totals of everything the filter matches. Whole business days without a device, method or flag
 * condition are read from the summary rows (reports/sales-summary.ts); anything finer aggregates
 * the matching sales through the same indexed range the list reads.
 */
export async function saleTotals(db: Db, f: SaleFilter): Promise<SaleTotalsSummary> {
  const { query } = f;
  const wholeDays =
    (query.from === undefined || ISO_DATE.test(query.from)) &&
    (query.to === undefined || ISO_DATE.test(query.to));
  if (wholeDays && query.deviceId === undefined && query.method === undefined && query.flag === undefined) {
    let s = db.reader
      .selectFrom('salesSummary')
      .select((eb) => [
        'dim',
        'key',
        eb.fn.sum<number>('sales').as('count'),
        eb.fn.sum<number>('gross').as('gross'),
        eb.fn.sum<number>('discount').as('discount'),
        eb.fn.sum<number>('tax').as('tax'),
      ])
      .where('dim', 'in', ['all', 'method'])
      .groupBy(['dim', 'key']);
    if (query.branchId !== undefined) s = s.where('branchId', '=', query.branchId);
    else if (f.branchIds !== undefined)
      s = s.where('branchId', 'in', f.branchIds.length > 0 ? [...f.branchIds] : ['']);
    if (query.from !== undefined) s = s.where('day', '>=', query.from);
    if (query.to !== undefined) s = s.where('day', '<=', query.to);
    const rows = await s.execute();
    const all = rows.find((r) => r.dim === 'all');
    return {
      count: Number(all?.count ?? 0),
      gross: Number(all?.gross ?? 0),
      discount: Number(all?.discount ?? 0),
      tax: Number(all?.tax ?? 0),
      byMethod: sumOf(
        rows
          .filter((r) => r.dim === 'method')
          .map((r) => ({ method: r.key, count: r.count, amount: r.gross })),
      ),
    };
  }
  const matching = applyFilter(db.reader.selectFrom('sales'), f);
  const t = await matching
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('saleLines')
          .select((e) => ['saleId', e.fn.sum<number>(e('discount', '+', e.ref('cartDiscountShare'))).as('d')])
          .groupBy('saleId')
          .as('l'),
      (j) => j.onRef('l.saleId', '=', 'sales.id'),
    )
    .select((eb) => [
      eb.fn.countAll<number>().as('count'),
      eb.fn.sum<number>('sales.total').as('gross'),
      eb.fn.sum<number>('l.d').as('discount'),
      eb.fn.sum<number>('sales.tax').as('tax'),
    ])
    .executeTakeFirstOrThrow();
  const ids = matching.select('sales.id');
  const m = await db.reader
    .selectFrom('salePayments as p')
    .innerJoin('sales', 'sales.id', 'p.saleId')
    .innerJoin(
      (eb) =>
        eb
          .selectFrom('salePayments')
          .select((e) => ['saleId', e.fn.sum<number>('amount').as('paid')])
          .groupBy('saleId')
          .as('pt'),
      (j) => j.onRef('pt.saleId', '=', 'p.saleId'),
    )
    .select((eb) => [
      'p.method',
      eb.fn.count<number>('p.saleId').distinct().as('count'),
      eb.fn
        .sum<number>(sql`p.amount - case when p.method = 'cash' then (pt.paid - sales.total) else 0 end`)
        .as('amount'),
    ])
    .where('p.saleId', 'in', ids)
    .groupBy('p.method')
    .execute();
  return {
    count: Number(t.count),
    gross: Number(t.gross ?? 0),
    discount: Number(t.discount ?? 0),
    tax: Number(t.tax ?? 0),
    byMethod: sumOf(m.map((r) => ({ method: r.method, count: r.count, amount: r.amount }))),
  };
}

/** What the refunds of each of `saleIds` gave back together; sales without refunds are absent. */
export async function refundedBySale(
  db: Kysely<Database>,
  saleIds: readonly string[],
): Promise<Map<string, number>> {
  return new Map([...(await refundsBySale(db, saleIds))].map(([id, r]) => [id, r.total]));
}

/** Per sale of `saleIds` with refunds: what they gave back together, and whether one was a void. */
export async function refundsBySale(
  db: Kysely<Database>,
  saleIds: readonly string[],
): Promise<Map<string, { total: number; voided: boolean }>> {
  if (saleIds.length === 0) return new Map();
  const rs = await db
    .selectFrom('refunds')
    .select((eb) => [
      'saleId',
      eb.fn.sum<number>('total').as('total'),
      eb.fn.max(eb.case().when('reason', '=', 'void').then(1).else(0).end()).as('voided'),
    ])
    .where('saleId', 'in', [...saleIds])
    .groupBy('saleId')
    .execute();
  return new Map(rs.map((r) => [r.saleId, { total: Number(r.total), voided: Number(r.voided) === 1 }]));
}

/** A stored sale with named lines, device and branch; undefined when unknown. */
export async function getAdminSale(db: Db, id: string): Promise<AdminSaleDetail | undefined> {
  const row = await db.reader
    .selectFrom('sales')
    .innerJoin('devices', 'devices.id', 'sales.deviceId')
    .innerJoin('branches', 'branches.id', 'sales.branchId')
    .innerJoin('mutations', 'mutations.id', 'sales.id')
    .select([
      'mutations.id',
      'mutations.type',
      'mutations.status',
      'mutations.response',
      'sales.flags',
      'devices.name as deviceName',
      'devices.code as deviceCode',
      'branches.code as branchCode',
      'branches.name as branchName',
    ])
    .where('sales.id', '=', id)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  // The stored outcome is the sale exactly as it was acknowledged to the device (S3), expanded
  // from the sale's rows when retention compacted it.
  const [stored] = await expandCompacted(db.reader, [row]);
  const sale = JSON.parse(stored!.response) as Sale;
  const productIds = [...new Set(sale.lines.map((l) => l.productId))];
  const names = new Map(
    (
      await db.reader
        .selectFrom('products')
        .select(['id', 'sku', 'name'])
        .where('id', 'in', productIds)
        .execute()
    ).map((p) => [p.id, p]),
  );
  return {
    ...sale,
    flags: SaleFlag.array().catch(sale.flags).parse(JSON.parse(row.flags)),
    lines: sale.lines.map((l) => ({
      ...l,
      sku: names.get(l.productId)?.sku ?? '',
      name: names.get(l.productId)?.name ?? '',
    })),
    refunds: await db.reader
      .selectFrom('refunds')
      .innerJoin('devices', 'devices.id', 'refunds.deviceId')
      .select([
        'refunds.id',
        'refunds.createdAt',
        'refunds.reason',
        'refunds.method',
        'refunds.total',
        'devices.name as deviceName',
      ])
      .where('refunds.saleId', '=', id)
      .orderBy('refunds.createdAt')
      .execute(),
    deviceName: row.deviceName,
    deviceCode: row.deviceCode,
    branchCode: row.branchCode,
    branchName: row.branchName,
    approvedByName:
      typeof sale.approvedBy === 'string'
        ? ((
            await db.reader
              .selectFrom('staff')
              .select('name')
              .where('id', '=', sale.approvedBy)
              .executeTakeFirst()
          )?.name ?? null)
        : null,
    // By any id the customer was created under (a merged duplicate's too). A customer made offline
    // on another till may reach the server after the sale: until then the sale names none.
    customer:
      sale.customerId === undefined
        ? null
        : ((await db.reader
            .selectFrom('customerIds')
            .innerJoin('customers', 'customers.id', 'customerIds.customerId')
            .select(['customers.id', 'customers.name', 'customers.phone'])
            .where('customerIds.id', '=', sale.customerId)
            .executeTakeFirst()) ?? null),
  };
}

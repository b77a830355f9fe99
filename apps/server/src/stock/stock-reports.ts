import {
  recordedPriceMode,
  taxOf,
  type LowStockItem,
  type MarginRow,
  type StockHistoryRow,
} from '@kasir/protocol';
import type { Transaction } from 'kysely';
import type { Db } from '../db/open-database.ts';
import type { Database } from '../db/schema.ts';
import { branchScope, recordChanges, setDelta, type Positioned } from '../feed/feed.ts';
import { stockChecksumItem } from '@kasir/protocol';
import { stockLevelOf } from './stock-ledger.ts';

/**
 * Sets (or removes, with null) a product's minimum in a branch. It rides on the stock row so the
 * feed's stock entry carries it to the tills (their tile badge) without another kind of entry; the
 * row's version is left alone, so a minimum never makes an offline count stale (S8). A product never
 * stocked gets a row at zero, a new item of the branch's stock set (S12).
 */
export async function setMinimum(
  trx: Transaction<Database>,
  branchId: string,
  productId: string,
  minimum: number | null,
  now: string,
): Promise<Positioned[]> {
  const existing = await trx
    .selectFrom('stock')
    .select('productId')
    .where('branchId', '=', branchId)
    .where('productId', '=', productId)
    .executeTakeFirst();
  const row = await trx
    .insertInto('stock')
    .values({ branchId, productId, onHand: 0, version: 1, updatedAt: now, minQty: minimum })
    .onConflict((oc) => oc.columns(['branchId', 'productId']).doUpdateSet({ minQty: minimum }))
    .returning(['productId', 'onHand', 'version', 'minQty'])
    .executeTakeFirstOrThrow();
  const level = stockLevelOf(row);
  const set = existing === undefined ? setDelta([stockChecksumItem(level)], []) : setDelta([], []);
  return recordChanges(
    trx,
    branchScope(branchId),
    [{ kind: 'stock' as const, entityId: productId, data: level }],
    set,
  );
}

/** Products of a branch at or below their minimum, lowest first relative to it. */
export async function lowStock(db: Db, branchId: string): Promise<LowStockItem[]> {
  const rows = await db.reader
    .selectFrom('stock')
    .innerJoin('products', 'products.id', 'stock.productId')
    .select(['stock.productId', 'products.name', 'products.sku', 'stock.onHand', 'stock.minQty'])
    .where('stock.branchId', '=', branchId)
    .where('stock.minQty', 'is not', null)
    .where((eb) => eb('stock.onHand', '<=', eb.ref('stock.minQty')))
    .where('products.deleted', '=', 0)
    .orderBy('products.name')
    .limit(1000)
    .execute();
  return rows.map((r) => ({
    productId: r.productId,
    name: r.name,
    sku: r.sku,
    onHand: r.onHand,
    minimum: r.minQty ?? 0,
  }));
}

export interface HistoryFilter {
  readonly branchId: string;
  readonly productId?: string | undefined;
  readonly reason?: string | undefined;
  /** ISO instants, inclusive from, exclusive to. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly limit: number;
}

/**
 * Ledger rows of a branch, newest first, with who moved the stock: the device of the sale or
 * mutation that caused it (through the mutation log), or the back-office person. `onHandAfter` is
 * the running on-hand right after the row.
 */
export async function stockHistory(db: Db, f: HistoryFilter): Promise<StockHistoryRow[]> {
  let q = db.reader
    .selectFrom('stockMovements as sm')
    .leftJoin('mutations as m', 'm.id', 'sm.refId')
    .leftJoin('devices as d', 'd.id', 'm.deviceId')
    .innerJoin('products as p', 'p.id', 'sm.productId')
    .select([
      'sm.id',
      'p.name as productName',
      'sm.createdAt',
      'sm.productId',
      'sm.delta',
      'sm.reason',
      'sm.onHandAfter',
      'sm.note',
      'sm.refId',
      'sm.actor',
      'sm.unitCost',
      'd.name as deviceName',
    ])
    .where('sm.branchId', '=', f.branchId);
  if (f.productId !== undefined) q = q.where('sm.productId', '=', f.productId);
  if (f.reason !== undefined) q = q.where('sm.reason', '=', f.reason);
  if (f.from !== undefined) q = q.where('sm.createdAt', '>=', f.from);
  if (f.to !== undefined) q = q.where('sm.createdAt', '<', f.to);
  const rows = await q.orderBy('sm.createdAt', 'desc').orderBy('sm.id', 'desc').limit(f.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.createdAt,
    productId: r.productId,
    productName: r.productName,
    delta: r.delta,
    reason: r.reason,
    onHandAfter: r.onHandAfter,
    note: r.note,
    refId: r.refId,
    deviceName: r.deviceName,
    actor: r.actor,
    unitCost: r.unitCost,
  }));
}

const CSV_COLUMNS = [
  'at',
  'productId',
  'delta',
  'reason',
  'onHandAfter',
  'deviceName',
  'actor',
  'note',
  'refId',
  'unitCost',
] as const;

/** A CSV cell: quoted when it holds a comma, quote or line break; a leading =+-@ is neutralised. */
function cell(v: string | number | null): string {
  if (v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** History as CSV (RFC 4180, CRLF), product names beside ids. */
export function historyCsv(rows: readonly StockHistoryRow[]): string {
  const head = ['at', 'product', ...CSV_COLUMNS.slice(1)].join(',');
  const body = rows.map((r) =>
    [cell(r.at), cell(r.productName), ...CSV_COLUMNS.slice(1).map((c) => cell(r[c]))].join(','),
  );
  return [head, ...body].join('\r\n') + '\r\n';
}

export type MarginBy = 'day' | 'product' | 'category';

/**
 * Gross margin of a branch over business days [from, to]: revenue is what the customer paid net of
 * PPN (a price that included PPN less its PPN; with PPN added on top, the price), cost the moving-average cost recorded on each sale's ledger
 * row when it sold; refunds of the range's days are taken off both. Reads the sales of the range
 * and their ledger rows (by the sales' ids), not a summary: a range of a few months of one branch.
 */
export async function marginReport(
  db: Db,
  branchId: string,
  from: string,
  to: string,
  by: MarginBy,
): Promise<MarginRow[]> {
  const lines = await db.reader
    .selectFrom('saleLines as l')
    .innerJoin('sales as s', 's.id', 'l.saleId')
    .innerJoin('products as p', 'p.id', 'l.productId')
    .select([
      's.businessDay',
      'l.saleId',
      's.total',
      's.rounding',
      's.tax',
      'l.productId',
      'p.name',
      'p.category',
      'l.quantity',
      'l.amount',
      'l.taxRateBp',
    ])
    .where('s.branchId', '=', branchId)
    .where('s.businessDay', '>=', from)
    .where('s.businessDay', '<=', to)
    .execute();
  // A line's amount holds its PPN when prices included it; with PPN added on top it is the price
  // without PPN already. The tables keep no mode: each sale's figures tell (recordedPriceMode).
  const amountsOf = new Map<string, number[]>();
  for (const l of lines) {
    const list = amountsOf.get(l.saleId);
    if (list === undefined) amountsOf.set(l.saleId, [Number(l.amount)]);
    else list.push(Number(l.amount));
  }
  const modes = new Map<string, boolean>();
  const addedOnTop = (l: (typeof lines)[number]): boolean => {
    let exclusive = modes.get(l.saleId);
    if (exclusive === undefined) {
      exclusive =
        recordedPriceMode({
          total: Number(l.total),
          rounding: Number(l.rounding),
          tax: Number(l.tax),
          lineAmounts: amountsOf.get(l.saleId) ?? [],
        }) === 'exclusive';
      modes.set(l.saleId, exclusive);
    }
    return exclusive;
  };
  const costs = await db.reader
    .selectFrom('stockMovements as sm')
    .innerJoin('sales as s', 's.id', 'sm.refId')
    .select(['s.businessDay', 'sm.productId', 'sm.delta', 'sm.unitCost'])
    .where('s.branchId', '=', branchId)
    .where('s.businessDay', '>=', from)
    .where('s.businessDay', '<=', to)
    .where('sm.reason', '=', 'sale')
    .execute();
  // Refunds of the range's days (whenever their sale was): what went back to the customer is no
  // revenue, and goods back on the shelf (not damaged) are no cost; damaged ones stay a cost.
  const refunded = await db.reader
    .selectFrom('refundLines as rl')
    .innerJoin('refunds as r', 'r.id', 'rl.refundId')
    .innerJoin('saleLines as l', (j) =>
      j.onRef('l.saleId', '=', 'rl.saleId').onRef('l.lineNo', '=', 'rl.saleLineNo'),
    )
    .innerJoin('products as p', 'p.id', 'rl.productId')
    .select([
      'r.businessDay',
      'rl.productId',
      'p.name',
      'p.category',
      'rl.quantity',
      'rl.amount',
      'l.taxRateBp',
    ])
    .where('r.branchId', '=', branchId)
    .where('r.businessDay', '>=', from)
    .where('r.businessDay', '<=', to)
    .execute();
  const restocked = await db.reader
    .selectFrom('stockMovements as sm')
    .innerJoin('refunds as r', 'r.id', 'sm.refId')
    .select(['r.businessDay', 'sm.productId', 'sm.delta', 'sm.unitCost'])
    .where('r.branchId', '=', branchId)
    .where('r.businessDay', '>=', from)
    .where('r.businessDay', '<=', to)
    .where('sm.reason', '=', 'refund')
    .execute();
  const info = new Map<string, { name: string; category: string | null }>();
  for (const l of [...lines, ...refunded]) info.set(l.productId, { name: l.name, category: l.category });
  const keyOf = (day: string | null, productId: string): [string, string] => {
    if (by === 'day') return [day ?? '', day ?? ''];
    if (by === 'product') return [productId, info.get(productId)?.name ?? productId];
    const c = info.get(productId)?.category ?? '';
    return [c, c];
  };
  const rows = new Map<string, MarginRow>();
  const row = (key: string, label: string): MarginRow => {
    let r = rows.get(key);
    if (r === undefined) {
      r = { key, label, quantity: 0, revenue: 0, cost: 0, margin: 0, uncostedQuantity: 0 };
      rows.set(key, r);
    }
    return r;
  };
  for (const l of lines) {
    const r = row(...keyOf(l.businessDay, l.productId));
    r.quantity += l.quantity;
    r.revenue += addedOnTop(l) ? Number(l.amount) : taxOf(l.amount, l.taxRateBp / 100, 'inclusive').net;
  }
  for (const c of costs) {
    const r = row(...keyOf(c.businessDay, c.productId));
    if (c.unitCost === null) r.uncostedQuantity += -c.delta;
    else r.cost += -c.delta * c.unitCost;
  }
  // What went back is what the customer paid (paidLineAmounts), PPN included in either mode.
  for (const l of refunded) {
    const r = row(...keyOf(l.businessDay, l.productId));
    r.quantity -= l.quantity;
    r.revenue -= taxOf(l.amount, l.taxRateBp / 100, 'inclusive').net;
  }
  for (const m of restocked) {
    const r = row(...keyOf(m.businessDay, m.productId));
    if (m.unitCost === null) r.uncostedQuantity -= m.delta;
    else r.cost -= m.delta * m.unitCost;
  }
  for (const r of rows.values()) r.margin = r.revenue - r.cost;
  return [...rows.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

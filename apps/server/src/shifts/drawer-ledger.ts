import {
  paymentsByMethod,
  refundsViaMethod,
  saleCashNet,
  type DrawerMovements,
  type ShiftPayment,
  type ShiftRefundVia,
} from '@kasir/protocol';
import { saleMethods } from '../reports/sale-methods.ts';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

/** What a shift's ledgers hold besides the float: money by kind, and how many sales and refunds. */
export interface ShiftLedger extends Omit<DrawerMovements, 'float'> {
  readonly salesCount: number;
  readonly salesTotal: number;
  readonly refundsCount: number;
  readonly refundsTotal: number;
  /** The sales' money per payment method (`paymentsByMethod`). */
  readonly payments: readonly ShiftPayment[];
  /** Refunds through the sales' own methods, per method (`refundsViaMethod`). */
  readonly refundsVia: readonly ShiftRefundVia[];
  /** Latest server receipt time of any row of the shift's ledgers (null when there is none). */
  readonly lastReceivedAt: string | null;
}

type Reader = Kysely<Database> | Transaction<Database>;

const EMPTY: ShiftLedger = {
  cashSales: 0,
  cashRefunds: 0,
  cashIn: 0,
  cashOut: 0,
  salesCount: 0,
  salesTotal: 0,
  refundsCount: 0,
  refundsTotal: 0,
  payments: [],
  refundsVia: [],
  lastReceivedAt: null,
};

const later = (a: string | null, b: string | null): string | null =>
  a === null ? b : b === null || a >= b ? a : b;

/**
 * The ledgers of the given shifts, summed per shift from the rows themselves (sales with their
 * payments, refunds, cash moves), through the shift indexes: expected cash is never a stored
 * running total that could drift from its movements.
 */
export async function shiftLedgers(
  db: Reader,
  shiftIds: readonly string[],
): Promise<Map<string, ShiftLedger>> {
  const out = new Map<string, ShiftLedger>(shiftIds.map((id) => [id, EMPTY]));
  if (shiftIds.length === 0) return out;
  const ids = [...shiftIds];
  const add = (id: string, part: Partial<ShiftLedger>): void => {
    const cur = out.get(id) ?? EMPTY;
    out.set(id, {
      cashSales: cur.cashSales + (part.cashSales ?? 0),
      cashRefunds: cur.cashRefunds + (part.cashRefunds ?? 0),
      cashIn: cur.cashIn + (part.cashIn ?? 0),
      cashOut: cur.cashOut + (part.cashOut ?? 0),
      salesCount: cur.salesCount + (part.salesCount ?? 0),
      salesTotal: cur.salesTotal + (part.salesTotal ?? 0),
      refundsCount: cur.refundsCount + (part.refundsCount ?? 0),
      refundsTotal: cur.refundsTotal + (part.refundsTotal ?? 0),
      payments: cur.payments,
      refundsVia: cur.refundsVia,
      lastReceivedAt: later(cur.lastReceivedAt, part.lastReceivedAt ?? null),
    });
  };
  const payments = await db
    .selectFrom('sales as s')
    .innerJoin('salePayments as p', 'p.saleId', 's.id')
    .select(['s.id', 's.shiftId', 's.total', 's.receivedAt', 'p.method', 'p.amount'])
    .where('s.shiftId', 'in', ids)
    .execute();
  const bySale = new Map<
    string,
    { shiftId: string; total: number; at: string; payments: { method: string; amount: number }[] }
  >();
  for (const r of payments) {
    const sale = bySale.get(r.id) ?? {
      shiftId: r.shiftId!,
      total: Number(r.total),
      at: r.receivedAt,
      payments: [],
    };
    sale.payments.push({ method: r.method, amount: Number(r.amount) });
    bySale.set(r.id, sale);
  }
  const salesOf = new Map<string, { total: number; payments: { method: string; amount: number }[] }[]>();
  for (const s of bySale.values()) {
    const of = salesOf.get(s.shiftId) ?? [];
    of.push(s);
    salesOf.set(s.shiftId, of);
    add(s.shiftId, {
      cashSales: saleCashNet(s.payments, s.total),
      salesCount: 1,
      salesTotal: s.total,
      lastReceivedAt: s.at,
    });
  }
  for (const [id, sales] of salesOf)
    out.set(id, { ...(out.get(id) ?? EMPTY), payments: paymentsByMethod(sales) });
  const refunds = await db
    .selectFrom('refunds')
    .select(['shiftId', 'saleId', 'method', 'total', 'receivedAt'])
    .where('shiftId', 'in', ids)
    .execute();
  // The methods of the sales refunded through their own method (they may be another shift's sales).
  const originalSales = [...new Set(refunds.filter((r) => r.method === 'original').map((r) => r.saleId))];
  const methodsOf = await saleMethods(db, originalSales);
  const refundsOf = new Map<string, { method: string; total: number; saleMethods: string[] }[]>();
  for (const r of refunds) {
    const list = refundsOf.get(r.shiftId!) ?? [];
    list.push({ method: r.method, total: Number(r.total), saleMethods: methodsOf.get(r.saleId) ?? [] });
    refundsOf.set(r.shiftId!, list);
  }
  for (const [id, list] of refundsOf)
    out.set(id, { ...(out.get(id) ?? EMPTY), refundsVia: refundsViaMethod(list) });
  for (const r of refunds) {
    const total = Number(r.total);
    add(r.shiftId!, {
      cashRefunds: r.method === 'cash' ? total : 0,
      refundsCount: 1,
      refundsTotal: total,
      lastReceivedAt: r.receivedAt,
    });
  }
  const moves = await db
    .selectFrom('cashMoves')
    .select(['shiftId', 'kind', 'amount', 'receivedAt'])
    .where('shiftId', 'in', ids)
    .execute();
  for (const m of moves) {
    const amount = Number(m.amount);
    add(
      m.shiftId,
      m.kind === 'in'
        ? { cashIn: amount, lastReceivedAt: m.receivedAt }
        : { cashOut: amount, lastReceivedAt: m.receivedAt },
    );
  }
  return out;
}

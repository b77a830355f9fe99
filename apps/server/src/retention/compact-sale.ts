import type { Kysely } from 'kysely';
import { fromBp } from '../catalog/product-row.ts';
import { readInChunks } from '../db/chunks.ts';
import type { Database } from '../db/schema.ts';

/**
 * A stored sale's fields as the domain tables (`sales`, `sale_lines`, `sale_payments`) give them,
 * named as in protocol `Sale`. Absent where the tables leave the field out of a sale (no rounding,
 * no shift, ...); `priceMode` and `taxes` are never here: the tables do not hold them.
 */
export type SaleFacts = Readonly<Record<string, unknown>>;

/**
 * A compacted `sale.create` outcome: the fields the facts do not reproduce (`keep`, verbatim), and
 * the fields the facts have but the stored sale had not (`drop`). `keep` is usually `priceMode` and
 * `taxes`, about a tenth of a sale with a few lines.
 */
export interface CompactSale {
  readonly keep: Readonly<Record<string, unknown>>;
  readonly drop?: readonly string[];
}

/** Sale fields in the order protocol `assembleSale` writes them: an expanded sale follows it. */
const SALE_KEYS = [
  'id',
  'branchId',
  'deviceId',
  'invoiceNumber',
  'createdAt',
  'receivedAt',
  'priceMode',
  'lines',
  'payments',
  'taxes',
  'subtotal',
  'discount',
  'tax',
  'total',
  'rounding',
  'paid',
  'change',
  'flags',
  'cashierName',
  'note',
  'shiftId',
  'customerId',
  'staffId',
  'approvedBy',
] as const;

/** The stored sale's JSON text again, from its compacted form and the domain tables' facts. */
export function expandSale(compact: CompactSale, facts: SaleFacts): string {
  const drop = new Set(compact.drop ?? []);
  const out: Record<string, unknown> = {};
  for (const k of SALE_KEYS) {
    if (Object.hasOwn(compact.keep, k)) out[k] = compact.keep[k];
    else if (!drop.has(k) && facts[k] !== undefined) out[k] = facts[k];
  }
  // Fields a later protocol added that this list does not know yet: kept, after the known ones.
  for (const [k, v] of Object.entries(compact.keep)) if (!Object.hasOwn(out, k)) out[k] = v;
  return JSON.stringify(out);
}

/**
 * The compacted form of a stored sale (its outcome's JSON text), or undefined when compacting would
 * not give the same text back or would not be shorter: such a row stays whole. The check is on the
 * exact text, so a replay of a compacted sale is byte for byte the reply of the first time (S3).
 */
export function compactSale(stored: string, facts: SaleFacts): string | undefined {
  const sale: unknown = JSON.parse(stored);
  if (sale === null || typeof sale !== 'object' || Array.isArray(sale)) return undefined;
  const keep: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(sale)) {
    if (JSON.stringify(v) !== JSON.stringify(facts[k])) keep[k] = v;
  }
  const drop = SALE_KEYS.filter((k) => facts[k] !== undefined && !Object.hasOwn(sale, k));
  const compact: CompactSale = drop.length === 0 ? { keep } : { keep, drop };
  if (expandSale(compact, facts) !== stored) return undefined;
  const text = JSON.stringify(compact);
  return text.length < stored.length ? text : undefined;
}

/** Parses a compacted sale as `compactSale` wrote it. */
export function parseCompactSale(text: string): CompactSale {
  return JSON.parse(text) as CompactSale;
}

/** The facts of the given sales from the domain tables; a sale the tables do not have is absent. */
export async function readSaleFacts(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, SaleFacts>> {
  const sales = await readInChunks(ids, (chunk) =>
    db
      .selectFrom('sales')
      .select([
        'id',
        'branchId',
        'deviceId',
        'invoiceNumber',
        'createdAt',
        'receivedAt',
        'total',
        'tax',
        'rounding',
        'flags',
        'cashierName',
        'note',
        'shiftId',
        'customerId',
        'staffId',
        'approvedBy',
      ])
      .where('id', 'in', chunk)
      .execute(),
  );
  const lines = await readInChunks(ids, (chunk) =>
    db
      .selectFrom('saleLines')
      .selectAll()
      .where('saleId', 'in', chunk)
      .orderBy('saleId')
      .orderBy('lineNo')
      .execute(),
  );
  const payments = await readInChunks(ids, (chunk) =>
    db
      .selectFrom('salePayments')
      .selectAll()
      .where('saleId', 'in', chunk)
      .orderBy('saleId')
      .orderBy('lineNo')
      .execute(),
  );
  const linesOf = groupBy(lines, (l) => l.saleId);
  const paymentsOf = groupBy(payments, (p) => p.saleId);
  const out = new Map<string, SaleFacts>();
  for (const s of sales) {
    const saleLines = (linesOf.get(s.id) ?? []).map((l) => ({
      productId: l.productId,
      quantity: Number(l.quantity),
      unitPrice: Number(l.unitPrice),
      discount: Number(l.discount),
      cartDiscountShare: Number(l.cartDiscountShare),
      taxRate: fromBp(Number(l.taxRateBp)),
      amount: Number(l.amount),
    }));
    const salePayments = (paymentsOf.get(s.id) ?? []).map((p) => ({
      method: p.method,
      amount: Number(p.amount),
      reference: p.reference,
      ...(p.approvalCode === null ? {} : { approvalCode: p.approvalCode }),
      ...(p.cardLast4 === null ? {} : { cardLast4: p.cardLast4 }),
    }));
    const total = Number(s.total);
    const rounding = Number(s.rounding);
    const paid = salePayments.reduce((a, p) => a + p.amount, 0);
    // As protocol computeSaleTotals derives them: the subtotal after line discounts, the cart
    // discount spread over the lines, the change out of what was paid.
    out.set(s.id, {
      id: s.id,
      branchId: s.branchId,
      deviceId: s.deviceId,
      invoiceNumber: s.invoiceNumber,
      createdAt: s.createdAt,
      receivedAt: s.receivedAt,
      lines: saleLines,
      payments: salePayments,
      subtotal: saleLines.reduce((a, l) => a + l.quantity * l.unitPrice - l.discount, 0),
      discount: saleLines.reduce((a, l) => a + l.cartDiscountShare, 0),
      tax: Number(s.tax),
      total,
      ...(rounding === 0 ? {} : { rounding }),
      paid,
      change: paid - total,
      flags: JSON.parse(s.flags) as unknown,
      cashierName: s.cashierName,
      note: s.note,
      ...(s.shiftId === null ? {} : { shiftId: s.shiftId }),
      ...(s.customerId === null ? {} : { customerId: s.customerId }),
      ...(s.staffId === null ? {} : { staffId: s.staffId }),
      ...(s.approvedBy === null ? {} : { approvedBy: s.approvedBy }),
    });
  }
  return out;
}

function groupBy<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list === undefined) out.set(k, [r]);
    else list.push(r);
  }
  return out;
}

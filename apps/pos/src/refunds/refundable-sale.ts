import {
  computeSaleTotals,
  paidLineAmounts,
  parseInvoiceNumber,
  refundLineAmount,
  refundedSoFar,
  refundsOfSale,
  type PaymentMethod,
  type RefundLineInput,
  type SaleSummary,
} from '@kasir/protocol';
import type { LocalSale } from '@kasir/sync';
import type { TillRefund } from '../drawer/drawer-store.ts';

/** A sale as the refund screen sees it: this till's own, or another till's from the branch feed. */
export interface RefundableSale {
  readonly id: string;
  readonly invoiceNumber: string;
  readonly createdAt: string;
  readonly total: number;
  readonly deviceName: string | null;
  readonly lines: readonly {
    readonly productId: string;
    readonly quantity: number;
    readonly amount: number;
    /** The rate the line was charged at; unknown for feed summaries recorded before it was sent. */
    readonly taxRate?: number | undefined;
  }[];
  /** How the sale was paid; empty when the feed's summary does not say (recorded before refunds). */
  readonly methods: readonly PaymentMethod[];
  /** Units of each line still refundable, by the refunds this till knows of. */
  readonly left: readonly number[];
}

/**
 * The way money goes back that a cashier means nearly always: cash from the drawer for a sale paid
 * in cash alone, the original method for anything else (a QRIS or card payment refunded from the
 * drawer would leave the drawer short at the count). Without an open shift only the original
 * method is possible; an unknown payment defaults to it too.
 */
export function defaultRefundMethod(
  sale: Pick<RefundableSale, 'methods'>,
  shiftOpen: boolean,
): 'cash' | 'original' {
  const cashOnly = sale.methods.length > 0 && sale.methods.every((m) => m === 'cash');
  return cashOnly && shiftOpen ? 'cash' : 'original';
}

const uniqueMethods = (payments: readonly { method: PaymentMethod }[]): PaymentMethod[] => [
  ...new Set(payments.map((p) => p.method)),
];

function ownSale(s: LocalSale): Omit<RefundableSale, 'left'> | null {
  // The till filled every line's tax rate when it recorded the sale (sync client's prepareSale).
  const priced = computeSaleTotals({
    ...s.input,
    lines: s.input.lines.map((l) => ({ ...l, taxRate: l.taxRate ?? 0 })),
  });
  if (!priced.ok) return null;
  // What the customer paid per line: with PPN added on top, its share of the PPN too.
  const paid = paidLineAmounts(priced.totals.lines, s.input.priceMode ?? 'inclusive');
  return {
    id: s.id,
    invoiceNumber: s.invoiceNumber,
    createdAt: s.createdAt,
    total: s.total,
    deviceName: null,
    methods: uniqueMethods(s.input.payments),
    lines: s.input.lines.map((l, i) => ({
      productId: l.productId,
      quantity: l.quantity,
      amount: paid[i] ?? 0,
      taxRate: l.taxRate ?? 0,
    })),
  };
}

function branchSale(s: SaleSummary): Omit<RefundableSale, 'left'> | null {
  if (s.lines === undefined) return null;
  return {
    id: s.id,
    invoiceNumber: s.invoiceNumber,
    createdAt: s.createdAt,
    total: s.total,
    deviceName: s.deviceName,
    methods: uniqueMethods(s.payments ?? []),
    lines: s.lines,
  };
}

/**
 * Every sale the till can refund offline: its own (with their full input) and the branch's sales of
 * other tills (their feed summaries carry lines), newest first, each with what is left to refund.
 */
export function refundableSales(
  own: readonly LocalSale[],
  branch: readonly SaleSummary[],
  refunds: readonly TillRefund[],
): RefundableSale[] {
  const byId = new Map<string, Omit<RefundableSale, 'left'>>();
  for (const s of branch) {
    const r = branchSale(s);
    if (r !== null) byId.set(r.id, r);
  }
  for (const s of own) {
    const r = ownSale(s);
    if (r !== null) byId.set(r.id, r);
  }
  return [...byId.values()]
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))
    .map((s) => ({ ...s, left: leftToRefund(s, refunds) }));
}

/**
 * Units of each line of `sale` not yet refunded by the refunds given (this till's, and other tills'
 * from the feed; one refund counted once however many lists hold it).
 */
export function leftToRefund(
  sale: Pick<RefundableSale, 'id' | 'lines'>,
  refunds: readonly {
    readonly id: string;
    readonly saleId: string;
    readonly lines: readonly RefundLineInput[];
  }[],
): number[] {
  const done = refundedSoFar(refundsOfSale(sale.id, refunds));
  return sale.lines.map((l, i) => Math.max(0, l.quantity - (done.get(i) ?? 0)));
}

/**
 * The lines a refund of `quantities` (per sale line, capped at what is left) takes back, each with
 * the money its share gives back; lines refunding nothing are left out. The screen shows their sum
 * before the refund is made, and the refund records them.
 */
export function refundLines(
  sale: Pick<RefundableSale, 'lines' | 'left'>,
  quantities: readonly number[],
): Omit<RefundLineInput, 'damaged'>[] {
  return sale.lines.flatMap((l, i) => {
    const left = sale.left[i] ?? 0;
    const q = Math.min(quantities[i] ?? 0, left);
    return q <= 0
      ? []
      : [
          {
            saleLineNo: i,
            productId: l.productId,
            quantity: q,
            amount: refundLineAmount(l, l.quantity - left, q),
          },
        ];
  });
}

/**
 * The rate each refund line was charged at, for the refund to keep (its receipt shows the PPN given
 * back): nothing when any line's rate is unknown (a feed summary from before rates were sent), so a
 * receipt never shows a part of the PPN as if it were all.
 */
export function taxRatesOf(
  sale: Pick<RefundableSale, 'lines'>,
  lines: readonly Pick<RefundLineInput, 'saleLineNo'>[],
): { taxRates?: number[] } {
  const rates = lines.map((l) => sale.lines[l.saleLineNo]?.taxRate);
  return rates.every((r): r is number => r !== undefined) ? { taxRates: rates } : {};
}

/**
 * The sale a receipt number or a scanned receipt code names: the code holds the receipt number (or
 * the sale id), possibly inside a longer text such as a URL. Digits alone are a receipt's counter
 * ("12" or "0012" for the receipt ending in 0012), as a cashier reads it off the paper: this till's
 * sale first, else the newest of the branch's other tills.
 */
export function findSale(sales: readonly RefundableSale[], query: string): RefundableSale | undefined {
  const q = query.trim().toUpperCase();
  if (q === '') return undefined;
  const exact =
    sales.find((s) => s.invoiceNumber.toUpperCase() === q || s.id.toUpperCase() === q) ??
    sales.find((s) => q.includes(s.invoiceNumber.toUpperCase()) || q.includes(s.id.toUpperCase()));
  if (exact !== undefined || !/^[0-9]{1,9}$/.test(q)) return exact;
  const counter = Number(q);
  const numbered = sales.filter((s) => parseInvoiceNumber(s.invoiceNumber)?.counter === counter);
  return numbered.find((s) => s.deviceName === null) ?? numbered[0];
}

import type { ErrorCode } from '../errors/error-code.ts';
import { taxOf, type PriceMode, type TaxBreakdown } from '../money/tax.ts';
import type { PaymentInput } from './sale-input.ts';

/** A line as priced: the inputs plus the amounts the rules derive. */
export interface PricedLine {
  readonly quantity: number;
  readonly unitPrice: number;
  readonly discount: number;
  readonly taxRate: number;
  /** quantity x unitPrice */
  readonly gross: number;
  /** This line's share of the cart discount. */
  readonly cartDiscountShare: number;
  /** gross - discount - cartDiscountShare: what the line contributes (tax-inclusive or not per mode). */
  readonly amount: number;
}

export interface SaleTotals {
  readonly lines: readonly PricedLine[];
  /** Sum of line amounts before the cart discount. */
  readonly subtotal: number;
  readonly discount: number;
  readonly taxes: readonly TaxBreakdown[];
  readonly tax: number;
  /** Cash rounding included in `total` (0 when none). */
  readonly rounding: number;
  readonly total: number;
  readonly paid: number;
  readonly change: number;
}

export type SaleTotalsResult =
  | { readonly ok: true; readonly totals: SaleTotals }
  | { readonly ok: false; readonly code: ErrorCode; readonly message: string; readonly details?: unknown };

export interface SaleTotalsInput {
  readonly lines: readonly {
    quantity: number;
    unitPrice: number;
    discount?: number | undefined;
    taxRate: number;
    total?: number | undefined;
  }[];
  readonly payments: readonly PaymentInput[];
  readonly discount?: number | undefined;
  readonly rounding?: number | undefined;
  readonly priceMode?: PriceMode | undefined;
  readonly tax?: number | undefined;
  readonly total?: number | undefined;
}

/**
 * Spreads `discount` over `amounts` in proportion, by largest remainder, so the shares are whole
 * rupiah and add up to exactly `discount`. Invariant: share[i] <= amounts[i].
 */
export function allocateProportionally(discount: number, amounts: readonly number[]): number[] {
  const base = amounts.reduce((a, b) => a + b, 0);
  if (discount === 0 || base === 0) return amounts.map(() => 0);
  const exact = amounts.map((a) => (discount * a) / base);
  const shares = exact.map(Math.floor);
  let rest = discount - shares.reduce((a, b) => a + b, 0);
  const order = exact
    .map((e, i) => ({ i, frac: e - Math.floor(e) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (rest === 0) break;
    shares[i] = (shares[i] ?? 0) + 1;
    rest--;
  }
  return shares;
}

/**
 * The sale arithmetic, shared by the cashier app (to show totals) and the server (to check them).
 * Rules: line gross = quantity x unitPrice; a line discount is at most its gross; the cart discount
 * is at most the subtotal and is spread over lines (allocateProportionally); tax is computed per
 * rate group (money/tax.ts); inclusive prices already contain tax, exclusive ones add it; payments
 * must cover the total, and only cash may exceed it (the excess is change). Cash rounding is added
 * to the total after tax (tax is on the goods, not on the rounding) and needs a cash payment.
 */
export function computeSaleTotals(input: SaleTotalsInput): SaleTotalsResult {
  const mode = input.priceMode ?? 'inclusive';
  const nets: number[] = [];
  for (const [i, line] of input.lines.entries()) {
    const gross = line.quantity * line.unitPrice;
    const discount = line.discount ?? 0;
    if (discount > gross) {
      return fail('discount_exceeds_amount', `line ${i}: discount ${discount} exceeds ${gross}`, { line: i });
    }
    nets.push(gross - discount);
  }
  const subtotal = nets.reduce((a, b) => a + b, 0);
  const cartDiscount = input.discount ?? 0;
  if (cartDiscount > subtotal) {
    return fail('discount_exceeds_amount', `cart discount ${cartDiscount} exceeds subtotal ${subtotal}`, {});
  }
  const shares = allocateProportionally(cartDiscount, nets);
  const lines: PricedLine[] = [];
  for (const [i, line] of input.lines.entries()) {
    const share = shares[i] ?? 0;
    const amount = (nets[i] ?? 0) - share;
    if (line.total !== undefined && line.total !== amount) {
      return fail('line_total_mismatch', `line ${i}: total ${line.total}, expected ${amount}`, {
        line: i,
        expected: amount,
      });
    }
    lines.push({
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      discount: line.discount ?? 0,
      taxRate: line.taxRate,
      gross: line.quantity * line.unitPrice,
      cartDiscountShare: share,
      amount,
    });
  }
  const byRate = new Map<number, number>();
  for (const l of lines) byRate.set(l.taxRate, (byRate.get(l.taxRate) ?? 0) + l.amount);
  const taxes = [...byRate.entries()]
    .sort(([a], [b]) => a - b)
    .map(([rate, amount]) => taxOf(amount, rate, mode));
  const tax = taxes.reduce((a, t) => a + t.tax, 0);
  const net = subtotal - cartDiscount;
  const rounding = input.rounding ?? 0;
  if (rounding !== 0 && !input.payments.some((p) => p.method === 'cash')) {
    return fail('invalid_rounding', `rounding ${rounding} on a sale without a cash payment`, { rounding });
  }
  const total = (mode === 'inclusive' ? net : net + tax) + rounding;
  if (input.tax !== undefined && input.tax !== tax) {
    return fail('tax_mismatch', `tax ${input.tax}, expected ${tax}`, { expected: tax });
  }
  if (input.total !== undefined && input.total !== total) {
    return fail('total_mismatch', `total ${input.total}, expected ${total}`, { expected: total });
  }
  const paid = input.payments.reduce((a, p) => a + p.amount, 0);
  if (paid < total) return fail('underpaid', `paid ${paid} is less than total ${total}`, { total, paid });
  const change = paid - total;
  const cash = input.payments.filter((p) => p.method === 'cash').reduce((a, p) => a + p.amount, 0);
  if (change > cash) {
    return fail('overpaid_non_cash', `non-cash payments exceed the total by ${change - cash}`, {
      total,
      paid,
    });
  }
  return {
    ok: true,
    totals: { lines, subtotal, discount: cartDiscount, taxes, tax, rounding, total, paid, change },
  };
}

function fail(code: ErrorCode, message: string, details: unknown): SaleTotalsResult {
  return { ok: false, code, message, details };
}

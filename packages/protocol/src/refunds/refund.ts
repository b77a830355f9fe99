import { z } from 'zod';
import { Uuid } from '../ids.ts';
import { Rupiah } from '../money/rupiah.ts';
import { taxOf, type PriceMode } from '../money/tax.ts';
import { MAX_LINE_QUANTITY, MAX_SALE_LINES } from '../sales/sale-input.ts';
import { allocateProportionally } from '../sales/sale-totals.ts';
import { text } from '../text.ts';

/** Why money went back. `void` is a whole paid sale cancelled (a full refund). */
export const RefundReason = z.enum(['return', 'damaged', 'wrong_item', 'price_error', 'void', 'other']);
export type RefundReason = z.infer<typeof RefundReason>;

/** Cash from this till's drawer, or back through the sale's original (non-cash) method. */
export const RefundMethod = z.enum(['cash', 'original']);
export type RefundMethod = z.infer<typeof RefundMethod>;

export const RefundLineInput = z.strictObject({
  /** Index of the line in the original sale. */
  saleLineNo: z
    .number()
    .int()
    .min(0)
    .max(MAX_SALE_LINES - 1),
  productId: Uuid,
  quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY),
  /** Money given back for this line (refundLineAmount). */
  amount: Rupiah,
  /** Damaged goods do not go back into stock. */
  damaged: z.boolean(),
});
export type RefundLineInput = z.infer<typeof RefundLineInput>;

/**
 * `refund.create`: money and goods going back for some or all lines of a sale. `id` is the
 * mutation id (S2, S3). Made offline on any till of the sale's branch; the server never refuses one
 * for quantities (money already left the drawer, S7) but flags `over_refund`.
 */
export const RefundInput = z
  .strictObject({
    id: Uuid,
    saleId: Uuid,
    createdAt: z.iso.datetime({ offset: true }),
    reason: RefundReason,
    note: text(0, 500).optional(),
    method: RefundMethod,
    lines: z.array(RefundLineInput).min(1).max(MAX_SALE_LINES),
    /** The drawer's shift a cash refund came out of; null when the till had no open shift. */
    shiftId: Uuid.nullable(),
    staffId: Uuid.nullable(),
    approvedBy: Uuid.optional(),
  })
  .refine(
    (r) => new Set(r.lines.map((l) => l.saleLineNo)).size === r.lines.length,
    'each sale line at most once per refund',
  );
export type RefundInput = z.infer<typeof RefundInput>;

/**
 * What the server noticed on a refund it recorded:
 * - over_refund: with the refunds recorded before it, a line went back more than was sold (two
 *   tills refunding the same line offline), or more money than the sale's total
 * - amount_deviation: a line's amount differs from its share of the sale (refundLineAmount)
 */
/** `unknown_staff`: `staffId` or `approvedBy` is no staff member of the branch (issue 13). */
export const RefundFlag = z.enum(['over_refund', 'amount_deviation', 'unknown_staff']);
export type RefundFlag = z.infer<typeof RefundFlag>;

/** A refund as the server stored it; the feed's `refund` entry for the tills of the branch. */
export const Refund = z.object({
  id: Uuid,
  saleId: Uuid,
  branchId: Uuid,
  deviceId: Uuid,
  /** The original sale's receipt number, which the refund receipt names. */
  invoiceNumber: z.string(),
  createdAt: z.string(),
  receivedAt: z.string(),
  reason: RefundReason,
  note: z.string().nullable(),
  method: RefundMethod,
  lines: z.array(RefundLineInput),
  total: z.number().int(),
  shiftId: Uuid.nullable(),
  staffId: Uuid.nullable(),
  approvedBy: Uuid.nullable(),
  flags: z.array(RefundFlag),
});
export type Refund = z.infer<typeof Refund>;

/** A sale line as refunds see it: `amount` is what the customer paid for it (`paidLineAmounts`). */
export interface RefundableLine {
  readonly quantity: number;
  readonly amount: number;
}

/**
 * What the customer paid for each line of a sale: the line's amount, plus, when PPN was added on top
 * of prices (`exclusive`), the line's share of its rate's PPN (each rate's PPN spread over its lines
 * as a cart discount is, so the shares add up to the sale's PPN). A refund gives back these: a
 * line's amount alone left the PPN of an exclusive sale with the shop. Inclusive prices hold their
 * PPN already. The amounts add up to the total before cash rounding.
 */
export function paidLineAmounts(
  lines: readonly { readonly amount: number; readonly taxRate: number }[],
  priceMode: PriceMode,
): number[] {
  const paid = lines.map((l) => l.amount);
  if (priceMode === 'inclusive') return paid;
  // Grouped by basis points, as the server stores rates: 11 and 11.000000001 are one rate.
  const byRate = new Map<number, number[]>();
  for (const [i, l] of lines.entries()) {
    const bp = Math.round(l.taxRate * 100);
    const at = byRate.get(bp);
    if (at === undefined) byRate.set(bp, [i]);
    else at.push(i);
  }
  for (const [bp, at] of byRate) {
    const amounts = at.map((i) => lines[i]!.amount);
    const tax = taxOf(
      amounts.reduce((a, b) => a + b, 0),
      bp / 100,
      'exclusive',
    ).tax;
    allocateProportionally(tax, amounts).forEach((share, k) => (paid[at[k]!] = (paid[at[k]!] ?? 0) + share));
  }
  return paid;
}

/**
 * The price mode a recorded sale was rung up in, from its figures (the server's tables keep no mode):
 * PPN was added on top when the total before rounding is the lines' amounts plus the PPN.
 */
export function recordedPriceMode(sale: {
  readonly total: number;
  readonly rounding: number;
  readonly tax: number;
  readonly lineAmounts: readonly number[];
}): PriceMode {
  const net = sale.lineAmounts.reduce((a, b) => a + b, 0);
  return sale.tax > 0 && net + sale.tax === sale.total - sale.rounding ? 'exclusive' : 'inclusive';
}

/**
 * The money for refunding `quantity` more units of a line of which `already` went back before: the
 * line's amount in proportion, rounded down per step so that refunding every unit, in any steps,
 * gives back exactly the line's amount (discounts included).
 */
export function refundLineAmount(line: RefundableLine, already: number, quantity: number): number {
  const upTo = (k: number): number =>
    Math.floor((line.amount * Math.min(Math.max(k, 0), line.quantity)) / line.quantity);
  return upTo(already + quantity) - upTo(already);
}

/**
 * The refunds of `saleId` among `refunds`, each once: a till holds its own refunds and the feed's
 * (which carry its own back once synced), so one refund can be in both lists.
 */
export function refundsOfSale<R extends { readonly id: string; readonly saleId: string }>(
  saleId: string,
  refunds: readonly R[],
): R[] {
  return [...new Map(refunds.filter((r) => r.saleId === saleId).map((r) => [r.id, r])).values()];
}

/** Units of each sale line refunded so far, by refunds of that sale. */
export function refundedSoFar(
  refunds: readonly { readonly lines: readonly RefundLineInput[] }[],
): Map<number, number> {
  const done = new Map<number, number>();
  for (const r of refunds)
    for (const l of r.lines) done.set(l.saleLineNo, (done.get(l.saleLineNo) ?? 0) + l.quantity);
  return done;
}

/** The refund lines of a void: every unit of every line not yet refunded, nothing damaged. */
export function voidLines(
  sale: { readonly lines: readonly (RefundableLine & { readonly productId: string })[] },
  refunds: readonly { readonly lines: readonly RefundLineInput[] }[] = [],
): RefundLineInput[] {
  const done = refundedSoFar(refunds);
  return sale.lines.flatMap((l, i) => {
    const already = done.get(i) ?? 0;
    const quantity = l.quantity - already;
    return quantity <= 0
      ? []
      : [
          {
            saleLineNo: i,
            productId: l.productId,
            quantity,
            amount: refundLineAmount(l, already, quantity),
            damaged: false,
          },
        ];
  });
}

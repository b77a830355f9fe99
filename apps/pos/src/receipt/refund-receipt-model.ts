import {
  taxClassOfRate,
  taxOf,
  type PaymentMethod,
  type RefundMethod,
  type RefundReason,
} from '@kasir/protocol';
import type { TillRefund } from '../drawer/drawer-store.ts';
import {
  formatReceiptDateTime,
  receiptHeader,
  type ReceiptContext,
  type ReceiptHeader,
  type ReceiptTaxGroup,
} from './receipt-model.ts';

/** One line given back, as the refund receipt prints it. */
export interface RefundReceiptLine {
  readonly name: string;
  readonly quantity: number;
  readonly amount: number;
  /** Not back on the shelf: written off as damaged. */
  readonly damaged: boolean;
}

/**
 * Everything a refund or void receipt shows: the same header as the shop's sale receipts, the sale it
 * refers to, what went back and how the money went. One model for the screen, the browser's print
 * and the thermal printer's bytes, like the sale receipt's.
 */
export interface RefundReceiptModel extends ReceiptHeader {
  readonly kind: 'refund' | 'void';
  /** The original sale's receipt number: the customer's proof which sale this undoes. */
  readonly invoiceNumber: string;
  readonly dateTime: string;
  /** Who gave it, as sale receipts name their cashier. */
  readonly cashier: string;
  readonly reason: RefundReason;
  readonly lines: readonly RefundReceiptLine[];
  readonly total: number;
  /**
   * A PKP's receipt: the DPP and PPN the money given back holds, per rate, as its sale receipt showed
   * them (what the shop takes off its PPN owed). Empty for a shop that is no PKP, and when the rates
   * of the lines are not known (refunds saved before they were kept). Unlike a sale receipt, not
   * shown for a shop that is no PKP but added PPN on top (a branch stored so before the rule): it
   * has no PPN to take back, and the total given back says what the customer gets.
   */
  readonly taxes: readonly ReceiptTaxGroup[];
  readonly method: RefundMethod;
  /** How the sale was paid: what "the original method" is, said on the receipt. */
  readonly paidWith: readonly PaymentMethod[];
  /** Money left the drawer: the printer opens it (on the first print only). */
  readonly cash: boolean;
  /** A reprint (or a further copy): marked as a copy, and it never opens the drawer. */
  readonly copy: boolean;
}

/** What a refund receipt needs besides the refund: the shop, as for a sale receipt, and who gave it. */
export type RefundReceiptContext = Pick<
  ReceiptContext,
  'shopName' | 'address' | 'header' | 'npwp' | 'pkp' | 'timeZone' | 'language' | 'nameOf' | 'copy'
> & {
  readonly cashier: string;
};

export function buildRefundReceipt(refund: TillRefund, ctx: RefundReceiptContext): RefundReceiptModel {
  return {
    ...receiptHeader(ctx),
    kind: refund.reason === 'void' ? 'void' : 'refund',
    invoiceNumber: refund.invoiceNumber,
    dateTime: formatReceiptDateTime(refund.createdAt, ctx.timeZone ?? 'Asia/Jakarta', ctx.language),
    cashier: ctx.cashier,
    reason: refund.reason,
    lines: refund.lines.map((l) => ({
      name: ctx.nameOf(l.productId) ?? l.productId.slice(0, 8),
      quantity: l.quantity,
      amount: l.amount,
      damaged: l.damaged,
    })),
    total: refund.total,
    taxes: ctx.pkp === true ? taxesGivenBack(refund) : [],
    method: refund.method,
    paidWith: refund.paidWith ?? [],
    cash: refund.method === 'cash' && refund.total > 0,
    copy: ctx.copy,
  };
}

/**
 * The PPN in what a refund gives back, per rate. A refund line's amount is what the customer paid
 * for it, PPN included (with PPN added on top, its share of the PPN too: `paidLineAmounts`), so each
 * rate's sum is split as an inclusive amount: a whole void gives back the PPN of its sale receipt.
 */
function taxesGivenBack(refund: TillRefund): ReceiptTaxGroup[] {
  const rates = refund.taxRates;
  if (rates === undefined || rates.length !== refund.lines.length) return [];
  // Grouped by basis points, as the sale's totals group rates.
  const byRate = new Map<number, number>();
  refund.lines.forEach((l, i) => {
    const bp = Math.round((rates[i] ?? 0) * 100);
    if (bp > 0) byRate.set(bp, (byRate.get(bp) ?? 0) + l.amount);
  });
  return [...byRate]
    .sort(([a], [b]) => a - b)
    .map(([bp, amount]) => {
      const x = taxOf(amount, bp / 100, 'inclusive');
      return {
        taxClass: taxClassOfRate(x.taxRate),
        taxRate: x.taxRate,
        nominalRate: x.nominalRate,
        dpp: x.dpp,
        tax: x.tax,
      };
    });
}

import type { PaymentMethod, RefundMethod, RefundReason } from '@kasir/protocol';
import type { TillRefund } from '../drawer/drawer-store.ts';
import {
  formatReceiptDateTime,
  receiptHeader,
  type ReceiptContext,
  type ReceiptHeader,
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
    method: refund.method,
    paidWith: refund.paidWith ?? [],
    cash: refund.method === 'cash' && refund.total > 0,
    copy: ctx.copy,
  };
}

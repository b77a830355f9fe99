import { formatRupiah, type PaymentMethod, type RefundMethod, type RefundReason } from '@kasir/protocol';
import type { ReceiptPayment, ReceiptTaxGroup } from './receipt-model.ts';

/** The translation function the receipt needs (i18next's `t` fits). */
export type ReceiptT = (key: string, options?: Record<string, unknown>) => string;

/**
 * The receipt's words, shared by the screen, browser print and ESC/POS renderers so a label can
 * not differ between them. Tax groups are named by their class (issue 15.6: two groups must not
 * both read "PPN 12%").
 */
export function receiptLabels(t: ReceiptT) {
  return {
    copy: t('receipt.copy'),
    /** Said on the receipt of a sale that went back in full, or in part. */
    refunded: (r: { readonly total: number; readonly all: boolean; readonly voided: boolean }): string =>
      r.voided
        ? t('receipt.voided')
        : r.all
          ? t('receipt.refundedAll')
          : t('receipt.refundedPart', { amount: formatRupiah(r.total) }),
    npwp: t('receipt.npwp'),
    number: t('receipt.number'),
    date: t('receipt.date'),
    cashier: t('receipt.cashier'),
    customer: t('receipt.customer'),
    subtotal: t('receipt.subtotal'),
    discount: t('receipt.discount'),
    ppnAdded: t('receipt.ppnAdded'),
    rounding: t('receipt.rounding'),
    total: t('receipt.total'),
    change: t('receipt.change'),
    dpp: t('receipt.dpp'),
    exemptLegend: t('receipt.exemptLegend'),
    ppn: (rate: number): string => t('receipt.ppn', { rate }),
    taxGroup: (g: ReceiptTaxGroup): string =>
      g.taxClass === undefined
        ? t('receipt.taxClass.other', { rate: g.taxRate })
        : t(`receipt.taxClass.${g.taxClass}`),
    payment: (p: ReceiptPayment): string =>
      p.reference !== null && p.method !== 'card'
        ? `${t(`pay.method.${p.method}`)} (${p.reference})`
        : t(`pay.method.${p.method}`),
    /** Card details from the EDC slip: masked number, approval code, terminal reference. */
    paymentDetail: (p: ReceiptPayment): string =>
      [
        p.cardLast4 !== null ? `**** ${p.cardLast4}` : '',
        p.approvalCode !== null ? t('receipt.approval', { code: p.approvalCode }) : '',
        p.method === 'card' && p.reference !== null ? p.reference : '',
      ]
        .filter((s) => s !== '')
        .join(' '),
  };
}

/** The refund and void receipt's own words, shared by the screen and the ESC/POS bytes likewise. */
export function refundReceiptLabels(t: ReceiptT) {
  return {
    title: (kind: 'refund' | 'void'): string =>
      t(kind === 'void' ? 'refund.voidTitle' : 'refund.receiptTitle'),
    forReceipt: (number: string): string => t('refund.forReceipt', { number }),
    reason: (reason: RefundReason): string => `${t('refund.reason')}: ${t(`refund.reasons.${reason}`)}`,
    damaged: t('refund.damaged'),
    total: t('receipt.refundTotal'),
    taxes: t('receipt.refundTaxes'),
    /** "Metode pembayaran asal: QRIS" names the method when the sale's payments are known. */
    method: (method: RefundMethod, paidWith: readonly PaymentMethod[]): string =>
      method === 'cash'
        ? t('refund.methodCash')
        : paidWith.length === 0
          ? t('refund.methodOriginal')
          : paidWith.every((m) => m === 'cash')
            ? // A cash sale given back "by its own method" is cash that does not come out of this drawer.
              t('refund.methodCashElsewhere')
            : `${t('refund.methodOriginal')}: ${paidWith.map((m) => t(`pay.method.${m}`)).join(', ')}`,
  };
}

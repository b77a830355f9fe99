import { z } from 'zod';
import { Uuid } from '../ids.ts';
import { PriceMode } from '../money/tax.ts';
import { paidLineAmounts } from '../refunds/refund.ts';
import { PaymentMethod } from './sale-input.ts';

/**
 * What the server noticed on a sale it accepted (S7: a completed sale is never rejected for these).
 * - negative_stock: a line took the branch's on-hand quantity below zero
 * - price_deviation: a unit price differs from the catalog price at the time of receipt
 * - deleted_product / inactive_product: sold a product the catalog no longer offers
 * - invoice_number_mismatch: the number does not carry this branch's and device's codes
 * - duplicate_invoice_number: another sale of the branch already has this number
 * - tax_deviation: a line's tax rate (a tax class) differs from its product's catalog rate
 * - excessive_payment: cash paid beyond any plausible change (see EXCESSIVE_PAYMENT_* below)
 * - unknown_staff: `staffId` or `approvedBy` is no staff member of the branch (issue 13)
 * - suspicious_time: `createdAt` far ahead of the server's clock or older than a device can be
 *   offline (SUSPICIOUS_TIME_* below); device time is only recorded, never trusted (S4)
 */
export const SaleFlag = z.enum([
  'negative_stock',
  'price_deviation',
  'deleted_product',
  'inactive_product',
  'invoice_number_mismatch',
  'duplicate_invoice_number',
  'tax_deviation',
  'excessive_payment',
  'suspicious_time',
  'unknown_staff',
]);
export type SaleFlag = z.infer<typeof SaleFlag>;

/**
 * A sale's payments are flagged `excessive_payment` when they exceed the total by more than this
 * multiple of the total plus a fixed allowance: paying Rp 100,000 for Rp 7,500 is ordinary change,
 * Rp 50,000,000 for it is a typo or an attempt to hide cash.
 */
export const EXCESSIVE_PAYMENT_MULTIPLE = 10;
export const EXCESSIVE_PAYMENT_ALLOWANCE = 1_000_000;

/** A sale is flagged `suspicious_time` when its `createdAt` is this far ahead of the server... */
export const SUSPICIOUS_TIME_AHEAD_MS = 7 * 24 * 60 * 60 * 1000;
/** ...or older than this: longer than a device is expected to stay offline. */
export const SUSPICIOUS_TIME_BEHIND_MS = 90 * 24 * 60 * 60 * 1000;

export const SaleLine = z.object({
  productId: Uuid,
  quantity: z.number().int(),
  unitPrice: z.number().int(),
  discount: z.number().int(),
  cartDiscountShare: z.number().int(),
  taxRate: z.number(),
  amount: z.number().int(),
});
export type SaleLine = z.infer<typeof SaleLine>;

export const SalePayment = z.object({
  method: PaymentMethod,
  amount: z.number().int(),
  reference: z.string().nullable(),
  /** Card payments only, when the cashier typed them. */
  approvalCode: z.string().optional(),
  cardLast4: z.string().optional(),
});
export type SalePayment = z.infer<typeof SalePayment>;

export const SaleTax = z.object({
  taxRate: z.number(),
  net: z.number().int(),
  dpp: z.number().int(),
  nominalRate: z.number(),
  tax: z.number().int(),
});

/** A sale as the server stored it; the body of `POST /api/sales` (201, and 200 on replay). */
export const Sale = z.object({
  id: Uuid,
  branchId: Uuid,
  deviceId: Uuid,
  invoiceNumber: z.string(),
  createdAt: z.string(),
  receivedAt: z.string(),
  priceMode: PriceMode,
  lines: z.array(SaleLine),
  payments: z.array(SalePayment),
  taxes: z.array(SaleTax),
  subtotal: z.number().int(),
  discount: z.number().int(),
  tax: z.number().int(),
  total: z.number().int(),
  /** Cash rounding included in `total`; absent when the sale was not rounded. */
  rounding: z.number().int().optional(),
  paid: z.number().int(),
  change: z.number().int(),
  flags: z.array(SaleFlag),
  cashierName: z.string().nullable(),
  note: z.string().nullable(),
  /** Present when the sale was made in a shift / for a customer (sale-input.ts). */
  shiftId: Uuid.optional(),
  customerId: Uuid.optional(),
  /** Issue 13; optional on the wire so an older server's answer still parses. */
  staffId: Uuid.nullable().optional(),
  approvedBy: Uuid.nullable().optional(),
});
export type Sale = z.infer<typeof Sale>;

/** The small view of a sale carried by the change feed and `new_sale` events. */
export const SaleSummary = z.object({
  id: Uuid,
  deviceId: Uuid,
  /** The selling device's name, for "Transaksi baru dari Kasir 2". */
  deviceName: z.string(),
  invoiceNumber: z.string(),
  createdAt: z.string(),
  receivedAt: z.string(),
  total: z.number().int(),
  itemCount: z.number().int(),
  flags: z.array(SaleFlag),
  /**
   * What a till needs to refund the sale offline when another till made it (refunds/refund.ts):
   * its lines and payments. A line's `amount` is what the customer paid for it (`paidLineAmounts`:
   * with PPN added on top, its share of the PPN too; summaries from before that rule hold the amount
   * before PPN). Absent on summaries recorded before refunds existed. A line's `taxRate` (the rate
   * it was charged at) lets a PKP's refund receipt show the PPN given back; absent on older ones.
   */
  lines: z
    .array(
      z.object({
        productId: Uuid,
        quantity: z.number().int(),
        amount: z.number().int(),
        taxRate: z.number().optional(),
      }),
    )
    .optional(),
  payments: z.array(z.object({ method: PaymentMethod, amount: z.number().int() })).optional(),
});
export type SaleSummary = z.infer<typeof SaleSummary>;

export function summarizeSale(s: Sale, deviceName: string): SaleSummary {
  return {
    id: s.id,
    deviceId: s.deviceId,
    deviceName,
    invoiceNumber: s.invoiceNumber,
    createdAt: s.createdAt,
    receivedAt: s.receivedAt,
    total: s.total,
    itemCount: s.lines.reduce((a, l) => a + l.quantity, 0),
    flags: s.flags,
    lines: paidLineAmounts(s.lines, s.priceMode).map((amount, i) => ({
      productId: s.lines[i]!.productId,
      quantity: s.lines[i]!.quantity,
      amount,
      taxRate: s.lines[i]!.taxRate,
    })),
    payments: s.payments.map((p) => ({ method: p.method, amount: p.amount })),
  };
}

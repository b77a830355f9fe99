import { z } from 'zod';
import { Uuid } from '../ids.ts';
import { name, text } from '../text.ts';
import { Rupiah } from '../money/rupiah.ts';
import { PriceMode, TaxRate } from '../money/tax.ts';

/** Most lines one sale may hold; a bigger basket is split by the cashier. */
export const MAX_SALE_LINES = 500;
export const MAX_LINE_QUANTITY = 100_000;

export const PaymentMethod = z.enum(['cash', 'qris', 'ewallet', 'card', 'transfer']);
export type PaymentMethod = z.infer<typeof PaymentMethod>;

export const SaleLineInput = z.strictObject({
  productId: Uuid,
  /** Whole units; stock is counted in the same units. */
  quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY),
  /** Price charged per unit (S7: the price charged, not necessarily today's catalog price). */
  unitPrice: Rupiah,
  /** Line discount in rupiah, at most quantity x unitPrice. */
  discount: Rupiah.optional(),
  /** Effective tax rate charged; the product's current rate when left out. */
  taxRate: TaxRate.optional(),
  /** Optional client-computed line amount, checked by the server. */
  total: Rupiah.optional(),
});
export type SaleLineInput = z.infer<typeof SaleLineInput>;

export const PaymentInput = z.strictObject({
  method: PaymentMethod,
  amount: Rupiah.refine((a) => a > 0, 'payment amount must be positive'),
  /** QRIS / e-wallet / EDC reference. */
  reference: text(1, 100).optional(),
});
export type PaymentInput = z.infer<typeof PaymentInput>;

/**
 * A completed sale as a device sends it (`POST /api/sales`, or a `sale.create` mutation).
 * `id` is a client-generated UUIDv7 and the idempotency key (S2, S3); `createdAt` is device time,
 * recorded for display only (S4).
 */
export const SaleInput = z.strictObject({
  id: Uuid,
  invoiceNumber: text(1, 64),
  createdAt: z.iso.datetime({ offset: true }),
  lines: z.array(SaleLineInput).min(1).max(MAX_SALE_LINES),
  payments: z.array(PaymentInput).min(1).max(10),
  /** Cart discount in rupiah, spread over the lines in proportion to their amounts. */
  discount: Rupiah.optional(),
  priceMode: PriceMode.optional(),
  /** Optional client-computed totals, checked by the server. */
  tax: Rupiah.optional(),
  total: Rupiah.optional(),
  cashierName: name(0, 100).optional(),
  note: text(0, 500).optional(),
  /** The drawer's shift the sale's cash went into (shifts/shift.ts), when the till had one open. */
  shiftId: Uuid.optional(),
  /** The customer the sale is for (customers/customer.ts); an id merged by phone still resolves. */
  customerId: Uuid.optional(),
  /** The signed-in staff member (issue 13); absent from tills older than staff sign-in. */
  staffId: Uuid.optional(),
  /** Who gave their PIN for something on this sale the cashier may not do alone (a big discount). */
  approvedBy: Uuid.optional(),
});
export type SaleInput = z.infer<typeof SaleInput>;

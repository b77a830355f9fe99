import type { PaymentInput, SaleInput } from './sale-input.ts';
import type { SaleTotals } from './sale-totals.ts';
import type { Sale, SaleFlag, SalePayment } from './sale.ts';

/** Where and when the server received a sale: the facts a sale holds that its input does not. */
export interface SaleReceipt {
  readonly branchId: string;
  readonly deviceId: string;
  /** Server time of receipt (S4: device time is `createdAt`, recorded for display only). */
  readonly receivedAt: string;
}

/**
 * The sale as the server stores and returns it, from the device's input and the totals
 * `computeSaleTotals` derived for that input (its lines in input order). The amounts are the
 * derived ones, never the client's; optional input fields become `null`; `flags` is a fresh array
 * the caller may still add to (negative stock is known only once stock has moved).
 * One implementation for the server and the fake backend of the sync tests, so they cannot drift.
 */
export function assembleSale(
  input: SaleInput,
  totals: SaleTotals,
  receipt: SaleReceipt,
  flags: readonly SaleFlag[] = [],
): Sale {
  return {
    id: input.id,
    branchId: receipt.branchId,
    deviceId: receipt.deviceId,
    invoiceNumber: input.invoiceNumber,
    createdAt: input.createdAt,
    receivedAt: receipt.receivedAt,
    priceMode: input.priceMode ?? 'inclusive',
    lines: input.lines.map((l, i) => {
      const priced = totals.lines[i];
      if (priced === undefined) throw new Error(`assembleSale: no priced line ${i}`);
      return {
        productId: l.productId,
        quantity: priced.quantity,
        unitPrice: priced.unitPrice,
        discount: priced.discount,
        cartDiscountShare: priced.cartDiscountShare,
        taxRate: priced.taxRate,
        amount: priced.amount,
      };
    }),
    payments: input.payments.map(salePaymentOf),
    taxes: [...totals.taxes],
    subtotal: totals.subtotal,
    discount: totals.discount,
    tax: totals.tax,
    total: totals.total,
    paid: totals.paid,
    change: totals.change,
    flags: [...flags],
    cashierName: input.cashierName ?? null,
    note: input.note ?? null,
    ...(input.shiftId === undefined ? {} : { shiftId: input.shiftId }),
    ...(input.customerId === undefined ? {} : { customerId: input.customerId }),
    // Only when sent, so an older till's sale replays byte for byte as before (S3).
    ...(input.staffId === undefined ? {} : { staffId: input.staffId }),
    ...(input.approvedBy === undefined ? {} : { approvedBy: input.approvedBy }),
  };
}

/** A payment as a sale stores it and a receipt prints it: no reference is `null`. */
export function salePaymentOf(p: PaymentInput): SalePayment {
  return { method: p.method, amount: p.amount, reference: p.reference ?? null };
}

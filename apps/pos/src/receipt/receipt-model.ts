import { computeSaleTotals, salePaymentOf, type PaymentMethod, type TaxBreakdown } from '@kasir/protocol';
import type { LocalSale } from '@kasir/sync';

/** Everything a printed receipt shows, computed once from the sale as recorded. */
export interface ReceiptModel {
  readonly shopName: string;
  readonly headerLines: readonly string[];
  readonly footerLines: readonly string[];
  readonly invoiceNumber: string;
  readonly createdAt: string;
  readonly cashier: string;
  readonly lines: readonly {
    readonly name: string;
    readonly quantity: number;
    readonly unitPrice: number;
    readonly discount: number;
    readonly amount: number;
  }[];
  readonly subtotal: number;
  readonly discount: number;
  readonly taxes: readonly TaxBreakdown[];
  readonly tax: number;
  readonly total: number;
  readonly payments: readonly { method: PaymentMethod; amount: number; reference: string | null }[];
  readonly paid: number;
  readonly change: number;
  /** Not yet acknowledged by the server: "Belum tersinkron". */
  readonly pending: boolean;
  /** A reprint: marked as a copy. */
  readonly copy: boolean;
}

export interface ReceiptContext {
  readonly shopName: string;
  readonly header: string;
  readonly footer: string;
  readonly cashier: string;
  /** A product's name, or undefined when the catalog no longer has it. */
  readonly nameOf: (productId: string) => string | undefined;
  readonly copy: boolean;
}

const splitLines = (s: string): string[] =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

/**
 * Builds the receipt from the sale's own input with the protocol's arithmetic, so the receipt
 * shows exactly what the server will check (line amounts after the cart discount share, tax per
 * rate group with DPP).
 */
export function buildReceipt(sale: LocalSale, ctx: ReceiptContext): ReceiptModel {
  const input = sale.input;
  // prepareSale filled every line's tax rate before the commit; 0 only guards the type.
  const result = computeSaleTotals({
    ...input,
    lines: input.lines.map((l) => ({ ...l, taxRate: l.taxRate ?? 0 })),
  });
  if (!result.ok) throw new Error(`recorded sale ${sale.id} does not add up: ${result.message}`);
  const t = result.totals;
  return {
    shopName: ctx.shopName,
    headerLines: splitLines(ctx.header),
    footerLines: splitLines(ctx.footer),
    invoiceNumber: sale.invoiceNumber,
    createdAt: sale.createdAt,
    cashier: input.cashierName ?? ctx.cashier,
    lines: input.lines.map((l, i) => ({
      name: ctx.nameOf(l.productId) ?? l.productId.slice(0, 8),
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discount: l.discount ?? 0,
      amount: (t.lines[i]?.gross ?? 0) - (l.discount ?? 0),
    })),
    subtotal: t.subtotal,
    discount: t.discount,
    taxes: t.taxes.filter((x) => x.taxRate > 0),
    tax: t.tax,
    total: t.total,
    payments: input.payments.map(salePaymentOf),
    paid: t.paid,
    change: t.change,
    pending: sale.sync.kind !== 'synced',
    copy: ctx.copy,
  };
}

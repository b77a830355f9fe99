import {
  computeSaleTotals,
  refundedSoFar,
  refundsOfSale,
  saleQrPayload,
  taxClassOfRate,
  type PaymentMethod,
  type RefundLineInput,
  type TaxClass,
} from '@kasir/protocol';
import type { LocalSale } from '@kasir/sync';

/** One line of goods as the receipt prints it. */
export interface ReceiptLine {
  readonly name: string;
  readonly quantity: number;
  readonly unitPrice: number;
  readonly discount: number;
  /** quantity x unitPrice - discount (before the cart discount's share). */
  readonly amount: number;
  /** Exempt from PPN: marked on the receipt so the two tax groups read right (issue 15.6). */
  readonly exempt: boolean;
}

/** One PPN group: the tax class names it, so "standard" and "luxury" never read alike. */
export interface ReceiptTaxGroup {
  /** The class of the group's rate; undefined for a product rate that is no class (e.g. 1.1). */
  readonly taxClass: TaxClass | undefined;
  readonly taxRate: number;
  readonly nominalRate: number;
  readonly dpp: number;
  readonly tax: number;
}

export interface ReceiptPayment {
  readonly method: PaymentMethod;
  readonly amount: number;
  readonly reference: string | null;
  readonly approvalCode: string | null;
  readonly cardLast4: string | null;
}

/** The top of every receipt this till prints (sales and refunds): who the shop is. */
export interface ReceiptHeader {
  readonly shopName: string;
  /** Address and the owner's header lines, in print order. */
  readonly headerLines: readonly string[];
  /** The shop's NPWP, only when it is a PKP (a VAT-registered business). */
  readonly npwp: string | null;
  /** The language the receipt is printed in: the branch's, not the till's screens'. */
  readonly language: string;
}

/**
 * Everything a receipt shows, computed once from the sale as recorded. One model for the three
 * renderers (screen, browser print, ESC/POS bytes) so they cannot disagree (docs/architecture.md, "The shop on the core").
 */
export interface ReceiptModel extends ReceiptHeader {
  readonly footerLines: readonly string[];
  readonly invoiceNumber: string;
  readonly createdAt: string;
  /** Date and time of the sale in the branch's time zone, as printed ("02/12/2026 14.05 WIB"). */
  readonly dateTime: string;
  readonly cashier: string;
  /** The customer the sale was made for, by name; null when none (or the device does not know them). */
  readonly customer: string | null;
  readonly lines: readonly ReceiptLine[];
  readonly subtotal: number;
  readonly discount: number;
  readonly taxes: readonly ReceiptTaxGroup[];
  readonly tax: number;
  /** PPN is added on top of the prices (shown as its own line above the total). */
  readonly taxAdded: boolean;
  /** Cash rounding included in the total (0 when none). */
  readonly rounding: number;
  readonly total: number;
  readonly payments: readonly ReceiptPayment[];
  readonly paid: number;
  readonly change: number;
  /** Whether cash changed hands: the drawer opens only then. */
  readonly cash: boolean;
  /** The QR code printed at the bottom: refunds scan it (protocol `parseSaleQr`). */
  readonly saleQr: string;
  /** Not yet acknowledged by the server: shown on screen only, never printed (issue 15.6). */
  readonly pending: boolean;
  /** A reprint: marked as a copy. */
  readonly copy: boolean;
  /**
   * What went back of this sale so far, by the refunds and voids the till knows of (its own, and
   * other tills' as the feed brought them); null when nothing. A receipt of a voided sale says so.
   */
  readonly refunded: {
    readonly total: number;
    readonly all: boolean;
    /** The whole sale was voided (a cancelled sale, not goods returned): said as such. */
    readonly voided: boolean;
  } | null;
}

/** What the receipt needs besides the sale: the shop, the branch and the device. */
export interface ReceiptContext {
  readonly shopName: string;
  /** Branch address, possibly several lines. */
  readonly address?: string | undefined;
  readonly header: string;
  readonly footer: string;
  /** NPWP as stored; printed only when `pkp`. */
  readonly npwp?: string | null | undefined;
  readonly pkp?: boolean | undefined;
  /** IANA zone of the branch (WIB, WITA or WIT); Asia/Jakarta when unknown. */
  readonly timeZone?: string | undefined;
  readonly language?: string | undefined;
  readonly cashier: string;
  /** The name of the customer the sale names (`customerId`), when the till knows it. */
  readonly customerName?: string | undefined;
  /** A product's name, or undefined when the catalog no longer has it. */
  readonly nameOf: (productId: string) => string | undefined;
  readonly copy: boolean;
  /** Refunds of this sale the till knows of; one refund in two lists counts once (by id). */
  readonly refunds?: readonly ReceiptRefund[] | undefined;
}

/** A refund as the receipt counts it. */
export interface ReceiptRefund {
  readonly id: string;
  readonly saleId: string;
  readonly total: number;
  readonly lines: readonly RefundLineInput[];
  /** `void` for a cancelled sale; absent on refunds held before the reason was kept here. */
  readonly reason?: string;
}

/** The total of `refunds` of `sale`, and whether every unit of every line went back; null when none. */
export function refundedOf(sale: LocalSale, refunds: readonly ReceiptRefund[]): ReceiptModel['refunded'] {
  const once = refundsOfSale(sale.id, refunds);
  if (once.length === 0) return null;
  const done = refundedSoFar(once);
  return {
    total: once.reduce((a, r) => a + r.total, 0),
    all: sale.input.lines.every((l, i) => (done.get(i) ?? 0) >= l.quantity),
    voided: once.some((r) => r.reason === 'void'),
  };
}

const splitLines = (s: string): string[] =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

const ZONE_NAMES: Readonly<Record<string, string>> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

/**
 * Formatters by language and zone: making an Intl.DateTimeFormat costs about a millisecond (locale
 * data), which the receipt right after a sale should not pay each time.
 */
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
function dateTimeFormat(language: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${language}|${timeZone}`;
  let f = dateTimeFormats.get(key);
  if (f === undefined) {
    f = new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'id-ID', {
      timeZone,
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    dateTimeFormats.set(key, f);
  }
  return f;
}

/** "02/12/2026 14.05 WIB": the sale's instant in the branch's zone, named the Indonesian way. */
export function formatReceiptDateTime(iso: string, timeZone: string, language = 'id'): string {
  const at = new Date(iso);
  let zone = timeZone;
  let text: string;
  try {
    text = dateTimeFormat(language, timeZone).format(at).replace(',', '');
  } catch {
    zone = 'UTC';
    text = at.toISOString().slice(0, 16).replace('T', ' ');
  }
  return `${text} ${ZONE_NAMES[zone] ?? zone}`;
}

/** The shop's name, address, header lines and (for a PKP) NPWP, as every receipt starts. */
export function receiptHeader(
  ctx: Pick<ReceiptContext, 'shopName' | 'address' | 'header' | 'npwp' | 'pkp' | 'language'>,
): ReceiptHeader {
  return {
    language: ctx.language ?? 'id',
    shopName: ctx.shopName,
    headerLines: [...splitLines(ctx.address ?? ''), ...splitLines(ctx.header)],
    npwp: ctx.pkp === true && ctx.npwp ? formatNpwp(ctx.npwp) : null,
  };
}

/**
 * An NPWP as people write it: the 15 digits the back office stores become "01.234.567.8-901.000";
 * anything else (the 16-digit NPWP of a NIK, or a number typed with its dots) prints as it is.
 */
export function formatNpwp(npwp: string): string {
  const m = /^(\d{2})(\d{3})(\d{3})(\d)(\d{3})(\d{3})$/.exec(npwp);
  return m === null ? npwp : `${m[1]}.${m[2]}.${m[3]}.${m[4]}-${m[5]}.${m[6]}`;
}

/**
 * Builds the receipt from the sale's own input with the protocol's arithmetic, so the receipt
 * shows exactly what the server will check (tax per rate group with DPP, rounding, change).
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
  // Only a PKP's receipt is a tax document: a shop not registered for PPN prints no DPP/PPN groups
  // and no exempt marks. PPN added on top of the prices is still shown, since the customer paid it.
  const taxDetail = ctx.pkp === true || (input.priceMode ?? 'inclusive') === 'exclusive';
  return {
    ...receiptHeader(ctx),
    footerLines: splitLines(ctx.footer),
    invoiceNumber: sale.invoiceNumber,
    createdAt: sale.createdAt,
    dateTime: formatReceiptDateTime(sale.createdAt, ctx.timeZone ?? 'Asia/Jakarta', ctx.language),
    cashier: input.cashierName ?? ctx.cashier,
    customer: input.customerId !== undefined && ctx.customerName !== undefined ? ctx.customerName : null,
    lines: input.lines.map((l, i) => ({
      name: ctx.nameOf(l.productId) ?? l.productId.slice(0, 8),
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discount: l.discount ?? 0,
      amount: (t.lines[i]?.gross ?? 0) - (l.discount ?? 0),
      exempt: taxDetail && (l.taxRate ?? 0) === 0,
    })),
    subtotal: t.subtotal,
    discount: t.discount,
    taxes: t.taxes
      .filter((x) => taxDetail && x.taxRate > 0)
      .map((x) => ({
        taxClass: taxClassOfRate(x.taxRate),
        taxRate: x.taxRate,
        nominalRate: x.nominalRate,
        dpp: x.dpp,
        tax: x.tax,
      })),
    tax: t.tax,
    taxAdded: (input.priceMode ?? 'inclusive') === 'exclusive',
    rounding: t.rounding,
    total: t.total,
    payments: input.payments.map((p) => ({
      method: p.method,
      amount: p.amount,
      reference: p.reference ?? null,
      approvalCode: p.approvalCode ?? null,
      cardLast4: p.cardLast4 ?? null,
    })),
    paid: t.paid,
    change: t.change,
    cash: input.payments.some((p) => p.method === 'cash'),
    saleQr: saleQrPayload(sale),
    pending: sale.sync.kind !== 'synced',
    copy: ctx.copy,
    refunded: refundedOf(sale, ctx.refunds ?? []),
  };
}

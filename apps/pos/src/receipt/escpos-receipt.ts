import { formatRupiah } from '@kasir/protocol';
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { receiptLabels, refundReceiptLabels, type ReceiptT } from './receipt-labels.ts';
import type { ReceiptHeader, ReceiptModel, ReceiptTaxGroup } from './receipt-model.ts';
import type { RefundReceiptModel } from './refund-receipt-model.ts';

/** Thermal paper: 58 mm holds 32 characters of font A, 80 mm holds 48. */
export type PaperColumns = 32 | 48;
export const columnsOf = (paperWidth: 58 | 80): PaperColumns => (paperWidth === 80 ? 48 : 32);

export interface EscPosOptions {
  readonly columns: PaperColumns;
  /** Send the drawer pulse (only a cash sale opens the drawer; the caller decides). */
  readonly openDrawer: boolean;
  /** ESC/POS for most printers; Star printers speak StarPRNT. */
  readonly language?: 'esc-pos' | 'star-prnt';
}

/** Amounts without "Rp": a narrow receipt has no room for it on every line. */
const amount = (n: number): string => formatRupiah(n).replace('Rp ', '');

/**
 * Left text and a right-aligned amount on one line of `columns`; when both do not fit, the text
 * gets its own line(s) and the amount the next.
 */
export function pairLines(left: string, right: string, columns: number): string[] {
  if (left.length + 1 + right.length <= columns) {
    return [left + ' '.repeat(columns - left.length - right.length) + right];
  }
  return [...wrap(left, columns), right.padStart(columns)];
}

/** Word wrap to `columns`; a word longer than a line is cut. */
export function wrap(text: string, columns: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    for (let w = word; w !== ''; w = w.slice(columns)) {
      const part = w.slice(0, columns);
      if (line === '') line = part;
      else if (line.length + 1 + part.length <= columns) line += ` ${part}`;
      else {
        out.push(line);
        line = part;
      }
    }
  }
  if (line !== '') out.push(line);
  return out.length === 0 ? [''] : out;
}

/**
 * The receipt as ESC/POS (or StarPRNT) bytes, built from the same model as the screen: header,
 * NPWP for a PKP, lines with discounts and exempt marks, totals with rounding, payments and
 * change, DPP and PPN per tax class, footer, the sale's QR code, a partial cut, and the drawer
 * pulse when asked. "Belum tersinkron" is never printed: the customer's receipt is not the
 * cashier's sync status.
 */
export function encodeReceipt(model: ReceiptModel, t: ReceiptT, options: EscPosOptions): Uint8Array {
  const cols = options.columns;
  const L = receiptLabels(t);
  const { e, lines, pair, rule } = printer(options);

  e.align('center');
  if (model.copy) e.bold(true).line(L.copy).bold(false);
  if (model.refunded !== null) {
    e.bold(true);
    lines(wrap(L.refunded(model.refunded), cols));
    e.bold(false);
  }
  shopHeader(e, model, L.npwp, cols);
  rule();
  lines(wrap(`${L.number}: ${model.invoiceNumber}`, cols));
  lines(wrap(`${L.date}: ${model.dateTime}`, cols));
  lines(wrap(`${L.cashier}: ${model.cashier}`, cols));
  if (model.customer !== null) lines(wrap(`${L.customer}: ${model.customer}`, cols));
  rule();
  for (const l of model.lines) {
    lines(wrap(l.exempt ? `${l.name} *` : l.name, cols));
    pair(`  ${l.quantity} x ${amount(l.unitPrice)}`, amount(l.quantity * l.unitPrice));
    if (l.discount > 0) pair(`  ${L.discount}`, `-${amount(l.discount)}`);
  }
  rule();
  pair(L.subtotal, amount(model.subtotal));
  if (model.discount > 0) pair(L.discount, `-${amount(model.discount)}`);
  if (model.taxAdded) pair(L.ppnAdded, amount(model.tax));
  if (model.rounding !== 0) pair(L.rounding, amount(model.rounding));
  e.bold(true);
  pair(L.total, formatRupiah(model.total));
  e.bold(false);
  for (const p of model.payments) {
    pair(L.payment(p), amount(p.amount));
    const detail = L.paymentDetail(p);
    if (detail !== '') lines(wrap(detail, cols - 2).map((x) => `  ${x}`));
  }
  // Change is cash's: a sale paid by QRIS or card alone prints no "Kembalian Rp 0".
  if (model.cash) pair(L.change, amount(model.change));
  if (model.lines.some((l) => l.exempt) || model.taxes.length > 0) rule();
  if (model.lines.some((l) => l.exempt)) lines(wrap(L.exemptLegend, cols));
  taxGroups(model.taxes, L, { lines, pair }, cols);
  rule();
  e.align('center');
  e.qrcode(model.saleQr, { model: 2, size: cols === 32 ? 5 : 6, errorlevel: 'm' });
  for (const f of model.footerLines) lines(wrap(f, cols));
  e.align('left');
  e.newline(2);
  e.cut('partial');
  if (options.openDrawer) e.pulse();
  return e.encode();
}

/**
 * A refund or void receipt as ESC/POS (or StarPRNT) bytes: the shop's header as on its sale
 * receipts, the title, the sale it refers to, what went back (damaged goods marked), the reason, the
 * total and how the money went, the cut, and the drawer pulse when asked (money left the drawer).
 */
export function encodeRefundReceipt(
  model: RefundReceiptModel,
  t: ReceiptT,
  options: EscPosOptions,
): Uint8Array {
  const cols = options.columns;
  const L = receiptLabels(t);
  const R = refundReceiptLabels(t);
  const { e, lines, pair, rule } = printer(options);

  e.align('center');
  if (model.copy) e.bold(true).line(L.copy).bold(false);
  shopHeader(e, model, L.npwp, cols);
  rule();
  e.align('center').bold(true);
  lines(wrap(R.title(model.kind), cols));
  e.bold(false).align('left');
  lines(wrap(R.forReceipt(model.invoiceNumber), cols));
  lines(wrap(`${L.date}: ${model.dateTime}`, cols));
  lines(wrap(`${L.cashier}: ${model.cashier}`, cols));
  rule();
  for (const l of model.lines) {
    pair(`${l.quantity} x ${l.name}`, amount(l.amount));
    if (l.damaged) lines([`  (${R.damaged})`]);
  }
  rule();
  lines(wrap(R.reason(model.reason), cols));
  e.bold(true);
  pair(R.total, formatRupiah(model.total));
  e.bold(false);
  lines(wrap(R.method(model.method, model.paidWith), cols));
  if (model.taxes.length > 0) {
    rule();
    lines(wrap(R.taxes, cols));
    taxGroups(model.taxes, L, { lines, pair }, cols);
  }
  e.newline(2);
  e.cut('partial');
  if (options.openDrawer) e.pulse();
  return e.encode();
}

/** The DPP and PPN of each rate group, as a sale receipt and a PKP's refund receipt print them. */
function taxGroups(
  taxes: readonly ReceiptTaxGroup[],
  L: ReturnType<typeof receiptLabels>,
  p: Pick<ReturnType<typeof printer>, 'lines' | 'pair'>,
  cols: number,
): void {
  for (const x of taxes) {
    p.lines(wrap(L.taxGroup(x), cols));
    p.pair(`  ${L.dpp}`, amount(x.dpp));
    p.pair(`  ${L.ppn(x.nominalRate)}`, amount(x.tax));
  }
}

/** An encoder for `options` with the line helpers every receipt uses. */
function printer(options: EscPosOptions) {
  const cols = options.columns;
  const e = new ReceiptPrinterEncoder({ columns: cols, language: options.language ?? 'esc-pos' });
  e.initialize().codepage('auto');
  const lines = (xs: readonly string[]): void => {
    for (const x of xs) e.line(x);
  };
  const pair = (left: string, right: string): void => lines(pairLines(left, right, cols));
  const rule = (): void => {
    e.line('-'.repeat(cols));
  };
  return { e, lines, pair, rule };
}

/** The shop's name (large), address and header lines, and a PKP's NPWP, as aligned before; ends aligned left. */
function shopHeader(e: ReceiptPrinterEncoder, h: ReceiptHeader, npwpLabel: string, cols: number): void {
  e.bold(true).size(1, 2);
  for (const x of wrap(h.shopName, cols)) e.line(x);
  e.size(1, 1).bold(false);
  for (const line of h.headerLines) for (const x of wrap(line, cols)) e.line(x);
  if (h.npwp !== null) for (const x of wrap(`${npwpLabel} ${h.npwp}`, cols)) e.line(x);
  e.align('left');
}

/**
 * Lines already laid out for the paper's columns (an X or Z report), printed as they are, then the
 * cut: no drawer pulse, whatever the report says about cash.
 */
export function encodeTextLines(
  lines: readonly string[],
  columns: PaperColumns,
  language: 'esc-pos' | 'star-prnt' = 'esc-pos',
): Uint8Array {
  const e = new ReceiptPrinterEncoder({ columns, language });
  e.initialize().codepage('auto').align('left');
  for (const line of lines) e.line(line);
  e.newline(2).cut('partial');
  return e.encode();
}

/** Only the drawer pulse (ESC p): opening the drawer without a sale prints nothing. */
export function encodeDrawerPulse(language: 'esc-pos' | 'star-prnt' = 'esc-pos'): Uint8Array {
  return new ReceiptPrinterEncoder({ language }).initialize().pulse().encode();
}

/** A test page: the paper width as a ruler, Indonesian text, a QR code, the cut. */
export function encodeTestPage(
  t: ReceiptT,
  columns: PaperColumns,
  language: 'esc-pos' | 'star-prnt' = 'esc-pos',
): Uint8Array {
  const e = new ReceiptPrinterEncoder({ columns, language });
  e.initialize().codepage('auto').align('center').bold(true).line(t('printer.testTitle')).bold(false);
  e.line(t('printer.testWidth', { columns }));
  e.align('left').line('1234567890'.repeat(Math.ceil(columns / 10)).slice(0, columns));
  e.line('-'.repeat(columns));
  e.align('center').qrcode('KASIR TEST', { model: 2, size: columns === 32 ? 5 : 6, errorlevel: 'm' });
  e.newline(2).cut('partial');
  return e.encode();
}

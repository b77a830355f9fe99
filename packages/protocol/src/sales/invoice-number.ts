/**
 * Receipt numbers are made offline and never collide (S10):
 * `<branch code>-<device code>-<yyyymmdd>-<counter>`, the device code registered on the server and
 * the counter persisted on the device.
 */
export const INVOICE_NUMBER_PATTERN = /^([A-Z0-9]{1,10})-([A-Z0-9]{1,10})-(\d{8})-(\d{1,9})$/;

export interface InvoiceNumberParts {
  readonly branchCode: string;
  readonly deviceCode: string;
  /** Local calendar date of the device as `yyyymmdd`. */
  readonly date: string;
  readonly counter: number;
}

/** Formats the parts; the counter is padded to four digits so numbers sort within a day. */
export function formatInvoiceNumber(p: InvoiceNumberParts): string {
  return `${p.branchCode}-${p.deviceCode}-${p.date}-${String(p.counter).padStart(4, '0')}`;
}

/** Parses an invoice number, or returns null when it does not have the S10 shape. */
export function parseInvoiceNumber(s: string): InvoiceNumberParts | null {
  const m = INVOICE_NUMBER_PATTERN.exec(s);
  if (!m) return null;
  const [, branchCode, deviceCode, date, counter] = m;
  if (branchCode === undefined || deviceCode === undefined || date === undefined || counter === undefined) {
    return null;
  }
  return { branchCode, deviceCode, date, counter: Number(counter) };
}

/** `yyyymmdd` of a date in the device's local calendar. */
export function invoiceDate(d: Date): string {
  const mm = String(d.getMonth() + 1).padStart(2, '0');
  const dd = String(d.getDate()).padStart(2, '0');
  return `${d.getFullYear()}${mm}${dd}`;
}

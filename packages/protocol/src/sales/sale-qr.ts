/**
 * The QR code printed on every receipt, which a refund scans to find the sale: a fixed prefix, the
 * receipt number (people read it) and the sale id (the key, S2). Short enough for a small QR.
 */
const PREFIX = 'KASIR1';

export function saleQrPayload(sale: { readonly id: string; readonly invoiceNumber: string }): string {
  return `${PREFIX}|${sale.invoiceNumber}|${sale.id}`;
}

/** The sale a scanned receipt QR names, or null for any other code. */
export function parseSaleQr(text: string): { saleId: string; invoiceNumber: string } | null {
  const parts = text.trim().split('|');
  if (parts.length !== 3 || parts[0] !== PREFIX) return null;
  const [, invoiceNumber, saleId] = parts;
  if (invoiceNumber === undefined || saleId === undefined) return null;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(saleId)) return null;
  return { saleId, invoiceNumber };
}

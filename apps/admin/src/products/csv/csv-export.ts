import type { AdminProduct } from '@kasir/protocol';
import Papa from 'papaparse';
import { IMPORT_FIELDS } from './columns.ts';

/**
 * Headers of an export: the import's own names (all but `stock`, which is per branch), so an
 * exported file imports unchanged.
 */
export const EXPORT_HEADERS = IMPORT_FIELDS.filter((f) => f !== 'stock');

/**
 * The catalog as CSV for Excel in an Indonesian locale: `;` separated (Excel's list separator
 * there), a byte-order mark so Excel reads UTF-8, CRLF. Prices are plain digits (no grouping), so
 * no locale misreads them; several barcodes are joined by `|`.
 */
export function productsToCsv(products: readonly AdminProduct[], delimiter: ';' | ',' = ';'): string {
  const rows = products.map((p) => [
    p.sku,
    p.name,
    String(p.price),
    p.barcodes.join('|'),
    p.category ?? '',
    p.unit ?? '',
    String(p.taxRate),
    p.active ? 'ya' : 'tidak',
  ]);
  return `\uFEFF${Papa.unparse({ fields: EXPORT_HEADERS, data: rows }, { delimiter, newline: '\r\n' })}\r\n`;
}

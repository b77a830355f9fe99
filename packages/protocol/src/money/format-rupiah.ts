/**
 * Rupiah formatting without zod, so a browser bundle that only formats money (the back office's
 * first load, via `@kasir/protocol/format-rupiah`) does not carry the schemas.
 */
const idFormat = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });

/** `15000` -> `Rp 15.000` (Indonesian grouping, no decimals). */
export function formatRupiah(amount: number): string {
  const sign = amount < 0 ? '-' : '';
  return `${sign}Rp ${idFormat.format(Math.abs(amount))}`;
}

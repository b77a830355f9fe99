/** Parses what a cashier typed as an amount: digits only ("15.000", "Rp 15000" -> 15000). */
export function parseAmount(text: string): number {
  const digits = text.replace(/[^0-9]/g, '');
  return digits === '' ? 0 : Number(digits.slice(0, 13));
}

/**
 * A sale's subtotal before any discount and all its discounts in one figure, as its detail shows
 * them. The stored `subtotal` is already net of line discounts and `discount` is the cart's alone,
 * so a sale with only line discounts read "Diskon Rp 0" beside lines with money off.
 */
export function discountFigures(sale: {
  readonly subtotal: number;
  readonly discount: number;
  readonly lines: readonly { readonly discount: number }[];
}): {
  readonly subtotal: number;
  readonly discount: number;
} {
  const lines = sale.lines.reduce((sum, l) => sum + l.discount, 0);
  return { subtotal: sale.subtotal + lines, discount: sale.discount + lines };
}

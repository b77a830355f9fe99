import { isDiscountAboveThreshold, type StaffAction } from '@kasir/protocol';

/** The part of a cart line the gates look at. */
export interface GatedLine {
  readonly productId: string;
  readonly quantity: number;
  readonly unitPrice: number;
  readonly discount: number;
}

/**
 * The actions a sale needs a right for (issue 13 item 2), in a fixed order: a line or cart discount
 * above the threshold, and a unit price other than the catalog's (`catalogPrice` undefined for a
 * product the till does not know: not an override). The cart discount is measured against what the
 * lines come to after their own discounts.
 */
export function saleGates(
  cart: { readonly lines: readonly GatedLine[]; readonly discount: number },
  catalogPrice: (productId: string) => number | undefined,
  thresholdPercent?: number,
): StaffAction[] {
  const gates: StaffAction[] = [];
  let net = 0;
  let bigDiscount = false;
  for (const l of cart.lines) {
    const gross = l.unitPrice * l.quantity;
    if (isDiscountAboveThreshold(l.discount, gross, thresholdPercent)) bigDiscount = true;
    net += gross - l.discount;
  }
  if (isDiscountAboveThreshold(cart.discount, net, thresholdPercent)) bigDiscount = true;
  if (bigDiscount) gates.push('discount_above_threshold');
  const overridden = cart.lines.some((l) => {
    const p = catalogPrice(l.productId);
    return p !== undefined && p !== l.unitPrice;
  });
  if (overridden) gates.push('price_override');
  return gates;
}

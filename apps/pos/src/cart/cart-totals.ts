import {
  MAX_AMOUNT,
  computeSaleTotals,
  type PaymentInput,
  type PriceMode,
  type SaleTotals,
} from '@kasir/protocol';
import type { Cart } from './cart-reducer.ts';

export type CartTotals =
  | { readonly ok: true; readonly totals: SaleTotals }
  | { readonly ok: false; readonly code: string; readonly message: string };

/**
 * The cart's totals by the protocol's arithmetic (the same the server checks). Before payment there
 * are no payments yet, so a notional cash payment stands in; `paid` and `change` are meaningless
 * here (see `paymentTotals` for those).
 */
export function cartTotals(cart: Cart, priceMode: PriceMode): CartTotals {
  return totalsWith(cart, priceMode, [{ method: 'cash', amount: MAX_AMOUNT }]);
}

/** Totals with the real payments: fails `underpaid` until they cover the total. */
export function paymentTotals(
  cart: Cart,
  priceMode: PriceMode,
  payments: readonly PaymentInput[],
): CartTotals {
  return totalsWith(cart, priceMode, payments);
}

function totalsWith(cart: Cart, priceMode: PriceMode, payments: readonly PaymentInput[]): CartTotals {
  const result = computeSaleTotals({
    lines: cart.lines.map((l) => ({
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discount: l.discount,
      taxRate: l.taxRate,
    })),
    payments,
    discount: cart.discount,
    priceMode,
  });
  return result.ok ? result : { ok: false, code: result.code, message: result.message };
}

import {
  MAX_AMOUNT,
  chargedPriceMode,
  chargedTaxRate,
  computeSaleTotals,
  type BranchTax,
  type PaymentInput,
  type SaleTotals,
} from '@kasir/protocol';
import type { Cart } from './cart-reducer.ts';

export type CartTotals =
  | { readonly ok: true; readonly totals: SaleTotals }
  | { readonly ok: false; readonly code: string; readonly message: string };

/**
 * The cart's totals by the protocol's arithmetic (the same the server checks). Before payment there
 * are no payments yet, so a notional cash payment stands in; `paid` and `change` are meaningless
 * here (see `paymentTotals` for those). Lines keep their products' rates; the branch's `tax` decides
 * what is charged (a shop that is not a PKP charges no PPN), so a cart follows a change of it.
 */
export function cartTotals(cart: Cart, tax: BranchTax): CartTotals {
  return totalsWith(cart, tax, [{ method: 'cash', amount: MAX_AMOUNT }]);
}

/** Totals with the real payments: fails `underpaid` until they cover the total. */
export function paymentTotals(cart: Cart, tax: BranchTax, payments: readonly PaymentInput[]): CartTotals {
  return totalsWith(cart, tax, payments);
}

function totalsWith(cart: Cart, tax: BranchTax, payments: readonly PaymentInput[]): CartTotals {
  const result = computeSaleTotals({
    lines: cart.lines.map((l) => ({
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discount: l.discount,
      taxRate: chargedTaxRate(l.taxRate, tax),
    })),
    payments,
    discount: cart.discount,
    priceMode: chargedPriceMode(tax),
  });
  return result.ok ? result : { ok: false, code: result.code, message: result.message };
}

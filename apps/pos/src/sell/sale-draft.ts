import type { PaymentInput, PriceMode } from '@kasir/protocol';
import type { SaleDraft } from '@kasir/sync';
import type { Cart } from '../cart/cart-reducer.ts';

/** The sale the cashier completes, as the sync engine records it (id, number, time are its own). */
export function saleDraftOf(
  cart: Cart,
  payments: readonly PaymentInput[],
  priceMode: PriceMode,
  cashierName: string,
): SaleDraft {
  return {
    lines: cart.lines.map((l) => ({
      productId: l.productId,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      taxRate: l.taxRate,
      ...(l.discount > 0 ? { discount: l.discount } : {}),
    })),
    payments: [...payments],
    ...(cart.discount > 0 ? { discount: cart.discount } : {}),
    priceMode,
    cashierName,
  };
}

import type { PaymentInput, PriceMode } from '@kasir/protocol';
import type { SaleDraft } from '@kasir/sync';
import type { Cart } from '../cart/cart-reducer.ts';

/** The sale the cashier completes, as the sync engine records it (id, number, time are its own). */
export function saleDraftOf(
  cart: Cart,
  payments: readonly PaymentInput[],
  priceMode: PriceMode,
  cashierName: string,
  /** The signed-in person and who approved what they could not do alone (issue 13). */
  staff?: { readonly staffId: string | null; readonly approvedBy?: string | undefined },
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
    ...(staff?.staffId == null ? {} : { staffId: staff.staffId }),
    ...(staff?.approvedBy === undefined ? {} : { approvedBy: staff.approvedBy }),
  };
}

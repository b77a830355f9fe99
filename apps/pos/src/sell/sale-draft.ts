import { chargedPriceMode, chargedTaxRate, type BranchTax, type PaymentInput } from '@kasir/protocol';
import type { SaleDraft } from '@kasir/sync';
import type { Cart } from '../cart/cart-reducer.ts';

/**
 * The sale the cashier completes, as the sync engine records it (id, number, time are its own), with
 * the PPN the branch charges (cart-totals.ts): the same totals the cart showed.
 */
export function saleDraftOf(
  cart: Cart,
  payments: readonly PaymentInput[],
  tax: BranchTax,
  cashierName: string,
  /** The signed-in person and who approved what they could not do alone (issue 13). */
  staff?: { readonly staffId: string | null; readonly approvedBy?: string | undefined },
): SaleDraft {
  return {
    lines: cart.lines.map((l) => ({
      productId: l.productId,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      taxRate: chargedTaxRate(l.taxRate, tax),
      ...(l.discount > 0 ? { discount: l.discount } : {}),
    })),
    payments: [...payments],
    ...(cart.discount > 0 ? { discount: cart.discount } : {}),
    priceMode: chargedPriceMode(tax),
    cashierName,
    ...(staff?.staffId == null ? {} : { staffId: staff.staffId }),
    ...(staff?.approvedBy === undefined ? {} : { approvedBy: staff.approvedBy }),
  };
}

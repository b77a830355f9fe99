import { MAX_LINE_QUANTITY, type Customer } from '@kasir/protocol';

/** A line in the cart: what the product was when it was added (price charged, S7). */
export interface CartLine {
  readonly productId: string;
  readonly name: string;
  readonly sku: string;
  readonly unitPrice: number;
  readonly taxRate: number;
  readonly quantity: number;
  /** Line discount in rupiah. */
  readonly discount: number;
}

export interface Cart {
  /**
   * The id its sale will have, given when its first line is added (use-persisted-cart.ts): a cart
   * restored after a crash that followed its sale's commit is known as sold (sale ids are unique).
   */
  readonly id?: string;
  readonly lines: readonly CartLine[];
  /** Cart discount in rupiah, spread over the lines by the protocol's rule. */
  readonly discount: number;
  /**
   * The customer the sale is for: part of the cart, so a reload, a crash or a held cart keeps them
   * with the goods (kept beside the cart, they were lost while the lines came back).
   */
  readonly customer?: Customer;
}

export const EMPTY_CART: Cart = { lines: [], discount: 0 };

export type CartProduct = Pick<CartLine, 'productId' | 'name' | 'sku' | 'unitPrice' | 'taxRate'>;

export type CartAction =
  | {
      readonly type: 'add';
      readonly product: CartProduct;
      readonly quantity?: number;
      /** The cart's id if this is its first line (the reducer stays pure: ids are made outside). */
      readonly cartId?: string;
    }
  | { readonly type: 'setQuantity'; readonly productId: string; readonly quantity: number }
  | { readonly type: 'setLineDiscount'; readonly productId: string; readonly discount: number }
  | { readonly type: 'voidLine'; readonly productId: string }
  /** The cashier takes the catalog's new price for a line (docs/till.md, "Which price wins"). */
  | { readonly type: 'setPrice'; readonly productId: string; readonly unitPrice: number }
  | { readonly type: 'setCartDiscount'; readonly discount: number }
  | { readonly type: 'setCustomer'; readonly customer: Customer | null }
  | { readonly type: 'voidCart' }
  | { readonly type: 'load'; readonly cart: Cart };

const whole = (n: number): number => (Number.isFinite(n) ? Math.max(0, Math.floor(n)) : 0);

/**
 * The cart as a pure reducer. Adding a product already in the cart adds to its quantity; a
 * quantity of 0 removes the line; discounts are whole rupiah, never negative (the protocol checks
 * that they do not exceed the amount and the screen shows its message).
 */
export function cartReducer(cart: Cart, action: CartAction): Cart {
  switch (action.type) {
    case 'add': {
      const qty = whole(action.quantity ?? 1) || 1;
      const existing = cart.lines.find((l) => l.productId === action.product.productId);
      if (existing) {
        return withLines(
          cart,
          cart.lines.map((l) =>
            l === existing ? { ...l, quantity: Math.min(MAX_LINE_QUANTITY, l.quantity + qty) } : l,
          ),
        );
      }
      const added = withLines(cart, [...cart.lines, { ...action.product, quantity: qty, discount: 0 }]);
      const id = cart.id ?? action.cartId;
      return id === undefined ? added : { ...added, id };
    }
    case 'setQuantity': {
      const qty = Math.min(MAX_LINE_QUANTITY, whole(action.quantity));
      if (qty === 0) return cartReducer(cart, { type: 'voidLine', productId: action.productId });
      return withLines(
        cart,
        cart.lines.map((l) => (l.productId === action.productId ? { ...l, quantity: qty } : l)),
      );
    }
    case 'setLineDiscount':
      return withLines(
        cart,
        cart.lines.map((l) =>
          l.productId === action.productId ? { ...l, discount: whole(action.discount) } : l,
        ),
      );
    case 'voidLine':
      return withLines(
        cart,
        cart.lines.filter((l) => l.productId !== action.productId),
      );
    case 'setPrice':
      return withLines(
        cart,
        cart.lines.map((l) =>
          l.productId === action.productId ? { ...l, unitPrice: whole(action.unitPrice) } : l,
        ),
      );
    case 'setCartDiscount':
      return { ...cart, discount: whole(action.discount) };
    case 'setCustomer': {
      if (action.customer !== null) return { ...cart, customer: action.customer };
      const { customer: _, ...rest } = cart;
      return rest;
    }
    // The whole cart goes, its customer too (after a sale, or "void cart").
    case 'voidCart':
      return EMPTY_CART;
    case 'load':
      return action.cart;
  }
}

/**
 * An emptied cart drops its cart discount too: it belonged to the lines just voided. Its customer
 * stays (chosen before the first scan, or about to buy something else).
 */
function withLines(cart: Cart, lines: readonly CartLine[]): Cart {
  if (lines.length > 0) return { ...cart, lines };
  return cart.customer === undefined ? EMPTY_CART : { ...EMPTY_CART, customer: cart.customer };
}

/** Number of items (sum of quantities), as the cart badge shows it. */
export function itemCount(cart: Cart): number {
  return cart.lines.reduce((a, l) => a + l.quantity, 0);
}

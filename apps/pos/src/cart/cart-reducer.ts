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
  /**
   * The line discount as a percentage when the cashier gave one ("diskon 10%"): `discount` is then
   * worked out from it whenever the quantity or price changes, and a held or reloaded cart keeps it.
   */
  readonly discountPercent?: number;
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
  /** The cart discount as a percentage of the lines after their own discounts, when given so. */
  readonly discountPercent?: number;
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
  /** A discount in rupiah, or with `percent` a percentage (`discount` is then worked out here). */
  | {
      readonly type: 'setLineDiscount';
      readonly productId: string;
      readonly discount: number;
      readonly percent?: number | null;
    }
  | { readonly type: 'voidLine'; readonly productId: string }
  /** The cashier takes the catalog's new price for a line (docs/till.md, "Which price wins"). */
  | { readonly type: 'setPrice'; readonly productId: string; readonly unitPrice: number }
  | { readonly type: 'setCartDiscount'; readonly discount: number; readonly percent?: number | null }
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
        cart.lines.map((l) => {
          if (l.productId !== action.productId) return l;
          const { discountPercent: _, ...rupiah } = l;
          return typeof action.percent === 'number'
            ? { ...l, discountPercent: percentIn(action.percent) }
            : { ...rupiah, discount: whole(action.discount) };
        }),
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
    case 'setCartDiscount': {
      const { discountPercent: _, ...rupiah } = cart;
      return typeof action.percent === 'number'
        ? withLines(cart, cart.lines, percentIn(action.percent))
        : { ...rupiah, discount: whole(action.discount) };
    }
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
function withLines(
  cart: Cart,
  lines: readonly CartLine[],
  cartPercent: number | undefined = cart.discountPercent,
): Cart {
  if (lines.length === 0)
    return cart.customer === undefined ? EMPTY_CART : { ...EMPTY_CART, customer: cart.customer };
  // Discounts given as percentages follow the amounts they are of (a line's gross, the cart's
  // lines after their own discounts); the cart keeps rupiah for the totals and the sale.
  // A cart without percentages (most carts) keeps its lines as they are: no copy per scan.
  const priced = lines.some((l) => l.discountPercent !== undefined)
    ? lines.map((l) =>
        l.discountPercent === undefined
          ? l
          : { ...l, discount: percentOf(l.unitPrice * l.quantity, l.discountPercent) },
      )
    : lines;
  if (cartPercent === undefined) return { ...cart, lines: priced };
  const base = priced.reduce((sum, l) => sum + l.unitPrice * l.quantity - l.discount, 0);
  return { ...cart, lines: priced, discountPercent: cartPercent, discount: percentOf(base, cartPercent) };
}

/** A percentage from 0 to 100 with at most two decimals. */
const percentIn = (p: number): number =>
  Number.isFinite(p) ? Math.min(100, Math.max(0, Math.round(p * 100) / 100)) : 0;

/** The rupiah `percent` of `base` gives, rounded to whole rupiah. */
export const percentOf = (base: number, percent: number): number => Math.round((base * percent) / 100);

/** Number of items (sum of quantities), as the cart badge shows it. */
export function itemCount(cart: Cart): number {
  return cart.lines.reduce((a, l) => a + l.quantity, 0);
}

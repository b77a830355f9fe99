import type { Cart } from './cart-reducer.ts';

/** A cart put aside (customer fetching one more item) to be resumed later. */
export interface HeldCart {
  readonly id: string;
  readonly label: string;
  readonly heldAt: string;
  readonly cart: Cart;
}

/** Most carts one device keeps on hold; the oldest goes first beyond this. */
export const MAX_HELD_CARTS = 20;

/** Puts `cart` on hold (newest first). An empty cart is not held. */
export function holdCart(
  held: readonly HeldCart[],
  cart: Cart,
  meta: { id: string; label: string; at: Date },
): readonly HeldCart[] {
  if (cart.lines.length === 0) return held;
  const entry: HeldCart = { id: meta.id, label: meta.label, heldAt: meta.at.toISOString(), cart };
  return [entry, ...held].slice(0, MAX_HELD_CARTS);
}

/** Takes a held cart out of the list; `undefined` when it is not there (resumed in another tab). */
export function resumeCart(
  held: readonly HeldCart[],
  id: string,
): { readonly cart: Cart; readonly held: readonly HeldCart[] } | undefined {
  const found = held.find((h) => h.id === id);
  if (!found) return undefined;
  return { cart: found.cart, held: held.filter((h) => h.id !== id) };
}

/** Reads held carts from storage text, dropping anything that is not a held cart. */
export function parseHeldCarts(text: string | null): readonly HeldCart[] {
  if (text === null) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter(isHeldCart) : [];
  } catch {
    return [];
  }
}

function isHeldCart(v: unknown): v is HeldCart {
  if (typeof v !== 'object' || v === null) return false;
  const h = v as Partial<HeldCart>;
  return (
    typeof h.id === 'string' &&
    typeof h.label === 'string' &&
    typeof h.heldAt === 'string' &&
    typeof h.cart === 'object' &&
    h.cart !== null &&
    Array.isArray(h.cart.lines) &&
    typeof h.cart.discount === 'number'
  );
}

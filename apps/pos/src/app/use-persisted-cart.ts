import { newId } from '@kasir/protocol';
import { useCallback, useEffect, useReducer, useState } from 'react';
import { EMPTY_CART, cartReducer, type Cart, type CartAction } from '../cart/cart-reducer.ts';
import { holdCart, parseHeldCarts, resumeCart, type HeldCart } from '../cart/held-carts.ts';
import type { KeyValueStorage } from '../common/key-value-storage.ts';

export const CART_KEY = 'kasir.cart';
export const HELD_KEY = 'kasir.held';

function loadCart(storage: KeyValueStorage): Cart {
  try {
    const v = JSON.parse(storage.getItem(CART_KEY) ?? 'null') as Cart | null;
    return v &&
      Array.isArray(v.lines) &&
      typeof v.discount === 'number' &&
      (v.id === undefined || typeof v.id === 'string') &&
      (v.customer === undefined || (typeof v.customer === 'object' && typeof v.customer?.id === 'string'))
      ? v
      : EMPTY_CART;
  } catch {
    return EMPTY_CART;
  }
}

/**
 * The open cart and the held carts, kept in localStorage so a reload (or a crash) mid-sale loses
 * nothing the cashier already scanned.
 */
export function usePersistedCart(storage: KeyValueStorage, holdLabel: (at: Date) => string) {
  const [cart, dispatch] = useReducer(cartReducer, storage, loadCart);
  const [held, setHeld] = useState<readonly HeldCart[]>(() => parseHeldCarts(storage.getItem(HELD_KEY)));

  useEffect(() => storage.setItem(CART_KEY, JSON.stringify(cart)), [storage, cart]);
  useEffect(() => storage.setItem(HELD_KEY, JSON.stringify(held)), [storage, held]);

  /** Puts the open cart aside under `label` (a customer's name or table), or the time when blank. */
  const hold = (label?: string): void => {
    const at = new Date();
    const name = label?.trim() || holdLabel(at);
    setHeld((h) => holdCart(h, cart, { id: newId(at.getTime()), label: name, at }));
    dispatch({ type: 'voidCart' });
  };
  /**
   * Opens a held cart. The open cart, if any, is held (the default, nothing lost) or discarded: the
   * screen asks the cashier which before calling this.
   */
  const resume = (id: string, open: 'hold' | 'discard' = 'hold', label?: string): void => {
    const r = resumeCart(held, id);
    if (!r) return;
    const at = new Date();
    const name = label?.trim() || holdLabel(at);
    setHeld(open === 'hold' ? holdCart(r.held, cart, { id: newId(at.getTime()), label: name, at }) : r.held);
    dispatch({ type: 'load', cart: r.cart });
  };
  // Every add carries a fresh id; the reducer keeps the cart's first (cart-reducer.ts, `Cart.id`).
  // Stable, as React's own dispatch is: screens may list it in their effects' dependencies.
  const withIds = useCallback(
    (a: CartAction): void => dispatch(a.type === 'add' ? { ...a, cartId: newId() } : a),
    [],
  );
  return { cart, dispatch: withIds, held, hold, resume };
}

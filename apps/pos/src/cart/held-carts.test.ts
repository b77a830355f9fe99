import { describe, expect, it } from 'vitest';
import { EMPTY_CART, type Cart } from './cart-reducer.ts';
import { MAX_HELD_CARTS, holdCart, parseHeldCarts, resumeCart } from './held-carts.ts';

const cart: Cart = {
  lines: [
    { productId: 'p1', name: 'Kopi', sku: 'K1', unitPrice: 15_000, taxRate: 11, quantity: 2, discount: 0 },
  ],
  discount: 0,
};
const at = new Date('2026-01-01T10:00:00Z');

describe('held carts', () => {
  it('holds newest first and resumes by id', () => {
    const a = holdCart([], cart, { id: 'a', label: 'Meja 1', at });
    const b = holdCart(a, cart, { id: 'b', label: 'Meja 2', at });
    expect(b.map((h) => h.id)).toEqual(['b', 'a']);
    const r = resumeCart(b, 'a');
    expect(r?.cart).toEqual(cart);
    expect(r?.held.map((h) => h.id)).toEqual(['b']);
    expect(resumeCart(b, 'zzz')).toBeUndefined();
  });

  it('does not hold an empty cart and keeps at most MAX_HELD_CARTS', () => {
    expect(holdCart([], EMPTY_CART, { id: 'x', label: '', at })).toEqual([]);
    let held = holdCart([], cart, { id: '0', label: '', at });
    for (let i = 1; i <= MAX_HELD_CARTS + 5; i++)
      held = holdCart(held, cart, { id: String(i), label: '', at });
    expect(held).toHaveLength(MAX_HELD_CARTS);
    expect(held[0]?.id).toBe(String(MAX_HELD_CARTS + 5));
  });

  it('survives a round trip through storage and ignores garbage', () => {
    const held = holdCart([], cart, { id: 'a', label: 'Meja 1', at });
    expect(parseHeldCarts(JSON.stringify(held))).toEqual(held);
    expect(parseHeldCarts('not json')).toEqual([]);
    expect(parseHeldCarts('[{"id":1}]')).toEqual([]);
    expect(parseHeldCarts(null)).toEqual([]);
  });
});

import type { Customer } from '@kasir/protocol';
import { describe, expect, it } from 'vitest';
import { EMPTY_CART, cartReducer, itemCount, type Cart, type CartProduct } from './cart-reducer.ts';
import { cartTotals, paymentTotals } from './cart-totals.ts';

const kopi: CartProduct = { productId: 'p1', name: 'Kopi', sku: 'K1', unitPrice: 15_000, taxRate: 11 };
const teh: CartProduct = { productId: 'p2', name: 'Teh', sku: 'T1', unitPrice: 5_000, taxRate: 11 };

const run = (...actions: Parameters<typeof cartReducer>[1][]): Cart =>
  actions.reduce(cartReducer, EMPTY_CART);

describe('cart reducer', () => {
  it('adds a product, and adds to its quantity when added again', () => {
    const cart = run(
      { type: 'add', product: kopi },
      { type: 'add', product: teh },
      { type: 'add', product: kopi },
    );
    expect(cart.lines.map((l) => [l.productId, l.quantity])).toEqual([
      ['p1', 2],
      ['p2', 1],
    ]);
    expect(itemCount(cart)).toBe(3);
  });

  it('sets quantities; zero removes the line', () => {
    const cart = run({ type: 'add', product: kopi }, { type: 'setQuantity', productId: 'p1', quantity: 4 });
    expect(cart.lines[0]?.quantity).toBe(4);
    expect(cartReducer(cart, { type: 'setQuantity', productId: 'p1', quantity: 0 })).toEqual(EMPTY_CART);
  });

  it('voids a line or the whole cart; an empty cart forgets its discount', () => {
    const cart = run(
      { type: 'add', product: kopi },
      { type: 'add', product: teh },
      { type: 'setCartDiscount', discount: 1_000 },
    );
    const one = cartReducer(cart, { type: 'voidLine', productId: 'p1' });
    expect(one.lines.map((l) => l.productId)).toEqual(['p2']);
    expect(one.discount).toBe(1_000);
    expect(cartReducer(one, { type: 'voidLine', productId: 'p2' })).toEqual(EMPTY_CART);
    expect(cartReducer(cart, { type: 'voidCart' })).toEqual(EMPTY_CART);
  });

  it("takes its id (its sale's) from its first line's add and keeps it; an emptied cart drops it", () => {
    const cart = run(
      { type: 'add', product: kopi, cartId: 'c1' },
      { type: 'add', product: teh, cartId: 'c2' },
      { type: 'add', product: kopi, cartId: 'c3' },
      { type: 'setQuantity', productId: 'p2', quantity: 3 },
    );
    expect(cart.id).toBe('c1');
    const emptied = cartReducer(cartReducer(cart, { type: 'voidLine', productId: 'p1' }), {
      type: 'voidLine',
      productId: 'p2',
    });
    expect(emptied.id).toBeUndefined();
    expect(cartReducer(emptied, { type: 'add', product: teh, cartId: 'c4' }).id).toBe('c4');
    expect(cartReducer(cart, { type: 'voidCart' }).id).toBeUndefined();
  });

  it('keeps its customer: chosen before the first scan, through an emptied cart; gone with the cart', () => {
    const dewi: Customer = {
      id: 'c1',
      name: 'Dewi',
      phone: '+6281311112222',
      email: null,
      note: null,
      branchId: 'b1',
      createdAt: '2026-12-06T01:00:00.000Z',
      receivedAt: '',
    };
    const cart = run({ type: 'setCustomer', customer: dewi }, { type: 'add', product: kopi });
    expect(cart.customer).toEqual(dewi);
    const emptied = cartReducer(cart, { type: 'voidLine', productId: 'p1' });
    expect(emptied).toEqual({ ...EMPTY_CART, customer: dewi });
    expect(cartReducer(emptied, { type: 'add', product: teh }).customer).toEqual(dewi);
    expect(cartReducer(cart, { type: 'setCustomer', customer: null })).not.toHaveProperty('customer');
    expect(cartReducer(cart, { type: 'voidCart' })).toEqual(EMPTY_CART);
  });

  it('keeps discounts whole and non-negative', () => {
    const cart = run(
      { type: 'add', product: kopi },
      { type: 'setLineDiscount', productId: 'p1', discount: 1_500.7 },
      { type: 'setCartDiscount', discount: -3 },
    );
    expect(cart.lines[0]?.discount).toBe(1_500);
    expect(cart.discount).toBe(0);
  });

  it('a discount given in percent follows its lines, and stays a percentage in the cart (held, reloaded)', () => {
    const cart = run(
      { type: 'add', product: kopi, quantity: 2 },
      { type: 'add', product: teh },
      { type: 'setLineDiscount', productId: 'p1', discount: 0, percent: 10 },
      { type: 'setCartDiscount', discount: 0, percent: 12.5 },
    );
    // Kopi 30,000 - 10% = 27,000; with Teh 32,000; 12.5% of it is 4,000.
    expect(cart.lines[0]).toMatchObject({ discount: 3_000, discountPercent: 10 });
    expect(cart).toMatchObject({ discount: 4_000, discountPercent: 12.5 });
    const more = cartReducer(cart, { type: 'add', product: kopi });
    // Kopi 45,000 - 4,500 = 40,500; with Teh 45,500; 12.5% is 5,687.5, rounded 5,688.
    expect(more.lines[0]).toMatchObject({ discount: 4_500, discountPercent: 10 });
    expect(more).toMatchObject({ discount: 5_688, discountPercent: 12.5 });
    // What a held or reloaded cart is: its JSON, read back.
    const again = cartReducer(JSON.parse(JSON.stringify(more)) as Cart, {
      type: 'setQuantity',
      productId: 'p2',
      quantity: 3,
    });
    expect(again).toMatchObject({ discount: 6_938, discountPercent: 12.5 });
    // Back to rupiah: the percentage is dropped, the amount is what was typed.
    const rupiah = cartReducer(again, { type: 'setCartDiscount', discount: 1_000, percent: null });
    expect(rupiah.discount).toBe(1_000);
    expect(rupiah.discountPercent).toBeUndefined();
    expect(cartReducer(rupiah, { type: 'add', product: teh }).discount).toBe(1_000);
    const line = cartReducer(again, {
      type: 'setLineDiscount',
      productId: 'p1',
      discount: 500,
      percent: null,
    });
    expect(line.lines[0]).toEqual({ ...kopi, quantity: 3, discount: 500 });
  });
});

const PKP = { pkp: true, priceMode: 'inclusive' } as const;

describe('cart totals (protocol arithmetic)', () => {
  it('computes PPN inclusive: 2 x Rp 15.000 minus discounts', () => {
    const cart = run(
      { type: 'add', product: kopi, quantity: 2 },
      { type: 'setLineDiscount', productId: 'p1', discount: 2_000 },
      { type: 'setCartDiscount', discount: 1_000 },
    );
    const r = cartTotals(cart, PKP);
    expect(r.ok && r.totals.total).toBe(27_000);
    expect(r.ok && r.totals.tax).toBe(Math.round((27_000 * 1100) / 11_100));
  });

  it('adds PPN on top when prices are exclusive', () => {
    const r = cartTotals(run({ type: 'add', product: kopi }), { pkp: true, priceMode: 'exclusive' });
    expect(r.ok && r.totals.total).toBe(16_650);
  });

  it('charges no PPN in a shop that is not a PKP', () => {
    const cart = run({ type: 'add', product: kopi, quantity: 2 });
    const r = cartTotals(cart, { pkp: false, priceMode: 'inclusive' });
    expect(r.ok && r.totals).toMatchObject({ total: 30_000, tax: 0 });
    // The line keeps its product's rate: the branch becoming a PKP charges it at once.
    expect(cart.lines[0]?.taxRate).toBe(11);
  });

  it('reports a discount larger than the line', () => {
    const cart = run(
      { type: 'add', product: teh },
      { type: 'setLineDiscount', productId: 'p2', discount: 9_000 },
    );
    expect(cartTotals(cart, PKP)).toMatchObject({ ok: false, code: 'discount_exceeds_amount' });
  });

  it('needs payments that cover the total; cash change', () => {
    const cart = run({ type: 'add', product: kopi });
    expect(paymentTotals(cart, PKP, [{ method: 'qris', amount: 10_000 }])).toMatchObject({
      ok: false,
      code: 'underpaid',
    });
    const r = paymentTotals(cart, PKP, [
      { method: 'qris', amount: 10_000, reference: 'Q1' },
      { method: 'cash', amount: 10_000 },
    ]);
    expect(r.ok && r.totals.change).toBe(5_000);
  });
});

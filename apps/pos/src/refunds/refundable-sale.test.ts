import { describe, expect, it } from 'vitest';
import {
  defaultRefundMethod,
  findSale,
  leftToRefund,
  refundLines,
  type RefundableSale,
} from './refundable-sale.ts';

const sale: RefundableSale = {
  id: 'sale-1',
  invoiceNumber: 'SMG-01-20261202-0007',
  createdAt: '2026-12-02T01:00:00.000Z',
  total: 9_000,
  deviceName: 'Kasir 2',
  methods: ['cash'],
  lines: [
    { productId: 'p1', quantity: 3, amount: 6_000 },
    { productId: 'p2', quantity: 1, amount: 3_000 },
  ],
  left: [3, 1],
};
const line = (saleLineNo: number, quantity: number) => ({
  saleLineNo,
  productId: 'p1',
  quantity,
  amount: 0,
  damaged: false,
});

describe('refunds at the till', () => {
  it('what is left counts each refund once, from this till and from the feed', () => {
    const mine = { id: 'r1', saleId: 'sale-1', lines: [line(0, 1)] };
    const feed = [mine, { id: 'r2', saleId: 'sale-1', lines: [line(0, 1), line(1, 1)] }];
    expect(leftToRefund(sale, [mine, ...feed])).toEqual([1, 0]);
    expect(leftToRefund(sale, [{ id: 'r3', saleId: 'other', lines: [line(0, 3)] }])).toEqual([3, 1]);
  });

  it('finds a sale by its receipt number, typed or inside a scanned code', () => {
    expect(findSale([sale], 'smg-01-20261202-0007')?.id).toBe('sale-1');
    expect(findSale([sale], 'https://toko.example/r/SMG-01-20261202-0007')?.id).toBe('sale-1');
    expect(findSale([sale], 'SMG-01-20261202-0008')).toBeUndefined();
    expect(findSale([sale], '')).toBeUndefined();
  });

  it("finds a sale by the counter on the paper, this till's before another's, newest first", () => {
    const own = { ...sale, id: 'own', invoiceNumber: 'SMG-02-20261202-0007', deviceName: null };
    const older = { ...own, id: 'own-older', invoiceNumber: 'SMG-02-20261201-0007' };
    expect(findSale([sale, own, older], '0007')?.id).toBe('own');
    expect(findSale([sale, own, older], '7')?.id).toBe('own');
    expect(findSale([sale], '7')?.id).toBe('sale-1');
    expect(findSale([sale, own], '8')).toBeUndefined();
  });

  it('money goes back the way it came: cash only for a cash sale with the drawer open', () => {
    expect(defaultRefundMethod({ methods: ['cash'] }, true)).toBe('cash');
    expect(defaultRefundMethod({ methods: ['cash'] }, false)).toBe('original');
    expect(defaultRefundMethod({ methods: ['qris'] }, true)).toBe('original');
    expect(defaultRefundMethod({ methods: ['cash', 'card'] }, true)).toBe('original');
    // A summary from before refunds existed does not say how it was paid.
    expect(defaultRefundMethod({ methods: [] }, true)).toBe('original');
  });

  it('what a refund takes back: at most what is left of each line, each with its share of the money', () => {
    expect(refundLines(sale, [2, 5])).toEqual([
      { saleLineNo: 0, productId: 'p1', quantity: 2, amount: 4_000 },
      { saleLineNo: 1, productId: 'p2', quantity: 1, amount: 3_000 },
    ]);
    expect(refundLines({ ...sale, left: [1, 0] }, [3, 1])).toEqual([
      { saleLineNo: 0, productId: 'p1', quantity: 1, amount: 2_000 },
    ]);
    expect(refundLines(sale, [0, 0])).toEqual([]);
  });
});

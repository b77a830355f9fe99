import { describe, expect, it } from 'vitest';
import { saleGates } from './sale-gates.ts';

const line = (over: Partial<{ unitPrice: number; quantity: number; discount: number }> = {}) => ({
  productId: 'p1',
  quantity: 2,
  unitPrice: 10_000,
  discount: 0,
  ...over,
});
const catalog = (id: string) => (id === 'p1' ? 10_000 : undefined);

describe('sale gates', () => {
  it('an ordinary sale needs nothing', () => {
    expect(saleGates({ lines: [line()], discount: 0 }, catalog)).toEqual([]);
  });

  it('a line discount up to 10% passes; above it needs approval', () => {
    expect(saleGates({ lines: [line({ discount: 2_000 })], discount: 0 }, catalog)).toEqual([]);
    expect(saleGates({ lines: [line({ discount: 2_001 })], discount: 0 }, catalog)).toEqual([
      'discount_above_threshold',
    ]);
  });

  it("the branch's own percentage replaces 10%; 100 never asks", () => {
    const quarter = { lines: [line({ discount: 5_000 })], discount: 0 };
    expect(saleGates(quarter, catalog, 30)).toEqual([]);
    expect(saleGates(quarter, catalog, 20)).toEqual(['discount_above_threshold']);
    expect(saleGates({ lines: [line({ discount: 20_000 })], discount: 0 }, catalog, 100)).toEqual([]);
  });

  it('the cart discount counts against the lines after their own discounts', () => {
    // 20,000 - 2,000 = 18,000; 10% is 1,800
    expect(saleGates({ lines: [line({ discount: 2_000 })], discount: 1_800 }, catalog)).toEqual([]);
    expect(saleGates({ lines: [line({ discount: 2_000 })], discount: 1_801 }, catalog)).toEqual([
      'discount_above_threshold',
    ]);
  });

  it('a price other than the catalog one is an override; an unknown product is not', () => {
    expect(saleGates({ lines: [line({ unitPrice: 9_000 })], discount: 0 }, catalog)).toEqual([
      'price_override',
    ]);
    expect(
      saleGates({ lines: [{ ...line(), productId: 'zz', unitPrice: 1 }], discount: 0 }, catalog),
    ).toEqual([]);
  });

  it('takes the branch threshold when given', () => {
    expect(saleGates({ lines: [line({ discount: 1_000 })], discount: 0 }, catalog, 4)).toEqual([
      'discount_above_threshold',
    ]);
  });
});

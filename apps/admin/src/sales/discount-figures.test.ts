import { computeSaleTotals } from '@kasir/protocol';
import { describe, expect, it } from 'vitest';
import { discountFigures } from './discount-figures.ts';

describe("a sale's discount figures", () => {
  it('count line and cart discounts together, and the subtotal before both', () => {
    const r = computeSaleTotals({
      lines: [
        { quantity: 2, unitPrice: 41_000, discount: 20_000, taxRate: 11 },
        { quantity: 1, unitPrice: 5_000, taxRate: 11 },
      ],
      payments: [{ method: 'cash', amount: 100_000 }],
      discount: 1_000,
    });
    if (!r.ok) throw new Error(r.message);
    const f = discountFigures(r.totals);
    expect(f).toEqual({ subtotal: 87_000, discount: 21_000 });
    // What the customer paid before tax rules: the gross less every discount.
    expect(f.subtotal - f.discount).toBe(r.totals.subtotal - r.totals.discount);
  });
});

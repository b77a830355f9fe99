import { describe, expect, it } from 'vitest';
import { allocateProportionally, computeSaleTotals } from './sale-totals.ts';

const cash = (amount: number) => ({ method: 'cash' as const, amount });

describe('computeSaleTotals', () => {
  it('sums inclusive lines and derives PPN 11% in effect (12% on DPP 11/12)', () => {
    const r = computeSaleTotals({
      lines: [{ quantity: 2, unitPrice: 11_100, taxRate: 11 }],
      payments: [cash(25_000)],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.totals.total).toBe(22_200);
    expect(r.totals.tax).toBe(2_200);
    expect(r.totals.taxes[0]).toEqual({ taxRate: 11, net: 20_000, dpp: 18_333, nominalRate: 12, tax: 2_200 });
    expect(r.totals.change).toBe(2_800);
  });

  it('adds tax on top in exclusive mode', () => {
    const r = computeSaleTotals({
      lines: [{ quantity: 1, unitPrice: 10_000, taxRate: 12 }],
      payments: [cash(11_200)],
      priceMode: 'exclusive',
    });
    expect(r.ok && r.totals.total).toBe(11_200);
  });

  it('spreads a cart discount over lines exactly', () => {
    const r = computeSaleTotals({
      lines: [
        { quantity: 1, unitPrice: 1_000, taxRate: 11 },
        { quantity: 1, unitPrice: 2_000, taxRate: 0 },
      ],
      discount: 100,
      payments: [cash(2_900)],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.totals.lines.map((l) => l.cartDiscountShare)).toEqual([33, 67]);
    expect(r.totals.total).toBe(2_900);
  });

  it('rejects a line discount above the line amount', () => {
    const r = computeSaleTotals({
      lines: [{ quantity: 1, unitPrice: 1_000, discount: 1_001, taxRate: 11 }],
      payments: [cash(1)],
    });
    expect(r).toMatchObject({ ok: false, code: 'discount_exceeds_amount' });
  });

  it('rejects underpayment and non-cash overpayment', () => {
    const line = { quantity: 1, unitPrice: 5_000, taxRate: 11 };
    expect(computeSaleTotals({ lines: [line], payments: [cash(4_999)] })).toMatchObject({
      code: 'underpaid',
    });
    expect(computeSaleTotals({ lines: [line], payments: [{ method: 'qris', amount: 6_000 }] })).toMatchObject(
      {
        code: 'overpaid_non_cash',
      },
    );
    const split = computeSaleTotals({
      lines: [line],
      payments: [{ method: 'qris', amount: 3_000 }, cash(5_000)],
    });
    expect(split.ok && split.totals.change).toBe(3_000);
  });

  it('checks client totals when given', () => {
    const line = { quantity: 3, unitPrice: 1_000, taxRate: 11, total: 3_000 };
    expect(computeSaleTotals({ lines: [line], payments: [cash(3_000)], total: 3_001 })).toMatchObject({
      code: 'total_mismatch',
    });
    expect(computeSaleTotals({ lines: [{ ...line, total: 2_999 }], payments: [cash(3_000)] })).toMatchObject({
      code: 'line_total_mismatch',
    });
    expect(computeSaleTotals({ lines: [line], payments: [cash(3_000)], tax: 1 })).toMatchObject({
      code: 'tax_mismatch',
    });
  });
});

describe('allocateProportionally', () => {
  it('always sums to the discount and never exceeds a line (seeded random)', () => {
    let seed = 42;
    const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 500; n++) {
      const amounts = Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => Math.floor(rnd() * 100_000));
      const total = amounts.reduce((a, b) => a + b, 0);
      const discount = Math.floor(rnd() * (total + 1));
      const shares = allocateProportionally(discount, amounts);
      expect(shares.reduce((a, b) => a + b, 0)).toBe(total === 0 ? 0 : discount);
      shares.forEach((s, i) => expect(s).toBeLessThanOrEqual(amounts[i]!));
    }
  });
});

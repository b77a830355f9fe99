import { describe, expect, it } from 'vitest';
import { computeSaleTotals } from '../sales/sale-totals.ts';
import { cashRoundingOf } from './cash-rounding.ts';

describe('cash rounding', () => {
  it('rounds what is paid in cash to the branch step', () => {
    expect(cashRoundingOf(87_270, 100)).toBe(-70);
    expect(cashRoundingOf(87_270, 500)).toBe(-270);
    expect(cashRoundingOf(87_270, 100, 'nearest')).toBe(30);
    expect(cashRoundingOf(87_250, 100, 'nearest')).toBe(50);
    expect(cashRoundingOf(87_249, 100, 'nearest')).toBe(-49);
    expect(cashRoundingOf(87_201, 100, 'up')).toBe(99);
    expect(cashRoundingOf(87_200, 100)).toBe(0);
    expect(cashRoundingOf(87_270, 0)).toBe(0);
    expect(cashRoundingOf(87_270, 5_000)).toBe(0);
  });

  it('is part of the total, needs a cash payment, and leaves the tax alone', () => {
    const lines = [{ quantity: 1, unitPrice: 87_270, taxRate: 11 }];
    const r = computeSaleTotals({ lines, rounding: -70, payments: [{ method: 'cash', amount: 87_200 }] });
    expect(r).toMatchObject({ ok: true, totals: { total: 87_200, rounding: -70, tax: 8_648, change: 0 } });
    const plain = computeSaleTotals({ lines, payments: [{ method: 'cash', amount: 87_270 }] });
    expect(plain).toMatchObject({ ok: true, totals: { tax: 8_648, rounding: 0 } });
    const qris = computeSaleTotals({ lines, rounding: -70, payments: [{ method: 'qris', amount: 87_200 }] });
    expect(qris).toMatchObject({ ok: false, code: 'invalid_rounding' });
  });
});

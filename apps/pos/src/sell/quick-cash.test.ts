import { describe, expect, it } from 'vitest';
import { quickCashAmounts, remainingDue } from './quick-cash.ts';

describe('quick cash', () => {
  it('offers the exact amount and the next notes up', () => {
    expect(quickCashAmounts(47_500)).toEqual([47_500, 50_000, 60_000, 100_000]);
    expect(quickCashAmounts(15_000)).toEqual([15_000, 20_000, 50_000, 100_000]);
    expect(quickCashAmounts(120_500)).toEqual([120_500, 125_000, 130_000, 140_000, 150_000, 200_000]);
    expect(quickCashAmounts(3_500)).toEqual([3_500, 5_000, 10_000, 20_000, 50_000, 100_000]);
    expect(quickCashAmounts(0)).toEqual([]);
  });

  it('computes what remains', () => {
    expect(remainingDue(50_000, [{ amount: 20_000 }])).toBe(30_000);
    expect(remainingDue(50_000, [{ amount: 70_000 }])).toBe(0);
  });
});

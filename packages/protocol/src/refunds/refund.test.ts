import { describe, expect, it } from 'vitest';
import { newId } from '../ids.ts';
import { computeSaleTotals } from '../sales/sale-totals.ts';
import {
  RefundInput,
  paidLineAmounts,
  recordedPriceMode,
  refundedSoFar,
  refundLineAmount,
  refundsOfSale,
  voidLines,
} from './refund.ts';

describe('refund arithmetic', () => {
  it("a sale's refunds, each once though held in two lists; another sale's left out", () => {
    const a = { id: 'r1', saleId: 's1' };
    const b = { id: 'r2', saleId: 's1' };
    expect(refundsOfSale('s1', [a, b, { id: 'r3', saleId: 's2' }, { ...a }])).toEqual([a, b]);
  });

  it('refunding every unit in any steps gives back exactly the line amount', () => {
    const line = { quantity: 7, amount: 10_001 };
    for (const steps of [[7], [1, 1, 1, 1, 1, 1, 1], [3, 4], [2, 5], [6, 1]]) {
      let already = 0;
      let sum = 0;
      for (const q of steps) {
        sum += refundLineAmount(line, already, q);
        already += q;
      }
      expect(sum).toBe(10_001);
    }
  });

  it('gives nothing for units beyond what was sold', () => {
    expect(refundLineAmount({ quantity: 2, amount: 5000 }, 2, 1)).toBe(0);
  });

  it('a void refunds what is left of every line', () => {
    const p = newId();
    const sale = {
      lines: [
        { productId: p, quantity: 3, amount: 9000 },
        { productId: p, quantity: 1, amount: 500 },
      ],
    };
    const earlier = [{ lines: [{ saleLineNo: 0, productId: p, quantity: 1, amount: 3000, damaged: false }] }];
    expect(refundedSoFar(earlier).get(0)).toBe(1);
    expect(voidLines(sale, earlier)).toEqual([
      { saleLineNo: 0, productId: p, quantity: 2, amount: 6000, damaged: false },
      { saleLineNo: 1, productId: p, quantity: 1, amount: 500, damaged: false },
    ]);
  });

  it('a refund names each sale line at most once', () => {
    const p = newId();
    const line = { saleLineNo: 0, productId: p, quantity: 1, amount: 1, damaged: false };
    const base = {
      id: newId(),
      saleId: newId(),
      createdAt: new Date().toISOString(),
      reason: 'return',
      method: 'cash',
      shiftId: null,
      staffId: null,
    };
    expect(RefundInput.safeParse({ ...base, lines: [line] }).success).toBe(true);
    expect(RefundInput.safeParse({ ...base, lines: [line, line] }).success).toBe(false);
  });
});

describe('what the customer paid per line', () => {
  const lines = [
    { quantity: 1, unitPrice: 12_500, taxRate: 11 },
    { quantity: 1, unitPrice: 17_900, taxRate: 11 },
    { quantity: 3, unitPrice: 1_001, taxRate: 12 },
    { quantity: 1, unitPrice: 5_000, taxRate: 0 },
  ];
  const priced = (priceMode: 'inclusive' | 'exclusive') => {
    const r = computeSaleTotals({ lines, payments: [{ method: 'cash', amount: 1_000_000 }], priceMode });
    if (!r.ok) throw new Error(r.message);
    return r.totals;
  };
  /** The mode the server reads back from the sale's stored figures. */
  const modeOf = (t: ReturnType<typeof priced>) =>
    recordedPriceMode({ total: t.total, rounding: 0, tax: t.tax, lineAmounts: t.lines.map((l) => l.amount) });

  it("with PPN added on top, each line with its share of its rate's PPN: a void gives back the total", () => {
    const t = priced('exclusive');
    const paid = paidLineAmounts(t.lines, 'exclusive');
    expect(paid.reduce((a, b) => a + b, 0)).toBe(t.total);
    // Roti 12.500 + 11% PPN: 13.875 paid, not 12.500.
    expect(paid[0]).toBe(13_875);
    expect(paid[3]).toBe(5_000);
    expect(modeOf(t)).toBe('exclusive');
  });

  it("with PPN included, the lines' amounts", () => {
    const t = priced('inclusive');
    expect(paidLineAmounts(t.lines, 'inclusive')).toEqual(t.lines.map((l) => l.amount));
    expect(modeOf(t)).toBe('inclusive');
  });
});

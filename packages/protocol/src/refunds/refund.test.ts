import { describe, expect, it } from 'vitest';
import { newId } from '../ids.ts';
import { RefundInput, refundedSoFar, refundLineAmount, refundsOfSale, voidLines } from './refund.ts';

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

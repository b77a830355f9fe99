import { describe, expect, it } from 'vitest';
import { DEFAULT_BRANCH_PAYMENT_SETTINGS } from '../settings/branch-payment-settings.ts';
import { qrisReference, saleRounding } from './payment-rounding.ts';

const branch = { ...DEFAULT_BRANCH_PAYMENT_SETTINGS, cashRoundingStep: 100 };

describe('sale rounding', () => {
  it('rounds only what is left for cash, and only with cash', () => {
    expect(saleRounding(87_270, [{ method: 'cash', amount: 90_000 }], branch)).toBe(-70);
    expect(saleRounding(87_270, [], branch, true)).toBe(-70);
    expect(saleRounding(87_270, [], branch)).toBe(0);
    expect(saleRounding(87_270, [{ method: 'qris', amount: 87_270 }], branch)).toBe(0);
    expect(
      saleRounding(
        87_270,
        [
          { method: 'card', amount: 50_000 },
          { method: 'cash', amount: 37_200 },
        ],
        branch,
      ),
    ).toBe(-70);
    expect(saleRounding(87_270, [{ method: 'cash', amount: 90_000 }], DEFAULT_BRANCH_PAYMENT_SETTINGS)).toBe(
      0,
    );
  });

  it('makes a QRIS bill number of at most 25 characters', () => {
    const ref = qrisReference(new Date('2026-12-02T07:05:09.123Z'), () => 0.5);
    expect(ref).toBe('QR261202070509NN');
    expect(ref.length).toBeLessThanOrEqual(25);
  });
});

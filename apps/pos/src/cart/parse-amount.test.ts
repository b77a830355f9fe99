import { describe, expect, it } from 'vitest';
import { parseAmount } from './parse-amount.ts';

describe('parseAmount', () => {
  it('reads digits only from what a cashier typed', () => {
    expect(parseAmount('Rp 15.000')).toBe(15_000);
    expect(parseAmount('')).toBe(0);
  });
});

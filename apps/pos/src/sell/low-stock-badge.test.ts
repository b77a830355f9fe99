import { describe, expect, it } from 'vitest';
import { isLowStock } from './low-stock-badge.tsx';

describe('isLowStock', () => {
  it('is low at or below the minimum, not when out of stock or without a minimum', () => {
    expect(isLowStock({ onHand: 5, minimum: 5 })).toBe(true);
    expect(isLowStock({ onHand: 1, minimum: 5 })).toBe(true);
    expect(isLowStock({ onHand: 6, minimum: 5 })).toBe(false);
    expect(isLowStock({ onHand: 0, minimum: 5 })).toBe(false);
    expect(isLowStock({ onHand: 2 })).toBe(false);
  });
});

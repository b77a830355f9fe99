import { describe, expect, it } from 'vitest';
import { parsePercent } from './discount-field.tsx';

describe('a discount as a percentage', () => {
  it('reads 10, 12,5 and 12.5; caps at 100; anything else is no percentage', () => {
    expect(parsePercent('10')).toBe(10);
    expect(parsePercent('12,5')).toBe(12.5);
    expect(parsePercent(' 12.5 ')).toBe(12.5);
    expect(parsePercent('150')).toBe(100);
    expect(parsePercent('')).toBeNaN();
    expect(parsePercent('1.000')).toBeNaN();
    expect(parsePercent('abc')).toBeNaN();
  });
});

import { describe, expect, it } from 'vitest';
import { parseIndonesianNumber } from './indonesian-number.ts';

describe('parseIndonesianNumber', () => {
  it.each([
    ['12.500', 12_500],
    ['1.250.000', 1_250_000],
    ['1.250.000,00', 1_250_000],
    ['Rp 12.500', 12_500],
    ['Rp12.500,-', 12_500],
    ['Rp 15.000,-', 15_000],
    ['12500', 12_500],
    ['11,5', 11.5],
    ['11%', 11],
    ['12\u00a0500', 12_500],
    ['12,500', 12_500],
    ['12,500.00', 12_500],
    ['-3', -3],
    ['0', 0],
  ])('reads %j as %d', (text, value) => {
    expect(parseIndonesianNumber(text)).toBe(value);
  });

  it.each(['', 'abc', '12.50.0', '1,2,3.4.5', '12.500,00,0', 'Rp', '--1'])('refuses %j', (text) => {
    expect(parseIndonesianNumber(text)).toBeNull();
  });

  it('reads a decimal point that does not group three digits as a decimal', () => {
    expect(parseIndonesianNumber('12.5')).toBe(12.5);
  });
});

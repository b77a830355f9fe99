import { describe, expect, it } from 'vitest';
import { TaxRate } from './money/tax.ts';
import { isStorableText, text } from './text.ts';

describe('text', () => {
  it('refuses what an engine cannot store: NUL and unpaired surrogates', () => {
    expect(isStorableText('Kopi Susu ☕ 😀')).toBe(true);
    expect(isStorableText('a\u0000b')).toBe(false);
    expect(isStorableText('\uD800')).toBe(false);
    expect(isStorableText('x\uDC00')).toBe(false);
    expect(text(1, 10).safeParse('  Teh  ').data).toBe('Teh');
    expect(text(1, 10).safeParse('   ').success).toBe(false);
  });
});

describe('TaxRate', () => {
  it('takes two decimals despite binary floating point (1.1 is PPN final)', () => {
    for (const ok of [0, 1.1, 2.3, 0.07, 11, 12, 99.99])
      expect(TaxRate.safeParse(ok).success, String(ok)).toBe(true);
    for (const bad of [1.111, -1, 100.01, Number.NaN])
      expect(TaxRate.safeParse(bad).success, String(bad)).toBe(false);
  });
});

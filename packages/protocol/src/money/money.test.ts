import { describe, expect, it } from 'vitest';
import { formatRupiah } from './rupiah.ts';
import { chargedPriceMode, chargedTaxRate, effectiveRate, taxOf } from './tax.ts';

describe('money', () => {
  it('formats rupiah the Indonesian way', () => {
    expect(formatRupiah(15_000)).toBe('Rp 15.000');
    expect(formatRupiah(-2_500)).toBe('-Rp 2.500');
  });

  it('knows the PPN classes since 2025', () => {
    expect(effectiveRate('standard')).toBe(11);
    expect(effectiveRate('luxury')).toBe(12);
    expect(effectiveRate('exempt')).toBe(0);
    expect(taxOf(111_000, 11, 'inclusive')).toMatchObject({ net: 100_000, tax: 11_000, dpp: 91_667 });
    expect(taxOf(112_000, 12, 'inclusive')).toMatchObject({ net: 100_000, tax: 12_000, dpp: 100_000 });
  });
});

describe('the PPN a branch charges', () => {
  it("a PKP charges its products' rates, on the side of its price mode", () => {
    expect(chargedTaxRate(11, { pkp: true, priceMode: 'inclusive' })).toBe(11);
    expect(chargedPriceMode({ pkp: true, priceMode: 'exclusive' })).toBe('exclusive');
  });
  it('a shop that is not a PKP charges none and adds nothing on top', () => {
    expect(chargedTaxRate(11, { pkp: false, priceMode: 'inclusive' })).toBe(0);
    expect(chargedPriceMode({ pkp: false, priceMode: 'inclusive' })).toBe('inclusive');
  });
  it('a branch stored with PPN added on top before that needed a PKP keeps charging it', () => {
    expect(chargedTaxRate(12, { pkp: false, priceMode: 'exclusive' })).toBe(12);
    expect(chargedPriceMode({ pkp: false, priceMode: 'exclusive' })).toBe('exclusive');
  });
});

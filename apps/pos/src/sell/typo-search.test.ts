import { describe, expect, it } from 'vitest';
import { nearPrefix, typoSearch } from './typo-search.ts';

const p = (name: string, sku = 'X') => ({ name, sku, barcodes: [], active: true });

describe('typo search (issue 15 item 8)', () => {
  it('forgives one missing, extra, wrong or swapped letter at the start of a word', () => {
    expect(nearPrefix('kcap', 'kecap')).toBe(true);
    expect(nearPrefix('kecpa', 'kecap')).toBe(true);
    expect(nearPrefix('kexap', 'kecap')).toBe(true);
    expect(nearPrefix('keecap', 'kecap')).toBe(true);
    expect(nearPrefix('kec', 'kecap')).toBe(true);
  });

  it('does not forgive two typos, nor any in a short word', () => {
    expect(nearPrefix('kcp', 'kecap')).toBe(false);
    expect(nearPrefix('kxcxp', 'kecap')).toBe(false);
    expect(nearPrefix('kx', 'kecap')).toBe(false);
  });

  it('needs every query word to match', () => {
    const products = [p('Kecap Manis ABC 135ml'), p('Kecil Sekali'), p('Saus Sambal')];
    expect(typoSearch(products, 'kcap', 10).map((x) => x.name)).toEqual(['Kecap Manis ABC 135ml']);
    expect(typoSearch(products, 'kcap mnis', 10)).toHaveLength(1);
    expect(typoSearch(products, 'kcap sambal', 10)).toHaveLength(0);
  });
});

import type { ProductView } from '@kasir/sync';
import { describe, expect, it } from 'vitest';
import { findTypedProduct } from './find-typed-product.ts';

const product = (sku: string, name: string, barcode?: string) =>
  ({ id: sku, sku, name, barcodes: barcode === undefined ? [] : [barcode] }) as unknown as ProductView;
const products = [
  product('GULA-1', 'Gula Pasir 1 kg', '8991'),
  product('GULA-2', 'Gula Aren 250 g'),
  product('GULA-3', 'Gula Batu'),
  product('TEH-1', 'Teh Celup'),
];
const catalog = {
  byBarcode: (code: string) => products.find((p) => p.barcodes.includes(code)),
  search: (text: string, limit: number) =>
    products.filter((p) => `${p.sku} ${p.name}`.toLowerCase().includes(text.toLowerCase())).slice(0, limit),
};

describe('a typed or scanned product on the delivery and count screens', () => {
  it('a barcode, an exact SKU or name in any case, or the only match names one product', () => {
    expect(findTypedProduct(catalog, '8991')).toMatchObject({ kind: 'one', product: { sku: 'GULA-1' } });
    expect(findTypedProduct(catalog, 'gula-2')).toMatchObject({ kind: 'one', product: { sku: 'GULA-2' } });
    expect(findTypedProduct(catalog, 'gula batu')).toMatchObject({ kind: 'one', product: { sku: 'GULA-3' } });
    expect(findTypedProduct(catalog, 'teh')).toMatchObject({ kind: 'one', product: { sku: 'TEH-1' } });
  });

  it('several matches are offered, never the first taken; nothing found says so', () => {
    const r = findTypedProduct(catalog, 'gula');
    expect(r.kind).toBe('many');
    expect(r.kind === 'many' ? r.products.map((p) => p.sku) : []).toEqual(['GULA-1', 'GULA-2', 'GULA-3']);
    expect(findTypedProduct(catalog, 'kopi')).toEqual({ kind: 'none' });
  });
});

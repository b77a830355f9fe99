import { describe, expect, it } from 'vitest';
import { makeProduct, testId } from '../testing/fixtures.ts';
import { CatalogIndex } from './catalog-index.ts';
import type { OutboxEntry } from '../store/records.ts';

describe('CatalogIndex', () => {
  const index = new CatalogIndex();
  index.load({
    products: Array.from({ length: 120 }, (_, i) => makeProduct(i + 1)),
    stock: [{ productId: makeProduct(1).id, onHand: 10, version: 3 }],
  });

  it('finds by exact barcode, by name and SKU substring, and pages by category', () => {
    expect(index.byBarcode(makeProduct(7).barcodes[0]!)?.id).toBe(makeProduct(7).id);
    expect(index.search('sku-11').map((p) => p.sku)).toEqual([
      'SKU-11',
      'SKU-110',
      'SKU-111',
      'SKU-112',
      'SKU-113',
      'SKU-114',
      'SKU-115',
      'SKU-116',
      'SKU-117',
      'SKU-118',
      'SKU-119',
    ]);
    expect(index.search('PRODUK 5', 3)).toHaveLength(3);
    const page = index.page({ category: 'Minuman', page: 1 });
    expect(page.total).toBe(60);
    expect(page.items).toHaveLength(10);
    expect(index.categories()).toEqual(['Makanan', 'Minuman']);
  });

  it('S1: shows unsynced local writes on top of the server state', () => {
    const p = makeProduct(1);
    const entry = (seq: number, mutation: OutboxEntry['mutation']): OutboxEntry => ({
      seq,
      id: mutation.id,
      mutation,
      state: { kind: 'pending' },
      attempts: 0,
      createdAt: '2025-01-01T00:00:00.000Z',
    });
    index.setLocalEffects([
      entry(1, {
        id: testId(1),
        type: 'stock.count',
        payload: { productId: p.id, counted: 20, baseVersion: 3 },
      }),
      entry(2, {
        id: testId(2),
        type: 'stock.adjust',
        payload: { productId: p.id, delta: -2, reason: 'damage' },
      }),
      entry(3, {
        id: testId(3),
        type: 'product.update',
        payload: { productId: p.id, baseVersion: 1, changes: { price: 99 } },
      }),
    ]);
    expect(index.get(p.id)).toMatchObject({ onHand: 18, price: 99, pendingEdit: true });
    index.setLocalEffects([]);
    expect(index.get(p.id)).toMatchObject({ onHand: 10, price: p.price, pendingEdit: false });
  });

  it('S12: checksums cover the server state only, as the server computes them', () => {
    const c = index.checksums();
    expect(c.catalog.count).toBe(120);
    expect(c.stock.count).toBe(1);
    expect(c.catalog.checksum).toMatch(/^[0-9a-f]{8}$/);
  });

  it('drops deleted products from every view', () => {
    const i = new CatalogIndex();
    i.load({ products: [makeProduct(1)], stock: [] });
    i.applyProducts([makeProduct(1, { deleted: true, version: 2 })]);
    expect(i.size).toBe(0);
    expect(i.byBarcode(makeProduct(1).barcodes[0]!)).toBeUndefined();
  });
});

import type { AdminProductQuery } from '@kasir/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../db/migrations.ts';
import { openDatabase, type Db } from '../db/open-database.ts';
import { ENGINES, createTestDatabase, type TestDatabase } from '../test/test-database.ts';
import { listAdminProducts } from './admin-product-query.ts';

/**
 * A catalog where matches cluster by name (the "Teh" block sorts last) and also spread through it
 * (a variant in every third name, a second barcode on every fifth product that only its barcode
 * matches), with tombstones, archived products and two categories.
 */
function catalog() {
  const kinds = ['Air Mineral', 'Beras', 'Gula', 'Kopi', 'Susu', 'Teh Botol'];
  return Array.from({ length: 120 }, (_, i) => {
    const kind = kinds[i % kinds.length]!;
    const n = String(i).padStart(3, '0');
    return {
      id: `p${n}`,
      sku: `SKU-${n}`,
      name: `${kind} ${i % 3 === 0 ? 'Pedas ' : ''}${n}`,
      price: 1_000,
      barcodes: JSON.stringify([`899${n}50%`, ...(i % 5 === 0 ? [`TEH-${n}`] : [])]),
      category: i % 2 === 0 ? 'Minuman' : 'Sembako',
      taxRateBp: 1100,
      active: i % 7 === 0 ? 0 : 1,
      version: 1,
      deleted: i % 11 === 0 ? 1 : 0,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
  });
}

/** Every page of `query` in turn, by keyset cursor: the ids in the order given. */
async function allPages(db: Db, query: AdminProductQuery, window: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await listAdminProducts(
      db,
      { ...query, limit: 3, ...(cursor === null ? {} : { cursor }) },
      window,
    );
    ids.push(...page.items.map((p) => p.id));
    cursor = page.cursor;
  } while (cursor !== null);
  return ids;
}

describe.each(ENGINES)('listAdminProducts on %s: searching', (engine) => {
  let database: TestDatabase;
  let db: Db;
  const products = catalog();
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    db = openDatabase(database.options);
    await migrateToLatest(db.kysely, engine);
    await db.kysely.insertInto('products').values(products).execute();
  });
  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  const queries: AdminProductQuery[] = [
    { q: 'teh' },
    { q: 'TEH b' },
    { q: 'pedas' },
    { q: 'a' },
    { q: 'sku-01' },
    { q: '89901' },
    { q: '0%' },
    { q: '_' },
    { q: 'tidak ada' },
    { q: 'pedas', category: 'Minuman' },
    { q: 'kopi', active: false },
  ];

  it.each(queries)(
    'finds the same pages through the name-ordered window and through the trigram index: %o',
    async (query) => {
      const term = query.q!.toLowerCase();
      const expected = products.filter(
        (p) =>
          p.deleted === 0 &&
          (query.category === undefined || p.category === query.category) &&
          (query.active === undefined || p.active === (query.active ? 1 : 0)) &&
          `${p.name} ${p.sku} ${p.barcodes}`.toLowerCase().includes(term),
      );
      // Window 0: the trigram index only; 6: the window on some pages, the index on others;
      // 10,000: the window whenever it holds a full page.
      const byIndex = await allPages(db, query, 0);
      expect(new Set(byIndex)).toEqual(new Set(expected.map((p) => p.id)));
      expect(byIndex.length).toBe(expected.length);
      expect(await allPages(db, query, 6)).toEqual(byIndex);
      expect(await allPages(db, query, 10_000)).toEqual(byIndex);
    },
  );

  it('pages the whole live catalog in name order without a term', async () => {
    const names = (await allPages(db, {}, 0)).map((id) => products.find((p) => p.id === id)!.name);
    expect(names.length).toBe(products.filter((p) => p.deleted === 0).length);
    expect(names.slice(-3).every((n) => n.startsWith('Teh'))).toBe(true);
  });
});

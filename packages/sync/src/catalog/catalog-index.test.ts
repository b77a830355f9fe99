import { describe, expect, it } from 'vitest';
import { seededRandom } from '../deps/random.ts';
import { makeProduct, testId } from '../testing/fixtures.ts';
import { makeOutboxEntry, randomOutboxEntries } from '../testing/outbox-entries.ts';
import { CatalogIndex } from './catalog-index.ts';
import type { CatalogSnapshot, OutboxEntry } from '../store/records.ts';

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

  it('keeps pages and categories in step with product changes, not with stock-only pulls', () => {
    const idx = new CatalogIndex();
    idx.load({ products: [makeProduct(1), makeProduct(2)], stock: [] });
    expect(idx.page().items.map((p) => p.name)).toEqual(['Produk 1', 'Produk 2']);
    expect(idx.categories()).toEqual(['Makanan', 'Minuman']);
    // A stock-only pull keeps the name order and lists, and the page shows the new stock.
    idx.applyProducts([]);
    idx.applyStock([{ productId: makeProduct(2).id, onHand: 7, version: 2 }]);
    expect(idx.page({ category: 'Minuman' }).items.map((p) => p.onHand)).toEqual([7]);
    // A renamed, recategorised, deactivated or new product shows in the next page.
    idx.applyProducts([
      makeProduct(1, { name: 'Zebra', category: 'Rokok', version: 2 }),
      makeProduct(2, { active: false, version: 2 }),
      makeProduct(3, { name: 'Apel' }),
    ]);
    expect(idx.page().items.map((p) => p.name)).toEqual(['Apel', 'Zebra']);
    expect(idx.page({ category: 'Minuman' }).total).toBe(0);
    expect(idx.categories()).toEqual(['Makanan', 'Minuman', 'Rokok']); // as before: inactive ones count
    idx.load({ products: [], stock: [] });
    expect(idx.page().total).toBe(0);
    expect(idx.categories()).toEqual([]);
  });

  it('searches the products as changed, whether the search text was built before the change or after', () => {
    const changes = [
      makeProduct(1, { name: 'Kopi Tubruk', version: 2 }),
      makeProduct(2, { deleted: true, version: 2 }),
      makeProduct(3, { name: 'Kopi Susu', sku: 'KS-1' }),
    ];
    const searched = (built: boolean): string[][] => {
      const idx = new CatalogIndex();
      idx.load({ products: [makeProduct(1), makeProduct(2)], stock: [] });
      if (built) expect(idx.search('produk').map((p) => p.name)).toEqual(['Produk 1', 'Produk 2']);
      idx.applyProducts(changes);
      return [idx.search('kopi'), idx.search('produk'), idx.search('ks-1')].map((r) => r.map((p) => p.name));
    };
    const expected = [['Kopi Susu', 'Kopi Tubruk'], [], ['Kopi Susu']];
    expect(searched(true)).toEqual(expected);
    expect(searched(false)).toEqual(expected);
    // prepare() builds it ahead; a load starts over.
    const idx = new CatalogIndex();
    idx.load({ products: [makeProduct(1)], stock: [] });
    idx.prepare();
    idx.load({ products: [makeProduct(3, { name: 'Teh' })], stock: [] });
    expect(idx.search('produk')).toEqual([]);
    expect(idx.search('teh').map((p) => p.name)).toEqual(['Teh']);
  });

  describe('local writes added one at a time', () => {
    const products = [1, 2, 3, 4].map((n) => makeProduct(n));
    const snapshot: CatalogSnapshot = {
      products,
      stock: [
        { productId: products[0]!.id, onHand: 10, version: 3 },
        { productId: products[1]!.id, onHand: 4, version: 1, minimum: 2 },
      ],
    };
    const loaded = (): CatalogIndex => {
      const i = new CatalogIndex();
      i.load(snapshot);
      return i;
    };
    /** Everything the cashier sees of the catalog. */
    const views = (i: CatalogIndex): unknown => ({
      each: products.map((p) => i.get(p.id)),
      page: i.page(),
      search: i.search('produk'),
      barcode: i.byBarcode(products[2]!.barcodes[0]!),
    });
    const adjust = (seq: number, productId: string, delta: number): OutboxEntry =>
      makeOutboxEntry(seq, {
        id: testId(seq),
        type: 'stock.adjust',
        payload: { productId, delta, reason: 'damage' },
      });

    it.each([1, 2, 3, 4, 5, 6])('S1: seed %i: show exactly what setting them all shows', (seed) => {
      const rnd = seededRandom(seed);
      const entries = randomOutboxEntries(rnd, { count: 50, productIds: products.map((p) => p.id) });
      const cut = Math.floor(rnd() * 10);
      const incremental = loaded();
      incremental.setLocalEffects(entries.slice(0, cut));
      const replayed = loaded();
      for (let i = cut; i < entries.length; i++) {
        expect(incremental.addLocalEffect(entries[i]!)).toBe(true);
        replayed.setLocalEffects(entries.slice(0, i + 1));
        expect(views(incremental)).toEqual(views(replayed));
      }
    });

    it('an entry not above every seq set is refused and changes nothing: the caller sets them all', () => {
      const p = products[0]!.id;
      const i = loaded();
      i.setLocalEffects([adjust(3, p, -1), adjust(1, p, -1)]);
      expect(i.get(p)?.onHand).toBe(8);
      expect(i.addLocalEffect(adjust(2, p, -5))).toBe(false);
      expect(i.addLocalEffect(adjust(3, p, -5))).toBe(false);
      expect(i.get(p)?.onHand).toBe(8);
      i.setLocalEffects([adjust(3, p, -1), adjust(1, p, -1), adjust(2, p, -5)]);
      expect(i.get(p)?.onHand).toBe(3);
      expect(i.addLocalEffect(adjust(4, p, -1))).toBe(true);
      expect(i.addLocalEffect(adjust(4, p, -1))).toBe(false);
      expect(i.get(p)?.onHand).toBe(2);
      // Set empty, any seq is above all of none.
      i.setLocalEffects([]);
      expect(i.addLocalEffect(adjust(1, p, -1))).toBe(true);
      expect(i.get(p)?.onHand).toBe(9);
    });

    it('an add changes only its own index: no effects object is shared between indexes', () => {
      const p = products[0]!.id;
      const [x, y] = [loaded(), loaded()];
      expect(x.addLocalEffect(adjust(1, p, -4))).toBe(true);
      expect([x.get(p)?.onHand, y.get(p)?.onHand]).toEqual([6, 10]);
      x.setLocalEffects([]);
      expect(x.get(p)?.onHand).toBe(10);
    });
  });
});

describe('CatalogIndex name order', () => {
  const collator = new Intl.Collator('id');
  /** Names whose code-unit order differs from the collator's: case, accents, punctuation, digits. */
  const NAMES = [
    'Énergen',
    'es teh',
    'Es Jeruk',
    'ekado',
    '_promo',
    'a-b',
    'ab',
    'Ab',
    'äpfel',
    'Zebra',
    'z10',
    'z9',
    '(x)',
  ];
  const expected = (index: CatalogIndex): string[] =>
    index
      .page({ pageSize: 10_000 })
      .items.slice()
      .sort((a, b) => collator.compare(a.name, b.name) || (a.id < b.id ? -1 : 1))
      .map((p) => p.id);
  const order = (index: CatalogIndex): string[] => index.page({ pageSize: 10_000 }).items.map((p) => p.id);

  it("is the collator's after a load, after renames, adds and deletes, whatever order came before", () => {
    const random = seededRandom(7);
    const name = (): string =>
      `${NAMES[Math.floor(random() * NAMES.length)]!}${random() < 0.5 ? '' : ` ${Math.floor(random() * 50)}`}`;
    const index = new CatalogIndex();
    index.load({
      products: Array.from({ length: 300 }, (_, i) => makeProduct(i + 1, { name: name() })),
      stock: [],
    });
    expect(order(index)).toEqual(expected(index));
    let next = 301;
    for (let round = 0; round < 20; round++) {
      const changes = Array.from({ length: 15 }, () => {
        const roll = random();
        if (roll < 0.3) return makeProduct(next++, { name: name() });
        const n = 1 + Math.floor(random() * (next - 1));
        return roll < 0.8
          ? makeProduct(n, { name: name(), version: 2 + round })
          : makeProduct(n, { deleted: true });
      });
      index.applyProducts(changes);
      expect(order(index)).toEqual(expected(index));
      // A load after a sort keeps no stale record: the order shows the loaded names.
      if (round === 10) {
        const renamed = order(index).map((id, i) => makeProduct(i + 1, { id, name: name() }));
        index.load({ products: renamed, stock: [] });
        expect(order(index)).toEqual(expected(index));
        expect(
          index
            .page({ pageSize: 10_000 })
            .items.map((p) => p.name)
            .sort(),
        ).toEqual(renamed.map((p) => p.name).sort());
      }
    }
  });

  it('searches as a plain filter of the name order does: barcode first, then substring matches, up to the limit', () => {
    const random = seededRandom(23);
    const index = new CatalogIndex();
    const held = new Map(
      Array.from({ length: 300 }, (_, i) =>
        makeProduct(i + 1, {
          name: `${NAMES[Math.floor(random() * NAMES.length)]!} ${Math.floor(random() * 30)}`,
          // Some shops key the barcode in as the SKU: the exact match must not show twice.
          sku: i % 3 === 0 ? `899${String(i + 1).padStart(10, '0')}` : `SKU-${Math.floor(random() * 40)}`,
          active: random() < 0.9,
        }),
      ).map((p) => [p.id, p]),
    );
    index.load({ products: [...held.values()], stock: [] });
    // Inactive products are found too, as before: search looks at every product the till holds.
    const plain = (q: string, limit: number): string[] => {
      const needle = q.trim().toLowerCase();
      const exact = index.byBarcode(q)?.id;
      const hits = [...held.values()]
        .sort((a, b) => collator.compare(a.name, b.name) || (a.id < b.id ? -1 : 1))
        .filter((p) => p.id !== exact && `${p.name}\n${p.sku}`.toLowerCase().includes(needle));
      return [...(exact === undefined ? [] : [exact]), ...hits.map((p) => p.id)].slice(0, limit);
    };
    const queries = [
      'e',
      'es',
      'es t',
      'z1',
      'sku-1',
      '1\nsku',
      'ab 2',
      ' Zebra ',
      '-',
      'tidak ada',
      '\u0000',
    ];
    for (let round = 0; round < 6; round++) {
      for (const q of [...queries, [...held.values()][round]!.barcodes[0]!])
        for (const limit of [1, 5, 50, 1_000])
          expect(
            index.search(q, limit).map((p) => p.id),
            `${JSON.stringify(q)} ${limit}`,
          ).toEqual(plain(q, limit));
      // Renames, new products and deletes between searches: the next search sees them.
      const changed = Array.from({ length: 20 }, () => {
        const n = 1 + Math.floor(random() * 320);
        return random() < 0.8
          ? makeProduct(n, { name: `${NAMES[Math.floor(random() * NAMES.length)]!} x`, version: 2 + round })
          : makeProduct(n, { deleted: true, version: 2 + round });
      });
      index.applyProducts(changed);
      for (const c of changed) {
        if (c.deleted) held.delete(c.id);
        else held.set(c.id, c);
      }
    }
  });

  it('gives the first pages before any sort exactly as the sorted catalog does (a start)', () => {
    const random = seededRandom(11);
    for (let round = 0; round < 10; round++) {
      const products = Array.from({ length: 400 }, (_, i) =>
        makeProduct(i + 1, {
          name: `${NAMES[Math.floor(random() * NAMES.length)]!} ${Math.floor(random() * 5)}`,
          active: random() < 0.9,
        }),
      );
      const queries = [
        { pageSize: 30 },
        { page: 2, pageSize: 20 },
        { category: 'Minuman', pageSize: 24 },
        { category: 'Makanan', page: 3, pageSize: 24 },
        { category: 'none', pageSize: 24 },
      ];
      const before = new CatalogIndex();
      before.load({ products, stock: [] });
      const selected = queries.map((q) => before.page(q));
      const sorted = new CatalogIndex();
      sorted.load({ products, stock: [] });
      sorted.prepare();
      expect(selected).toEqual(queries.map((q) => sorted.page(q)));
      expect(selected[0]!.items).toHaveLength(30);
    }
  });
});

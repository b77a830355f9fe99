import {
  catalogChecksumItem,
  decodeCursor,
  newId,
  SetChecksum,
  stockChecksumItem,
  type Change,
  type Product,
  type PullResponse,
  type PushResponse,
  type SyncStateResponse,
} from '@kasir/protocol';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../db/open-database.ts';
import { sampleProducts, startTestServer, type TestDevice, type TestServer } from '../test/test-server.ts';

/** Pulls the whole feed from `cursor` in pages of `limit`. */
export async function pullAll(t: TestServer, token: string, cursor = '', limit = 500) {
  const changes: Change[] = [];
  let pages = 0;
  for (;;) {
    const r = await t.request('GET', `/api/sync/pull?cursor=${cursor}&limit=${limit}`, { token });
    if (r.status !== 200) throw new Error(`pull: ${r.status} ${JSON.stringify(r.body)}`);
    const page = r.body as PullResponse;
    changes.push(...page.changes);
    cursor = page.cursor;
    pages++;
    if (!page.hasMore) return { changes, cursor, pages };
  }
}

/** The change feed (S4, S5), integrity (S12), push (S2, S3, S8, S9) and branch isolation (S13). */
export function syncApiContract(engine: Engine): void {
  describe(`sync API [${engine}]`, () => {
    let t: TestServer;
    let a: TestDevice;
    let b: TestDevice;
    let products: Product[];
    beforeAll(async () => {
      t = await startTestServer(engine);
      a = await t.device(await t.branch('A'));
      b = await t.device(await t.branch('B'));
      products = await t.products(sampleProducts(25));
    });
    afterAll(() => t.close());

    it('S4: pulls the catalog in keyset pages and then only what changed', async () => {
      const all = await pullAll(t, a.token, '', 10);
      expect(all.pages).toBe(3);
      expect(all.changes.filter((c) => c.kind === 'product')).toHaveLength(25);
      await t.products([{ ...sampleProducts(1)[0]!, price: 1500 }]);
      const next = await pullAll(t, a.token, all.cursor);
      expect(next.changes).toHaveLength(1);
      expect(next.changes[0]).toMatchObject({
        kind: 'product',
        data: { sku: 'P0001', price: 1500, version: 2 },
      });
      const none = await pullAll(t, a.token, next.cursor);
      expect(none.changes).toEqual([]);
      expect(none.cursor).toBe(next.cursor);
    });

    it('S4: re-importing an unchanged product makes no change and keeps its version', async () => {
      const before = await pullAll(t, a.token);
      const again = await t.products(sampleProducts(3).slice(1));
      expect(again.map((p) => p.version)).toEqual([1, 1]);
      expect((await pullAll(t, a.token, before.cursor)).changes).toEqual([]);
    });

    it('S13: a device sees the shared catalog and only its own branch', async () => {
      const sale = t.sale(a, [{ product: products[4]!, quantity: 2 }]);
      expect((await t.request('POST', '/api/sales', { token: a.token, body: sale })).status).toBe(201);
      const seenByA = await pullAll(t, a.token);
      const seenByB = await pullAll(t, b.token);
      expect(seenByA.changes.some((c) => c.kind === 'sale' && c.data.id === sale.id)).toBe(true);
      expect(seenByA.changes.some((c) => c.kind === 'stock' && c.data.productId === products[4]!.id)).toBe(
        true,
      );
      expect(seenByB.changes.filter((c) => c.scope === 'branch')).toEqual([]);
      const stockB = await t.request('GET', '/api/products?page=1&limit=100', { token: b.token });
      const p4 = (stockB.body as { products: { id: string; stock: number }[] }).products.find(
        (p) => p.id === products[4]!.id,
      );
      expect(p4?.stock).toBe(0);
    });

    it('S12: sync state counts and checksums match what a full pull gives', async () => {
      const all = await pullAll(t, a.token);
      const state = (await t.request('GET', '/api/sync/state', { token: a.token })).body as SyncStateResponse;
      const catalog = new SetChecksum();
      const stock = new SetChecksum();
      for (const c of all.changes) {
        if (c.kind === 'product' && !c.data.deleted) catalog.add(catalogChecksumItem(c.data));
        if (c.kind === 'stock') stock.add(stockChecksumItem(c.data));
      }
      expect(state.catalog).toEqual({ count: catalog.count, checksum: catalog.hex });
      expect(state.stock).toEqual({ count: stock.count, checksum: stock.hex });
      expect(state.cursor).toBe(all.cursor);
    });

    it('S12: responses are compressed when the client accepts it', async () => {
      const res = await fetch(`${t.url}/api/sync/pull?limit=500`, {
        headers: { authorization: `Bearer ${a.token}`, 'accept-encoding': 'gzip' },
      });
      expect(res.headers.get('content-encoding')).toBe('gzip');
      const raw = Buffer.from(await res.arrayBuffer());
      // fetch may or may not decode; either way the JSON is intact
      const text = raw[0] === 0x1f ? gunzipSync(raw).toString() : raw.toString();
      expect((JSON.parse(text) as PullResponse).changes.length).toBeGreaterThan(0);
    });

    it('400 invalid_cursor for a cursor that is not one', async () => {
      const r = await t.request('GET', '/api/sync/pull?cursor=abc', { token: a.token });
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ error: { code: 'invalid_cursor' } });
      expect(decodeCursor('abc')).toBeNull();
    });

    it('S9: a rejected mutation does not block the ones behind it; S3: replays are duplicates', async () => {
      const good1 = t.sale(a, [{ product: products[0]!, quantity: 1 }]);
      const good2 = t.sale(a, [{ product: products[1]!, quantity: 1 }]);
      const unknown = t.sale(a, [{ product: { ...products[0]!, id: newId() }, quantity: 1 }]);
      const push = (mutations: unknown[]) =>
        t.request('POST', '/api/sync/push', { token: a.token, body: { mutations } });
      const r = await push([
        { id: good1.id, type: 'sale.create', payload: good1 },
        { id: unknown.id, type: 'sale.create', payload: unknown },
        { id: 'garbage', type: 'sale.create', payload: {} },
        { id: good2.id, type: 'sale.create', payload: good2 },
      ]);
      expect(r.status).toBe(200);
      const results = (r.body as PushResponse).results;
      expect(results.map((x) => x.status)).toEqual(['accepted', 'rejected', 'rejected', 'accepted']);
      expect(results[1]).toMatchObject({ code: 'unknown_product' });
      expect(results[2]).toMatchObject({ id: 'garbage', code: 'validation_failed' });
      const again = await push([{ id: good1.id, type: 'sale.create', payload: good1 }]);
      expect((again.body as PushResponse).results[0]).toMatchObject({ status: 'duplicate' });
      // The same sale through the other route is the same mutation.
      expect((await t.request('POST', '/api/sales', { token: a.token, body: good2 })).status).toBe(200);
      const mismatch = await push([
        { id: newId(), type: 'sale.create', payload: t.sale(a, [{ product: products[0]!, quantity: 1 }]) },
      ]);
      expect((mismatch.body as PushResponse).results[0]).toMatchObject({
        status: 'rejected',
        code: 'mutation_id_mismatch',
      });
    });

    it('S8: a stale product edit becomes a conflict with both versions; a current one applies', async () => {
      const p = products[6]!;
      const push = (mutations: unknown[]) =>
        t.request('POST', '/api/sync/push', { token: a.token, body: { mutations } });
      const ok = await push([
        {
          id: newId(),
          type: 'product.update',
          payload: { productId: p.id, baseVersion: 1, changes: { price: 7700 } },
        },
      ]);
      expect((ok.body as PushResponse).results[0]).toMatchObject({
        status: 'accepted',
        result: { price: 7700, version: 2 },
      });
      const stale = await push([
        {
          id: newId(),
          type: 'product.update',
          payload: { productId: p.id, baseVersion: 1, changes: { price: 9900 } },
        },
      ]);
      const res = (stale.body as PushResponse).results[0]!;
      expect(res).toMatchObject({
        status: 'conflict',
        conflict: {
          kind: 'product',
          baseVersion: 1,
          serverVersion: 2,
          mine: { price: 9900 },
          server: { price: 7700 },
        },
      });
    });

    it('S8: a stock count on the current version becomes a delta, on a stale one a conflict', async () => {
      const p = products[7]!;
      const push = (mutations: unknown[]) =>
        t.request('POST', '/api/sync/push', { token: a.token, body: { mutations } });
      const counted = await push([
        { id: newId(), type: 'stock.count', payload: { productId: p.id, counted: 12, baseVersion: 0 } },
      ]);
      expect((counted.body as PushResponse).results[0]).toMatchObject({
        status: 'accepted',
        result: { onHand: 12, version: 1 },
      });
      await t.request('POST', '/api/sales', {
        token: a.token,
        body: t.sale(a, [{ product: p, quantity: 2 }]),
      });
      const stale = await push([
        { id: newId(), type: 'stock.count', payload: { productId: p.id, counted: 12, baseVersion: 1 } },
      ]);
      expect((stale.body as PushResponse).results[0]).toMatchObject({
        status: 'conflict',
        conflict: { kind: 'stock', serverVersion: 2, mine: { counted: 12 }, server: { onHand: 10 } },
      });
      const adj = await push([
        { id: newId(), type: 'stock.adjust', payload: { productId: p.id, delta: 5, reason: 'receive' } },
      ]);
      expect((adj.body as PushResponse).results[0]).toMatchObject({
        status: 'accepted',
        result: { onHand: 15 },
      });
    });

    it('400 for a push body that is not a batch', async () => {
      for (const body of [{}, { mutations: [] }, { mutations: 'x' }, []]) {
        const r = await t.request('POST', '/api/sync/push', { token: a.token, body });
        expect(r.status).toBe(400);
        expect(r.body).toMatchObject({ error: { code: 'validation_failed' } });
      }
    });
  });
}

import {
  decodeCursor,
  newId,
  type Change,
  type Product,
  type PullResponse,
  type PushResponse,
  type SyncStateResponse,
} from '@kasir/protocol';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../db/open-database.ts';
import { authenticateDevice } from '../auth/principal.ts';
import { payloadHash } from '../feed/idempotency.ts';
import { recordSales } from '../sales/record-sales.ts';
import { sampleProducts, type TestDevice, type TestServer } from '../test/test-server.ts';
import { checksumsOfChanges } from '../test/feed-checksums.ts';
import { useTestServer } from '../test/use-test-server.ts';

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
    const t = useTestServer(engine);
    let a: TestDevice;
    let b: TestDevice;
    let products: Product[];
    beforeAll(async () => {
      a = await t.device(await t.branch('A'), 'Kasir', ['catalog.edit', 'catalog.price']);
      b = await t.device(await t.branch('B'));
      products = await t.products(sampleProducts(25));
    });

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
      const expected = checksumsOfChanges(all.changes);
      expect(state.catalog).toEqual(expected.catalog);
      expect(state.stock).toEqual(expected.stock);
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

    it('S8: a stock count on the current version becomes a delta, on one moved by another device a conflict', async () => {
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
      // Another till of the branch sells: a move the counting device did not make (own ones see below).
      const other = await t.device(a.branch, 'Kasir lain');
      await t.request('POST', '/api/sales', {
        token: other.token,
        body: t.sale(other, [{ product: p, quantity: 2 }]),
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

    describe('S8: a stale count conflicts only on moves its device did not make', () => {
      const pushAs = async (dev: TestDevice, mutations: unknown[]) => {
        const r = await t.request('POST', '/api/sync/push', { token: dev.token, body: { mutations } });
        expect(r.status).toBe(200);
        return (r.body as PushResponse).results;
      };
      const receive = (p: Product, delta: number) => t.receive(a.branch, p, delta);
      const count = (p: Product, counted: number, baseVersion: number) => ({
        id: newId(),
        type: 'stock.count',
        payload: { productId: p.id, counted, baseVersion },
      });
      const sell = (dev: TestDevice, p: Product, quantity: number) => {
        const sale = t.sale(dev, [{ product: p, quantity }]);
        return { id: sale.id, type: 'sale.create', payload: sale };
      };
      const onHand = async (p: Product) =>
        (
          await t.server.db.kysely
            .selectFrom('stock')
            .select('onHand')
            .where('branchId', '=', a.branch.id)
            .where('productId', '=', p.id)
            .executeTakeFirstOrThrow()
        ).onHand;

      it("S8: a count after its own device's sales and adjustments, at the version it last saw, applies", async () => {
        const p = products[10]!;
        const { version: base } = await receive(p, 10);
        // Sold one offline, then counted 8: the count already includes the sale pushed before it.
        const first = await pushAs(a, [sell(a, p, 1), count(p, 8, base)]);
        expect(first.map((r) => r.status)).toEqual(['accepted', 'accepted']);
        expect(first[1]).toMatchObject({ result: { onHand: 8, version: base + 2 } });
        // Still offline from the device's view: more own moves, own count included, same old base.
        const second = await pushAs(a, [
          sell(a, p, 2),
          { id: newId(), type: 'stock.adjust', payload: { productId: p.id, delta: -1, reason: 'damage' } },
          count(p, 4, base),
        ]);
        expect(second.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
        expect(second[2]).toMatchObject({ result: { onHand: 4, version: base + 5 } });
        expect(await onHand(p)).toBe(4);
      });

      it("S8: another device's sale since the base version makes the count a conflict", async () => {
        const p = products[11]!;
        const other = await t.device(a.branch, 'Kasir 2');
        const { version: base } = await receive(p, 10);
        expect((await pushAs(other, [sell(other, p, 1)]))[0]!.status).toBe('accepted');
        const r = await pushAs(a, [sell(a, p, 1), count(p, 8, base)]);
        expect(r[0]!.status).toBe('accepted');
        expect(r[1]).toMatchObject({
          status: 'conflict',
          conflict: { kind: 'stock', baseVersion: base, serverVersion: base + 2, server: { onHand: 8 } },
        });
        expect(await onHand(p)).toBe(8);
      });

      it("S8: own and another device's sale sharing one group commit make the count a conflict", async () => {
        const p = products[12]!;
        const other = await t.device(a.branch, 'Kasir 3');
        const { version: base } = await receive(p, 10);
        // The bulk handler of a group commit, given both devices' sales at once.
        const job = async (dev: TestDevice) => {
          const sale = t.sale(dev, [{ product: p, quantity: 1 }]);
          const who = await authenticateDevice(t.server.db, dev.token);
          return {
            who: who!,
            mutationId: sale.id,
            payload: sale,
            hash: payloadHash(sale),
            now: new Date().toISOString(),
          };
        };
        const jobs = [await job(a), await job(other)];
        const results = await t.server.db.kysely.transaction().execute((trx) => recordSales(trx, jobs));
        expect(results.map((r) => r.outcome.status)).toEqual(['accepted', 'accepted']);
        const versions = await t.server.db.kysely
          .selectFrom('stockMovements')
          .select('version')
          .where('refId', 'in', [jobs[0]!.payload.id, jobs[1]!.payload.id])
          .execute();
        expect(versions.map((v) => v.version)).toEqual([base + 1, base + 1]);
        const r = await pushAs(a, [count(p, 8, base)]);
        expect(r[0]).toMatchObject({ status: 'conflict', conflict: { serverVersion: base + 1 } });
        expect(await onHand(p)).toBe(8);
      });

      it('S8: a back-office receipt since the base version makes the count a conflict', async () => {
        const p = products[13]!;
        const { version: base } = await receive(p, 10);
        expect((await pushAs(a, [sell(a, p, 1)]))[0]!.status).toBe('accepted');
        await receive(p, 5);
        const r = await pushAs(a, [count(p, 8, base)]);
        expect(r[0]).toMatchObject({
          status: 'conflict',
          conflict: { serverVersion: base + 2, server: { onHand: 14 } },
        });
        expect(await onHand(p)).toBe(14);
      });

      it('S8: ledger rows without a version (written before it was recorded) make the count a conflict', async () => {
        const p = products[14]!;
        const { version: base } = await receive(p, 10);
        expect((await pushAs(a, [sell(a, p, 1)]))[0]!.status).toBe('accepted');
        await t.server.db.kysely
          .updateTable('stockMovements')
          .set({ version: null })
          .where('productId', '=', p.id)
          .execute();
        const r = await pushAs(a, [count(p, 8, base)]);
        expect(r[0]).toMatchObject({ status: 'conflict', conflict: { serverVersion: base + 1 } });
        expect(await onHand(p)).toBe(9);
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

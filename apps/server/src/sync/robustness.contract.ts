import type { Product, PushResponse, Sale } from '@kasir/protocol';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../db/open-database.ts';
import { TEST_PG_URL } from '../test/test-database.ts';
import { sampleProducts, type TestDevice } from '../test/test-server.ts';
import { useTestServer } from '../test/use-test-server.ts';

/** Regressions from review: inputs and races that once produced a 500 or a silent overwrite. */
export function robustnessContract(engine: Engine): void {
  describe(`robustness [${engine}]`, () => {
    const t = useTestServer(engine);
    let dev: TestDevice;
    let products: Product[];
    beforeAll(async () => {
      dev = await t.device(await t.branch('ROB'), 'Kasir', ['catalog.edit', 'catalog.price']);
      products = await t.products(sampleProducts(3));
    });
    const push = (mutations: unknown[]) =>
      t.request('POST', '/api/sync/push', { token: dev.token, body: { mutations } });

    it('S9: a sale with text no engine can store is refused alone; the others of its push are kept', async () => {
      const good1 = t.sale(dev, [{ product: products[0]!, quantity: 1 }]);
      const bad = { ...t.sale(dev, [{ product: products[0]!, quantity: 1 }]), note: 'a\u0000b' };
      const good2 = t.sale(dev, [{ product: products[0]!, quantity: 1 }]);
      const r = await push([good1, bad, good2].map((s) => ({ id: s.id, type: 'sale.create', payload: s })));
      expect(r.status).toBe(200);
      expect((r.body as PushResponse).results.map((x) => x.status)).toEqual([
        'accepted',
        'rejected',
        'accepted',
      ]);
      expect((await t.request('POST', '/api/sales', { token: dev.token, body: bad })).status).toBe(400);
      const lone = { ...t.sale(dev, [{ product: products[0]!, quantity: 1 }]), cashierName: '\uD800' };
      expect((await t.request('POST', '/api/sales', { token: dev.token, body: lone })).status).toBe(400);
    });

    it('a mutation id of the wrong type is refused alone, not a 500', async () => {
      const good = t.sale(dev, [{ product: products[1]!, quantity: 1 }]);
      const r = await push([{ id: { toString: 1 } }, { id: good.id, type: 'sale.create', payload: good }]);
      expect(r.status).toBe(200);
      expect((r.body as PushResponse).results.map((x) => x.status)).toEqual(['rejected', 'accepted']);
    });

    it('S3: the cashier name and note are stored and replayed with the sale', async () => {
      const sale = {
        ...t.sale(dev, [{ product: products[1]!, quantity: 1 }]),
        cashierName: 'Siti',
        note: 'tanpa kantong',
      };
      const first = await t.request('POST', '/api/sales', { token: dev.token, body: sale });
      expect(first.body).toMatchObject({ cashierName: 'Siti', note: 'tanpa kantong' });
      const again = await t.request('POST', '/api/sales', { token: dev.token, body: sale });
      expect((again.body as Sale).note).toBe('tanpa kantong');
    });

    it('accepts tax rates with two decimals such as 1.1 (PPN final)', async () => {
      const [p] = await t.products([{ sku: 'PPN-FINAL', name: 'Emas', price: 1_000_000, taxRate: 1.1 }]);
      expect(p!.taxRate).toBe(1.1);
      expect(
        (await t.admin('PUT', '/api/admin/products', [{ sku: 'X', name: 'x', price: 1, taxRate: 1.111 }]))
          .status,
      ).toBe(400);
    });

    it('GET /api/products?updatedSince= pages through everything changed', async () => {
      const since = new Date(t.now() - 1000).toISOString();
      await t.products(sampleProducts(120, 'UPD'));
      const seen = new Set<string>();
      for (let page = 1; ; page++) {
        const r = await t.request(
          'GET',
          `/api/products?updatedSince=${encodeURIComponent(since)}&limit=50&page=${page}`,
          {
            token: dev.token,
          },
        );
        const body = r.body as { products: { sku: string }[]; hasMore: boolean };
        body.products.forEach((p) => seen.add(p.sku));
        if (!body.hasMore) break;
      }
      expect([...seen].filter((s) => s.startsWith('UPD'))).toHaveLength(120);
    });

    if (engine === 'postgres') {
      /** Holds a stock movement open in another connection while `during` runs, then commits it. */
      const withOpenMovement = async (productId: string, during: () => Promise<unknown>) => {
        const other = new pg.Client({
          connectionString: TEST_PG_URL,
          options: `-c search_path=${t.database.where}`,
        });
        await other.connect();
        await other.query('begin');
        await other.query(
          'update stock set on_hand = on_hand + 3, version = version + 1 where product_id = $1',
          [productId],
        );
        const pending = during();
        await new Promise((r) => setTimeout(r, 300));
        await other.query('commit');
        await other.end();
        return pending;
      };

      it('S8: a stock count racing a movement becomes a conflict, never an overwrite', async () => {
        const p = products[2]!;
        await t.receive(dev.branch, p, 10);
        const r = (await withOpenMovement(p.id, () =>
          push([
            {
              id: crypto.randomUUID(),
              type: 'stock.count',
              payload: { productId: p.id, counted: 50, baseVersion: 1 },
            },
          ]),
        )) as { body: PushResponse };
        expect(r.body.results[0]).toMatchObject({ status: 'conflict', conflict: { server: { onHand: 13 } } });
      });

      it('S8: a product edit racing another edit becomes a conflict, not a 500', async () => {
        const p = products[0]!;
        const other = new pg.Client({
          connectionString: TEST_PG_URL,
          options: `-c search_path=${t.database.where}`,
        });
        await other.connect();
        await other.query('begin');
        await other.query('update products set price = price + 1, version = version + 1 where id = $1', [
          p.id,
        ]);
        const pending = push([
          {
            id: crypto.randomUUID(),
            type: 'product.update',
            payload: { productId: p.id, baseVersion: 1, changes: { price: 1 } },
          },
        ]);
        await new Promise((r) => setTimeout(r, 300));
        await other.query('commit');
        await other.end();
        const r = await pending;
        expect(r.status).toBe(200);
        expect((r.body as PushResponse).results[0]).toMatchObject({ status: 'conflict' });
      });
    }
  });
}

import { decodeCursor, type Product, type PullResponse } from '@kasir/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../db/open-database.ts';
import { sampleProducts, type TestDevice } from '../test/test-server.ts';
import { useTestServer } from '../test/use-test-server.ts';
import { pullAll } from './sync-api.contract.ts';

const DAY = 86_400_000;

/** Sales reach devices through a window of recent days (issue 16, issue 18 item 3). */
export function salesWindowContract(engine: Engine): void {
  describe(`sales window [${engine}]`, () => {
    const t = useTestServer(engine);
    let a: TestDevice;
    let products: Product[];
    beforeAll(async () => {
      a = await t.device(await t.branch('WIN'));
      products = await t.products(sampleProducts(2));
    });

    const sell = async (): Promise<string> => {
      const sale = t.sale(a, [{ product: products[0]!, quantity: 1 }]);
      expect((await t.request('POST', '/api/sales', { token: a.token, body: sale })).status).toBe(201);
      return sale.id;
    };
    const saleIds = (changes: PullResponse['changes']) =>
      changes.flatMap((c) => (c.kind === 'sale' ? [c.data.id] : []));

    it('a fresh device gets the last 7 days of sales by default, more when it asks, and its cursor passes the old ones', async () => {
      const old = await sell();
      t.advanceClock(8 * DAY);
      const recent = await sell();
      const fresh = await pullAll(t, a.token);
      expect(saleIds(fresh.changes)).toEqual([recent]);
      // Stock of the old sale's product is still there: only sales are windowed.
      expect(fresh.changes.some((c) => c.kind === 'stock')).toBe(true);

      const wide: string[] = [];
      let cursor = '';
      for (;;) {
        const r = await t.request('GET', `/api/sync/pull?cursor=${cursor}&salesDays=30`, { token: a.token });
        expect(r.status).toBe(200);
        const page = r.body as PullResponse;
        wide.push(...saleIds(page.changes));
        cursor = page.cursor;
        if (!page.hasMore) break;
      }
      expect(wide).toEqual([old, recent]);
      expect(decodeCursor(fresh.cursor)).toEqual(decodeCursor(cursor));
    });

    it('pages through a long run of old sales without returning them, and then stops', async () => {
      for (let i = 0; i < 12; i++) await sell();
      t.advanceClock(8 * DAY);
      const latest = await sell();
      const pages = await pullAll(t, a.token, '', 1);
      expect(saleIds(pages.changes)).toEqual([latest]);
      const again = await pullAll(t, a.token, pages.cursor, 1);
      expect(again.changes).toEqual([]);
    });

    it('refuses a window that is not a whole number of days', async () => {
      const r = await t.request('GET', '/api/sync/pull?cursor=&salesDays=abc', { token: a.token });
      expect(r.status).toBe(400);
    });
  });
}

import { ProductCountResponse, ProductListQuery, ProductWithStock } from '@kasir/protocol';
import { z } from 'zod';
import { deviceOf } from '../auth/auth-hooks.ts';
import type { Db } from '../db/open-database.ts';
import type { App, RouteDeps } from '../http/app-types.ts';
import { toProduct, withStock } from './product-row.ts';
import { deviceGuard } from '../auth/route-guard.ts';

const ProductListResponse = z.object({
  products: z.array(ProductWithStock),
  page: z.number().int().optional(),
  limit: z.number().int(),
  total: z.number().int().optional(),
  hasMore: z.boolean(),
  serverTime: z.string(),
});

/**
 * The founding document's catalog calls, kept for compatibility: count, numbered pages, and
 * `updatedSince`. The change feed (`/api/sync/pull`) is what our own devices use: offset pages
 * and timestamps can skip rows under concurrent writes, server cursors cannot (S4, S5).
 */
export function registerDeviceProductRoutes(app: App, deps: RouteDeps): void {
  const { db } = deps;
  const device = deviceGuard(deps);

  app.get(
    '/api/products/count',
    device.route({ schema: { response: { 200: ProductCountResponse } } }),
    async () => ({ count: await countProducts(db) }),
  );

  app.get(
    '/api/products',
    device.route({
      schema: { querystring: ProductListQuery, response: { 200: ProductListResponse } },
    }),
    async (req) => {
      const who = deviceOf(req);
      const limit = req.query.limit ?? 500;
      const serverTime = new Date(deps.clock.now()).toISOString();
      let q = db.reader
        .selectFrom('products')
        .leftJoin('stock', (j) =>
          j.onRef('stock.productId', '=', 'products.id').on('stock.branchId', '=', who.branchId),
        )
        .selectAll('products')
        .select('stock.onHand');
      const page = req.query.page ?? 1;
      if (req.query.updatedSince !== undefined) {
        // Tombstones included, so a device learns about deletions. One upsert gives all its products
        // the same time, so pages are numbered (ordered by time, then id) rather than time-keyed.
        const since = new Date(req.query.updatedSince).toISOString();
        const rows = await q
          .where('products.updatedAt', '>', since)
          .orderBy('products.updatedAt')
          .orderBy('products.id')
          .limit(limit + 1)
          .offset((page - 1) * limit)
          .execute();
        return {
          products: rows.slice(0, limit).map((r) => withStock(toProduct(r), r.onHand)),
          page,
          limit,
          hasMore: rows.length > limit,
          serverTime,
        };
      }
      q = q.where('products.deleted', '=', 0);
      const [rows, total] = await Promise.all([
        q
          .orderBy('products.sku')
          .limit(limit)
          .offset((page - 1) * limit)
          .execute(),
        countProducts(db),
      ]);
      return {
        products: rows.map((r) => withStock(toProduct(r), r.onHand)),
        page,
        limit,
        total,
        hasMore: page * limit < total,
        serverTime,
      };
    },
  );
}

/** Products in the catalog (deleted ones are not). */
async function countProducts(db: Db): Promise<number> {
  const { n } = await db.reader
    .selectFrom('products')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('deleted', '=', 0)
    .executeTakeFirstOrThrow();
  return Number(n);
}

import {
  AdminProduct,
  AdminProductCreateBody,
  AdminProductPage,
  AdminProductQuery,
  AdminProductUpdateBody,
  CategoryList,
  ErrorEnvelope,
  IdParams,
  ProductImportBody,
  ProductImportResult,
} from '@kasir/protocol';
import { requireBranch } from '../accounts/admin-access.ts';
import { noteAudit } from '../audit/audit-log.ts';
import { isoNow, type App, type RouteDeps } from '../http/app-types.ts';
import { HttpError } from '../http/http-error.ts';
import { moveStock } from '../stock/stock-mutations.ts';
import { operatorOf } from '../stock/operator.ts';
import { getAdminProduct, listAdminProducts, listCategories } from './admin-product-query.ts';
import {
  createAdminProduct,
  importProducts,
  storedSkuSpellings,
  updateAdminProduct,
  type ProductRefusal,
} from './admin-product-service.ts';
import { clashDetails, clashMessage } from './barcodes.ts';
import { adminGuard } from '../auth/route-guard.ts';
import { readInChunks } from '../db/chunks.ts';

/** The back office's catalog: search and keyset pages, create, edit, archive, CSV import chunks. */
export function registerBackOfficeProductRoutes(app: App, deps: RouteDeps): void {
  const { db, clock, hub } = deps;
  const catalogAdmin = adminGuard(deps, 'catalog');
  const branchAdmin = adminGuard(deps, 'branch');

  app.get(
    '/api/admin/products',
    branchAdmin.route({ schema: { querystring: AdminProductQuery, response: { 200: AdminProductPage } } }),
    (req) => {
      if (req.query.branchId !== undefined) requireBranch(req, req.query.branchId);
      return listAdminProducts(db, req.query);
    },
  );

  app.get(
    '/api/admin/products/categories',
    branchAdmin.route({ schema: { response: { 200: CategoryList } } }),
    () => listCategories(db),
  );

  // Registered after /categories: find-my-way prefers the static path over the parameter anyway.
  app.get(
    '/api/admin/products/:id',
    branchAdmin.route({ schema: { params: IdParams, response: { 200: AdminProduct, 404: ErrorEnvelope } } }),
    async (req) => {
      const product = await getAdminProduct(db, req.params.id);
      if (product === undefined) throw new HttpError(404, 'not_found', 'no such product');
      return product;
    },
  );

  app.post(
    '/api/admin/products',
    catalogAdmin.route({
      schema: {
        body: AdminProductCreateBody,
        response: { 201: AdminProduct, 409: ErrorEnvelope },
      },
    }),
    async (req, reply) => {
      const r = await createAdminProduct(db, req.body, isoNow(clock));
      if (!r.ok) throw refusal(r, `SKU ${req.body.sku} is taken`);
      hub.publish(r.changes);
      noteAudit(req, { entityId: r.product.id, summary: `${r.product.name} (${r.product.sku}) created` });
      return reply.status(201).send(r.product);
    },
  );

  app.patch(
    '/api/admin/products/:id',
    catalogAdmin.route({
      schema: {
        params: IdParams,
        body: AdminProductUpdateBody,
        response: { 200: AdminProduct, 409: ErrorEnvelope },
      },
    }),
    async (req) => {
      const r = await updateAdminProduct(db, req.params.id, req.body, isoNow(clock));
      if (!r.ok && r.reason === 'not_found') throw new HttpError(404, 'not_found', 'no such product');
      if (!r.ok) throw refusal(r, 'this SKU is taken');
      hub.publish(r.changes);
      noteAudit(req, {
        summary: `${r.product.name} (${r.product.sku}) ${req.body.active === false ? 'archived' : 'updated'}`,
        details: { ...req.body },
      });
      return r.product;
    },
  );

  app.post(
    '/api/admin/products/import',
    catalogAdmin.route({
      bodyLimit: 4 * 1024 * 1024,
      schema: { body: ProductImportBody, response: { 200: ProductImportResult } },
    }),
    async (req) => {
      const { branchId } = req.body;
      // A SKU in another case than the stored one names the stored product.
      const spelled = await storedSkuSpellings(
        db,
        req.body.rows.map((r) => r.sku),
      );
      const rows = req.body.rows.map((r) => ({ ...r, sku: spelled.get(r.sku) ?? r.sku }));
      const withStock = rows.filter((r) => r.stock !== undefined);
      if (withStock.length > 0) {
        if (branchId === undefined)
          throw new HttpError(422, 'unknown_branch', 'rows with stock need a branchId');
        requireBranch(req, branchId);
        const exists = await db.reader
          .selectFrom('branches')
          .select('id')
          .where('id', '=', branchId)
          .executeTakeFirst();
        if (exists === undefined) throw new HttpError(422, 'unknown_branch', `unknown branch ${branchId}`);
      }
      const now = isoNow(clock);
      const { result, changes, ids } = await importProducts(db, { ...req.body, rows }, now);
      hub.publish(changes);
      let stockSet = 0;
      if (req.body.dryRun !== true && branchId !== undefined && withStock.length > 0) {
        // Opening stock: set on-hand to the file's number, through the branch's writes (S5 lock order).
        const stockChanges = await deps.writes.run(branchId, async (trx) => {
          const productIds = withStock.map((r) => ids.get(r.sku)!);
          const got = await readInChunks(productIds, (chunk) =>
            trx
              .selectFrom('stock')
              .select(['productId', 'onHand'])
              .where('branchId', '=', branchId)
              .where('productId', 'in', chunk)
              .execute(),
          );
          const current = new Map(got.map((g) => [g.productId, g.onHand]));
          const movements = withStock
            .map((r) => {
              const productId = ids.get(r.sku)!;
              return {
                productId,
                delta: r.stock! - (current.get(productId) ?? 0),
                reason: 'count' as const,
                refId: null,
                note: 'import',
                // The stock history names who imported the opening stock ("Oleh: —" before).
                actor: operatorOf(req).actor ?? undefined,
              };
            })
            .filter((m) => m.delta !== 0);
          return moveStock(trx, branchId, movements, now);
        });
        hub.publish(stockChanges, branchId);
        stockSet = withStock.length;
      }
      noteAudit(req, {
        summary: `${rows.length} products imported${req.body.dryRun === true ? ' (dry run)' : ''}`,
        details: {
          rows: rows.length,
          created: result.created,
          updated: result.updated,
          stockSet,
          branchId: branchId ?? null,
        },
      });
      return { ...result, stockSet };
    },
  );
}

/** The 409 of a refused product write: a taken SKU, or taken barcodes with the products that hold them. */
function refusal(r: ProductRefusal, skuMessage: string): HttpError {
  return r.reason === 'sku_taken'
    ? new HttpError(409, 'already_exists', skuMessage)
    : new HttpError(409, 'barcode_taken', clashMessage(r.clashes), clashDetails(r.clashes));
}

import { ErrorEnvelope, IdParams, Product, ProductUpsertBody } from '@kasir/protocol';
import { z } from 'zod';
import { isoNow, type App, type RouteDeps } from '../http/app-types.ts';
import { HttpError } from '../http/http-error.ts';
import { clashDetails, clashMessage } from './barcodes.ts';
import { deleteProduct, upsertProducts } from './product-service.ts';
import { adminGuard } from '../auth/route-guard.ts';

/** A full upsert of 5,000 products is about 1.5 MB of JSON; leave room for long names. */
export const PRODUCT_UPSERT_BODY_LIMIT = 8 * 1024 * 1024;

export function registerAdminProductRoutes(app: App, deps: RouteDeps): void {
  const { db, clock, hub } = deps;
  const admin = adminGuard(deps);

  app.put(
    '/api/admin/products',
    admin.route({
      bodyLimit: PRODUCT_UPSERT_BODY_LIMIT,
      schema: {
        body: ProductUpsertBody,
        response: { 200: z.array(Product), 409: ErrorEnvelope },
      },
    }),
    async (req) => {
      const r = await upsertProducts(db, req.body, isoNow(clock));
      // Barcodes are unique in the catalog: 409 naming the product that holds each one.
      if (!r.ok)
        throw new HttpError(409, 'barcode_taken', clashMessage(r.barcodeTaken), clashDetails(r.barcodeTaken));
      hub.publish(r.changes);
      return r.products;
    },
  );

  app.delete('/api/admin/products/:id', admin.route({ schema: { params: IdParams } }), async (req, reply) => {
    const changes = await deleteProduct(db, req.params.id, isoNow(clock));
    if (changes === null) throw new HttpError(404, 'not_found', 'no such product');
    hub.publish(changes);
    return reply.status(204).send();
  });
}

import { newId, StockMovementInput, StockMovementResult } from '@kasir/protocol';
import { isoNow, type App, type RouteDeps } from '../http/app-types.ts';
import { HttpError } from '../http/http-error.ts';
import { moveStock } from './stock-mutations.ts';
import { adminGuard } from '../auth/route-guard.ts';

/** `POST /api/admin/stock`: a movement in a branch's ledger (receive, adjustment, transfer, ...). */
export function registerAdminStockRoutes(app: App, deps: RouteDeps): void {
  const { clock, hub } = deps;
  app.post(
    '/api/admin/stock',
    adminGuard(deps).route({
      schema: {
        body: StockMovementInput,
        response: { 201: StockMovementResult },
      },
    }),
    async (req, reply) => {
      const { branchId, productId, delta, reason, note } = req.body;
      const id = newId();
      // Through the branch's group commits, so it takes the branch's locks in the same order (S5).
      const changes = await deps.writes.run(branchId, async (trx) => {
        const branch = await trx
          .selectFrom('branches')
          .select('id')
          .where('id', '=', branchId)
          .executeTakeFirst();
        if (branch === undefined) throw new HttpError(422, 'unknown_branch', `unknown branch ${branchId}`);
        const product = await trx
          .selectFrom('products')
          .select('id')
          .where('id', '=', productId)
          .executeTakeFirst();
        if (product === undefined) {
          throw new HttpError(422, 'unknown_product', `unknown product ${productId}`, {
            productIds: [productId],
          });
        }
        return moveStock(trx, branchId, [{ productId, delta, reason, refId: id, note }], isoNow(clock));
      });
      hub.publish(changes, branchId);
      const c = changes[0]!;
      return reply.status(201).send({
        id,
        branchId,
        productId,
        delta,
        reason,
        onHand: c.data.onHand,
        version: c.data.version,
        cursor: c.seq,
      });
    },
  );
}

import { ErrorEnvelope, Sale, SaleInput } from '@kasir/protocol';
import { deviceHook, deviceOf } from '../auth/auth-hooks.ts';
import { isoNow, type App, type RouteDeps } from '../http/app-types.ts';
import { applyMutation } from '../sync/apply-mutation.ts';

/**
 * `POST /api/sales`: one completed sale; 201 the first time, 200 with the same body on replay, 409
 * when the id was used with another payload (S3), 422 when its arithmetic does not add up.
 */
export function registerSaleRoutes(app: App, deps: RouteDeps): void {
  app.post(
    '/api/sales',
    {
      onRequest: deviceHook(deps.db),
      schema: {
        tags: ['device'],
        security: [{ bearer: [] }],
        body: SaleInput,
        response: { 200: Sale, 201: Sale, 409: ErrorEnvelope, 422: ErrorEnvelope },
      },
    },
    async (req, reply) => {
      const who = deviceOf(req);
      const applied = await applyMutation(
        deps.writes,
        who,
        { id: req.body.id, type: 'sale.create', payload: req.body },
        isoNow(deps.clock),
      );
      deps.metrics.mutations.inc({ type: 'sale.create', status: applied.result.status });
      deps.hub.publish(applied.changes, who.branchId);
      // The body is a Sale (201/200) or an error envelope (409/422), by construction in record-sales.ts.
      return reply.status(applied.httpStatus as 200 | 201 | 409 | 422).send(applied.body as Sale);
    },
  );
}

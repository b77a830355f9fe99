import { ErrorEnvelope, Sale, SaleInput } from '@kasir/protocol';
import { deviceOf } from '../auth/auth-hooks.ts';
import { isoNow, type App, type RouteDeps } from '../http/app-types.ts';
import { sendOutcome } from '../http/outcome-reply.ts';
import { deviceGuard } from '../auth/route-guard.ts';

/**
 * `POST /api/sales`: one completed sale; 201 the first time, 200 with the same body on replay, 409
 * when the id was used with another payload (S3), 422 when its arithmetic does not add up.
 */
export function registerSaleRoutes(app: App, deps: RouteDeps): void {
  app.post(
    '/api/sales',
    deviceGuard(deps).route({
      config: { writesOnly: true },
      schema: {
        body: SaleInput,
        response: { 200: Sale, 201: Sale, 409: ErrorEnvelope, 422: ErrorEnvelope },
      },
    }),
    async (req, reply) => {
      const who = deviceOf(req);
      const { outcome, changes } = await deps.mutations(
        who,
        { id: req.body.id, type: 'sale.create', payload: req.body },
        isoNow(deps.clock),
      );
      deps.metrics.mutations.inc({ type: 'sale.create', status: outcome.status });
      deps.hub.publish(changes, who.branchId);
      return sendOutcome(reply, outcome);
    },
  );
}

import { PaymentConfirmationView } from '@kasir/protocol';
import { z } from 'zod';
import { deviceGuard } from '../auth/route-guard.ts';
import { isoNow, type App, type RouteDeps } from '../http/app-types.ts';
import { HttpError } from '../http/http-error.ts';
import type { AcquirerAdapter } from './acquirer-adapter.ts';
import { findConfirmation, recordConfirmation } from './payment-confirmations.ts';

const WebhookAnswer = z.object({ received: z.enum(['recorded', 'updated']) });

/**
 * `POST /api/payments/webhook/:provider`: an acquirer's webhook, checked by its adapter (no Kasir
 * token: the adapter verifies the acquirer's signature). `GET /api/payments/confirmations/:reference`:
 * a till asks whether its payment was confirmed.
 */
export function registerPaymentRoutes(
  app: App,
  deps: RouteDeps,
  acquirers: readonly AcquirerAdapter[],
): void {
  const byProvider = new Map(acquirers.map((a) => [a.provider, a]));
  app.post(
    '/api/payments/webhook/:provider',
    {
      schema: {
        tags: ['payments'],
        params: z.object({ provider: z.string().max(50) }),
        response: { 200: WebhookAnswer },
      },
    },
    async (req) => {
      const adapter = byProvider.get(req.params.provider);
      if (adapter === undefined) throw new HttpError(404, 'not_found', 'no such payment provider');
      const read = adapter.readWebhook(req.headers, req.body);
      if (!read.ok) {
        throw read.reason === 'unauthorized'
          ? new HttpError(401, 'unauthorized', read.message)
          : new HttpError(400, 'validation_failed', read.message);
      }
      return {
        received: await recordConfirmation(deps.db, adapter.provider, read.confirmation, isoNow(deps.clock)),
      };
    },
  );
  app.get(
    '/api/payments/confirmations/:reference',
    deviceGuard(deps).route({
      schema: {
        params: z.object({ reference: z.string().min(1).max(100) }),
        response: { 200: PaymentConfirmationView },
      },
    }),
    async (req) => {
      const found = await findConfirmation(deps.db, req.params.reference);
      if (found === undefined)
        throw new HttpError(404, 'not_found', 'no confirmation for this reference yet');
      return found;
    },
  );
}

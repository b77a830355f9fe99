import { z } from 'zod';

/**
 * An acquirer's confirmation of a payment, as a till reads it
 * (`GET /api/payments/confirmations/:reference`): the server received the acquirer's webhook.
 */
export const PaymentConfirmationView = z.object({
  provider: z.string(),
  externalId: z.string(),
  reference: z.string(),
  amount: z.number().int(),
  status: z.enum(['pending', 'paid', 'failed', 'expired']),
  paidAt: z.string().nullable(),
  receivedAt: z.string(),
});
export type PaymentConfirmationView = z.infer<typeof PaymentConfirmationView>;

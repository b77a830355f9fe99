/**
 * Automatic confirmation of QRIS (and other acquirer) payments. Each acquirer (Midtrans, Xendit,
 * a bank's QRIS API, ...) is one adapter that turns its webhook into a `PaymentConfirmation`; the
 * server stores confirmations by the payment reference the till put in the QRIS (tag 62, bill
 * number), and a till asks for its reference. The till never talks to an acquirer, so adding one
 * is a server change only. `simulator-acquirer.ts` is the local adapter for development and tests.
 */
export type ConfirmationStatus = 'pending' | 'paid' | 'failed' | 'expired';

export interface PaymentConfirmation {
  /** The acquirer's own id of the payment (deduplicates its retried webhooks). */
  readonly externalId: string;
  /** The reference the till put in the payment (QRIS bill number). */
  readonly reference: string;
  readonly amount: number;
  readonly status: ConfirmationStatus;
  /** When the acquirer says it was paid (ISO), when it says so. */
  readonly paidAt: string | null;
}

export type WebhookResult =
  | { readonly ok: true; readonly confirmation: PaymentConfirmation }
  | { readonly ok: false; readonly reason: 'unauthorized' | 'invalid'; readonly message: string };

export interface AcquirerAdapter {
  /** Path segment of its webhook: `POST /api/payments/webhook/<provider>`. */
  readonly provider: string;
  /** Checks the webhook's authenticity (signature, token) and reads it; never throws. */
  readWebhook(headers: Readonly<Record<string, string | string[] | undefined>>, body: unknown): WebhookResult;
}

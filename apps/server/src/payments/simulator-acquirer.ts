import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AcquirerAdapter, ConfirmationStatus, PaymentConfirmation } from './acquirer-adapter.ts';

export const SIMULATOR_PROVIDER = 'simulator';
const SIGNATURE_HEADER = 'x-simulator-signature';
const STATUSES: readonly ConfirmationStatus[] = ['pending', 'paid', 'failed', 'expired'];

/** What the simulator signs: the fields, in a fixed order (like Midtrans' signature key). */
const signed = (c: PaymentConfirmation): string => [c.externalId, c.reference, c.amount, c.status].join('|');
const sign = (secret: string, c: PaymentConfirmation): string =>
  createHmac('sha256', secret).update(signed(c)).digest('hex');

/**
 * A local acquirer for development and tests: its webhook is a JSON `PaymentConfirmation` signed
 * with HMAC-SHA256 under a shared secret (KASIR_QRIS_SIMULATOR_SECRET).
 */
export function simulatorAcquirer(secret: string): AcquirerAdapter {
  return {
    provider: SIMULATOR_PROVIDER,
    readWebhook(headers, body) {
      const c = confirmationOf(body);
      if (c === null) return { ok: false, reason: 'invalid', message: 'not a payment confirmation' };
      const given = headers[SIGNATURE_HEADER];
      const expected = Buffer.from(sign(secret, c));
      const actual = Buffer.from(typeof given === 'string' ? given : '');
      if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
        return { ok: false, reason: 'unauthorized', message: 'bad or missing signature' };
      }
      return { ok: true, confirmation: c };
    },
  };
}

function confirmationOf(body: unknown): PaymentConfirmation | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  const status = STATUSES.find((s) => s === b['status']);
  const text = (k: string, max: number): string | null =>
    typeof b[k] === 'string' && b[k].length > 0 && b[k].length <= max ? b[k] : null;
  const externalId = text('externalId', 100);
  const reference = text('reference', 100);
  const amount = b['amount'];
  if (externalId === null || reference === null || status === undefined) return null;
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) return null;
  const paidAt = b['paidAt'];
  return {
    externalId,
    reference,
    amount,
    status,
    paidAt: typeof paidAt === 'string' && !Number.isNaN(Date.parse(paidAt)) ? paidAt : null,
  };
}

/**
 * The simulator's other half: posts a signed webhook to a Kasir server, as an acquirer would when
 * the customer has paid. Returns the HTTP status of the server's answer.
 */
export async function postSimulatedPayment(
  serverUrl: string,
  secret: string,
  payment: PaymentConfirmation,
  fetchFn: typeof fetch = fetch,
): Promise<number> {
  const res = await fetchFn(`${serverUrl}/api/payments/webhook/${SIMULATOR_PROVIDER}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: sign(secret, payment) },
    body: JSON.stringify(payment),
  });
  await res.arrayBuffer();
  return res.status;
}

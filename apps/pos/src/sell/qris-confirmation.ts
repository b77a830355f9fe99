import { PaymentConfirmationView, PROTOCOL_HEADER, PROTOCOL_VERSION } from '@kasir/protocol';

/** What the server knows of a QRIS payment: an acquirer's webhook confirmed it, or not yet. */
export type QrisCheck =
  | { readonly status: 'paid' | 'pending' | 'failed' | 'expired'; readonly amount: number }
  | { readonly status: 'unknown' };

/** Asks whether the acquirer confirmed the payment with this reference. Never throws. */
export type CheckQris = (reference: string) => Promise<QrisCheck>;

/**
 * `GET /api/payments/confirmations/:reference` with the device's token. Offline, not yet confirmed,
 * or any failure is 'unknown': the cashier still confirms by hand (the sale never waits on this).
 */
export function httpCheckQris(
  fetchFn: (url: string, init?: RequestInit) => Promise<Response>,
  serverUrl: string,
  token: string,
): CheckQris {
  return async (reference) => {
    try {
      const res = await fetchFn(`${serverUrl}/api/payments/confirmations/${encodeURIComponent(reference)}`, {
        headers: { authorization: `Bearer ${token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
      });
      if (!res.ok) return { status: 'unknown' };
      const body = PaymentConfirmationView.safeParse(await res.json());
      return body.success ? { status: body.data.status, amount: body.data.amount } : { status: 'unknown' };
    } catch {
      return { status: 'unknown' };
    }
  };
}

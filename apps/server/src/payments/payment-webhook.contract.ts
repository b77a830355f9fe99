import type { PaymentConfirmationView } from '@kasir/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../db/open-database.ts';
import type { TestDevice } from '../test/test-server.ts';
import { useTestServer } from '../test/use-test-server.ts';
import { postSimulatedPayment, simulatorAcquirer } from './simulator-acquirer.ts';

const SECRET = 'simulator-secret-0123456789';

/** Issue 14: an acquirer confirms a QRIS payment by webhook, and the till can ask for it. */
export function paymentWebhookContract(engine: Engine): void {
  describe(`payment webhooks [${engine}]`, () => {
    const t = useTestServer(engine, { acquirers: [simulatorAcquirer(SECRET)] });
    let dev: TestDevice;
    beforeAll(async () => {
      dev = await t.device(await t.branch('PAY'));
    });
    const confirmation = (reference: string) =>
      t.request('GET', `/api/payments/confirmations/${reference}`, { token: dev.token });

    it('the simulator posts a signed webhook; the till reads the confirmation by its reference', async () => {
      expect((await confirmation('QR261202070509AB')).status).toBe(404);
      const paid = {
        externalId: 'sim-1',
        reference: 'QR261202070509AB',
        amount: 18_750,
        status: 'paid' as const,
        paidAt: '2026-12-02T07:05:30.000Z',
      };
      expect(
        await postSimulatedPayment(t.server.url, SECRET, { ...paid, status: 'pending', paidAt: null }),
      ).toBe(200);
      expect(((await confirmation(paid.reference)).body as PaymentConfirmationView).status).toBe('pending');
      // The acquirer's retry and its status change are one record, moved on.
      expect(await postSimulatedPayment(t.server.url, SECRET, paid)).toBe(200);
      expect(await postSimulatedPayment(t.server.url, SECRET, paid)).toBe(200);
      const r = await confirmation(paid.reference);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        provider: 'simulator',
        externalId: 'sim-1',
        amount: 18_750,
        status: 'paid',
      });
      const rows = await t.server.db.kysely.selectFrom('paymentConfirmations').selectAll().execute();
      expect(rows).toHaveLength(1);
    });

    it('refuses a webhook with a bad signature, a malformed body, or an unknown provider', async () => {
      const forged = await postSimulatedPayment(t.server.url, 'not-the-secret-0123456789', {
        externalId: 'sim-2',
        reference: 'QR-FORGED',
        amount: 1,
        status: 'paid',
        paidAt: null,
      });
      expect(forged).toBe(401);
      expect((await confirmation('QR-FORGED')).status).toBe(404);
      const bad = await t.request('POST', '/api/payments/webhook/simulator', { body: { amount: -1 } });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ error: { code: 'validation_failed' } });
      const unknown = await t.request('POST', '/api/payments/webhook/midtrans', { body: {} });
      expect(unknown.status).toBe(404);
      expect((await t.request('GET', '/api/payments/confirmations/QR-X')).status).toBe(401);
    });
  });
}

import type { PairingCodeResponse, PairResponse } from '@kasir/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../db/open-database.ts';
import { seedDemo } from '../demo/seed-demo.ts';
import { useTestServer } from '../test/use-test-server.ts';

/** First run, pairing codes (15 minutes, once), the demo shop and the PWA fallback. */
export function pairingApiContract(engine: Engine): void {
  describe(`setup and pairing API [${engine}]`, () => {
    const t = useTestServer(engine);
    beforeAll(async () => {});

    it('reports first run until a branch exists', async () => {
      expect((await t.request('GET', '/api/setup/status')).body).toMatchObject({ needsSetup: true });
      await t.branch('FIRST');
      expect((await t.request('GET', '/api/setup/status')).body).toMatchObject({ needsSetup: false });
    });

    it('pairs a device once with a code; the old token stops working', async () => {
      const dev = await t.device(await t.branch('PAIR'), 'Kasir 1');
      const created = await t.admin('POST', `/api/admin/devices/${dev.id}/pairing-code`);
      expect(created.status).toBe(201);
      const { code } = created.body as PairingCodeResponse;
      expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
      const paired = await t.request('POST', '/api/devices/pair', { body: { code: code.toLowerCase() } });
      expect(paired.status).toBe(200);
      const p = paired.body as PairResponse;
      expect(p).toMatchObject({ device: { id: dev.id, code: '01' }, branch: { code: 'PAIR' } });
      expect((await t.request('GET', '/api/device', { token: p.token })).status).toBe(200);
      expect((await t.request('GET', '/api/device', { token: dev.token })).status).toBe(401);
      const again = await t.request('POST', '/api/devices/pair', { body: { code } });
      expect(again.status).toBe(422);
      expect(again.body).toMatchObject({ error: { code: 'pairing_code_invalid' } });
    });

    it('refuses an expired code, a malformed one, and codes for unknown devices', async () => {
      const dev = await t.device(await t.branch('EXP'));
      const { code } = (await t.admin('POST', `/api/admin/devices/${dev.id}/pairing-code`))
        .body as PairingCodeResponse;
      t.advanceClock(15 * 60 * 1000 + 1);
      expect((await t.request('POST', '/api/devices/pair', { body: { code } })).status).toBe(422);
      expect((await t.request('POST', '/api/devices/pair', { body: { code: 'x' } })).status).toBe(400);
      const unknown = await t.admin(
        'POST',
        '/api/admin/devices/01900000-0000-7000-8000-000000000000/pairing-code',
      );
      expect(unknown.status).toBe(404);
    });

    it('seeds the demo shop once and makes fresh pairing codes each time', async () => {
      const first = await seedDemo(t.server.db, t.server.pairingKey, t.now());
      expect(first.created).toBe(true);
      expect(first.devices.map((d) => d.name)).toEqual(['Kasir 1', 'Kasir 2']);
      const second = await seedDemo(t.server.db, t.server.pairingKey, t.now());
      expect(second.created).toBe(false);
      expect(second.devices[0]!.pairingCode).not.toBe(first.devices[0]!.pairingCode);
      const paired = await t.request('POST', '/api/devices/pair', {
        body: { code: second.devices[1]!.pairingCode },
      });
      const token = (paired.body as PairResponse).token;
      const count = (await t.request('GET', '/api/products/count', { token })).body as { count: number };
      expect(count.count).toBeGreaterThanOrEqual(2000);
    });

    it('answers client-side routes with the app page and unknown API routes with the envelope', async () => {
      const page = await t.request('GET', '/jual');
      expect(page.headers.get('content-type')).toContain('text/html');
      const api = await t.request('GET', '/api/nope');
      expect(api.status).toBe(404);
      expect(api.body).toMatchObject({ error: { code: 'not_found' } });
    });
  });
}

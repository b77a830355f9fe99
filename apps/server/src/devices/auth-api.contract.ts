import { beforeAll, describe, expect, it } from 'vitest';
import { isRetryableCode, PROTOCOL_VERSION, type DeviceInfo, type ErrorEnvelope } from '@kasir/protocol';
import type { Engine } from '../db/open-database.ts';
import { sampleProducts, type TestDevice } from '../test/test-server.ts';
import { useTestServer } from '../test/use-test-server.ts';

/** Admin and device authentication, enrolment and revocation (S13). */
export function authApiContract(engine: Engine): void {
  describe(`auth and devices API [${engine}]`, () => {
    const t = useTestServer(engine);
    let dev: TestDevice;
    beforeAll(async () => {
      dev = await t.device(await t.branch('BDG'), 'Kasir 1');
      await t.products(sampleProducts(2));
    });

    it('admin routes refuse a missing, malformed or device token', async () => {
      for (const token of [undefined, 'nope', dev.token]) {
        const r = await t.request('POST', '/api/admin/branches', {
          ...(token === undefined ? {} : { token }),
          body: { code: 'X', name: 'x' },
        });
        expect(r.status).toBe(401);
        expect(r.body).toMatchObject({ error: { code: 'unauthorized' } });
      }
    });

    it('device routes refuse a missing or unknown token and the admin token', async () => {
      for (const token of [undefined, 'kd_unknown', 'test-admin-token-0123456789']) {
        for (const path of ['/api/products/count', '/api/sync/pull', '/api/sync/state', '/api/device']) {
          const r = await t.request('GET', path, token === undefined ? {} : { token });
          expect(r.status, `${path} ${String(token)}`).toBe(401);
        }
      }
    });

    it('enrols devices with codes that are unique in the branch and a token shown once', async () => {
      const b = await t.branch('SBY');
      const d1 = await t.device(b);
      const d2 = await t.device(b);
      expect([d1.code, d2.code]).toEqual(['01', '02']);
      expect(d1.token).not.toBe(d2.token);
      const stored = await t.server.db.kysely
        .selectFrom('devices')
        .select('tokenHash')
        .where('id', '=', d1.id)
        .executeTakeFirstOrThrow();
      expect(stored.tokenHash).not.toContain(d1.token);
      expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/);
      const me = await t.request('GET', '/api/device', { token: d1.token });
      expect(me.body).toMatchObject({ device: { id: d1.id, code: '01' }, branch: { code: 'SBY' } });
    });

    it('refuses a duplicate branch code (409), a bad one (400) and an unknown branch (422)', async () => {
      expect((await t.admin('POST', '/api/admin/branches', { code: 'BDG', name: 'again' })).status).toBe(409);
      expect((await t.admin('POST', '/api/admin/branches', { code: 'bdg-1', name: 'x' })).status).toBe(400);
      const r = await t.admin('POST', '/api/admin/devices', {
        branchId: '01900000-0000-7000-8000-000000000000',
        name: 'x',
      });
      expect(r.status).toBe(422);
      expect(r.body).toMatchObject({ error: { code: 'unknown_branch' } });
    });

    it('revoking a device makes its token stop working at once', async () => {
      const d = await t.device(dev.branch, 'Kasir hilang');
      expect((await t.request('GET', '/api/products/count', { token: d.token })).status).toBe(200);
      expect((await t.admin('DELETE', `/api/admin/devices/${d.id}`)).status).toBe(204);
      expect((await t.request('GET', '/api/products/count', { token: d.token })).status).toBe(401);
      const info = (await t.admin('GET', `/api/admin/devices/${d.id}`)).body as DeviceInfo;
      expect(info.revokedAt).not.toBeNull();
      expect(
        (await t.admin('DELETE', '/api/admin/devices/01900000-0000-7000-8000-000000000000')).status,
      ).toBe(404);
    });

    it('S14: an outdated protocol version gets upgrade_required', async () => {
      const r = await t.request('GET', '/api/sync/state', {
        token: dev.token,
        headers: { 'x-kasir-protocol': '0' },
      });
      expect(r.status).toBe(426);
      expect(r.body).toMatchObject({ error: { code: 'upgrade_required' } });
    });

    it('a till newer than the server (a rolling upgrade) is told to try again, not refused', async () => {
      const r = await t.request('GET', '/api/sync/state', {
        token: dev.token,
        headers: { 'x-kasir-protocol': String(PROTOCOL_VERSION + 1) },
      });
      expect(r.status).toBe(503);
      expect(r.body).toMatchObject({
        error: { code: 'unavailable', details: { protocolVersion: PROTOCOL_VERSION } },
      });
      expect(isRetryableCode((r.body as ErrorEnvelope).error.code)).toBe(true);
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      const same = await t.request('GET', '/api/sync/state', {
        token: dev.token,
        headers: { 'x-kasir-protocol': String(PROTOCOL_VERSION) },
      });
      expect(same.status).toBe(200);
      // A revoked till is told so, whatever its version: it stops and says why (S14).
      const gone = await t.device(dev.branch, 'Kasir revoked');
      expect((await t.admin('DELETE', `/api/admin/devices/${gone.id}`)).status).toBe(204);
      const revoked = await t.request('GET', '/api/sync/state', {
        token: gone.token,
        headers: { 'x-kasir-protocol': String(PROTOCOL_VERSION + 1) },
      });
      expect(revoked.status).toBe(401);
      expect(revoked.body).toMatchObject({ error: { code: 'unauthorized' } });
    });

    it('serves health, OpenAPI docs, metrics, and 404s with the envelope', async () => {
      expect((await t.request('GET', '/healthz')).body).toEqual({ status: 'ok' });
      const spec = await t.admin('GET', '/docs/json');
      expect(spec.status).toBe(200);
      expect(Object.keys((spec.body as { paths: object }).paths)).toEqual(
        expect.arrayContaining(['/api/sales', '/api/sync/pull', '/api/sync/push', '/api/admin/products']),
      );
      const metrics = await t.admin('GET', '/metrics');
      expect(String(metrics.body)).toContain('kasir_http_request_duration_seconds');
      const nf = await t.request('GET', '/api/nothing');
      expect(nf.status).toBe(404);
      expect(nf.body).toMatchObject({ error: { code: 'not_found' } });
    });

    it('admin product upsert: ids and versions, limits, validation', async () => {
      const [p] = await t.products([
        { sku: 'SKU-1', name: 'Teh Botol', price: 5000, barcode: '8991234567890', taxRate: 12 },
      ]);
      expect(p).toMatchObject({
        sku: 'SKU-1',
        version: 1,
        barcodes: ['8991234567890'],
        taxRate: 12,
        active: true,
      });
      const [p2] = await t.products([{ sku: 'SKU-1', name: 'Teh Botol', price: 5500 }]);
      expect(p2).toMatchObject({ id: p!.id, version: 2, price: 5500, barcodes: ['8991234567890'] });
      expect((await t.admin('PUT', '/api/admin/products', [])).status).toBe(400);
      expect((await t.admin('PUT', '/api/admin/products', [{ sku: 'x', name: 'y', price: -1 }])).status).toBe(
        400,
      );
      const tooMany = sampleProducts(5001, 'Z');
      const r = await t.admin('PUT', '/api/admin/products', tooMany);
      expect(r.status).toBe(400);
      const count = await t.request('GET', '/api/products/count', { token: dev.token });
      expect(count.body).toEqual({ count: 3 });
    });

    it('GET /api/products by page and by updatedSince, with stock', async () => {
      const page = await t.request('GET', '/api/products?page=1&limit=2', { token: dev.token });
      expect(page.body).toMatchObject({ page: 1, limit: 2, total: 3, hasMore: true });
      const since = new Date(Date.now() - 60_000).toISOString();
      const changed = await t.request('GET', `/api/products?updatedSince=${encodeURIComponent(since)}`, {
        token: dev.token,
      });
      expect((changed.body as { products: { stock: number }[] }).products).toHaveLength(3);
      expect((changed.body as { products: { stock: number }[] }).products[0]).toHaveProperty('stock', 0);
      expect(
        (await t.request('GET', '/api/products?updatedSince=yesterday', { token: dev.token })).status,
      ).toBe(400);
      expect((await t.request('GET', '/api/products?limit=5000', { token: dev.token })).status).toBe(400);
    });
  });
}

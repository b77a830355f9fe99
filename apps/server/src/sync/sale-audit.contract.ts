import {
  dayIn,
  saleDigest,
  type AdminDevice,
  type Product,
  type Sale,
  type SaleAuditResponse,
} from '@kasir/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../db/open-database.ts';
import { sampleProducts, type TestDevice } from '../test/test-server.ts';
import { useTestServer } from '../test/use-test-server.ts';

/** `GET /api/sync/audit` (issue 16): per day, a digest of the calling device's sales. */
export function saleAuditContract(engine: Engine): void {
  describe(`sale audit [${engine}]`, () => {
    const t = useTestServer(engine);
    let a: TestDevice;
    let a2: TestDevice;
    let products: Product[];
    beforeAll(async () => {
      const branch = await t.branch('AUD');
      a = await t.device(branch, 'Kasir 1');
      a2 = await t.device(branch, 'Kasir 2');
      products = await t.products(sampleProducts(3));
    });

    const sellAt = async (device: TestDevice, at: string): Promise<Sale> => {
      const sale = { ...t.sale(device, [{ product: products[0]!, quantity: 1 }]), createdAt: at };
      const r = await t.request('POST', '/api/sales', { token: device.token, body: sale });
      expect(r.status).toBe(201);
      return r.body as Sale;
    };
    const audit = async (device: TestDevice, query: string) =>
      t.request('GET', `/api/sync/audit?${query}`, { token: device.token });

    it("digests the calling device's sales of one day in the branch's time zone, and lists them on request", async () => {
      // 2026-03-10 in Asia/Jakarta (UTC+7, the default zone) runs 2026-03-09T17:00Z to 2026-03-10T17:00Z.
      const first = await sellAt(a, '2026-03-09T17:30:00.000Z');
      const second = await sellAt(a, '2026-03-10T16:59:00.000Z');
      await sellAt(a, '2026-03-10T17:01:00.000Z'); // the next day in Jakarta
      await sellAt(a2, '2026-03-10T05:00:00.000Z'); // another device of the branch
      const r = await audit(a, 'day=2026-03-10');
      expect(r.status).toBe(200);
      const body = r.body as SaleAuditResponse;
      expect(body.timeZone).toBe('Asia/Jakarta');
      expect(dayIn(first.createdAt, body.timeZone)).toBe('2026-03-10');
      const expected = saleDigest([
        { id: first.id, total: first.total },
        { id: second.id, total: second.total },
      ]);
      expect(body).toMatchObject({ day: '2026-03-10', ...expected });
      expect(body.sales).toBeUndefined();
      const detail = (await audit(a, 'day=2026-03-10&detail=true')).body as SaleAuditResponse;
      expect(detail.sales?.map((s) => s.id).sort()).toEqual([first.id, second.id].sort());
      const empty = (await audit(a, 'day=2020-01-01')).body as SaleAuditResponse;
      expect(empty).toMatchObject({ count: 0, total: 0, digest: '00000000' });
    });

    it('keeps the audit summary and the store loss a till reports with its health, also when a later report has none', async () => {
      const audit = {
        at: new Date(t.now()).toISOString(),
        kind: 'repaired',
        sales: 12,
        requeued: 2,
        differing: 0,
      };
      const base = {
        unsyncedSales: 0,
        oldestUnsyncedAt: null,
        lastSyncAt: null,
        appVersion: '1.0.0',
        protocolVersion: 1,
      };
      const post = (body: unknown) => t.request('POST', '/api/device/health', { token: a.token, body });
      const storeLost = { at: new Date(t.now() - 60_000).toISOString(), restored: 3 };
      expect((await post({ ...base, audit, storeLost })).status).toBe(204);
      expect((await post(base)).status).toBe(204);
      const list = (await t.admin('GET', `/api/admin/devices?branchId=${a.branch.id}`)).body as AdminDevice[];
      expect(list.find((d) => d.id === a.id)?.health).toMatchObject({ audit, storeLost });
      expect(list.find((d) => d.id === a2.id)?.health).toMatchObject({ audit: null, storeLost: null });
      expect((await post({ ...base, audit: { ...audit, kind: 'bogus' } })).status).toBe(400);
      expect((await post({ ...base, storeLost: { ...storeLost, restored: -1 } })).status).toBe(400);
    });

    it('refuses a malformed day with the error envelope, and a caller without a device token', async () => {
      const bad = await audit(a, 'day=10-03-2026');
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ error: { code: 'validation_failed' } });
      expect((await t.request('GET', '/api/sync/audit?day=2026-03-10')).status).toBe(401);
    });
  });
}

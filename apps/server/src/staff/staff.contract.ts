import { webcrypto } from 'node:crypto';
import {
  newId,
  verifyPin,
  type AdminSaleDetail,
  type AuditPage,
  type Pbkdf2Crypto,
  type PairingCodeResponse,
  type PairResponse,
  type Product,
  type PushResponse,
  type StaffMember,
  type StaffRecord,
} from '@kasir/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../db/open-database.ts';
import { pullAll } from '../sync/sync-api.contract.ts';
import { ADMIN_TOKEN, sampleProducts, type TestDevice } from '../test/test-server.ts';
import { useTestServer } from '../test/use-test-server.ts';

const subtle = webcrypto.subtle as unknown as Pbkdf2Crypto;

/** Issue 13: till staff and PINs in the feed, till audit events, staff on sales, receipt counters on re-pairing. */
export function staffContract(engine: Engine): void {
  describe(`staff and till audit [${engine}]`, () => {
    const t = useTestServer(engine);
    let a: TestDevice;
    let b: TestDevice;
    let products: Product[];
    beforeAll(async () => {
      a = await t.device(await t.branch('STA'), 'Kasir 1');
      b = await t.device(await t.branch('STB'), 'Kasir 1');
      products = await t.products(sampleProducts(3, 'ST'));
    });

    const staffOf = async (token: string): Promise<StaffRecord[]> =>
      (await pullAll(t, token)).changes.flatMap((c) => (c.kind === 'staff' ? [c.data] : []));

    it('creates staff with a PIN hash their branch tills can verify offline; the PIN is never stored or logged', async () => {
      const created = await t.admin('POST', '/api/admin/staff', {
        name: 'Siti',
        role: 'cashier',
        branchIds: [a.branch.id],
        pin: '4821',
      });
      expect(created.status).toBe(201);
      const siti = created.body as StaffMember;
      expect(siti).toMatchObject({ name: 'Siti', role: 'cashier', hasPin: true, active: true, version: 1 });
      const onA = (await staffOf(a.token)).find((s) => s.id === siti.id)!;
      expect(onA.pin).not.toBeNull();
      expect(await verifyPin(subtle, '4821', onA.pin!)).toBe(true);
      expect(await verifyPin(subtle, '4822', onA.pin!)).toBe(false);
      // S13: another branch's till never sees the person.
      expect((await staffOf(b.token)).some((s) => s.id === siti.id)).toBe(false);
      const audit = (await t.admin('GET', '/api/admin/audit?action=staff.create')).body as AuditPage;
      expect(audit.items[0]?.details).not.toHaveProperty('pin');
      expect(JSON.stringify(audit)).not.toContain('4821');
    });

    it('refuses a PIN that is not 4-6 digits, an unknown branch and an empty edit', async () => {
      for (const pin of ['123', '1234567', '12a4']) {
        const r = await t.admin('POST', '/api/admin/staff', {
          name: 'X',
          role: 'cashier',
          branchIds: [a.branch.id],
          pin,
        });
        expect(r.status).toBe(400);
      }
      const unknown = await t.admin('POST', '/api/admin/staff', {
        name: 'X',
        role: 'cashier',
        branchIds: ['01900000-0000-7000-8000-000000000000'],
      });
      expect(unknown.status).toBe(400);
      const list = (await t.admin('GET', '/api/admin/staff')).body as StaffMember[];
      expect(list.some((s) => s.name === 'X')).toBe(false);
      const empty = await t.admin('PATCH', `/api/admin/staff/${list[0]!.id}`, {});
      expect(empty.status).toBe(400);
    });

    it('a new PIN replaces the old one on the tills; moving a person to another branch removes them from the old one', async () => {
      const { id } = (
        await t.admin('POST', '/api/admin/staff', {
          name: 'Budi',
          role: 'supervisor',
          branchIds: [a.branch.id],
          pin: '1111',
        })
      ).body as StaffMember;
      const repinned = await t.admin('PATCH', `/api/admin/staff/${id}`, { pin: '222222' });
      expect(repinned.body).toMatchObject({ version: 2, hasPin: true });
      const onA = (await staffOf(a.token)).find((s) => s.id === id)!;
      expect(await verifyPin(subtle, '222222', onA.pin!)).toBe(true);
      expect(await verifyPin(subtle, '1111', onA.pin!)).toBe(false);

      await t.admin('PATCH', `/api/admin/staff/${id}`, { branchIds: [b.branch.id] });
      const gone = (await staffOf(a.token)).find((s) => s.id === id)!;
      expect(gone).toMatchObject({ active: false, pin: null, version: 3 });
      expect((await staffOf(b.token)).find((s) => s.id === id)).toMatchObject({ active: true, version: 3 });

      await t.admin('PATCH', `/api/admin/staff/${id}`, { active: false });
      expect((await staffOf(b.token)).find((s) => s.id === id)).toMatchObject({ active: false, pin: null });
      const listed = (await t.admin('GET', `/api/admin/staff?branchId=${b.branch.id}`)).body as StaffMember[];
      expect(listed.find((s) => s.id === id)).toMatchObject({ active: false, branchIds: [b.branch.id] });
      expect((await t.admin('PATCH', `/api/admin/staff/${newId()}`, { name: 'Nobody' })).status).toBe(404);
    });

    it('audit.record: accepted once, replayed as a duplicate with the same body, 409 for the same id with another payload', async () => {
      const staff = (await t.admin('GET', `/api/admin/staff?branchId=${a.branch.id}`)).body as StaffMember[];
      const siti = staff.find((s) => s.name === 'Siti')!;
      const m = {
        id: newId(),
        type: 'audit.record',
        payload: {
          action: 'reprint',
          staffId: siti.id,
          at: '2026-12-01T10:00:00.000Z',
          entityId: 'STA-01-20261201-0007',
          details: { copies: 1 },
        },
      };
      const push = (body: unknown) =>
        t.request('POST', '/api/sync/push', { token: a.token, body: { mutations: [body] } });
      const first = (await push(m)).body as PushResponse;
      expect(first.results[0]).toMatchObject({ status: 'accepted' });
      const again = (await push(m)).body as PushResponse;
      expect(again.results[0]).toMatchObject({ status: 'duplicate' });
      expect((again.results[0] as { result: unknown }).result).toEqual(
        (first.results[0] as { result: unknown }).result,
      );
      const other = (await push({ ...m, payload: { ...m.payload, action: 'open_drawer' } }))
        .body as PushResponse;
      expect(other.results[0]).toMatchObject({ status: 'rejected', code: 'idempotency_conflict' });

      const log = (await t.admin('GET', `/api/admin/audit?staffId=${siti.id}`)).body as AuditPage;
      const entries = log.items.filter((e) => e.action === 'till.reprint');
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        at: '2026-12-01T10:00:00.000Z',
        branchId: a.branch.id,
        entityId: 'STA-01-20261201-0007',
        actor: { kind: 'device', deviceId: a.id, staffId: siti.id, staffName: 'Siti', approvedBy: null },
      });
      expect(entries[0]!.summary).toContain('Siti');
      const byDevice = (await t.admin('GET', `/api/admin/audit?deviceId=${b.id}`)).body as AuditPage;
      expect(byDevice.items).toEqual([]);
    });

    it('an override names both people; an event is recorded even for a staff id the server does not know', async () => {
      const staff = (await t.admin('GET', `/api/admin/staff?branchId=${a.branch.id}`)).body as StaffMember[];
      const siti = staff.find((s) => s.name === 'Siti')!;
      const boss = (
        await t.admin('POST', '/api/admin/staff', {
          name: 'Rina',
          role: 'manager',
          branchIds: [a.branch.id],
          pin: '9090',
        })
      ).body as StaffMember;
      const r = (
        await t.request('POST', '/api/sync/push', {
          token: a.token,
          body: {
            mutations: [
              {
                id: newId(),
                type: 'audit.record',
                payload: {
                  action: 'override',
                  staffId: siti.id,
                  approvedBy: boss.id,
                  approvedAction: 'discount_above_threshold',
                  at: new Date(t.now()).toISOString(),
                },
              },
              {
                id: newId(),
                type: 'audit.record',
                payload: {
                  action: 'long_offline',
                  staffId: newId(),
                  at: new Date(t.now()).toISOString(),
                  details: { offlineMs: 5 * 3600_000 },
                },
              },
            ],
          },
        })
      ).body as PushResponse;
      expect(r.results.map((x) => x.status)).toEqual(['accepted', 'accepted']);
      const approved = (await t.admin('GET', `/api/admin/audit?staffId=${boss.id}`)).body as AuditPage;
      expect(approved.items[0]).toMatchObject({ action: 'till.override', actor: { approvedBy: boss.id } });
      expect(approved.items[0]!.summary).toMatch(/Siti.*Rina/);
      const offline = (await t.admin('GET', '/api/admin/audit?action=till.long_offline')).body as AuditPage;
      expect(offline.items[0]!.summary).toContain('unknown staff');
    });

    it('a sale carries the staff id and who approved; an old till without them still sells', async () => {
      const staff = (await t.admin('GET', `/api/admin/staff?branchId=${a.branch.id}`)).body as StaffMember[];
      const siti = staff.find((s) => s.name === 'Siti')!;
      const rina = staff.find((s) => s.name === 'Rina')!;
      const sale = {
        ...t.sale(a, [{ product: products[0]!, quantity: 1 }]),
        staffId: siti.id,
        approvedBy: rina.id,
        cashierName: 'Siti',
      };
      const r = await t.request('POST', '/api/sales', { token: a.token, body: sale });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ staffId: siti.id, approvedBy: rina.id, cashierName: 'Siti' });
      const row = await t.server.db.kysely
        .selectFrom('sales')
        .select(['staffId', 'approvedBy'])
        .where('id', '=', sale.id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ staffId: siti.id, approvedBy: rina.id });
      // The back office's sale detail names who approved, and no customer for this sale.
      const detail = (await t.admin('GET', `/api/admin/sales/${sale.id}`)).body as AdminSaleDetail;
      expect(detail).toMatchObject({ approvedByName: 'Rina', customer: null });
      const old = t.sale(a, [{ product: products[1]!, quantity: 1 }]);
      const r2 = await t.request('POST', '/api/sales', { token: a.token, body: old });
      expect(r2.status).toBe(201);
      expect(r2.body).not.toHaveProperty('staffId');
    });

    it('a manager manages only the staff of their own branches', async () => {
      // The owner through setup, then a manager of branch A signed in with a cookie (as a browser).
      await t.request('POST', '/api/auth/setup', {
        body: {
          setupToken: ADMIN_TOKEN,
          username: 'pemilik',
          displayName: 'Pemilik',
          password: 'rahasia-sekali-1',
        },
      });
      await t.admin('POST', '/api/admin/accounts', {
        username: 'manajer.a',
        displayName: 'Manajer A',
        password: 'rahasia-sekali-2',
        role: 'manager',
        branchIds: [a.branch.id],
      });
      const login = await t.request('POST', '/api/auth/login', {
        body: { username: 'manajer.a', password: 'rahasia-sekali-2' },
        headers: { origin: t.url },
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const asManager = (method: string, path: string, body?: unknown) =>
        t.request(method, path, {
          headers: { cookie, origin: t.url },
          ...(body === undefined ? {} : { body }),
        });

      const inB = (await t.admin('GET', `/api/admin/staff?branchId=${b.branch.id}`)).body as StaffMember[];
      expect(inB.length).toBeGreaterThan(0);
      const mine = await asManager('POST', '/api/admin/staff', {
        name: 'Dewi',
        role: 'cashier',
        branchIds: [a.branch.id],
        pin: '7777',
      });
      expect(mine.status).toBe(201);
      const other = await asManager('POST', '/api/admin/staff', {
        name: 'Eko',
        role: 'cashier',
        branchIds: [b.branch.id],
        pin: '7777',
      });
      expect(other.status).toBe(403);
      expect((await asManager('PATCH', `/api/admin/staff/${inB[0]!.id}`, { name: 'Taken' })).status).toBe(
        404,
      );
      expect((await asManager('GET', `/api/admin/staff?branchId=${b.branch.id}`)).status).toBe(403);
      const listed = (await asManager('GET', '/api/admin/staff')).body as StaffMember[];
      expect(listed.every((s) => s.branchIds.includes(a.branch.id))).toBe(true);
    });

    it('S10: re-pairing hands back the highest receipt counter the device code sent, never a lower one', async () => {
      const dev = await t.device(await t.branch('STC'), 'Kasir 9');
      const pair = async (): Promise<PairResponse> => {
        const { code } = (await t.admin('POST', `/api/admin/devices/${dev.id}/pairing-code`))
          .body as PairingCodeResponse;
        return (await t.request('POST', '/api/devices/pair', { body: { code } })).body as PairResponse;
      };
      expect((await pair()).lastInvoiceCounter).toBe(0);
      const numbered = (counter: number) => ({
        ...t.sale(dev, [{ product: products[2]!, quantity: 1 }]),
        invoiceNumber: `STC-${dev.code}-20261202-${String(counter).padStart(4, '0')}`,
      });
      const token = (await pair()).token;
      for (const n of [7, 12, 9]) {
        const r = await t.request('POST', '/api/sales', { token, body: numbered(n) });
        expect(r.status).toBe(201);
      }
      // A number without this device's code is flagged and does not move the counter.
      const foreign = { ...numbered(1), invoiceNumber: 'STC-ZZ-20261202-9999' };
      expect((await t.request('POST', '/api/sales', { token, body: foreign })).status).toBe(201);
      expect((await pair()).lastInvoiceCounter).toBe(12);
    });
  });
}

import type { BranchSettings, BranchSettingsChangedEvent, Change, PullResponse } from '@kasir/protocol';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../db/open-database.ts';
import { connect } from '../test/realtime-client.ts';
import type { TestDevice } from '../test/test-server.ts';
import { useTestServer } from '../test/use-test-server.ts';

/**
 * Issue 15: shop-wide settings live on the server per branch, are edited in the back office and
 * reach every till of that branch (and no other) through the branch's feed and a realtime poke.
 */
/**
 * A merchant QRIS as an acquirer prints it (a published static Nobu Bank code, see
 * packages/protocol/src/payments/qris.test.ts): EMVCo tags and CRC-16 correct.
 */
const VALID_QRIS =
  '00020101021126670016COM.NOBUBANK.WWW01189360050300000879140214703239147837910303UMI51440014ID.CO.QRIS.WWW0215ID20232709941630303UMI5204481253033605802ID5923GRANOOL STORE OK12295776006KEDIRI61056421262070703A0163047127';

export function shopSettingsContract(engine: Engine): void {
  describe(`shop-wide settings [${engine}]`, () => {
    const t = useTestServer(engine);
    let a1: TestDevice;
    let a2: TestDevice;
    let b1: TestDevice;
    const sockets: Socket[] = [];
    beforeAll(async () => {
      const A = await t.branch('SA');
      a1 = await t.device(A);
      a2 = await t.device(A);
      b1 = await t.device(await t.branch('SB'));
    });
    afterAll(() => sockets.forEach((s) => s.close()));

    const settingsIn = async (d: TestDevice): Promise<Change[]> => {
      const r = await t.request('GET', '/api/sync/pull?limit=500', { token: d.token });
      expect(r.status).toBe(200);
      return (r.body as PullResponse).changes.filter((c) => c.kind === 'branch_settings');
    };

    it('a new branch reads the defaults: PPN included, 58 mm, cash always on', async () => {
      const r = await t.admin('GET', `/api/admin/branches/${a1.branch.id}`);
      expect(r.body as BranchSettings).toMatchObject({
        priceMode: 'inclusive',
        paperWidth: 58,
        cashRounding: 0,
        pkp: false,
        qrisMerchant: null,
        receiptLanguage: 'id',
        requireShift: false,
        discountApprovalPercent: 10,
      });
      const methods = (r.body as BranchSettings).paymentMethods;
      expect(methods.map((m) => m.method)).toEqual([
        'cash',
        'qris',
        'card',
        'ewallet',
        'transfer',
        'gofood',
        'grabfood',
        'shopeefood',
      ]);
      expect(methods[0]).toEqual({ method: 'cash', enabled: true, referenceRequired: false });
      expect(await settingsIn(a1)).toEqual([]);
    });

    it('S13: an edit reaches every till of the branch by pull and realtime, never another branch', async () => {
      const c2 = await connect(t.url, a2.token);
      const cb = await connect(t.url, b1.token);
      sockets.push(c2.socket, cb.socket);
      await Promise.all([c2.rec.waitFor('welcome'), cb.rec.waitFor('welcome')]);
      const r = await t.admin('PATCH', `/api/admin/branches/${a1.branch.id}`, {
        priceMode: 'exclusive',
        paperWidth: 80,
        cashRounding: 500,
        quantityLimit: 50,
        unusualTotal: 2_000_000,
        pkp: true,
        receiptLanguage: 'en',
        requireShift: true,
        discountApprovalPercent: 25,
        receiptHeader: 'Jl. Merdeka 1',
        // cash cannot be switched off; a missing method keeps its default
        paymentMethods: [
          { method: 'cash', enabled: false, referenceRequired: true },
          { method: 'gofood', enabled: true, referenceRequired: true },
        ],
      });
      expect(r.status).toBe(200);
      const body = r.body as BranchSettings;
      expect(body).toMatchObject({ priceMode: 'exclusive', paperWidth: 80, cashRounding: 500, pkp: true });
      expect(body.paymentMethods.find((m) => m.method === 'cash')).toEqual({
        method: 'cash',
        enabled: true,
        referenceRequired: false,
      });
      expect(body.paymentMethods.find((m) => m.method === 'gofood')).toMatchObject({
        referenceRequired: true,
      });
      expect(body.paymentMethods).toHaveLength(8);

      const ev = await c2.rec.waitFor<BranchSettingsChangedEvent>('branch_settings_changed');
      expect(ev).toMatchObject({
        scope: 'branch',
        settings: { branchId: a1.branch.id, priceMode: 'exclusive', receiptHeader: 'Jl. Merdeka 1' },
      });
      for (const d of [a1, a2]) {
        const got = await settingsIn(d);
        expect(got).toHaveLength(1);
        expect(got[0]).toMatchObject({
          scope: 'branch',
          seq: ev.cursor,
          data: {
            quantityLimit: 50,
            pkp: true,
            receiptLanguage: 'en',
            requireShift: true,
            discountApprovalPercent: 25,
          },
        });
      }
      expect(await settingsIn(b1)).toEqual([]);
      await new Promise((res) => setTimeout(res, 200));
      expect(cb.rec.events.filter((e) => e.name === 'branch_settings_changed')).toEqual([]);
    });

    it('the feed keeps only the newest settings; an unchanged value moves no cursor, opening hours reach tills', async () => {
      await t.admin('PATCH', `/api/admin/branches/${a1.branch.id}`, { priceMode: 'inclusive' });
      const got = await settingsIn(a1);
      expect(got).toHaveLength(1);
      expect(got[0]).toMatchObject({ data: { priceMode: 'inclusive', cashRounding: 500 } });
      const before = got[0]!.seq;
      await t.admin('PATCH', `/api/admin/branches/${a1.branch.id}`, { priceMode: 'inclusive' });
      expect((await settingsIn(a1))[0]!.seq, 'same value').toBe(before);
      await t.admin('PATCH', `/api/admin/branches/${a1.branch.id}`, {
        openingHours: Array.from({ length: 7 }, () => null),
      });
      // Tills schedule their nightly checks outside the opening hours (issue 16).
      const after = await settingsIn(a1);
      expect(after).toHaveLength(1);
      expect(after[0]!.seq).toBeGreaterThan(before);
      expect(after[0]).toMatchObject({ data: { openingHours: Array.from({ length: 7 }, () => null) } });
    });

    it('refuses bad values with the error envelope and stores nothing', async () => {
      for (const bad of [
        { paperWidth: 72 },
        { cashRounding: 300 },
        { quantityLimit: 0 },
        { priceMode: 'both' },
        { qrisMerchant: 'short' },
        // Issue 14: a QRIS whose CRC does not match its content (a typo in a pasted string).
        { qrisMerchant: `${VALID_QRIS.slice(0, -4)}ABCD` },
        { paymentMethods: [{ method: 'bitcoin', enabled: true, referenceRequired: false }] },
        { receiptLanguage: 'jv' },
        { requireShift: 'yes' },
        { discountApprovalPercent: 101 },
      ]) {
        const r = await t.admin('PATCH', `/api/admin/branches/${a1.branch.id}`, bad);
        expect(r.status, JSON.stringify(bad)).toBe(400);
        expect(r.body).toMatchObject({ error: { code: 'validation_failed' } });
      }
      const r = await t.admin('GET', `/api/admin/branches/${a1.branch.id}`);
      expect(r.body as BranchSettings).toMatchObject({
        paperWidth: 80,
        cashRounding: 500,
        quantityLimit: 50,
      });
    });

    it('adds PPN on top of prices only for a PKP: refused 400 for a branch that is not, or stops being one', async () => {
      const path = `/api/admin/branches/${a1.branch.id}`;
      const notPkp = await t.admin('PATCH', path, { pkp: false, priceMode: 'exclusive' });
      expect(notPkp.status).toBe(400);
      expect(notPkp.body).toMatchObject({ error: { code: 'validation_failed' } });
      expect((await t.admin('PATCH', path, { pkp: true, priceMode: 'exclusive' })).status).toBe(200);
      const leaving = await t.admin('PATCH', path, { pkp: false });
      expect(leaving.status).toBe(400);
      expect((await t.admin('GET', path)).body as BranchSettings).toMatchObject({
        pkp: true,
        priceMode: 'exclusive',
      });
      const both = await t.admin('PATCH', path, { pkp: false, priceMode: 'inclusive' });
      expect(both.status).toBe(200);
      expect(both.body as BranchSettings).toMatchObject({ pkp: false, priceMode: 'inclusive' });
      await t.admin('PATCH', path, { pkp: true });
    });

    it('stores a merchant QRIS string and clears it with null', async () => {
      const qris = VALID_QRIS;
      const set = await t.admin('PATCH', `/api/admin/branches/${a1.branch.id}`, { qrisMerchant: qris });
      expect(set.body as BranchSettings).toMatchObject({ qrisMerchant: qris });
      expect((await settingsIn(a2))[0]).toMatchObject({ data: { qrisMerchant: qris } });
      const cleared = await t.admin('PATCH', `/api/admin/branches/${a1.branch.id}`, { qrisMerchant: null });
      expect(cleared.body as BranchSettings).toMatchObject({ qrisMerchant: null });
    });
  });
}

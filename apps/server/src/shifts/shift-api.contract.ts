import { newId, PROTOCOL_VERSION, seededRandom, type Product, type ShiftReportList } from '@kasir/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../db/open-database.ts';
import {
  cashMoveMutation,
  pushOne,
  refundMutation,
  shiftCloseMutation,
  shiftOpenMutation,
} from '../test/money-kit.ts';
import { sampleProducts, type TestDevice } from '../test/test-server.ts';
import { useTestServer } from '../test/use-test-server.ts';

/** Shifts and the cash drawer (issue 13, item 3): `shift.open`, `cash.move`, `shift.close`. */
export function shiftApiContract(engine: Engine): void {
  describe(`shifts and cash [${engine}]`, () => {
    const t = useTestServer(engine);
    let a: TestDevice;
    let b: TestDevice;
    let products: Product[];
    beforeAll(async () => {
      const branch = await t.branch('SH');
      a = await t.device(branch, 'Kasir 1');
      b = await t.device(branch, 'Kasir 2');
      products = await t.products(sampleProducts(3, 'SH'));
    });

    it('S3: a shift opens once; a replay is a duplicate; its id with another payload is refused', async () => {
      const open = shiftOpenMutation(200_000);
      expect(await pushOne(t, a, open)).toMatchObject({
        status: 'accepted',
        result: { id: open.id, float: 200_000 },
      });
      expect(await pushOne(t, a, open)).toMatchObject({ status: 'duplicate', result: { id: open.id } });
      const other = { ...open, payload: { ...open.payload, float: 1 } };
      expect(await pushOne(t, a, other)).toMatchObject({ status: 'rejected', code: 'idempotency_conflict' });
      const wrongId = { ...shiftOpenMutation(1), id: newId() };
      expect(await pushOne(t, a, wrongId)).toMatchObject({
        status: 'rejected',
        code: 'mutation_id_mismatch',
      });
    });

    it('expected cash = float + cash sales - cash refunds + cash in - cash out; the close records the difference', async () => {
      const open = shiftOpenMutation(100_000);
      await pushOne(t, a, open);
      const p = products[1]!; // Rp 2,000
      const cashSale = { ...t.sale(a, [{ product: p, quantity: 5 }]), shiftId: open.id };
      cashSale.payments = [{ method: 'cash', amount: 20_000 }]; // Rp 10,000 change
      const qrisSale = { ...t.sale(a, [{ product: p, quantity: 2 }]), shiftId: open.id };
      qrisSale.payments = [{ method: 'qris', amount: 4_000 }];
      for (const s of [cashSale, qrisSale])
        expect(await pushOne(t, a, { id: s.id, type: 'sale.create', payload: s })).toMatchObject({
          status: 'accepted',
        });
      const moveIn = cashMoveMutation(open.id, 'in', 50_000, 'uang kecil');
      const moveOut = cashMoveMutation(open.id, 'out', 30_000, 'beli galon');
      expect(await pushOne(t, a, moveIn)).toMatchObject({
        status: 'accepted',
        result: { id: moveIn.id, amount: 50_000 },
      });
      expect(await pushOne(t, a, moveIn)).toMatchObject({ status: 'duplicate' });
      expect(await pushOne(t, a, { ...moveIn, payload: { ...moveIn.payload, amount: 1 } })).toMatchObject({
        code: 'idempotency_conflict',
      });
      await pushOne(t, a, moveOut);
      const refund = refundMutation(
        cashSale.id,
        [{ saleLineNo: 0, productId: p.id, quantity: 1, amount: 2_000 }],
        {
          shiftId: open.id,
        },
      );
      expect(await pushOne(t, a, refund)).toMatchObject({ status: 'accepted' });
      // Back through QRIS, not from the drawer: no change to the expected cash.
      const viaQris = refundMutation(
        qrisSale.id,
        [{ saleLineNo: 0, productId: p.id, quantity: 1, amount: 2_000 }],
        { shiftId: open.id, method: 'original' },
      );
      expect(await pushOne(t, a, viaQris)).toMatchObject({ status: 'accepted' });
      // 100,000 + 10,000 - 2,000 + 50,000 - 30,000
      const close = shiftCloseMutation(open.id, 127_500);
      expect(await pushOne(t, a, close)).toMatchObject({
        status: 'accepted',
        result: { expected: 128_000, counted: 127_500, difference: -500, flags: [] },
      });
      expect(await pushOne(t, a, close)).toMatchObject({ status: 'duplicate', result: { difference: -500 } });
      // The report names what QRIS took, to reconcile with the provider; cash is net of the change.
      const r = await t.admin('GET', `/api/admin/shifts?branchId=${a.branch.id}&deviceId=${a.id}`);
      const report = (r.body as ShiftReportList).shifts.find((s) => s.shiftId === open.id);
      expect(report?.payments).toEqual([
        { method: 'cash', count: 1, amount: 10_000 },
        { method: 'qris', count: 1, amount: 4_000 },
      ]);
      expect(report?.refundsVia).toEqual([{ method: 'qris', amount: 2_000 }]);
      expect(await pushOne(t, a, shiftCloseMutation(open.id, 1))).toMatchObject({
        status: 'rejected',
        code: 'shift_closed',
      });
    });

    it('a drawer belongs to its till: another till cannot move or close its cash', async () => {
      const open = shiftOpenMutation(0);
      await pushOne(t, a, open);
      expect(await pushOne(t, b, cashMoveMutation(open.id, 'in', 1_000))).toMatchObject({
        status: 'rejected',
        code: 'unknown_shift',
      });
      expect(await pushOne(t, b, shiftCloseMutation(open.id, 0))).toMatchObject({ code: 'unknown_shift' });
      expect(await pushOne(t, a, cashMoveMutation(newId(), 'in', 1_000))).toMatchObject({
        code: 'unknown_shift',
      });
    });

    it('a close with unsynced sales is kept: flagged without an override, not flagged with one', async () => {
      const s1 = shiftOpenMutation(0);
      const s2 = shiftOpenMutation(0);
      await pushOne(t, a, s1);
      await pushOne(t, a, s2);
      expect(await pushOne(t, a, shiftCloseMutation(s1.id, 0, 2))).toMatchObject({
        status: 'accepted',
        result: { flags: ['unsynced_close'] },
      });
      expect(await pushOne(t, a, shiftCloseMutation(s2.id, 0, 2, newId()))).toMatchObject({
        status: 'accepted',
        result: { flags: [] },
      });
      // A manager closing it themselves is the override; a cashier is not.
      const staffOf = async (role: string) => {
        const r = await t.admin('POST', '/api/admin/staff', {
          name: `Staf ${role}`,
          role,
          branchIds: [a.branch.id],
        });
        expect(r.status).toBe(201);
        return (r.body as { id: string }).id;
      };
      const manager = await staffOf('manager');
      const cashier = await staffOf('cashier');
      for (const [staffId, flags] of [
        [manager, []],
        [cashier, ['unsynced_close']],
      ] as const) {
        const open = shiftOpenMutation(0);
        await pushOne(t, a, open);
        const close = shiftCloseMutation(open.id, 0, 1);
        close.payload.staffId = staffId as never;
        expect(await pushOne(t, a, close)).toMatchObject({ status: 'accepted', result: { flags } });
      }
    });

    it('the back office shift report equals the ledgers, per till and cashier', async () => {
      const branch = await t.branch('SR');
      const tills = [await t.device(branch, 'T1'), await t.device(branch, 'T2')];
      const rnd = seededRandom(13);
      const int = (n: number): number => Math.floor(rnd() * n);
      const cashier = newId();
      const expected = new Map<
        string,
        { float: number; sales: number; refunds: number; in: number; out: number }
      >();
      for (const d of tills) {
        const open = shiftOpenMutation(50_000 * (1 + int(4)));
        open.payload.staffId = cashier as never;
        await pushOne(t, d, open);
        const e = { float: open.payload.float, sales: 0, refunds: 0, in: 0, out: 0 };
        for (let i = 0; i < 6; i++) {
          const p = products[int(products.length)]!;
          const q = 1 + int(3);
          const s = { ...t.sale(d, [{ product: p, quantity: q }]), shiftId: open.id };
          await pushOne(t, d, { id: s.id, type: 'sale.create', payload: s });
          e.sales += p.price * q;
          if (int(2) === 0) {
            const amount = p.price; // one unit of a line without discounts
            await pushOne(
              t,
              d,
              refundMutation(s.id, [{ saleLineNo: 0, productId: p.id, quantity: 1, amount }], {
                shiftId: open.id,
              }),
            );
            e.refunds += amount;
          }
          const kind = int(2) === 0 ? 'in' : 'out';
          const amount = 1_000 * (1 + int(9));
          await pushOne(t, d, cashMoveMutation(open.id, kind, amount));
          e[kind] += amount;
        }
        expected.set(open.id, e);
        await pushOne(t, d, shiftCloseMutation(open.id, 100_000));
      }
      const r = await t.admin('GET', `/api/admin/shifts?branchId=${branch.id}&staffId=${cashier}`);
      expect(r.status).toBe(200);
      const { shifts } = r.body as ShiftReportList;
      expect(shifts).toHaveLength(2);
      for (const s of shifts) {
        const e = expected.get(s.shiftId)!;
        expect(s).toMatchObject({
          float: e.float,
          cashSales: e.sales,
          cashRefunds: e.refunds,
          cashIn: e.in,
          cashOut: e.out,
        });
        expect(s.expected).toBe(e.float + e.sales - e.refunds + e.in - e.out);
        expect(s.difference).toBe(100_000 - s.expected);
        expect(s.salesCount).toBe(6);
      }
      const day = shifts[0]!.businessDay;
      const byDay = await t.admin(
        'GET',
        `/api/admin/shifts?branchId=${branch.id}&day=${day}&deviceId=${tills[0]!.id}`,
      );
      expect((byDay.body as ShiftReportList).shifts.map((s) => s.deviceId)).toEqual([tills[0]!.id]);
    });

    it('end of day lists every till still holding unsynced sales, from the health it reports', async () => {
      const branch = await t.branch('ED');
      const quiet = await t.device(branch, 'Quiet');
      const behind = await t.device(branch, 'Behind');
      const report = (unsyncedSales: number) => ({
        unsyncedSales,
        oldestUnsyncedAt: unsyncedSales === 0 ? null : new Date().toISOString(),
        lastSyncAt: null,
        appVersion: 'test',
        protocolVersion: PROTOCOL_VERSION,
      });
      for (const [d, n] of [
        [quiet, 0],
        [behind, 3],
      ] as const) {
        const r = await t.request('POST', '/api/device/health', { token: d.token, body: report(n) });
        expect(r.status).toBeLessThan(300);
      }
      const open = shiftOpenMutation(0);
      await pushOne(t, quiet, open);
      const eod = await t.admin('GET', `/api/admin/end-of-day?branchId=${branch.id}`);
      expect(eod.status).toBe(200);
      expect(eod.body).toMatchObject({
        unsynced: [{ deviceId: behind.id, unsyncedSales: 3 }],
        openShifts: [{ deviceId: quiet.id, openShiftId: open.id }],
      });
    });

    it('a count per denomination must add up to its total (400-class refusal)', async () => {
      const open = shiftOpenMutation(0);
      await pushOne(t, a, open);
      const bad = shiftCloseMutation(open.id, 150_000);
      bad.payload.counted = { total: 150_000, denominations: { '100000': 1 } } as never;
      expect(await pushOne(t, a, bad)).toMatchObject({ status: 'rejected', code: 'validation_failed' });
    });
  });
}

import {
  newId,
  paidLineAmounts,
  refundLineAmount,
  taxOf,
  type AdminSaleDetail,
  type AdminSalePage,
  type Change,
  type Product,
  type Refund,
  type RefundList,
  type ReportSummary,
} from '@kasir/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../db/open-database.ts';
import { pullAll } from '../sync/sync-api.contract.ts';
import { pushOne, refundMutation, shiftOpenMutation } from '../test/money-kit.ts';
import { sampleProducts, type TestDevice } from '../test/test-server.ts';
import { useTestServer } from '../test/use-test-server.ts';

/** Refunds and voids (issue 13, item 4): `refund.create`. */
export function refundApiContract(engine: Engine): void {
  describe(`refunds [${engine}]`, () => {
    const t = useTestServer(engine);
    let a: TestDevice;
    let b: TestDevice;
    let other: TestDevice;
    let products: Product[];
    beforeAll(async () => {
      const branch = await t.branch('RF');
      a = await t.device(branch, 'Kasir 1');
      b = await t.device(branch, 'Kasir 2');
      other = await t.device(await t.branch('RX'), 'Elsewhere');
      products = await t.products(sampleProducts(3, 'RF'));
    });

    async function sell(lines: { product: Product; quantity: number }[]) {
      const s = t.sale(a, lines);
      expect(await pushOne(t, a, { id: s.id, type: 'sale.create', payload: s })).toMatchObject({
        status: 'accepted',
      });
      return s;
    }

    const stockOf = async (d: TestDevice, productId: string): Promise<number> => {
      const all = await pullAll(t, d.token);
      const level = all.changes.find((c) => c.kind === 'stock' && c.data.productId === productId);
      return level?.kind === 'stock' ? level.data.onHand : 0;
    };

    it('S3: accepted once, a duplicate on replay, the same id with another payload refused', async () => {
      const p = products[0]!;
      const sale = await sell([{ product: p, quantity: 3 }]);
      const r = refundMutation(sale.id, [{ saleLineNo: 0, productId: p.id, quantity: 1, amount: 1_000 }]);
      expect(await pushOne(t, a, r)).toMatchObject({
        status: 'accepted',
        result: { id: r.id, saleId: sale.id, invoiceNumber: sale.invoiceNumber, total: 1_000, flags: [] },
      });
      expect(await pushOne(t, a, r)).toMatchObject({ status: 'duplicate', result: { id: r.id } });
      const changed = { ...r, payload: { ...r.payload, reason: 'other' } };
      expect(await pushOne(t, a, changed)).toMatchObject({
        status: 'rejected',
        code: 'idempotency_conflict',
      });
      expect(await pushOne(t, a, { ...r, id: newId() })).toMatchObject({ code: 'mutation_id_mismatch' });
    });

    it("the dashboard's summary counts the refunds of its days beside the sales", async () => {
      const summary = async () =>
        (await t.admin('GET', `/api/admin/reports/summary?branchId=${a.branch.id}`)).body as ReportSummary;
      const before = await summary();
      const p = products[2]!;
      const sale = await sell([{ product: p, quantity: 2 }]);
      await pushOne(
        t,
        a,
        refundMutation(sale.id, [{ saleLineNo: 0, productId: p.id, quantity: 1, amount: 1_500 }]),
      );
      await pushOne(
        t,
        b,
        refundMutation(sale.id, [{ saleLineNo: 0, productId: p.id, quantity: 1, amount: 1_500 }], {
          reason: 'void',
        }),
      );
      // A QRIS sale refunded through its own method: the money went back by QRIS, not the drawer.
      const q = t.sale(a, [{ product: p, quantity: 1 }]);
      const qris = { ...q, payments: [{ method: 'qris' as const, amount: p.price, reference: 'Q-77' }] };
      expect(await pushOne(t, a, { id: qris.id, type: 'sale.create', payload: qris })).toMatchObject({
        status: 'accepted',
      });
      await pushOne(
        t,
        a,
        refundMutation(qris.id, [{ saleLineNo: 0, productId: p.id, quantity: 1, amount: 1_500 }], {
          method: 'original',
        }),
      );
      const after = await summary();
      expect(after.refunds).toMatchObject({
        count: before.refunds.count + 3,
        total: before.refunds.total + 4_500,
      });
      // Per method the money went back by: the cash sale's two from the drawer, the QRIS one by QRIS.
      const via = (s: ReportSummary, m: string) => s.refundsByMethod.find((r) => r.method === m)?.amount ?? 0;
      expect(via(after, 'cash') - via(before, 'cash')).toBe(3_000);
      expect(via(after, 'qris') - via(before, 'qris')).toBe(1_500);
      // The PPN inside what went back, at the sale line's rate: the dashboard shows PPN net of it.
      expect(p.taxRate).toBeGreaterThan(0);
      expect(after.refunds.tax - before.refunds.tax).toBe(3 * taxOf(1_500, p.taxRate, 'inclusive').tax);
      // The sale's detail lists both, oldest first; its row in the sales list says what went back.
      const detail = (await t.admin('GET', `/api/admin/sales/${sale.id}`)).body as AdminSaleDetail;
      expect(detail.refunds.map((r) => [r.reason, r.total, r.deviceName])).toEqual([
        ['return', 1_500, 'Kasir 1'],
        ['void', 1_500, 'Kasir 2'],
      ]);
      const list = (await t.admin('GET', `/api/admin/sales?branchId=${a.branch.id}&limit=100`))
        .body as AdminSalePage;
      expect(list.items.find((i) => i.id === sale.id)).toMatchObject({ refunded: 3_000, voided: true });
      expect(list.items.find((i) => i.id === qris.id)).toMatchObject({ refunded: 1_500, voided: false });
      // The refunds list names the method the money went back by.
      const refunds = (await t.admin('GET', `/api/admin/refunds?branchId=${a.branch.id}`)).body as RefundList;
      expect(refunds.refunds.find((r) => r.saleId === qris.id)).toMatchObject({
        method: 'original',
        via: 'qris',
      });
      expect(refunds.refunds.filter((r) => r.saleId === sale.id).map((r) => r.via)).toEqual(['cash', 'cash']);
      // Sales stay as rung up; another branch's summary has none of these refunds.
      expect(after.salesCount).toBe(before.salesCount + 2);
      const elsewhere = (await t.admin('GET', `/api/admin/reports/summary?branchId=${other.branch.id}`))
        .body as ReportSummary;
      expect(elsewhere.refunds).toEqual({ count: 0, total: 0, tax: 0 });
    });

    it('stock goes back unless the goods are damaged', async () => {
      const p = products[1]!;
      await t.receive(a.branch, p, 10);
      const sale = await sell([{ product: p, quantity: 4 }]);
      expect(await stockOf(a, p.id)).toBe(6);
      await pushOne(
        t,
        a,
        refundMutation(sale.id, [{ saleLineNo: 0, productId: p.id, quantity: 1, amount: 2_000 }]),
      );
      expect(await stockOf(a, p.id)).toBe(7);
      await pushOne(
        t,
        a,
        refundMutation(sale.id, [
          { saleLineNo: 0, productId: p.id, quantity: 1, amount: 2_000, damaged: true },
        ]),
      );
      expect(await stockOf(a, p.id)).toBe(7);
    });

    it('two tills refunding the same line offline: both recorded, the second flagged over_refund', async () => {
      const p = products[2]!;
      const sale = await sell([{ product: p, quantity: 1 }]);
      const line = [{ saleLineNo: 0, productId: p.id, quantity: 1, amount: 3_000 }];
      const first = await pushOne(t, a, refundMutation(sale.id, line));
      const second = await pushOne(t, b, refundMutation(sale.id, line));
      expect(first).toMatchObject({ status: 'accepted', result: { flags: [] } });
      expect(second).toMatchObject({ status: 'accepted', result: { flags: ['over_refund'] } });
      const listed = await t.admin('GET', `/api/admin/refunds?branchId=${a.branch.id}&flag=over_refund`);
      expect(listed.status).toBe(200);
      const ids = (listed.body as { refunds: Refund[] }).refunds.map((r) => r.id);
      expect(ids).toContain(second.status === 'accepted' ? (second.result as Refund).id : '');
      expect(ids).not.toContain(first.status === 'accepted' ? (first.result as Refund).id : '');
    });

    it('a void is a full refund with reason void; an amount off its share is flagged', async () => {
      const p = products[0]!;
      const sale = await sell([{ product: p, quantity: 2 }]);
      const v = refundMutation(sale.id, [{ saleLineNo: 0, productId: p.id, quantity: 2, amount: 2_000 }], {
        reason: 'void',
      });
      expect(await pushOne(t, a, v)).toMatchObject({
        status: 'accepted',
        result: { reason: 'void', total: 2_000, flags: [] },
      });
      const sale2 = await sell([{ product: p, quantity: 2 }]);
      const off = refundMutation(sale2.id, [{ saleLineNo: 0, productId: p.id, quantity: 1, amount: 1_500 }]);
      expect(await pushOne(t, a, off)).toMatchObject({
        status: 'accepted',
        result: { flags: ['amount_deviation'] },
      });
    });

    it('refused only when it cannot be a record: unknown sale, line, or another till’s shift', async () => {
      const p = products[0]!;
      const sale = await sell([{ product: p, quantity: 1 }]);
      const line = [{ saleLineNo: 0, productId: p.id, quantity: 1, amount: 1_000 }];
      expect(await pushOne(t, a, refundMutation(newId(), line))).toMatchObject({ code: 'unknown_sale' });
      expect(await pushOne(t, other, refundMutation(sale.id, line))).toMatchObject({ code: 'unknown_sale' });
      expect(await pushOne(t, a, refundMutation(sale.id, [{ ...line[0]!, saleLineNo: 3 }]))).toMatchObject({
        code: 'unknown_sale_line',
      });
      const shiftOfB = shiftOpenMutation(0);
      await pushOne(t, b, shiftOfB);
      expect(await pushOne(t, a, refundMutation(sale.id, line, { shiftId: shiftOfB.id }))).toMatchObject({
        code: 'unknown_shift',
      });
    });

    it('S13: refunds reach the other tills of the branch through the feed, not other branches', async () => {
      const p = products[1]!;
      const sale = await sell([{ product: p, quantity: 1 }]);
      const r = refundMutation(sale.id, [{ saleLineNo: 0, productId: p.id, quantity: 1, amount: 2_000 }]);
      await pushOne(t, a, r);
      const isIt = (c: Change) => c.kind === 'refund' && c.data.id === r.id;
      expect((await pullAll(t, b.token)).changes.some(isIt)).toBe(true);
      expect((await pullAll(t, other.token)).changes.some(isIt)).toBe(false);
      // The sale's summary carries its lines, so another till can refund it offline.
      const summary = (await pullAll(t, b.token)).changes.find(
        (c) => c.kind === 'sale' && c.data.id === sale.id,
      );
      expect(summary).toMatchObject({ data: { lines: [{ productId: p.id, quantity: 1, amount: 2_000 }] } });
    });

    it('PPN added on top of prices goes back with the goods: the customer gets what they paid per line', async () => {
      const [p0, p1] = [products[0]!, products[1]!];
      // Rung up with PPN added (a PKP's exclusive prices): 1,000 + 2 x 2,000 = 5,000 plus 11%.
      const base = t.sale(a, [
        { product: p0, quantity: 1 },
        { product: p1, quantity: 2 },
      ]);
      const tax = taxOf(5_000, p0.taxRate, 'exclusive').tax;
      const sale = {
        ...base,
        priceMode: 'exclusive' as const,
        payments: [{ method: 'cash' as const, amount: 5_000 + tax }],
      };
      expect(await pushOne(t, a, { id: sale.id, type: 'sale.create', payload: sale })).toMatchObject({
        status: 'accepted',
        result: { total: 5_000 + tax, tax },
      });
      const paid = paidLineAmounts(
        [
          { amount: 1_000, taxRate: p0.taxRate },
          { amount: 4_000, taxRate: p1.taxRate },
        ],
        'exclusive',
      );
      expect(paid[0]).toBe(1_000 + taxOf(1_000, p0.taxRate, 'exclusive').tax);
      // Another till refunds it from the feed's summary: its lines say what was paid.
      const summary = (await pullAll(t, b.token)).changes.find(
        (c) => c.kind === 'sale' && c.data.id === sale.id,
      );
      expect(summary).toMatchObject({ data: { lines: [{ amount: paid[0] }, { amount: paid[1] }] } });
      // The price without its PPN is short of what was paid: flagged.
      const short = await pushOne(
        t,
        a,
        refundMutation(sale.id, [{ saleLineNo: 0, productId: p0.id, quantity: 1, amount: 1_000 }]),
      );
      expect(short).toMatchObject({ status: 'accepted', result: { flags: ['amount_deviation'] } });
      // One unit of the second line, then the rest: every rupiah paid goes back, nothing flagged.
      const one = refundLineAmount({ quantity: 2, amount: paid[1]! }, 0, 1);
      const first = await pushOne(
        t,
        b,
        refundMutation(sale.id, [{ saleLineNo: 1, productId: p1.id, quantity: 1, amount: one }]),
      );
      expect(first).toMatchObject({ status: 'accepted', result: { flags: [] } });
      const rest = await pushOne(
        t,
        b,
        refundMutation(sale.id, [{ saleLineNo: 1, productId: p1.id, quantity: 1, amount: paid[1]! - one }], {
          reason: 'void',
        }),
      );
      expect(rest).toMatchObject({ status: 'accepted', result: { flags: [] } });
      expect(paid.reduce((x, y) => x + y, 0)).toBe(5_000 + tax);
    });

    it('issue 14: the whole of a cash sale rounded down is not an over_refund', async () => {
      const p = products[2]!;
      // The goods cost more than the rounded total the customer paid: the lines are what goes back.
      const sale = t.sale(a, [{ product: p, quantity: 1 }]);
      sale.lines[0]!.discount = 30;
      const goods = p.price - 30;
      const paid = Math.floor(goods / 100) * 100;
      const rounded = {
        ...sale,
        rounding: paid - goods,
        payments: [{ method: 'cash' as const, amount: paid }],
      };
      expect(paid).toBeLessThan(goods);
      expect(await pushOne(t, a, { id: sale.id, type: 'sale.create', payload: rounded })).toMatchObject({
        status: 'accepted',
        result: { total: paid },
      });
      const r = refundMutation(sale.id, [{ saleLineNo: 0, productId: p.id, quantity: 1, amount: goods }]);
      expect(await pushOne(t, a, r)).toMatchObject({
        status: 'accepted',
        result: { total: goods, flags: [] },
      });
      const again = refundMutation(sale.id, [{ saleLineNo: 0, productId: p.id, quantity: 1, amount: goods }]);
      expect(await pushOne(t, b, again)).toMatchObject({ result: { flags: ['over_refund'] } });
    });

    it('a sale or refund by someone who is no staff of the branch is recorded and flagged unknown_staff', async () => {
      const hire = async (name: string, branchId: string) =>
        (
          (
            await t.admin('POST', '/api/admin/staff', {
              name,
              role: 'cashier',
              branchIds: [branchId],
              pin: '4821',
            })
          ).body as { id: string }
        ).id;
      const here = await hire('Ani', a.branch.id);
      const elsewhere = await hire('Eko', other.branch.id);
      const p = products[0]!;
      await t.receive(a.branch, p, 10);
      const ok = { ...t.sale(a, [{ product: p, quantity: 1 }]), staffId: here };
      expect(await pushOne(t, a, { id: ok.id, type: 'sale.create', payload: ok })).toMatchObject({
        status: 'accepted',
        result: { flags: [] },
      });
      const odd = { ...t.sale(a, [{ product: p, quantity: 1 }]), staffId: here, approvedBy: elsewhere };
      expect(await pushOne(t, a, { id: odd.id, type: 'sale.create', payload: odd })).toMatchObject({
        status: 'accepted',
        result: { flags: ['unknown_staff'] },
      });
      const line = [{ saleLineNo: 0, productId: p.id, quantity: 1, amount: p.price }];
      const good = refundMutation(ok.id, line);
      expect(await pushOne(t, a, { ...good, payload: { ...good.payload, staffId: here } })).toMatchObject({
        status: 'accepted',
        result: { flags: [] },
      });
      const bad = refundMutation(odd.id, line);
      expect(await pushOne(t, a, { ...bad, payload: { ...bad.payload, staffId: elsewhere } })).toMatchObject({
        status: 'accepted',
        result: { flags: ['unknown_staff'] },
      });
    });
  });
}

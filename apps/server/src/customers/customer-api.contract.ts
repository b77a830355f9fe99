import type { AdminSaleDetail, CustomerCreated, CustomerDetail } from '@kasir/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../db/open-database.ts';
import { pullAll } from '../sync/sync-api.contract.ts';
import { customerMutation, pushOne, refundMutation } from '../test/money-kit.ts';
import { sampleProducts, type TestDevice } from '../test/test-server.ts';
import { useTestServer } from '../test/use-test-server.ts';

/** Customers (issue 13, item 5): `customer.create`, merged by phone. */
export function customerApiContract(engine: Engine): void {
  describe(`customers [${engine}]`, () => {
    const t = useTestServer(engine);
    let a: TestDevice;
    let b: TestDevice;
    beforeAll(async () => {
      const branch = await t.branch('CU');
      a = await t.device(branch, 'Kasir 1');
      b = await t.device(await t.branch('CV'), 'Kasir 2');
    });

    it('S3: accepted once, a duplicate on replay, the same id with another payload refused', async () => {
      const c = customerMutation('Budi', '+6281200000001');
      expect(await pushOne(t, a, c)).toMatchObject({
        status: 'accepted',
        result: { customer: { id: c.id, name: 'Budi', phone: '+6281200000001' }, mergedFrom: null },
      });
      expect(await pushOne(t, a, c)).toMatchObject({ status: 'duplicate' });
      expect(await pushOne(t, a, { ...c, payload: { ...c.payload, name: 'Budi S' } })).toMatchObject({
        code: 'idempotency_conflict',
      });
      expect(await pushOne(t, a, customerMutation('X', '0812-0000-0001'))).toMatchObject({
        code: 'validation_failed',
      });
    });

    it('duplicates by phone merge into the first; both ids keep resolving, with their purchases', async () => {
      const first = customerMutation('Siti', '+6281300000002');
      const again = customerMutation('Siti A.', '+6281300000002');
      await pushOne(t, a, first);
      const merged = await pushOne(t, b, again);
      expect(merged).toMatchObject({
        status: 'accepted',
        result: { customer: { id: first.id, name: 'Siti' }, mergedFrom: again.id },
      });
      const [p] = await t.products(sampleProducts(1, 'CU'));
      const s1 = { ...t.sale(a, [{ product: p!, quantity: 1 }]), customerId: first.id };
      const s2 = { ...t.sale(b, [{ product: p!, quantity: 2 }]), customerId: again.id };
      await pushOne(t, a, { id: s1.id, type: 'sale.create', payload: s1 });
      await pushOne(t, b, { id: s2.id, type: 'sale.create', payload: s2 });
      for (const id of [first.id, again.id]) {
        const r = await t.admin('GET', `/api/admin/customers/${id}`);
        expect(r.status).toBe(200);
        const detail = r.body as CustomerDetail;
        expect(detail.customer.id).toBe(first.id);
        expect([...detail.ids].sort()).toEqual([first.id, again.id].sort());
        const sales = (r.body as { sales: { id: string }[] }).sales.map((s) => s.id).sort();
        expect(sales).toEqual([s1.id, s2.id].sort());
      }
      // A sale given back in part counts only what the customer kept.
      const kept = (await t.admin('GET', `/api/admin/customers/${first.id}`)).body as CustomerDetail;
      const s2Total = kept.sales.find((x) => x.id === s2.id)!.total;
      const line = (await t.admin('GET', `/api/admin/sales/${s2.id}`)).body as AdminSaleDetail;
      const back = refundMutation(s2.id, [
        { saleLineNo: 0, productId: p!.id, quantity: 1, amount: Math.floor(line.lines[0]!.amount / 2) },
      ]);
      expect(await pushOne(t, b, back)).toMatchObject({ status: 'accepted' });
      const after = (await t.admin('GET', `/api/admin/customers/${first.id}`)).body as CustomerDetail;
      const refunded = Math.floor(line.lines[0]!.amount / 2);
      expect(after.sales.find((x) => x.id === s2.id)?.refunded).toBe(refunded);
      expect(after.sales.find((x) => x.id === s1.id)?.refunded).toBe(0);
      expect(after.spent).toBe(kept.spent - refunded);
      expect(kept.spent).toBe(s2Total + kept.sales.find((x) => x.id === s1.id)!.total);
      // A sale's detail names its customer, also under the merged id it was made for.
      for (const sale of [s1, s2]) {
        const detail = (await t.admin('GET', `/api/admin/sales/${sale.id}`)).body as AdminSaleDetail;
        expect(detail.customer).toEqual({ id: first.id, name: 'Siti', phone: '+6281300000002' });
      }
      const found = await t.admin('GET', `/api/admin/customers?q=${encodeURIComponent('081300000002')}`);
      expect((found.body as { customers: { id: string }[] }).customers.map((c) => c.id)).toEqual([first.id]);
      // The till that made the merged id learns what it stands for.
      const feed = await pullAll(t, b.token);
      const entry = feed.changes.find((c) => c.kind === 'customer' && c.data.phone === '+6281300000002');
      expect(entry?.data).toMatchObject({ id: first.id } satisfies Partial<CustomerCreated['customer']>);
    });
  });
}

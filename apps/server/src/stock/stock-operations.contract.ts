import {
  newId,
  taxOf,
  type Alert,
  type AuditPage,
  type Change,
  type LowStockItem,
  type MarginRow,
  type Product,
  type PushResponse,
  type Receipt,
  type StockHistoryRow,
  type StocktakeDetail,
  type SyncStateResponse,
  type TransferResult,
} from '@kasir/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../db/open-database.ts';
import { pullAll } from '../sync/sync-api.contract.ts';
import { pushOne, refundMutation } from '../test/money-kit.ts';
import { checksumsOfChanges } from '../test/feed-checksums.ts';
import { sampleProducts, type TestDevice } from '../test/test-server.ts';
import { useTestServer } from '../test/use-test-server.ts';

/**
 * Stock operations (issue 12): receiving with moving-average cost, transfers between branches,
 * stocktakes counted on several tills, minimums, history and margin. S3 (exactly once) and S7
 * (ledger, never refused for stock) for each.
 */
export function stockOperationsContract(engine: Engine): void {
  describe(`stock operations [${engine}]`, () => {
    const t = useTestServer(engine);
    let a1: TestDevice;
    let a2: TestDevice;
    let a3: TestDevice;
    let b1: TestDevice;
    let b2: TestDevice;
    let products: Product[];
    beforeAll(async () => {
      const A = await t.branch('SA');
      const B = await t.branch('SB');
      a1 = await t.device(A, 'Kasir 1');
      a2 = await t.device(A, 'Kasir 2');
      a3 = await t.device(A, 'Kasir 3');
      b1 = await t.device(B, 'Kasir B1');
      b2 = await t.device(B, 'Kasir B2');
      products = await t.products(sampleProducts(8, 'S'));
    });

    const push = async (d: TestDevice, mutations: { id: string; type: string; payload: unknown }[]) => {
      const r = await t.request('POST', '/api/sync/push', { token: d.token, body: { mutations } });
      expect(r.status).toBe(200);
      return (r.body as PushResponse).results;
    };
    const stockOf = async (d: TestDevice, productId: string) => {
      const all = await pullAll(t, d.token);
      const s = all.changes.find((c) => c.kind === 'stock' && c.data.productId === productId);
      return s?.kind === 'stock' ? s.data : undefined;
    };
    const ledgerSum = async (branchId: string, productId: string) => {
      const r = await t.admin(
        'GET',
        `/api/admin/stock/history?branchId=${branchId}&productId=${productId}&limit=1000`,
      );
      return (r.body as StockHistoryRow[]).reduce((a, m) => a + m.delta, 0);
    };

    it('S3: a delivery received on a till is applied once; the same id with another payload is refused', async () => {
      const p = products[0]!;
      const m = {
        id: newId(),
        type: 'stock.receive',
        payload: { reference: 'DO-1', lines: [{ productId: p.id, quantity: 10, unitCost: 600 }] },
      };
      const [first] = await push(a1, [m]);
      expect(first).toMatchObject({ status: 'accepted', result: { id: m.id, reference: 'DO-1' } });
      const [again] = await push(a1, [m]);
      expect(again).toMatchObject({ status: 'duplicate', result: { id: m.id } });
      const [other] = await push(a1, [{ ...m, payload: { ...m.payload, reference: 'DO-2' } }]);
      expect(other).toMatchObject({ status: 'rejected', code: 'idempotency_conflict' });
      expect((await stockOf(a2, p.id))?.onHand).toBe(10);
      const [unknown] = await push(a1, [
        {
          id: newId(),
          type: 'stock.receive',
          payload: { lines: [{ productId: newId(), quantity: 1, unitCost: 1 }] },
        },
      ]);
      expect(unknown).toMatchObject({ status: 'rejected', code: 'unknown_product' });
    });

    it('receiving keeps a moving-average cost per product and branch, shown on the ledger rows', async () => {
      const p = products[1]!;
      const supplier = { id: newId(), name: 'PT Sumber Makmur', phone: '0812' };
      expect((await t.admin('POST', '/api/admin/suppliers', supplier)).status).toBe(201);
      expect((await t.admin('POST', '/api/admin/suppliers', supplier)).status).toBe(200);
      const receive = (id: string, quantity: number, unitCost: number) =>
        t.admin('POST', '/api/admin/receipts', {
          id,
          branchId: a1.branch.id,
          supplierId: supplier.id,
          lines: [{ productId: p.id, quantity, unitCost }],
        });
      const r1 = await receive(newId(), 10, 1000);
      expect(r1.status).toBe(201);
      expect((r1.body as Receipt).supplierId).toBe(supplier.id);
      // 10 at 1,000 and 30 at 2,000: (10,000 + 60,000) / 40 = 1,750.
      const second = newId();
      expect((await receive(second, 30, 2000)).status).toBe(201);
      expect((await receive(second, 30, 2000)).status).toBe(201);
      expect((await receive(second, 31, 2000)).status).toBe(409);
      const sale = t.sale(a1, [{ product: p, quantity: 4 }]);
      expect((await t.request('POST', '/api/sales', { token: a1.token, body: sale })).status).toBe(201);
      const hist = (
        await t.admin('GET', `/api/admin/stock/history?branchId=${a1.branch.id}&productId=${p.id}`)
      ).body as StockHistoryRow[];
      expect(hist.map((h) => [h.reason, h.delta, h.onHandAfter])).toEqual([
        ['sale', -4, 36],
        ['receive', 30, 40],
        ['receive', 10, 10],
      ]);
      expect(hist[0]).toMatchObject({ unitCost: 1750, deviceName: 'Kasir 1', productName: p.name });
      expect(hist[2]).toMatchObject({ actor: 'admin-token' });
      const csv = await fetch(
        `${t.url}/api/admin/stock/history.csv?branchId=${a1.branch.id}&productId=${p.id}`,
        {
          headers: { authorization: `Bearer test-admin-token-0123456789` },
        },
      );
      expect(csv.headers.get('content-type')).toContain('text/csv');
      const text = await csv.text();
      expect(text.split('\r\n')[0]).toBe(
        'at,product,productId,delta,reason,onHandAfter,deviceName,actor,note,refId,unitCost',
      );
      expect(text).toContain(`,${p.name},${p.id},-4,sale,36,Kasir 1,`);
      const margin = (
        await t.admin(
          'GET',
          `/api/admin/reports/margin?branchId=${a1.branch.id}&from=2000-01-01&to=2999-12-31&by=product`,
        )
      ).body as MarginRow[];
      const revenue = taxOf(4 * p.price, p.taxRate, 'inclusive').net;
      expect(margin.find((m) => m.key === p.id)).toMatchObject({
        quantity: 4,
        revenue,
        cost: 4 * 1750,
        margin: revenue - 7000,
      });

      // One unit back on the shelf, one damaged: both are no revenue; only the shelved one is no cost.
      for (const damaged of [false, true])
        expect(
          await pushOne(
            t,
            a1,
            refundMutation(sale.id, [
              { saleLineNo: 0, productId: p.id, quantity: 1, amount: p.price, damaged },
            ]),
          ),
        ).toMatchObject({ status: 'accepted' });
      const after = (
        await t.admin(
          'GET',
          `/api/admin/reports/margin?branchId=${a1.branch.id}&from=2000-01-01&to=2999-12-31&by=product`,
        )
      ).body as MarginRow[];
      const kept = revenue - 2 * taxOf(p.price, p.taxRate, 'inclusive').net;
      expect(after.find((m) => m.key === p.id)).toMatchObject({
        quantity: 2,
        revenue: kept,
        cost: 3 * 1750,
        margin: kept - 3 * 1750,
      });

      // Rung up with PPN added on top (a PKP's exclusive prices): the prices are the revenue, the
      // PPN the customer paid on top is not.
      const exclusive = t.sale(a1, [{ product: p, quantity: 2 }]);
      const body = {
        ...exclusive,
        priceMode: 'exclusive' as const,
        payments: [{ method: 'cash' as const, amount: 2 * p.price * 2 }],
      };
      expect((await t.request('POST', '/api/sales', { token: a1.token, body })).status).toBe(201);
      const withExclusive = (
        await t.admin(
          'GET',
          `/api/admin/reports/margin?branchId=${a1.branch.id}&from=2000-01-01&to=2999-12-31&by=product`,
        )
      ).body as MarginRow[];
      expect(withExclusive.find((m) => m.key === p.id)).toMatchObject({
        quantity: 4,
        revenue: kept + 2 * p.price,
      });
    });

    it('a transfer A→B received partly: both ledgers, the loss kept, seen by both branches, received once', async () => {
      const p = products[2]!;
      const q = products[3]!;
      await t.receive(a1.branch, p, 20);
      await t.receive(a1.branch, q, 5);
      const transferId = newId();
      const [sent] = await push(a1, [
        {
          id: newId(),
          type: 'transfer.send',
          payload: {
            transferId,
            toBranchId: b1.branch.id,
            lines: [
              { productId: p.id, quantity: 12 },
              { productId: q.id, quantity: 5 },
            ],
          },
        },
      ]);
      expect(sent).toMatchObject({
        status: 'accepted',
        result: { applied: true, transfer: { status: 'in_transit' } },
      });
      expect((await stockOf(a1, p.id))?.onHand).toBe(8);
      const seenByB = await pullAll(t, b1.token);
      const inTransit = seenByB.changes.find(
        (c: Change) => c.kind === 'transfer' && c.data.id === transferId,
      );
      expect(inTransit?.data).toMatchObject({ status: 'in_transit', fromBranchId: a1.branch.id });
      const receive = (d: TestDevice, received: number) => ({
        id: newId(),
        type: 'transfer.receive',
        payload: { transferId, lines: [{ productId: p.id, received, lossReason: 'damaged' }] },
      });
      // Two tills of B receive it offline; the first to reach the server is applied, the other is not.
      const [r1] = await push(b1, [receive(b1, 10)]);
      const [r2] = await push(b2, [receive(b2, 12)]);
      expect(r1).toMatchObject({ status: 'accepted', result: { applied: true } });
      expect(r2).toMatchObject({ status: 'accepted', result: { applied: false } });
      const t1 = (r1 as { result: TransferResult }).result.transfer;
      expect(t1.lines).toEqual([
        { productId: p.id, sent: 12, received: 10, lossReason: 'damaged' },
        { productId: q.id, sent: 5, received: 5, lossReason: null },
      ]);
      expect((await stockOf(b1, p.id))?.onHand).toBe(10);
      expect((await stockOf(b1, q.id))?.onHand).toBe(5);
      expect(await ledgerSum(b1.branch.id, p.id)).toBe(10);
      expect(await ledgerSum(a1.branch.id, p.id)).toBe(8);
      const seenByA = await pullAll(t, a1.token);
      expect(
        seenByA.changes.find((c) => c.kind === 'transfer' && c.data.id === transferId)?.data,
      ).toMatchObject({
        status: 'received',
      });
      const listA = (await t.admin('GET', `/api/admin/transfers?branchId=${a1.branch.id}`)).body as {
        id: string;
      }[];
      const listB = (await t.admin('GET', `/api/admin/transfers?branchId=${b1.branch.id}`)).body as {
        id: string;
      }[];
      expect(listA.map((x) => x.id)).toContain(transferId);
      expect(listB.map((x) => x.id)).toContain(transferId);
      // Cancelling a received transfer is refused; a till of another branch cannot receive it.
      const cancel = await t.admin('POST', `/api/admin/transfers/${transferId}/cancel`);
      expect(cancel.status).toBe(422);
      expect(cancel.body).toMatchObject({ error: { code: 'transfer_not_in_transit' } });
      const [foreign] = await push(a2, [receive(a2, 1)]);
      expect(foreign).toMatchObject({ status: 'rejected', code: 'not_found' });
    });

    it('a cancelled transfer returns to the source; one received after its cancel is recorded and flagged', async () => {
      const p = products[4]!;
      await t.receive(a1.branch, p, 10);
      const send = async () => {
        const id = newId();
        const r = await t.admin('POST', '/api/admin/transfers', {
          fromBranchId: a1.branch.id,
          transferId: id,
          toBranchId: b1.branch.id,
          lines: [{ productId: p.id, quantity: 4 }],
        });
        expect(r.status).toBe(201);
        return id;
      };
      const first = await send();
      expect((await stockOf(a1, p.id))?.onHand).toBe(6);
      expect((await t.admin('POST', `/api/admin/transfers/${first}/cancel`)).status).toBe(201);
      expect((await stockOf(a1, p.id))?.onHand).toBe(10);
      // The audit log files both under the sending branch, by the transfer's id.
      const audited = async () =>
        ((await t.admin('GET', `/api/admin/audit?branchId=${a1.branch.id}`)).body as AuditPage).items
          .filter((e) => e.action.startsWith('transfer.') && e.entityId === first)
          .map((e) => e.action)
          .sort();
      await expect.poll(audited).toEqual(['transfer.cancel', 'transfer.send']);
      const [late] = await push(b1, [
        { id: newId(), type: 'transfer.receive', payload: { transferId: first, lines: [] } },
      ]);
      expect(late).toMatchObject({
        status: 'accepted',
        result: { applied: true, transfer: { status: 'received', flags: ['received_after_cancel'] } },
      });
      expect((await stockOf(a1, p.id))?.onHand).toBe(6);
      expect((await stockOf(b1, p.id))?.onHand).toBe(4);
      expect(await ledgerSum(a1.branch.id, p.id)).toBe(6);
    });

    it('S8: a stocktake counted on two tills while a third sells: counts add up, sales after counting are not variances', async () => {
      const p = products[5]!;
      const q = products[6]!;
      await t.receive(a1.branch, p, 10);
      await t.receive(a1.branch, q, 7);
      const id = newId();
      const opened = await t.admin('POST', '/api/admin/stocktakes', { id, branchId: a1.branch.id });
      expect(opened.status).toBe(201);
      expect(
        (await t.admin('POST', '/api/admin/stocktakes', { id: newId(), branchId: a1.branch.id })).status,
      ).toBe(422);
      const seen = await pullAll(t, a2.token);
      expect(seen.changes.find((c) => c.kind === 'stocktake' && c.data.id === id)?.data).toMatchObject({
        status: 'open',
      });
      const version = (await stockOf(a2, p.id))!.version;
      const count = (quantity: number, productId = p.id, baseVersion = version) => ({
        id: newId(),
        type: 'stocktake.count',
        payload: { stocktakeId: id, productId, quantity, baseVersion },
      });
      // Till 2 counts 4 on one shelf, till 3 counts 5 on another: 9 found, 10 expected.
      const c2 = count(4);
      expect((await push(a2, [c2]))[0]).toMatchObject({ status: 'accepted', result: { counted: true } });
      expect((await push(a2, [c2]))[0]).toMatchObject({ status: 'duplicate' });
      // Till 1 sells 2 after the counting began; till 3 counted with the version it saw before the sale.
      const sale = t.sale(a1, [{ product: p, quantity: 2 }]);
      expect((await t.request('POST', '/api/sales', { token: a1.token, body: sale })).status).toBe(201);
      expect((await push(a3, [count(5)]))[0]).toMatchObject({ status: 'accepted' });
      // q counted at 7 then corrected by -1 on the same till: 6.
      const qv = (await stockOf(a3, q.id))!.version;
      await push(a3, [count(7, q.id, qv), count(-1, q.id, qv)]);
      const live = (await t.admin('GET', `/api/admin/stocktakes/${id}`)).body as StocktakeDetail;
      expect(live.lines.find((l) => l.productId === p.id)).toMatchObject({
        counted: 9,
        expected: 10,
        variance: -1,
        onHand: 8,
      });
      expect(live.lines.find((l) => l.productId === q.id)).toMatchObject({
        counted: 6,
        expected: 7,
        variance: -1,
      });
      const closed = await t.admin('POST', `/api/admin/stocktakes/${id}/close`, {});
      expect(closed.status).toBe(201);
      await expect
        .poll(async () =>
          (
            (await t.admin('GET', `/api/admin/audit?branchId=${a1.branch.id}&action=stocktake.close`))
              .body as AuditPage
          ).items.map((e) => e.entityId),
        )
        .toEqual([id]);
      // 9 on the shelves when counted, 2 sold since: 7 now.
      expect((await stockOf(a1, p.id))?.onHand).toBe(7);
      expect((await stockOf(a1, q.id))?.onHand).toBe(6);
      expect(await ledgerSum(a1.branch.id, p.id)).toBe(7);
      const again = await t.admin('POST', `/api/admin/stocktakes/${id}/close`, {});
      expect((again.body as StocktakeDetail).stocktake.status).toBe('closed');
      expect((await stockOf(a1, p.id))?.onHand).toBe(7);
      // A line that arrives after the close is kept, not applied.
      expect((await push(a2, [count(3)]))[0]).toMatchObject({
        status: 'accepted',
        result: { counted: false },
      });
      expect((await stockOf(a1, p.id))?.onHand).toBe(7);
      const after = (await t.admin('GET', `/api/admin/stocktakes/${id}`)).body as StocktakeDetail;
      expect(after.lateLines).toBe(1);
      const [foreign] = await push(b1, [count(1)]);
      expect(foreign).toMatchObject({ status: 'rejected', code: 'not_found' });
    });

    it('a minimum per product and branch: low-stock list, the till feed carries it, a monitoring alert', async () => {
      const p = products[7]!;
      await t.receive(a1.branch, p, 3);
      const set = await t.admin('PUT', '/api/admin/stock/minimum', {
        branchId: a1.branch.id,
        productId: p.id,
        minimum: 5,
      });
      expect(set.status).toBe(200);
      const low = (await t.admin('GET', `/api/admin/stock/low?branchId=${a1.branch.id}`))
        .body as LowStockItem[];
      expect(low).toContainEqual({ productId: p.id, name: p.name, sku: p.sku, onHand: 3, minimum: 5 });
      expect(await stockOf(a1, p.id)).toMatchObject({ onHand: 3, minimum: 5 });
      const list = (await t.admin('GET', `/api/admin/alerts?branchId=${a1.branch.id}`)).body as Alert[];
      expect(list.some((x) => x.kind === 'low_stock' && x.productId === p.id)).toBe(true);
      // A minimum on a product never stocked in B makes its row, and the sync state still adds up (S12).
      await t.admin('PUT', '/api/admin/stock/minimum', {
        branchId: b1.branch.id,
        productId: p.id,
        minimum: 1,
      });
      expect(await stockOf(b1, p.id)).toMatchObject({ onHand: 0, minimum: 1 });
      for (const d of [a1, b1]) {
        const all = await pullAll(t, d.token);
        const state = (await t.request('GET', '/api/sync/state', { token: d.token }))
          .body as SyncStateResponse;
        expect(state.stock).toEqual(checksumsOfChanges(all.changes).stock);
      }
      await t.admin('PUT', '/api/admin/stock/minimum', {
        branchId: a1.branch.id,
        productId: p.id,
        minimum: null,
      });
      const none = (await t.admin('GET', `/api/admin/stock/low?branchId=${a1.branch.id}`))
        .body as LowStockItem[];
      expect(none.some((x) => x.productId === p.id)).toBe(false);
    });
  });
}

import { createServer, type Server } from 'node:http';
import type {
  AdminDevice,
  AdminProduct,
  AdminProductPage,
  AdminSaleDetail,
  AdminSalePage,
  Alert,
  BranchSettings,
  DeviceCommandEvent,
  DeviceCommandResult,
  MonitoringResponse,
  Product,
  ProductImportResult,
  ReportSummary,
  SaleInput,
  StockHistoryRow,
} from '@kasir/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../db/open-database.ts';
import { connect } from '../test/realtime-client.ts';
import { sampleProducts, startTestServer, type TestDevice, type TestServer } from '../test/test-server.ts';
import { recountQuery } from '../db/summary-rebuild.ts';

/** Issue 11, the back office's reads: summaries, sales, products, devices, monitoring, alerts. */
export function backOfficeDataContract(engine: Engine): void {
  describe(`back office data [${engine}]`, () => {
    let t: TestServer;
    let hook: Server;
    const received: Alert[] = [];
    let failFirst = true;
    let dev: TestDevice;
    let dev2: TestDevice;
    let products: Product[];
    const sales: SaleInput[] = [];
    beforeAll(async () => {
      hook = createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          // The first POST fails: the monitor must retry.
          if (failFirst) {
            failFirst = false;
            res.writeHead(503).end();
            return;
          }
          received.push(JSON.parse(body) as Alert);
          res.writeHead(204).end();
        });
      });
      await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
      const port = (hook.address() as { port: number }).port;
      t = await startTestServer(engine, {
        backOffice: {
          alertWebhookUrl: `http://127.0.0.1:${port}/alerts`,
          alertRetryDelaysMs: [20, 20, 20],
          alertIntervalMs: 0,
        },
      });
      const branch = await t.branch('JKT');
      dev = await t.device(branch, 'Kasir 1');
      dev2 = await t.device(branch, 'Kasir 2');
      products = await t.products(sampleProducts(30));
    });
    afterAll(async () => {
      await t.close();
      await new Promise((r) => hook.close(r));
    });

    it('keeps summary rows equal to a recount of the sales', async () => {
      for (let i = 0; i < 25; i++) {
        const d = i % 3 === 0 ? dev2 : dev;
        const s = t.sale(d, [
          { product: products[i % 30]!, quantity: 1 + (i % 3) },
          { product: products[(i * 7) % 30]!, quantity: 1 },
        ]);
        const total = s.payments[0]!.amount;
        if (i % 4 === 0) s.payments = [{ method: 'qris', amount: total }];
        else if (i % 5 === 0) s.payments = [{ method: 'cash', amount: total + 5000 }];
        if (i % 6 === 0) s.discount = 500;
        if (i % 6 === 0) s.payments = [{ method: 'cash', amount: total }];
        sales.push(s);
        const r = await t.request('POST', '/api/sales', { token: d.token, body: s });
        expect(r.status, JSON.stringify(r.body)).toBe(201);
      }
      // a replay changes nothing
      expect((await t.request('POST', '/api/sales', { token: dev2.token, body: sales[0] })).status).toBe(200);
      const db = t.server.db.kysely;
      const kept = await db
        .withoutPlugins()
        .selectFrom('sales_summary' as never)
        .selectAll()
        .execute();
      const { rows: recount } = await recountQuery().execute(db.withoutPlugins());
      const norm = (rows: readonly Record<string, unknown>[]) =>
        rows
          .map((r) =>
            ['branch_id', 'day', 'dim', 'key', 'sales', 'quantity', 'gross', 'discount', 'tax']
              .map((k) => String(r[k]))
              .join('|'),
          )
          .sort();
      expect(norm(kept as Record<string, unknown>[])).toEqual(
        norm(recount as unknown as Record<string, unknown>[]),
      );
      expect(kept.length).toBeGreaterThan(30);
    });

    it('lists sales newest first in keyset pages, with totals for the whole filter', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let totals: AdminSalePage['totals'] | undefined;
      do {
        const q: string = `/api/admin/sales?branchId=${dev.branch.id}&limit=10${cursor === null ? '' : `&cursor=${cursor}`}`;
        const page = (await t.admin('GET', q)).body as AdminSalePage;
        seen.push(...page.items.map((s) => s.id));
        totals = page.totals;
        cursor = page.cursor;
        expect(page.hasMore).toBe(cursor !== null);
      } while (cursor !== null);
      expect(seen.length).toBe(25);
      expect(new Set(seen).size).toBe(25);
      expect(totals.count).toBe(25);
      const list = (await t.admin('GET', `/api/admin/sales?branchId=${dev.branch.id}&limit=1000`))
        .body as AdminSalePage;
      expect(totals.gross).toBe(list.items.reduce((a, s) => a + s.total, 0));
      expect(totals.byMethod.reduce((a, m) => a + m.amount, 0)).toBe(totals.gross);
      const qris = (await t.admin('GET', `/api/admin/sales?method=qris`)).body as AdminSalePage;
      expect(qris.items.length).toBe(4);
      expect(qris.items.every((s) => s.methods.includes('qris'))).toBe(true);
      expect(qris.totals.count).toBe(4);
      const byDevice = (await t.admin('GET', `/api/admin/sales?deviceId=${dev2.id}`)).body as AdminSalePage;
      expect(byDevice.totals.count).toBe(9);
      const today = new Date().toISOString().slice(0, 10);
      const future = (await t.admin('GET', `/api/admin/sales?branchId=${dev.branch.id}&from=2099-01-01`))
        .body as AdminSalePage;
      expect(future.totals.count).toBe(0);
      expect(future.items).toEqual([]);
      const instant = (
        await t.admin('GET', `/api/admin/sales?from=${encodeURIComponent(`${today}T00:00:00+14:00`)}`)
      ).body as AdminSalePage;
      expect(instant.totals.count).toBe(25);
      const bad = await t.admin('GET', '/api/admin/sales?cursor=bm9wZQ');
      expect(bad.body).toMatchObject({ error: { code: 'invalid_cursor' } });
    });

    it('shows one sale in full with named lines', async () => {
      const s = sales[3]!;
      const r = await t.admin('GET', `/api/admin/sales/${s.id}`);
      const d = r.body as AdminSaleDetail;
      expect(d.invoiceNumber).toBe(s.invoiceNumber);
      expect(d.lines[0]).toMatchObject({ sku: products[3]!.sku, name: products[3]!.name });
      expect(d).toMatchObject({ deviceName: 'Kasir 2', branchCode: 'JKT' });
      expect((await t.admin('GET', '/api/admin/sales/01900000-0000-7000-8000-000000000000')).status).toBe(
        404,
      );
    });

    it('reports the day from summary rows', async () => {
      const r = (await t.admin('GET', `/api/admin/reports/summary?branchId=${dev.branch.id}`))
        .body as ReportSummary;
      expect(r.salesCount).toBe(25);
      expect(r.byHour.reduce((a, h) => a + h.count, 0)).toBe(25);
      expect(r.byDay.length).toBe(1);
      expect(r.timeZone).toBe('Asia/Jakarta');
      const week = (
        await t.admin('GET', `/api/admin/reports/summary?from=${r.from.slice(0, 8)}01&to=${r.to}`)
      ).body as ReportSummary;
      expect(week.salesCount).toBe(25);
      expect(week.byDay.length).toBeGreaterThanOrEqual(1);
    });

    it('searches products by name, SKU prefix and barcode, and pages through them by keyset', async () => {
      const byName = (await t.admin('GET', '/api/admin/products?q=produk%2012')).body as AdminProductPage;
      expect(byName.items.map((p) => p.name)).toEqual(['Produk 12']);
      const bySku = (await t.admin('GET', '/api/admin/products?q=p000')).body as AdminProductPage;
      expect(bySku.items.length).toBe(9);
      const byBarcode = (await t.admin('GET', `/api/admin/products?q=${products[4]!.barcodes[0]!}`))
        .body as AdminProductPage;
      expect(byBarcode.items.map((p) => p.id)).toEqual([products[4]!.id]);
      const pct = (await t.admin('GET', '/api/admin/products?q=%25')).body as AdminProductPage;
      expect(pct.items).toEqual([]);
      const names: string[] = [];
      let cursor: string | null = null;
      do {
        const q: string = `/api/admin/products?category=Makanan&limit=4${cursor === null ? '' : `&cursor=${cursor}`}`;
        const page = (await t.admin('GET', q)).body as AdminProductPage;
        names.push(...page.items.map((p) => p.name));
        cursor = page.cursor;
      } while (cursor !== null);
      expect(names.length).toBe(15);
      expect(new Set(names).size).toBe(15);
      expect((await t.admin('GET', '/api/admin/products/categories')).body).toEqual(['Makanan', 'Minuman']);
    });

    it('creates, edits and archives products; imports CSV chunks with opening stock', async () => {
      const c = await t.admin('POST', '/api/admin/products', {
        sku: 'KOPI-1',
        name: 'Kopi Tubruk',
        price: 12500,
        unit: 'gelas',
      });
      expect(c.status).toBe(201);
      const p = c.body as AdminProduct;
      expect(p).toMatchObject({ unit: 'gelas', version: 1, active: true });
      expect(
        (await t.admin('POST', '/api/admin/products', { sku: 'KOPI-1', name: 'x', price: 1 })).status,
      ).toBe(409);
      // Another case is the same SKU to a shop.
      expect(
        (await t.admin('POST', '/api/admin/products', { sku: 'kopi-1', name: 'x', price: 1 })).status,
      ).toBe(409);
      const e = await t.admin('PATCH', `/api/admin/products/${p.id}`, { price: 13000, sku: 'KOPI-01' });
      expect(e.body).toMatchObject({ price: 13000, sku: 'KOPI-01', version: 2, unit: 'gelas' });
      const a = await t.admin('PATCH', `/api/admin/products/${p.id}`, { active: false });
      expect(a.body).toMatchObject({ active: false, version: 3 });
      expect((await t.admin('PATCH', `/api/admin/products/${p.id}`, { sku: 'P0001' })).status).toBe(409);
      const inactive = (await t.admin('GET', '/api/admin/products?active=false')).body as AdminProductPage;
      expect(inactive.items.map((x) => x.sku)).toEqual(['KOPI-01']);
      // The edit form reads one product, archived ones too (the app's /admin/products/:id).
      const one = await t.admin('GET', `/api/admin/products/${p.id}`);
      expect(one.status).toBe(200);
      expect(one.body).toEqual(inactive.items[0]);
      expect((await t.admin('GET', '/api/admin/products/00000000-0000-7000-8000-000000000000')).status).toBe(
        404,
      );

      const rows = [
        { sku: 'TEH-1', name: 'Teh Botol', price: 5000, unit: 'botol', stock: 24 },
        // Stored as P0002: a file that writes it in lower case updates it (no second product).
        { sku: 'p0002', name: 'Produk 2 Baru', price: 2500, stock: 7 },
      ];
      const dry = (
        await t.admin('POST', '/api/admin/products/import', { branchId: dev.branch.id, dryRun: true, rows })
      ).body as ProductImportResult;
      expect(dry).toMatchObject({ created: 1, unchanged: 1, stockSet: 0 });
      expect(((await t.admin('GET', '/api/admin/products?q=teh-1')).body as AdminProductPage).items).toEqual(
        [],
      );
      const done = (await t.admin('POST', '/api/admin/products/import', { branchId: dev.branch.id, rows }))
        .body as ProductImportResult;
      expect(done).toMatchObject({ created: 1, updated: 1, unchanged: 0, stockSet: 2, errors: [] });
      const teh = (await t.admin('GET', `/api/admin/products?q=teh&branchId=${dev.branch.id}`))
        .body as AdminProductPage;
      expect(teh.items[0]).toMatchObject({ sku: 'TEH-1', unit: 'botol', stock: 24 });
      // The opening stock's ledger row names who imported it.
      const history = (
        await t.admin(
          'GET',
          `/api/admin/stock/history?branchId=${dev.branch.id}&productId=${(teh.items[0] as AdminProduct).id}`,
        )
      ).body as StockHistoryRow[];
      expect(history.map((h) => [h.delta, h.reason, h.note, h.actor])).toEqual([
        [24, 'count', 'import', 'admin-token'],
      ]);
      const p2 = (await t.admin('GET', `/api/admin/products?q=p0002&branchId=${dev.branch.id}`))
        .body as AdminProductPage;
      expect(p2.items.map((x) => [x.sku, x.name, x.stock])).toEqual([['P0002', 'Produk 2 Baru', 7]]);
      const noBranch = await t.admin('POST', '/api/admin/products/import', { rows });
      expect(noBranch.body).toMatchObject({ error: { code: 'unknown_branch' } });
    });

    it('lists devices with their own health report and sends them commands over realtime', async () => {
      const report = {
        unsyncedSales: 3,
        oldestUnsyncedAt: new Date(t.now() - 8 * 3600_000).toISOString(),
        lastSyncAt: new Date(t.now() - 7 * 3600_000).toISOString(),
        appVersion: '1.4.0',
        protocolVersion: 1,
      };
      expect(
        (await t.request('POST', '/api/device/health', { token: dev2.token, body: report })).status,
      ).toBe(204);
      const list = (await t.admin('GET', `/api/admin/devices?branchId=${dev.branch.id}`))
        .body as AdminDevice[];
      const d2 = list.find((d) => d.id === dev2.id)!;
      expect(d2.health).toMatchObject({ unsyncedSales: 3, appVersion: '1.4.0', protocolVersion: 1 });
      expect(list.find((d) => d.id === dev.id)!.health.reportedAt).toBeNull();

      const offline = (await t.admin('POST', `/api/admin/devices/${dev.id}/commands`, { type: 'redownload' }))
        .body as DeviceCommandResult;
      expect(offline).toMatchObject({ type: 'redownload', delivered: false });
      const { socket, rec } = await connect(t.url, dev.token);
      try {
        const pending = await rec.waitFor<DeviceCommandEvent>('device_command');
        expect(pending).toMatchObject({ id: offline.id, type: 'redownload' });
        const live = await t.admin('POST', `/api/admin/devices/${dev.id}/commands`, { type: 'sync_now' });
        expect(live.status).toBe(202);
        expect(live.body).toMatchObject({ delivered: true });
        await rec.waitFor<DeviceCommandEvent>('device_command', (c) => c.type === 'sync_now');
        socket.emit('device_health', { ...report, unsyncedSales: 0, oldestUnsyncedAt: null });
        await expect
          .poll(async () => {
            const l = (await t.admin('GET', `/api/admin/devices`)).body as AdminDevice[];
            return l.find((d) => d.id === dev.id)!.health.unsyncedSales;
          })
          .toBe(0);
      } finally {
        socket.disconnect();
      }
      await t.admin('DELETE', `/api/admin/devices/${dev2.id}`);
      expect(
        (await t.admin('POST', `/api/admin/devices/${dev2.id}/commands`, { type: 'sync_now' })).status,
      ).toBe(409);
    });

    it('counts mutations per device and day, and raises alerts (webhook retried)', async () => {
      await t.server.app.backOffice.tally.flush();
      const m = (await t.admin('GET', `/api/admin/monitoring?branchId=${dev.branch.id}`))
        .body as MonitoringResponse;
      const d1 = m.days.find((d) => d.deviceId === dev.id)!;
      const d2 = m.days.find((d) => d.deviceId === dev2.id)!;
      expect(d1.accepted).toBe(16);
      expect(d2).toMatchObject({ accepted: 9, retried: 1, rejected: 0 });
      expect(d1.successRate).toBe(1);

      // Selling more than is on hand takes stock below zero: an alert.
      const teh = ((await t.admin('GET', '/api/admin/products?q=TEH-1')).body as AdminProductPage).items[0]!;
      const sale = t.sale(dev, [
        { product: { ...products[0]!, id: teh.id, price: teh.price }, quantity: 30 },
      ]);
      expect((await t.request('POST', '/api/sales', { token: dev.token, body: sale })).status).toBe(201);
      // (the sample products had no stock at all: every one sold is below zero too)
      await t.server.app.backOffice.alerts.refresh(0);
      const alerts = (await t.admin('GET', '/api/admin/alerts')).body as Alert[];
      expect(new Set(alerts.map((a) => a.kind))).toEqual(new Set(['negative_stock']));
      const tehAlert = alerts.find((a) => a.productId === teh.id)!;
      expect(tehAlert).toMatchObject({ branchId: dev.branch.id, details: { onHand: -6 } });
      await t.server.app.backOffice.alerts.idle();
      expect(received.map((a) => a.id).sort()).toEqual(alerts.map((a) => a.id).sort());
    });

    it('raises device_unsynced past the threshold and device_not_seen during opening hours', async () => {
      const dev3 = await t.device(dev.branch, 'Kasir 3');
      const report = {
        unsyncedSales: 2,
        oldestUnsyncedAt: new Date(t.now() - 9 * 3600_000).toISOString(),
        lastSyncAt: new Date(t.now() - 7 * 3600_000).toISOString(),
        appVersion: '1.4.0',
        protocolVersion: 1,
      };
      await t.request('POST', '/api/device/health', { token: dev3.token, body: report });
      const allDay = Array.from({ length: 7 }, () => ({ open: '00:00', close: '00:00' }));
      const b = await t.admin('PATCH', `/api/admin/branches/${dev.branch.id}`, {
        openingHours: allDay,
        npwp: '01.234.567.8-901.000',
      });
      expect(b.body as BranchSettings).toMatchObject({ npwp: '012345678901000', timeZone: 'Asia/Jakarta' });
      t.advanceClock(20 * 60_000);
      await t.server.app.backOffice.alerts.refresh(0);
      const alerts = (await t.admin('GET', `/api/admin/alerts?branchId=${dev.branch.id}`)).body as Alert[];
      const kinds = alerts
        .filter((a) => a.deviceId === dev3.id)
        .map((a) => a.kind)
        .sort();
      expect(kinds).toEqual(['device_not_seen', 'device_unsynced']);
    });
  });
}

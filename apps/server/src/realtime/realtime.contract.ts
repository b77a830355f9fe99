import type {
  CustomerChangedEvent,
  NewSaleEvent,
  RefundRecordedEvent,
  Product,
  ProductUpdatedEvent,
  StockChangedEvent,
  TransferChangedEvent,
  WelcomeEvent,
} from '@kasir/protocol';
import { newId, PROTOCOL_VERSION } from '@kasir/protocol';
import { io, type Socket } from 'socket.io-client';
import { connect } from '../test/realtime-client.ts';
import { customerMutation, pushOne, refundMutation } from '../test/money-kit.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../db/open-database.ts';
import { sampleProducts, type TestDevice } from '../test/test-server.ts';
import { useTestServer } from '../test/use-test-server.ts';

/** Realtime pokes per branch (S6, S13), revocation and presence. */
export function realtimeContract(engine: Engine): void {
  describe(`realtime [${engine}]`, () => {
    const t = useTestServer(engine);
    let a1: TestDevice;
    let a2: TestDevice;
    let b1: TestDevice;
    let products: Product[];
    const sockets: Socket[] = [];
    const open = async (d: TestDevice) => {
      const c = await connect(t.url, d.token);
      sockets.push(c.socket);
      return c;
    };
    beforeAll(async () => {
      const A = await t.branch('RA');
      a1 = await t.device(A);
      a2 = await t.device(A);
      b1 = await t.device(await t.branch('RB'));
      products = await t.products(sampleProducts(3));
    });
    afterAll(() => sockets.forEach((s) => s.close()));

    it('S6/S13: a sale pokes its own branch with cursors, never another branch', async () => {
      const ra2 = (await open(a2)).rec;
      const rb1 = (await open(b1)).rec;
      const welcome = await ra2.waitFor<WelcomeEvent>('welcome');
      expect(welcome).toMatchObject({ deviceId: a2.id, protocolVersion: 1 });
      await rb1.waitFor('welcome');
      const sale = t.sale(a1, [{ product: products[0]!, quantity: 2 }]);
      expect((await t.request('POST', '/api/sales', { token: a1.token, body: sale })).status).toBe(201);
      const ev = await ra2.waitFor<NewSaleEvent>('new_sale', (e) => e.sale.id === sale.id);
      const stock = await ra2.waitFor<StockChangedEvent>('stock_changed');
      expect(stock).toMatchObject({ scope: 'branch', productId: products[0]!.id, onHand: -2 });
      expect(ev.cursor).toBe(stock.cursor + 1);
      const branchBefore = Number(welcome.cursor.split('.')[1]);
      expect(stock.cursor).toBe(branchBefore + 1);
      await new Promise((r) => setTimeout(r, 200));
      expect(rb1.events.filter((e) => e.name === 'new_sale' || e.name === 'stock_changed')).toEqual([]);
    });

    it('S6/S13: a refund and a customer poke their own branch right after commit (issue 13)', async () => {
      const ra2 = (await open(a2)).rec;
      const rb1 = (await open(b1)).rec;
      await Promise.all([ra2.waitFor('welcome'), rb1.waitFor('welcome')]);
      const p = products[1]!;
      const sale = t.sale(a1, [{ product: p, quantity: 2 }]);
      expect(await pushOne(t, a1, { id: sale.id, type: 'sale.create', payload: sale })).toMatchObject({
        status: 'accepted',
      });
      const r = refundMutation(sale.id, [{ saleLineNo: 0, productId: p.id, quantity: 1, amount: p.price }]);
      expect(await pushOne(t, a1, r)).toMatchObject({ status: 'accepted' });
      const refunded = await ra2.waitFor<RefundRecordedEvent>('refund_recorded', (e) => e.refund.id === r.id);
      expect(refunded).toMatchObject({ scope: 'branch', refund: { saleId: sale.id, total: p.price } });
      const c = customerMutation('Budi', '+6281299990001');
      expect(await pushOne(t, a1, c)).toMatchObject({ status: 'accepted' });
      const customer = await ra2.waitFor<CustomerChangedEvent>(
        'customer_changed',
        (e) => e.customer.id === c.id,
      );
      expect(customer).toMatchObject({ scope: 'branch', customer: { name: 'Budi' } });
      expect(customer.cursor).toBeGreaterThan(refunded.cursor);
      await new Promise((res) => setTimeout(res, 200));
      expect(rb1.events.filter((e) => e.name === 'refund_recorded' || e.name === 'customer_changed')).toEqual(
        [],
      );
    });

    it('S6: a transfer pokes both branches, each with a position in its own feed (issue 12)', async () => {
      const ra2 = (await open(a2)).rec;
      const rb1 = (await open(b1)).rec;
      const [wa, wb] = await Promise.all([
        ra2.waitFor<WelcomeEvent>('welcome'),
        rb1.waitFor<WelcomeEvent>('welcome'),
      ]);
      const p = products[2]!;
      await t.receive(a1.branch, p, 5);
      const transferId = newId();
      const send = {
        id: newId(),
        type: 'transfer.send',
        payload: { transferId, toBranchId: b1.branch.id, lines: [{ productId: p.id, quantity: 3 }] },
      };
      expect(await pushOne(t, a1, send)).toMatchObject({ status: 'accepted' });
      const atA = await ra2.waitFor<TransferChangedEvent>(
        'transfer_changed',
        (e) => e.transfer.id === transferId,
      );
      const atB = await rb1.waitFor<TransferChangedEvent>(
        'transfer_changed',
        (e) => e.transfer.id === transferId,
      );
      expect(atB.transfer).toMatchObject({ status: 'in_transit', toBranchId: b1.branch.id });
      // Each cursor is a position in its own branch's scope: B's follows B's, not A's.
      expect(atA.cursor).toBeGreaterThan(Number(wa.cursor.split('.')[1]));
      expect(atB.cursor).toBe(Number(wb.cursor.split('.')[1]) + 1);
      await new Promise((r) => setTimeout(r, 200));
      expect(rb1.events.filter((e) => e.name === 'stock_changed')).toEqual([]);
    });

    it('S6: a catalog change pokes every branch', async () => {
      const ra = (await open(a1)).rec;
      const rb = (await open(b1)).rec;
      await Promise.all([ra.waitFor('welcome'), rb.waitFor('welcome')]);
      await t.products([{ sku: 'NEW-1', name: 'Kopi Susu', price: 8000 }]);
      for (const r of [ra, rb]) {
        const e = await r.waitFor<ProductUpdatedEvent>('product_updated', (x) => x.product.sku === 'NEW-1');
        expect(e).toMatchObject({ scope: 'catalog', product: { price: 8000, version: 1 } });
      }
    });

    it('refuses a bad token and an outdated protocol at the handshake, and defers a newer one', async () => {
      await expect(connect(t.url, 'kd_wrong')).rejects.toMatchObject({
        data: { error: { code: 'unauthorized' } },
      });
      const s = io(t.url, {
        auth: { token: a1.token, protocolVersion: 0 },
        transports: ['websocket'],
        reconnection: false,
      });
      const err = await new Promise<{ data: unknown }>((resolve) =>
        s.on('connect_error', (e) => resolve(e as never)),
      );
      expect(err.data).toMatchObject({ error: { code: 'upgrade_required' } });
      s.close();
      // A till newer than the server (a rolling upgrade): try again later.
      const newer = io(t.url, {
        auth: { token: a1.token, protocolVersion: PROTOCOL_VERSION + 1 },
        transports: ['websocket'],
        reconnection: false,
      });
      const later = await new Promise<Error & { data?: unknown }>((resolve) =>
        newer.on('connect_error', (e: Error & { data?: unknown }) => resolve(e)),
      );
      expect(later.data).toMatchObject({
        error: { code: 'unavailable', details: { protocolVersion: PROTOCOL_VERSION } },
      });
      newer.close();
      // A bad token is refused whatever the version: the till stops and says why (S14).
      const wrong = io(t.url, {
        auth: { token: 'kd_wrong', protocolVersion: PROTOCOL_VERSION + 1 },
        transports: ['websocket'],
        reconnection: false,
      });
      const refused = await new Promise<Error & { data?: unknown }>((resolve) =>
        wrong.on('connect_error', (e: Error & { data?: unknown }) => resolve(e)),
      );
      expect(refused.data).toMatchObject({ error: { code: 'unauthorized' } });
      wrong.close();
    });

    it('tracks presence and cuts a revoked device at once', async () => {
      const d = await t.device(a1.branch, 'Kasir 3');
      const { socket: s, rec: r } = await open(d);
      await r.waitFor('welcome');
      const online = await t.admin('GET', `/api/admin/devices/${d.id}`);
      expect(online.body).toMatchObject({ online: true });
      const gone = new Promise<string>((resolve) => s.on('disconnect', (reason) => resolve(reason)));
      expect((await t.admin('DELETE', `/api/admin/devices/${d.id}`)).status).toBe(204);
      expect(await gone).toBe('io server disconnect');
      await r.waitFor('session_ended');
      await expect(connect(t.url, d.token)).rejects.toMatchObject({
        data: { error: { code: 'unauthorized' } },
      });
      const offline = await t.admin('GET', `/api/admin/devices/${d.id}`);
      expect(offline.body).toMatchObject({ online: false });
    });
  });
}

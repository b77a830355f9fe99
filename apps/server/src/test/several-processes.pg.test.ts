import { createAdminClient, unwrap, type AdminClient } from '@kasir/admin-client';
import { newId, type DeviceCreated, type NewSaleEvent, type Product } from '@kasir/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../server.ts';
import { connect } from './realtime-client.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';
import { ADMIN_TOKEN, httpRequest } from './test-server.ts';

const REDIS_URL = process.env.KASIR_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Two server processes behind one address share PostgreSQL and fan realtime out through Redis. */
describe('several server processes [postgres + redis]', () => {
  let tdb: TestDatabase;
  let one: RunningServer;
  let two: RunningServer;
  let adminOne: AdminClient;
  let adminTwo: AdminClient;
  beforeAll(async () => {
    tdb = await createTestDatabase('postgres');
    const redis = { url: REDIS_URL, key: `kasir-test-${tdb.where}` };
    one = await startServer({ database: tdb.options, adminToken: ADMIN_TOKEN, redis });
    two = await startServer({ database: tdb.options, adminToken: ADMIN_TOKEN, redis });
    adminOne = createAdminClient({ baseUrl: one.url, token: ADMIN_TOKEN });
    adminTwo = createAdminClient({ baseUrl: two.url, token: ADMIN_TOKEN });
  });
  afterAll(async () => {
    await one.close();
    await two.close();
    await tdb.drop();
  });

  /** A branch enrolled through process one, with a device enrolled through each process. */
  async function branchOnBoth(code: string): Promise<[DeviceCreated, DeviceCreated]> {
    const branch = unwrap(await adminOne.createBranch({ code, name: code }));
    const a = unwrap(await adminOne.createDevice({ branchId: branch.id, name: `${code} 1` }));
    const b = unwrap(await adminTwo.createDevice({ branchId: branch.id, name: `${code} 2` }));
    return [a, b];
  }

  /** A cash sale of one of `product` by `device`, with its `n`-th receipt number of the day. */
  const sale = (code: string, device: DeviceCreated, product: Product, n: number) => ({
    id: newId(),
    invoiceNumber: `${code}-${device.code}-20261124-${String(n).padStart(4, '0')}`,
    createdAt: new Date().toISOString(),
    lines: [{ productId: product.id, quantity: 1, unitPrice: product.price }],
    payments: [{ method: 'cash', amount: product.price }],
  });

  it('S6: a sale taken by one process pokes a device connected to the other; revocation reaches it too', async () => {
    const [seller, watcher] = await branchOnBoth('MP');
    const [gula] = unwrap(await adminTwo.upsertProducts([{ sku: 'MP1', name: 'Gula', price: 15000 }]));
    const { socket, rec } = await connect(two.url, watcher.token);
    await rec.waitFor('welcome');
    const sold = sale('MP', seller, gula!, 1);
    await httpRequest(one.url, 'POST', '/api/sales', { token: seller.token, body: sold });
    const ev = await rec.waitFor<NewSaleEvent>('new_sale', (e) => e.sale.id === sold.id);
    expect(ev.sale.total).toBe(15000);
    const gone = new Promise((resolve) => socket.on('disconnect', resolve));
    unwrap(await adminOne.revokeDevice(watcher.id));
    await gone;
  });

  it('S5: crossing pushes through two processes queue on the branch lock instead of deadlocking', async () => {
    const [a, b] = await branchOnBoth('DL');
    const [p1, p2, p9] = unwrap(
      await adminOne.upsertProducts([
        { sku: 'DL1', name: 'Satu', price: 1000 },
        { sku: 'DL2', name: 'Dua', price: 2000 },
        { sku: 'DL9', name: 'Sembilan', price: 9000 },
      ]),
    ) as [Product, Product, Product];
    let n = 0;
    const saleOf = (dev: DeviceCreated, p: Product) => {
      const payload = sale('DL', dev, p, ++n);
      return { id: payload.id, type: 'sale.create', payload };
    };
    const adjust = () => ({
      id: newId(),
      type: 'stock.adjust',
      payload: { productId: p9.id, delta: 1, reason: 'receive' },
    });
    const push = (url: string, dev: DeviceCreated, mutations: unknown[]) =>
      httpRequest(url, 'POST', '/api/sync/push', { token: dev.token, body: { mutations } });
    const statuses: number[] = [];
    for (let round = 0; round < 10; round++) {
      const pushes = [
        push(one.url, a, [saleOf(a, p1), adjust(), saleOf(a, p2)]),
        push(two.url, b, [saleOf(b, p2), adjust(), saleOf(b, p1)]),
      ];
      for (const r of await Promise.all(pushes)) statuses.push(r.status);
    }
    expect(statuses.every((s) => s === 200)).toBe(true);
  });
});

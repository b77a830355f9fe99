import type { NewSaleEvent } from '@kasir/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../server.ts';
import { connect } from './realtime-client.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';
import { ADMIN_TOKEN } from './test-server.ts';

const REDIS_URL = process.env.KASIR_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Two server processes behind one address share PostgreSQL and fan realtime out through Redis. */
describe('several server processes [postgres + redis]', () => {
  let tdb: TestDatabase;
  let one: RunningServer;
  let two: RunningServer;
  beforeAll(async () => {
    tdb = await createTestDatabase('postgres');
    const redis = { url: REDIS_URL, key: `kasir-test-${tdb.where}` };
    one = await startServer({ database: tdb.options, adminToken: ADMIN_TOKEN, redis });
    two = await startServer({ database: tdb.options, adminToken: ADMIN_TOKEN, redis });
  });
  afterAll(async () => {
    await one.close();
    await two.close();
    await tdb.drop();
  });

  const call = async (url: string, method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return (await res.json().catch(() => undefined)) as Record<string, unknown> & {
      id: string;
      token: string;
      code: string;
    };
  };

  it('S6: a sale taken by one process pokes a device connected to the other; revocation reaches it too', async () => {
    const branch = await call(one.url, 'POST', '/api/admin/branches', ADMIN_TOKEN, {
      code: 'MP',
      name: 'Multi',
    });
    const seller = await call(one.url, 'POST', '/api/admin/devices', ADMIN_TOKEN, {
      branchId: branch.id,
      name: 'K1',
    });
    const watcher = await call(two.url, 'POST', '/api/admin/devices', ADMIN_TOKEN, {
      branchId: branch.id,
      name: 'K2',
    });
    const products = (await call(two.url, 'PUT', '/api/admin/products', ADMIN_TOKEN, [
      { sku: 'MP1', name: 'Gula', price: 15000 },
    ])) as unknown as { id: string }[];
    const { socket, rec } = await connect(two.url, watcher.token);
    await rec.waitFor('welcome');
    const id = '01935b2a-0000-7000-8000-00000000aa01';
    await call(one.url, 'POST', '/api/sales', seller.token, {
      id,
      invoiceNumber: `MP-${seller.code}-20261124-0001`,
      createdAt: new Date().toISOString(),
      lines: [{ productId: products[0]!.id, quantity: 1, unitPrice: 15000 }],
      payments: [{ method: 'cash', amount: 20000 }],
    });
    const ev = await rec.waitFor<NewSaleEvent>('new_sale', (e) => e.sale.id === id);
    expect(ev.sale.total).toBe(15000);
    const gone = new Promise((resolve) => socket.on('disconnect', resolve));
    await fetch(`${one.url}/api/admin/devices/${watcher.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    await gone;
  });

  it('S5: crossing pushes through two processes queue on the branch lock instead of deadlocking', async () => {
    const branch = await call(one.url, 'POST', '/api/admin/branches', ADMIN_TOKEN, {
      code: 'DL',
      name: 'Deadlock',
    });
    const a = await call(one.url, 'POST', '/api/admin/devices', ADMIN_TOKEN, {
      branchId: branch.id,
      name: 'A',
    });
    const b = await call(two.url, 'POST', '/api/admin/devices', ADMIN_TOKEN, {
      branchId: branch.id,
      name: 'B',
    });
    const ps = (await call(one.url, 'PUT', '/api/admin/products', ADMIN_TOKEN, [
      { sku: 'DL1', name: 'Satu', price: 1000 },
      { sku: 'DL2', name: 'Dua', price: 2000 },
      { sku: 'DL9', name: 'Sembilan', price: 9000 },
    ])) as unknown as { id: string; price: number }[];
    const [p1, p2, p9] = ps as [
      { id: string; price: number },
      { id: string; price: number },
      { id: string; price: number },
    ];
    let n = 0;
    const sale = (dev: { code: string }, p: { id: string; price: number }) => {
      const id = crypto.randomUUID().replace(/^(.{14})./, '$17');
      return {
        id,
        type: 'sale.create',
        payload: {
          id,
          invoiceNumber: `DL-${dev.code}-20261124-${String(++n).padStart(4, '0')}`,
          createdAt: new Date().toISOString(),
          lines: [{ productId: p.id, quantity: 1, unitPrice: p.price }],
          payments: [{ method: 'cash', amount: p.price }],
        },
      };
    };
    const adjust = () => ({
      id: crypto.randomUUID().replace(/^(.{14})./, '$17'),
      type: 'stock.adjust',
      payload: { productId: p9.id, delta: 1, reason: 'receive' },
    });
    const statuses: number[] = [];
    for (let round = 0; round < 10; round++) {
      const pushes = [
        fetch(`${one.url}/api/sync/push`, {
          method: 'POST',
          headers: { authorization: `Bearer ${a.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ mutations: [sale(a, p1), adjust(), sale(a, p2)] }),
        }),
        fetch(`${two.url}/api/sync/push`, {
          method: 'POST',
          headers: { authorization: `Bearer ${b.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ mutations: [sale(b, p2), adjust(), sale(b, p1)] }),
        }),
      ];
      for (const r of await Promise.all(pushes)) statuses.push(r.status);
    }
    expect(statuses.every((s) => s === 200)).toBe(true);
  });
});

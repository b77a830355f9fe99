import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  formatInvoiceNumber,
  newId,
  type DeviceCreated,
  type Product,
  type PullResponse,
} from '@kasir/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { killHard, spawnServer } from './server-process.ts';

describe('restart durability [sqlite]', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kasir-restart-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('S3: every acknowledged sale survives kill -9 and a restart, and replays stay duplicates', async () => {
    const first = await spawnServer({ KASIR_DATA_DIR: dir });
    // No KASIR_ADMIN_TOKEN: the server generated one into the data folder and printed it once.
    const admin = readFileSync(join(dir, 'admin-token'), 'utf8').trim();
    expect(first.output()).toContain(admin);
    const call = async (url: string, method: string, path: string, token: string, body?: unknown) => {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: await res.json() };
    };
    const branch = (
      await call(first.url, 'POST', '/api/admin/branches', admin, { code: 'DUR', name: 'Durable' })
    ).body as {
      id: string;
    };
    const device = (
      await call(first.url, 'POST', '/api/admin/devices', admin, { branchId: branch.id, name: 'K1' })
    ).body as DeviceCreated;
    const [product] = (
      await call(first.url, 'PUT', '/api/admin/products', admin, [{ sku: 'A', name: 'Air', price: 3000 }])
    ).body as Product[];
    const sales = Array.from({ length: 25 }, (_, i) => ({
      id: newId(),
      invoiceNumber: formatInvoiceNumber({
        branchCode: 'DUR',
        deviceCode: device.code,
        date: '20261124',
        counter: i + 1,
      }),
      createdAt: new Date().toISOString(),
      lines: [{ productId: product!.id, quantity: 1, unitPrice: 3000 }],
      payments: [{ method: 'cash', amount: 3000 }],
    }));
    for (const s of sales)
      expect((await call(first.url, 'POST', '/api/sales', device.token, s)).status).toBe(201);
    await killHard(first);

    const second = await spawnServer({ KASIR_DATA_DIR: dir });
    try {
      expect(second.output()).not.toContain(admin);
      const pulled = (await call(second.url, 'GET', '/api/sync/pull?limit=1000', device.token))
        .body as PullResponse;
      const ids = new Set(pulled.changes.filter((c) => c.kind === 'sale').map((c) => c.data.id));
      expect(sales.every((s) => ids.has(s.id))).toBe(true);
      const stock = pulled.changes.find((c) => c.kind === 'stock');
      expect(stock?.data.onHand).toBe(-25);
      const replay = await call(second.url, 'POST', '/api/sales', device.token, sales[0]);
      expect(replay.status).toBe(200);
    } finally {
      await killHard(second);
    }
  });
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdminClient, unwrap } from '@kasir/admin-client';
import { formatInvoiceNumber, newId, type PullResponse } from '@kasir/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnServer } from './server-process.ts';
import { httpRequest } from './test-server.ts';

describe('restart durability [sqlite]', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kasir-restart-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('S3: every acknowledged sale survives kill -9 and a restart, and replays stay duplicates', async () => {
    const server = await spawnServer({ env: { KASIR_DATA_DIR: dir } });
    try {
      // No KASIR_ADMIN_TOKEN: the server generated one into the data folder and printed it once.
      const token = readFileSync(join(dir, 'admin-token'), 'utf8').trim();
      expect(server.output()).toContain(token);
      const admin = createAdminClient({ baseUrl: server.url, token });
      const branch = unwrap(await admin.createBranch({ code: 'DUR', name: 'Durable' }));
      const device = unwrap(await admin.createDevice({ branchId: branch.id, name: 'K1' }));
      const [product] = unwrap(await admin.upsertProducts([{ sku: 'A', name: 'Air', price: 3000 }]));
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
      const post = (body: unknown) =>
        httpRequest(server.url, 'POST', '/api/sales', { token: device.token, body });
      for (const s of sales) expect((await post(s)).status).toBe(201);
      await server.kill9();

      await server.start();
      expect(server.output()).not.toContain(token);
      const pulled = (
        await httpRequest(server.url, 'GET', '/api/sync/pull?limit=1000', { token: device.token })
      ).body as PullResponse;
      const ids = new Set(pulled.changes.filter((c) => c.kind === 'sale').map((c) => c.data.id));
      expect(sales.every((s) => ids.has(s.id))).toBe(true);
      const stock = pulled.changes.find((c) => c.kind === 'stock');
      expect(stock?.data.onHand).toBe(-25);
      expect((await post(sales[0])).status).toBe(200);
    } finally {
      await server.kill9();
    }
  });
});

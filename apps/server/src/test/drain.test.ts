import { createAdminClient, unwrap } from '@kasir/admin-client';
import { formatInvoiceNumber, newId, type PullResponse } from '@kasir/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnServer } from './server-process.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';
import { ADMIN_TOKEN, httpRequest } from './test-server.ts';

describe('SIGTERM drain [sqlite]', () => {
  let tdb: TestDatabase | undefined;
  afterAll(async () => tdb?.drop());

  it('S3: sales in flight when SIGTERM arrives are answered; every acknowledged sale is stored; readiness turns 503 first', async () => {
    tdb = await createTestDatabase('sqlite');
    const env = { ...tdb.serverEnv(), KASIR_ADMIN_TOKEN: ADMIN_TOKEN, KASIR_DRAIN_DELAY_MS: '300' };
    const server = await spawnServer({ env });
    const admin = createAdminClient({ baseUrl: server.url, token: ADMIN_TOKEN });
    const branch = unwrap(await admin.createBranch({ code: 'DR', name: 'Drain' }));
    const devices = await Promise.all(
      [1, 2, 3, 4].map((n) => admin.createDevice({ branchId: branch.id, name: `DR ${n}` }).then(unwrap)),
    );
    const [product] = unwrap(await admin.upsertProducts([{ sku: 'A', name: 'Air', price: 3000 }]));
    const acked: string[] = [];
    let ackedAfterSignal = 0;
    let signalled = false;
    let sentAfterSignal = 0;
    // Each device sells in a loop until its requests fail (the listener closed).
    const sell = async (d: (typeof devices)[number]) => {
      for (let counter = 1; ; counter++) {
        const id = newId();
        const body = {
          id,
          invoiceNumber: formatInvoiceNumber({
            branchCode: 'DR',
            deviceCode: d.code,
            date: '20261124',
            counter,
          }),
          createdAt: new Date().toISOString(),
          lines: [{ productId: product!.id, quantity: 1, unitPrice: 3000 }],
          payments: [{ method: 'cash', amount: 3000 }],
        };
        if (signalled) sentAfterSignal++;
        let status: number;
        try {
          status = (await httpRequest(server.url, 'POST', '/api/sales', { token: d.token, body })).status;
        } catch {
          return; // refused or reset: not acknowledged, the device keeps it in its outbox
        }
        if (status === 201) {
          acked.push(id);
          if (signalled) ackedAfterSignal++;
        } else if (status === 503) {
          return;
        } else {
          throw new Error(`sale answered ${status}`);
        }
      }
    };
    const sellers = devices.map(sell);
    while (acked.length < 40) await new Promise((r) => setTimeout(r, 5));
    const signalledAt = Date.now();
    const stopped = server.stop().then(() => Date.now() - signalledAt);
    signalled = true;
    // Draining: not ready, still serving.
    let sawNotReady = false;
    for (let i = 0; i < 20 && !sawNotReady; i++) {
      const r = await httpRequest(server.url, 'GET', '/readyz').catch(() => undefined);
      sawNotReady = r?.status === 503 && (r.body as { draining?: boolean }).draining === true;
      if (!sawNotReady) await new Promise((r2) => setTimeout(r2, 10));
    }
    await Promise.all(sellers);
    // stop() sends SIGKILL after 5 s: a drain that ends sooner exited by itself.
    expect(await stopped).toBeLessThan(4_500);
    expect(sawNotReady).toBe(true);
    expect(sentAfterSignal).toBeGreaterThan(0);
    expect(ackedAfterSignal).toBeGreaterThan(0);
    expect(server.output()).not.toMatch(/shutdown failed/);

    await server.start();
    try {
      const pulled = (
        await httpRequest(server.url, 'GET', '/api/sync/pull?limit=1000', { token: devices[0]!.token })
      ).body as PullResponse;
      const stored = new Set(pulled.changes.filter((c) => c.kind === 'sale').map((c) => c.data.id));
      expect(acked.filter((id) => !stored.has(id))).toEqual([]);
    } finally {
      await server.kill9();
    }
  });
});

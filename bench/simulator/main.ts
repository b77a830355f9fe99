/**
 * Device simulator (issue 3): enrols N devices on a running server through the admin API and
 * makes them sell at a given rate through the real sync engine (Dexie over fake-indexeddb), with
 * scripted offline periods cut at a TCP proxy per device. At the end it waits for every outbox to
 * drain and checks that the server holds each sale exactly once.
 *
 *   npx tsx bench/simulator/main.ts --server http://127.0.0.1:8080 --admin-token X --devices 5 --rate 2 --duration 30
 */
import { seededRandom } from '@kasir/sync';
import { createAdminClient } from '@kasir/sync/testing';
import { parseSimulatorArgs } from './args.ts';
import { startSimulatedDevice, type SimulatedDevice } from './simulated-device.ts';

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function waitFor(cond: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return cond();
}

async function countServerSales(server: string, token: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  let cursor = '';
  for (;;) {
    const res = await fetch(`${server}/api/sync/pull?cursor=${cursor}&limit=1000`, {
      headers: { authorization: `Bearer ${token}`, 'x-kasir-protocol': '1' },
    });
    const body = (await res.json()) as {
      changes: { kind: string; data: { id: string } }[];
      cursor: string;
      hasMore: boolean;
    };
    for (const c of body.changes)
      if (c.kind === 'sale') counts.set(c.data.id, (counts.get(c.data.id) ?? 0) + 1);
    cursor = body.cursor;
    if (!body.hasMore) return counts;
  }
}

async function main(): Promise<number> {
  const args = parseSimulatorArgs(process.argv.slice(2));
  if ('help' in args) {
    console.log(args.help);
    return 2;
  }
  const random = seededRandom(args.seed);
  const admin = createAdminClient(args.server, args.adminToken);
  const code = `SIM${Date.now().toString(36).toUpperCase().slice(-6)}`;
  const branch = await admin.branch(code, `Simulator ${code}`);
  const products = await admin.products(
    Array.from({ length: args.products }, (_, i) => ({
      sku: `${code}-${i}`,
      name: `Barang simulasi ${i}`,
      price: 1000 * (1 + Math.floor(random() * 50)),
      barcode: `${code}${String(i).padStart(6, '0')}`,
      category: i % 3 === 0 ? 'Minuman' : 'Makanan',
    })),
  );
  for (const p of products) await admin.stock(branch.id, p.id, 1000);
  console.log(`branch ${branch.code}: ${products.length} products`);

  const devices: SimulatedDevice[] = [];
  for (let i = 0; i < args.devices; i++) {
    const created = await admin.device(branch.id, `Sim ${i + 1}`);
    devices.push(
      await startSimulatedDevice({
        name: `sim-${i + 1}`,
        token: created.token,
        serverUrl: args.server,
        random: seededRandom(args.seed * 1000 + i),
      }),
    );
  }
  await waitFor(() => devices.every((d) => d.client.catalog.size >= products.length), 60_000);
  console.log(`${devices.length} devices ready; selling ${args.rate}/s each for ${args.duration}s`);

  const start = Date.now();
  const elapsed = (): number => (Date.now() - start) / 1000;
  let offline = false;
  const sellers = devices.map(async (d) => {
    while (elapsed() < args.duration) {
      // Exponential gaps: sales arrive as a Poisson process at `rate` per second.
      await new Promise((r) => setTimeout(r, (-Math.log(1 - random()) / args.rate) * 1000));
      const shouldBeOffline = args.offlinePeriods.some((p) => elapsed() >= p.from && elapsed() < p.to);
      if (shouldBeOffline !== offline) {
        offline = shouldBeOffline;
        for (const x of devices) x.proxy.setOnline(!offline);
        console.log(`${elapsed().toFixed(1)}s: network ${offline ? 'down' : 'up'}`);
      }
      await d.sell(products, random);
    }
  });
  await Promise.all(sellers);
  for (const d of devices) d.proxy.setOnline(true);
  const drainStart = Date.now();
  const drained = await waitFor(
    () => devices.every((d) => d.client.status.get().pending === 0),
    args.drainTimeout * 1000,
  );
  const drainMs = Date.now() - drainStart;

  const observer = await admin.device(branch.id, 'Sim observer');
  const onServer = await countServerSales(args.server, observer.token);
  const recorded = devices.reduce((a, d) => a + d.recorded, 0);
  const duplicates = [...onServer.values()].filter((n) => n > 1).length;
  const failed = devices.reduce((a, d) => a + d.client.status.get().failed, 0);
  const latencies = devices.flatMap((d) => d.saleLatencies);
  console.log(
    JSON.stringify(
      {
        devices: devices.length,
        recorded,
        onServer: onServer.size,
        duplicates,
        failed,
        drained,
        drainMs,
        recordSaleMs: {
          p50: percentile(latencies, 50),
          p95: percentile(latencies, 95),
          max: percentile(latencies, 100),
        },
        remoteSalesSeen: devices.map((d) => d.remoteSales),
      },
      null,
      2,
    ),
  );
  await Promise.all(devices.map((d) => d.stop()));
  const ok = drained && onServer.size === recorded && duplicates === 0 && failed === 0;
  console.log(ok ? 'OK: every sale on the server exactly once' : 'FAILED');
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);

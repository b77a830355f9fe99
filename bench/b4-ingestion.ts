import type { Product } from '@kasir/protocol';
import { adminApi, benchSale } from './lib/admin-api.ts';
import { startBenchServer, type Engine } from './lib/server-process.ts';
import { salesOnServer } from './lib/sales-on-server.ts';
import { nowMs, summarize, type Summary } from './lib/stats.ts';

export interface B4Result {
  readonly engine: Engine;
  readonly devices: number;
  readonly sales: number;
  readonly seconds: number;
  readonly salesPerSecond: number;
  readonly latency: Summary;
  readonly exactlyOnce: boolean;
}

/**
 * B4: `devices` devices each post sales of 3 lines back to back for `seconds`; throughput,
 * per-request latency, and a check that the server holds each acknowledged sale exactly once.
 */
export async function benchIngestion(engine: Engine, devices: number, seconds: number): Promise<B4Result> {
  const server = await startBenchServer(engine);
  try {
    const api = adminApi(server.url);
    const branch = await api.branch('B4');
    const devs = await api.devices(branch, devices);
    const products = await api.catalog(300);
    const latencies: number[] = [];
    const acked = new Set<string>();
    const end = nowMs() + seconds * 1000;
    const t0 = nowMs();
    let k = 0;
    await Promise.all(
      devs.map(async (d) => {
        while (nowMs() < end) {
          const lines: Product[] = [0, 1, 2].map(() => products[k++ % products.length]!);
          const sale = benchSale(d, lines);
          const s = nowMs();
          const res = await fetch(`${server.url}/api/sales`, {
            method: 'POST',
            headers: { authorization: `Bearer ${d.token}`, 'content-type': 'application/json' },
            body: JSON.stringify(sale),
          });
          await res.arrayBuffer();
          if (res.status !== 201) throw new Error(`sale: ${res.status}`);
          latencies.push(nowMs() - s);
          acked.add(sale.id);
        }
      }),
    );
    const elapsed = (nowMs() - t0) / 1000;
    // Exactly once: the branch feed holds one sale entry per acknowledged id, no more.
    const seen = await salesOnServer(server.url, devs[0]!.token);
    const exactlyOnce = seen.size === acked.size && [...acked].every((id) => seen.get(id) === 1);
    return {
      engine,
      devices,
      sales: acked.size,
      seconds: elapsed,
      salesPerSecond: acked.size / elapsed,
      latency: summarize(latencies),
      exactlyOnce,
    };
  } finally {
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const engine = (process.argv[2] ?? 'sqlite') as Engine;
  const devices = Number(process.argv[3] ?? 50);
  benchIngestion(engine, devices, Number(process.argv[4] ?? 5)).then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}

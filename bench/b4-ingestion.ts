import type { Product } from '@kasir/protocol';
import { pullAll, saleCounts, type Engine } from '@kasir/test-kit';
import { benchSale, postSale, withBenchShop } from './lib/bench-shop.ts';
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
  return withBenchShop(
    engine,
    { code: 'B4', devices, products: 300 },
    async ({ server, devices: devs, products }) => {
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
            await postSale(server.url, d, sale);
            latencies.push(nowMs() - s);
            acked.add(sale.id);
          }
        }),
      );
      const elapsed = (nowMs() - t0) / 1000;
      // Exactly once: the branch feed holds one sale entry per acknowledged id, no more.
      const seen = saleCounts(await pullAll(server.url, devs[0]!.token));
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
    },
  );
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

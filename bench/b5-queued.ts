import { pullAll, saleCounts, type Engine } from '@kasir/test-kit';
import { withBenchShop } from './lib/bench-shop.ts';
import { startEngineDevice, until } from './lib/engine-device.ts';
import { nowMs } from './lib/stats.ts';

export interface QueuedResult {
  readonly engine: Engine;
  readonly sales: number;
  /** From reconnect until every sale is acknowledged, ms. */
  readonly ms: number;
  /** The server holds each sale exactly once. */
  readonly exactlyOnce: boolean;
}

/**
 * B5: a device (the real engine, memory store) records `n` sales of 3 lines while its engine is
 * stopped (offline), then starts again; time until its outbox is empty.
 */
export async function benchQueued(engine: Engine, n: number): Promise<QueuedResult> {
  return withBenchShop(
    engine,
    { code: 'B5', devices: 1, products: 300 },
    async ({ server, devices: [dev], products }) => {
      const client = await startEngineDevice({ serverUrl: server.url, token: dev!.token });
      await until(() => client.catalog.size === products.length, 'initial sync');
      await client.stop();
      for (let i = 0; i < n; i++) {
        const lines = [0, 1, 2].map((j) => products[(i * 3 + j) % products.length]!);
        const r = await client.recordSale({
          lines: lines.map((p) => ({ productId: p.id, quantity: 1, unitPrice: p.price })),
          payments: [{ method: 'cash', amount: lines.reduce((a, p) => a + p.price, 0) }],
        });
        if (!r.ok) throw new Error(`recordSale: ${r.message}`);
      }
      if (client.status.get().pending !== n) throw new Error(`expected ${n} pending`);
      const t0 = nowMs();
      await client.start();
      await until(() => client.status.get().pending === 0, 'outbox drained', 120_000);
      const ms = nowMs() - t0;
      await client.stop();
      const seen = saleCounts(await pullAll(server.url, dev!.token));
      return {
        engine,
        sales: n,
        ms,
        exactlyOnce: seen.size === n && [...seen.values()].every((k) => k === 1),
      };
    },
  );
}

import type { Product, PushResponse } from '@kasir/protocol';
import { adminApi, benchSale } from './lib/admin-api.ts';
import { startBenchServer, type Engine } from './lib/server-process.ts';
import { nowMs } from './lib/stats.ts';

export interface QueuedResult {
  readonly engine: Engine;
  readonly sales: number;
  /** From reconnect until every sale is acknowledged, ms. */
  readonly ms: number;
  readonly exactlyOnce: boolean;
}

/** B5: `n` sales made offline on one device, uploaded in push batches of 200 after reconnect. */
export async function benchQueued(engine: Engine, n: number): Promise<QueuedResult> {
  const server = await startBenchServer(engine);
  try {
    const api = adminApi(server.url);
    const branch = await api.branch('B5');
    const [dev] = await api.devices(branch, 1);
    const products = await api.catalog(300);
    const queue = Array.from({ length: n }, (_, i) => {
      const lines: Product[] = [0, 1, 2].map((j) => products[(i * 3 + j) % products.length]!);
      const sale = benchSale(dev!, lines);
      return { id: sale.id, type: 'sale.create', payload: sale };
    });
    const t0 = nowMs();
    let accepted = 0;
    for (let i = 0; i < queue.length; i += 200) {
      const res = await fetch(`${server.url}/api/sync/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${dev!.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ mutations: queue.slice(i, i + 200) }),
      });
      const body = (await res.json()) as PushResponse;
      accepted += body.results.filter((r) => r.status === 'accepted').length;
    }
    const ms = nowMs() - t0;
    return { engine, sales: n, ms, exactlyOnce: accepted === n };
  } finally {
    await server.stop();
  }
}

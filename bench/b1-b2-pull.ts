import { adminApi } from './lib/admin-api.ts';
import { RawDevice } from './lib/raw-device.ts';
import { ADMIN, startBenchServer, type Engine } from './lib/server-process.ts';
import { nowMs, summarize, type Summary } from './lib/stats.ts';

export interface PullResult {
  readonly engine: Engine;
  readonly products: number;
  /** B1a: full sync of a fresh device, first request to ready, ms per run. */
  readonly fullSync: Summary;
  /** B2: incremental pull of 100 changed products, ms per run. */
  readonly incremental: Summary;
}

/** B1a and B2 over HTTP with an in-memory device: full sync of `n` products, then 100 changed. */
export async function benchPull(engine: Engine, n: number, runs: number): Promise<PullResult> {
  const server = await startBenchServer(engine);
  try {
    const api = adminApi(server.url);
    const branch = await api.branch('B1');
    const [dev] = await api.devices(branch, 1);
    const products = await api.catalog(n);
    const full: number[] = [];
    for (let i = 0; i < runs; i++) {
      const d = new RawDevice(server.url, dev!.token);
      const t0 = nowMs();
      await d.pullAll(500);
      full.push(nowMs() - t0);
      if (d.products.size !== n) throw new Error(`full sync got ${d.products.size} of ${n}`);
    }
    const d = new RawDevice(server.url, dev!.token);
    await d.pullAll(500);
    const inc: number[] = [];
    for (let i = 0; i < runs * 3; i++) {
      const changed = products
        .slice(i * 100, i * 100 + 100)
        .map((p) => ({ sku: p.sku, name: p.name, price: p.price + 500 }));
      await api.call('PUT', '/api/admin/products', ADMIN, changed);
      const t0 = nowMs();
      await d.pullAll(500);
      inc.push(nowMs() - t0);
    }
    return { engine, products: n, fullSync: summarize(full), incremental: summarize(inc) };
  } finally {
    await server.stop();
  }
}

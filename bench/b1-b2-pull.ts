import type { Engine } from '@kasir/test-kit';
import { withBenchShop } from './lib/bench-shop.ts';
import { startEngineDevice, until } from './lib/engine-device.ts';
import { nowMs, summarize, type Summary } from './lib/stats.ts';

export interface PullResult {
  readonly engine: Engine;
  readonly products: number;
  /** B1a: full sync of a fresh device, first request to ready, ms per run. */
  readonly fullSync: Summary;
  /** B2: incremental pull of 100 changed products, ms per run. */
  readonly incremental: Summary;
}

/** B1a and B2 with the real engine (memory store), over HTTP: full sync of `n` products, then 100 changed. */
export async function benchPull(engine: Engine, n: number, runs: number): Promise<PullResult> {
  return withBenchShop(
    engine,
    { code: 'B1', devices: 1, products: n },
    async ({ server, devices: [dev], products }) => {
      const full: number[] = [];
      for (let i = 0; i < runs; i++) {
        // A fresh device: from start (its first request) until its catalog is ready to sell from.
        const t0 = nowMs();
        const d = await startEngineDevice({ serverUrl: server.url, token: dev!.token });
        await until(() => d.catalog.size === n && d.status.get().lastSyncedAt !== null, 'full sync');
        full.push(nowMs() - t0);
        await d.stop();
      }
      const d = await startEngineDevice({ serverUrl: server.url, token: dev!.token });
      await until(() => d.catalog.size === n && d.status.get().lastSyncedAt !== null, 'initial sync');
      // Steady state: the first sync is followed by the integrity check (S12), which compares
      // checksums of the whole catalog; one unmeasured sync waits it out, as a till would have long done.
      await d.syncNow();
      const inc: number[] = [];
      for (let i = 0; i < runs * 4; i++) {
        const changed = products.slice(i * 100, i * 100 + 100).map((p) => ({ ...p, price: p.price + 500 }));
        await server.admin.products(changed.map((p) => ({ sku: p.sku, name: p.name, price: p.price })));
        const t0 = nowMs();
        const r = await d.syncNow();
        inc.push(nowMs() - t0);
        if (!('ok' in r) || !r.ok) throw new Error(`sync failed: ${JSON.stringify(r)}`);
        const seen = d.catalog.search(changed[0]!.sku, 1)[0];
        if (seen?.price !== changed[0]!.price) throw new Error('the pull missed a change');
      }
      await d.stop();
      return { engine, products: n, fullSync: summarize(full), incremental: summarize(inc) };
    },
  );
}

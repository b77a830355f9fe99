import { readFileSync, watch, writeFileSync } from 'node:fs';
import { summarize } from '../lib/stats.ts';
import {
  HELD_BY,
  picturesShown,
  PREFETCH_UNDER_WAY,
  PREFETCHED,
  TRACE_FETCH,
  TYPING_GAP_MS,
} from './bench-images.ts';
import { benchSelling, QUERIES, TAP_GAP_MS } from './bench-selling.ts';
import { HELPERS, STAMP_SALES } from './page-script.ts';
import { seedImages } from './seed-images.ts';
import { freshDevice, readyAt, startShop } from './shop.ts';

/**
 * `npx tsx bench/browser/run-prefetch.ts [--products=20000] [--rounds=2] [--disk=vda] [--profile-first]`:
 * B6's "complete a sale, right after the prefetch" alone, on a fresh device per round, with what
 * else touched the disk during each sale: the block device's writes and flushes (/proc/diskstats)
 * and the files written under the temp folder (the browser profile, the server's SQLite). Prints
 * per sale, and the device's sync log. For finding what a slow sale waited for, in minutes instead
 * of the whole browser bench; the figures in docs come from `npm run bench`. Needs a built till
 * (`npm run build -w @kasir/pos`; `--minify false` for readable names). `--profile-first` writes a
 * CPU profile of the first sale (its taps and completion) to /tmp/first-sale-<round>.cpuprofile.
 * `--prelude` first runs what the full benchmark runs on that device before this round (B6 without
 * pictures' part, then five reloads), and if the prefetch does not start, says what held it.
 */
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const products = Number(arg('products') ?? 20_000);
const rounds = Number(arg('rounds') ?? 2);
const device = arg('disk') ?? 'vda';
const now = () => performance.timeOrigin + performance.now();
const fmt = (xs: number[]) => {
  const s = summarize(xs);
  return `median ${s.median.toFixed(1)} p95 ${s.p95.toFixed(1)} max ${s.max.toFixed(1)}`;
};

/** [at, writes, sectors written, flushes] of the block device, every 2 ms until stopped. */
function sampleDisk(): { samples: number[][]; stop(): void } {
  const samples: number[][] = [];
  const timer = setInterval(() => {
    const line = readFileSync('/proc/diskstats', 'utf8')
      .split('\n')
      .find((l) => l.includes(` ${device} `));
    if (line === undefined) return;
    const f = line.trim().split(/\s+/).slice(3).map(Number);
    samples.push([now(), f[4] ?? 0, f[6] ?? 0, f[15] ?? 0]);
  }, 2);
  return { samples, stop: () => clearInterval(timer) };
}

async function main(): Promise<void> {
  const shop = await startShop(products);
  const rows = await shop.real.server.db.kysely.selectFrom('products').select('id').orderBy('sku').execute();
  await seedImages(
    shop.real.server.db,
    rows.map((r) => r.id),
  );
  for (let r = 0; r < rounds; r++) {
    const d = await freshDevice(shop, products);
    try {
      if (process.argv.includes('--prelude')) {
        await benchSelling(d.page, shop, products);
        await picturesShown(d.page);
      }
      // As bench-images.ts: a start, search at a cashier's pace, the idle prefetch, two more passes.
      await d.page.reload({ waitUntil: 'commit' });
      await readyAt(d.page);
      await d.page.evaluate(TRACE_FETCH);
      await d.page.evaluate(HELPERS);
      // As the round: the page's first sales first, outside the timing.
      await d.page.evaluate(`window.__b.sales(3, 3, false, ${TAP_GAP_MS})`);
      const paced = () => d.page.evaluate(`window.__b.typing(${JSON.stringify(QUERIES)}, ${TYPING_GAP_MS})`);
      await paced();
      const t = Date.now();
      const held = setInterval(() => {
        d.page
          .evaluate<string>(HELD_BY)
          .then((h) => console.log(`  ${((Date.now() - t) / 1000).toFixed(0)} s waiting: ${h}`))
          .catch(() => undefined);
      }, 20_000);
      try {
        await d.page.waitForFunction(`${PREFETCHED} >= ${PREFETCH_UNDER_WAY}`, undefined, {
          timeout: 240_000,
          polling: 100,
        });
      } finally {
        clearInterval(held);
      }
      await paced();
      await paced();
      const fetched = await d.page.evaluate<number>(PREFETCHED);
      const files: [number, string][] = [];
      const watcher = watch(d.profile.replace(/\/[^/]+$/, ''), { recursive: true }, (_e, name) =>
        files.push([now(), String(name).replace(d.profile.replace(/^.*\//, ''), 'PROFILE')]),
      );
      const disk = sampleDisk();
      await d.page.evaluate(STAMP_SALES);
      const cdp = await d.page.context().newCDPSession(d.page);
      if (process.argv.includes('--profile-first')) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
        await cdp.send('Profiler.start');
      }
      const first = await d.page.evaluate<{ complete: number[]; record: number[]; commit: number[] }>(
        `window.__b.sales(1, 3, false, ${TAP_GAP_MS})`,
      );
      if (process.argv.includes('--profile-first')) {
        const { profile } = await cdp.send('Profiler.stop');
        writeFileSync(`/tmp/first-sale-${r}.cpuprofile`, JSON.stringify(profile));
      }
      const rest = await d.page.evaluate<{ complete: number[]; record: number[]; commit: number[] }>(
        `window.__b.sales(19, 3, false, ${TAP_GAP_MS})`,
      );
      const s = {
        complete: [...first.complete, ...rest.complete],
        record: [...first.record, ...rest.record],
        commit: [...first.commit, ...rest.commit],
      };
      disk.stop();
      watcher.close();
      const stamps = await d.page.evaluate<[number, number][]>('window.__ts');
      console.log(`round ${r} (${fetched} pictures fetched ahead)`);
      console.log(`  complete ${fmt(s.complete)} | strict tx ${fmt(s.commit)}`);
      const at = (t: number) =>
        disk.samples.findLast((x) => (x[0] ?? 0) <= t) ?? disk.samples[0] ?? [0, 0, 0, 0];
      stamps.forEach(([a, b], i) => {
        const [x, y] = [at(a - 30), at(b)];
        const touched = [...new Set(files.filter(([t]) => t >= a - 100 && t <= b).map(([, n]) => n))];
        console.log(
          `  sale ${i}: complete ${s.complete[i]?.toFixed(1)} tx ${s.commit[i]?.toFixed(1)} ms; disk writes ${(y[1] ?? 0) - (x[1] ?? 0)}, sectors ${(y[2] ?? 0) - (x[2] ?? 0)}, flushes ${(y[3] ?? 0) - (x[3] ?? 0)}; files ${touched.join(' ')}`,
        );
      });
      const t0 = stamps[0]?.[0] ?? 0;
      const log = await d.page.evaluate<{ at: string }[]>('window.__kasirBench.client.readLog(20)');
      for (const e of log.reverse())
        console.log(`  sync log ${((Date.parse(e.at) - t0) / 1000).toFixed(2)} s: ${JSON.stringify(e)}`);
    } finally {
      await d.close();
    }
  }
  await shop.real.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

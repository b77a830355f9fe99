import { execSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { resolve } from 'node:path';
import { summarize, type Summary } from '../lib/stats.ts';
import { freshDevice, startShop, untilDiskQuiet } from './shop.ts';
import { HELPERS, STAMP_SALES } from './page-script.ts';
import { RAW_GAP_MS, TAP_GAP_MS } from './bench-selling.ts';
import { reloadWithHistory } from './seed-history.ts';

/**
 * `npx tsx bench/browser/run-b6.ts [--products=20000] [--sales=60] [--history=45000] [--settle=ms]
 * [--tap-gap=ms] [--no-build]`:
 * B6's complete-a-sale alone (back to back, at a cashier's pace, the raw strict floor, and with a
 * seeded history unless `--history=0`), printed; for iterating on the sale path in minutes instead
 * of the whole browser bench. The figures in docs come from `npm run bench`. `--detail` also prints
 * the five slowest sales back to back and after the reload with the sync log's events from a second before each to 200 ms after.
 */
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const products = Number(arg('products') ?? 20_000);
const count = Number(arg('sales') ?? 60);
const history = Number(arg('history') ?? 45_000);
/**
 * Milliseconds to wait after seeding the history and reloading, before the sales (LevelDB compacts),
 * or `quiet`: until the profile's IndexedDB files stopped changing (shop.ts).
 */
const settle = arg('settle') ?? '0';
/** Milliseconds from the enabled "complete" painted to the tap (bench-selling.ts, TAP_GAP_MS). */
const tapGap = Number(arg('tap-gap') ?? TAP_GAP_MS);

interface Sales {
  complete: number[];
  record: number[];
  commit: number[];
}
const line = (name: string, s: Summary) =>
  `| ${name} | ${s.n} | ${s.median.toFixed(1)} | ${s.p95.toFixed(1)} | ${s.max.toFixed(1)} |`;

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build'))
    execSync('npm run build -w @kasir/pos', { cwd: resolve(import.meta.dirname, '../..'), stdio: 'ignore' });
  const shop = await startShop(products);
  const d = await freshDevice(shop, products);
  const rows: string[] = ['| measure | n | median | p95 | max |', '| --- | --- | --- | --- | --- |'];
  const report = (label: string, r: Sales) => {
    rows.push(line(`${label} complete`, summarize(r.complete)));
    rows.push(line(`${label} recordSale`, summarize(r.record)));
    rows.push(line(`${label} strict tx`, summarize(r.commit)));
    // Per sale, the parts around the transaction: less at the mercy of the disk than the totals.
    rows.push(line(`${label} recordSale - tx`, summarize(r.record.map((ms, i) => ms - (r.commit[i] ?? 0)))));
    rows.push(
      line(`${label} complete - recordSale`, summarize(r.complete.map((ms, i) => ms - (r.record[i] ?? 0)))),
    );
  };
  try {
    await d.page.evaluate(HELPERS);
    rows.push(line('raw strict tx', summarize(await d.page.evaluate<number[]>('window.__b.rawStrict(20)'))));
    rows.push(
      line(
        `raw strict tx, ${RAW_GAP_MS} ms apart`,
        summarize(await d.page.evaluate<number[]>(`window.__b.rawStrict(20, ${RAW_GAP_MS})`)),
      ),
    );
    if (process.argv.includes('--detail')) await d.page.evaluate(STAMP_SALES);
    const backToBack = await d.page.evaluate<Sales>(`window.__b.sales(${count}, 3, false, ${tapGap})`);
    report('back to back', backToBack);
    if (process.argv.includes('--detail')) await printSlowest(d.page, backToBack);
    report('paced', await d.page.evaluate<Sales>(`window.__b.sales(${count}, 3, true, ${tapGap})`));
    // With `--history=0`: the same sales after a reload, without a history.
    {
      await reloadWithHistory(d.page, history);
      if (settle === 'quiet') console.log(`disk quiet after ${await untilDiskQuiet(d.profile)} ms`);
      else await new Promise((r) => setTimeout(r, Number(settle)));
      if (process.argv.includes('--detail')) await d.page.evaluate(STAMP_SALES);
      const afterReload = await d.page.evaluate<Sales>(`window.__b.sales(${count}, 3, false, ${tapGap})`);
      report(history > 0 ? `history ${history}` : 'after a reload', afterReload);
      if (process.argv.includes('--detail')) await printSlowest(d.page, afterReload);
    }
  } finally {
    await d.close();
    await shop.real.close();
  }
  console.log(rows.join('\n'));
}

/** The five slowest sales of the last stamped run, each with the sync events from a second before it to 200 ms after it starts. */
async function printSlowest(page: Page, r: Sales): Promise<void> {
  const stamps = await page.evaluate<[number, number][]>('window.__ts');
  const log = await page.evaluate<{ at: string; kind: string; count?: number }[]>(
    'window.__kasirBench.client.readLog(1000)',
  );
  const slowest = r.complete
    .map((ms, i) => ({ ms, i }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5);
  for (const { ms, i } of slowest) {
    const [start] = stamps[i] ?? [0];
    const before = log
      .map((e) => ({ ...e, dt: Date.parse(e.at) - start }))
      .filter((e) => e.dt >= -1000 && e.dt <= 200)
      .map((e) => `${e.kind}${e.count === undefined ? '' : `(${e.count})`} at ${e.dt.toFixed(0)}`);
    console.log(
      `sale ${i}: complete ${ms.toFixed(1)}, record ${r.record[i]?.toFixed(1)}, tx ${r.commit[i]?.toFixed(1)}; sync: ${before.join(', ') || 'none'}`,
    );
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

import type { Page } from 'playwright-core';
import { summarize, type Summary } from '../lib/stats.ts';
import { HELPERS } from './page-script.ts';
import { B6_SALES, TAP_GAP_MS } from './bench-selling.ts';
import { SEED_HISTORY } from './seed-history.ts';
import { untilDiskQuiet } from './shop.ts';

const log = (s: string) => console.log(`[bench:browser] ${s}`);

/** How much history the till holds (issue 16: 500 sales a day, own sales kept 90 days). */
export interface HistoryOptions {
  /** Own sales on the device for B1b and B6 with history; default 45,000 (500 a day for 90 days). */
  readonly sales?: number;
  /** Own sales made over `storageDays` before the prune of the storage measurement; default 100,000. */
  readonly storageSales?: number;
  readonly storageDays?: number;
  /** Own sales kept (the prune's window); default 90, the app's. */
  readonly ownSalesDays?: number;
}

/** What settings shows of local storage: the browser's estimate and the store's counts. */
export interface StorageRow {
  readonly usageBytes: number | null;
  readonly indexedDbBytes: number | null;
  readonly ownSales: number;
  readonly branchSales: number;
}

export interface HistoryResult {
  readonly products: number;
  /** Own sales seeded for B1b and B6 with history, and over which days before now. */
  readonly sales: number;
  readonly fromDaysAgo: number;
  readonly toDaysAgo: number;
  readonly seedMs: number;
  /** B1b with history: "re-download" (a full sync that keeps the sales) until ready to sell, ms. */
  readonly redownload: Summary;
  /** Waited after the seeding until the profile's IndexedDB files were quiet, before the reloads (ms). */
  readonly startSettledMs: number;
  /** Reload until ready to sell, with the history. */
  readonly start: Summary;
  /** Waited after the reloads until the profile's IndexedDB files were quiet, before the sales (ms). */
  readonly settledMs: number;
  /** B6's complete a sale, with the history. */
  readonly completeSale: Summary;
  readonly recordSale: Summary;
  readonly commitSale: Summary;
  readonly storage: {
    readonly sales: number;
    readonly days: number;
    readonly ownSalesDays: number;
    readonly seedMs: number;
    readonly before: StorageRow;
    readonly pruneMs: number;
    readonly pruned: number;
    readonly after: StorageRow;
    /** After a reload (the database may give space back only once compacted). */
    readonly afterReload: StorageRow;
  };
}

/** The oldest seeded sale of B1b/B6: the newest day is left for the sale audit (see below). */
export const HISTORY_FROM_DAYS = 90;
/**
 * The sale audit runs after every start (at the first idle minute) and covers the last 7 days: it
 * would send seeded sales of those days to the bench's server, which never saw them. The history
 * ends before its window.
 */
export const HISTORY_TO_DAYS = 8;

/** Timed starts with the history: as many as B6 times without one (bench-selling.ts). */
const START_RELOADS = 10;

export const waitSynced = (page: Page): Promise<unknown> =>
  page.waitForFunction('window.__kasirBench.client.status.get().pending === 0', undefined, {
    timeout: 120_000,
    polling: 50,
  });

/**
 * B1b and B6 with a 90-day sales history on the device, and the storage a till uses after
 * 100,000 sales with pruning on (issue 16). Runs on the page B6 measured (its catalog synced).
 * `readyAt` times a reload until ready to sell (bench-browser.ts).
 */
export async function benchHistory(
  page: Page,
  profile: string,
  n: number,
  readyAt: (page: Page) => Promise<{ ready: number }>,
  options: HistoryOptions = {},
): Promise<HistoryResult> {
  const sales = options.sales ?? 45_000;
  const storageSales = options.storageSales ?? 100_000;
  const storageDays = options.storageDays ?? 200;
  const ownSalesDays = options.ownSalesDays ?? 90;
  const install = async (): Promise<void> => {
    await page.evaluate(HELPERS);
    await page.evaluate(SEED_HISTORY);
  };
  const reload = async (): Promise<number> => {
    await page.reload({ waitUntil: 'commit' });
    const t = await readyAt(page);
    await install();
    return t.ready;
  };

  await install();
  await waitSynced(page);
  log(`history: seeding ${sales.toLocaleString('en')} own sales`);
  const seedMs = await page.evaluate<number>(
    `window.__seed.history(${JSON.stringify({ count: sales, fromDaysAgo: HISTORY_FROM_DAYS, toDaysAgo: HISTORY_TO_DAYS })})`,
  );
  // A till's history was written over months, its database long compacted; these 45,000 sales
  // were written seconds ago, and LevelDB compacts them for seconds after: the starts wait for that.
  const startSettledMs = await untilDiskQuiet(profile);
  log(`history: start (reload; disk quiet after ${(startSettledMs / 1000).toFixed(1)} s)`);
  const start: number[] = [];
  for (let i = 0; i < START_RELOADS; i++) start.push(await reload());
  // B6 without history times sales long after the device's start; the start's own work (first
  // pull, conflicts, the audit's reads) would otherwise fall on these sales alone.
  const settledMs = await untilDiskQuiet(profile);
  log(`history: B6 complete a sale (disk quiet after ${(settledMs / 1000).toFixed(1)} s)`);
  const b6 = await page.evaluate<{ complete: number[]; record: number[]; commit: number[] }>(
    `window.__b.sales(${B6_SALES}, 3, false, ${TAP_GAP_MS})`,
  );
  log('history: B1b re-download');
  const redownload: number[] = [];
  for (let i = 0; i < 3; i++) {
    await waitSynced(page);
    redownload.push(await page.evaluate<number>(redownloadScript(n)));
  }

  const older = storageSales - sales - b6.complete.length;
  log(`storage: seeding ${older.toLocaleString('en')} more own sales older than ${ownSalesDays} days`);
  await waitSynced(page);
  const storageSeedMs = await page.evaluate<number>(
    `window.__seed.history(${JSON.stringify({ count: older, fromDaysAgo: storageDays, toDaysAgo: ownSalesDays + 1 })})`,
  );
  const before = await page.evaluate<StorageRow>('window.__seed.storage()');
  const prune = await page.evaluate<{ ms: number; own: number }>(`window.__seed.prune(${ownSalesDays}, 7)`);
  const after = await page.evaluate<StorageRow>('window.__seed.storage()');
  await reload();
  const afterReload = await page.evaluate<StorageRow>('window.__seed.storage()');
  return {
    products: n,
    sales,
    fromDaysAgo: HISTORY_FROM_DAYS,
    toDaysAgo: HISTORY_TO_DAYS,
    seedMs,
    redownload: summarize(redownload),
    startSettledMs,
    start: summarize(start),
    settledMs,
    completeSale: summarize(b6.complete),
    recordSale: summarize(b6.record),
    commitSale: summarize(b6.commit),
    storage: {
      sales: before.ownSales,
      days: storageDays,
      ownSalesDays,
      seedMs: storageSeedMs,
      before,
      pruneMs: prune.ms,
      pruned: prune.own,
      after,
      afterReload,
    },
  };
}

/** In the page: "re-download" as the sync screen's button does, until ready to sell again (ms). */
export function redownloadScript(n: number): string {
  return `(async () => {
  const client = window.__kasirBench.client;
  const t0 = performance.now();
  const run = await client.resetAndRedownload();
  if (run.ok === false) throw new Error('re-download: ' + JSON.stringify(run));
  await new Promise((resolve) => {
    const check = () => {
      if (client.catalog.size >= ${n} && document.querySelector('[data-testid=product-tile]')) resolve();
      else setTimeout(check, 2);
    };
    check();
  });
  return performance.now() - t0;
})()`;
}

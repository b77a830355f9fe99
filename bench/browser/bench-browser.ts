import { execSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Branch } from '@kasir/protocol';
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  demoCatalog,
  launchChromium,
  startInProcessServer,
  type InProcessServer,
} from '@kasir/test-kit';
import { chromium, type Page } from 'playwright-core';
import { summarize, type Summary } from '../lib/stats.ts';
import { benchHistory, type HistoryOptions, type HistoryResult } from './bench-history.ts';
import { HELPERS, readyWatcher } from './page-script.ts';

export const CHROMIUM = CHROMIUM_PATH;
const ROOT = resolve(import.meta.dirname, '../..');
const PWA_DIR = join(ROOT, 'apps/pos/dist');
const log = (s: string) => console.log(`[bench:browser] ${s}`);

export interface BrowserFullSync {
  readonly products: number;
  /** B1b: pairing submitted until ready to sell (catalog in IndexedDB and in the index, tiles shown), ms. */
  readonly fullSync: Summary;
  /** Pairing submitted until the first product tiles showed (the first page of the catalog), ms. */
  readonly firstTiles: Summary;
}

export interface BrowserResult {
  readonly chromium: string;
  readonly fullSyncs: BrowserFullSync[];
  /** B6 and the browser heap of B7, with `products` products. */
  readonly products: number;
  /** Reload until ready to sell (ms since navigation start). */
  readonly start: Summary;
  /** Reload until the first product tiles showed. */
  readonly startFirstTile: Summary;
  /** Search as you type: input event until the grid re-rendered, per keystroke. */
  readonly search: Summary;
  /** The catalog index's search alone, per keystroke. */
  readonly searchIndex: Summary;
  /** Exact barcode lookup in the catalog index, per lookup (timer resolution 0.1 ms). */
  readonly barcode: Summary;
  /** Mean of a batch of barcode lookups, ms. */
  readonly barcodeMeanMs: number;
  /** Tap on a product tile until the cart re-rendered. */
  readonly addToCart: Summary;
  /** Tap on "complete" until the receipt shows (sale committed to IndexedDB). */
  readonly completeSale: Summary;
  /** Of which the sync client's recordSale (the sale committed to IndexedDB). */
  readonly recordSale: Summary;
  /** Of which the store's commitSale: the strict IndexedDB transaction of the sale. */
  readonly commitSale: Summary;
  /** The same at a cashier's pace: each sale after the previous one synced and the page idled. */
  readonly paced: {
    readonly completeSale: Summary;
    readonly recordSale: Summary;
    readonly commitSale: Summary;
  };
  /** One strict IndexedDB transaction putting one sale-sized row, alone in the same page: the floor. */
  readonly rawStrict: Summary;
  /** B1b and B6 with a 90-day sales history, and storage after 100,000 sales (null: not asked for). */
  readonly history: HistoryResult | null;
  /** JS heap after a forced GC, MB: Runtime.getHeapUsage usedSize and Performance.getMetrics JSHeapUsedSize. */
  readonly heapUsedMb: number;
  readonly jsHeapUsedMb: number;
}

export interface BrowserOptions {
  /** Catalog sizes for B1b; B6 and B7 run on 20,000 (or the largest size below it). */
  readonly sizes?: readonly number[];
  readonly runs?: number;
  /** Build apps/pos first (default true), so the bench measures the current code. */
  readonly build?: boolean;
  /** The sales history measurements on the B6 page; `false` leaves them out. */
  readonly history?: HistoryOptions | false;
}

/** The server in this process on SQLite, serving the built app, with a branch of `n` demo products. */
export interface Shop {
  readonly real: InProcessServer;
  readonly branch: Branch;
  readonly barcodes: string[];
}

export async function startShop(n: number): Promise<Shop> {
  const real = await startInProcessServer('sqlite', { pwaDir: PWA_DIR });
  const branch = await real.admin.branch('BR', 'Cabang BR');
  const products = await real.admin.products(demoCatalog(n, 7));
  return { real, branch, barcodes: products.flatMap((p) => p.barcodes.slice(0, 1)) };
}

let devices = 0;
const pairingCode = (shop: Shop): Promise<string> =>
  shop.real.admin.pairingCode(shop.branch.id, `Kasir ${++devices}`);

/** When the page was ready to sell, and when its first product tile showed (performance.now()). */
export async function readyAt(page: Page): Promise<{ ready: number; firstTile: number }> {
  await page.waitForFunction('window.__benchReadyAt != null', undefined, { timeout: 180_000, polling: 50 });
  return await page.evaluate<{ ready: number; firstTile: number }>(
    '({ ready: window.__benchReadyAt, firstTile: window.__benchFirstTileAt })',
  );
}

/**
 * A fresh device (a new browser profile, empty IndexedDB): pair, and time pairing submitted to
 * ready to sell. The profile lives in a folder on disk, as on a real till: a context made with
 * `browser.newContext()` is off the record and keeps IndexedDB in memory, which would time
 * "durable" writes that never reach the disk.
 */
export async function freshDevice(
  shop: Shop,
  n: number,
): Promise<{ page: Page; ms: number; firstTileMs: number; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'kasir-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS],
    viewport: { width: 1280, height: 860 },
    locale: 'id-ID',
    // The app's CSP forbids eval; playwright's waitForFunction with a string needs it.
    bypassCSP: true,
  });
  await context.addInitScript({ content: readyWatcher(n) });
  const page = await context.newPage();
  page.on('pageerror', (e) => log(`page error: ${e.message}`));
  await page.goto(`${shop.real.url}/?bench=1`);
  await page.getByTestId('pair-code').fill(await pairingCode(shop));
  const t0 = await page.evaluate<number>(`(() => {
    const t = performance.now();
    document.querySelector('[data-testid=pair-submit]').click();
    return t;
  })()`);
  const t1 = await readyAt(page);
  const close = async (): Promise<void> => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { page, ms: t1.ready - t0, firstTileMs: t1.firstTile - t0, close };
}

const QUERIES = ['beras', 'minyak goreng', 'kopi', 'sabun mandi', 'mi instan', 'teh'];

export async function benchBrowser(options: BrowserOptions = {}): Promise<BrowserResult> {
  const sizes = options.sizes ?? [5_000, 20_000, 100_000];
  const runs = options.runs ?? 5;
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}`);
  if (options.build ?? true) {
    log('building apps/pos');
    execSync('npm run build -w @kasir/pos', { cwd: ROOT, stdio: 'ignore' });
  }
  const b6Size = Math.max(...sizes.filter((s) => s <= 20_000));
  const browser = await launchChromium();
  const fullSyncs: BrowserFullSync[] = [];
  let b6: Omit<BrowserResult, 'chromium' | 'fullSyncs'> | undefined;
  const started = Date.now();
  try {
    for (const n of sizes) {
      log(`B1b ${n} products`);
      const shop = await startShop(n);
      try {
        const samples: number[] = [];
        const firstTiles: number[] = [];
        const runsHere = n >= 100_000 ? Math.min(runs, 2) : runs;
        for (let i = 0; i < runsHere; i++) {
          const d = await freshDevice(shop, n);
          samples.push(d.ms);
          firstTiles.push(d.firstTileMs);
          log(`  run ${i + 1}: ${d.ms.toFixed(0)} ms`);
          if (n === b6Size && i === runsHere - 1) {
            const selling = await benchSelling(d.page, shop, n);
            const history =
              options.history === false ? null : await benchHistory(d.page, n, readyAt, options.history);
            b6 = { ...selling, history };
          }
          await d.close();
        }
        fullSyncs.push({ products: n, fullSync: summarize(samples), firstTiles: summarize(firstTiles) });
      } finally {
        await shop.real.close();
      }
    }
    if (!b6) throw new Error('no catalog size <= 20,000 for B6');
    log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return { chromium: browser.version(), fullSyncs, ...b6 };
  } finally {
    await browser.close();
  }
}

/** B6 and the browser heap of B7 on a paired page whose catalog is ready. */
async function benchSelling(
  page: Page,
  shop: Shop,
  n: number,
): Promise<Omit<BrowserResult, 'chromium' | 'fullSyncs' | 'history'>> {
  log(`B6 ${n} products: start (reload)`);
  const start: number[] = [];
  const startFirstTile: number[] = [];
  for (let i = 0; i < 10; i++) {
    await page.reload({ waitUntil: 'commit' });
    const t = await readyAt(page);
    start.push(t.ready);
    startFirstTile.push(t.firstTile);
  }
  log('B7 heap');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = await cdp.send('Runtime.getHeapUsage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const jsHeap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
  await cdp.detach();

  await page.evaluate(HELPERS);
  log('B6 search as you type');
  const typing = await page.evaluate<{ ms: number[]; index: number[] }>(
    `window.__b.typing(${JSON.stringify(QUERIES)})`,
  );
  log('B6 barcode lookup');
  const codes = shop.barcodes.filter((_, i) => i % Math.max(1, Math.floor(shop.barcodes.length / 500)) === 0);
  const barcode = await page.evaluate<{ ms: number[]; meanMs: number; found: number }>(
    `window.__b.barcodes(${JSON.stringify(codes)})`,
  );
  if (barcode.found !== codes.length)
    throw new Error(`barcode lookups found ${barcode.found}/${codes.length}`);
  log('B6 raw strict IndexedDB transactions');
  const rawStrict = await page.evaluate<number[]>('window.__b.rawStrict(20)');
  log('B6 add to cart and complete a sale');
  const sales = await page.evaluate<{
    add: number[];
    complete: number[];
    record: number[];
    commit: number[];
  }>('window.__b.sales(20, 3)');
  log("B6 complete a sale at a cashier's pace");
  const paced = await page.evaluate<{ complete: number[]; record: number[]; commit: number[] }>(
    'window.__b.sales(20, 3, true)',
  );
  return {
    products: n,
    start: summarize(start),
    startFirstTile: summarize(startFirstTile),
    search: summarize(typing.ms),
    searchIndex: summarize(typing.index),
    barcode: summarize(barcode.ms),
    barcodeMeanMs: barcode.meanMs,
    addToCart: summarize(sales.add),
    completeSale: summarize(sales.complete),
    recordSale: summarize(sales.record),
    commitSale: summarize(sales.commit),
    rawStrict: summarize(rawStrict),
    paced: {
      completeSale: summarize(paced.complete),
      recordSale: summarize(paced.record),
      commitSale: summarize(paced.commit),
    },
    heapUsedMb: usage.usedSize / 2 ** 20,
    jsHeapUsedMb: jsHeap / 2 ** 20,
  };
}

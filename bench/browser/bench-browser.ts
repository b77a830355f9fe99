import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CHROMIUM_PATH, launchChromium } from '@kasir/test-kit';
import { summarize, type Summary } from '../lib/stats.ts';
import { benchHistory, type HistoryOptions, type HistoryResult } from './bench-history.ts';
import { benchImages, type ImagesResult } from './bench-images.ts';
import { benchSelling } from './bench-selling.ts';
import { freshDevice, readyAt, startShop } from './shop.ts';

export const CHROMIUM = CHROMIUM_PATH;
const ROOT = resolve(import.meta.dirname, '../..');
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
  /** Back to back again, tapped at once after the button painted (no TAP_GAP_MS): a stress row. */
  readonly atOnce: {
    readonly completeSale: Summary;
    readonly recordSale: Summary;
    readonly commitSale: Summary;
  };
  /** One strict IndexedDB transaction putting one sale-sized row, alone in the same page: the floor. */
  readonly rawStrict: Summary;
  /** The same, each transaction RAW_GAP_MS (bench-selling.ts) after the last one, as sales are apart. */
  readonly rawStrictSpaced: Summary;
  /** B1b and B6 with a 90-day sales history, and storage after 100,000 sales (null: not asked for). */
  readonly history: HistoryResult | null;
  /** B1b and B6 with a picture on every product (null: not asked for). */
  readonly images: ImagesResult | null;
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
  /** B1b and B6 again with a picture on every product (default true). */
  readonly images?: boolean;
}

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
  let b6: Omit<BrowserResult, 'chromium' | 'fullSyncs' | 'images'> | undefined;
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
              options.history === false
                ? null
                : await benchHistory(d.page, d.profile, n, readyAt, options.history);
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
    const images =
      options.images === false
        ? null
        : await benchImages(b6Size, runs, options.history === false ? 0 : (options.history?.sales ?? 45_000));
    log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return { chromium: browser.version(), fullSyncs, ...b6, images };
  } finally {
    await browser.close();
  }
}

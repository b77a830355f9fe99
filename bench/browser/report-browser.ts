import { ms, table, verdict } from '@kasir/test-kit';
import type { BrowserResult } from './bench-browser.ts';

export interface BrowserSections {
  /** B1b, placed after B1a. */
  readonly b1b: string[];
  /** B6. */
  readonly b6: string[];
  /** The browser heap of B7, placed under the server's B7 table. */
  readonly b7: string[];
}

/** The markdown for B1b, B6 and the browser row of B7 (bench/run.ts and run-browser.ts). */
export function browserSections(r: BrowserResult): BrowserSections {
  const b1b = r.fullSyncs.map((f) => [
    f.products.toLocaleString('en'),
    f.fullSync.n,
    ms(f.fullSync.median),
    ms(f.fullSync.p95),
    ms(f.fullSync.max),
    ms(f.firstTiles.median),
    f.products === 20_000 ? verdict(f.fullSync.p95, 1500) : '',
  ]);
  const row = (name: string, s: BrowserResult['start'], target: number) => [
    name,
    s.n,
    ms(s.median),
    ms(s.p95),
    ms(s.max),
    `${target} ms`,
    verdict(s.p95, target),
  ];
  const b6 = [
    row('start (reload) to ready to sell', r.start, 400),
    row('search as you type (keystroke to grid rendered)', r.search, 10),
    row('exact barcode lookup (catalog index)', r.barcode, 5),
    row('add to cart (tap to cart rendered)', r.addToCart, 16),
    row('complete a sale (tap to receipt, durable in IndexedDB)', r.completeSale, 15),
  ];
  return {
    b1b: [
      '## B1b — full sync to a fresh device in headless Chromium (IndexedDB)',
      'Target: 20,000 products p95 <= 1,500 ms. From the pairing code submitted (the first request) until',
      'ready to sell: every product in IndexedDB and in the catalog index, a sync finished, tiles on screen.',
      `Chromium ${r.chromium}, the built app served by the server; a new browser profile on disk (empty IndexedDB)`,
      'per run. "first tiles": until the first products showed, while the rest still downloads.',
      '',
      table(['products', 'runs', 'median', 'p95', 'max', 'first tiles (median)', 'target'], b1b),
      '',
    ],
    b6: [
      `## B6 — the cashier app in Chromium with ${r.products.toLocaleString('en')} products`,
      'Measured in the page with performance.now() around the real UI actions, until React committed',
      'the DOM; the app exposes its sync client to the benchmark only with `?bench=1` in the URL.',
      `Start: the first tiles show at median ${ms(r.startFirstTile.median)} ms after navigation (p95 ${ms(r.startFirstTile.p95)}).`,
      `Search: the catalog index alone takes median ${ms(r.searchIndex.median)}, p95 ${ms(r.searchIndex.p95)} ms per keystroke.`,
      `Barcode: mean ${r.barcodeMeanMs.toFixed(4)} ms per lookup over a batch (the page's timer resolves 0.1 ms).`,
      `Complete: the sync client's recordSale (the IndexedDB commit) is median ${ms(r.recordSale.median)},`,
      `p95 ${ms(r.recordSale.p95)} ms of it; the rest is rendering the receipt.`,
      '',
      table(['action', 'samples', 'median', 'p95', 'max', 'target (p95)', 'verdict'], b6),
      '',
    ],
    b7: [
      `Browser: JS heap of the cashier app with ${r.products.toLocaleString('en')} products, on the sell screen`,
      'after a reload and a forced GC (CDP HeapProfiler.collectGarbage). Target: <= 60 MB.',
      '',
      table(
        ['Runtime.getHeapUsage used (MB)', 'Performance.getMetrics JSHeapUsedSize (MB)', 'target'],
        [[r.heapUsedMb.toFixed(1), r.jsHeapUsedMb.toFixed(1), verdict(r.heapUsedMb, 60)]],
      ),
      '',
    ],
  };
}

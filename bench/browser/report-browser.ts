import { ms, table, verdict } from '../lib/report.ts';
import type { BrowserResult } from './bench-browser.ts';

/** The markdown sections B1b, B6 and the browser row of B7 (bench/run.ts and run-browser.ts). */
export function browserSections(r: BrowserResult): string[] {
  const b1b = r.fullSyncs.map((f) => [
    f.products.toLocaleString('en'),
    f.fullSync.n,
    ms(f.fullSync.median),
    ms(f.fullSync.p95),
    ms(f.fullSync.max),
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
  return [
    `## B1b — full sync to a fresh device in headless Chromium (IndexedDB)`,
    `Target: 20,000 products p95 <= 1,500 ms. From the pairing code submitted (the first request) until`,
    `ready to sell: every product in IndexedDB and in the catalog index, a sync finished, tiles on screen.`,
    `Chromium ${r.chromium}; a new browser context (empty IndexedDB) per run.`,
    '',
    table(['products', 'runs', 'median', 'p95', 'max', 'target'], b1b),
    '',
    `## B6 — the cashier app in Chromium with ${r.products.toLocaleString('en')} products`,
    'Measured in the page with performance.now() around the real UI actions (until React committed',
    'the DOM); the app exposes its sync client to the bench only with `?bench=1`.',
    `Search index alone: median ${ms(r.searchIndex.median)}, p95 ${ms(r.searchIndex.p95)} ms per keystroke;`,
    `Completing a sale: the sync client's recordSale (IndexedDB commit) median ${ms(r.recordSale.median)},`,
    `p95 ${ms(r.recordSale.p95)} ms of it; the rest is rendering the receipt.`,
    `Barcode lookups: mean ${r.barcodeMeanMs.toFixed(4)} ms over a batch (the timer resolves 0.1 ms).`,
    '',
    table(['action', 'samples', 'median', 'p95', 'max', 'target (p95)', 'verdict'], b6),
    '',
    `## B7 — browser JS heap with ${r.products.toLocaleString('en')} products`,
    'Target: <= 60 MB, after a forced GC (CDP HeapProfiler.collectGarbage) on the sell screen after a reload.',
    '',
    table(
      ['Runtime.getHeapUsage used (MB)', 'Performance.getMetrics JSHeapUsedSize (MB)', 'target'],
      [[r.heapUsedMb.toFixed(1), r.jsHeapUsedMb.toFixed(1), verdict(r.heapUsedMb, 60)]],
    ),
    '',
  ];
}

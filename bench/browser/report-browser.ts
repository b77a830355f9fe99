import { ms, table, verdict } from '@kasir/test-kit';
import type { Summary } from '../lib/stats.ts';
import type { BrowserResult } from './bench-browser.ts';
import type { HistoryResult, StorageRow } from './bench-history.ts';
import type { ImagesResult, UnderPrefetch } from './bench-images.ts';
import { RAW_GAP_MS, TAP_GAP_MS } from './bench-selling.ts';

export interface BrowserSections {
  /** B1b, placed after B1a. */
  readonly b1b: string[];
  /** B6. */
  readonly b6: string[];
  /** The browser heap of B7, placed under the server's B7 table. */
  readonly b7: string[];
}

const mb = (bytes: number | null): string => (bytes === null ? '—' : (bytes / 2 ** 20).toFixed(1));

/** A row of the history tables: action, samples, median, p95, max, and the target with its verdict. */
const actionRow = (name: string, x: Summary, target: number | null): (string | number)[] => [
  name,
  x.n,
  ms(x.median),
  ms(x.p95),
  ms(x.max),
  target === null ? '' : `${target} ms`,
  target === null ? '' : verdict(x.p95, target),
];

/** B1b and B6 with a sales history on the device, and storage after pruning (issue 16). */
function historyLines(h: HistoryResult): string[] {
  const s = h.storage;
  const store = (name: string, x: StorageRow) => [
    name,
    x.ownSales.toLocaleString('en'),
    x.branchSales.toLocaleString('en'),
    mb(x.usageBytes),
    mb(x.indexedDbBytes),
  ];
  return [
    `### With a sales history on the device (issue 16)`,
    `The device's journal holds ${h.sales.toLocaleString('en')} own sales (copies of a real one, synced and audited) made over`,
    `the ${h.fromDaysAgo - h.toDaysAgo} days before the last ${h.toDaysAgo} (the sale audit, which runs after every start, covers the last 7`,
    `days and would send seeded sales of those to this server, which never saw them); seeding took ${ms(h.seedMs)} ms.`,
    `B1b with history is "re-download" on the device (a full sync that keeps the sales) until ready to sell.`,
    `The starts were timed once the profile's IndexedDB files had not changed for 5 s after the seeding (${ms(h.startSettledMs)} ms):`,
    `a till's history was written over months and long compacted, these sales seconds before.`,
    `The sales were timed after the reloads, once the files were quiet again (${ms(h.settledMs)} ms):`,
    `B6 without history, too, times sales long after the device's start, not during the start's own reads and writes.`,
    '',
    table(
      ['action', 'samples', 'median', 'p95', 'max', 'target (p95)', 'verdict'],
      [
        actionRow(`B1b re-download of ${h.products.toLocaleString('en')} products`, h.redownload, 1500),
        actionRow('start (reload) to ready to sell', h.start, 400),
        actionRow('complete a sale (tap to receipt)', h.completeSale, 10),
        actionRow('of which recordSale', h.recordSale, null),
        actionRow('of which the strict transaction', h.commitSale, null),
      ],
    ),
    '',
    `Storage: ${s.sales.toLocaleString('en')} own sales over ${s.days} days (the older ones seeded in ${ms(s.seedMs)} ms), then the`,
    `retention job's prune with own sales kept ${s.ownSalesDays} days: it dropped ${s.pruned.toLocaleString('en')} in ${ms(s.pruneMs)} ms.`,
    `Usage is navigator.storage.estimate() for the origin (MB); IndexedDB's share where the browser reports it.`,
    '',
    table(
      ['when', 'own sales', 'branch sales', 'usage (MB)', 'IndexedDB (MB)'],
      [
        store('before the prune', s.before),
        store('after the prune', s.after),
        store('after a reload', s.afterReload),
      ],
    ),
    '',
  ];
}

/** B1b with both the pictures and a sales history on the device (issue 16). */
function withHistoryLines(h: NonNullable<ImagesResult['withHistory']>, n: string): string[] {
  return [
    `With a sales history too: on the same device, ${h.sales.toLocaleString('en')} own sales seeded as above (${ms(h.seedMs)} ms),`,
    `then "re-download" of the picture catalog (a full sync that keeps the sales) until ready to sell.`,
    '',
    table(
      ['action', 'samples', 'median', 'p95', 'max', 'target (p95)', 'verdict'],
      [actionRow(`B1b re-download of ${n} products with pictures and the history`, h.redownload, 1500)],
    ),
    '',
  ];
}

/** How the round under the idle prefetch went (imagesLines). */
function prefetchLines(p: UnderPrefetch): string[] {
  return [
    `The prefetch starts at the first 30 s check after a minute with no cart activity; the timing began once it had`,
    `fetched ${p.fetchedBefore} pictures. The searches are typed at about 5 keys a second (typing is no cart activity), in the same`,
    `page before it was idle and then in two passes under the prefetch; the sync engine's idle work (integrity check, sale`,
    `audit) starts in the same minute. ${p.fetchedAfterSearch - p.fetchedBefore} pictures were fetched during the two passes, and ${p.fetchedAfterSales - p.fetchedAfterSearch} after the first tap`,
    `of a sale (at most the one under way).`,
    `The first sale's first tap took ${ms(p.firstAddMs)} ms and its completion ${ms(p.firstCompleteMs)} ms.`,
    `Before the round, the page's first three sales after its start (the sale's code run for the first time) completed in`,
    `${p.firstSalesAfterStart.map((x) => ms(x)).join(', ')} ms; they are in none of the rows above.`,
  ];
}

/** B1b and B6 with a picture on every product, the service worker and the idle prefetch on (issue 16). */
function imagesLines(im: ImagesResult): string[] {
  const s = im.selling;
  const p = 'failed' in im.underPrefetch ? null : im.underPrefetch;
  const row = (name: string, x: Summary, target: number | null) => [
    name,
    x.n,
    '',
    '',
    ms(x.median),
    ms(x.p95),
    ms(x.max),
    target === null ? '' : `${target} ms`,
    target === null ? '' : verdict(x.p95, target),
  ];
  /** Without pictures (same run, the shop beside) and with, side by side. */
  const pair = (name: string, without: Summary, x: Summary, target: number | null) => {
    const r = row(name, x, target);
    r[2] = ms(without.median);
    r[3] = ms(without.p95);
    return r;
  };
  const q = im.plainSelling;
  const n = im.products.toLocaleString('en');
  return [
    `### With a picture on every product (issue 16)`,
    `Every one of the ${n} products has its own picture: ${im.seeded.basePictures} drawn pictures (a gradient, a disc and noise), each`,
    `product a copy with its number in an extra WebP chunk, so its own bytes, hash and URLs (bench/browser/seed-images.ts;`,
    `tiles ${(im.seeded.tileBytes / 1024).toFixed(1)} KB on average), stored straight in \`product_images\` and named on each product through`,
    `the server's service (seeding took ${ms(im.seeded.ms)} ms). The built app with its service worker`,
    `(${im.serviceWorker ? 'controlling the page' : '**not** controlling the page'}) and its idle prefetch, as in production. "without": the same`,
    `catalog without pictures on a second server in the same run, its B1b runs alternating with these and its B6 right before.`,
    `After a start, the ${im.tilesOnScreen} tiles on screen had their pictures decoded at median ${ms(im.picturesShown.median)} ms after`,
    `navigation (p95 ${ms(im.picturesShown.p95)}; ${im.tilePicturesShown} pictures shown). recordSale: median ${ms(s.recordSale.median)}, p95 ${ms(s.recordSale.p95)} ms.`,
    '',
    table(
      [
        'action',
        'samples',
        'without: median',
        'without: p95',
        'median',
        'p95',
        'max',
        'target (p95)',
        'verdict',
      ],
      [
        pair(`B1b full sync of ${n} products`, im.plainFullSync, im.fullSync, 1500),
        pair('B1b first tiles', im.plainFirstTiles, im.firstTiles, null),
        pair('start (reload) to ready to sell', q.start, s.start, 400),
        pair('search as you type (keystroke to grid rendered)', q.search, s.search, 10),
        pair('exact barcode lookup (catalog index)', q.barcode, s.barcode, 5),
        pair('add to cart (tap to cart rendered)', q.addToCart, s.addToCart, 16),
        pair('complete a sale (tap to receipt, durable in IndexedDB)', q.completeSale, s.completeSale, 10),
        pair(
          "complete a sale at a cashier's pace (previous sale synced)",
          q.paced.completeSale,
          s.paced.completeSale,
          10,
        ),
        ...(p === null
          ? []
          : [
              row("search at a cashier's pace (5 keys/s), till not idle: no prefetch", p.searchBaseline, 10),
              row('the same, first ~10 s of idle: prefetch and the idle checks start', p.searchIdleStart, 10),
              row('the same, next ~10 s: prefetch running', p.searchPrefetching, 10),
              row('add to cart, the first tap stopping the prefetch', p.addToCart, 16),
              row('complete a sale, right after the prefetch', p.completeSale, 10),
            ]),
      ],
    ),
    '',
    ...(p === null
      ? [
          `Under the idle prefetch: not measured, ${'failed' in im.underPrefetch ? im.underPrefetch.failed : ''}.`,
        ]
      : prefetchLines(p)),
    `The service worker's cache held ${im.cachedPictures.toLocaleString('en')} pictures at the end.`,
    '',
    ...(im.withHistory ? withHistoryLines(im.withHistory, n) : []),
  ];
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
    row('complete a sale (tap to receipt, durable in IndexedDB)', r.completeSale, 10),
    row("complete a sale at a cashier's pace (previous sale synced)", r.paced.completeSale, 10),
    [
      'stress: complete a sale back to back, tapped at once after the button painted',
      r.atOnce.completeSale.n,
      ms(r.atOnce.completeSale.median),
      ms(r.atOnce.completeSale.p95),
      ms(r.atOnce.completeSale.max),
      '',
      '',
    ],
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
      `Complete: the sync client's recordSale is median ${ms(r.recordSale.median)}, p95 ${ms(r.recordSale.p95)} ms of it`,
      `(the rest is rendering the receipt); of that, the store's strict IndexedDB transaction is median`,
      `${ms(r.commitSale.median)}, p95 ${ms(r.commitSale.p95)} ms. One strict transaction putting one row, alone in the`,
      `same page: median ${ms(r.rawStrict.median)}, p95 ${ms(r.rawStrict.p95)} ms back to back, and median ${ms(r.rawStrictSpaced.median)},`,
      `p95 ${ms(r.rawStrictSpaced.p95)} ms each ${RAW_GAP_MS} ms after the last (a disk and CPU woken from idle answer slower).`,
      `The tap on "complete" comes ${TAP_GAP_MS} ms after the enabled button was painted: no cashier taps it sooner`,
      'after the tap before it (quick cash). Tapped in the same millisecond, the sale shares the two cores with that',
      "frame's raster and compositing (software GL here): the stress row, whose strict transaction is median",
      `${ms(r.atOnce.commitSale.median)}, p95 ${ms(r.atOnce.commitSale.p95)} ms.`,
      `Sales run back to back (the previous sale's push, pull and re-render overlap the next), and again at a`,
      `cashier's pace, each after the previous one synced: recordSale median ${ms(r.paced.recordSale.median)}, p95`,
      `${ms(r.paced.recordSale.p95)} ms, the strict transaction median ${ms(r.paced.commitSale.median)}, p95 ${ms(r.paced.commitSale.p95)} ms.`,
      '',
      table(['action', 'samples', 'median', 'p95', 'max', 'target (p95)', 'verdict'], b6),
      '',
      ...(r.history ? historyLines(r.history) : []),
      ...(r.images ? imagesLines(r.images) : []),
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

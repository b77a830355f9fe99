import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { benchPull, type PullResult } from './b1-b2-pull.ts';
import { benchFanout, type FanoutResult } from './b3-fanout.ts';
import { benchIngestion, type B4Result } from './b4-ingestion.ts';
import { benchQueued, type QueuedResult } from './b5-queued.ts';
import { B8_FULL, B8_QUICK, benchBackOffice, type B8Result } from './b8-back-office.ts';
import { benchBrowser, CHROMIUM, type BrowserResult } from './browser/bench-browser.ts';
import { browserSections } from './browser/report-browser.ts';
import type { Summary } from './lib/stats.ts';
import {
  ENGINES,
  commit,
  machine,
  machineSpeed,
  machineSpeedLine,
  ms,
  table,
  verdict,
  type Engine,
} from '@kasir/test-kit';

/**
 * `npm run bench`: runs the benchmarks against real server processes on SQLite and PostgreSQL and
 * writes docs/benchmarks.md and docs/benchmarks.json. `--quick` runs small sizes (a smoke test).
 * The browser benchmarks (B1b, B6, B7 heap; bench/browser) build apps/pos and run it in headless
 * Chromium; they are skipped, with a note in the report, when there is no Chromium.
 * `--only B8` (or `--only B1,B4`; names: B1 for B1a and B2, B3, B4, B5, B8, browser) runs only
 * those and prints the report instead of writing it, so a partial run never replaces the full one.
 * `--engine postgres` (or `sqlite`) runs only that engine, and also prints instead of writing.
 */
const quick = process.argv.includes('--quick');
const BENCHES = ['B1', 'B3', 'B4', 'B5', 'B8', 'browser'] as const;
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt < 0 ? null : new Set((process.argv[onlyAt + 1] ?? '').split(','));
if (
  only !== null &&
  (only.size === 0 || [...only].some((b) => !(BENCHES as readonly string[]).includes(b)))
) {
  console.error(`--only takes a comma-separated list of ${BENCHES.join(', ')}`);
  process.exit(2);
}
const engineAt = process.argv.indexOf('--engine');
const engineArg = engineAt < 0 ? null : (process.argv[engineAt + 1] ?? '');
if (engineArg !== null && !(ENGINES as readonly string[]).includes(engineArg)) {
  console.error(`--engine takes one of ${ENGINES.join(', ')}`);
  process.exit(2);
}
/** The engines of this run. */
const engines = ENGINES.filter((e) => engineArg === null || e === engineArg);
/** Whether benchmark `name` is in this run. */
const runs = (name: (typeof BENCHES)[number]) => only === null || only.has(name);
const log = (s: string) => console.log(`[bench] ${s}`);

/** B4 at 50 devices: sales/s at least, p95 ms at most. PostgreSQL's are issue 18's. */
const B4_TARGET: Record<Engine, { perSecond: number; p95: number }> = {
  sqlite: { perSecond: 1000, p95: 50 },
  postgres: { perSecond: 2000, p95: 25 },
};
/** B5: 10,000 queued sales acknowledged within (ms). */
const B5_TARGET_MS: Record<Engine, number> = { sqlite: 10_000, postgres: 5_000 };

async function main() {
  const started = new Date();
  // Before anything else runs: how fast the machine is, for comparing reports across machines.
  const speed = machineSpeed();
  const pulls: PullResult[] = [];
  for (const engine of runs('B1') ? engines : []) {
    for (const n of quick ? [2_000] : [5_000, 20_000, 100_000]) {
      log(`B1/B2 ${engine} ${n} products`);
      pulls.push(await benchPull(engine, n, n >= 100_000 ? 2 : 5));
    }
  }
  const fanouts: FanoutResult[] = [];
  for (const engine of runs('B3') ? engines : []) {
    for (const n of quick ? [1, 10] : [1, 10, 100, 1000]) {
      log(`B3 ${engine} N=${n}`);
      fanouts.push(await benchFanout(engine, n, quick ? 5 : 50));
    }
  }
  const ingestion: B4Result[] = [];
  for (const engine of runs('B4') ? engines : []) {
    for (const devices of quick ? [10] : [10, 50, 200]) {
      log(`B4 ${engine} ${devices} devices`);
      ingestion.push(await benchIngestion(engine, devices, quick ? 2 : 8));
    }
  }
  const queued: QueuedResult[] = [];
  for (const engine of runs('B5') ? engines : []) {
    log(`B5 ${engine}`);
    queued.push(await benchQueued(engine, quick ? 1_000 : 10_000));
  }

  const backOffice: B8Result[] = [];
  for (const engine of runs('B8') ? engines : []) {
    log(`B8 ${engine}`);
    backOffice.push(await benchBackOffice(engine, quick ? B8_QUICK : B8_FULL, log));
  }

  let browser: BrowserResult | null = null;
  let browserSkipped = '';
  if (!runs('browser')) {
    browserSkipped = 'not asked for (--only)';
  } else if (existsSync(CHROMIUM)) {
    log('B1b/B6/B7 in Chromium');
    browser = await benchBrowser(
      quick
        ? { sizes: [2_000], runs: 2, history: { sales: 2_000, storageSales: 5_000 } }
        : { sizes: [5_000, 20_000, 100_000] },
    );
  } else {
    browserSkipped = `no Chromium at ${CHROMIUM} (set CHROMIUM_PATH, or apt install chromium)`;
    log(`B1b/B6/B7 skipped: ${browserSkipped}`);
  }

  const sections = browser ? browserSections(browser) : null;
  const skipped = [`Not measured in this run: the browser benchmarks were skipped (${browserSkipped}).`, ''];

  const m = machine();
  const header = [
    '# Benchmarks',
    '',
    `Measured ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC on commit ${commit()}${quick ? ' (quick run: small sizes)' : ''}.`,
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}, Node ${m.node}.`,
    machineSpeedLine(speed),
    '',
    'Every number below comes from `npm run bench` (bench/run.ts); the server runs in its own process',
    '(as `npm start` runs it) and the clients in the benchmark process, on the same machine.',
    'Times are milliseconds: median, p95, max over the runs.',
    '',
  ];
  /** One row: engine, size, median, p95 and max of `s`, and the verdict. */
  const row = (engine: string, size: string | number, s: Summary, target: string) => [
    engine,
    size,
    ms(s.median),
    ms(s.p95),
    ms(s.max),
    target,
  ];
  const b1 = pulls.map((r) =>
    row(
      r.engine,
      r.products.toLocaleString('en'),
      r.fullSync,
      r.products === 20_000 ? verdict(r.fullSync.p95, 500) : '',
    ),
  );
  const b2 = pulls.map((r) =>
    row(r.engine, r.products.toLocaleString('en'), r.incremental, verdict(r.incremental.p95, 20)),
  );
  const b3target: Record<number, number> = { 1: 15, 10: 30, 100: 100, 1000: 500 };
  const b3 = fanouts.map((r) => [
    r.engine,
    r.devices,
    r.allHaveIt.n,
    ms(r.allHaveIt.median),
    ms(r.allHaveIt.p95),
    ms(r.allHaveIt.max),
    verdict(r.allHaveIt.p95, b3target[r.devices] ?? Infinity),
  ]);
  const b4 = ingestion.map((r) => [
    r.engine,
    r.devices,
    r.sales,
    r.salesPerSecond.toFixed(0),
    ms(r.latency.median),
    ms(r.latency.p95),
    ms(r.latency.max),
    r.exactlyOnce ? 'yes' : '**NO**',
    r.devices === 50
      ? `${verdict(r.salesPerSecond, B4_TARGET[r.engine].perSecond, 'higher')} / ${verdict(r.latency.p95, B4_TARGET[r.engine].p95)}`
      : '',
  ]);
  const b5 = queued.map((r) => [
    r.engine,
    r.sales.toLocaleString('en'),
    ms(r.ms),
    r.exactlyOnce ? 'yes' : '**NO**',
    verdict(r.ms, B5_TARGET_MS[r.engine]),
  ]);
  const b8 = backOffice.map((r) => [
    r.engine,
    `${r.size.sales.toLocaleString('en')} / ${r.size.branches} / ${r.size.products.toLocaleString('en')}`,
    `${ms(r.dashboard.median)} / ${ms(r.dashboard.p95)} ${verdict(r.dashboard.p95, 100)}`,
    `${ms(r.salesPage.median)} / ${ms(r.salesPage.p95)} ${verdict(r.salesPage.p95, 50)}`,
    `${ms(r.productSearch.median)} / ${ms(r.productSearch.p95)} ${verdict(r.productSearch.p95, 50)}`,
    `${ms(r.importMs)} ${verdict(r.importMs, 10_000)}`,
    (r.seedMs / 1000).toFixed(0),
  ]);
  const b7 = fanouts
    .filter((r) => r.devices === Math.max(...fanouts.map((f) => f.devices)))
    .map((r) => [
      r.engine,
      r.devices,
      r.serverRssMb.toFixed(0),
      r.devices >= 1000 ? verdict(r.serverRssMb, 250) : '',
    ]);
  const md = [
    ...header,
    '## B1a — full sync to a fresh device (Node client, in-memory store)',
    'Target: 20,000 products p95 <= 500 ms. Founding document: 2-3 min.',
    '',
    table(['engine', 'products', 'median', 'p95', 'max', 'target'], b1),
    '',
    ...(sections?.b1b ?? ['## B1b — full sync to a fresh device in headless Chromium', ...skipped]),
    '## B2 — incremental pull of 100 changed products',
    'Target: p95 <= 20 ms.',
    '',
    table(['engine', 'catalog', 'median', 'p95', 'max', 'target'], b2),
    '',
    '## B3 — a sale on device A until all N devices of the branch have it (one sale every 100 ms)',
    'Targets (p95): N=1 15 ms, 10 30 ms, 100 100 ms, 1,000 500 ms. Each configuration starts its own server; the first',
    '5 sales warm it up untimed, then the next are timed (the samples column).',
    '',
    table(['engine', 'N', 'samples', 'median', 'p95', 'max', 'target'], b3),
    '',
    '## B4 — sale ingestion (sales of 3 lines, every device posting back to back)',
    'Targets at 50 devices: SQLite >= 1,000 sales/s with p95 <= 50 ms; PostgreSQL >= 2,000 sales/s with p95 <= 25 ms (issue 18).',
    '',
    table(['engine', 'devices', 'sales', 'sales/s', 'median', 'p95', 'max', 'exactly once', 'target'], b4),
    '',
    '## B5 — sales queued offline on one device, reconnect to all acknowledged',
    'Target: 10,000 sales <= 10 s on SQLite, <= 5 s on PostgreSQL (issue 18).',
    '',
    table(['engine', 'sales', 'ms', 'exactly once', 'target'], b5),
    '',
    ...(sections?.b6 ?? ['## B6 — the cashier app in Chromium with 20,000 products', ...skipped]),
    '## B7 — memory: the server with connected devices, the browser with the catalog',
    'Target: server RSS <= 250 MB with 1,000 connected devices.',
    '',
    table(['engine', 'connected devices', 'server RSS (MB)', 'target'], b7),
    '',
    ...(sections?.b7 ?? skipped),
    '## B8 — the back office on a big shop',
    'Targets: dashboard of one branch and day p95 <= 100 ms; sales list page (100 rows and the totals) p95 <= 50 ms;',
    'product search p95 <= 50 ms; CSV import of 20,000 products <= 10 s from the first upload to every online till',
    "having them. Sales seeded with SQL (bench/b8-back-office.ts), summaries built by the server's recount.",
    'Times: median / p95 in ms; the import in ms.',
    '',
    table(
      [
        'engine',
        'sales / branches / products',
        'dashboard',
        'sales page',
        'product search',
        'CSV import',
        'seed s',
      ],
      b8,
    ),
    '',
    '## PouchDB side by side',
    '`npm run bench:peers` (docs/benchmarks-peers.md).',
    '',
  ].join('\n');
  if (only !== null || engineArg !== null) {
    console.log(md);
    return;
  }
  mkdirSync('docs', { recursive: true });
  writeFileSync(quick ? 'docs/benchmarks.quick.md' : 'docs/benchmarks.md', md);
  writeFileSync(
    quick ? 'docs/benchmarks.quick.json' : 'docs/benchmarks.json',
    `${JSON.stringify({ started: started.toISOString(), commit: commit(), machine: m, pulls, fanouts, ingestion, queued, backOffice, browser }, null, 2)}\n`,
  );
  log(
    `written docs/benchmarks${quick ? '.quick' : ''}.md in ${((Date.now() - started.getTime()) / 1000).toFixed(0)} s`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

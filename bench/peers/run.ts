import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchPull, type PullResult } from '../b1-b2-pull.ts';
import { benchFanout, type FanoutResult } from '../b3-fanout.ts';
import { commit, machine, ms, table } from '@kasir/test-kit';
import type { Summary } from '../lib/stats.ts';
import type { FanoutMode, PouchFanoutResult, PouchPullResult } from './pouch-bench.ts';

/**
 * `npm run bench:peers`: installs PouchDB 9 + express-pouchdb 4 into bench/peers (on its own, not
 * part of the normal install), runs the same B1a, B2 and B3 workloads on it and on Kasir (SQLite)
 * in the same run, and writes docs/benchmarks-peers.md and docs/benchmarks-peers.json.
 * `--quick` runs small sizes (a smoke test, written to docs/benchmarks-peers.quick.*);
 * `--with-1000` adds B3 with 1,000 devices (slow on PouchDB).
 */
const quick = process.argv.includes('--quick');
const with1000 = process.argv.includes('--with-1000');
const log = (s: string) => console.log(`[bench:peers] ${s}`);

const PEERS = fileURLToPath(new URL('.', import.meta.url));
const NEEDED = ['pouchdb-node', 'pouchdb-adapter-memory', 'express-pouchdb', 'express'];

function installPeers(): void {
  if (NEEDED.every((p) => existsSync(`${PEERS}node_modules/${p}/package.json`))) return;
  log('installing PouchDB 9 + express-pouchdb 4 into bench/peers');
  execSync(`npm install --prefix "${PEERS}" --no-audit --no-fund`, { stdio: 'inherit' });
}

const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(', ');

/** Runs one case; a failure is recorded (and reported) instead of ending the run. */
async function attempt<T>(what: string, errors: string[], f: () => Promise<T>): Promise<T | undefined> {
  log(what);
  const t0 = Date.now();
  try {
    const r = await f();
    log(`  done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return r;
  } catch (e) {
    const msg = `${what}: ${e instanceof Error ? e.message : String(e)}`;
    log(`  FAILED ${msg}`);
    errors.push(msg);
    return undefined;
  }
}

/** Kasir / PouchDB: below 1 means Kasir takes less time. */
const ratio = (k: number | undefined, p: number | undefined): string =>
  k === undefined || p === undefined || !(p > 0) ? '—' : `${(k / p).toFixed(k / p < 0.1 ? 3 : 2)}`;
const cell = (s: Summary | undefined, key: 'median' | 'p95' | 'max'): string =>
  s === undefined ? 'failed' : ms(s[key]);

async function main() {
  installPeers();
  // A PouchDB client whose server was stopped under it (after a failed case) may reject a request
  // nobody awaits any more: note it and go on with the next case instead of ending the run.
  process.on('unhandledRejection', (e) =>
    log(`  (after a case) ${e instanceof Error ? e.message : String(e)}`),
  );
  const { pouchPull, pouchFanout } = await import('./pouch-bench.ts');
  const started = new Date();
  const loadAtStart = load();
  const errors: string[] = [];

  const sizes = quick ? [2_000] : [5_000, 20_000, 100_000];
  const pulls: { products: number; kasir?: PullResult; pouch?: PouchPullResult }[] = [];
  for (const n of sizes) {
    const runs = quick ? 2 : n >= 100_000 ? 2 : 5;
    const kasir = await attempt(`Kasir B1a/B2 sqlite ${n} products`, errors, () =>
      benchPull('sqlite', n, runs),
    );
    const pouch = await attempt(`PouchDB P1/P2 ${n} products`, errors, () => pouchPull(n, runs));
    pulls.push({ products: n, ...(kasir && { kasir }), ...(pouch && { pouch }) });
  }

  const modes: FanoutMode[] = ['replication', 'changes'];
  const fanouts: {
    devices: number;
    kasir?: FanoutResult;
    pouch: Partial<Record<FanoutMode, PouchFanoutResult>>;
  }[] = [];
  const sales = quick ? 5 : 20;
  for (const n of [1, 10, ...(quick ? [] : [100]), ...(with1000 ? [1000] : [])]) {
    const kasir = await attempt(`Kasir B3 sqlite N=${n}`, errors, () => benchFanout('sqlite', n, sales));
    const pouch: Partial<Record<FanoutMode, PouchFanoutResult>> = {};
    for (const mode of modes) {
      const r = await attempt(`PouchDB P3 (${mode}) N=${n}`, errors, () => pouchFanout(n, sales, mode));
      if (r !== undefined) pouch[mode] = r;
    }
    fanouts.push({ devices: n, ...(kasir && { kasir }), pouch });
  }
  const finished = new Date();
  const loadAtEnd = load();

  const m = machine();
  const sha = commit();
  /** One row: Kasir's median and p95, PouchDB's median, p95 and max, and the ratios. */
  const sideBySide = (label: string, kasir: Summary | undefined, pouch: Summary | undefined) => [
    label,
    cell(kasir, 'median'),
    cell(kasir, 'p95'),
    cell(pouch, 'median'),
    cell(pouch, 'p95'),
    cell(pouch, 'max'),
    ratio(kasir?.median, pouch?.median),
    ratio(kasir?.p95, pouch?.p95),
  ];
  const pullRows = (key: 'fullSync' | 'incremental') =>
    pulls.map((r) => sideBySide(r.products.toLocaleString('en'), r.kasir?.[key], r.pouch?.[key]));
  const b1 = pullRows('fullSync');
  const b2 = pullRows('incremental');
  const b3 = (mode: FanoutMode) =>
    fanouts.map((r) =>
      sideBySide(r.devices.toLocaleString('en'), r.kasir?.allHaveIt, r.pouch[mode]?.allHaveIt),
    );
  const rss = fanouts.map((r) => [
    r.devices.toLocaleString('en'),
    r.kasir === undefined ? 'failed' : r.kasir.serverRssMb.toFixed(0),
    r.pouch.replication === undefined ? 'failed' : r.pouch.replication.serverRssMb.toFixed(0),
    r.pouch.changes === undefined ? 'failed' : r.pouch.changes.serverRssMb.toFixed(0),
  ]);
  const head = ['median', 'p95', 'PouchDB median', 'PouchDB p95', 'PouchDB max', 'ratio median', 'ratio p95'];
  const md = [
    '# Benchmarks: Kasir side by side with PouchDB',
    '',
    `Measured ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC (${((finished.getTime() - started.getTime()) / 60_000).toFixed(1)} min) on commit ${sha}${quick ? ' (quick run: small sizes)' : ''}.`,
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}, Node ${m.node}.`,
    `Load average (1, 5, 15 min) at start: ${loadAtStart}; at end: ${loadAtEnd} (other work was running on the machine).`,
    '',
    'Every number below comes from one run of `npm run bench:peers` (bench/peers/run.ts).',
    '',
    '## Side by side with PouchDB',
    '',
    'Kasir: the real server (`npm start`) on SQLite in its own process; the devices are the real sync',
    'engine (packages/sync) with its in-memory store, in the benchmark process (bench/b1-b2-pull.ts,',
    'bench/b3-fanout.ts). PouchDB: PouchDB 9 behind express-pouchdb 4 (`minimumForPouchDB` mode, the',
    'lightest it has) on leveldb (leveldown) in its own process; the devices are PouchDB 9 with the',
    'memory adapter in the benchmark process (bench/peers/pouch-bench.ts). Same workloads, same demo',
    'catalog (apps/server/src/demo/demo-catalog.ts, the same fields per product), same machine.',
    'Times in milliseconds over the runs; **ratio = Kasir / PouchDB** (below 1: Kasir takes less time).',
    '',
    '### B1a / P1 — full sync of the catalog to a fresh device, first request to done',
    `PouchDB: \`PouchDB.replicate(server, fresh memory db, { batch_size: ${500} })\`. Runs: ${quick ? 2 : '5 (2 at 100,000)'}.`,
    '',
    table(['products', 'Kasir median', 'Kasir p95', ...head.slice(2)], b1),
    '',
    '### B2 / P2 — incremental pull of 100 changed products to a device that has everything',
    'PouchDB: one-shot replication from the device’s checkpoint after 100 products changed on the server.',
    `Runs: ${quick ? 6 : '15 (6 at 100,000)'}.`,
    '',
    table(['catalog', 'Kasir median', 'Kasir p95', ...head.slice(2)], b2),
    '',
    '### B3 / P3 — a sale on device A until all N devices of the branch have it (one sale every 100 ms)',
    `Device A writes the sale through the server (Kasir: \`POST /api/sales\`; PouchDB: a \`PUT\` of the`,
    `sale document); the time runs from the start of that request until the last of the N devices has`,
    `the sale. ${sales} sales per N. Kasir's devices receive it over Socket.IO.`,
    '',
    'PouchDB devices with a **live pull replication** into their own memory database (they have the sale',
    'locally, as a Kasir device does):',
    '',
    table(['N', 'Kasir median', 'Kasir p95', ...head.slice(2)], b3('replication')),
    '',
    "PouchDB devices with a **live `changes` feed** (`since: 'now'`, `include_docs: true`) on the server",
    'database (they are told, nothing is stored; the lighter of the two):',
    '',
    table(['N', 'Kasir median', 'Kasir p95', ...head.slice(2)], b3('changes')),
    '',
    '### Server memory at the end of B3 / P3',
    '',
    table(['N', 'Kasir RSS (MB)', 'PouchDB RSS, replication (MB)', 'PouchDB RSS, changes (MB)'], rss),
    '',
    ...(errors.length === 0
      ? []
      : ['### What failed in this run', '', ...errors.map((e) => `- ${e.replaceAll('\n', ' ')}`), '']),
    ...(with1000
      ? []
      : ['N = 1,000 was not run for PouchDB or Kasir here (`npm run bench:peers -- --with-1000`).', '']),
  ].join('\n');
  const base = quick ? 'docs/benchmarks-peers.quick' : 'docs/benchmarks-peers';
  mkdirSync('docs', { recursive: true });
  writeFileSync(`${base}.md`, md);
  writeFileSync(
    `${base}.json`,
    `${JSON.stringify(
      {
        started: started.toISOString(),
        finished: finished.toISOString(),
        commit: sha,
        machine: m,
        loadAverage: { start: loadAtStart, end: loadAtEnd },
        pulls,
        fanouts,
        errors,
      },
      null,
      2,
    )}\n`,
  );
  log(`written ${base}.md in ${((finished.getTime() - started.getTime()) / 1000).toFixed(0)} s`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

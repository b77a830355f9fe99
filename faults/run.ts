/**
 * `npm run test:faults -- [--seed N] [--duration S] [--devices N] [--fuzz-runs N]`: the fault
 * suite's long run (issue 6). Runs every scenario of `faults/` with the given seed, seconds of
 * selling per timed scenario and devices, then the abuse contracts (authorization matrix, input
 * fuzzing, slow bodies and connection floods, lockouts from another address) with more inputs, on SQLite and PostgreSQL, and writes docs/reliability.md and
 * docs/reliability.json from the figures each scenario reported. The same tests run short in
 * `npm test` (CI).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { commit, machine, table } from '../bench/lib/report.ts';
import type { FaultFigures } from './lib/fault-report.ts';

interface AbuseLine {
  readonly kind: 'abuse';
  readonly engine: string;
  readonly inputClass: string;
  readonly tried: number;
  readonly answers: Readonly<Record<string, number>>;
}

const ROOT = resolve(import.meta.dirname, '..');

function positiveInt(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got ${raw}`);
  return n;
}

function main(): number {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: String(Math.floor(Date.now() / 1000) % 100_000) },
      duration: { type: 'string', default: '60' },
      devices: { type: 'string', default: '20' },
      'fuzz-runs': { type: 'string', default: '2000' },
      out: { type: 'string', default: join(ROOT, 'docs') },
    },
  });
  const seed = positiveInt('seed', values.seed);
  const duration = positiveInt('duration', values.duration);
  const devices = positiveInt('devices', values.devices);
  const fuzzRuns = positiveInt('fuzz-runs', values['fuzz-runs']);
  const report = join(mkdtempSync(join(tmpdir(), 'kasir-faults-')), 'figures.jsonl');
  const env = {
    ...process.env,
    KASIR_FAULT_SEED: String(seed),
    KASIR_FAULT_DURATION_S: String(duration),
    KASIR_FAULT_DEVICES: String(devices),
    KASIR_FAULT_REPORT: report,
    KASIR_FUZZ_RUNS: String(fuzzRuns),
    KASIR_FUZZ_SEED: String(seed),
  };
  const started = new Date();
  console.log(
    `[faults] seed ${seed}, ${duration} s per timed scenario, ${devices} devices, ${fuzzRuns} fuzzed bodies per route`,
  );
  const vitest = (args: string[]): number => {
    const r = spawnSync('npx', ['vitest', 'run', ...args], { cwd: ROOT, env, stdio: 'inherit' });
    return r.status ?? 1;
  };
  // A scenario's own timeout grows with the duration it was asked to run.
  const timeout = String(Math.max(600, duration * 12) * 1000);
  const faultsExit = vitest(['--project', 'faults', `--testTimeout=${timeout}`]);
  const abuseExit = vitest([
    '--project',
    'server',
    `--testTimeout=${timeout}`,
    '-t',
    'authorization matrix|input fuzzing|transport abuse|lockout abuse',
    'apps/server/src/test/contract.test.ts',
    'apps/server/src/test/contract.pg.test.ts',
  ]);
  const wallS = (Date.now() - started.getTime()) / 1000;

  const lines = existsSync(report)
    ? readFileSync(report, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as (FaultFigures & { kind?: undefined }) | AbuseLine)
    : [];
  const faults = lines.filter((l): l is FaultFigures & { kind?: undefined } => l.kind !== 'abuse');
  const abuse = lines.filter((l): l is AbuseLine => l.kind === 'abuse');
  const ok = faultsExit === 0 && abuseExit === 0;
  const md = render({
    started,
    wallS,
    seed,
    duration,
    devices,
    fuzzRuns,
    faults,
    abuse,
    ok,
    faultsExit,
    abuseExit,
  });
  writeFileSync(join(values.out, 'reliability.md'), md);
  writeFileSync(
    join(values.out, 'reliability.json'),
    `${JSON.stringify({ started, wallS, seed, duration, devices, fuzzRuns, commit: commit(), machine: machine(), ok, faults, abuse }, null, 2)}\n`,
  );
  console.log(
    `[faults] ${ok ? 'passed' : 'FAILED'} in ${Math.round(wallS)} s; wrote ${join(values.out, 'reliability.md')}`,
  );
  return ok ? 0 : 1;
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const faultText = (f: Readonly<Record<string, number>>): string =>
  Object.entries(f)
    .map(([k, v]) => `${k}: ${v.toLocaleString('en')}`)
    .join('; ');

function render(r: {
  started: Date;
  wallS: number;
  seed: number;
  duration: number;
  devices: number;
  fuzzRuns: number;
  faults: readonly FaultFigures[];
  abuse: readonly AbuseLine[];
  ok: boolean;
  faultsExit: number;
  abuseExit: number;
}): string {
  const m = machine();
  const byKind = new Map<string, number>();
  for (const f of r.faults)
    for (const [k, v] of Object.entries(f.faults)) byKind.set(k, (byKind.get(k) ?? 0) + v);
  const totals = {
    sales: sum(r.faults.map((f) => f.salesMade)),
    lost: sum(r.faults.map((f) => f.salesLost)),
    duplicated: sum(r.faults.map((f) => f.salesDuplicated)),
    skipped: sum(r.faults.map((f) => f.skippedChanges)),
    leaks: sum(r.faults.map((f) => f.crossBranchLeaks)),
  };
  return [
    '# Reliability: the fault and abuse suite',
    '',
    `Run ${r.started.toISOString().slice(0, 16).replace('T', ' ')} UTC on commit ${commit()}, ${Math.round(r.wallS / 60)} minutes (${Math.round(r.wallS)} s) in all.`,
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}, Node ${m.node}.`,
    `Command: \`npm run test:faults -- --seed ${r.seed} --duration ${r.duration} --devices ${r.devices} --fuzz-runs ${r.fuzzRuns}\``,
    `(seed ${r.seed}; ${r.duration} s of selling per timed scenario; ${r.devices} devices in the many-device scenarios).`,
    `Result: **${r.ok ? 'every scenario passed' : `FAILED (faults exit ${r.faultsExit}, abuse exit ${r.abuseExit})`}**.`,
    '',
    "Every scenario checks the invariant at its end, against the devices' stores and the server:",
    'every sale a device recorded is on the server exactly once with the right stock effect, every',
    "device shows what the server holds (no skipped change), and no device holds another branch's data.",
    'The short seeded version of the same tests runs in `npm test` (CI).',
    '',
    '## Totals',
    '',
    table(
      ['sales made', 'sales lost', 'sales duplicated', 'skipped changes', 'cross-branch leaks'],
      [[totals.sales.toLocaleString('en'), totals.lost, totals.duplicated, totals.skipped, totals.leaks]],
    ),
    '',
    'Faults injected, by kind:',
    '',
    table(
      ['fault', 'injected'],
      [...byKind].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, v.toLocaleString('en')]),
    ),
    '',
    '## By scenario',
    '',
    table(
      [
        'scenario',
        'engine',
        'devices',
        'seconds',
        'sales made',
        'faults',
        'lost',
        'duplicated',
        'skipped',
        'leaks',
        'other',
      ],
      r.faults.map((f) => [
        f.scenario,
        f.engine,
        f.devices,
        Math.round(f.durationS),
        f.salesMade.toLocaleString('en'),
        faultText(f.faults),
        f.salesLost,
        f.salesDuplicated,
        f.skippedChanges,
        f.crossBranchLeaks,
        f.extra === undefined
          ? ''
          : Object.entries(f.extra)
              .map(([k, v]) => `${k}: ${typeof v === 'number' ? v.toLocaleString('en') : v}`)
              .join('; '),
      ]),
    ),
    '',
    '## Abuse: what was tried and how it was answered',
    '',
    'Answers are HTTP statuses; "200, mutation rejected" is a push whose bad mutation was rejected on',
    'its own (S9). After every class the server was healthy and nothing stored before had changed',
    '(the tests assert both).',
    '',
    table(
      ['engine', 'input', 'tried', 'answers'],
      r.abuse.map((a) => [a.engine, a.inputClass, a.tried.toLocaleString('en'), faultText(a.answers)]),
    ),
    '',
  ].join('\n');
}

process.exit(main());

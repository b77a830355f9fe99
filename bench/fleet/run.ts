import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  commit,
  machine,
  machineSpeed,
  machineSpeedLine,
  ms,
  table,
  type MachineSpeed,
} from '@kasir/test-kit';
import { ensureHaproxy } from './balancer.ts';
import { startFleet, type FleetResult, type FleetShape, type ProcessUsage } from './fleet.ts';
import { groupBy, spread, type Spread } from './layout-summary.ts';

/**
 * `npm run bench:fleet`: server processes behind HAProxy (deploy/haproxy.cfg) on PostgreSQL +
 * Redis, simulated devices (a realtime socket each, one selling device per branch) across branches.
 * Rounds: 1 process; N processes with each branch on one process (the shipped config); N processes
 * round-robin (no affinity, for comparison); then N processes again with kill -9 of one mid-run and
 * the exactly-once check. Writes docs/benchmarks-fleet.md (`--print` prints it instead).
 *
 * Flags: --processes N (4), --branches B (100, as issue 18 asks), --devices D per branch (5), --rate sales/s (40),
 * --seconds S measured per round (20), --warmup S before it (5), --fleet-warmup S more before a
 * fleet's first round (15), --repeats R of each layout (4),
 * --seed (18), --no-kill, --trace <file> (every measured sale as JSON), --print. PostgreSQL is KASIR_TEST_DATABASE_URL, Redis KASIR_BENCH_REDIS_URL.
 */
/** A numeric flag: positive, or also 0 when `zero` (a warm-up may be left out). */
const arg = (name: string, fallback: number, zero = false): number => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i < 0 ? undefined : Number(process.argv[i + 1]);
  if (v !== undefined && !(Number.isFinite(v) && (v > 0 || (zero && v === 0)))) {
    console.error(`--${name} takes a ${zero ? 'non-negative' : 'positive'} number`);
    process.exit(2);
  }
  return v ?? fallback;
};
const processes = arg('processes', 4);
const repeats = arg('repeats', 4);
const base = {
  branches: arg('branches', 100),
  devicesPerBranch: arg('devices', 5),
  salesPerSecond: arg('rate', 40),
  seconds: arg('seconds', 20),
  warmupSeconds: arg('warmup', 5, true),
  seed: arg('seed', 18),
};
const tracePath = (() => {
  const i = process.argv.indexOf('--trace');
  return i < 0 ? undefined : process.argv[i + 1];
})();
const log = (s: string) => console.log(`[fleet] ${s}`);

async function main(): Promise<void> {
  const haproxy = ensureHaproxy(log);
  const started = new Date();
  // Before anything else runs: how fast the machine is, for comparing reports across machines.
  const speed = machineSpeed();
  const layouts: FleetShape[] = [
    { ...base, processes: 1, routing: 'branch', kill: false },
    { ...base, processes, routing: 'branch', kill: false },
    { ...base, processes, routing: 'spread', kill: false },
  ];
  // Interleaved, each repeat starting one layout later, so a drift of the machine's speed during
  // the run falls on every layout alike.
  const rounds: FleetShape[] = [];
  for (let r = 0; r < repeats; r++) {
    for (let i = 0; i < layouts.length; i++) rounds.push(layouts[(i + r) % layouts.length]!);
  }
  if (!process.argv.includes('--no-kill')) rounds.push({ ...base, processes, routing: 'branch', kill: true });
  const setup = {
    branches: base.branches,
    devicesPerBranch: base.devicesPerBranch,
    warmupSeconds: arg('fleet-warmup', 15, true),
  };
  log(`starting a 1-process fleet and a ${processes}-process fleet`);
  const one = await startFleet({ ...setup, processes: 1 }, log);
  const many = await startFleet({ ...setup, processes }, log).catch(async (e: unknown) => {
    await one.close();
    throw e;
  });
  const results: FleetResult[] = [];
  try {
    for (const [n, shape] of rounds.entries()) {
      log(`round ${n + 1}/${rounds.length}: ${label(shape)}${shape.kill ? ', kill -9' : ''}`);
      const r = await (shape.processes === 1 ? one : many).round(shape);
      log(
        `  ${r.sales} sales, ${r.salesPerSecond.toFixed(1)}/s; ack p50 ${ms(r.ack.median)} p95 ${ms(r.ack.p95)}; to every device p50 ${ms(r.toEveryDevice.median)} p95 ${ms(r.toEveryDevice.p95)} ms; exactly once: ${r.exactlyOnce}`,
      );
      log(`  per process: ${r.usage.map(processCell).join('; ')}; bench loop p99 ${ms(r.clientLoopMs.p99)}`);
      results.push(r);
    }
  } finally {
    await one.close();
    await many.close();
  }
  if (tracePath !== undefined) {
    writeFileSync(
      tracePath,
      JSON.stringify(
        results.map((r) => ({ layout: label(r.shape), kill: r.shape.kill, usage: r.usage, trace: r.trace })),
      ),
    );
    log(`wrote ${tracePath}`);
  }
  const report = render(results, haproxy, speed, started, setup.warmupSeconds);
  if (process.argv.includes('--print')) console.log(report);
  else {
    const path = fileURLToPath(new URL('../../docs/benchmarks-fleet.md', import.meta.url));
    writeFileSync(path, report);
    log(`wrote ${path}`);
  }
  if (!results.every((r) => r.exactlyOnce)) process.exit(1);
}

const label = (s: FleetShape) =>
  `${s.processes} ${s.processes === 1 ? 'process' : 'processes'}, ${s.routing === 'branch' ? 'branch affinity' : 'round-robin'}`;

/** Branches / CPU / GC time / event loop p99 of one process in one round. */
const processCell = (u: ProcessUsage) =>
  `${u.branches} br, ${(u.cpu * 100).toFixed(0)}%, GC ${u.gcMs.toFixed(0)} ms, loop p99 ${u.loopP99Ms.toFixed(0)}`;

const cell = (x: Spread) => `${ms(x.median)} (${ms(x.min)}-${ms(x.max)})`;

function render(
  results: readonly FleetResult[],
  haproxy: string,
  speed: MachineSpeed,
  started: Date,
  fleetWarmupSeconds: number,
): string {
  const m = machine();
  const s = results[0]!.shape;
  /** The larger fleet's size (the first round may be the 1-process one). */
  const n = Math.max(...results.map((r) => r.shape.processes));
  const measuredRounds = results.filter((r) => !r.shape.kill);
  const byLayout = groupBy(measuredRounds, (r) => label(r.shape));
  const repeats = Math.max(...[...byLayout.values()].map((rs) => rs.length));
  const summaryRows = [...byLayout].map(([name, rs]) => [
    name,
    rs.length,
    cell(spread(rs.map((r) => r.sales))),
    cell(spread(rs.map((r) => r.ack.median))),
    cell(spread(rs.map((r) => r.ack.p95))),
    cell(spread(rs.map((r) => r.toEveryDevice.median))),
    cell(spread(rs.map((r) => r.toEveryDevice.p95))),
    ms(Math.max(...rs.map((r) => r.toEveryDevice.max))),
    rs.reduce((n, r) => n + r.missedPokes, 0),
    rs.every((r) => r.exactlyOnce) ? 'yes' : '**NO**',
  ]);
  const roundRows = results.map((r, i) => [
    i + 1,
    `${label(r.shape)}${r.shape.kill ? ', kill -9 after' : ''}`,
    r.sales,
    ms(r.ack.median),
    ms(r.ack.p95),
    ms(r.toEveryDevice.median),
    ms(r.toEveryDevice.p95),
    ms(r.toEveryDevice.max),
    r.over100Ms,
    r.usage.map(processCell).join('; '),
    r.usage.map((u) => `${u.rssMb.toFixed(0)}`).join(' / '),
    r.pgConnections,
    ms(r.clientLoopMs.p99),
    r.exactlyOnce ? 'yes' : '**NO**',
  ]);
  const kills = results.filter((r) => r.kill !== undefined);
  const p95Of = (processes: number, routing: string) =>
    spread(
      measuredRounds
        .filter((r) => r.shape.processes === processes && r.shape.routing === routing)
        .map((r) => r.toEveryDevice.p95),
    ).median;
  const single = p95Of(1, 'branch');
  const affine = p95Of(n, 'branch');
  const comparison =
    `Branch affinity on ${n} processes against 1 process, "to every device" p95 (median of rounds): ` +
    `${ms(affine)} ms against ${ms(single)} ms, ${affine <= single ? 'at least as fast' : `**${ms(affine - single)} ms slower**`}.`;
  return [
    '# Fleet benchmark: several processes behind HAProxy',
    '',
    `Run by \`npm run bench:fleet\` (bench/fleet/run.ts) on ${started.toISOString().slice(0, 10)}, commit ${commit()}.`,
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}, Node ${m.node}; ${haproxy}.`,
    machineSpeedLine(speed),
    'The balancer runs deploy/haproxy.cfg as shipped (only its port and server lines replaced, access log off,',
    'a response header naming the process that answered added for the per-process tally);',
    'every process, the balancer, PostgreSQL, Redis and the simulated devices share this one machine,',
    'so these figures compare layouts with each other; they are not a capacity for a real fleet.',
    '',
    `Shape: ${s.branches} branches x ${s.devicesPerBranch} devices (${s.branches * s.devicesPerBranch} realtime sockets, one selling device per branch),`,
    `${s.salesPerSecond} sales/s offered over the fleet, a pool of 10 connections per process.`,
    '',
    '## Method',
    '',
    `Two fleets are started once: 1 process, and ${n} processes (each on a fresh PostgreSQL schema and Redis prefix,`,
    'devices enrolled). A round starts a balancer in front of one of them (branch affinity: the shipped',
    `config; round-robin: the same with \`balance roundrobin\`), connects every device's socket through it,`,
    `sells for ${s.warmupSeconds} s of warm-up that is not counted (every process's pool has opened its connections and`,
    `V8 has compiled the hot paths; ${fleetWarmupSeconds} s more before a fleet's first round, as each of N processes gets`,
    `1/N of the sales and so warms N times slower), then ${s.seconds} s measured, and closes the sockets and the balancer.`,
    `The three layouts are interleaved, ${repeats} times, each repeat starting one layout later`,
    '(1p, affinity, round-robin; affinity, round-robin, 1p; ...), so a drift of the machine falls on all of them.',
    `The sellers' phases come from a fixed seed (${s.seed}): every round sells on the same schedule.`,
    '',
    'Each round gives its own p50 and p95 (of its sales); the summary shows, per layout, the median of',
    "those per-round values and in brackets the lowest and highest round: a layout's p95 is the median of",
    `its ${repeats} rounds' p95s, not a p95 over all their sales. "max" is the worst single sale of any round.`,
    '"ack": from the POST of a sale until its answer.',
    '"to every device": from a sale\'s POST until the last other device of its branch received its `new_sale` event.',
    '"missed pokes": (sale, device) pairs with no event (such a device pulls on its next poke or timer, S6).',
    '',
    '## Summary per layout',
    '',
    table(
      [
        'layout',
        'rounds',
        'sales per round',
        'ack p50',
        'ack p95',
        'to every device p50',
        'p95',
        'max',
        'missed pokes',
        'exactly once',
      ],
      summaryRows,
    ),
    '',
    comparison,
    '',
    '## Every round, in the order run',
    '',
    "Per process: the branches whose sales it answered (HAProxy's choice), its CPU (share of one core),",
    "its garbage collection time and its event loop's delay p99 (10 ms resolution), all over the measured",
    'phase. "bench loop p99": the delay of the bench\'s own event loop (devices and sellers), which every',
    'latency here includes.',
    '',
    table(
      [
        '#',
        'round',
        'sales',
        'ack p50',
        'ack p95',
        'to every device p50',
        'p95',
        'max',
        '> 100 ms',
        'per process',
        'RSS MB',
        'PG connections',
        'bench loop p99',
        'exactly once',
      ],
      roundRows,
    ),
    '',
    '## kill -9 of one process',
    '',
    kills.length === 0
      ? 'Not run.'
      : table(
          [
            'sockets cut',
            'reconnected',
            'reconnect p50',
            'p95',
            'max',
            'sales retried',
            'every acknowledged sale once',
          ],
          kills.map((r) => [
            r.kill!.cut,
            r.kill!.reconnected,
            ms(r.kill!.reconnectMs.median),
            ms(r.kill!.reconnectMs.p95),
            ms(r.kill!.reconnectMs.max),
            r.kill!.retried,
            r.exactlyOnce ? 'yes' : '**NO**',
          ]),
        ),
    '',
    `The kill round runs last, on the ${n}-process fleet with branch affinity: its measured phase as above,`,
    'then kill -9 of process 1 while the sellers go on. Reconnection is timed from the kill until the',
    'socket is connected again, through the balancer, to another process (Socket.IO reconnects with a',
    'jittered delay of 0.5-3 s here; HAProxy marks the dead process down after two failed /readyz checks,',
    '2 s apart, and redispatches connection failures meanwhile). Sales are retried by the seller with',
    'the same id until acknowledged; the check compares every sale acknowledged in any round of the fleet',
    "with the database's sales table: each stored once, none stored unacknowledged.",
    '',
  ].join('\n');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

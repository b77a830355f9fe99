import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { commit, machine, ms, table } from '@kasir/test-kit';
import { ensureHaproxy } from './balancer.ts';
import { runFleet, type FleetResult, type FleetShape } from './fleet.ts';

/**
 * `npm run bench:fleet`: server processes behind HAProxy (deploy/haproxy.cfg) on PostgreSQL +
 * Redis, simulated devices (a realtime socket each, one selling device per branch) across branches.
 * Rounds: 1 process; N processes with each branch on one process (the shipped config); N processes
 * round-robin (no affinity, for comparison); then N processes again with kill -9 of one mid-run and
 * the exactly-once check. Writes docs/benchmarks-fleet.md (`--print` prints it instead).
 *
 * Flags: --processes N (4), --branches B (20), --devices D per branch (5), --rate sales/s (40),
 * --seconds S per round (20). PostgreSQL is KASIR_TEST_DATABASE_URL, Redis KASIR_BENCH_REDIS_URL.
 */
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i < 0 ? undefined : Number(process.argv[i + 1]);
  if (v !== undefined && !(Number.isFinite(v) && v > 0)) {
    console.error(`--${name} takes a positive number`);
    process.exit(2);
  }
  return v ?? fallback;
};
const processes = arg('processes', 4);
const base = {
  branches: arg('branches', 20),
  devicesPerBranch: arg('devices', 5),
  salesPerSecond: arg('rate', 40),
  seconds: arg('seconds', 20),
};
const log = (s: string) => console.log(`[fleet] ${s}`);

async function main(): Promise<void> {
  const haproxy = ensureHaproxy(log);
  const started = new Date();
  const rounds: FleetShape[] = [
    { ...base, processes: 1, routing: 'branch', kill: false },
    { ...base, processes, routing: 'branch', kill: false },
    { ...base, processes, routing: 'spread', kill: false },
    { ...base, processes, routing: 'branch', kill: true },
  ];
  const results: FleetResult[] = [];
  for (const shape of rounds) {
    log(`${shape.processes} process(es), ${shape.routing}${shape.kill ? ', kill -9' : ''}`);
    const r = await runFleet(shape, log);
    log(
      `  ${r.sales} sales, ${r.salesPerSecond.toFixed(1)}/s; to every device p50 ${ms(r.toEveryDevice.median)} p95 ${ms(r.toEveryDevice.p95)} ms; exactly once: ${r.exactlyOnce}`,
    );
    results.push(r);
  }
  const report = render(results, haproxy, started);
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

function render(results: readonly FleetResult[], haproxy: string, started: Date): string {
  const m = machine();
  const s = results[0]!.shape;
  const rows = results.map((r) => [
    `${label(r.shape)}${r.shape.kill ? ', kill -9 after' : ''}`,
    r.sales,
    r.salesPerSecond.toFixed(1),
    ms(r.ack.median),
    ms(r.ack.p95),
    ms(r.toEveryDevice.median),
    ms(r.toEveryDevice.p95),
    ms(r.toEveryDevice.max),
    r.missedPokes,
    r.usage.map((u) => `${u.rssMb.toFixed(0)} MB / ${(u.cpu * 100).toFixed(0)}%`).join('; '),
    r.pgConnections,
    r.exactlyOnce ? 'yes' : '**NO**',
  ]);
  const kills = results.filter((r) => r.kill !== undefined);
  return [
    '# Fleet benchmark: several processes behind HAProxy',
    '',
    `Run by \`npm run bench:fleet\` (bench/fleet/run.ts) on ${started.toISOString().slice(0, 10)}, commit ${commit()}.`,
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}, Node ${m.node}; ${haproxy}.`,
    'The balancer runs deploy/haproxy.cfg as shipped (only its port and server lines replaced, access log off);',
    'every process, the balancer, PostgreSQL, Redis and the simulated devices share this one machine,',
    'so these figures compare layouts with each other; they are not a capacity for a real fleet.',
    '',
    `Shape: ${s.branches} branches x ${s.devicesPerBranch} devices (${s.branches * s.devicesPerBranch} realtime sockets, one selling device per branch),`,
    `${s.salesPerSecond} sales/s offered over the fleet, ${s.seconds} s measured per round, a pool of 10 connections per process.`,
    '"to every device": from a sale\'s POST until the last other device of its branch received its `new_sale` event.',
    '"missed pokes": (sale, device) pairs with no event (such a device pulls on its next poke or timer, S6).',
    'CPU: share of one core during the measured phase.',
    '',
    table(
      [
        'round',
        'sales',
        'sales/s',
        'ack p50',
        'ack p95',
        'to every device p50',
        'p95',
        'max',
        'missed pokes',
        'RSS / CPU per process',
        'PG connections',
        'exactly once',
      ],
      rows,
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
    'Reconnection is timed from the kill until the socket is connected again, through the balancer, to',
    'another process (Socket.IO reconnects with a jittered delay of 0.5-3 s here; HAProxy marks the dead',
    'process down after two failed /readyz checks, 2 s apart, and redispatches connection failures meanwhile).',
    'Sales are retried by the seller with the same id until acknowledged; the check compares the',
    "acknowledged ids with the database's sales table: each stored once, none stored unacknowledged.",
    '',
  ].join('\n');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

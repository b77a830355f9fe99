import {
  BRANCH_HEADER,
  BRANCH_QUERY,
  PROTOCOL_VERSION,
  type NewSaleEvent,
  type Product,
  seededRandom,
} from '@kasir/protocol';
import {
  KIT_ADMIN_TOKEN,
  TEST_PG_URL,
  connectAdmin,
  createTestDatabase,
  demoCatalog,
  sleep,
  spawnServer,
  type ServerProcess,
  type TestDatabase,
} from '@kasir/test-kit';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { benchSale, type BenchDevice } from '../lib/bench-shop.ts';
import { cpuSeconds } from '../lib/process-cpu.ts';
import { summarize, type Summary } from '../lib/stats.ts';
import { SERVED_BY_HEADER, startBalancer, type Routing } from './balancer.ts';
import { processDelta, sampleProcess, type ProcessDelta } from './process-metrics.ts';

/** The shape of one fleet run. */
export interface FleetShape {
  readonly processes: number;
  readonly routing: Routing;
  readonly branches: number;
  readonly devicesPerBranch: number;
  /** Sales per second over the whole fleet (one selling device per branch). */
  readonly salesPerSecond: number;
  readonly seconds: number;
  /**
   * Selling at the same rate before the measured phase, not counted: every process's pool has
   * opened its connections and V8 has compiled the hot paths before a sale is timed.
   */
  readonly warmupSeconds: number;
  /** Seeds the sellers' phases: every round of a run sells on the same schedule. */
  readonly seed: number;
  /** kill -9 of one process after the measured phase, selling on, then the exactly-once check. */
  readonly kill: boolean;
}

export interface ProcessUsage extends ProcessDelta {
  readonly rssMb: number;
  /** CPU seconds used during the measured phase / its length: 1.0 is one core busy. */
  readonly cpu: number;
  /** Branches whose sales this process answered in the measured phase (HAProxy's choice). */
  readonly branches: number;
}

/** One sale of the measured phase, for `--trace`. */
export interface SaleTrace {
  /** ms since the measured phase began. */
  readonly at: number;
  readonly branch: string;
  /** The process (HAProxy's server name) that answered. */
  readonly server: string;
  readonly ackMs: number;
  /** Undefined when some device of the branch missed it. */
  readonly toEveryMs: number | undefined;
}

export interface KillRound {
  /** Sockets that were cut by the kill. */
  readonly cut: number;
  /** Of those, back (through the balancer, on another process) before the end. */
  readonly reconnected: number;
  readonly reconnectMs: Summary;
  /** Sales whose first try failed during the round and were retried with the same id. */
  readonly retried: number;
}

export interface FleetResult {
  readonly shape: FleetShape;
  readonly sales: number;
  readonly salesPerSecond: number;
  /** From a sale's POST to the last device of its branch receiving its `new_sale` event. */
  readonly toEveryDevice: Summary;
  /** POST to acknowledgement. */
  readonly ack: Summary;
  /** Sales of the measured phase that reached every device after more than 100 ms. */
  readonly over100Ms: number;
  /** (sale, device) pairs never poked in time (the device would pull: S6). */
  readonly missedPokes: number;
  readonly usage: readonly ProcessUsage[];
  readonly pgConnections: number;
  readonly kill?: KillRound;
  /** The bench's own event loop (devices and sellers) in the measured phase: p99 / max delay. */
  readonly clientLoopMs: { readonly p99: number; readonly max: number };
  readonly trace: readonly SaleTrace[];
  /** Acknowledged sales, each stored exactly once, and nothing stored that was not acknowledged. */
  readonly exactlyOnce: boolean;
}

const REDIS_URL = process.env.KASIR_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Device extends BenchDevice {
  readonly branchId: string;
  socket?: Socket;
  connected: boolean;
  /** When the socket last went down and last came up (performance.now()). */
  downAt: number;
  upAt: number;
}

/** N processes on one fresh PostgreSQL schema and Redis prefix, with the branches and devices enrolled. */
export interface Fleet {
  readonly processes: number;
  /**
   * One round behind a balancer of its own (routing per `shape`): sockets connect, sellers sell
   * through the warm-up and the measured phase, sockets close. The processes stay up for the next
   * round, except after a kill round.
   */
  round(shape: FleetShape): Promise<FleetResult>;
  close(): Promise<void>;
}

export async function startFleet(
  setup: {
    readonly processes: number;
    readonly branches: number;
    readonly devicesPerBranch: number;
    /**
     * Extra warm-up before the fleet's first round: a process of N gets 1/N of the sales, so V8
     * needs about N times as long to compile its hot paths (measured: a 4-process fleet's first
     * round after 4 s of warm-up had twice the p95 of its later rounds; 1 process did not).
     */
    readonly warmupSeconds: number;
  },
  log: (s: string) => void,
): Promise<Fleet> {
  const tdb: TestDatabase = await createTestDatabase('postgres');
  const prefix = `kasir-fleet-${tdb.where}`;
  const env = {
    ...tdb.serverEnv(),
    REDIS_URL,
    KASIR_REDIS_PREFIX: prefix,
    KASIR_ADMIN_TOKEN: KIT_ADMIN_TOKEN,
    TRUST_PROXY: 'loopback',
    KASIR_MAX_CONNECTIONS_PER_ADDRESS: '0',
    DATABASE_POOL_SIZE: '10',
  };
  const servers: ServerProcess[] = [];
  const close = async () => {
    for (const s of servers) await s.kill9();
    await tdb.drop();
  };
  const devices: Device[] = [];
  let products: Product[];
  try {
    servers.push(
      ...(await Promise.all(
        Array.from({ length: setup.processes }, () => spawnServer({ env, readyPath: '/readyz' })),
      )),
    );
    const admin = connectAdmin(servers[0]!.url, KIT_ADMIN_TOKEN);
    products = await admin.products(demoCatalog(20, 7));
    for (let b = 0; b < setup.branches; b++) {
      const code = `F${String(b + 1).padStart(3, '0')}`;
      const branch = await admin.branch(code, `Cabang ${code}`);
      for (let d = 0; d < setup.devicesPerBranch; d++) {
        const created = await admin.device(branch.id, `Kasir ${d + 1}`);
        devices.push({
          ...created,
          branchCode: code,
          counter: 1,
          branchId: branch.id,
          connected: false,
          downAt: 0,
          upAt: 0,
        });
      }
    }
  } catch (e) {
    await close();
    throw e;
  }
  log(`  ${setup.processes} process(es) up; ${devices.length} devices in ${setup.branches} branches`);
  /** Every sale acknowledged in any round of this fleet: the exactly-once check covers them all. */
  const acked = new Set<string>();
  let killed = false;
  let warmed = false;
  return {
    processes: setup.processes,
    close,
    async round(shape) {
      if (killed) throw new Error('this fleet lost a process in a kill round');
      if (shape.processes !== servers.length || shape.devicesPerBranch !== setup.devicesPerBranch) {
        throw new Error('the round does not match the fleet');
      }
      const lb = await startBalancer(
        servers.map((s) => Number(new URL(s.url).port)),
        shape.routing,
      );
      try {
        const warmupSeconds = shape.warmupSeconds + (warmed ? 0 : setup.warmupSeconds);
        warmed = true;
        const r = await runRound({
          shape: { ...shape, warmupSeconds },
          servers,
          url: lb.url,
          devices,
          products,
          acked,
          tdb,
          log,
        });
        if (shape.kill) killed = true;
        return { ...r, shape };
      } finally {
        for (const d of devices) {
          d.socket?.disconnect();
          d.connected = false;
        }
        await lb.stop();
      }
    },
  };
}

async function runRound(o: {
  shape: FleetShape;
  servers: readonly ServerProcess[];
  url: string;
  devices: readonly Device[];
  products: readonly Product[];
  acked: Set<string>;
  tdb: TestDatabase;
  log: (s: string) => void;
}): Promise<FleetResult> {
  const { shape, servers, url, devices, products, acked, tdb, log } = o;
  /** Per sale: when it was posted, its branch, and when each other device of the branch heard it. */
  const sent = new Map<
    string,
    { at: number; branchId: string; heard: number[]; ackMs?: number; server?: string }
  >();
  for (const d of devices) {
    const socket = io(url, {
      transports: ['websocket'],
      query: { [BRANCH_QUERY]: d.branchId },
      auth: { token: d.token, protocolVersion: PROTOCOL_VERSION },
      reconnectionDelay: 500,
      reconnectionDelayMax: 3_000,
      randomizationFactor: 0.5,
    });
    d.socket = socket;
    socket.on('connect', () => {
      d.connected = true;
      d.upAt = performance.now();
    });
    socket.on('disconnect', () => {
      d.connected = false;
      d.downAt = performance.now();
    });
    socket.on('new_sale', (e: NewSaleEvent) => {
      const s = sent.get(e.sale.id);
      if (s !== undefined && e.sale.deviceId !== d.id) s.heard.push(performance.now());
    });
  }
  await waitForAll(() => devices.every((d) => d.connected), 60_000, 'every socket connects');

  const sellers = devices.filter((_, i) => i % shape.devicesPerBranch === 0);
  let retried = 0;
  let selling = true;
  const perSellerGapMs = (1000 * sellers.length) / shape.salesPerSecond;
  const random = seededRandom(shape.seed);
  const phases = sellers.map(() => random() * perSellerGapMs);
  const sell = async (d: Device, phase: number) => {
    // Spread the sellers' phases over one gap, the same in every round.
    await sleep(phase);
    while (selling) {
      const started = performance.now();
      const sale = benchSale(d, [products[d.counter % products.length]!]);
      const record: { at: number; branchId: string; heard: number[]; ackMs?: number; server?: string } = {
        at: started,
        branchId: d.branchId,
        heard: [],
      };
      sent.set(sale.id, record);
      for (let attempt = 0; ; attempt++) {
        const status = await fetch(`${url}/api/sales`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${d.token}`,
            'content-type': 'application/json',
            [BRANCH_HEADER]: d.branchId,
          },
          body: JSON.stringify(sale),
        }).then(
          async (r) => {
            await r.arrayBuffer();
            record.server = r.headers.get(SERVED_BY_HEADER) ?? '?';
            return r.status;
          },
          () => 0,
        );
        if (status === 201 || status === 200) break;
        // A lost answer or a process gone: the device's outbox retries the same sale (S3).
        if (attempt === 0) retried++;
        await sleep(200);
      }
      acked.add(sale.id);
      record.ackMs = performance.now() - started;
      await sleep(Math.max(0, perSellerGapMs - (performance.now() - started)));
    }
  };

  const pids = servers.map((s) => s.pid());
  const sample = () => Promise.all(servers.map((s) => sampleProcess(s.url, KIT_ADMIN_TOKEN)));
  const selling1 = sellers.map((d, i) => sell(d, phases[i]!));
  await sleep(shape.warmupSeconds * 1000);
  const metrics0 = await sample();
  const cpu0 = pids.map(cpuSeconds);
  const clientLoop = monitorEventLoopDelay({ resolution: 5 });
  clientLoop.enable();
  const t0 = performance.now();
  await sleep(shape.seconds * 1000);
  const t1 = performance.now();
  const elapsedS = (t1 - t0) / 1000;
  clientLoop.disable();
  const cpu1 = pids.map(cpuSeconds);
  // Read now: a kill round's victim has no /proc entry afterwards.
  const rss = servers.map((s) => s.rssMb());
  const metrics1 = await sample();
  // The measured phase: sales posted in it (warm-up sales and those after it are not counted).
  const measured = new Set([...sent].filter(([, s]) => s.at >= t0 && s.at < t1).map(([id]) => id));
  const pgConnections = await countConnections(tdb.where);

  let kill: KillRound | undefined;
  if (shape.kill && servers.length > 1) {
    const retriedBefore = retried;
    const victim = servers[0]!;
    log(`  kill -9 of process 1 while selling`);
    const cutAt = performance.now();
    await victim.kill9();
    // The sockets the kill cut: those that went down since (a socket notices within a moment,
    // the TCP connection is reset; one that missed it would notice by Socket.IO's ping).
    await sleep(1_000);
    const cut = devices.filter((d) => d.downAt >= cutAt);
    const isBack = (d: Device) => d.connected && d.upAt > d.downAt;
    await waitForAll(() => cut.every(isBack), 30_000, 'cut sockets reconnect').catch(() => undefined);
    await sleep(2_000);
    const back = cut.filter(isBack);
    kill = {
      cut: cut.length,
      reconnected: back.length,
      reconnectMs: summarize(back.map((d) => d.upAt - cutAt)),
      retried: retried - retriedBefore,
    };
  }
  selling = false;
  await Promise.all(selling1);
  await sleep(1_000);

  // Latency of the measured phase only.
  const toEvery: number[] = [];
  const ackMs: number[] = [];
  const trace: SaleTrace[] = [];
  const branchesOf = new Map<string, Set<string>>();
  let missed = 0;
  const perBranch = shape.devicesPerBranch - 1;
  for (const id of measured) {
    const s = sent.get(id)!;
    const server = s.server ?? '?';
    if (s.ackMs !== undefined) ackMs.push(s.ackMs);
    if (s.heard.length < perBranch) missed += perBranch - s.heard.length;
    const every = perBranch > 0 && s.heard.length >= perBranch ? Math.max(...s.heard) - s.at : undefined;
    if (every !== undefined) toEvery.push(every);
    branchesOf.set(server, (branchesOf.get(server) ?? new Set()).add(s.branchId));
    trace.push({ at: s.at - t0, branch: s.branchId, server, ackMs: s.ackMs ?? NaN, toEveryMs: every });
  }
  const usage: ProcessUsage[] = servers.map((_, i) => ({
    rssMb: rss[i]!,
    cpu: (cpu1[i]! - cpu0[i]!) / elapsedS,
    branches: branchesOf.get(`kasir${i + 1}`)?.size ?? 0,
    ...processDelta(metrics0[i]!, metrics1[i]!),
  }));
  const stored = await storedSales(tdb.where);
  const exactlyOnce =
    stored.total === stored.distinct &&
    stored.distinct === acked.size &&
    [...acked].every((id) => stored.ids.has(id));
  return {
    shape,
    sales: measured.size,
    salesPerSecond: measured.size / elapsedS,
    toEveryDevice: summarize(toEvery),
    ack: summarize(ackMs),
    over100Ms: toEvery.filter((x) => x > 100).length,
    missedPokes: missed,
    usage,
    pgConnections,
    ...(kill === undefined ? {} : { kill }),
    clientLoopMs: { p99: clientLoop.percentile(99) / 1e6, max: clientLoop.max / 1e6 },
    trace,
    exactlyOnce,
  };
}

async function waitForAll(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error(`timed out: ${what}`);
    await sleep(50);
  }
}

async function withPg<T>(f: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    return await f(client);
  } finally {
    await client.end();
  }
}

/** Connections the fleet's processes hold (their application_name is the schema). */
const countConnections = (schema: string) =>
  withPg(async (c) => {
    const r = await c.query<{ n: string }>(
      'select count(*) as n from pg_stat_activity where application_name = $1',
      [schema],
    );
    return Number(r.rows[0]?.n ?? 0);
  });

const storedSales = (schema: string) =>
  withPg(async (c) => {
    const r = await c.query<{ id: string }>(`select id from ${schema}.sales`);
    const ids = new Set(r.rows.map((x) => x.id));
    return { total: r.rows.length, distinct: ids.size, ids };
  });

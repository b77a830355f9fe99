import { readFileSync } from 'node:fs';
import {
  BRANCH_HEADER,
  BRANCH_QUERY,
  PROTOCOL_VERSION,
  type NewSaleEvent,
  type Product,
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
import { benchSale, type BenchDevice } from '../lib/bench-shop.ts';
import { summarize, type Summary } from '../lib/stats.ts';
import { startBalancer, type Balancer, type Routing } from './balancer.ts';

/** The shape of one fleet run. */
export interface FleetShape {
  readonly processes: number;
  readonly routing: Routing;
  readonly branches: number;
  readonly devicesPerBranch: number;
  /** Sales per second over the whole fleet (one selling device per branch). */
  readonly salesPerSecond: number;
  readonly seconds: number;
  /** kill -9 of one process after the measured phase, selling on, then the exactly-once check. */
  readonly kill: boolean;
}

export interface ProcessUsage {
  readonly rssMb: number;
  /** CPU seconds used during the measured phase / its length: 1.0 is one core busy. */
  readonly cpu: number;
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
  /** (sale, device) pairs never poked in time (the device would pull: S6). */
  readonly missedPokes: number;
  readonly usage: readonly ProcessUsage[];
  readonly pgConnections: number;
  readonly kill?: KillRound;
  /** Acknowledged sales, each stored exactly once, and nothing stored that was not acknowledged. */
  readonly exactlyOnce: boolean;
}

const REDIS_URL = process.env.KASIR_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** CPU seconds (user + system) of a process so far, from /proc. */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

interface Device extends BenchDevice {
  readonly branchId: string;
  socket?: Socket;
  connected: boolean;
  /** When the socket last went down and last came up (performance.now()). */
  downAt: number;
  upAt: number;
}

/** Runs one fleet: N processes behind HAProxy on PostgreSQL + Redis, devices across branches. */
export async function runFleet(shape: FleetShape, log: (s: string) => void): Promise<FleetResult> {
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
  let lb: Balancer | undefined;
  const devices: Device[] = [];
  try {
    for (let i = 0; i < shape.processes; i++) servers.push(await spawnServer({ env, readyPath: '/readyz' }));
    lb = await startBalancer(
      servers.map((s) => Number(new URL(s.url).port)),
      shape.routing,
    );
    const url = lb.url;
    const admin = connectAdmin(url, KIT_ADMIN_TOKEN);
    const products: Product[] = await admin.products(demoCatalog(20, 7));
    for (let b = 0; b < shape.branches; b++) {
      const code = `F${String(b + 1).padStart(3, '0')}`;
      const branch = await admin.branch(code, `Cabang ${code}`);
      for (let d = 0; d < shape.devicesPerBranch; d++) {
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
    log(`  ${devices.length} devices in ${shape.branches} branches; connecting sockets`);

    /** Per sale: when it was posted, its branch, and when each other device of the branch heard it. */
    const sent = new Map<string, { at: number; branchId: string; heard: number[] }>();
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
    const acked = new Set<string>();
    const ackMs: number[] = [];
    let retried = 0;
    let selling = true;
    const perSellerGapMs = (1000 * sellers.length) / shape.salesPerSecond;
    const sell = async (d: Device) => {
      // Spread the sellers' phases over one gap.
      await sleep(Math.random() * perSellerGapMs);
      while (selling) {
        const started = performance.now();
        const sale = benchSale(d, [products[d.counter % products.length]!]);
        sent.set(sale.id, { at: started, branchId: d.branchId, heard: [] });
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
        ackMs.push(performance.now() - started);
        await sleep(Math.max(0, perSellerGapMs - (performance.now() - started)));
      }
    };

    const pids = servers.map((s) => s.pid());
    const cpu0 = pids.map(cpuSeconds);
    const t0 = performance.now();
    const selling1 = sellers.map(sell);
    await sleep(shape.seconds * 1000);
    const elapsedS = (performance.now() - t0) / 1000;
    const cpu1 = pids.map(cpuSeconds);
    const usage = servers.map((s, i) => ({ rssMb: s.rssMb(), cpu: (cpu1[i]! - cpu0[i]!) / elapsedS }));
    const measured = new Set(acked);
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
    let missed = 0;
    const perBranch = shape.devicesPerBranch - 1;
    for (const id of measured) {
      const s = sent.get(id)!;
      if (s.heard.length < perBranch) missed += perBranch - s.heard.length;
      if (perBranch > 0 && s.heard.length >= perBranch) toEvery.push(Math.max(...s.heard) - s.at);
    }
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
      ack: summarize(ackMs.slice(0, measured.size)),
      missedPokes: missed,
      usage,
      pgConnections,
      ...(kill === undefined ? {} : { kill }),
      exactlyOnce,
    };
  } finally {
    for (const d of devices) d.socket?.disconnect();
    await lb?.stop();
    for (const s of servers) await s.kill9();
    await tdb.drop();
  }
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

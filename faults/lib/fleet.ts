/**
 * A fleet of cashier devices for the fault scenarios: branches with devices enrolled through the
 * admin API, each running the real sync engine (`createSyncClient` over Dexie/fake-indexeddb) behind
 * one shared chaos proxy, a seeded selling loop, and the end-of-run check of issue 6's invariants.
 *
 *   const server = await startFaultServer('sqlite');
 *   const fleet = await startFleet({ serverUrl: server.url, adminToken: server.adminToken, seed, branches: [20, 1] });
 *   await fleet.sell({ durationMs: 8_000, ratePerDevice: 2 });   // inject faults through fleet.proxy meanwhile
 *   await fleet.settle(60_000);                                   // after healing the proxy
 *   const check = await fleet.check();
 *   await fleet.stop(); await server.close();
 */
import type { Product } from '@kasir/protocol';
import {
  createSyncClient,
  openDexieStore,
  seededRandom,
  socketIoFactory,
  type DeviceStore,
  type LocalSale,
  type Random,
  type RealtimeFactory,
  type SyncClient,
} from '@kasir/sync';
import { createAdminClient } from '@kasir/sync/testing';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { startChaosProxy, type ChaosProxy } from './chaos-proxy.ts';
import { startInProcessServer, type Engine, type InProcessServer } from './in-process-server.ts';
import {
  checkExactlyOnce,
  countLeakedSales,
  countSkippedChanges,
  localSales,
  readServerTruth,
  type ServerTruth,
} from './invariant.ts';

export type { Engine } from './in-process-server.ts';

/** A real server started in-process on a fresh SQLite folder or a fresh PostgreSQL schema. */
export type FaultServer = InProcessServer;

/** Starts the real server (`startServer`) on `engine`, with a fresh database nobody else uses. */
export const startFaultServer = (engine: Engine): Promise<FaultServer> => startInProcessServer(engine);

/** One device of the fleet. */
export interface FleetDevice {
  readonly name: string;
  readonly branchIndex: number;
  readonly client: SyncClient;
  /** Times its realtime socket connected (the first connect included). */
  readonly realtimeConnects: number;
  /** Sales it committed locally. */
  readonly recorded: number;
}

/** What the end-of-run check found, summed over branches and devices. All zero but `made` is a pass. */
export interface FleetCheck {
  /** Sales the devices committed locally. */
  readonly made: number;
  /** Recorded on a device, missing on the server. */
  readonly lost: number;
  /** On the server but made by no device of the branch (a copy under another id, or a leak in). */
  readonly unexpected: number;
  /** Products whose server stock is not base stock minus the recorded sales applied once. */
  readonly stockMismatches: number;
  /** Server feed changes (products, stock) a device does not show: `countSkippedChanges`. */
  readonly skipped: number;
  /** Server sales of its own branch a device does not hold in its branch-sales list. */
  readonly unseen: number;
  /** Sales of another branch found in a device's branch-sales list (S13). */
  readonly leaks: number;
  /** Mutations parked as failed (S9) or still pending on the devices. */
  readonly parked: number;
  readonly pending: number;
  /** Human-readable details of the first problems, for the assertion message. */
  readonly problems: readonly string[];
}

/** A running fleet; see the module comment for the life cycle. */
export interface Fleet {
  /** The one proxy every device talks through: inject faults here. */
  readonly proxy: ChaosProxy;
  readonly products: readonly Product[];
  /** Devices of all branches, in branch order. */
  readonly devices: readonly FleetDevice[];
  /**
   * Every device sells (Poisson arrivals at `ratePerDevice` per second, 1-3 lines of 1-3 units,
   * seeded per device) until `durationMs` has passed. Resolves with the number of sales committed;
   * a sale the engine refuses locally throws (a completed sale is never refused, S7).
   */
  sell(opts: { readonly durationMs: number; readonly ratePerDevice: number }): Promise<number>;
  /**
   * Waits, without poking the engines, until every outbox is empty and every device is online
   * (HTTP and realtime), then until every device holds all of its branch's sales and the server's
   * catalog and stock. Throws on timeout with
   * what was still missing. Call it after the network healed.
   */
  settle(timeoutMs: number): Promise<void>;
  /** Checks the invariants of issue 6 against the devices' stores and the server (via the feed). */
  check(): Promise<FleetCheck>;
  /** Stops every engine, closes the stores and the proxy; the server is the caller's. */
  stop(): Promise<void>;
}

export interface FleetOptions {
  /** The server's own URL (the proxy sits in front of it). */
  readonly serverUrl: string;
  readonly adminToken: string;
  /** Seeds products, stock, the selling loops, the engines' backoff jitter and the proxy. */
  readonly seed: number;
  /** Devices per branch, e.g. `[20, 1]`: one branch of 20 and another of 1 to check isolation. */
  readonly branches: readonly number[];
  /** Products in the shared catalog (default 12) and stock of each in every branch (default 10,000). */
  readonly products?: number;
  readonly stock?: number;
  /** Time allowed for every device to enrol and finish its first full sync (default 60 s). */
  readonly readyTimeoutMs?: number;
}

interface Member {
  device: FleetDevice & { realtimeConnects: number; recorded: number };
  store: DeviceStore;
  random: Random;
}

interface BranchInfo {
  readonly id: string;
  /** A device token that runs no engine: reads the server's truth through the feed. */
  readonly observerToken: string;
  readonly baseStock: ReadonlyMap<string, number>;
  readonly members: Member[];
}

async function waitFor(
  cond: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: () => string,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Enrols the branches and devices, seeds a catalog and stock, starts the chaos proxy and every
 * device's engine through it, and resolves once every device has synced once (identity, catalog).
 */
export async function startFleet(options: FleetOptions): Promise<Fleet> {
  const random = seededRandom(options.seed);
  const admin = createAdminClient(options.serverUrl, options.adminToken);
  const target = new URL(options.serverUrl);
  const proxy = await startChaosProxy({
    target: { host: target.hostname, port: Number(target.port) },
    random: seededRandom(options.seed * 7919 + 1),
  });
  // Branch codes must be unique per server; the seed alone may repeat within one server.
  const tag = `${options.seed.toString(36)}${Date.now().toString(36).slice(-4)}`.toUpperCase();
  const stock = options.stock ?? 10_000;
  const products = await admin.products(
    Array.from({ length: options.products ?? 12 }, (_, i) => ({
      sku: `F${tag}-${i}`,
      name: `Barang uji ${i}`,
      price: 500 * (1 + Math.floor(random() * 40)),
      barcode: `F${tag}${String(i).padStart(5, '0')}`,
    })),
  );
  const branches: BranchInfo[] = [];
  const members: Member[] = [];
  try {
    for (const [b, count] of options.branches.entries()) {
      const branch = await admin.branch(`F${tag}${b}`, `Cabang uji ${b}`);
      await Promise.all(products.map((p) => admin.stock(branch.id, p.id, stock)));
      const observer = await admin.device(branch.id, 'Pengamat');
      const info: BranchInfo = {
        id: branch.id,
        observerToken: observer.token,
        baseStock: new Map(products.map((p) => [p.id, stock])),
        members: [],
      };
      branches.push(info);
      // Enrolled and started together: set-up time counts against the CI budget of the suite.
      const first = members.length;
      const started = await Promise.all(
        Array.from({ length: count }, async (_, i) => {
          const name = `b${b}-kasir-${i + 1}`;
          const created = await admin.device(branch.id, name);
          const store = await openDexieStore({ name, indexedDB: new IDBFactory(), IDBKeyRange });
          const device = {
            name,
            branchIndex: b,
            client: undefined as unknown as SyncClient,
            realtimeConnects: 0,
            recorded: 0,
          };
          // Counts connects to tell reconnects apart; the engine sees the socket unchanged.
          const realtime: RealtimeFactory = (opts, listener) =>
            socketIoFactory(opts, {
              ...listener,
              onConnect: () => {
                device.realtimeConnects++;
                listener.onConnect();
              },
            });
          const n = first + i;
          device.client = createSyncClient({
            serverUrl: proxy.url,
            token: created.token,
            store,
            realtime,
            random: seededRandom(options.seed * 1000 + n * 2 + 1),
          });
          const member: Member = { device, store, random: seededRandom(options.seed * 1000 + n * 2) };
          members.push(member);
          await device.client.start();
          return member;
        }),
      );
      info.members.push(...started);
    }
    await waitFor(
      () =>
        members.every(
          (m) =>
            m.device.client.status.get().lastSyncedAt !== null &&
            m.device.client.catalog.size >= products.length,
        ),
      options.readyTimeoutMs ?? 60_000,
      () => 'every device to finish its first sync',
    );
  } catch (e) {
    await stopAll(members, proxy);
    throw e;
  }

  async function sellOne(m: Member): Promise<void> {
    const picked = Array.from(
      { length: 1 + Math.floor(m.random() * 3) },
      () => products[Math.floor(m.random() * products.length)]!,
    );
    const lines = [...new Map(picked.map((p) => [p.id, p])).values()].map((p) => ({
      productId: p.id,
      quantity: 1 + Math.floor(m.random() * 3),
      unitPrice: p.price,
    }));
    const total = lines.reduce((a, l) => a + l.quantity * l.unitPrice, 0);
    const res = await m.device.client.recordSale({ lines, payments: [{ method: 'cash', amount: total }] });
    if (!res.ok) throw new Error(`${m.device.name}: sale refused locally: ${res.code} ${res.message}`);
    m.device.recorded++;
  }

  /** Devices of a branch and their server truth, read through the observer's feed. */
  async function truthOf(b: BranchInfo): Promise<ServerTruth> {
    return readServerTruth(options.serverUrl, b.observerToken);
  }

  async function missingOn(m: Member, truth: ServerTruth): Promise<{ skipped: number; unseen: number }> {
    const seen = new Set((await m.device.client.listBranchSales(1_000_000)).map((s) => s.id));
    let unseen = 0;
    for (const id of truth.sales.keys()) if (!seen.has(id)) unseen++;
    return { skipped: countSkippedChanges(truth, m.device.client), unseen };
  }

  return {
    proxy,
    products,
    devices: branches.flatMap((b) => b.members.map((m) => m.device)),

    async sell({ durationMs, ratePerDevice }) {
      const end = Date.now() + durationMs;
      const before = members.reduce((a, m) => a + m.device.recorded, 0);
      await Promise.all(
        members.map(async (m) => {
          for (;;) {
            // Exponential gaps: each device's sales arrive as a Poisson process.
            const gap = (-Math.log(1 - m.random()) / ratePerDevice) * 1000;
            if (Date.now() + gap >= end) return;
            await new Promise((r) => setTimeout(r, gap));
            await sellOne(m);
          }
        }),
      );
      return members.reduce((a, m) => a + m.device.recorded, 0) - before;
    },

    async settle(timeoutMs) {
      const end = Date.now() + timeoutMs;
      await waitFor(
        () => members.every((m) => m.device.client.status.get().pending === 0),
        timeoutMs,
        () =>
          `every outbox to drain; pending: ${members
            .filter((m) => m.device.client.status.get().pending > 0)
            .map((m) => `${m.device.name}=${m.device.client.status.get().pending}`)
            .join(', ')}`,
      );
      await waitFor(
        () => members.every((m) => m.device.client.status.get().connection === 'online'),
        Math.max(0, end - Date.now()),
        () =>
          `every device back online (HTTP and realtime); not yet: ${members
            .filter((m) => m.device.client.status.get().connection !== 'online')
            .map((m) => m.device.name)
            .slice(0, 5)
            .join(', ')}`,
      );
      // Nothing is pending, so the server holds everything it will: a fixed target to converge on.
      const truths = await Promise.all(branches.map(truthOf));
      let lagging: string[] = [];
      await waitFor(
        async () => {
          lagging = [];
          for (const [i, b] of branches.entries())
            for (const m of b.members) {
              const miss = await missingOn(m, truths[i]!);
              if (miss.skipped + miss.unseen > 0)
                lagging.push(`${m.device.name} (${miss.unseen} sales, ${miss.skipped} catalog/stock)`);
            }
          return lagging.length === 0;
        },
        Math.max(0, end - Date.now()),
        () => `every device to catch up; behind: ${lagging.slice(0, 5).join(', ')}`,
      );
    },

    async check() {
      const problems: string[] = [];
      let made = 0;
      let lost = 0;
      let unexpected = 0;
      let stockMismatches = 0;
      let skipped = 0;
      let unseen = 0;
      let leaks = 0;
      let parked = 0;
      let pending = 0;
      const truths = await Promise.all(branches.map(truthOf));
      const recordedBy: LocalSale[][] = [];
      for (const b of branches) {
        const sales: LocalSale[] = [];
        for (const m of b.members) sales.push(...(await localSales(m.device.client)));
        recordedBy.push(sales);
      }
      for (const [i, b] of branches.entries()) {
        const truth = truths[i]!;
        const report = checkExactlyOnce({ truth, recorded: recordedBy[i]!, baseStock: b.baseStock });
        made += report.made;
        lost += report.lost.length;
        unexpected += report.unexpected.length;
        stockMismatches += report.stockMismatches.length;
        if (report.lost.length > 0) problems.push(`branch ${i}: lost ${report.lost.slice(0, 3).join(', ')}`);
        if (report.unexpected.length > 0)
          problems.push(`branch ${i}: unexpected ${report.unexpected.slice(0, 3).join(', ')}`);
        for (const s of report.stockMismatches.slice(0, 3))
          problems.push(`branch ${i}: stock of ${s.productId} ${s.actual}, expected ${s.expected}`);
        // Everything any other branch holds, on its devices or on the server, is foreign here.
        const foreign = new Set<string>();
        for (const [j, other] of truths.entries()) {
          if (j === i) continue;
          for (const id of other.sales.keys()) foreign.add(id);
          for (const s of recordedBy[j]!) foreign.add(s.id);
        }
        for (const m of b.members) {
          const miss = await missingOn(m, truth);
          const leaked = await countLeakedSales(m.device.client, foreign);
          const status = m.device.client.status.get();
          skipped += miss.skipped;
          unseen += miss.unseen;
          leaks += leaked;
          parked += status.failed;
          pending += status.pending;
          if (miss.skipped + miss.unseen + leaked + status.failed + status.pending > 0)
            problems.push(
              `${m.device.name}: ${miss.unseen} unseen, ${miss.skipped} skipped, ${leaked} leaked, ` +
                `${status.failed} parked, ${status.pending} pending`,
            );
        }
      }
      return {
        made,
        lost,
        unexpected,
        stockMismatches,
        skipped,
        unseen,
        leaks,
        parked,
        pending,
        problems: problems.slice(0, 20),
      };
    },

    stop: () => stopAll(members, proxy),
  };
}

async function stopAll(members: readonly Member[], proxy: ChaosProxy): Promise<void> {
  for (const m of members) {
    await m.device.client.stop();
    await m.store.close();
  }
  await proxy.close();
}

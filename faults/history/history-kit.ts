/**
 * Shared set-up of the history scenarios (clock skew, seeded random history): the real server
 * in-process on SQLite or PostgreSQL, devices (Dexie over fake-indexeddb, as in the sync
 * integration tests) each behind its own counting TCP proxy, and the server's stock ledger.
 */
import { connect, createServer, type Socket } from 'node:net';
import type { Mutation, Permission } from '@kasir/protocol';
import {
  createSyncClient,
  openDexieStore,
  socketIoFactory,
  type Clock,
  type DeviceStore,
  type OutboxState,
  type SyncClient,
} from '@kasir/sync';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { startInProcessServer, type Engine, type InProcessServer } from '../lib/in-process-server.ts';
import type { ServerTruth } from '../lib/invariant.ts';

export { ENGINES, type Engine } from '../lib/in-process-server.ts';

/** A real server started in-process, with its admin API and a way to throw it all away. */
export type RealServer = InProcessServer;

/** Starts the server on a fresh SQLite directory or a fresh PostgreSQL schema. */
export const startRealServer = (engine: Engine): Promise<RealServer> => startInProcessServer(engine);

/**
 * A TCP proxy in front of the server for one device that counts the faults it really injected:
 * a test must be able to show that its faults happened, not only that it asked for them.
 */
export interface CountingProxy {
  readonly url: string;
  setOnline(online: boolean): void;
  isOnline(): boolean;
  /** The next request whose first line contains `match` reaches the server; its response is dropped. */
  loseNextResponse(match: string): void;
  /** Forgets an armed `loseNextResponse` that has not fired yet. */
  cancelLoss(): void;
  /** Responses actually dropped after the server had the request. */
  readonly dropped: () => number;
  /** Open connections cut by going offline. */
  readonly cut: () => number;
  close(): Promise<void>;
}

export async function startCountingProxy(target: { host: string; port: number }): Promise<CountingProxy> {
  let online = true;
  let loseMatch: string | null = null;
  let dropped = 0;
  let cut = 0;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    if (!online) {
      client.destroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    sockets.add(client);
    let dropping = false;
    client.on('data', (chunk: Buffer) => {
      // Each HTTP request of a keep-alive connection starts a chunk: its first line names it.
      const firstLine = chunk.toString('latin1', 0, 200).split('\r\n')[0] ?? '';
      if (loseMatch !== null && firstLine.includes(loseMatch)) {
        loseMatch = null;
        dropping = true;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (dropping) {
        // The server answered, so it committed: cut the device off before it hears the answer.
        dropping = false;
        dropped++;
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
    };
    for (const s of [client, upstream]) {
      s.on('close', end);
      s.on('error', end);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    setOnline(value) {
      online = value;
      if (!value) {
        cut += sockets.size;
        for (const s of [...sockets]) s.destroy();
      }
    },
    isOnline: () => online,
    loseNextResponse(match) {
      loseMatch = match;
    },
    cancelLoss() {
      loseMatch = null;
    },
    dropped: () => dropped,
    cut: () => cut,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of [...sockets]) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** How the server answered each of a device's mutations, as the device's outbox recorded it. */
export type OutcomeTap = ReadonlyMap<string, OutboxState>;

/** One simulated cashier device against the real server. */
export interface Device {
  readonly name: string;
  readonly deviceId: string;
  readonly token: string;
  readonly client: SyncClient;
  readonly proxy: CountingProxy;
  /** Mutations this device recorded, in order (sales are read from the store). */
  readonly mutations: Mutation[];
  /** Final outbox state per mutation id, captured as the engine completes pushes (entries get pruned). */
  readonly outcomes: OutcomeTap;
  stop(): Promise<void>;
}

/**
 * Wraps a store so that every push outcome is seen before the synced entry is pruned: the test
 * needs to know which adjustments and counts the server accepted.
 */
function tapOutcomes(
  store: DeviceStore,
  outcomes: Map<string, OutboxState>,
  mutations: Mutation[],
): DeviceStore {
  const bySeq = new Map<number, string>();
  return {
    ...store,
    async commitSale(...args) {
      const r = await store.commitSale(...args);
      bySeq.set(r.entry.seq, r.entry.id);
      mutations.push(r.entry.mutation);
      return r;
    },
    async appendMutation(mutation, createdAt) {
      const entry = await store.appendMutation(mutation, createdAt);
      bySeq.set(entry.seq, entry.id);
      mutations.push(mutation);
      return entry;
    },
    async completePush(list) {
      await store.completePush(list);
      for (const o of list) {
        const id = bySeq.get(o.seq);
        if (id !== undefined && o.state.kind !== 'pending') outcomes.set(id, o.state);
      }
    },
  };
}

/** Registers a device on the branch and starts its engine behind its own proxy. */
export async function openDevice(
  real: RealServer,
  branchId: string,
  name: string,
  options: { clock?: Clock; permissions?: readonly Permission[] } = {},
): Promise<Device> {
  const created = await real.admin.device(branchId, name, options.permissions);
  const url = new URL(real.server.url);
  const proxy = await startCountingProxy({ host: url.hostname, port: Number(url.port) });
  const outcomes = new Map<string, OutboxState>();
  const mutations: Mutation[] = [];
  const inner = await openDexieStore({ name: created.id, indexedDB: new IDBFactory(), IDBKeyRange });
  const client = createSyncClient({
    serverUrl: proxy.url,
    token: created.token,
    store: tapOutcomes(inner, outcomes, mutations),
    realtime: socketIoFactory,
    random: () => 0.05, // short backoff (50 ms .. 1.5 s): the scenarios are about order, not waiting
    requestTimeoutMs: 5_000,
    integrityCheckEveryMs: null,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  await client.start();
  return {
    name,
    deviceId: created.id,
    token: created.token,
    client,
    proxy,
    mutations,
    outcomes,
    async stop() {
      await client.stop();
      await proxy.close();
      await inner.close();
    },
  };
}

/** Polls until `cond` holds; throws with `what` (and the last detail) on timeout. */
export async function waitFor(
  cond: () => boolean | Promise<boolean>,
  what: string | (() => string),
  timeoutMs = 30_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await sleep(25);
  }
  throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Brings every device online and waits until its outbox is empty of unsent work, nudging syncs
 * the way the app's fallback pull would (a realtime poke lost with a cut connection is only
 * repaired by the next pull).
 */
export async function drainAll(devices: readonly Device[], timeoutMs = 45_000): Promise<void> {
  for (const d of devices) {
    d.proxy.setOnline(true);
    d.proxy.cancelLoss();
  }
  await waitFor(
    async () => {
      let done = true;
      for (const d of devices) {
        const s = d.client.status.get();
        if (s.pending > 0 || s.connection !== 'online') {
          done = false;
          await d.client.syncNow();
        }
      }
      return done;
    },
    () =>
      `devices drained: ${devices
        .map((d) => `${d.name} ${JSON.stringify({ ...d.client.status.get(), fullSync: undefined })}`)
        .join('; ')}`,
    timeoutMs,
  );
}

/** The server's stock ledger of a branch (what moved stock, and why). */
export async function readLedger(
  real: RealServer,
  branchId: string,
): Promise<{ productId: string; delta: number; reason: string; refId: string | null }[]> {
  return real.server.db.kysely
    .selectFrom('stockMovements')
    .select(['productId', 'delta', 'reason', 'refId'])
    .where('branchId', '=', branchId)
    .execute();
}

/** The millisecond timestamp a UUIDv7 carries (its first 48 bits). */
export function uuidV7Time(id: string): number {
  return parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}

/** Adds `delta` to `key` of a count map. */
export function bump(map: Map<string, number>, key: string, delta: number): void {
  map.set(key, (map.get(key) ?? 0) + delta);
}

/** What a device shows differently from the server's truth, for a failure message. */
export function describeDifferences(truth: ServerTruth, client: SyncClient): string {
  const out: string[] = [];
  for (const [id, p] of truth.products) {
    const mine = client.catalog.get(id);
    if (p.deleted ? mine !== undefined : mine?.version !== p.version || mine.price !== p.price)
      out.push(`product ${id} server v${p.version} ${p.price}, device v${mine?.version} ${mine?.price}`);
  }
  for (const [id, qty] of truth.stock) {
    const mine = client.catalog.stockLevel(id);
    if (mine?.onHand !== qty)
      out.push(`stock ${id} server ${qty}, device ${mine?.onHand} (v${mine?.version})`);
  }
  return out.join('; ');
}

/**
 * Shared set-up of the history scenarios (clock skew, seeded random history): the real server
 * in-process on SQLite or PostgreSQL, devices (Dexie over fake-indexeddb, as in the sync
 * integration tests) each behind its own link proxy (the test kit's), and the server's stock ledger.
 */
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
import { startLinkProxy, waitFor, type InProcessServer, type LinkProxy } from '@kasir/test-kit';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { countSkippedChanges, type ServerTruth } from '../lib/invariant.ts';

/** How the server answered each of a device's mutations, as the device's outbox recorded it. */
export type OutcomeTap = ReadonlyMap<string, OutboxState>;

/** One simulated cashier device against the real server. */
export interface Device {
  readonly name: string;
  readonly deviceId: string;
  readonly token: string;
  readonly client: SyncClient;
  readonly proxy: LinkProxy;
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
  real: InProcessServer,
  branchId: string,
  name: string,
  options: { clock?: Clock; permissions?: readonly Permission[] } = {},
): Promise<Device> {
  const created = await real.admin.device(branchId, name, options.permissions);
  const proxy = await startLinkProxy(real.url);
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
    {
      timeout: timeoutMs,
      message: () =>
        `devices drained: ${devices
          .map((d) => `${d.name} ${JSON.stringify({ ...d.client.status.get(), fullSync: undefined })}`)
          .join('; ')}`,
    },
  );
}

/** The server's stock ledger of a branch (what moved stock, and why). */
export async function readLedger(
  real: InProcessServer,
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

/** Syncs `device` until it holds every sale of `truth` and shows its catalog and stock. */
export async function waitConverged(device: Device, truth: ServerTruth): Promise<void> {
  await waitFor(
    async () => {
      await device.client.syncNow();
      const mine = new Set((await device.client.listBranchSales(1_000_000)).map((s) => s.id));
      return (
        countSkippedChanges(truth, device.client) === 0 && [...truth.sales.keys()].every((id) => mine.has(id))
      );
    },
    { message: () => `${device.name} converged: ${describeDifferences(truth, device.client)}` },
  );
}

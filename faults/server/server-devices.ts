import type { Product, ProductInput } from '@kasir/protocol';
import {
  createSyncClient,
  openDexieStore,
  seededRandom,
  type FetchFn,
  type Random,
  type SyncClient,
  type SyncClientOptions,
} from '@kasir/sync';
import { createAdminClient } from '@kasir/sync/testing';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { readServerTruth } from '../lib/invariant.ts';

/** One cashier device of the server scenarios: the real engine over Dexie on fake-indexeddb. */
export interface FaultDevice {
  readonly name: string;
  readonly client: SyncClient;
  /** Records one random cash sale of 1-3 lines of `products`; false if the engine refused it. */
  sell(products: readonly Product[], random: Random): Promise<boolean>;
  stop(): Promise<void>;
}

/** Starts a device on its own store (a fresh IndexedDB) against `serverUrl`. */
export async function startFaultDevice(opts: {
  readonly name: string;
  readonly token: string;
  readonly serverUrl: string;
  readonly random: Random;
  readonly fetch?: FetchFn;
  readonly pushBatchSize?: number;
  readonly pageSize?: number;
}): Promise<FaultDevice> {
  const store = await openDexieStore({ name: opts.name, indexedDB: new IDBFactory(), IDBKeyRange });
  const options: SyncClientOptions = {
    serverUrl: opts.serverUrl,
    token: opts.token,
    store,
    random: opts.random,
    // The scenarios drive syncs themselves; no daily integrity check in the middle of a fault.
    integrityCheckEveryMs: null,
    requestTimeoutMs: 10_000,
    ...(opts.fetch === undefined ? {} : { fetch: opts.fetch }),
    ...(opts.pushBatchSize === undefined ? {} : { pushBatchSize: opts.pushBatchSize }),
    ...(opts.pageSize === undefined ? {} : { pageSize: opts.pageSize }),
  };
  const client = createSyncClient(options);
  await client.start();
  return {
    name: opts.name,
    client,
    async sell(products, random) {
      const picked = Array.from(
        { length: 1 + Math.floor(random() * 3) },
        () => products[Math.floor(random() * products.length)]!,
      );
      const lines = [...new Map(picked.map((p) => [p.id, p])).values()].map((p) => ({
        productId: p.id,
        quantity: 1 + Math.floor(random() * 3),
        unitPrice: p.price,
      }));
      const total = lines.reduce((a, l) => a + l.quantity * l.unitPrice, 0);
      const res = await client.recordSale({ lines, payments: [{ method: 'cash', amount: total }] });
      return res.ok;
    },
    async stop() {
      await client.stop();
      await store.close();
    },
  };
}

/** Polls `check` every 50 ms until it holds; throws with `what` after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** True when every sale and mutation of the device is acknowledged by the server. */
export async function drained(client: SyncClient): Promise<boolean> {
  const outbox = await client.listOutbox();
  return outbox.every((e) => e.state.kind === 'synced') && client.status.get().pending === 0;
}

/**
 * Syncs every device until all it holds is acknowledged, then once more so each pulls the others'
 * effects. A sync that fails (the server still recovering) is simply asked for again.
 */
export async function drainAll(devices: readonly FaultDevice[], timeoutMs = 60_000): Promise<void> {
  await waitFor(
    'the devices to drain',
    async () => {
      const done = await Promise.all(
        devices.map(async (d) => {
          if (await drained(d.client)) return true;
          await d.client.syncNow();
          return drained(d.client);
        }),
      );
      return done.every(Boolean);
    },
    timeoutMs,
  );
  for (const d of devices) {
    const r = await d.client.syncNow();
    if (!('ok' in r) || !r.ok) throw new Error(`${d.name}: the last sync failed: ${JSON.stringify(r)}`);
  }
}

/** `n` products `F0001`... with prices 1,000, 2,000, ... */
export function faultProducts(n: number, prefix = 'F'): ProductInput[] {
  return Array.from({ length: n }, (_, i) => ({
    sku: `${prefix}${String(i + 1).padStart(5, '0')}`,
    name: `Barang ${i + 1}`,
    price: ((i % 50) + 1) * 1000,
    barcode: `899${String(i + 1).padStart(10, '0')}`,
    category: i % 2 === 0 ? 'Makanan' : 'Minuman',
  }));
}

/** A branch with products and devices on a fault server, ready to sell, and its starting stock. */
export interface ServerBranch {
  readonly products: Product[];
  readonly devices: FaultDevice[];
  /** A device token of the branch, for reading the server's truth through the feed. */
  readonly token: string;
  /** Stock per product before anyone sold (the invariant's base). */
  readonly baseStock: Map<string, number>;
}

/**
 * Enrols `deviceCount` devices in a new branch `code` with `productCount` products, starts their
 * engines and waits until every one has downloaded the catalog.
 */
export async function startServerBranch(opts: {
  readonly serverUrl: string;
  readonly adminToken: string;
  readonly code: string;
  readonly productCount: number;
  readonly deviceCount: number;
  readonly namePrefix: string;
  readonly seed: number;
  readonly device?: { readonly fetch?: FetchFn; readonly pushBatchSize?: number };
}): Promise<ServerBranch> {
  const admin = createAdminClient(opts.serverUrl, opts.adminToken);
  const branch = await admin.branch(opts.code);
  const products = await admin.products(faultProducts(opts.productCount));
  const created = await Promise.all(
    Array.from({ length: opts.deviceCount }, (_, i) => admin.device(branch.id, `Kasir ${i + 1}`)),
  );
  const devices = await Promise.all(
    created.map((d, i) =>
      startFaultDevice({
        name: `${opts.namePrefix}-${i}`,
        token: d.token,
        serverUrl: opts.serverUrl,
        random: seededRandom(opts.seed * 1000 + i),
        ...opts.device,
      }),
    ),
  );
  await waitFor('the devices to download the catalog', () =>
    devices.every((d) => d.client.catalog.size === products.length && d.client.status.get().lastSyncedAt),
  );
  const token = created[0]!.token;
  const before = await readServerTruth(opts.serverUrl, token);
  const baseStock = new Map(products.map((p) => [p.id, before.stock.get(p.id) ?? 0]));
  return { products, devices, token, baseStock };
}

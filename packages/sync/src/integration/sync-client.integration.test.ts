/**
 * The engine against the real server (apps/server) started in-process, on SQLite and, when one is
 * reachable, PostgreSQL: the "done when" list of issue 3. Real fetch, real Socket.IO, a TCP proxy
 * for network faults; Dexie over fake-indexeddb as the device store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '@kasir/server';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import pg from 'pg';
import type { Product } from '@kasir/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncClient, type SyncClient, type SyncClientOptions } from '../client/create-sync-client.ts';
import type { DeviceStore } from '../store/device-store.ts';
import { openDexieStore } from '../store/dexie-store.ts';
import { createAdminClient, type AdminClient } from '../testing/admin-client.ts';
import { createFakeLocks } from '../testing/fake-locks.ts';
import { startTcpProxy, type TcpProxy } from '../testing/tcp-proxy.ts';
import { makeSaleDraft } from '../testing/fixtures.ts';
import { socketIoFactory } from '../transport/socket-io-factory.ts';

const ADMIN_TOKEN = 'sync-integration-admin-token-0123456789';
const PG_URL = process.env.KASIR_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function startReal(
  engine: 'sqlite' | 'postgres',
): Promise<{ server: RunningServer; close(): Promise<void> }> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'kasir-sync-it-'));
    const server = await startServer({
      database: { engine: 'sqlite', dataDir: dir },
      adminToken: ADMIN_TOKEN,
      logger: false,
    });
    return {
      server,
      close: async () => (await server.close(), rmSync(dir, { recursive: true, force: true })),
    };
  }
  const schema = `kasir_sync_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(`CREATE SCHEMA ${schema}`);
  await c.end();
  const server = await startServer({
    database: { engine: 'postgres', url: PG_URL, schema },
    adminToken: ADMIN_TOKEN,
    logger: false,
  });
  return {
    server,
    async close() {
      await server.close();
      const d = new pg.Client({ connectionString: PG_URL });
      await d.connect();
      await d.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await d.end();
    },
  };
}

async function waitFor(
  cond: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

// PostgreSQL is part of the test environment (README): never skipped, so a missing server fails loudly.
const engines = ['sqlite', 'postgres'] as const;

describe.each(engines)('sync client against the real server on %s', (engine) => {
  let real: { server: RunningServer; close(): Promise<void> };
  let admin: AdminClient;
  const cleanups: (() => Promise<void>)[] = [];
  let branchNo = 0;

  beforeAll(async () => {
    real = await startReal(engine);
    admin = createAdminClient(real.server.url, ADMIN_TOKEN);
  }, 60_000);
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
    await real.close();
  }, 60_000);

  /** A branch with products and stock, and a proxy per device so each can go offline alone. */
  async function setup(productCount = 3, stock = 10): Promise<{ branchId: string; products: Product[] }> {
    const branch = await admin.branch(`IT${engine === 'sqlite' ? 'S' : 'P'}${++branchNo}`);
    const products = await admin.products(
      Array.from({ length: productCount }, (_, i) => ({
        sku: `${branch.code}-${i}`,
        name: `Barang ${i}`,
        price: 1000 + i,
        barcode: `${branch.code}${i}`,
      })),
    );
    for (const p of products.slice(0, 5)) await admin.stock(branch.id, p.id, stock);
    return { branchId: branch.id, products };
  }

  async function device(
    branchId: string,
    extra: Partial<SyncClientOptions> = {},
  ): Promise<{ client: SyncClient; proxy: TcpProxy; store: DeviceStore; deviceId: string }> {
    const created = await admin.device(branchId, `Kasir ${Math.random().toString(36).slice(2, 6)}`);
    const url = new URL(real.server.url);
    const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port) });
    const store =
      extra.store ?? (await openDexieStore({ name: created.id, indexedDB: new IDBFactory(), IDBKeyRange }));
    const client = createSyncClient({
      serverUrl: proxy.url,
      token: created.token,
      store,
      realtime: socketIoFactory,
      random: () => 0.05, // short backoff: 50 ms .. 1.5 s
      requestTimeoutMs: 5_000,
      ...extra,
    });
    cleanups.push(async () => {
      await client.stop();
      await proxy.close();
    });
    return { client, proxy, store, deviceId: created.id };
  }

  /** Sale ids of the branch in feed order, read as a fresh device would. */
  async function branchSaleIds(token: string): Promise<string[]> {
    const ids: string[] = [];
    let cursor = '';
    for (;;) {
      const res = await fetch(`${real.server.url}/api/sync/pull?cursor=${cursor}&limit=1000`, {
        headers: { authorization: `Bearer ${token}`, 'x-kasir-protocol': '1' },
      });
      const body = (await res.json()) as {
        changes: { kind: string; data: { id: string } }[];
        cursor: string;
        hasMore: boolean;
      };
      ids.push(...body.changes.filter((c) => c.kind === 'sale').map((c) => c.data.id));
      cursor = body.cursor;
      if (!body.hasMore) return ids;
    }
  }

  it('S3: a sale recorded offline is on the server exactly once after reconnect', async () => {
    const { branchId, products } = await setup();
    const d = await device(branchId);
    await d.client.start();
    await waitFor(() => d.client.status.get().connection === 'online' && d.client.catalog.size > 0, 'online');
    d.proxy.setOnline(false);
    const sale = await d.client.recordSale(makeSaleDraft([products[0]!]));
    expect(sale.ok).toBe(true);
    await waitFor(() => d.client.status.get().connection === 'offline', 'offline');
    d.proxy.setOnline(true);
    await waitFor(() => d.client.status.get().pending === 0, 'pushed');
    const observer = await admin.device(branchId, 'observer');
    expect(await branchSaleIds(observer.token)).toEqual([sale.ok ? sale.value.id : '']);
    await waitFor(() => d.client.catalog.get(products[0]!.id)?.onHand === 9, 'stock 9');
  });

  it('S3: a response lost after the server committed (TCP cut) does not duplicate the sale', async () => {
    const { branchId, products } = await setup();
    const d = await device(branchId);
    await d.client.start();
    await waitFor(() => d.client.status.get().connection === 'online', 'online');
    d.proxy.loseNextResponse('POST /api/sync/push');
    const sale = await d.client.recordSale(makeSaleDraft([products[1]!], 2));
    await waitFor(async () => (await d.client.listSales())[0]?.sync.kind === 'synced', 'synced');
    const observer = await admin.device(branchId, 'observer');
    expect(await branchSaleIds(observer.token)).toEqual([sale.ok ? sale.value.id : '']);
  });

  it('S2: 1,000 sales queued offline all arrive exactly once, in order', async () => {
    const { branchId, products } = await setup();
    const d = await device(branchId);
    await d.client.start();
    await waitFor(() => d.client.status.get().connection === 'online', 'online');
    // Online can come before the first sync stored who the device is; a till sells after that.
    await waitFor(async () => (await d.store.readMeta()).identity !== null, 'identity stored');
    d.proxy.setOnline(false);
    const ids: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const r = await d.client.recordSale(makeSaleDraft([products[i % 3]!]));
      if (r.ok) ids.push(r.value.id);
    }
    expect(ids).toHaveLength(1000);
    d.proxy.setOnline(true);
    await waitFor(() => d.client.status.get().pending === 0, 'all pushed', 60_000);
    const observer = await admin.device(branchId, 'observer');
    expect(await branchSaleIds(observer.token)).toEqual(ids);
  }, 120_000);

  it('S9: a 4xx-rejected mutation is parked and the ones behind it still sync', async () => {
    const { branchId, products } = await setup();
    const d = await device(branchId);
    await d.client.start();
    await waitFor(() => d.client.status.get().connection === 'online', 'online');
    await waitFor(async () => (await d.store.readMeta()).identity !== null, 'identity stored');
    d.proxy.setOnline(false);
    const bad = await d.client.recordMutation({
      type: 'stock.adjust',
      payload: { productId: '01900000-0000-7000-8000-00000000dead', delta: 1, reason: 'receive' },
    });
    const sale = await d.client.recordSale(makeSaleDraft([products[0]!]));
    d.proxy.setOnline(true);
    await waitFor(() => d.client.status.get().pending === 0, 'pushed');
    expect(d.client.status.get().failed).toBe(1);
    const parked = (await d.client.listOutbox()).find((e) => bad.ok && e.id === bad.value.id);
    expect(parked?.state.kind).toBe('failed');
    expect((await d.client.listSales())[0]).toMatchObject({
      id: sale.ok ? sale.value.id : '',
      sync: { kind: 'synced' },
    });
  });

  it("S6: a second device gets a sale's stock change through realtime, and through pull when realtime was missed", async () => {
    const { branchId, products } = await setup();
    const a = await device(branchId);
    const b = await device(branchId);
    await a.client.start();
    await b.client.start();
    await waitFor(
      () => a.client.status.get().connection === 'online' && b.client.status.get().connection === 'online',
      'both online',
    );
    const pid = products[0]!.id;
    await a.client.recordSale(makeSaleDraft([products[0]!], 2));
    await waitFor(() => b.client.catalog.get(pid)?.onHand === 8, 'realtime stock on B', 5_000);
    b.proxy.setOnline(false);
    await waitFor(() => b.client.status.get().connection === 'offline', 'B offline');
    await a.client.recordSale(makeSaleDraft([products[0]!], 3));
    await waitFor(() => a.client.status.get().pending === 0, 'A pushed');
    expect(b.client.catalog.get(pid)?.onHand).toBe(8);
    b.proxy.setOnline(true);
    await waitFor(() => b.client.catalog.get(pid)?.onHand === 5, 'pulled stock on B');
  });

  it('S12: full sync of 20,000 products resumes after being cut at page 10', async () => {
    const { branchId } = await setup(20_000, 1);
    let pulls = 0;
    let cut = false;
    const pullUrls: string[] = [];
    const d0 = await admin.device(branchId, 'full');
    const store = await openDexieStore({ name: 'full', indexedDB: new IDBFactory(), IDBKeyRange });
    const client = createSyncClient({
      serverUrl: real.server.url,
      token: d0.token,
      store,
      realtime: null,
      random: () => 0.05,
      fetch: (url, init) => {
        if (url.includes('/api/sync/pull')) pullUrls.push(url);
        if (url.includes('/api/sync/pull') && ++pulls === 11 && !cut) {
          cut = true;
          return Promise.reject(new TypeError('network cut at page 10'));
        }
        return fetch(url, init);
      },
    });
    cleanups.push(() => client.stop());
    await client.start();
    await waitFor(async () => (await store.readMeta()).fullSync?.nextPage === 10, 'cut at page 10');
    await waitFor(() => client.catalog.size > 0, 'resumed and finished', 60_000);
    const meta = await store.readMeta();
    expect(meta.fullSync).toBeNull();
    // Resumed at page 10 with the cursor it was cut at, never again from the empty cursor.
    const cutUrl = pullUrls[10]!;
    expect(pullUrls[11]).toBe(cutUrl);
    expect(pullUrls.slice(1).some((u) => u.includes('cursor=&'))).toBe(false);
    expect(client.catalog.size).toBeGreaterThanOrEqual(20_000);
    expect(await client.checkIntegrity({ repair: false })).toMatchObject({ kind: 'ok' });
  }, 120_000);

  it('S11: two engines on one store elect one leader', async () => {
    const { branchId, products } = await setup();
    const created = await admin.device(branchId, 'two-tabs');
    const store = await openDexieStore({ name: 'tabs', indexedDB: new IDBFactory(), IDBKeyRange });
    const locks = createFakeLocks();
    const make = (): SyncClient =>
      createSyncClient({
        serverUrl: real.server.url,
        token: created.token,
        store,
        locks,
        realtime: socketIoFactory,
        random: () => 0.05,
      });
    const a = make();
    const b = make();
    cleanups.push(async () => (await a.stop(), await b.stop()));
    await a.start();
    await b.start();
    await waitFor(() => a.isLeader() || b.isLeader(), 'a leader');
    expect([a.isLeader(), b.isLeader()].filter(Boolean)).toHaveLength(1);
    await waitFor(() => (a.isLeader() ? a : b).status.get().connection === 'online', 'leader online');
    // The follower sells as soon as the leader has stored who the device is (online may come first).
    await waitFor(async () => (await store.readMeta()).identity !== null, 'identity stored');
    const sale = await (a.isLeader() ? b : a).recordSale(makeSaleDraft([products[0]!]));
    expect(sale).toMatchObject({ ok: true });
    await (a.isLeader() ? a : b).syncNow();
    expect((await store.listSales())[0]?.sync.kind).toBe('synced');
  });
});

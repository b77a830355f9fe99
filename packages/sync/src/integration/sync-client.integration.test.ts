/**
 * The engine against the real server (apps/server) started in-process, on SQLite and, when one is
 * reachable, PostgreSQL: the "done when" list of issue 3. Real fetch, real Socket.IO, a TCP proxy
 * for network faults; Dexie over fake-indexeddb as the device store.
 */
import type { Product } from '@kasir/protocol';
import {
  ENGINES,
  createCleanup,
  pullAll,
  startInProcessServer,
  startLinkProxy,
  waitFor,
  type InProcessServer,
  type LinkProxy,
} from '@kasir/test-kit';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncClient, type SyncClient, type SyncClientOptions } from '../client/create-sync-client.ts';
import type { DeviceStore } from '../store/device-store.ts';
import { openDexieStore } from '../store/dexie-store.ts';
import { createFakeLocks } from '../testing/fake-locks.ts';
import { makeSaleDraft } from '../testing/fixtures.ts';
import { socketIoFactory } from '../transport/socket-io-factory.ts';

// PostgreSQL is part of the test environment (README): never skipped, so a missing server fails loudly.
describe.each(ENGINES)('sync client against the real server on %s', (engine) => {
  let real: InProcessServer;
  const cleanup = createCleanup();
  let branchNo = 0;

  beforeAll(async () => {
    real = await startInProcessServer(engine);
    cleanup.defer(() => real.close());
  }, 60_000);
  afterAll(() => cleanup.run(), 60_000);

  /** A branch with products and stock, and a proxy per device so each can go offline alone. */
  async function setup(productCount = 3, stock = 10): Promise<{ branchId: string; products: Product[] }> {
    const branch = await real.admin.branch(`IT${engine === 'sqlite' ? 'S' : 'P'}${++branchNo}`);
    const products = await real.admin.products(
      Array.from({ length: productCount }, (_, i) => ({
        sku: `${branch.code}-${i}`,
        name: `Barang ${i}`,
        price: 1000 + i,
        barcode: `${branch.code}${i}`,
      })),
    );
    for (const p of products.slice(0, 5)) await real.admin.stock(branch.id, p.id, stock);
    return { branchId: branch.id, products };
  }

  async function device(
    branchId: string,
    extra: Partial<SyncClientOptions> = {},
  ): Promise<{ client: SyncClient; proxy: LinkProxy; store: DeviceStore; deviceId: string }> {
    const created = await real.admin.device(branchId, `Kasir ${Math.random().toString(36).slice(2, 6)}`);
    const proxy = await startLinkProxy(real.url);
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
    cleanup.defer(() => proxy.close());
    cleanup.defer(() => client.stop());
    return { client, proxy, store, deviceId: created.id };
  }

  /** A device of a new branch (`setup()`), started, online with the catalog, and knowing who it is. */
  async function readyDevice() {
    const { branchId, products } = await setup();
    const d = await device(branchId);
    await d.client.start();
    await waitFor(() => d.client.status.get().connection === 'online' && d.client.catalog.size > 0, {
      message: 'online with the catalog',
    });
    // Online can come before the first sync stored who the device is; a till sells after that.
    await waitFor(async () => (await d.store.readMeta()).identity !== null, { message: 'identity stored' });
    return { ...d, branchId, products };
  }

  /** Sale ids of the branch in feed order, read by a new device of it as a fresh device would. */
  async function branchSaleIds(branchId: string): Promise<string[]> {
    const observer = await real.admin.device(branchId, 'observer');
    return (await pullAll(real.url, observer.token)).flatMap((c) => (c.kind === 'sale' ? [c.data.id] : []));
  }

  it('S3: a sale recorded offline is on the server exactly once after reconnect', async () => {
    const d = await readyDevice();
    const { products } = d;
    d.proxy.setOnline(false);
    const sale = await d.client.recordSale(makeSaleDraft([products[0]!]));
    expect(sale.ok).toBe(true);
    await waitFor(() => d.client.status.get().connection === 'offline', { message: 'offline' });
    d.proxy.setOnline(true);
    await waitFor(() => d.client.status.get().pending === 0, { message: 'pushed' });
    expect(await branchSaleIds(d.branchId)).toEqual([sale.ok ? sale.value.id : '']);
    await waitFor(() => d.client.catalog.get(products[0]!.id)?.onHand === 9, { message: 'stock 9' });
  });

  it('S3: a response lost after the server committed (TCP cut) does not duplicate the sale', async () => {
    const d = await readyDevice();
    d.proxy.loseNextResponse('POST /api/sync/push');
    const sale = await d.client.recordSale(makeSaleDraft([d.products[1]!], 2));
    await waitFor(async () => (await d.client.listSales())[0]?.sync.kind === 'synced', { message: 'synced' });
    expect(d.proxy.dropped()).toBe(1);
    expect(await branchSaleIds(d.branchId)).toEqual([sale.ok ? sale.value.id : '']);
  });

  it('S2: 1,000 sales queued offline all arrive exactly once, in order', async () => {
    const d = await readyDevice();
    const { products } = d;
    d.proxy.setOnline(false);
    const ids: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const r = await d.client.recordSale(makeSaleDraft([products[i % 3]!]));
      if (r.ok) ids.push(r.value.id);
    }
    expect(ids).toHaveLength(1000);
    d.proxy.setOnline(true);
    await waitFor(() => d.client.status.get().pending === 0, { message: 'all pushed', timeout: 60_000 });
    expect(await branchSaleIds(d.branchId)).toEqual(ids);
  }, 120_000);

  it('S9: a 4xx-rejected mutation is parked and the ones behind it still sync', async () => {
    const d = await readyDevice();
    d.proxy.setOnline(false);
    const bad = await d.client.recordMutation({
      type: 'stock.adjust',
      payload: { productId: '01900000-0000-7000-8000-00000000dead', delta: 1, reason: 'receive' },
    });
    const sale = await d.client.recordSale(makeSaleDraft([d.products[0]!]));
    d.proxy.setOnline(true);
    await waitFor(() => d.client.status.get().pending === 0, { message: 'pushed' });
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
      { message: 'both online' },
    );
    const pid = products[0]!.id;
    await a.client.recordSale(makeSaleDraft([products[0]!], 2));
    await waitFor(() => b.client.catalog.get(pid)?.onHand === 8, {
      message: 'realtime stock on B',
      timeout: 5_000,
    });
    b.proxy.setOnline(false);
    await waitFor(() => b.client.status.get().connection === 'offline', { message: 'B offline' });
    await a.client.recordSale(makeSaleDraft([products[0]!], 3));
    await waitFor(() => a.client.status.get().pending === 0, { message: 'A pushed' });
    expect(b.client.catalog.get(pid)?.onHand).toBe(8);
    b.proxy.setOnline(true);
    await waitFor(() => b.client.catalog.get(pid)?.onHand === 5, { message: 'pulled stock on B' });
  });

  it('S12: full sync of 20,000 products resumes after being cut at page 10', async () => {
    const { branchId } = await setup(20_000, 1);
    let pulls = 0;
    let cut = false;
    const pullUrls: string[] = [];
    const d0 = await real.admin.device(branchId, 'full');
    const store = await openDexieStore({ name: 'full', indexedDB: new IDBFactory(), IDBKeyRange });
    const client = createSyncClient({
      serverUrl: real.url,
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
    cleanup.defer(() => client.stop());
    await client.start();
    await waitFor(async () => (await store.readMeta()).fullSync?.nextPage === 10, {
      message: 'cut at page 10',
    });
    await waitFor(() => client.catalog.size > 0, { message: 'resumed and finished', timeout: 60_000 });
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
    const created = await real.admin.device(branchId, 'two-tabs');
    const store = await openDexieStore({ name: 'tabs', indexedDB: new IDBFactory(), IDBKeyRange });
    const locks = createFakeLocks();
    const make = (): SyncClient =>
      createSyncClient({
        serverUrl: real.url,
        token: created.token,
        store,
        locks,
        realtime: socketIoFactory,
        random: () => 0.05,
      });
    const a = make();
    const b = make();
    cleanup.defer(() => a.stop());
    cleanup.defer(() => b.stop());
    await a.start();
    await b.start();
    await waitFor(() => a.isLeader() || b.isLeader(), { message: 'a leader' });
    expect([a.isLeader(), b.isLeader()].filter(Boolean)).toHaveLength(1);
    await waitFor(() => (a.isLeader() ? a : b).status.get().connection === 'online', {
      message: 'leader online',
    });
    // The follower sells as soon as the leader has stored who the device is (online may come first).
    await waitFor(async () => (await store.readMeta()).identity !== null, { message: 'identity stored' });
    const sale = await (a.isLeader() ? b : a).recordSale(makeSaleDraft([products[0]!]));
    expect(sale).toMatchObject({ ok: true });
    await (a.isLeader() ? a : b).syncNow();
    expect((await store.listSales())[0]?.sync.kind).toBe('synced');
  });
});

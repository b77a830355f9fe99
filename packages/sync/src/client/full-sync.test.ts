import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { FullSyncProgress } from '../pull/full-sync.ts';
import type { DeviceStore } from '../store/device-store.ts';
import { openDexieStore } from '../store/dexie-store.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import { makeProduct, makeSaleDraft } from '../testing/fixtures.ts';
import { createHarness } from '../testing/harness.ts';
import { settleUntil } from '../testing/manual-clock.ts';

const stores: [string, () => Promise<DeviceStore>][] = [
  ['memory', () => Promise.resolve(createMemoryStore())],
  ['dexie', () => openDexieStore({ name: 'full-sync', indexedDB: new IDBFactory(), IDBKeyRange })],
];

describe.each(stores)('full sync over %s', (_name, open) => {
  it('S12: full sync of 20,000 products resumes after being cut at page 10', async () => {
    const h = createHarness({ products: 0 });
    for (let i = 1; i <= 20_000; i++) {
      const { version: _v, deleted: _d, ...p } = makeProduct(i);
      h.server.backend.putProduct(p);
    }
    const store = await open();
    const device = h.device('D1');
    const progress: FullSyncProgress[] = [];
    let pulls = 0;
    const fetch: typeof h.server.fetch = (url, init) => {
      if (url.includes('/api/sync/pull') && ++pulls === 11) h.server.setOnline(false); // cut at page 10
      return h.server.fetch(url, init);
    };
    const client = h.client(device, { store, fetch, realtime: null, pageSize: 500 });
    await client.start();
    await settleUntil(() => client.status.get().lastError !== undefined);
    expect(client.status.get().lastErrorKind).toBe('network');
    // The first start runs the full sync; it stopped after 10 pages.
    expect((await store.readMeta()).fullSync).toMatchObject({ nextPage: 10, done: 5000, total: 20_000 });
    expect(client.status.get().fullSync).toEqual({ done: 5000, total: 20_000 });
    expect(client.catalog.size).toBe(0); // the old (empty) catalog serves until the swap
    h.server.setOnline(true);
    const run = await client.fullSync({ onProgress: (p) => progress.push(p) });
    expect(run).toMatchObject({ ok: true, pages: 40, total: 20_000 });
    expect(progress[0]).toEqual({ done: 5000, total: 20_000 }); // resumed, not restarted
    expect(progress.at(-1)).toEqual({ done: 20_000, total: 20_000 });
    expect(pulls).toBe(11 + 30);
    expect(client.catalog.size).toBe(20_000);
    expect(client.catalog.byBarcode(makeProduct(12_345).barcodes[0]!)?.id).toBe(makeProduct(12_345).id);
    expect(await client.checkIntegrity({ repair: false })).toMatchObject({ kind: 'ok' });
    expect(client.status.get().fullSync).toBeUndefined();
    await client.stop();
    await store.close();
  });

  it('S12: resetAndRedownload keeps the outbox; an integrity mismatch is repaired by a full sync', async () => {
    const h = createHarness({ products: 30, stock: 5 });
    const store = await open();
    const client = h.client(h.device('D1'), { store, pageSize: 7 });
    await client.start();
    await settleUntil(() => client.catalog.size === 30 && client.status.get().connection === 'online');
    h.server.setOnline(false);
    await client.recordSale(makeSaleDraft([h.products[0]!]));
    h.server.setOnline(true);
    h.server.network.holdRequests = true;
    const reset = client.resetAndRedownload();
    await settleUntil(() => h.server.network.log.length > 0 && client.catalog.size === 0);
    expect((await client.listOutbox()).length).toBe(1); // the unsynced sale survives the reset
    h.server.network.holdRequests = false;
    for (let i = 0; i < 20; i++) {
      h.server.flushRequests();
      await h.settle();
    }
    expect(await reset).toMatchObject({ ok: true });
    await h.clock.advance(31_000);
    await settleUntil(() => h.server.backend.sales.size === 1);
    expect(client.catalog.size).toBe(30);
    // Damage the local copy behind the engine's back: a product the server deleted stays locally.
    await store.applyChanges(
      { products: [makeProduct(999)], stock: [], sales: [] },
      (await store.readMeta()).cursor,
    );
    client.catalog.applyProducts([makeProduct(999)]);
    const check = await client.checkIntegrity({ repair: true });
    expect(check).toMatchObject({ kind: 'mismatch', repaired: true });
    expect(client.catalog.size).toBe(30);
    expect(await client.checkIntegrity({ repair: false })).toMatchObject({ kind: 'ok' });
    await client.stop();
    await store.close();
  });
});

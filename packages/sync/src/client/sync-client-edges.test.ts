import { describe, expect, it } from 'vitest';
import { makeProduct, makeSaleDraft } from '../testing/fixtures.ts';
import { createHarness } from '../testing/harness.ts';
import { createMemoryStore } from '../store/memory-store.ts';

describe('sync client: edge cases', () => {
  it('S6: a realtime event past a gap triggers a pull instead of being applied', async () => {
    const h = createHarness();
    const b = await h.started('D2');
    const pulls = (): number => h.server.network.log.filter((l) => l.includes('/pull')).length;
    const before = pulls();
    h.server.network.holdRealtime = true;
    const [p1, p2] = [h.products[0]!, h.products[1]!];
    h.server.backend.putProduct({ ...p1, name: 'Satu' });
    h.server.loseQueuedRealtime(); // the event for position n is lost
    h.server.backend.putProduct({ ...p2, name: 'Dua' }); // n + 1 arrives: a gap
    h.server.network.holdRealtime = false;
    h.server.flushRealtime();
    await h.settle();
    expect(pulls()).toBe(before + 1);
    expect(b.catalog.get(p1.id)?.name).toBe('Satu');
    expect(b.catalog.get(p2.id)?.name).toBe('Dua');
    // The next event is exactly one past: applied without a pull.
    h.server.backend.putProduct({ ...p1, name: 'Tiga' });
    await h.settle();
    expect(b.catalog.get(p1.id)?.name).toBe('Tiga');
    expect(pulls()).toBe(before + 1);
    await b.stop();
  });

  it('S9: a whole-body 4xx splits the batch until the offender is alone, parks it, and sends the rest', async () => {
    const h = createHarness();
    const client = await h.started('D1');
    h.server.network.holdRequests = true;
    const a = await client.recordSale(makeSaleDraft([h.products[0]!]));
    const b = await client.recordSale(makeSaleDraft([h.products[1]!]));
    h.server.network.failNext = { count: 2, status: 413, code: 'payload_too_large' };
    h.server.network.holdRequests = false;
    h.server.flushRequests();
    await h.clock.advance(1_000);
    const outbox = await client.listOutbox();
    expect(outbox.find((e) => a.ok && e.id === a.value.id)?.state).toMatchObject({
      kind: 'failed',
      code: 'payload_too_large',
    });
    expect(h.server.backend.sales.has(b.ok ? b.value.id : '')).toBe(true);
    await client.stop();
  });

  it('S14: a client the server finds too old is told upgrade_required and keeps its outbox', async () => {
    const h = createHarness({ minProtocol: 2 });
    const device = h.device('D1');
    const store = createMemoryStore();
    await store.setIdentity({
      deviceId: device.id,
      deviceCode: 'D1',
      deviceName: 'D1',
      branchId: h.branchId,
      branchCode: 'B1',
      branchName: 'B1',
    });
    const client = await h.started(device, { store, realtime: null });
    await client.recordSale(makeSaleDraft([h.products[0]!]));
    await h.clock.advance(60_000);
    expect(client.status.get()).toMatchObject({ blocked: { code: 'upgrade_required' }, pending: 1 });
    await client.stop();
  });

  it('status turns stale when no sync completed for a while, and fresh again after one', async () => {
    const h = createHarness();
    const client = await h.started('D1', { staleAfterMs: 60_000, pullIntervalMs: 10 * 60_000 });
    expect(client.status.get().stale).toBe(false);
    const seen: boolean[] = [];
    client.status.subscribe((s) => seen.push(s.stale));
    h.server.setOnline(false);
    await h.clock.advance(76_000);
    expect(client.status.get().stale).toBe(true);
    expect(seen.at(-1)).toBe(true); // announced to subscribers, not only on read
    h.server.setOnline(true);
    await client.syncNow();
    expect(client.status.get().stale).toBe(false);
    await client.stop();
  });

  it('a device that never synced is not stale while its first sync tries, and is once staleAfterMs passed', async () => {
    const h = createHarness();
    h.server.setOnline(false);
    const client = await h.started('D1', { staleAfterMs: 60_000, pullIntervalMs: 10 * 60_000 });
    expect(client.status.get()).toMatchObject({ lastSyncedAt: null, stale: false });
    await h.clock.advance(61_000);
    expect(client.status.get().stale).toBe(true);
    await client.stop();
  });

  it('heavy work waits for an idle till: no integrity check while a sale is open, one after; the log shows it', async () => {
    const h = createHarness();
    let idle = false;
    const client = await h.started('D1', { integrityCheckEveryMs: 1_000, isIdle: () => idle });
    await client.syncNow();
    expect((await client.readLog()).some((e) => e.kind === 'integrity')).toBe(false);
    idle = true;
    await client.syncNow();
    const log = await client.readLog();
    expect(log.filter((e) => e.kind === 'integrity').map((e) => [e.ok, e.code])).toEqual([[true, 'ok']]);
    await client.stop();
  });

  it('recordSale refuses a sale whose arithmetic does not add up, before committing anything', async () => {
    const h = createHarness();
    const client = await h.started('D1');
    const draft = makeSaleDraft([h.products[0]!]);
    const res = await client.recordSale({ ...draft, payments: [{ method: 'cash', amount: 1 }] });
    expect(res).toMatchObject({ ok: false, code: 'underpaid' });
    expect(await client.listOutbox()).toEqual([]);
    await client.stop();
  });
});

describe('sync client: overlay compaction', () => {
  it('folds a grown overlay back into page records without changing the catalog or cursor', async () => {
    const h = createHarness({ products: 12, stock: 3 });
    const store = createMemoryStore();
    const client = await h.started('D1', { store, compactOverlayAbove: 5, pageSize: 5 });
    // One at a time, as edits trickle in: a burst would be coalesced into a pull (and a sync run).
    for (const p of h.products.slice(0, 8)) {
      h.server.backend.putProduct({ ...p, name: `${p.name} baru` });
      await h.settle();
    }
    expect(await store.overlaySize()).toBe(8); // applied from realtime; compaction runs after a sync
    const before = await store.readCatalog();
    const cursor = (await store.readMeta()).cursor;
    await client.syncNow();
    expect(await store.overlaySize()).toBe(0);
    const after = await store.readCatalog();
    const byId = (c: typeof before) => [...c.products].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(byId(after)).toEqual(byId(before));
    expect(after.stock.length).toBe(before.stock.length);
    expect((await store.readMeta()).cursor).toEqual(cursor);
    await client.stop();
  });
});

describe('sync client: integrity on start', () => {
  it('S12: after the first sync the engine compares checksums and repairs a damaged copy by full sync', async () => {
    const h = createHarness({ products: 4, stock: 2 });
    const store = createMemoryStore();
    const device = h.device('D1');
    const first = await h.started(device, { store });
    await first.stop();
    // Damage: a product the server never had, behind the engine's back.
    await store.applyChanges(
      { products: [makeProduct(77)], stock: [], sales: [] },
      (await store.readMeta()).cursor,
    );
    const second = await h.started(device, { store });
    expect(second.catalog.get(makeProduct(77).id)).toBeUndefined();
    expect(second.catalog.size).toBe(4);
    await second.stop();
  });
});

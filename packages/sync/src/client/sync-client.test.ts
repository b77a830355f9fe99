import { describe, expect, it } from 'vitest';
import { makeSaleDraft } from '../testing/fixtures.ts';
import { createHarness } from '../testing/harness.ts';
import type { DeviceStore } from '../store/device-store.ts';
import { createMemoryStore } from '../store/memory-store.ts';

describe('sync client: sales and the outbox', () => {
  it('S1: recordSale commits locally and returns before any network I/O', async () => {
    const h = createHarness({ stock: 10 });
    const client = await h.started('D1');
    expect(client.catalog.size).toBe(5);
    h.server.network.holdRequests = true;
    const before = h.server.network.log.length;
    const res = await client.recordSale(makeSaleDraft([h.products[0]!], 2));
    expect(res.ok).toBe(true);
    expect(h.server.network.log.length).toBe(before); // nothing reached the server yet
    expect(client.catalog.get(h.products[0]!.id)?.onHand).toBe(8); // local stock moved at once
    expect(client.status.get().pending).toBe(1);
    h.server.network.holdRequests = false;
    h.server.flushRequests();
    await h.settle();
    await client.stop();
  });

  it('a local write that fails is a storage outcome: nothing pending, and the next try goes through', async () => {
    const h = createHarness({ stock: 10 });
    const store = createMemoryStore();
    const commitSale = store.commitSale.bind(store);
    const appendMutation = store.appendMutation.bind(store);
    let failing = true;
    store.commitSale = (...args) =>
      failing ? Promise.reject(new Error('QuotaExceededError')) : commitSale(...args);
    store.appendMutation = (...args) =>
      failing ? Promise.reject(new Error('QuotaExceededError')) : appendMutation(...args);
    const client = await h.started('D1', { store });
    const sale = await client.recordSale(makeSaleDraft([h.products[0]!], 1));
    expect(sale).toMatchObject({ ok: false, code: 'storage' });
    const count = await client.recordMutation({
      type: 'stock.receive',
      payload: { lines: [{ productId: h.products[0]!.id, quantity: 2, unitCost: 1000 }] },
    });
    expect(count).toMatchObject({ ok: false, code: 'storage' });
    expect(client.status.get().pending).toBe(0);
    expect(client.catalog.get(h.products[0]!.id)?.onHand).toBe(10);
    failing = false;
    expect((await client.recordSale(makeSaleDraft([h.products[0]!], 1))).ok).toBe(true);
    expect(client.status.get().pending).toBe(1);
    await client.stop();
  });

  it('getSale: one sale by id with its sync state now (the receipt on screen follows it)', async () => {
    const h = createHarness({ stock: 10 });
    const client = await h.started('D1', { pushAfterQuietMs: 1_000 });
    const res = await client.recordSale(makeSaleDraft([h.products[0]!], 1));
    if (!res.ok) throw new Error(res.message);
    expect((await client.getSale(res.value.id))?.sync.kind).toBe('pending');
    await h.clock.advance(1_100);
    await h.settle();
    const synced = await client.getSale(res.value.id);
    expect(synced?.invoiceNumber).toBe(res.value.invoiceNumber);
    expect(synced?.sync.kind).toBe('synced');
    expect(await client.getSale('00000000-0000-7000-8000-000000000000')).toBeUndefined();
    await client.stop();
  });

  it('B6: with pushAfterQuietMs a sale is pushed after that quiet time, a rush within five of them', async () => {
    const h = createHarness({ stock: 100 });
    const client = await h.started('D1', { pushAfterQuietMs: 1_000 });
    const pushes = () => h.server.network.log.filter((l) => l.includes('/push')).length;
    const before = pushes();
    await client.recordSale(makeSaleDraft([h.products[0]!]));
    await h.clock.advance(900);
    expect(pushes()).toBe(before);
    expect(client.status.get().pending).toBe(1);
    await h.clock.advance(200);
    expect(pushes()).toBe(before + 1);
    expect(client.status.get().pending).toBe(0);
    // A sale every 800 ms never leaves a second's quiet: the first one waits five at most.
    for (let i = 0; i < 6; i++) {
      await client.recordSale(makeSaleDraft([h.products[0]!]));
      await h.clock.advance(800);
    }
    expect(pushes()).toBe(before + 1);
    await client.recordSale(makeSaleDraft([h.products[0]!]));
    await h.clock.advance(300);
    expect(pushes()).toBe(before + 2);
    expect(client.status.get().pending).toBe(0);
    await client.stop();
  });

  it('S10: receipt numbers are branch-device-date-counter and the counter survives a restart', async () => {
    const h = createHarness();
    const device = h.device('D1');
    const { createMemoryStore } = await import('../store/memory-store.ts');
    const store = createMemoryStore();
    const a = await h.started(device, { store });
    const s1 = await a.recordSale(makeSaleDraft([h.products[0]!]));
    await a.stop();
    const b = await h.started(device, { store });
    const s2 = await b.recordSale(makeSaleDraft([h.products[0]!]));
    expect(s1.ok && s1.value.invoiceNumber).toBe('B1-D1-20250101-0001');
    expect(s2.ok && s2.value.invoiceNumber).toBe('B1-D1-20250101-0002');
    await b.stop();
  });

  it('S3: a sale recorded offline is on the server exactly once after reconnect', async () => {
    const h = createHarness({ stock: 10 });
    const client = await h.started('D1');
    h.server.setOnline(false);
    const res = await client.recordSale(makeSaleDraft([h.products[0]!]));
    await h.clock.advance(60_000);
    expect(h.server.backend.sales.size).toBe(0);
    expect(client.status.get().connection).toBe('offline');
    h.server.setOnline(true);
    await h.clock.advance(60_000);
    expect(res.ok).toBe(true);
    expect(h.server.backend.sales.size).toBe(1);
    expect(h.server.backend.applied.get(res.ok ? res.value.id : '')).toBe(1);
    expect((await client.listSales())[0]?.sync.kind).toBe('synced');
    expect(client.status.get()).toMatchObject({ connection: 'online', pending: 0 });
    expect(client.catalog.get(h.products[0]!.id)?.onHand).toBe(9); // server stock, local effect pruned
    await client.stop();
  });

  it('S3: a response lost after the server committed does not duplicate the sale', async () => {
    const h = createHarness();
    const client = await h.started('D1');
    h.server.network.dropResponses = 1;
    const res = await client.recordSale(makeSaleDraft([h.products[0]!]));
    await h.clock.advance(60_000);
    expect(res.ok).toBe(true);
    const id = res.ok ? res.value.id : '';
    expect(h.server.backend.applied.get(id)).toBe(1);
    expect(h.server.backend.sales.size).toBe(1);
    expect((await client.listSales())[0]?.sync.kind).toBe('synced');
    await client.stop();
  });

  it('S2: 1,000 sales queued offline all arrive exactly once, in order', async () => {
    const h = createHarness();
    const client = await h.started('D1');
    h.server.setOnline(false);
    const ids: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const r = await client.recordSale(makeSaleDraft([h.products[i % 5]!]));
      if (r.ok) ids.push(r.value.id);
    }
    expect(client.status.get().pending).toBe(1000);
    h.server.setOnline(true);
    await h.clock.advance(120_000);
    expect([...h.server.backend.sales.keys()]).toEqual(ids);
    expect([...h.server.backend.applied.values()].every((n) => n === 1)).toBe(true);
    expect(client.status.get().pending).toBe(0);
    await client.stop();
  });

  it('S2: a drain updates the status from the outcomes it stored, not by re-reading the outbox, and shows it drained before the pull', async () => {
    const h = createHarness({ stock: 5_000 });
    const store = createMemoryStore();
    let fullReads = 0;
    const counted: DeviceStore = {
      ...store,
      listOutbox: (query) => {
        if (query?.kinds === undefined) fullReads++;
        return store.listOutbox(query);
      },
    };
    /** At each pull since the last push: the pending count the status showed, and full reads so far. */
    const pendingAtPull: [number, number][] = [];
    const client = await h.started('D1', {
      store: counted,
      pushBatchSize: 50,
      // Realtime events re-read the outbox after applying a change: counted here are the drain's reads.
      realtime: null,
      fetch: (url, init) => {
        if (url.includes('/api/sync/pull')) pendingAtPull.push([client.status.get().pending, fullReads]);
        if (url.includes('/api/sync/push')) pendingAtPull.length = 0;
        return h.server.fetch(url, init);
      },
    });
    await h.clock.advance(1_000);
    expect(client.catalog.size).toBe(5);
    h.server.setOnline(false);
    for (let i = 0; i < 500; i++) await client.recordSale(makeSaleDraft([h.products[i % 5]!]));
    const shownBefore = client.catalog.get(h.products[0]!.id)?.onHand;
    expect(client.status.get().pending).toBe(500);
    expect(shownBefore).toBe(4_900);
    fullReads = 0;
    pendingAtPull.length = 0;
    h.server.setOnline(true);
    await h.clock.advance(120_000);
    expect(h.server.backend.sales.size).toBe(500);
    expect(client.status.get()).toMatchObject({ pending: 0, failed: 0 });
    // The pull after the drain already sees the outbox drained, and nothing re-read it all for that.
    expect(pendingAtPull[0]).toEqual([0, 0]);
    // Ten batches: not a re-read after each (the ends of runs re-read it, once each).
    expect(fullReads).toBeLessThan(5);
    // Stock shown stays the same over the hand-over from local effects to pulled state.
    expect(client.catalog.get(h.products[0]!.id)?.onHand).toBe(shownBefore);
    await client.stop();
  });

  it('S9: a 4xx parks only that mutation; the ones behind it still sync; retry and discard need a person', async () => {
    const h = createHarness();
    const client = await h.started('D1');
    h.server.network.holdRequests = true;
    const a = await client.recordSale(makeSaleDraft([h.products[0]!]));
    const b = await client.recordSale(makeSaleDraft([h.products[1]!]));
    const c = await client.recordSale(makeSaleDraft([h.products[2]!]));
    const badId = b.ok ? b.value.id : '';
    h.server.backend.rejectWhen = (m) =>
      m.id === badId ? { code: 'validation_failed', message: 'nope' } : undefined;
    h.server.network.holdRequests = false;
    h.server.flushRequests();
    await h.clock.advance(5_000);
    expect(a.ok && c.ok).toBe(true);
    expect(h.server.backend.sales.size).toBe(2);
    expect(client.status.get()).toMatchObject({ pending: 0, failed: 1 });
    const parked = (await client.listOutbox()).find((e) => e.id === badId);
    expect(parked?.state).toMatchObject({ kind: 'failed', code: 'validation_failed', message: 'nope' });
    // Parked stays parked through later syncs (never dropped silently).
    await h.clock.advance(10 * 60_000);
    expect((await client.listOutbox()).some((e) => e.id === badId)).toBe(true);
    h.server.backend.rejectWhen = undefined;
    expect(await client.retry(badId)).toBe(1);
    await h.clock.advance(5_000);
    expect(h.server.backend.sales.size).toBe(3);
    expect(client.status.get().failed).toBe(0);
    await client.stop();
  });

  it('S9: a discarded mutation leaves the outbox and its sale shows it', async () => {
    const h = createHarness();
    const client = await h.started('D1');
    h.server.backend.rejectWhen = () => ({ code: 'validation_failed', message: 'nope' });
    const a = await client.recordSale(makeSaleDraft([h.products[0]!]));
    await h.clock.advance(5_000);
    const id = a.ok ? a.value.id : '';
    expect(await client.discard('unknown')).toBe(false);
    expect(await client.discard(id)).toBe(true);
    expect(client.status.get().failed).toBe(0);
    expect((await client.listSales())[0]?.sync.kind).toBe('discarded');
    await client.stop();
  });

  it('S9: 5xx is retried with backoff until it succeeds', async () => {
    const h = createHarness();
    const client = await h.started('D1');
    h.server.network.failNext = { count: 3, status: 503, code: 'unavailable' };
    await client.recordSale(makeSaleDraft([h.products[0]!]));
    await h.settle();
    expect(h.server.backend.sales.size).toBe(0);
    expect(client.status.get().pending).toBe(1);
    await h.clock.advance(31_000 * 3);
    expect(h.server.backend.sales.size).toBe(1);
    await client.stop();
  });

  it('S14: 401 blocks sync and keeps the outbox', async () => {
    const h = createHarness();
    const device = h.device('D1');
    const client = await h.started(device);
    h.server.revoke(device.token);
    await h.settle();
    await client.recordSale(makeSaleDraft([h.products[0]!]));
    await h.clock.advance(60_000);
    expect(client.status.get().blocked?.code).toBe('unauthorized');
    expect(client.status.get().pending).toBe(1);
    await client.stop();
  });
});

import { describe, expect, it } from 'vitest';
import type { SaleSummary } from '@kasir/protocol';
import { createMemoryStore } from '../store/memory-store.ts';
import { makeProduct, makeSaleDraft } from '../testing/fixtures.ts';
import { createHarness } from '../testing/harness.ts';
import { createFakeLocks } from '../testing/fake-locks.ts';
import { createTabHub } from '../leader/tab-channel.ts';

describe('sync client: realtime, pull and leadership', () => {
  it('S6: a second device receives a sale and its stock change through realtime at once', async () => {
    const h = createHarness({ stock: 10 });
    const a = h.client(h.device('D1'));
    const b = h.client(h.device('D2'));
    await h.startAll(a, b);
    const remote: SaleSummary[] = [];
    b.on('remoteSale', (s) => remote.push(s));
    const pullsBefore = h.server.network.log.filter((l) => l.includes('/pull')).length;
    h.server.network.log.length = 0;
    await a.recordSale(makeSaleDraft([h.products[0]!], 3));
    await h.settle();
    expect(b.catalog.get(h.products[0]!.id)?.onHand).toBe(7);
    expect(remote).toHaveLength(1);
    // D2 applied the events without pulling (only D1's own sync pulled).
    expect(pullsBefore).toBeGreaterThan(0);
    expect((await b.listBranchSales()).map((s) => s.id)).toEqual(remote.map((s) => s.id));
    await a.stop();
    await b.stop();
  });

  it('S6: with realtime missed, the reconnect pulls the change from the cursor', async () => {
    const h = createHarness({ stock: 10 });
    const a = h.client(h.device('D1'));
    const b = h.client(h.device('D2'));
    await h.startAll(a, b);
    h.server.network.holdRealtime = true;
    await a.recordSale(makeSaleDraft([h.products[0]!], 1)); // events to D2 are lost below
    await h.settle();
    h.server.dropSockets();
    h.server.network.holdRealtime = false;
    await h.settle();
    expect(b.catalog.get(h.products[0]!.id)?.onHand).toBe(10);
    await h.clock.advance(31_000); // reconnect after backoff, then pull from the cursor
    expect(b.catalog.get(h.products[0]!.id)?.onHand).toBe(9);
    // Back on realtime: the next catalog change is applied from its event.
    h.server.backend.putProduct({ ...makeProduct(1), id: h.products[0]!.id, name: 'Kopi' });
    await h.settle();
    expect(b.catalog.get(h.products[0]!.id)?.name).toBe('Kopi');
    await a.stop();
    await b.stop();
  });

  it('S6: the periodic pull is the fallback when realtime is silent', async () => {
    const h = createHarness();
    const b = await h.started('D2', { realtime: null, pullIntervalMs: 60_000 });
    h.server.backend.putProduct({ ...makeProduct(2), id: h.products[1]!.id, name: 'Teh' });
    await h.settle();
    expect(b.catalog.get(h.products[1]!.id)?.name).not.toBe('Teh');
    await h.clock.advance(60_000);
    expect(b.catalog.get(h.products[1]!.id)?.name).toBe('Teh');
    await b.stop();
  });

  it('S8: a stale edit comes back as a conflict; keep mine re-sends it on the server version', async () => {
    const h = createHarness();
    const client = await h.started('D1');
    const p = h.products[0]!;
    h.server.setOnline(false);
    const r = await client.recordMutation({
      type: 'product.update',
      payload: { productId: p.id, changes: { price: 5000 } },
    });
    expect(r.ok).toBe(true);
    expect(client.catalog.get(p.id)).toMatchObject({ price: 5000, pendingEdit: true }); // S1: shown at once
    h.server.backend.putProduct({ ...p, price: 7000 }); // someone else edited meanwhile
    h.server.setOnline(true);
    await h.clock.advance(31_000);
    const [conflict] = await client.listConflicts();
    expect(conflict).toMatchObject({ kind: 'product', baseVersion: 1, serverVersion: 2 });
    expect(client.status.get().conflicts).toBe(1);
    expect(client.catalog.get(p.id)?.price).toBe(7000);
    expect((await client.resolveConflict(conflict!.id, 'mine')).ok).toBe(true);
    await h.clock.advance(1_000);
    expect(h.server.backend.products.get(p.id)).toMatchObject({ price: 5000, version: 3 });
    expect(client.catalog.get(p.id)?.price).toBe(5000);
    expect(client.status.get().conflicts).toBe(0);
    await client.stop();
  });

  it('S8: an offline stock count on an old version becomes a conflict; take server drops mine', async () => {
    const h = createHarness({ stock: 10 });
    const client = await h.started('D1');
    const p = h.products[0]!;
    h.server.setOnline(false);
    await client.recordMutation({ type: 'stock.count', payload: { productId: p.id, counted: 4 } });
    expect(client.catalog.get(p.id)?.onHand).toBe(4);
    h.server.backend.moveStock(h.branchId, p.id, 5);
    h.server.setOnline(true);
    await h.clock.advance(31_000);
    const [conflict] = await client.listConflicts();
    expect(conflict?.kind).toBe('stock');
    expect(client.catalog.get(p.id)?.onHand).toBe(15);
    expect((await client.resolveConflict(conflict!.id, 'server')).ok).toBe(true);
    expect(await client.listConflicts()).toEqual([]);
    expect(h.server.backend.stock.get(h.branchId)?.get(p.id)?.onHand).toBe(15);
    await client.stop();
  });

  it('S11: two engines on one store elect one leader (Web Locks); the follower sells through the leader', async () => {
    const h = createHarness({ stock: 10 });
    const device = h.device('D1');
    const store = createMemoryStore();
    const locks = createFakeLocks();
    const hub = createTabHub();
    const a = h.client(device, { store, locks, channel: hub.channel() });
    const b = h.client(device, { store, locks, channel: hub.channel() });
    await a.start();
    await h.settle();
    await b.start();
    await h.settle();
    expect([a.isLeader(), b.isLeader()]).toEqual([true, false]);
    expect(h.server.connectedSockets()).toBe(1);
    const sale = await b.recordSale(makeSaleDraft([h.products[0]!]));
    await h.settle();
    expect(sale.ok).toBe(true);
    expect(h.server.backend.sales.size).toBe(1);
    expect(b.status.get()).toMatchObject({ leader: false, pending: 0, connection: 'online' });
    expect(b.catalog.get(h.products[0]!.id)?.onHand).toBe(9);
    await a.stop(); // the leader's tab closes: the follower takes over
    await h.settle();
    expect(b.isLeader()).toBe(true);
    await b.stop();
  });

  it('S11: without Web Locks a lease in the store elects one leader, and a crashed leader is replaced', async () => {
    const h = createHarness();
    const device = h.device('D1');
    const store = createMemoryStore();
    const a = h.client(device, { store, locks: null });
    const b = h.client(device, { store, locks: null });
    await h.startAll(a, b);
    expect([a.isLeader(), b.isLeader()]).toEqual([true, false]);
    await a.stop();
    await h.clock.advance(5_000);
    expect(b.isLeader()).toBe(true);
    await b.stop();
  });
});

describe('sync client: back from offline', () => {
  /** Offline long enough for the upload's and the socket's backoffs to reach their 30 s cap. */
  async function longOffline() {
    const h = createHarness({ stock: 10 });
    let back: () => void = () => undefined;
    const client = await h.started('D1', {
      networkEvents: (onBack) => {
        back = onBack;
        return () => (back = () => undefined);
      },
    });
    h.server.setOnline(false);
    await h.clock.advance(10 * 60_000);
    const sale = await client.recordSale(makeSaleDraft([h.products[0]!]));
    await h.clock.advance(1_000);
    expect(client.status.get().connection).toBe('offline');
    expect(h.server.connectedSockets()).toBe(0);
    h.server.setOnline(true);
    return { h, client, sale, back: () => back() };
  }

  it('a network lost with nothing to upload shows "offline" at once, not "connecting" until the next sale', async () => {
    const h = createHarness({ stock: 10 });
    const client = await h.started('D1');
    expect(client.status.get().connection).toBe('online');
    h.server.network.hangSocketAttempts = true;
    h.server.setOnline(false);
    // Past the socket's first reconnect attempt, far before the periodic pull.
    for (let i = 0; i < 30; i++) {
      await h.clock.advance(1_000);
      expect(client.status.get().connection).toBe('offline');
    }
    h.server.setOnline(true);
    await h.clock.advance(35_000);
    await h.settle();
    expect(client.status.get().connection).toBe('online');
    await client.stop();
  });

  it('a network lost while the socket cannot connect shows "offline" after its next attempt, not "connecting"', async () => {
    const h = createHarness({ stock: 10 });
    h.server.network.refuseSockets = true;
    const client = await h.started('D1');
    await h.clock.advance(60_000);
    // HTTP answers, the socket does not: on its way.
    expect(client.status.get().connection).toBe('connecting');
    const requestsBefore = h.server.network.log.length;
    h.server.setOnline(false);
    // The socket's next attempt (at most its 30 s backoff) asks HTTP too.
    await h.clock.advance(35_000);
    expect(client.status.get().connection).toBe('offline');
    // A socket refused while HTTP answers asks HTTP once per backoff, not in a loop.
    h.server.setOnline(true);
    await h.clock.advance(120_000);
    expect(client.status.get().connection).toBe('connecting');
    expect(h.server.network.log.length - requestsBefore).toBeLessThan(40);
    await client.stop();
  });

  it('a sync answered just as the network dropped does not leave "connecting" showing', async () => {
    const h = createHarness({ stock: 10 });
    h.server.network.hangSocketAttempts = true;
    let cutAfterNext = false;
    // The answer was on its way when the network went: the page handles it after the socket's drop.
    const fetch: typeof h.server.fetch = async (url, init) => {
      const res = await h.server.fetch(url, init);
      if (cutAfterNext) {
        cutAfterNext = false;
        h.server.setOnline(false);
      }
      return res;
    };
    const client = h.client(h.device('D1'), { fetch });
    await client.start();
    await h.settle();
    expect(client.status.get().connection).toBe('online');
    cutAfterNext = true;
    await client.syncNow();
    for (let i = 0; i < 30; i++) {
      await h.clock.advance(1_000);
      expect(client.status.get().connection).toBe('offline');
    }
    await client.stop();
  });

  it("the network's return uploads and reconnects realtime at once, not after the backoff", async () => {
    const { h, client, sale, back } = await longOffline();
    back();
    await h.settle();
    expect(h.server.backend.sales.has(sale.ok ? sale.value.id : '')).toBe(true);
    expect(h.server.connectedSockets()).toBe(1);
    expect(client.status.get()).toMatchObject({ connection: 'online', pending: 0 });
    await client.stop();
  });

  it('a server that answers but cannot take the sale (503 unavailable) reads "connecting", not "offline"; the sale waits', async () => {
    const { h, client, sale } = await longOffline();
    // Back on the network, the server answers every request with unavailable (a till newer than
    // the process during a rolling upgrade) and refuses the socket.
    h.server.network.refuseSockets = true;
    h.server.network.failNext = { count: 1_000, status: 503, code: 'unavailable' };
    await client.syncNow();
    await h.settle();
    expect(client.status.get()).toMatchObject({ connection: 'connecting', pending: 1, failed: 0 });
    expect(client.status.get().lastError).toContain('unavailable');
    // It stays so through the backoffs: the answers keep saying a server is there.
    for (let i = 0; i < 5; i++) {
      await h.clock.advance(30_000);
      expect(client.status.get().connection).toBe('connecting');
    }
    // Then the network goes: "offline" again at the next attempt.
    h.server.setOnline(false);
    await h.clock.advance(35_000);
    expect(client.status.get().connection).toBe('offline');
    h.server.setOnline(true);
    h.server.network.failNext = null;
    h.server.network.refuseSockets = false;
    await client.syncNow();
    await h.settle();
    expect(h.server.backend.sales.has(sale.ok ? sale.value.id : '')).toBe(true);
    expect(client.status.get()).toMatchObject({ connection: 'online', pending: 0 });
    await client.stop();
  });

  it('a sale the server defers in a good answer keeps "online"; it waits for the backoff, then goes', async () => {
    const h = createHarness({ stock: 10 });
    const client = await h.started('D1');
    expect(client.status.get().connection).toBe('online');
    // A retryable code for one mutation inside a 200 answer (the server is there, the sale waits).
    h.server.backend.rejectWhen = () => ({ code: 'unavailable', message: 'branch busy' });
    const sale = await client.recordSale(makeSaleDraft([h.products[0]!]));
    await h.settle();
    expect(client.status.get()).toMatchObject({ connection: 'online', pending: 1, failed: 0 });
    expect(client.status.get().lastError).toContain('branch busy');
    h.server.backend.rejectWhen = undefined;
    await h.clock.advance(35_000);
    await h.settle();
    expect(h.server.backend.sales.has(sale.ok ? sale.value.id : '')).toBe(true);
    expect(client.status.get()).toMatchObject({ connection: 'online', pending: 0 });
    await client.stop();
  });

  it('polling only, a server that answers with errors reads "connecting", not "online"', async () => {
    const h = createHarness({ stock: 10 });
    const client = await h.started('D1', { realtime: null });
    expect(client.status.get().connection).toBe('online');
    h.server.network.failNext = { count: 1_000, status: 503, code: 'unavailable' };
    await client.recordSale(makeSaleDraft([h.products[0]!]));
    await h.settle();
    expect(client.status.get()).toMatchObject({ connection: 'connecting', pending: 1 });
    h.server.network.failNext = null;
    await client.syncNow();
    await h.settle();
    expect(client.status.get()).toMatchObject({ connection: 'online', pending: 0 });
    await client.stop();
  });

  it('an upload that reaches the server brings the socket back with it; meanwhile "connecting"', async () => {
    const { h, client, sale } = await longOffline();
    h.server.network.refuseSockets = true;
    await client.syncNow();
    await h.settle();
    expect(h.server.backend.sales.has(sale.ok ? sale.value.id : '')).toBe(true);
    // The socket tried at once and failed; the server answers HTTP: not "offline".
    expect(h.server.connectedSockets()).toBe(0);
    expect(client.status.get().connection).toBe('connecting');
    h.server.network.refuseSockets = false;
    await client.syncNow();
    await h.settle();
    expect(h.server.connectedSockets()).toBe(1);
    expect(client.status.get().connection).toBe('online');
    await client.stop();
  });

  it('S6/S12: a change made after a full sync got its last page reaches the device when the full sync ends', async () => {
    const h = createHarness({ products: 30 });
    const p = h.products[0]!;
    let changeAfterPull = false;
    let states = 0;
    // The change is made once the page has left the server, while the device still writes it.
    const fetch: typeof h.server.fetch = async (url, init) => {
      if (url.includes('/api/sync/state')) states++;
      const res = await h.server.fetch(url, init);
      if (changeAfterPull && url.includes('/api/sync/pull')) {
        changeAfterPull = false;
        h.server.backend.putProduct({ ...p, name: 'Kopi Baru' });
      }
      return res;
    };
    const client = h.client(h.device('D1'), { fetch, pageSize: 100, pullIntervalMs: 600_000 });
    await client.start();
    await h.settle();
    expect(client.catalog.size).toBe(30);
    states = 0;
    changeAfterPull = true;
    const run = await client.fullSync({});
    expect(run).toMatchObject({ ok: true, pages: 1 });
    await h.settle();
    // Not the periodic pull (10 minutes away): the pull after the full sync.
    expect(client.catalog.get(p.id)?.name).toBe('Kopi Baru');
    expect(states).toBe(1);
    await client.stop();
  });

  it('S6: a realtime change the store failed to write is pulled, not lost until the periodic pull', async () => {
    const h = createHarness({ products: 3 });
    const store = createMemoryStore();
    let failNext = false;
    const applyChanges = store.applyChanges.bind(store);
    store.applyChanges = async (changes, cursor) => {
      if (failNext) {
        failNext = false;
        throw new Error('IndexedDB transaction aborted');
      }
      return applyChanges(changes, cursor);
    };
    const client = await h.started('D1', { store, pullIntervalMs: 600_000 });
    const p = h.products[0]!;
    failNext = true;
    h.server.backend.putProduct({ ...p, name: 'Kopi Baru' });
    await h.settle();
    // Not the periodic pull (10 minutes away) nor a later poke: a pull right after the failure.
    expect(failNext).toBe(false);
    expect(client.catalog.get(p.id)?.name).toBe('Kopi Baru');
    expect((await store.readLog({ limit: 5 })).some((e) => e.kind === 'error')).toBe(true);
    await client.stop();
  });

  it('S12: a sale made during a full sync from the settings is pushed, and starts no second full sync', async () => {
    const h = createHarness({ products: 30 });
    const store = createMemoryStore();
    let states = 0;
    let holdPages = false;
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const fetch: typeof h.server.fetch = async (url, init) => {
      if (url.includes('/api/sync/state')) states++;
      if (holdPages && url.includes('/api/sync/pull')) await gate;
      return h.server.fetch(url, init);
    };
    const client = h.client(h.device('D1'), { store, fetch, pageSize: 100, pullIntervalMs: 600_000 });
    await client.start();
    await h.settle();
    states = 0;
    holdPages = true;
    const run = client.fullSync({});
    // The full sync has its checkpoint and waits for its page; the cashier sells meanwhile.
    while ((await store.readSyncMeta()).fullSync === null) await new Promise((r) => setTimeout(r, 1));
    const sale = await client.recordSale(makeSaleDraft([h.products[0]!]));
    expect(sale.ok).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    holdPages = false;
    release();
    expect(await run).toMatchObject({ ok: true, pages: 1 });
    await h.settle();
    expect(client.status.get().pending).toBe(0);
    expect(states).toBe(1);
    await client.stop();
  });
});

/**
 * Two tabs where Web Locks are absent (issue 6, S11 fallback): two engines in Node over one Dexie
 * database on fake-indexeddb, electing their leader with the lease in the store, against the real
 * server. Only the lease holder pushes (requests counted per instance); when it dies (its I/O
 * hangs, its lease is never renewed) the other takes the lease once it runs out and syncs. Every
 * sale of both is on the server exactly once. A manual clock runs the lease's time.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import {
  createSyncClient,
  createTabHub,
  openDexieStore,
  type DeviceStore,
  type FetchFn,
  type SyncClient,
  type TabChannel,
} from '@kasir/sync';
import { createManualClock, type ManualClock } from '@kasir/sync/testing';
import type { Product } from '@kasir/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultOptions } from '../lib/fault-options.ts';
import { reportFigures } from '../lib/fault-report.ts';
import { checkExactlyOnce, localSales, readServerTruth } from '../lib/invariant.ts';
import { crashAfter } from './crash-point.ts';
import { seedBranch, startRealServer, waitFor, type RealServer } from './real-server.ts';

const opts = faultOptions();

describe.each(['sqlite', 'postgres'] as const)('two instances on the lease fallback on %s', (engine) => {
  let real: RealServer;

  beforeAll(async () => {
    real = await startRealServer(engine);
  });
  afterAll(async () => {
    await real?.close();
  });

  it('only the lease holder pushes; when it dies the other takes over; every sale once', async () => {
    const { branchId, products, baseStock } = await seedBranch(
      real.admin,
      engine === 'sqlite' ? 'LEASES' : 'LEASEP',
      3,
      100,
    );
    const device = await real.admin.device(branchId, 'Kasir lease');
    const observer = await real.admin.device(branchId, 'observer');
    const idb = new IDBFactory();
    const hub = createTabHub();
    const clock: ManualClock = createManualClock(Date.now());
    const pushes: string[] = [];
    const counted =
      (name: string): FetchFn =>
      (url, init) => {
        if (init?.method === 'POST' && url.endsWith('/api/sync/push')) pushes.push(name);
        return fetch(url, init);
      };
    const instance = (store: DeviceStore, fetchFn: FetchFn, channel: TabChannel): SyncClient =>
      createSyncClient({
        serverUrl: real.server.url,
        token: device.token,
        store,
        fetch: fetchFn,
        realtime: null,
        locks: null,
        channel,
        clock,
        timers: clock,
        random: () => 0.05,
      });
    const open = (): Promise<DeviceStore> =>
      openDexieStore({ name: `kasir-${device.id}`, indexedDB: idb, IDBKeyRange });
    // A's I/O goes through a switch that kills it on demand.
    const sw = crashAfter(Number.MAX_SAFE_INTEGER, 'before', await open(), counted('A'));
    const a = instance(sw.store, sw.fetch, hub.channel());
    const storeB = await open();
    const b = instance(storeB, counted('B'), hub.channel());
    await a.start();
    await waitFor(() => a.isLeader(), 'A to take the lease');
    await b.start();
    await waitFor(async () => (await a.syncNow()).ok === true, 'A to sync');
    expect(b.isLeader()).toBe(false);

    let n = opts.seed;
    const sell = async (c: SyncClient): Promise<string> => {
      const p: Product = products[n++ % products.length]!;
      const r = await c.recordSale({
        lines: [{ productId: p.id, quantity: 1, unitPrice: p.price }],
        payments: [{ method: 'cash', amount: p.price }],
      });
      if (!r.ok) throw new Error(r.message);
      return r.value.id;
    };
    const onServer = async (): Promise<number> =>
      (await readServerTruth(real.server.url, observer.token)).sales.size;
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) ids.push(await sell(a), await sell(b));
    // B's sales reach A through the tab channel; A pushes them.
    await waitFor(async () => (await onServer()) === ids.length, 'the leader to push both instances’ sales');
    const whileA = pushes.length;
    expect(pushes.filter((t) => t !== 'A')).toEqual([]);

    // A dies: its lease is not renewed. B sells meanwhile; nobody pushes until the lease runs out.
    sw.kill();
    ids.push(await sell(b));
    await clock.advance(5_000);
    expect(b.isLeader()).toBe(false);
    expect(pushes.length).toBe(whileA);
    // Past the lease's 10 s: B's next renewal attempt takes it and B syncs.
    for (let i = 0; i < 10 && !b.isLeader(); i++) await clock.advance(2_000);
    expect(b.isLeader()).toBe(true);
    ids.push(await sell(b));
    await waitFor(async () => {
      await clock.advance(1_000);
      return (await onServer()) === ids.length && b.status.get().pending === 0;
    }, 'B to push after the takeover');
    expect(pushes.slice(whileA).length).toBeGreaterThan(0);
    expect(pushes.slice(whileA).filter((t) => t !== 'B')).toEqual([]);

    const recorded = await localSales(b);
    expect(recorded.map((s) => s.id).sort()).toEqual([...ids].sort());
    expect(recorded.filter((s) => s.sync.kind !== 'synced')).toEqual([]);
    const truth = await readServerTruth(real.server.url, observer.token);
    expect(checkExactlyOnce({ truth, recorded, baseStock })).toEqual({
      made: ids.length,
      lost: [],
      unexpected: [],
      stockMismatches: [],
    });
    await b.stop();
    await storeB.close();
    reportFigures({
      scenario: 'two instances, lease fallback',
      engine,
      seed: opts.seed,
      durationS: 0,
      devices: 1,
      salesMade: ids.length,
      salesLost: 0,
      salesDuplicated: 0,
      skippedChanges: 0,
      crossBranchLeaks: 0,
      faults: { 'leader killed': 1 },
      extra: { 'push requests by A': whileA, 'push requests by B after': pushes.length - whileA },
    });
  });
});

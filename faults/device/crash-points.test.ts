/**
 * Device crash at every await point of a sync cycle (issue 6, "device crash"), deterministically:
 * an engine in Node over Dexie on fake-indexeddb dies after its k-th store call or HTTP request
 * (everything later hangs forever, the store keeps what was committed), then a new engine opens the
 * same database and syncs against the real server. For every k, and for a death before the next
 * operation and during it (committed but never heard of), each sale is on the server exactly once
 * with the right stock effect, and the device shows everything synced.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import {
  createSyncClient,
  openDexieStore,
  seededRandom,
  type DeviceStore,
  type FetchFn,
  type LocalSale,
  type SyncClient,
} from '@kasir/sync';
import { createFakeLocks } from '@kasir/sync/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultOptions } from '../lib/fault-options.ts';
import { reportFigures } from '../lib/fault-report.ts';
import { checkExactlyOnce, countSkippedChanges, localSales, readServerTruth } from '../lib/invariant.ts';
import { crashAfter, type CrashMode, type CrashOp } from './crash-point.ts';
import { LONG_RUN, seedBranch, startRealServer, waitFor, type RealServer } from './real-server.ts';

const SALES = 3;
/** Crash points run at once (each on its own branch, device and database). */
const PARALLEL = 4;
const opts = faultOptions();
/**
 * The short run (CI) kills before and during every operation on SQLite, and during every operation
 * on PostgreSQL (where the server's side matters: a push committed but never answered); the long run
 * does both modes on both engines.
 */
const modesOf = (engine: 'sqlite' | 'postgres'): CrashMode[] =>
  engine === 'sqlite' || LONG_RUN ? ['before', 'during'] : ['during'];

/** A device process over `store`: no realtime (every await point is a store call or a fetch). */
function deviceClient(serverUrl: string, token: string, store: DeviceStore, fetchFn: FetchFn): SyncClient {
  return createSyncClient({
    serverUrl,
    token,
    store,
    fetch: fetchFn,
    realtime: null,
    // A dead process's Web Lock is released by the browser: each process has its own lock manager.
    locks: createFakeLocks(),
    random: () => 0.05,
    requestTimeoutMs: 10_000,
  });
}

/** What one crash point did, for the assertions that the crash landed where it was meant to. */
interface PointResult {
  readonly diedAt: CrashOp | null;
  /** Sales the device had in the end (the offline ones, and the old process's if committed). */
  readonly sales: number;
  /** Sales the server held when the old process died (read before the new one started). */
  readonly onServerAtDeath: number;
  /** Local sales still unsynced when the old process died. */
  readonly unsyncedAtDeath: number;
  readonly opsOfOld: readonly string[];
}

describe.each(['sqlite', 'postgres'] as const)('device crash at every step of a sync on %s', (engine) => {
  let real: RealServer;
  let branchNo = 0;
  const random = seededRandom(opts.seed);

  beforeAll(async () => {
    real = await startRealServer(engine);
  });
  afterAll(async () => {
    await real?.close();
  });

  /** One crash point: sales made offline, old engine dies at op k, new engine recovers. */
  async function crashPoint(k: number, mode: CrashMode): Promise<PointResult> {
    const code = `C${engine === 'sqlite' ? 'S' : 'P'}${mode === 'before' ? 'B' : 'D'}${++branchNo}`;
    const { branchId, products, baseStock } = await seedBranch(real.admin, code, 2, 50);
    const device = await real.admin.device(branchId, `Kasir ${code}`);
    const url = real.server.url;
    const idb = new IDBFactory();
    const dbName = `kasir-${device.id}`;
    const open = (): Promise<DeviceStore> => openDexieStore({ name: dbName, indexedDB: idb, IDBKeyRange });

    // The device syncs once, then sells offline: its outbox holds the sales the crash is about.
    let online = true;
    const prepStore = await open();
    const prep = deviceClient(url, device.token, prepStore, (u, i) =>
      online ? fetch(u, i) : Promise.reject(new TypeError('network down')),
    );
    await prep.start();
    await waitFor(() => prep.status.get().lastSyncedAt !== null && prep.catalog.size > 0, 'first sync');
    online = false;
    const prepSyncedAt = prep.status.get().lastSyncedAt ?? '';
    const made: LocalSale[] = [];
    for (let i = 0; i < SALES; i++) {
      const p = products[Math.floor(random() * products.length)]!;
      const quantity = 1 + Math.floor(random() * 3);
      const r = await prep.recordSale({
        lines: [{ productId: p.id, quantity, unitPrice: p.price }],
        payments: [{ method: 'cash', amount: quantity * p.price }],
      });
      if (!r.ok) throw new Error(`sale refused: ${r.message}`);
      made.push(r.value);
    }
    await prep.stop();
    await prepStore.close();
    // Meanwhile the office receives stock: the old engine's pull has a change to apply.
    await real.admin.stock(branchId, products[0]!.id, 5);
    baseStock.set(products[0]!.id, (baseStock.get(products[0]!.id) ?? 0) + 5);

    // The old process: dies after its k-th operation.
    const underlying = await open();
    const sw = crashAfter(k, mode, underlying, (u, i) => fetch(u, i));
    const old = deviceClient(url, device.token, sw.store, sw.fetch);
    // Its first act is one more sale (so the commit itself is a crash point too), then it starts
    // syncing. A dead process's call never returns: the receipt shows only if the sale committed.
    let acknowledged: string | null = null;
    const p = products[1]!;
    void (async () => {
      const r = await old.recordSale({
        lines: [{ productId: p.id, quantity: 1, unitPrice: p.price }],
        payments: [{ method: 'cash', amount: p.price }],
      });
      if (r.ok) acknowledged = r.value.id;
      await old.start();
    })();
    // Until it died, or until it completed a sync and then sat idle with nothing in flight (k is
    // past the end of its cycle). Idleness alone could be a slow machine, so the sync must be done.
    const synced = (): boolean => (old.status.get().lastSyncedAt ?? '') > prepSyncedAt;
    const giveUp = Date.now() + 60_000;
    let seen = -1;
    let quietSince = Date.now();
    while (!sw.isDead() && (Date.now() - quietSince < 300 || !synced())) {
      if (Date.now() > giveUp) throw new Error(`the old process neither died nor synced (k=${k}, ${mode})`);
      if (sw.ops.length !== seen || sw.busy() > 0) {
        seen = sw.ops.length;
        quietSince = Date.now();
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    const diedAt = sw.isDead() ? await sw.died : null;
    // The operation it died during has finished (its commit or the server's answer happened).
    await sw.settled();
    const atDeath = await readServerTruth(url, device.token);
    const unsyncedAtDeath = (await underlying.listSales()).filter((s) => s.sync.kind !== 'synced').length;
    // Silence the dead process's timers; its I/O hangs forever anyway.
    void old.stop();

    // The new process, on the same database.
    const store = await open();
    const fresh = deviceClient(url, device.token, store, (u, i) => fetch(u, i));
    let sales = 0;
    await fresh.start();
    try {
      await waitFor(async () => {
        const r = await fresh.syncNow();
        return r.ok && fresh.status.get().pending === 0;
      }, `recovery after a crash at op ${k} (${mode})`);
      const where = `crash at op ${k} (${diedAt?.name ?? 'none'}, ${mode})`;
      const recorded = await localSales(fresh);
      // The offline sales, plus the old process's own sale if its commit happened (seen or not).
      const extra = recorded.filter((s) => !made.some((m) => m.id === s.id));
      expect(
        made.filter((m) => !recorded.some((s) => s.id === m.id)),
        where,
      ).toEqual([]);
      expect(extra.length, where).toBeLessThanOrEqual(1);
      if (acknowledged !== null)
        expect(
          extra.map((s) => s.id),
          where,
        ).toEqual([acknowledged]);
      expect(
        recorded.filter((s) => s.sync.kind !== 'synced'),
        where,
      ).toEqual([]);
      expect(fresh.status.get(), where).toMatchObject({ pending: 0, failed: 0, conflicts: 0 });
      const truth = await readServerTruth(url, device.token);
      const report = checkExactlyOnce({ truth, recorded, baseStock });
      expect(report, where).toEqual({
        made: recorded.length,
        lost: [],
        unexpected: [],
        stockMismatches: [],
      });
      sales = recorded.length;
      expect(countSkippedChanges(truth, fresh), where).toBe(0);
    } finally {
      await fresh.stop();
      await store.close();
    }
    return {
      diedAt,
      sales,
      onServerAtDeath: atDeath.sales.size,
      unsyncedAtDeath,
      opsOfOld: sw.ops.map((o) => o.name),
    };
  }

  it.each(modesOf(engine))(
    'kill at every await point (%s the operation): nothing lost or doubled',
    async (mode) => {
      const started = Date.now();
      // Crash points are independent (a branch and a device each): a few at a time keeps it short.
      const results: PointResult[] = [];
      for (let from = 0; results.every((r) => r.diedAt !== null); from += PARALLEL) {
        if (from > 200) throw new Error('the sync cycle never ends');
        const batch = Array.from({ length: PARALLEL }, (_, i) => crashPoint(from + i, mode));
        results.push(...(await Promise.all(batch)));
      }
      // The first k the old engine outlived is the end of its cycle; every k before it died at k+1.
      const end = results.findIndex((r) => r.diedAt === null);
      results.splice(end + 1);
      results.forEach((r, k) => {
        if (k < end) expect(r.diedAt?.no).toBe(k + 1);
      });
      if (process.env.KASIR_FAULT_VERBOSE === '1') console.log(results.at(-1)!.opsOfOld.join('\n'));
      const points = results.length - 1;
      // The crash points covered the whole cycle: the push, marking the sales synced, the pull.
      const all = results.at(-1)!.opsOfOld;
      for (const op of ['store.markInflight', 'fetch POST /api/sync/push', 'store.completePush']) {
        expect(all).toContain(op);
      }
      expect(all.some((o) => o.startsWith('fetch GET /api/sync/pull'))).toBe(true);
      // Killed at the sale's own commit: not committed (before), or committed but never acknowledged (during).
      expect(results.some((r) => r.diedAt?.name === 'store.commitSale')).toBe(true);
      // Died between local commit and push (server has none) and between push and marking synced
      // (server has them all, the device does not know yet): both cases really happened.
      expect(
        results.some((r) => r.diedAt !== null && r.onServerAtDeath === 0 && r.unsyncedAtDeath >= SALES),
      ).toBe(true);
      const afterPush = results.filter(
        (r) => r.diedAt !== null && r.onServerAtDeath > SALES && r.unsyncedAtDeath === r.onServerAtDeath,
      );
      expect(afterPush.length).toBeGreaterThan(0);
      reportFigures({
        scenario: `device crash at every step (${mode})`,
        engine,
        seed: opts.seed,
        durationS: (Date.now() - started) / 1000,
        devices: results.length,
        salesMade: results.reduce((a, r) => a + r.sales, 0),
        salesLost: 0,
        salesDuplicated: 0,
        skippedChanges: 0,
        crossBranchLeaks: 0,
        faults: { 'crash point': points, 'crash after push, before marked synced': afterPush.length },
        extra: { 'operations in one sync cycle': all.length },
      });
    },
  );
});

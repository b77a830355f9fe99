import {
  DEFAULT_SALES_WINDOW_DAYS,
  MAX_PULL_LIMIT,
  newId,
  normalizePhone,
  type ConflictRecord,
  type Customer,
  type Mutation,
  type Refund,
  type SaleSummary,
  type Stocktake,
  type Transfer,
  type StaffRecord,
  type TillBranchSettings,
} from '@kasir/protocol';
import { CatalogIndex } from '../catalog/catalog-index.ts';
import { heldBack } from '../catalog/local-effects.ts';
import { systemClock, systemTimers, type Clock, type TimerHandle, type Timers } from '../deps/clock.ts';
import { silentLogger, type Logger } from '../deps/logger.ts';
import type { Random } from '../deps/random.ts';
import type { LeaderElector, LockManagerLike } from '../leader/leader-elector.ts';
import { leaseElector } from '../leader/lease-elector.ts';
import type { TabChannel, TabMessage } from '../leader/tab-channel.ts';
import { webLocksElector } from '../leader/web-locks-elector.ts';
import type { FullSyncProgress, FullSyncRun } from '../pull/full-sync.ts';
import { Emitter, type SyncEvents } from '../status/sync-events.ts';
import { StatusStore, type SyncStatus } from '../status/sync-status.ts';
import type { DeviceStore } from '../store/device-store.ts';
import type {
  DeviceIdentity,
  LocalSale,
  OutboxEntry,
  OutboxOutcome,
  OutboxStateKind,
  SyncMeta,
} from '../store/records.ts';
import { createHttpSyncApi, type FetchFn } from '../transport/http-sync-api.ts';
import type { RealtimeFactory } from '../transport/realtime-socket.ts';
import { socketIoFactory } from '../transport/socket-io-factory.ts';
import { ServerList } from '../transport/server-list.ts';
import { isoNow, type EngineContext } from '../engine/engine-context.ts';
import type { IntegrityResult } from './integrity.ts';
import type { SaleAuditRun } from './sale-audit.ts';
import type { SyncLogEntry } from '../store/sync-log-record.ts';
import { buildMutation, keepMine, type MutationDraft } from './mutation-draft.ts';
import { prepareSale, warmUpSaleValidation, type RecordResult, type SaleDraft } from './record-sale.ts';
import { SyncEngine, type SyncRunResult } from './sync-engine.ts';
import { searchCustomers } from './customer-search.ts';
import type { JournalCopy, JournalMirror } from '../store/journal-mirror.ts';

/** Quiet time after a local write before the copies of unsynced entries are written. */
const COPY_AFTER_MS = 500;
/** The longest a copy waits in a rush of writes. */
const COPY_WITHIN_MS = 5_000;

/** Everything the client needs, injected (no globals). Only `serverUrl`, `token`, `store` are required. */
export interface SyncClientOptions {
  readonly serverUrl: string;
  /**
   * More addresses of the same deployment, tried in order after `serverUrl` when it cannot be
   * reached (issue 18); every request and the socket follow the one in use.
   */
  readonly fallbackServerUrls?: readonly string[];
  /**
   * The device's branch id, sent with every request (`x-kasir-branch`) and socket (`?branch=`) so a
   * balancer keeps a branch's devices on one process (deploy/haproxy.cfg).
   */
  readonly branchKey?: string;
  readonly token: string;
  readonly store: DeviceStore;
  /** Defaults to the platform's fetch. */
  readonly fetch?: FetchFn;
  /** Defaults to Socket.IO; `null` runs on pulls alone. */
  readonly realtime?: RealtimeFactory | null;
  readonly clock?: Clock;
  readonly timers?: Timers;
  readonly random?: Random;
  readonly logger?: Logger;
  /** `navigator.locks` where present (S11); without it a lease in the store elects the leader. */
  readonly locks?: LockManagerLike | null;
  /** Connects the instances (tabs) of this device; without it the instance is alone. */
  readonly channel?: TabChannel | null;
  /** New mutation and sale ids; UUIDv7 from the clock by default (S2). */
  readonly newId?: () => string;
  /** Fallback pull interval (S6), default 5 minutes. */
  readonly pullIntervalMs?: number;
  /**
   * Pull and full-sync page size (S12), default 1,000 (the server's most): a fresh device's
   * download of 20,000 products took a fifth less time than with pages of 500 (B1a), and a page
   * of 1,000 products is still only a few hundred KB in one transaction.
   */
  readonly pageSize?: number;
  /** Mutations per push, default (and at most) 200. */
  readonly pushBatchSize?: number;
  /** Fold the catalog overlay into page records past this many rows, default 2,000. */
  readonly compactOverlayAbove?: number;
  /** Integrity check (S12) after the first sync and then this often; default 24 h, `null` never. */
  readonly integrityCheckEveryMs?: number | null;
  /**
   * Status turns `stale` when no sync completed for this long, default 15 minutes; a device that
   * never synced turns stale this long after `start()` (it has nothing old to warn about before).
   */
  readonly staleAfterMs?: number;
  /** HTTP requests without an answer after this long count as network errors. */
  readonly requestTimeoutMs?: number;
  /** This app's version, reported to the back office with the device's health. */
  readonly appVersion?: string;
  /** Web Lock / lease name; instances of one device share it. */
  readonly lockName?: string;
  /** The sale audit after the first sync and then this often (issue 16); default 24 h, `null` never. */
  readonly auditEveryMs?: number | null;
  /** Past days the audit covers, default 7. */
  readonly auditDays?: number;
  /** Whether heavy work may run now (no sale in progress); default always. */
  readonly isIdle?: () => boolean;
  /**
   * Quiet time after a local write before it is pushed (default 0: at once); every further write
   * restarts it, up to four more such waits, so a burst of writes goes up as one push. The till
   * pushes at once: its sales come slower than a push and its pull, and a batched push's server
   * write met the next sale's commit on the disk (B6, apps/pos/src/app/session.ts). The write is
   * durable and shown before any push (S1).
   */
  readonly pushAfterQuietMs?: number;
  /**
   * Subscribes to the device's network coming back (the browser's `online` event) and returns the
   * unsubscribe. Then the upload and the realtime socket retry at once, not at the end of a backoff
   * that grew to as much as 30 s while the till was offline.
   */
  readonly networkEvents?: (onBack: () => void) => () => void;
  /** Own sales kept this many days once synced and audited (issue 16); default 90. */
  readonly ownSalesDays?: number;
  /**
   * Other devices' sales of the branch: the feed sends this many days (`salesDays`, the server's
   * default 7 when not set) and the daily prune keeps as many.
   */
  readonly branchSalesDays?: number;
  /**
   * A second copy of unsynced entries outside the store (store/journal-mirror.ts): the browser
   * may delete a corrupted IndexedDB after a crash. Checked against the store at `start()`, which
   * puts back what the store lost; without one, such a loss loses every unsynced sale.
   */
  readonly mirror?: JournalMirror | null;
  /** Storage use for settings; the browser's estimate, when it has one. */
  readonly estimateStorage?: () => Promise<{ usage?: number; quota?: number }>;
}

/** The storage line of settings (issue 16: local data that stays small). */
export interface StorageUse {
  readonly ownSales: number;
  readonly branchSales: number;
  readonly logEntries: number;
  readonly usageBytes: number | null;
  readonly quotaBytes: number | null;
}

/** `recordSale`'s outcome: recorded now, or (`duplicate`) recorded before under the same id. */
export type SaleRecordResult =
  | { readonly ok: true; readonly value: LocalSale; readonly duplicate?: true }
  | Extract<RecordResult<LocalSale>, { ok: false }>;

export type NotLeader = { readonly ok: false; readonly reason: 'not_leader' };

/** The device-side sync engine's public face. */
export interface SyncClient {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The in-memory product index with local unsynced writes on top. */
  readonly catalog: CatalogIndex;
  /**
   * Commits a sale locally and returns before any network I/O (S1). A local write that fails
   * (storage full, say) is `{ ok: false, code: 'storage' }`: nothing of the sale was kept.
   * `options.id` is the sale's id (the till gives each cart one): a sale already recorded with it
   * is not recorded again but returned with `duplicate: true`, so a cart that came back after a
   * crash between the sale's commit and the cart's clearing cannot be sold twice.
   */
  recordSale(draft: SaleDraft, options?: { readonly id?: string }): Promise<SaleRecordResult>;
  /** Commits a mutation locally for upload, as `recordSale` does (the same `storage` outcome). */
  recordMutation(draft: MutationDraft): Promise<RecordResult<OutboxEntry>>;
  syncNow(): Promise<SyncRunResult | NotLeader>;
  fullSync(options?: { onProgress?: (p: FullSyncProgress) => void }): Promise<FullSyncRun | NotLeader>;
  /** Forgets catalog, stock and cursor and downloads everything again; the outbox stays (S12). */
  resetAndRedownload(options?: {
    onProgress?: (p: FullSyncProgress) => void;
  }): Promise<FullSyncRun | NotLeader>;
  checkIntegrity(options?: { repair?: boolean }): Promise<IntegrityResult | NotLeader>;
  /** Proves the server holds this device's recent sales, re-sending any it lacks (issue 16). */
  auditSales(): Promise<SaleAuditRun | NotLeader>;
  /** The sync activity log, newest first (the last SYNC_LOG_LIMIT events). */
  readLog(limit?: number): Promise<SyncLogEntry[]>;
  /** What this device holds: rows per kind, and bytes used of the quota when the platform says. */
  storageUse(): Promise<StorageUse>;
  resolveConflict(id: string, choice: 'mine' | 'server'): Promise<RecordResult<null>>;
  retry(mutationId: string): Promise<number>;
  retryAll(): Promise<number>;
  /** A person drops a parked mutation (S9): the only way one leaves the outbox unsynced. */
  discard(mutationId: string): Promise<boolean>;
  listOutbox(): Promise<OutboxEntry[]>;
  listSales(limit?: number): Promise<LocalSale[]>;
  /** This device's own sales made (device time) in [from, to), ISO instants: a shift's, a day's. */
  listSalesBetween(from: string, to: string): Promise<LocalSale[]>;
  /** One of this device's sales with its sync state now (a receipt on screen follows it). */
  getSale(id: string): Promise<LocalSale | undefined>;
  listBranchSales(limit?: number): Promise<SaleSummary[]>;
  /** Refunds of a sale of the branch the feed brought, from any till (issue 13). */
  listBranchRefunds(saleId: string): Promise<Refund[]>;
  /** Customers by name or phone, offline (client/customer-search.ts). */
  searchCustomers(query: string, limit?: number): Promise<Customer[]>;
  /** The customer a sale names, as this device knows them (for its receipt); undefined when unknown. */
  getCustomer(id: string): Promise<Customer | undefined>;
  /**
   * Records a new customer (a `customer.create` mutation, synced exactly once) and makes it
   * searchable at once; the phone is normalised to +62 first (refused when it is no number).
   */
  createCustomer(draft: {
    readonly name: string;
    readonly phone: string;
    readonly email?: string;
    readonly note?: string;
  }): Promise<RecordResult<Customer>>;
  listConflicts(): Promise<ConflictRecord[]>;
  /** The branch's open stocktake as this device last heard of it, if any (issue 12). */
  openStocktake(): Promise<Stocktake | undefined>;
  /** Transfers to this branch still in transit, as this device last heard of them (issue 12). */
  incomingTransfers(branchId: string): Promise<Transfer[]>;
  /**
   * The branch's shop-wide settings as last pulled (price mode, rounding, limits, payment methods,
   * receipt texts); null until the first `branch_settings` change arrived: use the protocol's
   * `DEFAULT_SHOP_SETTINGS` then, which is what the server holds for a branch never edited.
   * `branchSettingsChanged` announces a new value.
   */
  branchSettings(): TillBranchSettings | null;
  /** The branch's active staff (issue 13), for PIN sign-in offline; `staffChanged` says when to re-read. */
  listStaff(): Promise<StaffRecord[]>;
  readonly status: { get(): SyncStatus; subscribe(listener: (s: SyncStatus) => void): () => void };
  on<K extends keyof SyncEvents>(event: K, listener: SyncEvents[K]): () => void;
  isLeader(): boolean;
}

/**
 * Creates the sync client of one app instance. Every instance serves local reads and writes from
 * the shared store; one elected instance per device (S11) also runs the `SyncEngine`.
 */
export function createSyncClient(options: SyncClientOptions): SyncClient {
  const clock = options.clock ?? systemClock();
  const timers = options.timers ?? systemTimers();
  const logger = options.logger ?? silentLogger();
  const random = options.random ?? Math.random;
  const makeId = options.newId ?? (() => newId(clock.now()));
  const staleAfterMs = options.staleAfterMs ?? 15 * 60_000;
  const { store } = options;
  const index = new CatalogIndex();
  // Now, not in the first sale: the first customer of the day is served as fast as the next.
  warmUpSaleValidation();
  const status = new StatusStore();
  const events = new Emitter<SyncEvents>((e) =>
    logger.error('sync event listener failed', { error: String(e) }),
  );
  let deviceId: string | null = null;
  // Cached so a sale never waits behind a sync transaction to read who we are (docs/architecture.md, "Device storage").
  let identity: DeviceIdentity | null = null;
  let engine: SyncEngine | null = null;
  let elector: LeaderElector | null = null;
  let unsubscribe: (() => void) | null = null;
  let unsubscribeNetwork: (() => void) | null = null;
  let stopped = false;
  let staleTimer: TimerHandle | null = null;
  let startedAt: number | null = null;
  /** The one rule for `stale`, which the app's header shows as its warning. */
  const isStale = (last: string | null): boolean => {
    const since = last === null ? startedAt : Date.parse(last);
    return since === null || clock.now() - since > staleAfterMs;
  };
  let settings: TillBranchSettings | null = null;
  events.on('branchSettingsChanged', (s) => {
    settings = s;
  });
  /** A follower tab re-reads the settings the leader stored, and announces a change. */
  async function reloadSettings(): Promise<void> {
    const s = await store.readBranchSettings();
    if (s !== null && JSON.stringify(s) !== JSON.stringify(settings)) events.emit('branchSettingsChanged', s);
  }

  const servers = new ServerList([options.serverUrl, ...(options.fallbackServerUrls ?? [])]);
  const branchKey = options.branchKey === undefined ? {} : { branchKey: options.branchKey };
  const api = createHttpSyncApi({
    serverUrl: options.serverUrl,
    servers,
    ...branchKey,
    token: options.token,
    fetch: options.fetch ?? ((url, init) => fetch(url, init)),
    timers,
    ...(options.requestTimeoutMs === undefined ? {} : { timeoutMs: options.requestTimeoutMs }),
    ...(options.branchSalesDays === undefined ? {} : { salesDays: options.branchSalesDays }),
  });
  const ctx: EngineContext = { store, api, clock, logger, index, events, deviceId: () => deviceId };
  const post = (m: TabMessage): void => options.channel?.post(m);

  // The outbox as last read, so a new local write shows at once without re-reading it all. This
  // closure's own array, never handed out: a local write appends to it in place.
  let held: OutboxEntry[] = [];
  // Entries of `held` per state, always what counting `held` gives: kept beside it so that a local
  // write does not count the whole outbox again (a day offline holds thousands of entries).
  let heldCounts = countStates(held);
  let conflictCount = 0;
  let lastSyncedAt: string | null = null;

  /** Replaces the outbox held: its effects on the catalog replayed in full, its states counted. */
  function replaceHeld(entries: OutboxEntry[]): void {
    held = entries;
    heldCounts = countStates(entries);
    index.setLocalEffects(entries);
    publishStatus();
  }

  /**
   * Adds a local write to the outbox held, in time of its size when its seq is above every seq held
   * (the usual case: the store hands out seqs in order). Otherwise a re-read meanwhile brought a
   * later entry (another tab's write), or this very one: the effects are replayed in seq order.
   */
  function addHeld(entry: OutboxEntry): void {
    if (index.addLocalEffect(entry)) {
      held.push(entry);
      heldCounts[entry.state.kind]++;
      publishStatus();
      return;
    }
    // The store's copy, when a re-read already brought it, is as new as this one or newer.
    replaceHeld(held.some((e) => e.seq === entry.seq) ? held : [...held, entry]);
  }

  /** Announces the counts and staleness; cheap, so the stale tick calls it as often as it likes. */
  function publishStatus(): void {
    status.update({
      pending: heldCounts.pending + heldCounts.inflight,
      failed: heldCounts.failed,
      conflicts: conflictCount,
      lastSyncedAt,
      stale: isStale(lastSyncedAt),
    });
  }

  /** Re-reads the outbox: local effects on the catalog, and the counts on the status line. */
  async function refresh(): Promise<void> {
    refreshing++;
    let read: [OutboxEntry[], ConflictRecord[], Omit<SyncMeta, 'invoiceCounter'>];
    try {
      read = await Promise.all([store.listOutbox(), store.listConflicts(), store.readSyncMeta()]);
    } finally {
      refreshing--;
    }
    const [entries, conflicts, meta] = read;
    identity = meta.identity;
    deviceId = meta.identity?.deviceId ?? null;
    conflictCount = conflicts.length;
    lastSyncedAt = meta.lastSyncedAt;
    replaceHeld(entries);
  }

  /** Re-reads under way: what they read may predate outcomes stored meanwhile. */
  let refreshing = 0;

  /**
   * After a push stored `stored`: the same change made to the outbox held here, without reading
   * it all again (a 10,000-sale backlog re-read after every batch cost more than the push, B5).
   * A conflict (a new record) or a re-read under way (it would put back older states) re-reads.
   */
  async function applyPushed(stored: readonly OutboxOutcome[]): Promise<void> {
    if (refreshing > 0 || stored.some((o) => o.conflict !== undefined)) {
      await refresh();
      return;
    }
    const bySeq = new Map(stored.map((o) => [o.seq, o]));
    const next = held.map((e) => {
      const o = bySeq.get(e.seq);
      return o === undefined ? e : { ...e, state: o.state, attempts: e.attempts + (o.attempted ? 1 : 0) };
    });
    // An entry's effect depends on its state only where a conflict holds a count or an edit back
    // (local-effects.ts): any other outcome leaves the effects as they are, and replaying a backlog
    // of 10,000 after each batch of 200 was a tenth of the client's time in B5.
    if (stored.some((o) => heldBack(o.state))) {
      replaceHeld(next);
      return;
    }
    held = next;
    heldCounts = countStates(next);
    publishStatus();
  }

  /**
   * The device's own write failed (IndexedDB: storage full, the browser's quota, a broken profile).
   * Its transaction is atomic, so nothing of it was kept: an outcome the screen shows (`storage`),
   * with the cart or form still there for another try, not an exception it might not catch.
   */
  function storageFailed(what: string, e: unknown): { ok: false; code: 'storage'; message: string } {
    logger.error('local write failed', { what, error: String(e) });
    return { ok: false, code: 'storage', message: `${what} not stored on this device: ${String(e)}` };
  }

  const mirror = options.mirror ?? null;
  /**
   * Queues the copy of a committed entry (the entry is safe in the store already, S1). Copies are
   * written once the till has been quiet for COPY_AFTER_MS (at most COPY_WITHIN_MS after the first),
   * and only of entries not synced by then: a file written per sale at once met the next sale's
   * commit (B6 back to back, same machine: p95 8.1 ms without the copies, 12.6 ms with them), and
   * online a sale syncs in tens of milliseconds, after which its copy is not needed. So an unsynced
   * sale is without its copy for half a second, five at most in a rush.
   */
  function keepCopy(copy: JournalCopy): void {
    if (!mirror) return;
    queuedCopies.set(copy.mutation.id, copy);
    // The counter at once (one empty file): a number is never handed out twice (S10), even when
    // the browser loses the store within the half second.
    if (copy.counter !== undefined)
      mirror
        .keepCounter(copy.counter)
        .catch((e: unknown) => logger.warn('receipt counter not kept', { error: String(e) }));
    const now = clock.now();
    copyDeadline ??= now + COPY_WITHIN_MS;
    if (copyTimer !== null) timers.clearTimeout(copyTimer);
    copyTimer = timers.setTimeout(
      () => void flushCopies(),
      Math.max(0, Math.min(COPY_AFTER_MS, copyDeadline - now)),
    );
  }
  const queuedCopies = new Map<string, JournalCopy>();
  let copyTimer: TimerHandle | null = null;
  let copyDeadline: number | null = null;
  async function flushCopies(): Promise<void> {
    if (copyTimer !== null) timers.clearTimeout(copyTimer);
    copyTimer = null;
    copyDeadline = null;
    if (!mirror || queuedCopies.size === 0) return;
    const batch = [...queuedCopies.values()];
    queuedCopies.clear();
    const synced = new Set(held.flatMap((e) => (e.state.kind === 'synced' ? [e.id] : [])));
    try {
      for (const c of batch) if (!synced.has(c.mutation.id)) await mirror.put(c);
    } catch (e) {
      logger.warn('journal copy not written', { error: String(e) });
    }
  }
  /**
   * After a push: the copies of what synced go, found by seq among the entries held (no read of
   * the journal, which a sale's commit would wait behind). Copies this misses (a follower's entry
   * not yet held) go at the next start's comparison.
   */
  function dropCopies(stored: readonly OutboxOutcome[]): void {
    if (!mirror) return;
    const synced = new Set(stored.flatMap((o) => (o.state.kind === 'synced' ? [o.seq] : [])));
    if (synced.size === 0) return;
    const ids = held.flatMap((e) => (synced.has(e.seq) ? [e.id] : []));
    for (const id of ids) queuedCopies.delete(id);
    mirror.remove(ids).catch((e: unknown) => logger.warn('journal copies not removed', { error: String(e) }));
  }
  /**
   * Compares the mirror with the store, at start. The store was lost (the browser deleted its
   * database) when its receipt counter is below the mirror's highest (a store never lowers its
   * counter) or it holds no entry at all: then what it lacks is put back from the copies and the
   * counter resumes above the highest. Otherwise a copy without its row outlived it (pruned after
   * it synced, its removal missed): it goes, with the copies of what synced or was discarded.
   */
  async function reconcileMirror(): Promise<void> {
    if (!mirror) return;
    const [ids, counter, meta] = await Promise.all([mirror.ids(), mirror.highestCounter(), store.readMeta()]);
    if (ids.length === 0 && counter <= meta.invoiceCounter) return;
    const { missing, done } = await store.journalStatus(ids);
    const empty =
      (await store.listOutbox({ limit: 1 })).length === 0 &&
      (await store.listSales({ limit: 1 })).length === 0;
    const lost = counter > meta.invoiceCounter || (empty && missing.length > 0);
    const restored = lost ? await store.restoreJournal(await mirror.read(missing), counter) : [];
    const gone = lost ? done : [...done, ...missing];
    if (gone.length > 0) await mirror.remove(gone);
    if (!lost) return;
    const message = `the local database was lost (the browser deleted it after a crash): ${restored.length} unsynced entries put back from their copies, receipt numbers resume above ${counter}`;
    logger.error('local store lost', { restored: restored.length, counter });
    const at = isoNow(clock);
    // For the back office (the health report), kept where the next loss cannot take it.
    await mirror
      .noteLoss({ at, restored: restored.length })
      .catch((e: unknown) => logger.warn('store loss not kept', { error: String(e) }));
    await store.appendLog({
      at,
      kind: 'restore',
      ok: false,
      code: 'store_lost',
      message,
      count: restored.length,
    });
  }

  /** After a local commit: show it (S1), then let the leader push it in the background. */
  function afterLocalWrite(entry: OutboxEntry | null): void {
    if (entry) addHeld(entry);
    const quiet = options.pushAfterQuietMs ?? 0;
    if (quiet <= 0) {
      announceLocalWrite();
      return;
    }
    const now = clock.now();
    pushDeadline ??= now + 5 * quiet;
    if (pushTimer !== null) timers.clearTimeout(pushTimer);
    pushTimer = timers.setTimeout(announceLocalWrite, Math.max(0, Math.min(quiet, pushDeadline - now)));
  }
  let pushTimer: TimerHandle | null = null;
  let pushDeadline: number | null = null;
  /** The leader pushes; a follower tells the leader. */
  function announceLocalWrite(): void {
    if (pushTimer !== null) timers.clearTimeout(pushTimer);
    pushTimer = null;
    pushDeadline = null;
    if (engine) void engine.requestSync('local');
    else post({ type: 'outbox' });
  }

  function becomeLeader(leader: boolean): void {
    if (stopped) return;
    status.update({ leader });
    if (leader && !engine) {
      engine = new SyncEngine(
        ctx,
        status,
        {
          serverUrl: options.serverUrl,
          servers,
          ...branchKey,
          token: options.token,
          realtime: options.realtime === undefined ? socketIoFactory : options.realtime,
          timers,
          random,
          pullIntervalMs: options.pullIntervalMs ?? 5 * 60_000,
          pageSize: options.pageSize ?? MAX_PULL_LIMIT,
          pushBatchSize: options.pushBatchSize ?? 200,
          compactOverlayAbove: options.compactOverlayAbove ?? 2_000,
          integrityCheckEveryMs:
            options.integrityCheckEveryMs === undefined ? 24 * 3_600_000 : options.integrityCheckEveryMs,
          auditEveryMs: options.auditEveryMs === undefined ? 24 * 3_600_000 : options.auditEveryMs,
          auditDays: options.auditDays ?? 7,
          retention: {
            ownSalesDays: options.ownSalesDays ?? 90,
            branchSalesDays: options.branchSalesDays ?? DEFAULT_SALES_WINDOW_DAYS,
          },
          ...(options.isIdle === undefined ? {} : { isIdle: options.isIdle }),
          ...(options.appVersion === undefined ? {} : { appVersion: options.appVersion }),
          ...(mirror === null ? {} : { storeLoss: () => mirror.lastLoss() }),
          // Back-office commands: re-download keeps the outbox (unsynced sales), like the button.
          onCommand: (type) =>
            void (type === 'redownload' ? client.resetAndRedownload() : client.syncNow()).catch(
              (e: unknown) => logger.error('device command failed', { type, error: String(e) }),
            ),
        },
        async (stored) => {
          await (stored === undefined ? refresh() : applyPushed(stored));
          post({ type: 'store' });
          if (stored !== undefined) dropCopies(stored);
        },
      );
      engine.start().catch((e: unknown) => logger.error('sync engine failed to start', { error: String(e) }));
    } else if (!leader && engine) {
      const old = engine;
      engine = null;
      void old.stop();
    }
  }

  function onTabMessage(m: TabMessage): void {
    if (m.type === 'outbox' && engine) {
      void refresh().then(() => engine?.requestSync('local'));
    } else if (m.type === 'store' && !engine) {
      void store
        .readCatalog()
        .then((c) => {
          index.load(c);
          events.emit('catalogChanged');
          return Promise.all([refresh(), reloadSettings()]);
        })
        .catch((e: unknown) => logger.warn('follower refresh failed', { error: String(e) }));
    } else if (m.type === 'status' && !engine) {
      status.update({ ...m.status, leader: false });
    }
  }

  let snapshot: { base: SyncStatus; value: SyncStatus } | undefined;
  const leaderOnly = async <T>(fn: (e: SyncEngine) => Promise<T>): Promise<T | NotLeader> =>
    engine ? fn(engine) : { ok: false, reason: 'not_leader' };

  const client: SyncClient = {
    catalog: index,
    async start() {
      stopped = false;
      startedAt = clock.now();
      // Before anything reads the outbox: what a lost database took is back, pending, first.
      await reconcileMirror().catch(async (e: unknown) => {
        // Never a receipt number twice (S10): the counter at least, if the rest failed.
        logger.error('journal copies not compared', { error: String(e) });
        await store.raiseInvoiceCounter((await mirror?.highestCounter()) ?? 0).catch(() => undefined);
      });
      index.load(await store.readCatalog());
      settings = await store.readBranchSettings();
      await refresh();
      unsubscribe = options.channel?.subscribe(onTabMessage) ?? null;
      unsubscribeNetwork = options.networkEvents?.(() => engine?.networkBack()) ?? null;
      status.subscribe((s) => {
        if (engine) post({ type: 'status', status: s });
      });
      const name = options.lockName ?? 'kasir-sync';
      elector = options.locks
        ? webLocksElector(options.locks, name, logger)
        : leaseElector({ store, owner: makeId(), clock, timers, logger });
      elector.start(becomeLeader);
      // Time alone turns the status stale (no sync for a while): re-announce it now and then.
      const staleTick = Math.max(1_000, Math.min(60_000, Math.floor(staleAfterMs / 4)));
      const tick = (): void => {
        if (stopped) return;
        publishStatus();
        staleTimer = timers.setTimeout(tick, staleTick);
      };
      staleTimer = timers.setTimeout(tick, staleTick);
    },
    async stop() {
      stopped = true;
      if (staleTimer) timers.clearTimeout(staleTimer);
      // A write still waiting for its push is durable: the next leader's first run pushes it.
      if (pushTimer !== null) timers.clearTimeout(pushTimer);
      await flushCopies();
      unsubscribe?.();
      unsubscribeNetwork?.();
      const e = engine;
      engine = null;
      await e?.stop();
      await elector?.stop();
    },
    async recordSale(draft, { id: cartId } = {}) {
      identity ??= (await store.readSyncMeta()).identity;
      if (!identity) {
        return { ok: false, code: 'device_unknown', message: 'this device has not reached the server yet' };
      }
      const at = new Date(clock.now());
      const id = cartId ?? makeId();
      const prepared = prepareSale(draft, { id, at, identity, catalog: index });
      if (!prepared.ok) return prepared;
      let committed: Awaited<ReturnType<DeviceStore['commitSale']>>;
      let counter = 0;
      try {
        committed = await store.commitSale((c) => {
          counter = c;
          return prepared.value(c);
        }, at.toISOString());
      } catch (e) {
        // Looked up only after a failed commit: the sale path pays nothing for it.
        const before = cartId === undefined ? undefined : await store.getSale(id).catch(() => undefined);
        if (before) return { ok: true, value: before, duplicate: true };
        return storageFailed('sale', e);
      }
      // Committed (strict durability): the sale is safe. Everything after this is background work.
      afterLocalWrite(committed.entry);
      const { sync: _sync, input: _input, ...sale } = committed.sale;
      keepCopy({ mutation: committed.entry.mutation, createdAt: committed.entry.createdAt, sale, counter });
      return { ok: true, value: committed.sale };
    },
    async recordMutation(draft) {
      const built = buildMutation(draft, makeId(), index);
      if (!built.ok) return built;
      let entry: OutboxEntry;
      try {
        entry = await store.appendMutation(built.value, isoNow(clock));
      } catch (e) {
        return storageFailed(draft.type, e);
      }
      afterLocalWrite(entry);
      keepCopy({ mutation: entry.mutation, createdAt: entry.createdAt });
      return { ok: true, value: entry };
    },
    syncNow: () => leaderOnly((e) => e.requestSync()),
    fullSync: (o = {}) => leaderOnly((e) => e.fullSync(o)),
    resetAndRedownload: (o = {}) =>
      leaderOnly(async (e) => {
        await store.resetSyncState();
        index.load(await store.readCatalog());
        const run = await e.fullSync({ ...o, fresh: true });
        await refresh();
        return run;
      }),
    checkIntegrity: (o = {}) => leaderOnly((e) => e.checkIntegrity(o.repair ?? true)),
    auditSales: () => leaderOnly((e) => e.auditSales()),
    readLog: (limit) => store.readLog(limit === undefined ? {} : { limit }),
    async storageUse() {
      type Estimate = { usage?: number; quota?: number };
      const none: Estimate = {};
      const [counts, estimate] = await Promise.all([
        store.storageCounts(),
        options.estimateStorage?.().catch(() => none) ?? Promise.resolve(none),
      ]);
      return { ...counts, usageBytes: estimate.usage ?? null, quotaBytes: estimate.quota ?? null };
    },
    async resolveConflict(id, choice) {
      const conflict = (await store.listConflicts()).find((c) => c.id === id);
      if (!conflict) return { ok: false, code: 'not_found', message: 'no such conflict' };
      if (choice === 'mine') {
        const original = (await store.getOutboxEntry(conflict.mutationId))?.mutation;
        const built = keepMine(conflict, original, makeId(), index);
        if (!built.ok) return built;
        const entry = await store.appendMutation(built.value, isoNow(clock));
        keepCopy({ mutation: entry.mutation, createdAt: entry.createdAt });
      }
      // "Take server": the server's version is what the pull brought; dropping mine is enough.
      await store.deleteConflict(id);
      await refresh();
      afterLocalWrite(null);
      return { ok: true, value: null };
    },
    async retry(mutationId) {
      const n = await store.retryFailed(mutationId);
      await refresh();
      afterLocalWrite(null);
      return n;
    },
    async retryAll() {
      const n = await store.retryFailed();
      await refresh();
      afterLocalWrite(null);
      return n;
    },
    async discard(mutationId) {
      const done = await store.discard(mutationId, isoNow(clock));
      if (done)
        await mirror
          ?.remove([mutationId])
          .catch((e: unknown) => logger.warn('journal copy not removed', { error: String(e) }));
      await refresh();
      return done;
    },
    listOutbox: () => store.listOutbox(),
    listSales: (limit) => store.listSales(limit === undefined ? {} : { limit }),
    listSalesBetween: (from, to) => store.listSalesCreatedBetween(from, to),
    getSale: (id) => store.getSale(id),
    listBranchSales: (limit) => store.listBranchSales(limit === undefined ? {} : { limit }),
    listBranchRefunds: (saleId) => store.listBranchRefunds(saleId),
    searchCustomers: async (query, limit) => searchCustomers(await store.listCustomers(), query, limit),
    getCustomer: (id) => store.getCustomer(id),
    async createCustomer(draft) {
      const phone = normalizePhone(draft.phone);
      if (phone === null) return { ok: false, code: 'validation_failed', message: 'not a phone number' };
      const createdAt = isoNow(clock);
      const built = buildMutation(
        {
          type: 'customer.create',
          payload: {
            name: draft.name.trim(),
            phone,
            createdAt,
            ...(draft.email === undefined || draft.email === '' ? {} : { email: draft.email.trim() }),
            ...(draft.note === undefined || draft.note === '' ? {} : { note: draft.note.trim() }),
          },
        },
        makeId(),
        index,
      );
      if (!built.ok) return built;
      const p = built.value.payload as Extract<Mutation, { type: 'customer.create' }>['payload'];
      const entry = await store.appendMutation(built.value, createdAt);
      // Searchable before it syncs; `receivedAt` empty until the feed brings the server's copy.
      const customer: Customer = {
        id: p.id,
        name: p.name,
        phone: p.phone,
        email: p.email ?? null,
        note: p.note ?? null,
        branchId: '',
        createdAt,
        receivedAt: '',
      };
      await store.putLocalCustomer(customer);
      afterLocalWrite(entry);
      keepCopy({ mutation: entry.mutation, createdAt: entry.createdAt });
      return { ok: true, value: customer };
    },
    listStaff: () => store.listStaff(),
    listConflicts: () => store.listConflicts(),
    openStocktake: async () => (await store.listStocktakes()).find((s) => s.status === 'open'),
    incomingTransfers: async (branchId) =>
      (await store.listTransfers())
        .filter((t) => t.toBranchId === branchId && t.status === 'in_transit')
        .sort((a, b) => (a.sentAt < b.sentAt ? -1 : 1)),
    branchSettings: () => settings,
    status: {
      // `stale` depends on the time of reading, not only on the last change. The same object is
      // returned while nothing changed, so UIs can use it as an external-store snapshot.
      get: () => {
        const s = status.get();
        const stale = isStale(s.lastSyncedAt);
        if (snapshot?.base !== s || snapshot.value.stale !== stale)
          snapshot = { base: s, value: { ...s, stale } };
        return snapshot.value;
      },
      subscribe: (l) => status.subscribe(l),
    },
    on: (event, listener) => events.on(event, listener),
    isLeader: () => engine !== null,
  };
  return client;
}

/** How many of `entries` are in each state. */
function countStates(entries: readonly OutboxEntry[]): Record<OutboxStateKind, number> {
  const counts = { pending: 0, inflight: 0, failed: 0, synced: 0 };
  for (const e of entries) counts[e.state.kind]++;
  return counts;
}

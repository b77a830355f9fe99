import { reportDeviceHealth, type DeviceCommandHandler } from './device-health.ts';
import {
  ERROR_CODES,
  ErrorEnvelope,
  PROTOCOL_VERSION,
  cursorCovers,
  type Cursor,
  type StoreLossSummary,
} from '@kasir/protocol';
import type { TimerHandle, Timers } from '../deps/clock.ts';
import { Mutex } from '../deps/mutex.ts';
import type { Random } from '../deps/random.ts';
import { backoffDelay } from '../outbox/backoff.ts';
import { pushOutbox } from '../outbox/push-outbox.ts';
import { runFullSync, type FullSyncProgress, type FullSyncRun } from '../pull/full-sync.ts';
import { compactOverlay } from '../pull/compact-overlay.ts';
import { applyChangeSet, pullChanges } from '../pull/pull-changes.ts';
import { batchEvents, type QueuedChange } from '../realtime/event-batch.ts';
import { parseRealtimeEvent } from '../realtime/parse-event.ts';
import type { ConnectionState, StatusStore } from '../status/sync-status.ts';
import { deviceIdentityOf, type OutboxOutcome } from '../store/records.ts';
import {
  classifyApiError,
  classifyErrorCode,
  describeApiError,
  type ApiError,
} from '../transport/api-result.ts';
import type { RealtimeFactory, RealtimeSocket } from '../transport/realtime-socket.ts';
import type { ServerList } from '../transport/server-list.ts';
import { isoNow, type EngineContext } from '../engine/engine-context.ts';
import { checkIntegrity, type IntegrityResult } from './integrity.ts';
import { nightlyDue } from './night-window.ts';
import { logCodeOf, logSync } from '../engine/sync-log.ts';
import { auditSales, type SaleAuditRun } from './sale-audit.ts';
import { pruneHistory, type RetentionOptions } from './prune-history.ts';

export interface EngineOptions {
  readonly serverUrl: string;
  /** Several addresses of the deployment; the socket follows the current one (transport/server-list.ts). */
  readonly servers?: ServerList;
  /** The branch key a balancer routes by, sent on the socket's handshake. */
  readonly branchKey?: string;
  readonly token: string;
  readonly realtime: RealtimeFactory | null;
  readonly timers: Timers;
  readonly random: Random;
  readonly pullIntervalMs: number;
  readonly pageSize: number;
  readonly pushBatchSize: number;
  /** Fold the overlay into pages once it holds more rows than this. */
  readonly compactOverlayAbove: number;
  /** Compare counts and checksums with the server after the first sync and then this often (S12). */
  readonly integrityCheckEveryMs: number | null;
  /** Sent in the health report after each sync (client/device-health.ts). */
  readonly appVersion?: string;
  /** The last loss of the local store, for the health report (store/journal-mirror.ts `lastLoss`). */
  readonly storeLoss?: () => Promise<StoreLossSummary | null>;
  /** Back-office commands (sync now, re-download) arriving over realtime. */
  readonly onCommand?: DeviceCommandHandler;
  /** Run the sale audit after the first sync and then this often (issue 16); `null` never. */
  readonly auditEveryMs?: number | null;
  /** How many past days the audit covers. */
  readonly auditDays?: number;
  /**
   * Whether heavy work (integrity check, audit) may run now: false in the middle of a sale. Checked
   * before each; work not run is tried again after a later sync.
   */
  readonly isIdle?: () => boolean;
  /** What the daily prune keeps (client/prune-history.ts); no pruning without it. */
  readonly retention?: RetentionOptions;
}

/** How one sync run ended. */
export type SyncRunResult =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly reason: 'offline' | 'blocked' | 'failed' | 'stopped';
      readonly error?: ApiError;
    };

/** How often a till reports its health when nothing the back office shows has changed. */
const HEALTH_REPORT_EVERY_MS = 60_000;
/**
 * Realtime changes held for one store write at most (#applyEvent): a device this far behind is not
 * keeping up with its branch, and a pull brings the changes in pages instead.
 */
const MAX_QUEUED_EVENTS = 500;

type HttpState = 'unknown' | 'up' | 'down' | 'refused';

/**
 * What the header shows. An error answer (`refused`) is "connecting" whatever the socket does. The
 * server answering HTTP while the socket is down is "connecting", not "offline": sales upload, and
 * the socket is on its way back.
 */
function connectionOf(
  http: HttpState,
  socketOk: boolean,
  socket: 'connecting' | 'up' | 'down',
): ConnectionState {
  if (http === 'refused') return 'connecting';
  if (socketOk && http !== 'down') return 'online';
  if (http === 'down' || (socket === 'down' && http !== 'up')) return 'offline';
  return 'connecting';
}

/**
 * The leader's sync loop (S11: one per device): pushes the outbox, pulls the feed, keeps the
 * realtime socket and applies its events by the gap rule, retries with backoff. Runs are
 * coalesced: a request during a run makes one more run afterwards, never two in parallel.
 */
export class SyncEngine {
  readonly #mutex = new Mutex();
  #cursor: Cursor = { catalog: 0, branch: 0 };
  #running = false;
  #run: Promise<SyncRunResult> | null = null;
  #again = false;
  #failures = 0;
  #socketFailures = 0;
  #retryTimer: TimerHandle | null = null;
  #pullTimer: TimerHandle | null = null;
  #reconnectTimer: TimerHandle | null = null;
  #socket: RealtimeSocket | null = null;
  /** The address the socket was opened on. */
  #socketUrl = '';
  #socketState: 'connecting' | 'up' | 'down' = 'connecting';
  /**
   * What HTTP said last: `up` (a sync went through, or a push was answered with a mutation
   * deferred), `down` (no answer: the network), `refused` (an answer, but an error: a server
   * mid-upgrade, a proxy's 502), or `unknown` (not asked since the socket dropped).
   */
  #httpState: HttpState = 'unknown';
  /** The socket dropped since HTTP was last asked: the next reconnect asks (#reconnect). */
  #probeDue = false;
  #fullSyncActive = false;
  /** A realtime event came while a full sync ran: pull once it is done. */
  #eventDuringFullSync = false;
  #lastIntegrityAt: number | null = null;
  #lastAuditAt: number | null = null;
  #lastPruneAt: number | null = null;
  #lastNightlyAt: number | null = null;
  /** The last loss of the local store, once read (at the first health report); undefined until then. */
  #storeLoss: StoreLossSummary | null | undefined = undefined;
  /** The last health report sent: when, and the outbox counts it was sent for. */
  #lastHealth: { readonly at: number; readonly key: string } | null = null;
  /** Realtime changes received and not yet applied, in arrival order (#applyEvent). */
  #eventQueue: QueuedChange[] = [];
  /** A run that applies the queue is waiting for the mutex: later events join it. */
  #drainQueued = false;

  constructor(
    private readonly ctx: EngineContext,
    private readonly status: StatusStore,
    private readonly options: EngineOptions,
    /**
     * Called after the outbox or catalog changed, so the client refreshes views and tabs. During a
     * push it is given the outcomes stored since its last call (push-outbox.ts): with them the
     * client may update what it holds instead of re-reading the outbox.
     */
    private readonly onChanged: (stored?: readonly OutboxOutcome[]) => Promise<void>,
  ) {}

  async start(): Promise<void> {
    this.#running = true;
    const recovered = await this.ctx.store.recoverInflight();
    if (recovered > 0)
      this.ctx.logger.info('inflight mutations back to pending after restart', { recovered });
    this.#cursor = (await this.ctx.store.readSyncMeta()).cursor;
    this.#openSocket();
    void this.requestSync();
  }

  async stop(): Promise<void> {
    this.#running = false;
    // Another tab's engine may lead now: events this one holds are not written over its state.
    this.#eventQueue = [];
    for (const t of [this.#retryTimer, this.#pullTimer, this.#reconnectTimer])
      if (t) this.options.timers.clearTimeout(t);
    this.#socket?.close();
    this.#socket = null;
    await this.#run?.catch(() => undefined);
  }

  /**
   * The device's network came back (the browser said so): the upload and the realtime socket
   * retry now instead of at the end of their backoff. Only the device's own network changed, so
   * this is not the crowd of devices after a server outage that the backoff's jitter spreads (S9).
   */
  networkBack(): void {
    if (!this.#running || this.status.get().blocked) return;
    if (this.#retryTimer) {
      this.options.timers.clearTimeout(this.#retryTimer);
      this.#retryTimer = null;
    }
    this.#reconnectNow();
    void this.requestSync();
  }

  /**
   * Runs push + pull now, or once more after the current run; resolves when that run ends.
   * A local write while backing off waits for the retry timer (S9): it must not turn every sale
   * made offline into a request.
   */
  requestSync(reason: 'local' | 'other' = 'other'): Promise<SyncRunResult> {
    if (!this.#running) return Promise.resolve({ ok: false, reason: 'stopped' });
    if (reason === 'local' && this.#retryTimer !== null)
      return Promise.resolve({ ok: false, reason: 'offline' });
    if (this.#run) {
      this.#again = true;
      return this.#run;
    }
    const run = this.#loop().finally(() => {
      this.#run = null;
    });
    this.#run = run;
    return run;
  }

  async #loop(): Promise<SyncRunResult> {
    let result: SyncRunResult;
    do {
      this.#again = false;
      result = await this.#once();
    } while (this.#again && result.ok && this.#running);
    return result;
  }

  async #once(): Promise<SyncRunResult> {
    if (this.status.get().blocked) return { ok: false, reason: 'blocked' };
    if (this.#retryTimer) this.options.timers.clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    try {
      const identity = await this.#ensureIdentity();
      if (identity) return this.#fail(identity);
      const meta = await this.ctx.store.readSyncMeta();
      if (
        // A full sync running now (from the settings, or an integrity repair) also leaves a
        // checkpoint: only one cut short by a crash or the network is resumed here, or a sale made
        // meanwhile would start a second full sync after the first.
        !this.#fullSyncActive &&
        (meta.fullSync !== null ||
          (meta.generation === 0 && meta.cursor.catalog === 0 && meta.cursor.branch === 0))
      ) {
        // First start, or a full sync cut by a crash: (re)start it from its checkpoint (S12).
        const full = await this.fullSync({});
        if (!full.ok) return this.#fail(full.error);
      }
      const pushed = await pushOutbox(this.ctx, {
        batchSize: this.options.pushBatchSize,
        onBatch: this.onChanged,
      });
      if (pushed.synced > 0) logSync(this.ctx, { kind: 'push', ok: true, count: pushed.synced });
      if (!pushed.ok) return this.#fail(pushed.error, { answered: pushed.deferred });
      const syncedUpTo = await this.ctx.store.lastSyncedSeq();
      const pulled = await this.#pull();
      if (!pulled.ok) return this.#fail(pulled.error);
      if (pulled.pages > 0) logSync(this.ctx, { kind: 'pull', ok: true, count: pulled.pages });
      // The pull after the acknowledgement carries the server's effect of those mutations.
      if (syncedUpTo > 0) await this.ctx.store.pruneSynced(syncedUpTo);
      const at = isoNow(this.ctx.clock);
      await this.ctx.store.setLastSyncedAt(at);
      this.#failures = 0;
      this.#httpState = 'up';
      this.status.update({ lastSyncedAt: at, lastError: undefined, lastErrorKind: undefined });
      this.#reportHealth(at);
      // The server answers: a socket waiting out its backoff tries again now, so realtime resumes
      // with the upload and not up to 30 s later.
      this.#reconnectNow();
      this.#updateConnection();
      await this.onChanged();
      if ((await this.ctx.store.overlaySize()) > this.options.compactOverlayAbove) {
        await this.#mutex.run(() => compactOverlay(this.ctx, this.options.pageSize));
      }
      if (await this.#nightlyDue()) {
        if (this.options.isIdle?.() ?? true) await this.#integrityIfDue();
        if (this.options.isIdle?.() ?? true) await this.#auditIfDue();
        if (this.options.isIdle?.() ?? true) await this.#pruneIfDue();
      }
      this.#schedulePeriodicPull();
      return { ok: true };
    } catch (e) {
      // Storage failures (and bugs): log, back off, never crash the app.
      this.ctx.logger.error('sync run failed', { error: String(e) });
      return this.#fail({ kind: 'storage', message: String(e) }, { reason: 'failed' });
    }
  }

  /**
   * Whether the heavy work may run now (issue 16): with the branch's opening hours known, once per
   * night outside them (client/night-window.ts); without, the intervals below alone decide.
   */
  async #nightlyDue(): Promise<boolean> {
    const settings = await this.ctx.store.readBranchSettings();
    const hours = settings?.openingHours;
    if (!hours || settings === null) return true;
    const nowMs = this.ctx.clock.now();
    const due = nightlyDue({
      nowMs,
      lastRunMs: this.#lastNightlyAt,
      hours,
      timeZone: settings.timeZone,
      fallbackEveryMs: 0,
    });
    if (due && (this.options.isIdle?.() ?? true)) {
      this.#lastNightlyAt = nowMs;
      // Inside a night run the intervals must not hold the work back.
      this.#lastIntegrityAt = null;
      this.#lastAuditAt = null;
      this.#lastPruneAt = null;
    }
    return due;
  }

  async #integrityIfDue(): Promise<void> {
    const every = this.options.integrityCheckEveryMs;
    const now = this.ctx.clock.now();
    if (every === null || (this.#lastIntegrityAt !== null && now - this.#lastIntegrityAt < every)) return;
    this.#lastIntegrityAt = now;
    const result = await this.checkIntegrity(true);
    if (result.kind !== 'ok') this.ctx.logger.warn('integrity check', { result: result.kind });
  }

  /** Once a day, after the audit had its chance to confirm what may go. */
  async #pruneIfDue(): Promise<void> {
    const retention = this.options.retention;
    const now = this.ctx.clock.now();
    if (retention === undefined || (this.#lastPruneAt !== null && now - this.#lastPruneAt < 86_400_000))
      return;
    this.#lastPruneAt = now;
    await pruneHistory(this.ctx, retention);
  }

  async #auditIfDue(): Promise<void> {
    const every = this.options.auditEveryMs ?? null;
    const now = this.ctx.clock.now();
    if (every === null || (this.#lastAuditAt !== null && now - this.#lastAuditAt < every)) return;
    this.#lastAuditAt = now;
    await this.auditSales();
  }

  /**
   * The end-to-end sale audit (client/sale-audit.ts): what it re-queued is pushed by the next run.
   * Its result goes to the status (sync screen), the log and the next health report.
   */
  async auditSales(): Promise<SaleAuditRun> {
    const run = await auditSales(this.ctx, { days: this.options.auditDays ?? 7 });
    if (run.kind === 'unsupported') return run;
    if (run.kind === 'error') {
      logSync(this.ctx, { kind: 'audit', ok: false, code: logCodeOf(run.error), message: run.error.message });
      this.status.update({ lastAudit: { at: run.at, kind: 'error', sales: 0, requeued: 0, differing: 0 } });
      return run;
    }
    const { at, kind, sales, requeued, differing } = run;
    logSync(this.ctx, {
      kind: 'audit',
      ok: kind !== 'mismatch',
      code: kind,
      message: `${run.days.length} days, ${sales} sales, ${requeued} re-sent, ${differing} differing`,
      count: sales,
    });
    this.status.update({ lastAudit: { at, kind, sales, requeued, differing } });
    // The back office learns the result with the next report.
    this.#lastHealth = null;
    if (requeued > 0) {
      this.ctx.logger.warn('sale audit re-queued sales the server lacks', { requeued });
      await this.onChanged();
      void this.requestSync();
    }
    return run;
  }

  async #ensureIdentity(): Promise<ApiError | null> {
    const meta = await this.ctx.store.readSyncMeta();
    if (meta.identity) return null;
    const res = await this.ctx.api.getDevice();
    if (!res.ok) return res.error;
    await this.ctx.store.setIdentity(deviceIdentityOf(res.value));
    await this.onChanged();
    return null;
  }

  #pull(): ReturnType<typeof pullChanges> {
    return this.#mutex.run(async () => {
      const res = await pullChanges(this.ctx, this.#cursor, this.options.pageSize);
      this.#cursor = res.cursor;
      return res;
    });
  }

  /** Full download (S12), resumable; progress goes to the status and `onProgress`. */
  fullSync(options: { onProgress?: (p: FullSyncProgress) => void; fresh?: boolean }): Promise<FullSyncRun> {
    return this.#mutex.run(async () => {
      this.#fullSyncActive = true;
      try {
        const run = await runFullSync(this.ctx, {
          pageSize: this.options.pageSize,
          fresh: options.fresh ?? false,
          onProgress: (p) => {
            this.status.update({ fullSync: p });
            options.onProgress?.(p);
          },
        });
        if (run.ok) {
          this.#cursor = (await this.ctx.store.readSyncMeta()).cursor;
          this.status.update({ fullSync: undefined });
        }
        logSync(
          this.ctx,
          run.ok
            ? { kind: 'full_sync', ok: true, count: run.total }
            : { kind: 'full_sync', ok: false, code: logCodeOf(run.error), message: run.error.message },
        );
        return run;
      } finally {
        this.#fullSyncActive = false;
        if (this.#eventDuringFullSync) {
          // The change may be newer than the full sync's last page: the incremental pull brings it
          // now, not at the next poke or periodic pull.
          this.#eventDuringFullSync = false;
          void this.requestSync();
        }
      }
    });
  }

  /** Compares local counts and checksums with the server's (S12), repairing by full sync. */
  async checkIntegrity(repair: boolean): Promise<IntegrityResult> {
    const result = await checkIntegrity(this.ctx, () => this.#pull());
    logSync(this.ctx, {
      kind: 'integrity',
      ok: result.kind === 'ok',
      code: result.kind === 'error' ? logCodeOf(result.error) : result.kind,
    });
    if (result.kind === 'mismatch' && repair) {
      this.ctx.logger.warn('integrity mismatch, repairing by full sync', { ...result });
      // A fresh full sync replaces pages and overlay at its finish; the old catalog serves meanwhile.
      const full = await this.fullSync({ fresh: true });
      await this.onChanged();
      return full.ok ? { ...result, repaired: true } : { kind: 'error', error: full.error };
    }
    return result;
  }

  /**
   * Sends the health report (client/device-health.ts) when what the back office shows of this till
   * changed (unacknowledged or parked mutations) or once every HEALTH_REPORT_EVERY_MS: not after
   * every sync, since each sale of the branch pokes every till into one, and each report reads the
   * outbox beside the sales.
   */
  #reportHealth(lastSyncAt: string | null): void {
    const now = this.ctx.clock.now();
    const { pending, failed } = this.status.get();
    const key = `${pending}/${failed}`;
    const last = this.#lastHealth;
    if (last !== null && last.key === key && now - last.at < HEALTH_REPORT_EVERY_MS) return;
    this.#lastHealth = { at: now, key };
    const { lastAudit } = this.status.get();
    void this.#knownStoreLoss()
      .then((loss) =>
        reportDeviceHealth(this.ctx, lastSyncAt, this.options.appVersion ?? 'unknown', lastAudit, loss),
      )
      .catch(() => undefined);
  }

  /** The store loss to report: read once (a loss is found only at start), again after a failed read. */
  async #knownStoreLoss(): Promise<StoreLossSummary | null> {
    if (this.#storeLoss !== undefined) return this.#storeLoss;
    const read = this.options.storeLoss;
    if (read === undefined) return null;
    const loss = await read().catch(() => undefined);
    this.#storeLoss = loss;
    return loss ?? null;
  }

  /**
   * Backs off after a failed run (S9). `answered`: the server took the request and asked for part
   * of it again later (a deferred mutation), so HTTP is up, whatever the error says.
   */
  #fail(
    error: ApiError,
    options: { readonly reason?: 'failed'; readonly answered?: boolean } = {},
  ): SyncRunResult {
    const cls = classifyApiError(error);
    logSync(this.ctx, { kind: 'error', ok: false, code: logCodeOf(error), message: error.message });
    this.status.update({ lastError: describeApiError(error), lastErrorKind: error.kind });
    if (cls === 'unauthorized' || cls === 'upgrade_required') {
      this.#block(cls, error.message);
      return { ok: false, reason: 'blocked', error };
    }
    if (error.kind === 'network') this.#httpState = 'down';
    else {
      // Any HTTP status is an answer from the network's far side: the server's (503 while a newer
      // till waits out a rolling upgrade) or a proxy's (502). "Connecting", not "offline", which
      // sends staff to check the shop's internet; nor "online", which the socket alone may not
      // claim while requests fail. A 2xx body that is not ours (a captive portal's page after its
      // redirect) proves nothing and leaves HTTP's state as it was.
      if (error.kind === 'http') this.#httpState = options.answered === true ? 'up' : 'refused';
      // The server answered but the sync failed (an upload refused or cut): the back office must
      // still learn that sales wait here, and how old the oldest is. Best effort, like every report.
      this.#reportHealth(this.status.get().lastSyncedAt);
    }
    this.#updateConnection();
    const delay = backoffDelay(this.#failures++, this.options.random);
    this.ctx.logger.info('sync retry scheduled', { delay, error: describeApiError(error) });
    if (this.#running) {
      this.#retryTimer = this.options.timers.setTimeout(() => {
        this.#retryTimer = null;
        void this.requestSync();
      }, delay);
    }
    return { ok: false, reason: options.reason ?? (cls === 'retryable' ? 'offline' : 'failed'), error };
  }

  #block(code: 'unauthorized' | 'upgrade_required', message: string): void {
    this.ctx.logger.warn('sync blocked', { code, message });
    this.status.update({ blocked: { code, message }, connection: 'offline' });
    this.#socket?.close();
    this.#socket = null;
  }

  #schedulePeriodicPull(): void {
    if (this.#pullTimer) this.options.timers.clearTimeout(this.#pullTimer);
    if (!this.#running) return;
    // The fallback for missed realtime events (S6).
    this.#pullTimer = this.options.timers.setTimeout(() => {
      this.#pullTimer = null;
      void this.requestSync();
    }, this.options.pullIntervalMs);
  }

  #updateConnection(): void {
    if (this.status.get().blocked) return;
    const s = this.#socketState;
    const h = this.#httpState;
    // Without a realtime transport (polling only) HTTP alone decides.
    const socketOk = this.options.realtime === null || s === 'up';
    this.status.update({ connection: connectionOf(h, socketOk, s) });
  }

  #openSocket(): void {
    if (!this.options.realtime || this.status.get().blocked) return;
    this.#socketState = 'connecting';
    this.#socketUrl = this.options.servers?.current() ?? this.options.serverUrl;
    this.#socket = this.options.realtime(
      {
        serverUrl: this.#socketUrl,
        auth: { token: this.options.token, protocolVersion: PROTOCOL_VERSION },
        ...(this.options.branchKey === undefined ? {} : { branchKey: this.options.branchKey }),
      },
      {
        onConnect: () => {
          logSync(this.ctx, { kind: 'connected', ok: true });
          this.#socketState = 'up';
          this.#socketFailures = 0;
          // The sync below asks HTTP.
          this.#probeDue = false;
          this.#updateConnection();
          // Reconnected: whatever happened meanwhile is in the feed (S6); also push what waited.
          void this.requestSync();
        },
        onDisconnect: (reason) => {
          logSync(this.ctx, { kind: 'disconnected', ok: false, message: reason });
          this.#socketState = 'down';
          // The socket dropped: whether HTTP still gets through is unknown until the next request
          // (shown as offline, as a network loss usually is).
          if (this.#httpState !== 'down') this.#httpState = 'unknown';
          this.#probeDue = true;
          this.#updateConnection();
          this.ctx.logger.info('realtime disconnected', { reason });
          this.#scheduleReconnect();
        },
        onConnectError: (err) => {
          this.#socketState = 'down';
          const envelope = ErrorEnvelope.safeParse(err.data);
          const code = envelope.success
            ? envelope.data.error.code
            : ERROR_CODES.find((c) => c === err.message);
          const cls = code === undefined ? 'retryable' : classifyErrorCode(code);
          if (cls === 'unauthorized' || cls === 'upgrade_required') {
            this.#block(cls, envelope.success ? envelope.data.error.message : err.message);
            return;
          }
          // No server answered: the next attempt goes to the next address, if there is one.
          if (!envelope.success) this.options.servers?.failed(this.#socketUrl);
          this.#updateConnection();
          // The network may have gone while the socket was connecting: the attempt after the
          // backoff asks HTTP too, unless HTTP is already down or refused (the upload's retry timer
          // asks then). HTTP's last answer stands until then, so a server refusing only sockets
          // reads "connecting", not "offline".
          this.#scheduleReconnect(true);
        },
        onEvent: (name, payload) => this.#onEvent(name, payload),
      },
    );
    this.#socket.connect();
  }

  /**
   * @param probe - ask HTTP when the timer fires, unless the upload waits out its own backoff (HTTP
   *   down or refused, or a mutation deferred: its retry timer asks then). Only the timer's attempt asks: an early reconnect
   *   (#reconnectNow) follows an HTTP answer, and asking again there would loop (answer, reconnect,
   *   refused, ask) while a server refuses sockets and answers HTTP.
   */
  #scheduleReconnect(probe = false): void {
    if (!this.#running || this.status.get().blocked || this.#reconnectTimer) return;
    const delay = backoffDelay(this.#socketFailures++, this.options.random);
    this.#reconnectTimer = this.options.timers.setTimeout(() => {
      this.#reconnectTimer = null;
      // HTTP down or refused, or a mutation deferred: the upload's own backoff asks again (S9), not
      // this timer, which would send the deferred mutation before its time.
      const uploadWaits =
        this.#retryTimer !== null || this.#httpState === 'down' || this.#httpState === 'refused';
      if (probe && !uploadWaits) this.#probeDue = true;
      this.#reconnect();
    }, delay);
  }

  /** A socket waiting out its backoff reconnects now (its failure count stays, for the next wait). */
  #reconnectNow(): void {
    if (this.#reconnectTimer === null || this.#socketState !== 'down') return;
    this.options.timers.clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = null;
    this.#reconnect();
  }

  #reconnect(): void {
    if (!this.#running || this.#socketState === 'up' || this.status.get().blocked) return;
    // Only HTTP tells a lost network ("offline") from a server still there while the socket comes
    // back ("connecting"): a browser's socket attempt on a lost network hangs until Socket.IO's
    // timeout, so a till with nothing to upload showed "connecting" for as long as it was offline.
    // Asked after every socket loss, whatever HTTP said last: an answer on its way when the network
    // went arrives after the drop and says "up". At the reconnect, not the disconnect: the
    // backoff's jitter spreads a fleet's probes.
    if (this.#probeDue) {
      this.#probeDue = false;
      void this.requestSync();
    }
    const url = this.options.servers?.current();
    if (url !== undefined && url !== this.#socketUrl) {
      // Fail over: a socket belongs to one address.
      this.#socket?.close();
      this.#openSocket();
      return;
    }
    this.#socketState = 'connecting';
    this.#updateConnection();
    this.#socket?.connect();
  }

  #onEvent(name: string, payload: unknown): void {
    if (!this.#running) return;
    const e = parseRealtimeEvent(name, payload);
    switch (e.kind) {
      case 'welcome':
        if (!cursorCovers(this.#cursor, e.head)) void this.requestSync();
        // The server's feed is behind this device: its database was restored (client/integrity.ts).
        else if (!cursorCovers(e.head, this.#cursor))
          void this.checkIntegrity(true).catch((err: unknown) =>
            this.ctx.logger.error('integrity check after a restore failed', { error: String(err) }),
          );
        return;
      case 'session_ended':
        this.#block(e.code, e.message);
        return;
      case 'change':
        this.#applyEvent(e.scope, e.cursor, e.changes);
        return;
      case 'replaced':
        // Not blocked (the device is not revoked): the disconnect that follows reconnects with backoff.
        this.ctx.logger.info('realtime socket replaced by a newer one of this device');
        return;
      case 'command':
        // The person who sent it watches the devices screen: the next sync reports at once.
        this.#lastHealth = null;
        if (this.options.onCommand !== undefined) this.options.onCommand(e.command.type);
        else if (e.command.type === 'sync_now') void this.requestSync();
        return;
      case 'invalid':
        this.ctx.logger.warn('ignored realtime event', { name });
    }
  }

  /**
   * The gap rule (S6), under the mutex so it sees the cursor every pull page left behind. Events
   * that arrive while one waits for the mutex or is being written wait together and are applied in
   * one store write (realtime/event-batch.ts): a sale of three lines is four events, and one write
   * per event, or a pull for the events behind the first, was a second sync run after each sale,
   * beside the next sale's commit.
   */
  #applyEvent(scope: 'catalog' | 'branch', at: number, changes: Parameters<typeof applyChangeSet>[1]): void {
    // A full sync in progress brings this change on a later page, unless its last page was
    // already served: then the pull after it does.
    if (this.#fullSyncActive) {
      this.#eventDuringFullSync = true;
      return;
    }
    // Realtime is a poke (S6). A device applying events far slower than the branch makes them (a
    // slow store, a busy main thread) must not hold them without bound: one pull brings them in
    // pages instead. The gap this leaves sends the next batch to a pull as well.
    if (this.#eventQueue.length >= MAX_QUEUED_EVENTS) {
      this.#eventQueue = [];
      void this.requestSync();
      return;
    }
    this.#eventQueue.push({ scope, cursor: at, changes });
    if (this.#drainQueued) return;
    this.#drainQueued = true;
    this.#mutex
      .run(async () => {
        this.#drainQueued = false;
        // Stopped meanwhile: the next leader's pull brings these changes from the store's cursor.
        if (!this.#running) return;
        const batch = batchEvents(this.#cursor, this.#eventQueue.splice(0));
        if (batch.gap) void this.requestSync();
        if (batch.changes === null) return;
        try {
          await applyChangeSet(this.ctx, batch.changes, batch.cursor);
        } catch (e) {
          // The cursor did not move: a pull brings the change (and any later ones). Without it the
          // change waited for the next poke or the periodic pull, minutes, with the header saying
          // "online" all along.
          this.ctx.logger.error('applying realtime event failed', { error: String(e) });
          logSync(this.ctx, {
            kind: 'error',
            ok: false,
            code: 'storage',
            message: `realtime change not written: ${String(e)}`,
          });
          void this.requestSync();
          return;
        }
        this.#cursor = batch.cursor;
        await this.onChanged();
      })
      .catch((e: unknown) =>
        this.ctx.logger.error('realtime event applied, refresh failed', { error: String(e) }),
      );
  }
}

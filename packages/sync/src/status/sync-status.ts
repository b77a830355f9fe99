/** Whether the device reaches the server: sockets and HTTP both working is `online`. */
export type ConnectionState = 'online' | 'offline' | 'connecting';

/** Why sync stopped until a person acts (S14: the outbox is kept meanwhile). */
export type Blocked =
  | { readonly code: 'unauthorized'; readonly message: string }
  | { readonly code: 'upgrade_required'; readonly message: string };

/**
 * The kinds of a sync error (transport/api-result.ts `ApiError`, which the engine assigns here, so a
 * new kind there fails to compile until it is added): the network, an HTTP answer, an answer that is
 * not ours, the device's own storage.
 */
export type SyncErrorKind = 'network' | 'http' | 'invalid_response' | 'storage';

/** What the status bar and the sync dashboard show. */
export interface SyncStatus {
  readonly connection: ConnectionState;
  /** Mutations not yet acknowledged (pending or inflight). */
  readonly pending: number;
  /** Mutations parked with a server error, waiting for a person (S9). */
  readonly failed: number;
  /** Stale edits waiting for keep-mine / take-server (S8). */
  readonly conflicts: number;
  /** Last time a push and pull both completed. */
  readonly lastSyncedAt: string | null;
  /** True when no sync completed within `staleAfterMs`: prices and stock may be old. */
  readonly stale: boolean;
  readonly fullSync?: { readonly done: number; readonly total: number };
  /** Whether this instance runs sync (S11); followers mirror the leader's status. */
  readonly leader: boolean;
  readonly blocked?: Blocked;
  /** The last sync error as support reads it (`describeApiError`: "network: Failed to fetch"). */
  readonly lastError?: string;
  /**
   * The kind of that error, so an app can say it in the cashier's language without reading the
   * text. Absent with `lastError` cleared, and in a status mirrored from an older leader tab.
   */
  readonly lastErrorKind?: SyncErrorKind;
  /** The last sale audit (client/sale-audit.ts), for the sync screen. */
  readonly lastAudit?: AuditSummary;
}

/** A sale audit's outcome in a few numbers: sales compared, re-sent, and differing or unknown. */
export interface AuditSummary {
  readonly at: string;
  readonly kind: 'ok' | 'repaired' | 'mismatch' | 'error';
  readonly sales: number;
  readonly requeued: number;
  readonly differing: number;
}

export const INITIAL_STATUS: SyncStatus = {
  connection: 'connecting',
  pending: 0,
  failed: 0,
  conflicts: 0,
  lastSyncedAt: null,
  stale: true,
  leader: false,
};

/** A status holder with subscribers; only changes are announced. */
export class StatusStore {
  #status: SyncStatus = INITIAL_STATUS;
  readonly #listeners = new Set<(s: SyncStatus) => void>();

  get(): SyncStatus {
    return this.#status;
  }

  /** Merges `patch`; `undefined` values remove optional fields (fullSync, blocked, lastError, lastErrorKind). */
  update(patch: { [K in keyof SyncStatus]?: SyncStatus[K] | undefined }): void {
    const merged: Record<string, unknown> = { ...this.#status, ...patch };
    for (const k of Object.keys(merged)) if (merged[k] === undefined) delete merged[k];
    const next = merged as unknown as SyncStatus;
    if (JSON.stringify(next) === JSON.stringify(this.#status)) return;
    this.#status = next;
    for (const l of [...this.#listeners]) l(next);
  }

  subscribe(listener: (s: SyncStatus) => void): () => void {
    this.#listeners.add(listener);
    listener(this.#status);
    return () => this.#listeners.delete(listener);
  }
}

/**
 * The device's sync activity log (issue 4 of the till-over-months issue): the last
 * `SYNC_LOG_LIMIT` things sync did, kept in the device store so a shop can read them on the sync
 * screen and send them to support as a file.
 */
export type SyncLogKind =
  | 'push'
  | 'pull'
  | 'full_sync'
  | 'error'
  | 'connected'
  | 'disconnected'
  | 'integrity'
  | 'audit'
  | 'prune'
  /** The store was found lost and what its mirror held was put back (store/journal-mirror.ts). */
  | 'restore';

/** One event. `code` is an `ErrorCode` or a transport kind for errors; `count` what it moved. */
export interface SyncLogEntry {
  readonly seq: number;
  readonly at: string;
  readonly kind: SyncLogKind;
  readonly ok: boolean;
  readonly code?: string;
  readonly message?: string;
  readonly count?: number;
}

/** How many events the log keeps; older ones are dropped as new ones arrive. */
export const SYNC_LOG_LIMIT = 1000;

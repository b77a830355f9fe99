import type { SyncStatus } from '@kasir/sync';

/** Over this long without a completed sync, the header warns that prices and stock may be old. */
export const STALE_AFTER_MS = 60 * 60_000;
/** Over this many unsynced mutations, the header warns about the backlog. */
export const BACKLOG_WARNING = 50;

export interface HeaderWarnings {
  readonly stale: boolean;
  readonly backlog: boolean;
}

/**
 * The cashier's warnings. `stale` is the sync engine's own flag (the app creates its client with
 * `staleAfterMs: STALE_AFTER_MS`), so the header and the sync log never disagree about it; a
 * device that never synced turns stale an hour after it started trying.
 */
export function headerWarnings(status: Pick<SyncStatus, 'stale' | 'pending'>): HeaderWarnings {
  return { stale: status.stale, backlog: status.pending > BACKLOG_WARNING };
}

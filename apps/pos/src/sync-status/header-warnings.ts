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
 * The cashier's warnings. A device that never synced is not "stale" while its first sync runs
 * (it has nothing old to warn about yet); it is once an hour passed since `startedAt`.
 */
export function headerWarnings(
  status: Pick<SyncStatus, 'lastSyncedAt' | 'pending'>,
  nowMs: number,
  startedAtMs: number,
): HeaderWarnings {
  const since = status.lastSyncedAt === null ? startedAtMs : Date.parse(status.lastSyncedAt);
  return {
    stale: nowMs - since > STALE_AFTER_MS,
    backlog: status.pending > BACKLOG_WARNING,
  };
}

import type { SyncLogEntry } from '../store/sync-log-record.ts';
import type { ApiError } from '../transport/api-result.ts';
import { isoNow, type EngineContext } from './engine-context.ts';

/**
 * Appends an event to the device's sync activity log (store/sync-log-record.ts) without making
 * sync wait for it: the log has an object store of its own, written relaxed, and a log write that
 * fails is reported to the logger, never to the sync run.
 */
export function logSync(ctx: EngineContext, entry: Omit<SyncLogEntry, 'seq' | 'at'>): void {
  ctx.store
    .appendLog({ at: isoNow(ctx.clock), ...entry })
    .catch((e: unknown) => ctx.logger.warn('sync log not written', { error: String(e) }));
}

/** The code a log entry shows for an error: the server's `ErrorCode`, else the transport's kind. */
export function logCodeOf(error: ApiError): string {
  return error.kind === 'http' ? error.code : error.kind;
}

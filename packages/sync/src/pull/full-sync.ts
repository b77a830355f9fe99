import { decodeCursor } from '@kasir/protocol';
import { isoNow, type EngineContext } from '../engine/engine-context.ts';
import type { FullSyncCheckpoint } from '../store/records.ts';
import type { ApiError } from '../transport/api-result.ts';
import { splitChanges } from './split-changes.ts';

/** Progress of a full sync: items (products and stock rows) received of the server's count. */
export interface FullSyncProgress {
  readonly done: number;
  readonly total: number;
}

export type FullSyncRun =
  | { readonly ok: true; readonly pages: number; readonly total: number }
  | { readonly ok: false; readonly error: ApiError; readonly checkpoint: FullSyncCheckpoint | null };

/**
 * Full download from the empty cursor (the feed keeps only the newest change per entity, so that
 * is the whole snapshot), S12. Each page is written with its checkpoint in one transaction, so a
 * crash or network loss resumes at the next page; only one page is held in memory. Pages go to a
 * new generation while the old catalog stays in use, and the finish swaps them. Call it under the
 * engine's mutex; realtime events meanwhile are not applied: the remaining pages carry them, and
 * the engine pulls after the run for a change newer than its last page.
 */
export async function runFullSync(
  ctx: EngineContext,
  options: { pageSize: number; fresh?: boolean; onProgress?: (p: FullSyncProgress) => void },
): Promise<FullSyncRun> {
  const meta = await ctx.store.readSyncMeta();
  let cp = options.fresh === true ? null : meta.fullSync;
  // The first page is asked for at once, beside the state call that sizes the progress bar.
  let pending = ctx.api.pull(cp?.cursor ?? '', options.pageSize);
  // A prefetched page may be left behind when this run ends early; it must not reject unheard.
  void pending.catch(() => undefined);
  if (cp === null) {
    const state = await ctx.api.getState();
    if (!state.ok) return { ok: false, error: state.error, checkpoint: null };
    cp = {
      generation: meta.generation + 1,
      nextPage: 0,
      cursor: '',
      done: 0,
      total: state.value.catalog.count + state.value.stock.count,
      startedAt: isoNow(ctx.clock),
    };
    await ctx.store.beginFullSync(cp);
  } else {
    ctx.logger.info('resuming full sync', { page: cp.nextPage, done: cp.done, total: cp.total });
  }
  options.onProgress?.({ done: cp.done, total: cp.total });
  for (;;) {
    const res = await pending;
    if (!res.ok) return { ok: false, error: res.error, checkpoint: cp };
    // Pipelined: the next page travels while this one is written. The checkpoint still moves only
    // after its page is stored, so a crash resumes exactly where the store says.
    if (res.value.hasMore) {
      pending = ctx.api.pull(res.value.cursor, options.pageSize);
      void pending.catch(() => undefined);
    }
    const changes = splitChanges(res.value.changes);
    const items = changes.products.filter((p) => !p.deleted).length + changes.stock.length;
    const next: FullSyncCheckpoint = {
      ...cp,
      nextPage: cp.nextPage + 1,
      cursor: res.value.cursor,
      // Entities changed during the download appear twice; never report more than the total.
      done: Math.min(cp.total, cp.done + items),
    };
    await ctx.store.writeFullSyncPage({ generation: cp.generation, pageNo: cp.nextPage, changes }, next);
    if ((changes.staff?.length ?? 0) > 0) ctx.events.emit('staffChanged');
    cp = next;
    options.onProgress?.({ done: cp.done, total: cp.total });
    if (!res.value.hasMore) break;
  }
  const cursor = decodeCursor(cp.cursor);
  if (cursor === null) {
    return {
      ok: false,
      error: { kind: 'invalid_response', status: 200, message: `bad cursor ${cp.cursor}` },
      checkpoint: cp,
    };
  }
  await ctx.store.finishFullSync(cp.generation, cursor);
  ctx.index.load(await ctx.store.readCatalog());
  ctx.events.emit('catalogChanged');
  const settings = await ctx.store.readBranchSettings();
  if (settings !== null) ctx.events.emit('branchSettingsChanged', settings);
  options.onProgress?.({ done: cp.total, total: cp.total });
  return { ok: true, pages: cp.nextPage, total: cp.total };
}

import { decodeCursor, encodeCursor, type Cursor } from '@kasir/protocol';
import type { EngineContext } from '../engine/engine-context.ts';
import type { ChangeSet } from '../store/records.ts';
import type { ApiError } from '../transport/api-result.ts';
import { splitChanges } from './split-changes.ts';

export type PullRun =
  /** `pages`: the pages that brought a change or moved the cursor (an empty answer is none). */
  | { readonly ok: true; readonly cursor: Cursor; readonly pages: number }
  | { readonly ok: false; readonly error: ApiError; readonly cursor: Cursor };

/**
 * Applies a change set to the store (with the new cursor, atomically) and then to the in-memory
 * index, and announces other devices' sales.
 */
export async function applyChangeSet(ctx: EngineContext, changes: ChangeSet, cursor: Cursor): Promise<void> {
  await ctx.store.applyChanges(changes, cursor);
  ctx.index.applyProducts(changes.products);
  ctx.index.applyStock(changes.stock);
  const me = ctx.deviceId();
  for (const s of changes.sales) if (s.deviceId !== me) ctx.events.emit('remoteSale', s);
  if (changes.products.length > 0 || changes.stock.length > 0) ctx.events.emit('catalogChanged');
  if (changes.branchSettings !== undefined) ctx.events.emit('branchSettingsChanged', changes.branchSettings);
  if ((changes.staff?.length ?? 0) > 0) ctx.events.emit('staffChanged');
}

/**
 * Pulls from `from` until the feed says there is no more (S4), one small transaction per page
 * (docs/architecture.md, "Device storage": a sale never waits long behind a sync write). Call it under the engine's mutex.
 */
export async function pullChanges(ctx: EngineContext, from: Cursor, pageSize: number): Promise<PullRun> {
  let cursor = from;
  let pages = 0;
  for (;;) {
    const res = await ctx.api.pull(encodeCursor(cursor), pageSize);
    if (!res.ok) return { ok: false, error: res.error, cursor };
    const next = decodeCursor(res.value.cursor);
    if (next === null) {
      return {
        ok: false,
        error: { kind: 'invalid_response', status: 200, message: `bad cursor ${res.value.cursor}` },
        cursor,
      };
    }
    // Nothing new (the usual answer after a device's own sale, whose changes came by realtime
    // first): no store write, which would lock every sync table beside the next sale.
    const moved = next.catalog !== cursor.catalog || next.branch !== cursor.branch;
    if (moved || res.value.changes.length > 0) {
      await applyChangeSet(ctx, splitChanges(res.value.changes), next);
      cursor = next;
      pages++;
    }
    if (!res.value.hasMore) return { ok: true, cursor, pages };
  }
}

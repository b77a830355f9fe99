import { logSync } from '../engine/sync-log.ts';
import type { EngineContext } from '../engine/engine-context.ts';

const DAY_MS = 86_400_000;

/** How long a till keeps sales (issue 16): its own, and other devices' of the branch. */
export interface RetentionOptions {
  /** Own sales older than this are dropped once synced and audited; default 90. */
  readonly ownSalesDays: number;
  /** Other devices' sales older than this (server time) are dropped; default 7, the feed's window. */
  readonly branchSalesDays: number;
}

/** Drops what the retention allows and logs it; heavy work, run when the till is idle. */
export async function pruneHistory(ctx: EngineContext, options: RetentionOptions): Promise<void> {
  const now = ctx.clock.now();
  const dropped = await ctx.store.pruneHistory({
    ownBefore: new Date(now - options.ownSalesDays * DAY_MS).toISOString(),
    branchBefore: new Date(now - options.branchSalesDays * DAY_MS).toISOString(),
  });
  if (dropped.own + dropped.branch > 0) {
    logSync(ctx, {
      kind: 'prune',
      ok: true,
      count: dropped.own + dropped.branch,
      message: `${dropped.own} own sales, ${dropped.branch} branch sales`,
    });
  }
}

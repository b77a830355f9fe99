import { dayIn, dayWindow, diffSales, saleDigest, type AuditedSale, type SaleDigest } from '@kasir/protocol';
import { isoNow, type EngineContext } from '../engine/engine-context.ts';
import type { LocalSale } from '../store/records.ts';
import type { ApiError } from '../transport/api-result.ts';

/** What the audit found for one business day. */
export interface AuditDayResult {
  readonly day: string;
  readonly local: SaleDigest;
  readonly server: SaleDigest;
  /** Synced here, absent on the server: put back in the outbox. */
  readonly missing: number;
  /** On both with another total: reported, never changed (the receipt is what the customer got). */
  readonly differing: number;
  /** On the server under this device, unknown here (neither made nor waiting on this device). */
  readonly extra: number;
}

/** How an audit run ended: `ok` all days matched; `repaired` sales were re-queued; `mismatch` a difference no push can fix. */
export type SaleAuditRun =
  | {
      readonly kind: 'ok' | 'repaired' | 'mismatch';
      readonly at: string;
      readonly days: readonly AuditDayResult[];
      readonly sales: number;
      readonly requeued: number;
      readonly differing: number;
    }
  | { readonly kind: 'error'; readonly at: string; readonly error: ApiError }
  | { readonly kind: 'unsupported'; readonly at: string };

const DAY_MS = 86_400_000;

/** This device's sales of `day` in `timeZone`, split into those the server should hold and the rest. */
async function salesOfDay(
  ctx: EngineContext,
  day: string,
  timeZone: string,
): Promise<{ synced: AuditedSale[]; unsynced: Set<string> }> {
  const { from, to } = dayWindow(day);
  const all = (await ctx.store.listSalesCreatedBetween(from, to)).filter(
    (s) => dayIn(s.createdAt, timeZone) === day,
  );
  const isSynced = (s: LocalSale): boolean => s.sync.kind === 'synced';
  return {
    synced: all.filter(isSynced).map((s) => ({ id: s.id, total: s.total })),
    // Pending or parked: the server may hold one already (its answer was lost); not a difference.
    unsynced: new Set(all.filter((s) => !isSynced(s) && s.sync.kind !== 'discarded').map((s) => s.id)),
  };
}

/**
 * The end-to-end sale audit (issue 16): for each business day of the last `days` days on which
 * this device has sales, compares the digest of its synced sales with the server's
 * (`GET /api/sync/audit?day=`). On a mismatch it asks for the server's list, puts the sales the
 * server lacks back in the outbox (the caller pushes them), and counts what differs. The server
 * names the branch's time zone, in which days are counted on both ends.
 */
export async function auditSales(ctx: EngineContext, options: { days: number }): Promise<SaleAuditRun> {
  const at = isoNow(ctx.clock);
  const audit = ctx.api.audit?.bind(ctx.api);
  if (audit === undefined) return { kind: 'unsupported', at };
  const now = ctx.clock.now();
  const first = await audit(new Date(now).toISOString().slice(0, 10), false);
  if (!first.ok) return { kind: 'error', at, error: first.error };
  const { timeZone } = first.value;
  const recent = await ctx.store.listSalesCreatedBetween(
    new Date(now - options.days * DAY_MS).toISOString(),
    new Date(now + DAY_MS).toISOString(),
  );
  const days = [...new Set(recent.map((s) => dayIn(s.createdAt, timeZone)))].sort();
  const results: AuditDayResult[] = [];
  let requeued = 0;
  for (const day of days) {
    const server = day === first.value.day ? first : await audit(day, false);
    if (!server.ok) return { kind: 'error', at, error: server.error };
    const mine = await salesOfDay(ctx, day, timeZone);
    const local = saleDigest(mine.synced);
    const summary = { count: server.value.count, total: server.value.total, digest: server.value.digest };
    if (local.digest === summary.digest && local.count === summary.count) {
      await ctx.store.markAudited(mine.synced.map((x) => x.id));
      results.push({ day, local, server: summary, missing: 0, differing: 0, extra: 0 });
      continue;
    }
    const detail = await audit(day, true);
    if (!detail.ok) return { kind: 'error', at, error: detail.error };
    const diff = diffSales(mine.synced, detail.value.sales ?? []);
    if (diff.missing.length > 0) requeued += await ctx.store.requeueSales(diff.missing);
    const unconfirmed = new Set([...diff.missing, ...diff.differing]);
    await ctx.store.markAudited(mine.synced.filter((x) => !unconfirmed.has(x.id)).map((x) => x.id));
    const extra = diff.extra.filter((id) => !mine.unsynced.has(id)).length;
    results.push({
      day,
      local,
      server: summary,
      missing: diff.missing.length,
      differing: diff.differing.length,
      extra,
    });
  }
  const differing = results.reduce((n, r) => n + r.differing + r.extra, 0);
  return {
    kind: differing > 0 ? 'mismatch' : requeued > 0 ? 'repaired' : 'ok',
    at,
    days: results,
    sales: results.reduce((n, r) => n + r.local.count, 0),
    requeued,
    differing,
  };
}

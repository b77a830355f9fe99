import { MAX_PUSH_BATCH, Sale, type ErrorCode, type MutationResult } from '@kasir/protocol';
import { isoNow, type EngineContext } from '../engine/engine-context.ts';
import type { OutboxEntry, OutboxOutcome } from '../store/records.ts';
import { classifyApiError, classifyErrorCode, type ApiError } from '../transport/api-result.ts';

/** How a drain of the outbox ended. */
export type PushRun =
  | { readonly ok: true; readonly synced: number; readonly sales: number }
  | {
      readonly ok: false;
      readonly error: ApiError;
      /**
       * The server answered the batch (200) but asked for a mutation again later (a retryable
       * code, `error` carrying it): the drain stops for a backoff, yet the server is reachable.
       */
      readonly deferred: boolean;
      readonly synced: number;
      readonly sales: number;
    };

/** Turns one server result into the entry's new state (S3, S8, S9). */
export function outcomeOf(entry: OutboxEntry, result: MutationResult, at: string): OutboxOutcome {
  const isSale = entry.mutation.type === 'sale.create';
  switch (result.status) {
    case 'accepted':
    case 'duplicate': {
      const sale = Sale.safeParse(result.result);
      return {
        seq: entry.seq,
        attempted: true,
        state: { kind: 'synced', at, outcome: result.status },
        ...(isSale
          ? {
              sale: {
                id: entry.id,
                sync: { kind: 'synced', at, flags: sale.success ? sale.data.flags : [] },
              },
            }
          : {}),
      };
    }
    case 'conflict':
      return {
        seq: entry.seq,
        attempted: true,
        state: { kind: 'synced', at, outcome: 'conflict' },
        conflict: result.conflict,
      };
    case 'rejected':
      return failedOutcome(entry, result.code, result.message, at);
  }
}

/** Parks an entry as failed with the server's reason (S9); its sale shows the same reason. */
export function failedOutcome(
  entry: OutboxEntry,
  code: ErrorCode,
  message: string,
  at: string,
): OutboxOutcome {
  const failed = { code, message, at };
  return {
    seq: entry.seq,
    attempted: true,
    state: { kind: 'failed', ...failed },
    ...(entry.mutation.type === 'sale.create'
      ? { sale: { id: entry.id, sync: { kind: 'failed', ...failed } } }
      : {}),
  };
}

/** How often a drain shows its progress at most (ms): the pending count moves as it drains. */
export const PROGRESS_EVERY_MS = 500;

/**
 * Drains pending outbox entries in order, in batches (S2). An entry is marked synced only after
 * the server's result for it (S3). A per-mutation rejection parks only that entry (S9); a
 * whole-body 4xx splits the batch in halves until the offending mutation is alone, then parks it.
 * Network errors and 5xx put the batch back as pending and end the run for a backoff retry; one
 * mutation rejected with a retryable code waits as pending too (the one policy: classifyErrorCode).
 *
 * One push is in flight at a time, so the server applies a device's batches in order (requests on
 * separate connections may arrive in any order, and a refund or an edit needs what came before it).
 * But the next batch is sent as soon as a batch's answer is a good one, before that answer is
 * stored: storing it and showing the progress then overlap the server's work on the next batch
 * (B5). Should the device stop or fail meanwhile, the next batch's entries stay inflight and the
 * next run sends them again, which the server makes safe (S3).
 */
export async function pushOutbox(
  ctx: EngineContext,
  options: {
    batchSize?: number;
    /**
     * Progress for the app: after a batch, at most once per `progressEveryMs`, and once when the
     * outbox is drained. Given the outcomes stored since its last call, so the app can apply them
     * to what it holds instead of re-reading the outbox; without them (a parked entry) it re-reads.
     */
    onBatch?: (stored?: readonly OutboxOutcome[]) => Promise<void>;
    progressEveryMs?: number;
  } = {},
): Promise<PushRun> {
  let batchSize = Math.min(options.batchSize ?? MAX_PUSH_BATCH, MAX_PUSH_BATCH);
  // Re-reading the whole outbox after every batch of a 10,000-sale backlog was quadratic and made
  // the drain slower than the server (B5). So: at most once per `every`, and never more than a
  // fifth of the drain's time; the outcomes since the last call are handed over with it.
  const every = options.progressEveryMs ?? PROGRESS_EVERY_MS;
  let nextProgressAt = -Infinity;
  let unshown: OutboxOutcome[] = [];
  const progress = async (force: boolean): Promise<void> => {
    const start = ctx.clock.now();
    if ((!force && start < nextProgressAt) || unshown.length === 0) return;
    const stored = unshown;
    unshown = [];
    await options.onBatch?.(stored);
    const end = ctx.clock.now();
    nextProgressAt = end + Math.max(every, 4 * (end - start));
  };
  let synced = 0;
  let sales = 0;
  type Sent = { readonly batch: OutboxEntry[]; readonly answer: ReturnType<typeof ctx.api.push> };
  const send = async (): Promise<Sent | null> => {
    const batch = await ctx.store.listOutbox({ kinds: ['pending'], limit: batchSize });
    if (batch.length === 0) return null;
    await ctx.store.markInflight(
      batch.map((e) => e.seq),
      isoNow(ctx.clock),
    );
    return { batch, answer: ctx.api.push(batch.map((e) => e.mutation)) };
  };
  // Runs never overlap, so anything still inflight was left by a run that failed mid-way
  // (storage error, crash): send it again, the server makes that safe (S3).
  await ctx.store.recoverInflight();
  let next: Sent | null = null;
  try {
    for (;;) {
      const current: Sent | null = next ?? (await send());
      next = null;
      if (current === null) {
        await progress(true);
        return { ok: true, synced, sales };
      }
      const { batch } = current;
      const res = await current.answer;
      const back = (attempted: boolean): OutboxOutcome[] =>
        batch.map((e) => ({ seq: e.seq, attempted, state: { kind: 'pending' } }));
      if (!res.ok) {
        const cls = classifyApiError(res.error);
        if (cls === 'permanent' && res.error.kind === 'http') {
          if (batch.length > 1) {
            await ctx.store.completePush(back(false));
            batchSize = Math.max(1, Math.floor(batch.length / 2));
            continue;
          }
          const only = batch[0]!;
          const { code, message } = res.error;
          await ctx.store.completePush([failedOutcome(only, code, message, isoNow(ctx.clock))]);
          ctx.logger.warn('mutation parked', { id: only.id, code });
          // Parked: the app re-reads (its failed list), with whatever it was not shown yet.
          unshown = [];
          await options.onBatch?.();
          continue;
        }
        await ctx.store.completePush(back(true));
        await progress(true);
        return { ok: false, error: res.error, deferred: false, synced, sales };
      }
      const results = res.value.results;
      if (results.length !== batch.length || results.some((r, i) => r.id !== batch[i]!.id)) {
        await ctx.store.completePush(back(true));
        await progress(true);
        return {
          ok: false,
          error: { kind: 'invalid_response', status: 200, message: 'push results do not match the batch' },
          deferred: false,
          synced,
          sales,
        };
      }
      const done = isoNow(ctx.clock);
      const deferred = (r: MutationResult): r is Extract<MutationResult, { status: 'rejected' }> =>
        r.status === 'rejected' && classifyErrorCode(r.code) === 'retryable';
      const retryLater = results.find(deferred) ?? null;
      const outcomes = batch.map((entry, i): OutboxOutcome => {
        const r = results[i]!;
        if (deferred(r)) return { seq: entry.seq, attempted: true, state: { kind: 'pending' } };
        return outcomeOf(entry, r, done);
      });
      // A deferred mutation is retried first, after a backoff: nothing behind it is sent before.
      if (retryLater === null) next = await send();
      await ctx.store.completePush(outcomes);
      unshown.push(...outcomes);
      const batchSales = outcomes.filter(
        (o, i) => o.state.kind === 'synced' && batch[i]!.mutation.type === 'sale.create',
      ).length;
      synced += outcomes.filter((o) => o.state.kind === 'synced').length;
      sales += batchSales;
      if (batchSales > 0) ctx.events.emit('salesSynced', batchSales);
      if (retryLater !== null) {
        await progress(true);
        // The HTTP status is the answer's own: the server took the request, only not all of it.
        return {
          ok: false,
          error: { kind: 'http', status: 200, code: retryLater.code, message: retryLater.message },
          deferred: true,
          synced,
          sales,
        };
      }
      await progress(false);
    }
  } finally {
    // Left by a throw (a storage error): its answer is not stored and its entries stay inflight
    // until the next run sends them again (S3); the run ends only once the request did.
    if (next !== null) await next.answer.catch(() => undefined);
  }
}

import { createHash } from 'node:crypto';
import type { ConflictRecord } from '@kasir/protocol';
import type { Selectable, Transaction } from 'kysely';
import type { Statement } from '../db/execute-together.ts';
import { retryOnUniqueViolation } from '../db/db-errors.ts';
import type { Database, MutationTable } from '../db/schema.ts';
import type { Handled } from './mutation-handler.ts';
import { rejected, type FirstOutcome, type Outcome, type Rejected } from './outcome.ts';
import { chunks, readInChunks } from '../db/chunks.ts';
import { expandCompacted } from '../retention/compacted-outcomes.ts';

/** Serializes a JSON value with sorted keys, so equal payloads hash equal whatever their key order. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

export function payloadHash(payload: unknown): string {
  return createHash('sha256').update(canonicalJson(payload)).digest('hex');
}

/** Runs work in a transaction (a plain one, or a shared one of the group committer). */
export type InTransaction = <T>(work: (trx: Transaction<Database>) => Promise<T>) => Promise<T>;

/** A stored mutation outcome, as read back from the `mutations` table. */
export type StoredMutation = Pick<
  Selectable<MutationTable>,
  'deviceId' | 'payloadHash' | 'status' | 'response'
>;

export interface MutationKey {
  readonly id: string;
  readonly deviceId: string;
  readonly type: string;
  readonly hash: string;
}

/** The same mutation id again with another payload, or from another device (S3). */
export const IDEMPOTENCY_MISMATCH: Rejected = rejected(
  'idempotency_conflict',
  'this mutation id was already used with a different payload',
);

/**
 * S3 for an id seen before: the same payload from the same device replays the stored outcome
 * verbatim (an accepted one as `duplicate`, a conflict as the same conflict); anything else is a
 * mismatch, which reveals nothing of the stored one.
 *
 * Rows of every server version read alike: `status` is 'accepted' or 'conflict' and `response` the
 * JSON of the result or conflict record (rejections were never stored). Rows written before
 * migration 0006 also had `http_status`; it only ever said 201 or 200 and a replay was always 200,
 * so it carried nothing the outcome does not.
 */
export function replayOrMismatch<R = unknown>(
  prior: StoredMutation,
  key: { readonly hash: string; readonly deviceId: string },
): Outcome<R> {
  if (prior.payloadHash !== key.hash || prior.deviceId !== key.deviceId) return IDEMPOTENCY_MISMATCH;
  switch (prior.status) {
    case 'accepted':
      // Written by this log from the handler's result of this mutation type.
      return { status: 'duplicate', result: JSON.parse(prior.response) as R };
    case 'conflict':
      return { status: 'conflict', conflict: JSON.parse(prior.response) as ConflictRecord };
    default:
      throw new Error(`mutation log: unknown stored status ${prior.status}`);
  }
}

/**
 * The stored outcomes of the given mutation ids (those seen before), for a batch. An outcome that
 * retention compacted comes back as the accepted outcome it was (retention/compacted-outcomes.ts).
 */
export async function storedMutations(
  trx: Transaction<Database>,
  ids: readonly string[],
): Promise<Map<string, StoredMutation>> {
  const rows = await readInChunks(ids, (chunk) =>
    trx
      .selectFrom('mutations')
      .select(['id', 'type', 'deviceId', 'payloadHash', 'status', 'response'])
      .where('id', 'in', chunk)
      .execute(),
  );
  const stored = await expandCompacted(trx, rows);
  return new Map(stored.map((r) => [r.id, r]));
}

/** An outcome the log keeps: a rejection changed nothing, so it is never stored. */
export type Recordable<R = unknown> = Exclude<FirstOutcome<R>, Rejected>;

/**
 * Stores outcomes in the caller's transaction, with the effects they describe (S3): the result of
 * an accepted mutation, or its conflict record, as JSON replayed verbatim by `replayOrMismatch`.
 */
export async function recordOutcomes(
  trx: Transaction<Database>,
  entries: readonly { readonly key: MutationKey; readonly outcome: Recordable }[],
  now: string,
): Promise<void> {
  for (const insert of outcomeInserts(trx, entries, now)) await insert.execute();
}

/** `recordOutcomes`' statements, unrun, for a caller that runs them with its other writes. */
export function outcomeInserts(
  trx: Transaction<Database>,
  entries: readonly { readonly key: MutationKey; readonly outcome: Recordable }[],
  now: string,
): Statement[] {
  return chunks(entries).map((chunk) =>
    trx.insertInto('mutations').values(
      chunk.map(({ key, outcome }) => ({
        id: key.id,
        deviceId: key.deviceId,
        type: key.type,
        payloadHash: key.hash,
        status: outcome.status,
        response: JSON.stringify(outcome.status === 'accepted' ? outcome.result : outcome.conflict),
        createdAt: now,
      })),
    ),
  );
}

/**
 * Applies a mutation at most once (S3). The stored outcome is written in the same transaction as
 * the mutation's effects, so either both exist or neither. A second request with the same id gets
 * the stored outcome; with another payload (or from another device) it is a mismatch.
 * Two concurrent first attempts: one commits, the other fails on a unique key (the mutation row or
 * the entity's own key), rolls back all its effects, and on retry finds the stored outcome.
 * `apply` returns the outcome plus the feed entries to poke devices with after commit.
 */
export async function applyOnce(
  inTransaction: InTransaction,
  key: MutationKey,
  apply: (trx: Transaction<Database>) => Promise<Handled<unknown, FirstOutcome>>,
  now: string,
): Promise<Handled> {
  return retryOnUniqueViolation(() =>
    inTransaction(async (trx): Promise<Handled> => {
      const [existing] = (await storedMutations(trx, [key.id])).values();
      if (existing !== undefined) return { outcome: replayOrMismatch(existing, key), changes: [] };
      const handled = await apply(trx);
      const { outcome } = handled;
      // A rejection changed nothing, so nothing is stored: the same mutation may be sent again
      // once what it lacked exists (e.g. a product created on another device).
      if (outcome.status !== 'rejected') await recordOutcomes(trx, [{ key, outcome }], now);
      return handled;
    }),
  );
}

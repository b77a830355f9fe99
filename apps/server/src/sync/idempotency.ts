import { createHash } from 'node:crypto';
import type { Selectable, Transaction } from 'kysely';
import { retryOnUniqueViolation } from '../db/db-errors.ts';
import type { Database, MutationTable } from '../db/schema.ts';

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

/** What applying a mutation produced, to store and to replay verbatim. */
export interface StoredOutcome {
  readonly status: 'accepted' | 'conflict' | 'rejected';
  readonly httpStatus: number;
  readonly body: unknown;
}

export type IdempotentResult<A> =
  | { readonly kind: 'applied'; readonly outcome: StoredOutcome; readonly after: A }
  | { readonly kind: 'replayed'; readonly outcome: StoredOutcome }
  | { readonly kind: 'mismatch' };

/** A stored mutation outcome, as read back from the `mutations` table. */
export type StoredMutation = Pick<
  Selectable<MutationTable>,
  'deviceId' | 'payloadHash' | 'status' | 'httpStatus' | 'response'
>;

/**
 * S3 for an id seen before: the same payload from the same device replays the stored outcome
 * verbatim; anything else is a mismatch (409), and reveals nothing of the stored one.
 */
export function replayOrMismatch(
  prior: StoredMutation,
  key: { readonly hash: string; readonly deviceId: string },
): IdempotentResult<never> {
  if (prior.payloadHash !== key.hash || prior.deviceId !== key.deviceId) return { kind: 'mismatch' };
  return {
    kind: 'replayed',
    outcome: {
      status: prior.status as StoredOutcome['status'],
      httpStatus: prior.httpStatus,
      body: JSON.parse(prior.response) as unknown,
    },
  };
}

export interface MutationKey {
  readonly id: string;
  readonly deviceId: string;
  readonly type: string;
  readonly hash: string;
}

/**
 * Applies a mutation at most once (S3). The stored outcome is written in the same transaction as
 * the mutation's effects, so either both exist or neither. A second request with the same id gets
 * the stored outcome; with another payload (or from another device) it is a mismatch (409).
 * Two concurrent first attempts: one commits, the other fails on a unique key (the mutation row or
 * the entity's own key), rolls back all its effects, and on retry finds the stored outcome.
 * `apply` returns the outcome plus anything to do after commit (`after`, e.g. realtime pokes).
 */
export async function applyOnce<A>(
  inTransaction: InTransaction,
  key: MutationKey,
  apply: (trx: Transaction<Database>) => Promise<{ outcome: StoredOutcome; after: A }>,
  now: () => string,
): Promise<IdempotentResult<A>> {
  return retryOnUniqueViolation(() =>
    inTransaction(async (trx): Promise<IdempotentResult<A>> => {
      const existing = await trx
        .selectFrom('mutations')
        .select(['deviceId', 'payloadHash', 'status', 'httpStatus', 'response'])
        .where('id', '=', key.id)
        .executeTakeFirst();
      if (existing !== undefined) return replayOrMismatch(existing, key);
      const { outcome, after } = await apply(trx);
      // A rejection changed nothing, so nothing is stored: the same mutation may be sent again
      // once what it lacked exists (e.g. a product created on another device).
      if (outcome.status === 'rejected') return { kind: 'applied', outcome, after } as const;
      await trx
        .insertInto('mutations')
        .values({
          id: key.id,
          deviceId: key.deviceId,
          type: key.type,
          payloadHash: key.hash,
          status: outcome.status,
          httpStatus: outcome.httpStatus,
          response: JSON.stringify(outcome.body),
          createdAt: now(),
        })
        .execute();
      return { kind: 'applied', outcome, after } as const;
    }),
  );
}

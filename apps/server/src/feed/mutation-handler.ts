import type { Mutation, MutationType } from '@kasir/protocol';
import type { Transaction } from 'kysely';
import type { DevicePrincipal } from '../auth/principal.ts';
import type { GroupCommitter, LockAnswer } from '../db/group-commit.ts';
import type { Database } from '../db/schema.ts';
import type { Positioned } from './feed.ts';
import type { FirstOutcome, Outcome, Rejected } from './outcome.ts';

/** The payload of one mutation type, as its zod schema in protocol `sync/mutation.ts` parses it. */
export type PayloadOf<T extends MutationType> = Extract<Mutation, { type: T }>['payload'];

/** What handling a mutation gave: its outcome, and the feed entries to poke devices with after commit (S6). */
export interface Handled<R = unknown, O extends Outcome<R> = Outcome<R>> {
  readonly outcome: O;
  readonly changes: readonly Positioned[];
}

/** The mutation being applied, beside its payload. */
export interface MutationContext {
  readonly who: DevicePrincipal;
  /** The mutation id (a UUIDv7 made on the device): the idempotency key (S3). */
  readonly mutationId: string;
  readonly now: string;
}

/**
 * A handler applied one mutation at a time, inside the branch's shared transaction (group commit)
 * and a savepoint of its own. The dispatcher runs it at most once per mutation id: it looks the id
 * up in the mutation log first and stores the outcome with the handler's writes (S3).
 */
export interface SingleHandler<P, R = unknown> {
  readonly kind: 'single';
  /** A refusal that needs no database, checked before the mutation log (nothing is stored). */
  check?(mutationId: string, payload: P): Rejected | undefined;
  apply(trx: Transaction<Database>, ctx: MutationContext, payload: P): Promise<Handled<R, FirstOutcome<R>>>;
}

/** One mutation handed to a bulk handler. */
export interface BulkJob<P> extends MutationContext {
  readonly payload: P;
  /** sha256 of the canonical payload (idempotency.ts). */
  readonly hash: string;
}

/**
 * A handler applied to every queued mutation of its type at once, with a fixed number of
 * statements per batch rather than per mutation (the sale path). It keeps S3 itself, with the
 * mutation log's bulk reader and writer (idempotency.ts), and answers every job in order. It may
 * read first, but calls `lock` (the branch's feed counter lock, db/group-commit.ts) before its
 * first write, so every writer of a branch takes that lock before any row lock. The first call
 * answers the feed counter's position at the lock (or undefined: ask the counter, `recordChanges`).
 */
export interface BulkHandler<P, R = unknown> {
  readonly kind: 'bulk';
  check?(mutationId: string, payload: P): Rejected | undefined;
  applyAll(
    trx: Transaction<Database>,
    jobs: readonly BulkJob<P>[],
    lock: () => Promise<LockAnswer>,
  ): Promise<Handled<R>[]>;
}

export type MutationHandler<P, R = unknown> = SingleHandler<P, R> | BulkHandler<P, R>;

/** A bulk job tagged with its mutation type, as queued in the group committer. */
export interface TypedBulkJob {
  readonly type: MutationType;
  readonly job: BulkJob<PayloadOf<MutationType>>;
}

/** The device write path: group commits per branch, bulk handlers' jobs batched together. */
/** The branch writes; a device's write carries its principal when its token still needs a check. */
export type Writes = GroupCommitter<TypedBulkJob, Handled, DevicePrincipal>;

/** Applies one validated mutation exactly once (S3); what route modules are given (sync/apply-mutation.ts). */
export type ApplyMutation = (who: DevicePrincipal, m: Mutation, now: string) => Promise<Handled>;

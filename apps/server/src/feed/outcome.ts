import type { ConflictRecord, ErrorCode } from '@kasir/protocol';

/** A mutation permanently refused with a code (S9): nothing was written and nothing is stored. */
export interface Rejected {
  readonly status: 'rejected';
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: unknown;
}

/**
 * What applying one mutation gave, as a value: the wire's `MutationResult` (protocol
 * `sync/push.ts`) without its id.
 * - accepted: applied now, `result` is the entity as stored;
 * - duplicate: applied before, `result` is the stored one, replayed (S3);
 * - conflict: a stale edit kept as a conflict record for a person to resolve (S8);
 * - rejected: refused with a code (S9).
 *
 * Handlers and the mutation log speak only this; HTTP statuses and the error envelope are made
 * from it at the route edge (`http/outcome-reply.ts`), nowhere else.
 */
export type Outcome<R = unknown> =
  | { readonly status: 'accepted'; readonly result: R }
  | { readonly status: 'duplicate'; readonly result: R }
  | { readonly status: 'conflict'; readonly conflict: ConflictRecord }
  | Rejected;

/** The outcome of a mutation applied for the first time: a handler never answers `duplicate`. */
export type FirstOutcome<R = unknown> = Exclude<Outcome<R>, { readonly status: 'duplicate' }>;

export const accepted = <R>(result: R): FirstOutcome<R> => ({ status: 'accepted', result });

export const conflicted = (conflict: ConflictRecord): FirstOutcome<never> => ({
  status: 'conflict',
  conflict,
});

export function rejected(code: ErrorCode, message: string, details?: unknown): Rejected {
  return details === undefined
    ? { status: 'rejected', code, message }
    : { status: 'rejected', code, message, details };
}

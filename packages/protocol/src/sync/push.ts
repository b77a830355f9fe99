import { z } from 'zod';
import { ERROR_CODES } from '../errors/error-code.ts';
import { Uuid } from '../ids.ts';
import { MAX_PUSH_BATCH } from './mutation.ts';

/**
 * `POST /api/sync/push`. Mutations are validated one by one (not as a whole body) so that one bad
 * mutation is rejected alone and never blocks the others (S9).
 */
export const PushBody = z.strictObject({
  mutations: z.array(z.unknown()).min(1).max(MAX_PUSH_BATCH),
});
export type PushBody = z.infer<typeof PushBody>;

/**
 * The outcome of one mutation, as a value:
 * - accepted: applied now; duplicate: applied before, `result` is the stored one (S3);
 * - conflict: a stale edit kept as a conflict record for a person to resolve (S8);
 * - rejected: permanently refused with a code (S9); the client parks it.
 */
export const MutationResult = z.discriminatedUnion('status', [
  z.object({ id: z.string(), status: z.literal('accepted'), result: z.unknown() }),
  z.object({ id: z.string(), status: z.literal('duplicate'), result: z.unknown() }),
  z.object({ id: z.string(), status: z.literal('conflict'), conflict: z.lazy(() => ConflictRecord) }),
  z.object({
    id: z.string(),
    status: z.literal('rejected'),
    code: z.enum(ERROR_CODES),
    message: z.string(),
    details: z.unknown().optional(),
  }),
]);
export type MutationResult = z.infer<typeof MutationResult>;

export const PushResponse = z.object({ results: z.array(MutationResult) });
export type PushResponse = z.infer<typeof PushResponse>;

/**
 * An edit kept for a person to resolve instead of applied:
 * - `stale` (S8): made on an older version; both versions are kept (keep mine / take server);
 * - `needs_approval`: a price or tax change from a device without the `catalog.price` permission
 *   (admin/admin.ts), waiting for the back office.
 */
export const ConflictReason = z.enum(['stale', 'needs_approval']);
export type ConflictReason = z.infer<typeof ConflictReason>;

/** A stale edit with both versions, resolved by a person: keep mine or take the server's (S8). */
export const ConflictRecord = z.object({
  id: Uuid,
  mutationId: Uuid,
  kind: z.enum(['product', 'stock']),
  entityId: Uuid,
  baseVersion: z.number().int(),
  serverVersion: z.number().int(),
  mine: z.record(z.string(), z.unknown()),
  server: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  /** Absent on records made before reasons existed: those are all `stale`. */
  reason: ConflictReason.optional(),
});
export type ConflictRecord = z.infer<typeof ConflictRecord>;

import type { Mutation, MutationType } from '@kasir/protocol';
import type { Transaction } from 'kysely';
import type { DevicePrincipal } from '../auth/principal.ts';
import { refusedPrincipals } from '../auth/verify-principals.ts';
import { retryOnUniqueViolation } from '../db/db-errors.ts';
import { GroupCommitter, type LockAnswer } from '../db/group-commit.ts';
import type { Db } from '../db/open-database.ts';
import type { Database } from '../db/schema.ts';
import { branchScope, lockScope } from '../feed/feed.ts';
import { applyOnce, payloadHash } from '../feed/idempotency.ts';
import type {
  ApplyMutation,
  Handled,
  MutationHandler,
  PayloadOf,
  TypedBulkJob,
  Writes,
} from '../feed/mutation-handler.ts';
import { mutationHandlers, type MutationHandlers } from './mutation-registry.ts';

/**
 * The server's branch writes: one group committer (transactions shared per branch, each taking
 * the branch's feed counter lock before its first write), whose bulk runs go to the registry's
 * bulk handlers.
 */
export function createWrites(db: Db, handlers: MutationHandlers = mutationHandlers): Writes {
  return new GroupCommitter(db, {
    bulk: (trx, items, lock) => applyBulk(handlers, trx, items, lock),
    lock: (trx, branchId) => lockScope(trx, branchScope(branchId)),
    admit: (trx, principals) => refusedPrincipals(db, trx, principals),
  });
}

/** The device write path over `writes`, dispatching each mutation to its handler in the registry. */
export function createMutationApplier(
  writes: Writes,
  handlers: MutationHandlers = mutationHandlers,
): ApplyMutation {
  return (who, m, now) => applyMutation(writes, handlers, who, m, now);
}

/**
 * Applies one validated mutation exactly once (S3), in a savepoint of its own inside a group
 * commit, so one bad mutation never undoes or blocks the others (S9).
 */
export async function applyMutation(
  writes: Writes,
  handlers: MutationHandlers,
  who: DevicePrincipal,
  m: Mutation,
  now: string,
): Promise<Handled> {
  const handler = handlerOf(handlers, m.type);
  const refused = handler.check?.(m.id, m.payload);
  if (refused !== undefined) return { outcome: refused, changes: [] };
  const hash = payloadHash(m.payload);
  // A token from an unchecked cache is checked in the group's transaction (auth/verify-principals.ts).
  const ticket = who.unchecked === undefined ? undefined : who;
  if (handler.kind === 'bulk') {
    // Two first attempts racing in different processes: one commits, the other's batch fails on
    // the unique key and is retried, and then finds the stored outcome (S3).
    const job = { who, mutationId: m.id, payload: m.payload, hash, now };
    return retryOnUniqueViolation(() => writes.bulk(who.branchId, { type: m.type, job }, ticket));
  }
  return applyOnce(
    (work) => writes.run(who.branchId, work, ticket),
    { id: m.id, deviceId: who.deviceId, type: m.type, hash },
    (trx) => handler.apply(trx, { who, mutationId: m.id, now }, m.payload),
    now,
  );
}

/** The bulk run of a group commit: consecutive jobs of one type go to their handler together. */
async function applyBulk(
  handlers: MutationHandlers,
  trx: Transaction<Database>,
  items: readonly TypedBulkJob[],
  lock: () => Promise<LockAnswer>,
): Promise<Handled[]> {
  const out: Handled[] = [];
  for (let i = 0; i < items.length;) {
    const type = items[i]!.type;
    let j = i + 1;
    while (j < items.length && items[j]!.type === type) j++;
    const handler = handlerOf(handlers, type);
    if (handler.kind !== 'bulk') throw new Error(`applyBulk: ${type} has no bulk handler`);
    out.push(
      ...(await handler.applyAll(
        trx,
        items.slice(i, j).map((x) => x.job),
        lock,
      )),
    );
    i = j;
  }
  return out;
}

/**
 * The handler of a type, over any payload: TypeScript cannot tie `handlers[m.type]` to `m.payload`
 * through the union; the registry's type ties each handler to its own payload.
 */
function handlerOf(handlers: MutationHandlers, type: MutationType): MutationHandler<PayloadOf<MutationType>> {
  return handlers[type];
}

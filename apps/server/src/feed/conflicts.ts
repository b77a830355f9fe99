import type { ConflictRecord } from '@kasir/protocol';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { DevicePrincipal } from '../auth/principal.ts';

/** Stores a stale edit with both versions (S8), for a person to resolve. */
export async function insertConflict(
  trx: Transaction<Database>,
  who: DevicePrincipal,
  c: ConflictRecord,
): Promise<void> {
  await trx
    .insertInto('conflicts')
    .values({
      id: c.id,
      mutationId: c.mutationId,
      deviceId: who.deviceId,
      branchId: who.branchId,
      kind: c.kind,
      entityId: c.entityId,
      baseVersion: c.baseVersion,
      serverVersion: c.serverVersion,
      mine: JSON.stringify(c.mine),
      server: JSON.stringify(c.server),
      createdAt: c.createdAt,
      resolvedAt: null,
    })
    .execute();
}

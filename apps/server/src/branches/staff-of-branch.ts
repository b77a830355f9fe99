import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * The ids among `ids` that are no staff member of `branchId` (issue 13). Sales and refunds record
 * who acted; money already moved, so an unknown person is flagged `unknown_staff`, never refused.
 */
export async function notStaffOfBranch(
  db: Kysely<Database> | Transaction<Database>,
  branchId: string,
  ids: readonly (string | null | undefined)[],
): Promise<Set<string>> {
  const wanted = [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
  if (wanted.length === 0) return new Set();
  const known = await db
    .selectFrom('staffBranches')
    .select('staffId')
    .where('branchId', '=', branchId)
    .where('staffId', 'in', wanted)
    .execute();
  const ok = new Set(known.map((r) => r.staffId));
  return new Set(wanted.filter((id) => !ok.has(id)));
}

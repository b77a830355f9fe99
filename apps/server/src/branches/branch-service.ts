import { newId, type Branch } from '@kasir/protocol';
import type { Db } from '../db/open-database.ts';
import { isUniqueViolation } from '../db/db-errors.ts';
import { branchScope, createScope } from '../feed/feed.ts';

export type CreateBranchResult = { ok: true; branch: Branch } | { ok: false; reason: 'code_taken' };

/** Creates a branch with its own feed scope (`branch:<id>`), in one transaction. */
export async function createBranch(
  db: Db,
  code: string,
  name: string,
  now: string,
): Promise<CreateBranchResult> {
  const branch = { id: newId(), code, name };
  try {
    await db.kysely.transaction().execute(async (trx) => {
      await trx
        .insertInto('branches')
        .values({ ...branch, createdAt: now })
        .execute();
      await createScope(trx, branchScope(branch.id));
    });
  } catch (e) {
    if (isUniqueViolation(e)) return { ok: false, reason: 'code_taken' };
    throw e;
  }
  return { ok: true, branch };
}

export async function listBranches(db: Db): Promise<Branch[]> {
  return db.reader.selectFrom('branches').select(['id', 'code', 'name']).orderBy('code').execute();
}

export async function findBranch(db: Db, id: string): Promise<Branch | undefined> {
  return db.reader
    .selectFrom('branches')
    .select(['id', 'code', 'name'])
    .where('id', '=', id)
    .executeTakeFirst();
}

import { sql, type Kysely, type Transaction } from 'kysely';
import type { Engine } from '../db/open-database.ts';
import type { Database } from '../db/schema.ts';

/** How far the sweep `name` has got; `''` before its first batch. */
export async function readMark(db: Kysely<Database>, name: string): Promise<string> {
  const row = await db
    .selectFrom('retentionMarks')
    .select('mark')
    .where('name', '=', name)
    .executeTakeFirst();
  return row?.mark ?? '';
}

/** Moves the sweep `name` on to `mark`, in the batch's transaction. */
export async function writeMark(trx: Transaction<Database>, name: string, mark: string): Promise<void> {
  await trx
    .insertInto('retentionMarks')
    .values({ name, mark })
    .onConflict((oc) => oc.column('name').doUpdateSet({ mark }))
    .execute();
}

/** The PostgreSQL advisory lock class of retention batches ("kasr"); the sweep's name is the key. */
const RETENTION_LOCK = 0x6b617372;

/** A 32-bit key for the sweep `name` (FNV-1a): one advisory lock per sweep, not one for all. */
function sweepKey(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h | 0;
}

/**
 * Whether this batch of the sweep `name` may run: on PostgreSQL, only one process's batch of a
 * sweep at a time (a transaction-scoped advisory lock, released at commit; another process finds it
 * taken and ends that sweep, which the holder carries to its end). One lock per sweep: with one
 * lock for all, a process busy on the feed would end another's outcome sweep that nobody then
 * finishes. Not needed for correctness (every batch is idempotent: a compaction only rewrites an
 * `accepted` row, a deletion of a deleted row deletes nothing) but it saves doing the work twice.
 * SQLite has one writer at a time anyway.
 */
export async function tryRetentionLock(
  trx: Transaction<Database>,
  engine: Engine,
  name: string,
): Promise<boolean> {
  if (engine === 'sqlite') return true;
  const { rows } = await sql<{
    ok: boolean;
  }>`select pg_try_advisory_xact_lock(${RETENTION_LOCK}, ${sweepKey(name)}) as ok`.execute(trx);
  return rows[0]?.ok === true;
}

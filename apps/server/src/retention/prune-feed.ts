import type { Db } from '../db/open-database.ts';
import type { BatchResult } from './compact-mutations.ts';
import { readMark, tryRetentionLock, writeMark } from './retention-marks.ts';

/** The retention mark of a scope's feed sweep: the last position handled. */
export const feedMark = (scope: string): string => `changes:${scope}`;

/**
 * One batch of a branch feed's sweep: deletes the `sale` rows of sales received before `cutoff`,
 * walking the scope's feed in position order from where the last batch stopped, at most `limit`
 * rows, and stopping at the first sale received since.
 *
 * Why a device never silently misses data: the feed keeps only the newest row per entity (feed.ts),
 * and this deletes no row but old sale summaries, which a pull leaves out anyway for any sales
 * window up to the feed retention (sync/branch-page.ts): a device catching up from any cursor gets
 * what a fresh device gets. Products, stock, settings, staff, refunds, transfers and stocktakes
 * keep their newest row for ever. A device asking for a window longer than the feed retention
 * gets only the retained days, like a fresh device would.
 */
export async function pruneFeedSales(
  db: Db,
  scope: string,
  cutoff: string,
  limit: number,
): Promise<BatchResult> {
  const name = feedMark(scope);
  // Read on the reader; the writer is held only for the delete. A row read here is deleted by its
  // position: a row that moved on since (a newer change of the entity) is not there any more.
  const from = Number((await readMark(db.reader, name)) || 0);
  const rows = await db.reader
    .selectFrom('changes')
    .leftJoin('sales', (j) => j.onRef('sales.id', '=', 'changes.entityId').on('changes.kind', '=', 'sale'))
    .select(['changes.seq as seq', 'changes.kind as kind', 'sales.receivedAt as receivedAt'])
    .where('changes.scope', '=', scope)
    .where('changes.seq', '>', from)
    .orderBy('changes.seq')
    .limit(limit)
    .execute();
  const old: number[] = [];
  let last = from;
  let reachedRecent = false;
  for (const r of rows) {
    if (r.kind === 'sale' && r.receivedAt !== null) {
      if (r.receivedAt >= cutoff) {
        reachedRecent = true;
        break;
      }
      old.push(Number(r.seq));
    }
    last = Number(r.seq);
  }
  if (last === from) return { done: 0, kept: 0, more: false };
  return db.kysely.transaction().execute(async (trx) => {
    if (!(await tryRetentionLock(trx, db.engine, name))) return { done: 0, kept: 0, more: false };
    let done = 0;
    if (old.length > 0) {
      const res = await trx
        .deleteFrom('changes')
        .where('scope', '=', scope)
        .where('kind', '=', 'sale')
        .where('seq', 'in', old)
        .executeTakeFirst();
      done = Number(res.numDeletedRows);
    }
    await writeMark(trx, name, String(last));
    return { done, kept: rows.length - old.length, more: !reachedRecent && rows.length === limit };
  });
}

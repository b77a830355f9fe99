import { sql } from 'kysely';
import type { Db } from '../db/open-database.ts';
import { compactSale, readSaleFacts } from './compact-sale.ts';
import { COMPACTED } from './compacted-outcomes.ts';
import { readMark, tryRetentionLock, writeMark } from './retention-marks.ts';

/** The retention mark of the sale outcome sweep: the last sale handled, as `<soldAt> <id>`. */
export const SALE_OUTCOMES_MARK = 'mutations:sale.create';

/** What one batch of a sweep did. */
export interface BatchResult {
  /** Rows changed: outcomes compacted, or feed rows deleted. */
  readonly done: number;
  /** Rows looked at and left as they are. */
  readonly kept: number;
  /** Whether the sweep has more to look at now. */
  readonly more: boolean;
}

/**
 * One batch of the sale outcome sweep: the next `limit` sales (in the order they were sold, from
 * where the last batch stopped) sold before `cutoff` get their stored `sale.create` outcome
 * compacted (compact-sale.ts). The mutation row stays, with its id, device and payload hash, so a
 * replay is still recognised (S3) and answered from the sale's rows exactly as the first time; an
 * outcome that would not come back byte for byte stays whole.
 *
 * Walks `sales` by its (sold_at, id) index from a mark, so a batch reads only rows not yet handled.
 * A sale that arrives after the mark passed its sale time (a till offline longer than the
 * retention) stays whole: correct, only not smaller.
 */
export async function compactSaleOutcomes(db: Db, cutoff: string, limit: number): Promise<BatchResult> {
  // Read on the reader: old sales and accepted outcomes never change, so the writer (and on SQLite
  // every sale waiting for it) is held only for the one update below.
  const [markAt = '', markId = ''] = (await readMark(db.reader, SALE_OUTCOMES_MARK)).split(' ');
  const rows = await db.reader
    .selectFrom('sales')
    .innerJoin('mutations', 'mutations.id', 'sales.id')
    .select([
      'sales.id as id',
      'sales.soldAt as soldAt',
      'mutations.type as type',
      'mutations.status as status',
      'mutations.response as response',
    ])
    .where('sales.soldAt', '<', cutoff)
    .where(sql<boolean>`(sales.sold_at, sales.id) > (${markAt}, ${markId})`)
    .orderBy('sales.soldAt')
    .orderBy('sales.id')
    .limit(limit)
    .execute();
  const last = rows.at(-1);
  if (last === undefined) return { done: 0, kept: 0, more: false };
  const candidates = rows.filter((r) => r.type === 'sale.create' && r.status === 'accepted');
  const facts = await readSaleFacts(
    db.reader,
    candidates.map((r) => r.id),
  );
  const updates = candidates.flatMap((r) => {
    const f = facts.get(r.id);
    const response = f === undefined ? undefined : compactSale(r.response, f);
    return response === undefined ? [] : [{ id: r.id, response }];
  });
  return db.kysely.transaction().execute(async (trx) => {
    if (!(await tryRetentionLock(trx, db.engine, SALE_OUTCOMES_MARK)))
      return { done: 0, kept: 0, more: false };
    let done = 0;
    if (updates.length > 0) {
      // One statement for the batch; only rows still accepted (another process may have been first).
      const values = sql.join(updates.map((u) => sql`(${u.id}, ${u.response})`));
      const res = await sql`with v (id, response) as (values ${values})
        update mutations set status = ${COMPACTED}, response = v.response from v
        where mutations.id = v.id and mutations.status = 'accepted'`.execute(trx);
      done = Number(res.numAffectedRows ?? 0);
    }
    await writeMark(trx, SALE_OUTCOMES_MARK, `${last.soldAt ?? ''} ${last.id}`);
    return { done, kept: rows.length - done, more: rows.length === limit };
  });
}

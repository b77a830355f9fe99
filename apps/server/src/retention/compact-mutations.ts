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
  return db.kysely.transaction().execute(async (trx) => {
    if (!(await tryRetentionLock(trx, db.engine))) return { done: 0, kept: 0, more: false };
    const mark = await readMark(trx, SALE_OUTCOMES_MARK);
    const [markAt = '', markId = ''] = mark.split(' ');
    const rows = await trx
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
    const candidates = rows.filter((r) => r.type === 'sale.create' && r.status === 'accepted');
    const facts = await readSaleFacts(
      trx,
      candidates.map((r) => r.id),
    );
    let done = 0;
    for (const r of candidates) {
      const f = facts.get(r.id);
      const compact = f === undefined ? undefined : compactSale(r.response, f);
      if (compact === undefined) continue;
      // Only an accepted row: another process's batch may have compacted it meanwhile.
      const res = await trx
        .updateTable('mutations')
        .set({ status: COMPACTED, response: compact })
        .where('id', '=', r.id)
        .where('status', '=', 'accepted')
        .executeTakeFirst();
      done += Number(res.numUpdatedRows);
    }
    const last = rows.at(-1);
    if (last !== undefined) await writeMark(trx, SALE_OUTCOMES_MARK, `${last.soldAt ?? ''} ${last.id}`);
    return { done, kept: rows.length - done, more: rows.length === limit };
  });
}

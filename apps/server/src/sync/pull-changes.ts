import { encodeCursor, type Cursor } from '@kasir/protocol';
import type { Db } from '../db/open-database.ts';
import { CATALOG_SCOPE } from '../feed/feed.ts';
import { readBranchPage } from './branch-page.ts';

/**
 * One keyset page of a device's feed: the shared catalog first, then its branch (S13: nothing of
 * another branch). Returned as ready-made JSON text: payloads are stored as JSON, and splicing them
 * in avoids parsing and re-serializing 500 products per page.
 *
 * Each scope's part of the cursor advances only to the last position actually returned, never to
 * the counter's head: positions past the page may belong to transactions not yet visible (S5).
 */
export async function pullChanges(
  db: Db,
  branchId: string,
  from: Cursor,
  limit: number,
  /** Sales received before this instant are left out (sync/branch-page.ts); `''` keeps them all. */
  salesSince = '',
): Promise<string> {
  const catalog = await db.reader
    .selectFrom('changes')
    .select(['seq', 'kind', 'payload'])
    .where('scope', '=', CATALOG_SCOPE)
    .where('seq', '>', from.catalog)
    .orderBy('seq')
    .limit(limit + 1)
    .execute();
  const parts: string[] = [];
  const cursor = { ...from };
  let hasMore = false;
  for (const r of catalog.slice(0, limit)) {
    parts.push(`{"kind":"${r.kind}","scope":"catalog","seq":${r.seq},"data":${r.payload}}`);
    cursor.catalog = r.seq;
  }
  if (catalog.length > limit) {
    hasMore = true;
  } else {
    const branch = await readBranchPage(db, branchId, from.branch, limit - catalog.length, salesSince);
    parts.push(...branch.parts);
    cursor.branch = branch.cursor;
    hasMore = branch.hasMore;
  }
  return `{"changes":[${parts.join(',')}],"cursor":"${encodeCursor(cursor)}","hasMore":${hasMore}}`;
}

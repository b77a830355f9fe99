import { sql } from 'kysely';
import type { Db } from '../db/open-database.ts';
import { branchScope } from '../feed/feed.ts';

/** How many feed rows one page may read past old sales before it answers (and says `hasMore`). */
const SCAN_FACTOR = 20;

/** Branch feed rows for a page: the JSON of each change to send, and the cursor after the rows read. */
export interface BranchPage {
  readonly parts: string[];
  readonly cursor: number;
  readonly hasMore: boolean;
}

/**
 * The branch's part of a pull page (issue 16, issue 18 item 3: sales reach devices through a
 * window). Sales the server received before `salesSince` are left out: a fresh device gets the
 * branch's recent sales, not its whole history, which stays on the server and in the back office.
 * The cursor still moves past the rows left out, so no later pull reads them again; a page reads
 * at most SCAN_FACTOR times `room` rows, so a long run of old sales costs a few pages, not one read.
 */
export async function readBranchPage(
  db: Db,
  branchId: string,
  after: number,
  room: number,
  salesSince: string,
): Promise<BranchPage> {
  const parts: string[] = [];
  let cursor = after;
  let scanned = 0;
  const chunk = Math.max(room, 1) + 1;
  for (;;) {
    const rows = await db.reader
      .selectFrom('changes')
      .leftJoin('sales', (j) => j.onRef('sales.id', '=', 'changes.entityId').on('changes.kind', '=', 'sale'))
      .select([
        'changes.seq as seq',
        'changes.kind as kind',
        // An old sale's payload is not read at all: only that it is there, to move past it.
        sql<
          string | null
        >`case when ${sql.ref('sales.receivedAt')} < ${salesSince} then null else ${sql.ref('changes.payload')} end`.as(
          'payload',
        ),
      ])
      .where('changes.scope', '=', branchScope(branchId))
      .where('changes.seq', '>', cursor)
      .orderBy('changes.seq')
      .limit(chunk)
      .execute();
    for (const r of rows) {
      if (parts.length === room) return { parts, cursor, hasMore: true };
      scanned++;
      cursor = Number(r.seq);
      if (r.payload !== null)
        parts.push(`{"kind":"${r.kind}","scope":"branch","seq":${r.seq},"data":${r.payload}}`);
    }
    if (rows.length < chunk) return { parts, cursor, hasMore: false };
    if (scanned >= SCAN_FACTOR * Math.max(room, 1)) return { parts, cursor, hasMore: true };
  }
}

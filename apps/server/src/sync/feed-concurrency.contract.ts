import { newId, type PullResponse, type SaleSummary } from '@kasir/protocol';
import { sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../db/migrations.ts';
import { openDatabase, type Db, type Engine } from '../db/open-database.ts';
import type { Database } from '../db/schema.ts';
import { createBranch } from '../branches/branch-service.ts';
import { createTestDatabase, type TestDatabase } from '../test/test-database.ts';
import { branchScope, recordChanges } from '../feed/feed.ts';
import { pullChanges } from './pull-changes.ts';

type Writer = (trx: Transaction<Database>, scope: string, id: string) => Promise<void>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const summary = (id: string): SaleSummary => ({
  id,
  deviceId: id,
  deviceName: 'Kasir',
  invoiceNumber: 'X',
  createdAt: '2026-11-24T00:00:00.000Z',
  receivedAt: '2026-11-24T00:00:00.000Z',
  total: 1,
  itemCount: 1,
  flags: [],
});

/**
 * Runs `writers` parallel writers, each committing `perWriter` changes, each transaction pausing a
 * random 0-4 ms after its position is allocated (the window in which a naive sequence lets a later
 * position commit first), while one reader pulls pages of 5 in a loop. Returns the ids of committed
 * changes the reader never saw, and whether positions ever went backwards for the reader.
 */
async function race(db: Db, branchId: string, write: Writer, writers = 8, perWriter = 30) {
  const committed: string[] = [];
  const seen = new Set<string>();
  let backwards = false;
  let done = false;
  const scope = branchScope(branchId);
  let cursor = '';
  let lastSeq = 0;
  const readPage = async () => {
    const page = JSON.parse(await pullChanges(db, branchId, decode(cursor), 5)) as PullResponse;
    for (const c of page.changes) {
      if (c.seq <= lastSeq) backwards = true;
      lastSeq = c.seq;
      seen.add(c.kind === 'sale' ? c.data.id : '');
    }
    cursor = page.cursor;
    return page.hasMore;
  };
  // Start from the head, so the reader races the writers from their first commit.
  while (await readPage());
  seen.clear();
  const reader = (async () => {
    while (!done) {
      await readPage();
      await sleep(1);
    }
    while (await readPage());
  })();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      for (let i = 0; i < perWriter; i++) {
        const id = newId();
        await db.kysely.transaction().execute(async (trx) => {
          await write(trx, scope, id);
          await sleep(Math.random() * 4);
        });
        committed.push(id);
      }
    }),
  );
  done = true;
  await reader;
  return { missed: committed.filter((id) => !seen.has(id)), backwards, committed: committed.length };
}

function decode(c: string) {
  const [catalog, branch] = c === '' ? [0, 0] : c.split('.').map(Number);
  return { catalog: catalog ?? 0, branch: branch ?? 0 };
}

/** S5 under real concurrency: the feed's allocator against a reader pulling in a loop. */
export function feedConcurrencyContract(engine: Engine): void {
  describe(`S5 change feed under concurrent writers [${engine}]`, () => {
    let tdb: TestDatabase;
    let db: Db;
    let branchId: string;
    beforeAll(async () => {
      tdb = await createTestDatabase(engine);
      db = openDatabase(tdb.options.engine === 'postgres' ? { ...tdb.options, poolSize: 12 } : tdb.options);
      await migrateToLatest(db.kysely, db.engine);
      const b = await createBranch(db, 'CC', 'Concurrency', new Date().toISOString());
      if (!b.ok) throw new Error('branch');
      branchId = b.branch.id;
    });
    afterAll(async () => {
      await db.close();
      await tdb.drop();
    });

    it('S5: a reader pulling in a loop never skips a committed change', async () => {
      const r = await race(db, branchId, async (trx, scope, id) => {
        await recordChanges(trx, scope, [{ kind: 'sale', entityId: id, data: summary(id) }]);
      });
      expect(r.committed).toBe(240);
      expect(r.missed).toEqual([]);
      expect(r.backwards).toBe(false);
    });

    if (engine === 'postgres') {
      // Control: proves the race above can fail. A plain sequence hands out positions at call time,
      // so a later position can commit first, the reader moves past the earlier one, and skips it.
      it('S5 control: a plain sequence column does skip changes under the same race', async () => {
        await sql`CREATE SEQUENCE IF NOT EXISTS naive_seq START 1000000`.execute(db.kysely);
        const r = await race(db, branchId, async (trx, scope, id) => {
          const { rows } = await sql<{ seq: string }>`SELECT nextval('naive_seq') AS seq`.execute(trx);
          await trx
            .insertInto('changes')
            .values({
              scope,
              seq: Number(rows[0]!.seq),
              kind: 'sale',
              entityId: id,
              payload: JSON.stringify(summary(id)),
            })
            .execute();
        });
        expect(r.missed.length).toBeGreaterThan(0);
      });
    }
  });
}

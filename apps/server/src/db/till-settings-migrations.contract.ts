import { TillBranchSettings } from '@kasir/protocol';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBranch } from '../branches/branch-service.ts';
import { createTestDatabase, type TestDatabase } from '../test/test-database.ts';
import { migrateToLatest, migrateUpTo } from './migrations.ts';
import { openDatabase, type Db, type Engine } from './open-database.ts';

/**
 * Issue 15's migrations over a branch an older server wrote: its receipt texts set before shop
 * settings existed reach its tills as a first `branch_settings` change, at the next position of the
 * branch's feed (S5), with the defaults every till uses until the back office changes them.
 */
export function tillSettingsMigrationsContract(engine: Engine): void {
  describe(`issue 15 migrations over an old branch (${engine})`, () => {
    let database: TestDatabase;
    let db: Db;
    let branchId = '';

    beforeAll(async () => {
      database = await createTestDatabase(engine);
      db = openDatabase(database.options);
      await migrateUpTo(db.kysely, db.engine, '0023_product_search_order');
      const b = await createBranch(db, 'OLD', 'Toko Lama', '2026-01-05T08:00:00.000Z');
      if (!b.ok) throw new Error('branch code taken');
      branchId = b.branch.id;
      await sql`update branches set receipt_header = ${'Jl. Lama 1'} where id = ${branchId}`.execute(
        db.kysely,
      );
      await sql`update counters set value = 7 where scope = ${`branch:${branchId}`}`.execute(db.kysely);
      await migrateToLatest(db.kysely, db.engine);
    });

    afterAll(async () => {
      await db?.close();
      await database?.drop();
    });

    it('S5: the branch feed gets one branch_settings change at its next position, with the old texts', async () => {
      const rows = await db.kysely
        .selectFrom('changes')
        .select(['seq', 'payload'])
        .where('scope', '=', `branch:${branchId}`)
        .where('kind', '=', 'branch_settings')
        .execute();
      expect(rows.map((r) => Number(r.seq))).toEqual([8]);
      const data = TillBranchSettings.parse(JSON.parse(rows[0]!.payload));
      expect(data).toMatchObject({
        branchId,
        name: 'Toko Lama',
        receiptHeader: 'Jl. Lama 1',
        priceMode: 'inclusive',
        paperWidth: 58,
      });
      const counter = await db.kysely
        .selectFrom('counters')
        .select('value')
        .where('scope', '=', `branch:${branchId}`)
        .executeTakeFirstOrThrow();
      expect(Number(counter.value)).toBe(8);
    });
  });
}

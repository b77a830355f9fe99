import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/test-database.ts';
import { executeTogether } from './execute-together.ts';
import { openDatabase, type Db, type Engine } from './open-database.ts';

interface Parent {
  id: number;
  name: string;
  hits: number;
}
interface Child {
  id: number;
  parentId: number;
  note: string | null;
}

/**
 * `executeTogether` on one engine: independent writes (a parent and its children, an upsert, a
 * single-row and a multi-row insert) land exactly as run one by one; on PostgreSQL as one
 * statement, on SQLite one statement each.
 */
export function executeTogetherContract(engine: Engine): void {
  describe(`executeTogether (${engine})`, () => {
    let tdb: TestDatabase;
    let db: Db;
    beforeAll(async () => {
      tdb = await createTestDatabase(engine);
      db = openDatabase(tdb.options);
      await sql`create table together_parents (id integer primary key, name text not null, hits integer not null)`.execute(
        db.kysely,
      );
      await sql`create table together_children (id integer primary key, parent_id integer not null references together_parents (id), note text)`.execute(
        db.kysely,
      );
      await sql`insert into together_parents (id, name, hits) values (1, 'old', 1)`.execute(db.kysely);
    });
    afterAll(async () => {
      await db.close();
      await tdb.drop();
    });
    // Scratch tables outside the schema's types: an untyped handle on the same database.
    const k = () => db.kysely.withTables<{ togetherParents: Parent; togetherChildren: Child }>();

    it('writes parents, their children and an upsert together, each value in its place', async () => {
      const statements = await db.kysely.transaction().execute(async (trx) => {
        const t = trx.withTables<{ togetherParents: Parent; togetherChildren: Child }>();
        const spy = vi.spyOn(trx, 'executeQuery');
        await executeTogether(trx, [
          t.insertInto('togetherParents').values([
            { id: 2, name: "Warung Bu 'Sri' $1", hits: 0 },
            { id: 3, name: 'Toko $2', hits: 0 },
          ]),
          // The children reference parents inserted by the write before: checked at the statement's end.
          t.insertInto('togetherChildren').values([
            { id: 10, parentId: 2, note: 'a' },
            { id: 11, parentId: 3, note: null },
            { id: 12, parentId: 1, note: 'c' },
          ]),
          t.insertInto('togetherChildren').values({ id: 13, parentId: 3, note: 'one row: values' }),
          t
            .insertInto('togetherParents')
            .values({ id: 1, name: 'ignored', hits: 5 })
            .onConflict((oc) =>
              oc.column('id').doUpdateSet((eb) => ({ hits: eb('togetherParents.hits', '+', 5) })),
            ),
        ]);
        return spy.mock.calls.length;
      });
      expect(statements).toBe(engine === 'postgres' ? 1 : 4);
      expect(await k().selectFrom('togetherParents').selectAll().orderBy('id').execute()).toEqual([
        { id: 1, name: 'old', hits: 6 },
        { id: 2, name: "Warung Bu 'Sri' $1", hits: 0 },
        { id: 3, name: 'Toko $2', hits: 0 },
      ]);
      expect(await k().selectFrom('togetherChildren').selectAll().orderBy('id').execute()).toEqual([
        { id: 10, parentId: 2, note: 'a' },
        { id: 11, parentId: 3, note: null },
        { id: 12, parentId: 1, note: 'c' },
        { id: 13, parentId: 3, note: 'one row: values' },
      ]);
    });

    it('a write that fails takes the others with it, and hand-written SQL with a literal runs on its own', async () => {
      const failed = await db.kysely
        .transaction()
        .execute(async (trx) => {
          const t = trx.withTables<{ togetherParents: Parent; togetherChildren: Child }>();
          await executeTogether(trx, [
            t.insertInto('togetherParents').values({ id: 20, name: 'new', hits: 0 }),
            t.insertInto('togetherChildren').values({ id: 10, parentId: 1, note: 'a taken id' }),
          ]);
        })
        .then(
          () => false,
          () => true,
        );
      expect(failed).toBe(true);
      expect(await k().selectFrom('togetherParents').select('id').where('id', '=', 20).execute()).toEqual([]);

      const statements = await db.kysely.transaction().execute(async (trx) => {
        const spy = vi.spyOn(trx, 'executeQuery');
        await executeTogether(trx, [
          {
            compile: () =>
              sql`insert into together_parents (id, name, hits) values (30, 'lit''eral', 0)`.compile(trx),
          },
          trx
            .withTables<{ togetherParents: Parent; togetherChildren: Child }>()
            .insertInto('togetherChildren')
            .values({ id: 30, parentId: 1, note: null }),
        ]);
        return spy.mock.calls.length;
      });
      expect(statements).toBe(2);
      expect(await k().selectFrom('togetherParents').select('name').where('id', '=', 30).execute()).toEqual([
        { name: "lit'eral" },
      ]);
    });
  });
}

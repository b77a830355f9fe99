import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/test-database.ts';
import { isDataException } from './db-errors.ts';
import { openDatabase, type Db } from './open-database.ts';

/** Rows of a scratch table, read back in id order. */
interface Row {
  id: number;
  name: string | null;
  amount: number | null;
  ok: boolean | null;
  note: string | null;
}

describe('JsonRowsPlugin [postgres]', () => {
  let tdb: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    tdb = await createTestDatabase('postgres');
    db = openDatabase(tdb.options);
    await sql`create table json_rows (id integer primary key, name text, amount bigint, ok boolean, note text default 'none')`.execute(
      db.kysely,
    );
  });
  afterAll(async () => {
    await db.close();
    await tdb.drop();
  });

  // The scratch table is not in the schema's types: an untyped handle on the same database.
  const k = () => db.kysely.withTables<{ jsonRows: Row }>();
  const read = () => k().selectFrom('jsonRows').selectAll().orderBy('id').execute();

  it('many rows of plain values go as one JSON parameter and come back exactly', async () => {
    const rows: Row[] = [
      { id: 1, name: 'Kopi "Tubruk" \\ 1', amount: 2 ** 53 - 1, ok: true, note: null },
      { id: 2, name: 'Es teh 🍵 manis\nbaris', amount: -25_000, ok: false, note: "a'b" },
      { id: 3, name: null, amount: null, ok: null, note: '{"json":"in text"}' },
    ];
    const q = k().insertInto('jsonRows').values(rows);
    const compiled = q.compile();
    expect(compiled.sql).toContain('json_populate_recordset(null::"json_rows", $1)');
    expect(compiled.parameters).toHaveLength(1);
    await q.execute();
    expect(await read()).toEqual(rows);
  });

  it('one row, a row with a missing column (its default), or a value JSON cannot hold keeps VALUES', async () => {
    const one = k().insertInto('jsonRows').values({ id: 10, name: 'x', amount: 1, ok: true, note: null });
    expect(one.compile().sql).toContain('values');
    const missing = k()
      .insertInto('jsonRows')
      .values([
        { id: 11, name: 'a', amount: 1, ok: true },
        { id: 12, name: 'b', amount: 2, ok: true, note: 'set' },
      ]);
    expect(missing.compile().sql).not.toContain('json_populate_recordset');
    await missing.execute();
    expect((await read()).filter((r) => r.id >= 11).map((r) => r.note)).toEqual(['none', 'set']);
    const nan = k()
      .insertInto('jsonRows')
      .values([
        { id: 13, name: 'a', amount: Number.NaN, ok: true, note: null },
        { id: 14, name: 'b', amount: 2, ok: true, note: null },
      ]);
    expect(nan.compile().sql).not.toContain('json_populate_recordset');
  });

  it('a value the column cannot hold fails as a data exception, as VALUES would (S9: the mutation alone is refused)', async () => {
    const bad = k()
      .insertInto('jsonRows')
      .values([
        { id: 20, name: 'nul \u0000 inside', amount: 1, ok: true, note: null },
        { id: 21, name: 'fine', amount: 1.5, ok: true, note: null },
      ]);
    const error = await bad.execute().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isDataException(error)).toBe(true);
    expect((await read()).filter((r) => r.id >= 20)).toEqual([]);
  });
});

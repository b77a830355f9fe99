import { sql } from 'kysely';
import { createServer, type Socket } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_PG_URL, type TestDatabase } from '../test/test-database.ts';
import { isUnavailable } from './db-errors.ts';
import { openDatabase, type Db } from './open-database.ts';

describe('openDatabase [postgres]: connections killed by the database', () => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    db = openDatabase(database.options);
  });
  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  it('a connection terminated inside a transaction fails that transaction as unavailable, without crashing, and the pool recovers', async () => {
    // Regression (issue 6 fault suite): the checked-out client emitted 'error' with no listener
    // and the uncaught event ended the server process.
    const killer = new pg.Client({ connectionString: TEST_PG_URL });
    await killer.connect();
    try {
      const failed = await db.kysely
        .transaction()
        .execute(async (trx) => {
          const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
          await killer.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
          // Between two queries: the client is checked out and idle when its connection dies.
          await new Promise((r) => setTimeout(r, 300));
          await sql`select 1`.execute(trx);
        })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(failed).toBeDefined();
      expect(isUnavailable(failed)).toBe(true);
    } finally {
      await killer.end();
    }
    const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db.kysely);
    expect(rows[0]?.one).toBe(1);
  });
});

describe('openDatabase [postgres]: a database that does not answer', () => {
  it('a query fails as unavailable after the connect timeout instead of hanging', async () => {
    // Accepts TCP connections and never says a word, as a host dropping packets behaves.
    const held: Socket[] = [];
    const silent = createServer((s) => held.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const addr = silent.address();
    const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
    const db = openDatabase({
      engine: 'postgres',
      url: `postgres://postgres@127.0.0.1:${port}/test`,
      connectTimeoutMs: 300,
    });
    try {
      const started = Date.now();
      const failed = await sql`select 1`.execute(db.kysely).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(isUnavailable(failed)).toBe(true);
    } finally {
      await db.close();
      for (const s of held) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  });
});

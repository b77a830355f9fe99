import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseOptions, Engine } from '../db/open-database.ts';

/**
 * PostgreSQL for tests: the real server (never a mock). `KASIR_TEST_DATABASE_URL` overrides the
 * local default. Each test database lives in a schema of its own, dropped afterwards.
 */
export const TEST_PG_URL = process.env.KASIR_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  readonly options: DatabaseOptions;
  /** The data folder (SQLite) or schema name (PostgreSQL). */
  readonly where: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'kasir-test-'));
    return {
      options: { engine: 'sqlite', dataDir: dir },
      where: dir,
      drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  }
  const schema = `kasir_t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.end();
  return {
    options: { engine: 'postgres', url: TEST_PG_URL, schema },
    where: schema,
    async drop() {
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}

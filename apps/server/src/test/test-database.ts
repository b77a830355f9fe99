import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseOptions, Engine } from '../db/open-database.ts';

/** Every engine the server runs on: contract suites and fault scenarios are registered over this list. */
export const ENGINES: readonly Engine[] = ['sqlite', 'postgres'];

/**
 * PostgreSQL for tests: the real server (never a mock). `KASIR_TEST_DATABASE_URL` overrides the
 * local default. Each test database lives in a schema of its own, dropped afterwards.
 */
export const TEST_PG_URL = process.env.KASIR_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  readonly engine: Engine;
  /** For `startServer` in this process. */
  readonly options: DatabaseOptions;
  /** The data folder (SQLite) or schema name (PostgreSQL). */
  readonly where: string;
  /**
   * The environment that points a server process (`main.ts`) at this database: the data folder,
   * or a DATABASE_URL into the schema whose connections carry `where` as their application_name
   * (to find them in pg_stat_activity). `pgUrl` replaces host and port, e.g. by a TCP proxy's.
   */
  serverEnv(opts?: { readonly pgUrl?: string }): Record<string, string>;
  drop(): Promise<void>;
}

/** Runs one statement on the test PostgreSQL with a connection of its own. */
export async function onTestPostgres(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * How to open, with `openDatabase`, the test database at `where` (a launched server's data folder
 * or schema), e.g. to seed it in bulk next to the server that runs on it.
 */
export function testDatabaseOptions(engine: Engine, where: string): DatabaseOptions {
  return engine === 'sqlite'
    ? { engine: 'sqlite', dataDir: where }
    : { engine: 'postgres', url: TEST_PG_URL, schema: where };
}

/** A fresh SQLite folder or PostgreSQL schema that nothing else uses. */
export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'kasir-test-'));
    return {
      engine,
      options: testDatabaseOptions(engine, dir),
      where: dir,
      serverEnv: () => ({ KASIR_DATA_DIR: dir }),
      drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  }
  const schema = `kasir_t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  await onTestPostgres(`CREATE SCHEMA ${schema}`);
  return {
    engine,
    options: testDatabaseOptions(engine, schema),
    where: schema,
    serverEnv: ({ pgUrl = TEST_PG_URL } = {}) => ({
      DATABASE_URL: `${pgUrl}?application_name=${schema}&options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    }),
    drop: () => onTestPostgres(`DROP SCHEMA IF EXISTS ${schema} CASCADE`),
  };
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '@kasir/server';
import { createAdminClient, type AdminClient } from '@kasir/sync/testing';
import pg from 'pg';

export type Engine = 'sqlite' | 'postgres';

/** Both engines, never skipped: PostgreSQL is part of the test environment (README). */
export const ENGINES: readonly Engine[] = ['sqlite', 'postgres'];

export const FAULTS_ADMIN_TOKEN = 'fault-suite-admin-token-0123456789abcdef';
export const PG_URL = process.env.KASIR_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The real server started in this process, its admin API, and a way to throw all of it away. */
export interface InProcessServer {
  readonly server: RunningServer;
  readonly url: string;
  readonly engine: Engine;
  readonly adminToken: string;
  readonly admin: AdminClient;
  /** Stops the server and removes its data (the SQLite folder or the PostgreSQL schema). */
  close(): Promise<void>;
}

async function onPostgres(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/**
 * Starts `@kasir/server` in-process on a fresh SQLite folder or a PostgreSQL schema of its own
 * (so runs never see each other's rows), optionally serving the built PWA. For faults that need
 * the server in another process (kill -9), see server-process.ts.
 */
export async function startInProcessServer(
  engine: Engine,
  options: { pwaDir?: string } = {},
): Promise<InProcessServer> {
  const common = {
    adminToken: FAULTS_ADMIN_TOKEN,
    logger: false as const,
    ...(options.pwaDir === undefined ? {} : { pwaDir: options.pwaDir }),
  };
  let server: RunningServer;
  let cleanup: () => Promise<void>;
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'kasir-faults-'));
    server = await startServer({ ...common, database: { engine, dataDir: dir } });
    cleanup = () => Promise.resolve(rmSync(dir, { recursive: true, force: true }));
  } else {
    const schema = `kasir_faults_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    await onPostgres(`CREATE SCHEMA ${schema}`);
    server = await startServer({ ...common, database: { engine, url: PG_URL, schema } });
    cleanup = () => onPostgres(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  }
  return {
    server,
    url: server.url,
    engine,
    adminToken: FAULTS_ADMIN_TOKEN,
    admin: createAdminClient(server.url, FAULTS_ADMIN_TOKEN),
    async close() {
      await server.close();
      await cleanup();
    },
  };
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningServer } from '@kasir/server';
import {
  createTestDatabase,
  spawnServer,
  startTestServer,
  type Engine,
  type ServerProcess,
  type TestServerOptions,
} from '@kasir/server/testing';
import { connectAdmin, type AdminSetup } from '../admin/admin-setup.ts';

/** The admin token of every server the kit launches (unless told another). */
export const KIT_ADMIN_TOKEN = 'kasir-test-kit-admin-token-0123456789';

/** A real server on a fresh database nobody else uses, with its admin API. */
export interface LaunchedServer {
  readonly engine: Engine;
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly adminToken: string;
  readonly admin: AdminSetup;
  /** The SQLite data folder or the PostgreSQL schema. */
  readonly where: string;
  /** Stops the server and drops its database. */
  close(): Promise<void>;
}

/** In this process: the tests can read its database (`server.db`). */
export interface InProcessServer extends LaunchedServer {
  readonly server: RunningServer;
}

/**
 * In a child process, as `npm start` runs it, on data that outlives the process: it can be killed
 * with `kill9()` and started again on the same data and port with `start()`.
 */
export interface ChildProcessServer extends LaunchedServer, Omit<ServerProcess, 'url'> {
  /**
   * The `application_name` of its PostgreSQL connections (the schema's name), to find them in
   * pg_stat_activity; undefined on SQLite.
   */
  readonly applicationName: string | undefined;
}

export interface LaunchOptions {
  /** Default KIT_ADMIN_TOKEN. */
  readonly adminToken?: string;
}

/**
 * Starts `@kasir/server` in this process. `options` may serve the built cashier app at `/`, fix
 * the port, allow other origins (CORS) and set the HTTP hardening; the admin token defaults to
 * KIT_ADMIN_TOKEN.
 */
export async function startInProcessServer(
  engine: Engine,
  options: TestServerOptions = {},
): Promise<InProcessServer> {
  const adminToken = options.adminToken ?? KIT_ADMIN_TOKEN;
  const t = await startTestServer(engine, { ...options, adminToken });
  return {
    engine,
    url: t.url,
    adminToken,
    admin: connectAdmin(t.url, adminToken),
    where: t.database.where,
    server: t.server,
    close: () => t.close(),
  };
}

export interface ChildProcessOptions extends LaunchOptions {
  /** Where its PostgreSQL connections go (a TCP proxy in front of PostgreSQL, for database faults). */
  readonly pgUrl?: string;
  /** Flags for node, e.g. `--cpu-prof`. */
  readonly nodeArgs?: readonly string[];
  /** More settings for `main.ts`, e.g. `KASIR_MAX_CONNECTIONS_PER_ADDRESS`. */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Starts the server's `main.ts` in a child process. Its database schema is made and dropped
 * directly, whatever `pgUrl` says.
 */
export async function startChildProcessServer(
  engine: Engine,
  options: ChildProcessOptions = {},
): Promise<ChildProcessServer> {
  const adminToken = options.adminToken ?? KIT_ADMIN_TOKEN;
  const database = await createTestDatabase(engine);
  // On PostgreSQL too the process gets a data folder of its own: nothing lands in the working directory.
  const dataDir = engine === 'postgres' ? mkdtempSync(join(tmpdir(), 'kasir-process-')) : database.where;
  const dispose = async (): Promise<void> => {
    rmSync(dataDir, { recursive: true, force: true });
    await database.drop();
  };
  let proc: ServerProcess;
  try {
    proc = await spawnServer({
      env: {
        ...options.env,
        KASIR_DATA_DIR: dataDir,
        KASIR_ADMIN_TOKEN: adminToken,
        ...database.serverEnv(options.pgUrl === undefined ? {} : { pgUrl: options.pgUrl }),
      },
      ...(options.nodeArgs === undefined ? {} : { nodeArgs: options.nodeArgs }),
    });
  } catch (e) {
    await dispose();
    throw e;
  }
  return {
    ...proc,
    engine,
    adminToken,
    admin: connectAdmin(proc.url, adminToken),
    where: database.where,
    applicationName: engine === 'postgres' ? database.where : undefined,
    async close() {
      await proc.kill9();
      await dispose();
    },
  };
}

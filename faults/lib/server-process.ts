import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort } from '../../bench/lib/server-process.ts';

const MAIN = fileURLToPath(new URL('../../apps/server/src/main.ts', import.meta.url));

/** Preloaded into the server: it exits when its parent (the test process) goes away. */
const EXIT_WITH_PARENT = `data:text/javascript,${encodeURIComponent(
  "process.on('disconnect', () => process.exit(1));",
)}`;

/** The shared PostgreSQL of tests and CI (each run works in a schema of its own). */
export const FAULT_PG_URL = process.env.KASIR_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The admin token every fault server is started with. */
export const FAULT_ADMIN_TOKEN = 'fault-admin-token-0123456789abcdef';

export type FaultEngine = 'sqlite' | 'postgres';

/**
 * The real server as a child process (as `npm start` runs it) on data that outlives the process:
 * a SQLite folder or a PostgreSQL schema. The port is chosen once, so devices keep their server URL
 * across `kill9()` + `start()`.
 */
export interface FaultServer {
  readonly engine: FaultEngine;
  /** `http://127.0.0.1:<port>`, the same for every start. */
  readonly url: string;
  /** The PostgreSQL schema (postgres) or data folder (sqlite). */
  readonly where: string;
  /** The `application_name` the server's PostgreSQL connections carry (to find them in pg_stat_activity). */
  readonly applicationName: string;
  /** Starts the process on the same data and waits until /healthz answers 200. */
  start(): Promise<void>;
  /** SIGKILL (no shutdown hooks run) and waits until the process is gone. */
  kill9(): Promise<void>;
  /** True while the current process runs. */
  alive(): boolean;
  /** Output of the current (or last) process, for failure messages. */
  output(): string;
  /** Kills the process and drops the data. */
  dispose(): Promise<void>;
}

async function pgQuery(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: FAULT_PG_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/**
 * Creates the data (a temp folder, or a fresh schema) and starts the server on it.
 * `pgUrl` is where the server connects (a TCP proxy in front of PostgreSQL, for database faults);
 * the schema is created and dropped through {@link FAULT_PG_URL} directly.
 */
export async function launchFaultServer(
  engine: FaultEngine,
  opts: { readonly pgUrl?: string } = {},
): Promise<FaultServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'kasir-fault-'));
  const tag = `${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const schema = `kasir_fault_${tag}`;
  const applicationName = `kasir_fault_${tag}`;
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: String(port),
    HOST: '127.0.0.1',
    KASIR_DATA_DIR: dir,
    KASIR_ADMIN_TOKEN: FAULT_ADMIN_TOKEN,
    LOG_LEVEL: 'warn',
  };
  // One process alone, on exactly the database chosen here.
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  if (engine === 'postgres') {
    await pgQuery(`CREATE SCHEMA ${schema}`);
    const base = opts.pgUrl ?? FAULT_PG_URL;
    const options = encodeURIComponent(`-c search_path=${schema}`);
    env.DATABASE_URL = `${base}?application_name=${applicationName}&options=${options}`;
  }
  let child: ChildProcess | undefined;
  let out = '';

  const server: FaultServer = {
    engine,
    url,
    where: engine === 'postgres' ? schema : dir,
    applicationName,
    async start() {
      if (server.alive()) throw new Error('the server is already running');
      out = '';
      const proc = spawn(process.execPath, ['--import', EXIT_WITH_PARENT, '--import', 'tsx', MAIN], {
        env,
        // The IPC channel closes when the test process dies, however it dies: no orphan servers.
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      });
      child = proc;
      proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
      proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
      const deadline = Date.now() + 30_000;
      for (;;) {
        if (proc.exitCode !== null || proc.signalCode !== null)
          throw new Error(`server exited (${proc.exitCode ?? proc.signalCode}): ${out}`);
        try {
          if ((await fetch(`${url}/healthz`)).ok) return;
        } catch {
          // not listening yet
        }
        if (Date.now() > deadline) throw new Error(`server did not start: ${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async kill9() {
      const proc = child;
      if (proc === undefined || !server.alive()) return;
      const gone = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGKILL');
      await gone;
    },
    alive: () => child !== undefined && child.exitCode === null && child.signalCode === null,
    output: () => out,
    async dispose() {
      await server.kill9();
      rmSync(dir, { recursive: true, force: true });
      if (engine === 'postgres') await pgQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    },
  };
  await server.start();
  return server;
}

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const MAIN = fileURLToPath(new URL('../../apps/server/src/main.ts', import.meta.url));
export const BENCH_PG_URL = process.env.KASIR_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const ADMIN = 'bench-admin-token-0123456789';

export type Engine = 'sqlite' | 'postgres';

export interface BenchServer {
  readonly url: string;
  readonly pid: number;
  readonly engine: Engine;
  /** Where its database is, for benchmarks that seed it with SQL directly (B8). */
  readonly database: { engine: 'sqlite'; dataDir: string } | { engine: 'postgres'; url: string; schema: string };
  /** Resident set size of the server process in MB (from /proc). */
  rssMb(): number;
  stop(): Promise<void>;
}

/** A port nothing listens on now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a !== null ? a.port : 0;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/**
 * Starts the real server in its own process (as `npm start` does), on a fresh SQLite folder or a
 * fresh PostgreSQL schema, so the benchmark client does not share its event loop.
 */
export async function startBenchServer(engine: Engine): Promise<BenchServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'kasir-bench-'));
  const schema = `kasir_bench_${Date.now().toString(36)}`;
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: String(port),
    HOST: '127.0.0.1',
    KASIR_DATA_DIR: dir,
    KASIR_ADMIN_TOKEN: ADMIN,
    LOG_LEVEL: 'warn',
    // B3 and B7 connect 1,000 devices from this one address; the default cap is 256 per address.
    KASIR_MAX_CONNECTIONS_PER_ADDRESS: '5000',
  };
  if (engine === 'postgres') {
    const c = new pg.Client({ connectionString: BENCH_PG_URL });
    await c.connect();
    await c.query(`CREATE SCHEMA ${schema}`);
    await c.end();
    env.DATABASE_URL = `${BENCH_PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  } else {
    delete env.DATABASE_URL;
  }
  // KASIR_BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the server, to see where the time goes.
  const prof = process.env.KASIR_BENCH_CPU_PROF;
  const args = [
    ...(prof === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${prof}`]),
    '--import',
    'tsx',
    MAIN,
  ];
  const child: ChildProcess = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${out}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const pid = child.pid!;
  return {
    url,
    pid,
    engine,
    database: engine === 'sqlite' ? { engine, dataDir: dir } : { engine, url: BENCH_PG_URL, schema },
    rssMb() {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return kb / 1024;
    },
    async stop() {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      if (engine === 'postgres') {
        const c = new pg.Client({ connectionString: BENCH_PG_URL });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await c.end();
      }
    },
  };
}

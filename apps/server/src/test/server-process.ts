import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The server's entry point, run as `npm start` runs it. */
export const SERVER_MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

/** Preloaded into the server: it exits when its parent (the test process) goes away. */
const EXIT_WITH_PARENT = `data:text/javascript,${encodeURIComponent(
  "process.on('disconnect', () => process.exit(1));",
)}`;

/** A port of 127.0.0.1 nothing listens on now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/**
 * The real server as a child process on a port chosen once, so that its clients keep their URL
 * across `kill9()` and `start()`.
 */
export interface ServerProcess {
  /** `http://127.0.0.1:<port>`, the same for every start. */
  readonly url: string;
  /** Starts the process again (on the same environment and port) and waits until /healthz answers 200. */
  start(): Promise<void>;
  /** SIGKILL (no shutdown hooks run) and waits until the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM (a clean shutdown), SIGKILL if it is still there after 5 s. */
  stop(): Promise<void>;
  /** True while the current process runs. */
  alive(): boolean;
  /** Output of the current (or last) process, for failure messages. */
  output(): string;
  /** Resident set size of the current process in MB (from /proc). */
  rssMb(): number;
  /** The current process's id, while it runs (CPU time from /proc in the fleet benchmark). */
  pid(): number | undefined;
}

export interface ServerProcessOptions {
  /** Settings for the process (the database, the admin token...); PORT and HOST are set here. */
  readonly env: Readonly<Record<string, string>>;
  /** Flags for node before the entry point, e.g. `--cpu-prof`. */
  readonly nodeArgs?: readonly string[];
  /** The entry point (run through tsx); default the Kasir server, SERVER_MAIN. */
  readonly script?: string;
  /** A path that answers 200 once the process serves; default `/healthz`. */
  readonly readyPath?: string;
}

/**
 * Starts the server (or another HTTP server script, e.g. a benchmark's peer) in a child process
 * and waits until it serves. The child gets the parent's environment without DATABASE_URL and
 * REDIS_URL (one process on exactly the database given), with LOG_LEVEL=warn unless `env` says
 * otherwise, and dies with the parent, however the parent dies.
 */
export async function spawnServer(options: ServerProcessOptions): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const inherited: Record<string, string | undefined> = { ...process.env };
  delete inherited.DATABASE_URL;
  delete inherited.REDIS_URL;
  const env = { ...inherited, LOG_LEVEL: 'warn', ...options.env, PORT: String(port), HOST: '127.0.0.1' };
  const script = options.script ?? SERVER_MAIN;
  const ready = `${url}${options.readyPath ?? '/healthz'}`;
  const args = [...(options.nodeArgs ?? []), '--import', EXIT_WITH_PARENT, '--import', 'tsx', script];
  let child: ChildProcess | undefined;
  let out = '';
  const alive = (): boolean => child !== undefined && child.exitCode === null && child.signalCode === null;
  const signal = async (sig: NodeJS.Signals, graceMs: number): Promise<void> => {
    const proc = child;
    if (proc === undefined || !alive()) return;
    const gone = new Promise((r) => proc.once('exit', r));
    proc.kill(sig);
    await Promise.race([gone, new Promise((r) => setTimeout(r, graceMs))]);
    if (alive()) {
      proc.kill('SIGKILL');
      await gone;
    }
  };

  const server: ServerProcess = {
    url,
    async start() {
      if (alive()) throw new Error('the server is already running');
      out = '';
      const proc = spawn(process.execPath, args, {
        env,
        // The IPC channel closes when the test process dies: no orphan servers.
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      });
      child = proc;
      proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
      proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
      const deadline = Date.now() + 30_000;
      for (;;) {
        if (!alive()) throw new Error(`server exited (${proc.exitCode ?? proc.signalCode}): ${out}`);
        try {
          if ((await fetch(ready)).ok) return;
        } catch {
          // not listening yet
        }
        if (Date.now() > deadline) throw new Error(`server did not start: ${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    kill9: () => signal('SIGKILL', 10_000),
    stop: () => signal('SIGTERM', 5_000),
    alive,
    output: () => out,
    pid: () => (alive() ? child?.pid : undefined),
    rssMb() {
      if (child?.pid === undefined) return 0;
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    },
  };
  await server.start();
  return server;
}

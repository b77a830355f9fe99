import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitFor } from '@kasir/test-kit';

/** The shipped balancer configuration; the benchmark runs it with its own port and servers. */
export const DEPLOY_HAPROXY_CFG = fileURLToPath(new URL('../../deploy/haproxy.cfg', import.meta.url));

/** Which process answered (HAProxy's server name, kasir1..N): the bench config adds it to responses. */
export const SERVED_BY_HEADER = 'x-kasir-served-by';

/** How branches reach processes: the shipped config (by branch key), or round-robin (for comparison). */
export type Routing = 'branch' | 'spread';

/**
 * Makes sure `haproxy` is installed: from Debian's packages when it is missing and we are root
 * (`npm run bench:fleet` must run from a fresh clone after the README's install); otherwise says how.
 */
export function ensureHaproxy(log: (s: string) => void): string {
  const found = spawnSync('haproxy', ['-v'], { encoding: 'utf8' });
  if (found.status === 0) return found.stdout.split('\n')[0] ?? 'haproxy';
  if (process.getuid?.() !== 0) {
    throw new Error('haproxy is not installed: run `sudo apt-get install -y haproxy` and try again');
  }
  log('haproxy missing: apt-get install -y haproxy');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', 'haproxy']]) {
    const r = spawnSync('apt-get', args, { env, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (${r.status})`);
  }
  return ensureHaproxy(log);
}

/**
 * deploy/haproxy.cfg with the bench's listening port and servers. Only those lines change (and the
 * access log goes, which would cost the balancer a line per request, and the global maxconn drops
 * to what a shell's open-file limit allows), and a response header names the process that answered;
 * `spread` swaps the branch
 * hash for round-robin, as a balancer without affinity would route.
 */
export function benchConfig(port: number, serverPorts: readonly number[], routing: Routing): string {
  let cfg = readFileSync(DEPLOY_HAPROXY_CFG, 'utf8');
  cfg = cfg.replace(/^\s*bind :8080$/m, `    bind 127.0.0.1:${port}`);
  // A shell's open-file limit (often 20,000 or less) cannot hold the production maxconn.
  cfg = cfg.replace(/^(\s*)maxconn 60000$/m, '$1maxconn 8000');
  cfg = cfg.replace(/^\s*log .*$/gm, '').replace(/^\s*option httplog$/m, '');
  cfg = cfg.replace(/^\s*server kasir\d.*$/gm, '');
  if (routing === 'spread') cfg = cfg.replace(/balance hdr\(x-kasir-branch\)/, 'balance roundrobin');
  // For the bench's per-process tally only; `%s` is the server that answered.
  cfg = cfg.replace(
    /^(\s*)balance (.*)$/m,
    `$1balance $2\n$1http-response set-header ${SERVED_BY_HEADER} %s`,
  );
  const servers = serverPorts.map((p, i) => `    server kasir${i + 1} 127.0.0.1:${p} check`).join('\n');
  return `${cfg.trimEnd()}\n${servers}\n`;
}

export interface Balancer {
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts HAProxy in the foreground on a free port in front of `serverPorts`; waits until it routes. */
export async function startBalancer(serverPorts: readonly number[], routing: Routing): Promise<Balancer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'kasir-haproxy-'));
  const cfgPath = join(dir, 'haproxy.cfg');
  writeFileSync(cfgPath, benchConfig(port, serverPorts, routing));
  const check = spawnSync('haproxy', ['-c', '-q', '-f', cfgPath], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`haproxy config invalid: ${check.stderr}`);
  let out = '';
  const proc: ChildProcess = spawn('haproxy', ['-db', '-f', cfgPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (proc.exitCode !== null) throw new Error(`haproxy exited: ${out}`);
      return (await fetch(`${url}/readyz`).catch(() => undefined))?.status === 200;
    },
    { timeout: 20_000, message: 'haproxy routes to a ready process' },
  );
  return {
    url,
    async stop() {
      if (proc.exitCode === null) {
        const gone = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

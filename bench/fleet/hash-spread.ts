import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId } from '@kasir/protocol';
import { freePort, sleep, waitFor } from '@kasir/test-kit';
import { SERVED_BY_HEADER, benchConfig, ensureHaproxy } from './balancer.ts';

/**
 * How evenly deploy/haproxy.cfg spreads branch keys over its processes: HAProxy runs the shipped
 * backend (consistent hashing on x-kasir-branch) in front of stand-in servers (HAProxy frontends
 * that answer 200), and `--keys` fresh branch ids (UUIDv7, as the server makes them) are counted per
 * server; then the same with the servers' weight back at HAProxy's default of 1, for comparison.
 *
 * `npx tsx bench/fleet/hash-spread.ts [--keys 2000] [--servers 4]`
 */
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const keys = arg('keys', 2000);
const servers = arg('servers', 4);

async function spreadOf(weightOne: boolean): Promise<number[]> {
  const port = await freePort();
  const ports = await Promise.all(Array.from({ length: servers }, () => freePort()));
  let cfg = benchConfig(port, ports, 'branch');
  if (weightOne) cfg = cfg.replace(/^(\s*default-server .*) weight \d+/m, '$1');
  cfg += ports
    .map((p, i) => `frontend stand_in${i}\n    bind 127.0.0.1:${p}\n    http-request return status 200\n`)
    .join('');
  const dir = mkdtempSync(join(tmpdir(), 'kasir-hash-'));
  writeFileSync(join(dir, 'haproxy.cfg'), cfg);
  const proc = spawn('haproxy', ['-db', '-f', join(dir, 'haproxy.cfg')], { stdio: 'ignore' });
  try {
    const url = `http://127.0.0.1:${port}/`;
    await waitFor(async () => (await fetch(url).catch(() => undefined))?.ok === true, { timeout: 10_000 });
    await sleep(500);
    const counts = new Map<string, number>();
    for (let i = 0; i < keys; i++) {
      const r = await fetch(url, { headers: { 'x-kasir-branch': newId() } });
      await r.arrayBuffer();
      const s = r.headers.get(SERVED_BY_HEADER) ?? '?';
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    return Array.from({ length: servers }, (_, i) => counts.get(`kasir${i + 1}`) ?? 0);
  } finally {
    proc.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(ensureHaproxy(console.log));
  for (const weightOne of [false, true]) {
    const n = await spreadOf(weightOne);
    const share = n.map((x) => `${((100 * x) / keys).toFixed(1)}%`).join(' ');
    console.log(`${weightOne ? 'weight 1 (default)' : 'deploy/haproxy.cfg'}: ${keys} branches -> ${share}`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

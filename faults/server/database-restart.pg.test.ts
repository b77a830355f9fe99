import { ErrorEnvelope } from '@kasir/protocol';
import { seededRandom, type FetchFn } from '@kasir/sync';
import { TEST_PG_URL, createCleanup, sleep, startChildProcessServer, waitFor } from '@kasir/test-kit';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { faultOptions } from '../lib/fault-options.ts';
import { startPgProxy } from './pg-proxy.ts';
import { checkBranch, drainAll, startServerBranch, stopAll } from './server-devices.ts';

/**
 * Database restart (issue 6) on PostgreSQL, under load: the server's connections terminated with
 * pg_terminate_backend, and the database unreachable for seconds (a TCP proxy between server and
 * PostgreSQL cut, then restored: a restart without touching the shared service). Meanwhile every
 * answer is a success or a 503 with the error envelope (never a 500, never a crash); afterwards the
 * same process serves again, and every sale is on the server exactly once.
 */
const opts = faultOptions();

/** Counts the server's 5xx answers, whoever asked; a 503 must carry the `unavailable` envelope. */
class AnswerTally {
  unavailable = 0;
  internal = 0;
  /** 5xx that are not a well-formed 503 envelope (500, 502, a 503 without the envelope...). */
  readonly bad: string[] = [];

  async see(res: Response, what: string): Promise<void> {
    if (res.status < 500) return;
    const text = await res.text();
    if (res.status === 500) this.internal++;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const env = ErrorEnvelope.safeParse(parsed);
    const ok =
      res.status === 503 &&
      env.success &&
      env.data.error.code === 'unavailable' &&
      res.headers.get('retry-after') !== null &&
      !/\bat .+:\d+:\d+/.test(text); // no stack frames
    if (ok) this.unavailable++;
    else this.bad.push(`${what}: ${res.status} ${text.slice(0, 300)}`);
  }
}

describe('database restart [postgres]', () => {
  const cleanup = createCleanup();
  afterEach(() => cleanup.run());

  it('connections terminated and the database unreachable: 503 envelopes meanwhile, no 500, recovery without a restart', async () => {
    const random = seededRandom(opts.seed * 307 + 5);
    const px = await startPgProxy(TEST_PG_URL);
    cleanup.defer(() => px.close());
    const srv = await startChildProcessServer('postgres', { pgUrl: px.url });
    cleanup.defer(() => srv.close());
    const tally = new AnswerTally();
    const countingFetch: FetchFn = async (url, init) => {
      const res = await fetch(url, init);
      if (res.status >= 500) await tally.see(res.clone(), `device ${init.method ?? 'GET'} ${url}`);
      return res;
    };
    const deviceCount = 4;
    const ready = await startServerBranch({
      serverUrl: srv.url,
      adminToken: srv.adminToken,
      code: 'DB',
      productCount: 30,
      deviceCount,
      namePrefix: 'dbrestart',
      seed: opts.seed,
      device: { fetch: countingFetch, pushBatchSize: 50 },
    });
    const { products, token } = ready;
    const { devices } = ready;
    cleanup.defer(() => stopAll(devices));

    // Load: every device sells continuously and syncs; a prober calls admin and device routes.
    let running = true;
    const sellers = devices.map(async (d) => {
      while (running) {
        await d.sell(products, random);
        // A busy till (a sale every ~100 ms per device), not a flood: the point is the faults.
        await sleep(50 + random() * 100);
      }
    });
    let healthDuringOutage = 0;
    let healthOkDuringOutage = 0;
    let outage = false;
    const probes: [string, string][] = [
      ['/api/sync/state', token],
      ['/api/sync/pull?cursor=&limit=20', token],
      ['/api/products/count', token],
      ['/api/admin/devices', srv.adminToken],
      ['/api/setup/status', ''],
    ];
    let probed = 0;
    const prober = (async () => {
      while (running) {
        const [path, tok] = probes[probed++ % probes.length]!;
        try {
          const res = await fetch(`${srv.url}${path}`, {
            headers: tok === '' ? {} : { authorization: `Bearer ${tok}` },
          });
          await tally.see(res, `probe GET ${path}`);
        } catch (e) {
          // No answer at all: the process died, or it dropped the connection.
          tally.bad.push(`probe GET ${path}: no answer (${String(e)}); server alive: ${srv.alive()}`);
          if (!srv.alive()) break;
        }
        if (outage) {
          const h = await fetch(`${srv.url}/healthz`);
          // Counted only if the database was still cut when the answer came.
          if (outage) {
            healthDuringOutage++;
            if (h.ok) healthOkDuringOutage++;
          }
        }
        await sleep(20);
      }
    })();

    const pgAdmin = new pg.Client({ connectionString: TEST_PG_URL });
    await pgAdmin.connect();
    let terminated = 0;
    let cuts = 0;
    let cutMs = 0;
    const started = Date.now();
    try {
      await sleep(500);
      do {
        // (a) Every connection of the server killed by the database, three times in a row.
        for (let i = 0; i < 3; i++) {
          const r = await pgAdmin.query<{ n: string }>(
            'select count(pg_terminate_backend(pid))::text as n from pg_stat_activity where application_name = $1',
            [srv.applicationName ?? ''],
          );
          terminated += Number(r.rows[0]?.n ?? 0);
          await sleep(150 + random() * 300);
        }
        // (b) The database unreachable for 1.5-3 s, then back.
        const down = 1500 + random() * 1500;
        outage = true;
        px.cut();
        cuts++;
        await sleep(down);
        px.restore();
        outage = false;
        cutMs += down;
        await sleep(500 + random() * 500);
      } while (Date.now() - started < opts.durationS * 1000);
    } finally {
      running = false;
      px.restore();
      await pgAdmin.end();
      await Promise.all([...sellers, prober]);
    }

    // The same process recovers by itself.
    expect(srv.alive(), srv.output()).toBe(true);
    await waitFor(async () => (await fetch(`${srv.url}/healthz`)).ok, {
      timeout: 20_000,
      message: '/healthz to answer 200 again',
    });
    await drainAll(devices);
    expect(srv.alive()).toBe(true);

    const report = await checkBranch(srv.url, ready, {
      scenario: 'database restart',
      engine: 'postgres',
      seed: opts.seed,
      durationS: opts.durationS,
      faults: { 'connections terminated': terminated, 'database unreachable': cuts },
      extra: {
        '503 answers': tally.unavailable,
        '500 answers': tally.internal,
        'other bad 5xx answers': tally.bad.length - tally.internal,
        'connections cut or refused by the proxy': px.dropped,
        'seconds unreachable': Math.round(cutMs / 100) / 10,
        '/healthz non-200 while unreachable': `${healthDuringOutage - healthOkDuringOutage} of ${healthDuringOutage}`,
      },
    });
    // The faults really happened and were seen by clients.
    expect(terminated).toBeGreaterThan(0);
    expect(cuts).toBeGreaterThan(0);
    expect(tally.unavailable).toBeGreaterThan(0);
    expect(tally.bad).toEqual([]);
    expect(tally.internal).toBe(0);
    // /healthz reports the database down (503) while it is unreachable.
    expect(healthDuringOutage).toBeGreaterThan(0);
    expect(healthOkDuringOutage).toBe(0);
    expect(report.made).toBeGreaterThan(0);
  });
});

import { createServer, type Server, type Socket as NetSocket, connect as netConnect } from 'node:net';
import { createAdminClient, unwrap } from '@kasir/admin-client';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenCacheOf } from '../auth/principal.ts';
import { startServer, type RunningServer } from '../server.ts';
import { freePort } from './server-process.ts';
import { connect } from './realtime-client.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';
import { ADMIN_TOKEN, httpRequest } from './test-server.ts';

const REDIS_URL = process.env.KASIR_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A TCP relay to Redis that a test can cut and restore: a Redis outage without touching Redis. */
async function redisRelay(): Promise<{
  url: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}> {
  const target = new URL(REDIS_URL);
  const port = await freePort();
  const open = new Set<NetSocket>();
  let server: Server | undefined;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = netConnect(Number(target.port || 6379), target.hostname);
        open.add(client).add(upstream);
        const end = () => {
          client.destroy();
          upstream.destroy();
          open.delete(client);
          open.delete(upstream);
        };
        client.on('error', end).on('close', end);
        upstream.on('error', end).on('close', end);
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => resolve());
    });
  const cut = async () => {
    const s = server;
    for (const c of open) c.destroy();
    open.clear();
    if (s !== undefined) await new Promise((r) => s.close(r));
    server = undefined;
  };
  await listen();
  return { url: `redis://127.0.0.1:${port}`, cut, restore: listen, close: cut };
}

async function waitUntil(what: string, check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('scale-out: processes behind a balancer [postgres + redis]', () => {
  let tdb: TestDatabase;
  const running: RunningServer[] = [];
  beforeAll(async () => {
    tdb = await createTestDatabase('postgres');
  });
  afterAll(async () => {
    for (const s of running) await s.close();
    await tdb.drop();
  });
  const start = async (redisUrl: string) => {
    const s = await startServer({
      database: tdb.options,
      adminToken: ADMIN_TOKEN,
      redis: { url: redisUrl, key: `kasir-test-${tdb.where}` },
    });
    running.push(s);
    return s;
  };

  it('S13: a device revoked through one process is refused by another within 1 s, though that one cached its token', async () => {
    const one = await start(REDIS_URL);
    const two = await start(REDIS_URL);
    await waitUntil('fan-out is up on both', () =>
      Promise.resolve(one.fanout?.state() === 'up' && two.fanout?.state() === 'up'),
    );
    const admin = createAdminClient({ baseUrl: one.url, token: ADMIN_TOKEN });
    const branch = unwrap(await admin.createBranch({ code: 'RV', name: 'Revoke' }));
    const device = unwrap(await admin.createDevice({ branchId: branch.id, name: 'RV 1' }));
    const self = () => httpRequest(two.url, 'GET', '/api/device', { token: device.token });
    expect((await self()).status).toBe(200);
    // Process two answers this device from its cache now, not from the database.
    expect(tokenCacheOf(two.db).size).toBeGreaterThan(0);
    unwrap(await admin.revokeDevice(device.id));
    const revokedAt = Date.now();
    await waitUntil('process two refuses the token', async () => (await self()).status === 401, 5_000);
    expect(Date.now() - revokedAt).toBeLessThan(1_000);
  });

  it('a process starts while Redis is down, is not ready (but healthy) until it is back, then tells its devices to pull', async () => {
    const relay = await redisRelay();
    await relay.cut();
    try {
      const s = await start(relay.url);
      const ready = () => httpRequest(s.url, 'GET', '/readyz');
      const down = await ready();
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({
        status: 'not_ready',
        database: 'ok',
        redis: 'down',
        draining: false,
      });
      expect((await httpRequest(s.url, 'GET', '/healthz')).status).toBe(200);
      await relay.restore();
      await waitUntil('ready once Redis answers', async () => (await ready()).status === 200);
      expect((await ready()).body).toMatchObject({ status: 'ready', redis: 'up', pool: 'ok' });

      const admin = createAdminClient({ baseUrl: s.url, token: ADMIN_TOKEN });
      const branch = unwrap(await admin.createBranch({ code: 'RD', name: 'Redis down' }));
      const device = unwrap(await admin.createDevice({ branchId: branch.id, name: 'RD 1' }));
      const { socket, rec } = await connect(s.url, device.token);
      try {
        await rec.waitFor('welcome');
        // An outage while the device is connected: not ready, and no token is served from the
        // cache (a revocation elsewhere could not reach this process).
        await relay.cut();
        await waitUntil('not ready during the outage', async () => (await ready()).status === 503);
        expect(tokenCacheOf(s.db).size).toBe(0);
        const metrics = await httpRequest(s.url, 'GET', '/metrics', { token: ADMIN_TOKEN });
        expect(String(metrics.body)).toMatch(/kasir_redis_up 0/);
        await relay.restore();
        // Back: the device gets a second welcome with the head cursor, and pulls if it is behind (S6).
        await rec.waitFor(
          'welcome',
          () => rec.events.filter((e) => e.name === 'welcome').length >= 2,
          10_000,
        );
      } finally {
        socket.disconnect();
      }
    } finally {
      await relay.close();
    }
  });

  it('readiness says the pool is exhausted when as many queries wait for a connection as the pool holds', async () => {
    const s = await startServer({
      database: {
        ...tdb.options,
        engine: 'postgres',
        url: (tdb.options as { url: string }).url,
        poolSize: 2,
      },
      adminToken: ADMIN_TOKEN,
    });
    running.push(s);
    expect((await httpRequest(s.url, 'GET', '/readyz')).body).toMatchObject({
      status: 'ready',
      pool: 'ok',
      redis: 'off',
    });
    // Both connections busy, two more queries queued behind them.
    const busy = Array.from({ length: 4 }, () => sql`select pg_sleep(1.5)`.execute(s.db.kysely));
    await waitUntil('queries wait for a connection', () =>
      Promise.resolve((s.db.pool?.().waiting ?? 0) >= 2),
    );
    const exhausted = await httpRequest(s.url, 'GET', '/readyz');
    expect(exhausted.status).toBe(503);
    expect(exhausted.body).toMatchObject({ status: 'not_ready', pool: 'exhausted' });
    await Promise.all(busy);
    await waitUntil('ready again', async () => (await httpRequest(s.url, 'GET', '/readyz')).status === 200);
  });
});

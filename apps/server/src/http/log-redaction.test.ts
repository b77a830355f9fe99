import type { PairingCodeResponse, PairResponse } from '@kasir/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../server.ts';
import { connect } from '../test/realtime-client.ts';
import { createTestDatabase, type TestDatabase } from '../test/test-database.ts';
import { loggerOptions } from './log-options.ts';

const ADMIN = 'log-test-admin-token-5f0c1d9e8a7b';

/** No secret in logs: the server's own pino options (main.ts), at the most verbose level. */
describe('logs hold no secret', () => {
  const lines: string[] = [];
  let server: RunningServer;
  let database: TestDatabase;
  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: await res.json() };
  };

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    server = await startServer({
      database: database.options,
      adminToken: ADMIN,
      logger: loggerOptions('trace', { write: (l) => lines.push(l) }),
    });
  });
  afterAll(async () => {
    await server.close();
    await database.drop();
  });

  it('admin token, device tokens and pairing codes never reach the log', async () => {
    const branch = (await call('POST', '/api/admin/branches', ADMIN, { code: 'LOG', name: 'Log' })).body as {
      id: string;
    };
    const dev = (await call('POST', '/api/admin/devices', ADMIN, { branchId: branch.id, name: 'K' }))
      .body as {
      id: string;
      token: string;
    };
    expect((await call('GET', '/api/device', dev.token)).status).toBe(200);
    expect((await call('GET', '/api/device', `${dev.token}x`)).status).toBe(401);
    expect((await call('GET', '/api/admin/branches', `${ADMIN}x`)).status).toBe(401);
    const { code } = (await call('POST', `/api/admin/devices/${dev.id}/pairing-code`, ADMIN))
      .body as PairingCodeResponse;
    const paired = await call('POST', '/api/devices/pair', undefined, { code });
    expect(paired.status).toBe(200);
    const fresh = (paired.body as PairResponse).token;
    const rt = await connect(server.url, fresh);
    await rt.rec.waitFor('welcome');
    rt.socket.close();
    await expect(connect(server.url, dev.token)).rejects.toBeDefined();
    // a body that fails validation, carrying a token-like value
    expect((await call('POST', '/api/devices/pair', undefined, { code: 1, token: fresh })).status).toBe(400);

    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(10);
    expect(log).toContain('incoming request');
    for (const secret of [ADMIN, dev.token, fresh, code, code.replace('-', '')]) {
      expect(log).not.toContain(secret);
    }
  });
});

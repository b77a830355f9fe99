import { newId, PROTOCOL_VERSION } from '@kasir/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, sampleProducts, type TestServer } from '../test/test-server.ts';
import { tokenCacheOf } from './principal.ts';

/**
 * PostgreSQL without Redis: the token cache is not trusted (another process could revoke a token
 * and this one would not hear of it), so sale writes take their token from the cache and check it
 * once per group commit (issue 18). The changes below are made in the database directly, as
 * another process would, so this process's cache still holds the token.
 */
describe('tokens checked once per group commit [postgres, no Redis]', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer('postgres');
  });
  afterAll(async () => {
    await t.close();
  });

  const saleOf = async (d: Awaited<ReturnType<TestServer['device']>>) => {
    const [p] = await t.products(sampleProducts(1, `V${newId().slice(0, 6)}`));
    return t.sale(d, [{ product: p!, quantity: 1 }]);
  };

  it('a token revoked by another process: its next sale and push are refused 401 though the token is cached', async () => {
    const branch = await t.branch('VP1');
    const d = await t.device(branch, 'Kasir 1');
    const first = await saleOf(d);
    expect((await t.request('POST', '/api/sales', { token: d.token, body: first })).status).toBe(201);
    expect(tokenCacheOf(t.server.db).size).toBeGreaterThan(0);

    await t.server.db.kysely
      .updateTable('devices')
      .set({ revokedAt: new Date().toISOString() })
      .where('id', '=', d.id)
      .execute();
    const second = await saleOf(d);
    const refused = await t.request('POST', '/api/sales', { token: d.token, body: second });
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ error: { code: 'unauthorized' } });
    const push = await t.request('POST', '/api/sync/push', {
      token: d.token,
      body: { mutations: [{ id: second.id, type: 'sale.create', payload: second }] },
    });
    expect(push.status).toBe(401);
    // Reads check their token per request while the cache is not trusted.
    expect((await t.request('GET', '/api/device', { token: d.token })).status).toBe(401);
    const stored = await t.server.db.kysely
      .selectFrom('sales')
      .select('id')
      .where('id', '=', second.id)
      .execute();
    expect(stored).toEqual([]);
  });

  it('a till newer than the server whose token another process revoked is told 401, not to retry', async () => {
    const branch = await t.branch('VP9');
    const d = await t.device(branch, 'Kasir 9');
    const first = await saleOf(d);
    expect((await t.request('POST', '/api/sales', { token: d.token, body: first })).status).toBe(201);
    await t.server.db.kysely
      .updateTable('devices')
      .set({ revokedAt: new Date().toISOString() })
      .where('id', '=', d.id)
      .execute();
    // The write route takes the cached token unchecked; with no write to check it, the 503 for a
    // newer till would have it retry for ever.
    const push = await t.request('POST', '/api/sync/push', {
      token: d.token,
      headers: { 'x-kasir-protocol': String(PROTOCOL_VERSION + 1) },
      body: { mutations: [{ id: newId(), type: 'sale.create', payload: await saleOf(d) }] },
    });
    expect(push.status).toBe(401);
    expect(push.body).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it("a device's rights changed by another process: its write answers 503 once, and goes through when sent again", async () => {
    const branch = await t.branch('VP2');
    const d = await t.device(branch, 'Kasir 2');
    expect((await t.request('POST', '/api/sales', { token: d.token, body: await saleOf(d) })).status).toBe(
      201,
    );
    await t.server.db.kysely
      .updateTable('devices')
      .set({ permissions: JSON.stringify(['catalog.edit']) })
      .where('id', '=', d.id)
      .execute();
    const sale = await saleOf(d);
    const changed = await t.request('POST', '/api/sales', { token: d.token, body: sale });
    expect(changed.status).toBe(503);
    expect(changed.body).toMatchObject({ error: { code: 'unavailable' } });
    expect((await t.request('POST', '/api/sales', { token: d.token, body: sale })).status).toBe(201);
  });

  it('a sale of a valid cached token and one of a revoked token in the same group: only the revoked one is refused', async () => {
    const branch = await t.branch('VP3');
    const good = await t.device(branch, 'Kasir 3');
    const bad = await t.device(branch, 'Kasir 4');
    for (const d of [good, bad])
      expect((await t.request('POST', '/api/sales', { token: d.token, body: await saleOf(d) })).status).toBe(
        201,
      );
    await t.server.db.kysely
      .updateTable('devices')
      .set({ revokedAt: new Date().toISOString() })
      .where('id', '=', bad.id)
      .execute();
    const [a, b] = [await saleOf(good), await saleOf(bad)];
    const [ra, rb] = await Promise.all([
      t.request('POST', '/api/sales', { token: good.token, body: a }),
      t.request('POST', '/api/sales', { token: bad.token, body: b }),
    ]);
    expect([ra.status, rb.status]).toEqual([201, 401]);
  });
});

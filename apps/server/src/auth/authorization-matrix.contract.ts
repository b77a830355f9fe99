import { newId, type Product, type PullResponse, type WelcomeEvent } from '@kasir/protocol';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../db/open-database.ts';
import { connect } from '../test/realtime-client.ts';
import { reportAbuse, tally } from '../test/abuse-report.ts';
import {
  ADMIN_TOKEN,
  sampleProducts,
  type Http,
  type TestDevice,
  type TestServer,
} from '../test/test-server.ts';
import { useTestServer } from '../test/use-test-server.ts';

/** Routes anyone may call; any other route in the OpenAPI document must refuse a missing token. */
const PUBLIC_ROUTES = new Set([
  'GET /api/setup/status',
  'POST /api/devices/pair',
  // The back office's sign-in (issue 11): the setup body carries the admin token itself.
  'GET /api/auth/setup',
  'POST /api/auth/setup',
  'POST /api/auth/login',
  'POST /api/auth/logout',
  // An acquirer's webhook: its adapter checks the acquirer's signature (payments/, issue 14).
  'POST /api/payments/webhook/{provider}',
  // Product pictures by their hash (issue 16): a till's <img> cannot send a token.
  'GET /api/images/{hash}/{file}',
]);

/** Admin routes: the admin token or a back-office session; `/api/auth/me` and `password` too. */
const isAdminPath = (path: string) => path.startsWith('/api/admin/') || path.startsWith('/api/auth/');

interface Route {
  readonly method: string;
  /** OpenAPI path, e.g. `/api/admin/devices/{id}`. */
  readonly path: string;
  readonly kind: 'admin' | 'device';
}

type Case =
  'no token' | 'malformed token' | 'revoked token' | 'admin token' | 'device token' | 'other branch';

/** Every route of the OpenAPI document (so a new route is covered without touching this file). */
async function routesOf(t: TestServer): Promise<{ routes: Route[]; publicRoutes: string[] }> {
  const doc = (await t.admin('GET', '/docs/json')).body as {
    paths: Record<string, Record<string, unknown>>;
  };
  const routes: Route[] = [];
  const publicRoutes: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const method of Object.keys(ops)) {
      const m = method.toUpperCase();
      if (PUBLIC_ROUTES.has(`${m} ${path}`)) publicRoutes.push(`${m} ${path}`);
      else routes.push({ method: m, path, kind: isAdminPath(path) ? 'admin' : 'device' });
    }
  }
  return { routes, publicRoutes };
}

const MALFORMED_AUTH = [
  'Bearer',
  'Bearer ',
  'Basic dGVzdDp0ZXN0',
  'bearer kd_',
  'Bearer kd_not-a-real-token',
  `Bearer ${'A'.repeat(4096)}`,
  'Bearer a b',
  'Token abc',
  "Bearer ' OR '1'='1",
  'Bearer %00',
];

function expectRefused(r: Http, what: string): void {
  expect([401, 403], `${what}: ${r.status} ${JSON.stringify(r.body)}`).toContain(r.status);
  expect(r.body, what).toEqual({
    error: {
      code: expect.stringMatching(/^(unauthorized|forbidden)$/) as string,
      message: expect.any(String) as string,
    },
  });
}

/**
 * Authorization matrix (issue 6, Abuse): every admin and device route of the OpenAPI document x
 * {no token, malformed, revoked, admin token on device routes, device token on admin routes, another
 * branch's device}, all refused with 401/403 and the envelope; realtime handshakes likewise, and
 * another branch's socket never hears this branch's events (S13).
 */
export function authorizationMatrixContract(engine: Engine): void {
  describe(`authorization matrix [${engine}]`, () => {
    const t = useTestServer(engine);
    let a1: TestDevice;
    let a2: TestDevice;
    let b1: TestDevice;
    let revoked: TestDevice;
    let products: Product[];
    let routes: Route[];
    const sockets: Socket[] = [];
    const saleA = { id: '' };

    /** A concrete URL for a route: `{id}` is a real device of branch A (the most tempting target). */
    const urlOf = (r: Route) => r.path.replace(/\{[^}]+\}/g, a1.id);
    const call = (r: Route, headers: Record<string, string>) =>
      t.request(r.method, urlOf(r), {
        headers,
        ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { body: {} }),
      });

    beforeAll(async () => {
      const A = await t.branch('MA');
      a1 = await t.device(A, 'Kasir A1');
      a2 = await t.device(A, 'Kasir A2');
      revoked = await t.device(A, 'Kasir lama');
      b1 = await t.device(await t.branch('MB'), 'Kasir B1');
      products = await t.products(sampleProducts(2, 'AM'));
      const sale = t.sale(a1, [{ product: products[0]!, quantity: 3 }]);
      saleA.id = sale.id;
      expect((await t.request('POST', '/api/sales', { token: a1.token, body: sale })).status).toBe(201);
      expect((await t.admin('DELETE', `/api/admin/devices/${revoked.id}`)).status).toBe(204);
      ({ routes } = await routesOf(t));
    });
    afterAll(() => sockets.forEach((s) => s.close()));

    it('S13: the OpenAPI document lists the admin and device routes, and only the known public ones are open', async () => {
      const { publicRoutes } = await routesOf(t);
      expect(publicRoutes.sort()).toEqual([...PUBLIC_ROUTES].sort());
      expect(routes.filter((r) => r.kind === 'admin').length).toBeGreaterThanOrEqual(8);
      expect(routes.filter((r) => r.kind === 'device').length).toBeGreaterThanOrEqual(6);
      for (const p of PUBLIC_ROUTES) {
        const [method, path] = p.split(' ') as [string, string];
        const r = await t.request(method, path, method === 'POST' ? { body: {} } : {});
        expect(r.status, p).toBeLessThan(500);
      }
    });

    it('S13: every route x {no token, malformed, revoked, wrong kind of token} is refused with the envelope', async () => {
      const table: Record<string, Partial<Record<Case, number>>> = {};
      const answers: Record<string, number> = {};
      let tried = 0;
      for (const r of routes) {
        const row: Partial<Record<Case, number>> = {};
        const name = `${r.method} ${r.path}`;
        const attempt = async (c: Case, headers: Record<string, string>) => {
          const res = await call(r, headers);
          expectRefused(res, `${name} / ${c} / ${headers.authorization ?? '-'}`);
          row[c] = res.status;
          tried++;
          tally(answers, res.status);
        };
        await attempt('no token', {});
        for (const h of MALFORMED_AUTH) await attempt('malformed token', { authorization: h });
        await attempt('revoked token', { authorization: `Bearer ${revoked.token}` });
        if (r.kind === 'device') {
          await attempt('admin token', { authorization: `Bearer ${ADMIN_TOKEN}` });
        } else {
          await attempt('device token', { authorization: `Bearer ${a1.token}` });
          await attempt('other branch', { authorization: `Bearer ${b1.token}` });
        }
        table[name] = row;
        // Each route's wrong tokens count against this one address (ADMIN_RATE_LIMIT); the lock-out
        // has tests of its own, so start every route afresh and see the 401/403 itself.
        await t.server.db.kysely.deleteFrom('rateLimits').execute();
      }
      // The table the issue asks for: route x case -> status (printed when a case is missing).
      expect(Object.keys(table).length).toBe(routes.length);
      for (const [name, row] of Object.entries(table)) {
        const device = !isAdminPath(name.split(' ')[1]!);
        const expected: Case[] = device
          ? ['no token', 'malformed token', 'revoked token', 'admin token']
          : ['no token', 'malformed token', 'revoked token', 'device token', 'other branch'];
        expect(Object.keys(row).sort(), name).toEqual([...expected].sort());
      }
      reportAbuse({ engine, inputClass: 'authorization: route x bad token', tried, answers });
    });

    it("S13: reads with another branch's token: no device route returns anything of this branch", async () => {
      const secretsOfA = [a1.branch.id, a1.id, a2.id, saleA.id, a1.token];
      for (const r of routes.filter((x) => x.kind === 'device' && x.method === 'GET')) {
        const res = await t.request('GET', urlOf(r), { token: b1.token });
        expect(res.status, r.path).toBeLessThan(500);
        const text = JSON.stringify(res.body);
        for (const s of secretsOfA) expect(text, `${r.path} leaks ${s}`).not.toContain(s);
      }
      // And the full pull from the empty cursor: the catalog, no stock or sale of branch A.
      const pull = (await t.request('GET', '/api/sync/pull?cursor=0.0&limit=1000', { token: b1.token }))
        .body as PullResponse;
      expect(JSON.stringify(pull)).not.toContain(a1.branch.id);
      expect(pull.changes.filter((c) => c.scope === 'branch')).toEqual([]);
    });

    it("S3/S13: writes aimed at another branch's data are refused and reveal nothing", async () => {
      const before = (await t.request('GET', '/api/sync/pull?cursor=0.0&limit=1000', { token: a1.token }))
        .body;
      // Replaying branch A's sale id from branch B, on both write routes.
      const forged = t.sale(b1, [{ product: products[0]!, quantity: 3 }]);
      const replay = { ...forged, id: saleA.id };
      const direct = await t.request('POST', '/api/sales', { token: b1.token, body: replay });
      expect(direct.status).toBe(409);
      expect(direct.body).toMatchObject({ error: { code: 'idempotency_conflict' } });
      const pushed = await t.request('POST', '/api/sync/push', {
        token: b1.token,
        body: { mutations: [{ id: saleA.id, type: 'sale.create', payload: replay }] },
      });
      expect(pushed.status).toBe(200);
      expect(pushed.body).toMatchObject({ results: [{ id: saleA.id, code: 'idempotency_conflict' }] });
      for (const r of [direct, pushed]) {
        expect(JSON.stringify(r.body)).not.toContain(a1.branch.id);
        expect(JSON.stringify(r.body)).not.toContain(a1.id);
      }
      // A stock count or adjustment from branch B changes branch B's stock only.
      const count = await t.request('POST', '/api/sync/push', {
        token: b1.token,
        body: {
          mutations: [
            {
              id: newId(),
              type: 'stock.count',
              payload: { productId: products[0]!.id, counted: 50, baseVersion: 0 },
            },
          ],
        },
      });
      expect(count.status).toBe(200);
      const after = (await t.request('GET', '/api/sync/pull?cursor=0.0&limit=1000', { token: a1.token }))
        .body;
      expect(after).toEqual(before);
    });

    it('issue 17: catalog writes need catalog.edit, price and tax changes also catalog.price (device x edit)', async () => {
      const editor = await t.device(a1.branch, 'Gudang', ['catalog.edit']);
      const manager = await t.device(a1.branch, 'Manajer', ['catalog.edit', 'catalog.price']);
      const priceOnly = await t.device(a1.branch, 'Harga saja', ['catalog.price']);
      const refused = {
        name: 'rejected forbidden',
        price: 'rejected forbidden',
        taxRate: 'rejected forbidden',
      };
      const who: [string, TestDevice, Record<string, string>][] = [
        ['till of this branch', a1, refused],
        ['till of another branch', b1, refused],
        ['catalog.price alone', priceOnly, refused],
        [
          'catalog.edit',
          editor,
          { name: 'accepted', price: 'conflict needs_approval', taxRate: 'conflict needs_approval' },
        ],
        [
          'catalog.edit + catalog.price',
          manager,
          { name: 'accepted', price: 'accepted', taxRate: 'accepted' },
        ],
      ];
      const answers: Record<string, number> = {};
      for (const [label, device, expected] of who) {
        for (const field of ['name', 'price', 'taxRate'] as const) {
          const pull = (
            await t.request('GET', '/api/sync/pull?cursor=0.0&limit=1000', { token: device.token })
          ).body as PullResponse;
          const p = pull.changes.find((c) => c.kind === 'product' && c.data.id === products[1]!.id)!
            .data as Product;
          const change = { name: `${p.name}!`, price: p.price + 1, taxRate: p.taxRate === 11 ? 12 : 11 }[
            field
          ];
          const r = await t.request('POST', '/api/sync/push', {
            token: device.token,
            body: {
              mutations: [
                {
                  id: newId(),
                  type: 'product.update',
                  payload: { productId: p.id, baseVersion: p.version, changes: { [field]: change } },
                },
              ],
            },
          });
          const res = (
            r.body as { results: { status: string; code?: string; conflict?: { reason?: string } }[] }
          ).results[0]!;
          const got = [res.status, res.code ?? res.conflict?.reason ?? ''].join(' ').trim();
          expect(got, `${label} / ${field}`).toBe(expected[field]);
          tally(answers, got);
        }
      }
      reportAbuse({
        engine,
        inputClass: 'authorization: catalog write x device permission',
        tried: 15,
        answers,
      });
    });

    it('S13: realtime refuses missing, malformed, revoked and admin tokens at the handshake', async () => {
      const refused = async (auth: unknown) => {
        const s = io(t.url, {
          auth: auth as Record<string, unknown>,
          transports: ['websocket'],
          reconnection: false,
        });
        sockets.push(s);
        const err = await new Promise<{ data?: unknown }>((resolve) =>
          s.on('connect_error', (e) => resolve(e as { data?: unknown })),
        );
        expect(err.data, JSON.stringify(auth)).toMatchObject({ error: { code: 'unauthorized' } });
      };
      await refused({});
      await refused({ token: '' });
      await refused({ token: 42 });
      await refused({ token: { $ne: null } });
      await refused({ token: ['kd_x'] });
      await refused({ token: 'A'.repeat(10_000) });
      await refused({ token: revoked.token });
      await refused({ token: ADMIN_TOKEN });
    });

    it("S6/S13: another branch's socket hears none of this branch's events, from any write path", async () => {
      const ra = await connect(t.url, a2.token);
      const rb = await connect(t.url, b1.token);
      sockets.push(ra.socket, rb.socket);
      await ra.rec.waitFor<WelcomeEvent>('welcome');
      await rb.rec.waitFor<WelcomeEvent>('welcome');
      const sale = t.sale(a1, [{ product: products[1]!, quantity: 1 }]);
      expect((await t.request('POST', '/api/sales', { token: a1.token, body: sale })).status).toBe(201);
      const pushedSale = t.sale(a1, [{ product: products[1]!, quantity: 2 }]);
      const push = await t.request('POST', '/api/sync/push', {
        token: a1.token,
        body: {
          mutations: [
            { id: pushedSale.id, type: 'sale.create', payload: pushedSale },
            {
              id: newId(),
              type: 'stock.adjust',
              payload: { productId: products[1]!.id, delta: 5, reason: 'receive' },
            },
          ],
        },
      });
      expect(push.status).toBe(200);
      const adm = await t.admin('POST', '/api/admin/stock', {
        branchId: a1.branch.id,
        productId: products[0]!.id,
        delta: 7,
        reason: 'receive',
      });
      expect(adm.status).toBe(201);
      await ra.rec.waitFor('new_sale', (e: { sale: { id: string } }) => e.sale.id === pushedSale.id);
      await ra.rec.waitFor(
        'stock_changed',
        (e: { onHand: number; productId: string }) => e.productId === products[0]!.id,
      );
      await new Promise((r) => setTimeout(r, 200));
      const leaked = rb.rec.events.filter(
        (e) =>
          JSON.stringify(e.data).includes(a1.branch.id) ||
          e.name === 'new_sale' ||
          e.name === 'stock_changed',
      );
      expect(leaked).toEqual([]);
    });
  });
}

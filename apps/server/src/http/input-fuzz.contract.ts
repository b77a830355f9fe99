import { newId, seededRandom, type Product, type Random } from '@kasir/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../db/open-database.ts';
import { reportAbuse, tally } from '../test/abuse-report.ts';
import { ADMIN_TOKEN, sampleProducts, type Http, type TestDevice } from '../test/test-server.ts';
import { useTestServer } from '../test/use-test-server.ts';

/** Inputs per route: a short seeded run in CI; `KASIR_FUZZ_RUNS=20000 KASIR_FUZZ_SEED=...` for a long one. */
const RUNS = Number(process.env.KASIR_FUZZ_RUNS ?? 300);
const SEED = Number(process.env.KASIR_FUZZ_SEED ?? 6);

const pick = <T>(r: Random, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

const HUGE = [1e308, -1e308, 2 ** 53 + 1, -(2 ** 63), 1e21, Number.MAX_SAFE_INTEGER * 1000];
const NAN_LIKE = ['NaN', 'Infinity', '-Infinity', '1e999', '-0', '0x10', '12', '', ' ', 'null', 'undefined'];
const NASTY_STRINGS = [
  'a\u0000b',
  '\u0000',
  '\ud800',
  '\udfff\ud800',
  '\u202eKASIR',
  '🧾💸'.repeat(50),
  'ä'.repeat(5000),
  'x'.repeat(100_000),
  "'; drop table sales; --",
  '{{7*7}}',
  '<script>alert(1)</script>',
];

/** A JSON value of no particular shape, nasty at the leaves. */
function junk(r: Random, depth = 0): unknown {
  const k = Math.floor(r() * (depth > 3 ? 6 : 9));
  switch (k) {
    case 0:
      return pick(r, HUGE);
    case 1:
      return pick(r, NAN_LIKE);
    case 2:
      return pick(r, NASTY_STRINGS);
    case 3:
      return pick(r, [true, false, null, 0, -1, 0.5]);
    case 4:
      return Math.floor(r() * 2e9) - 1e9;
    case 5:
      return pick(r, [
        {},
        [],
        JSON.parse('{"__proto__":{"admin":true}}') as unknown,
        { constructor: { prototype: { x: 1 } } },
      ]);
    case 6:
      return Array.from({ length: Math.floor(r() * 4) }, () => junk(r, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: Math.floor(r() * 4) }, () => [
          pick(r, ['id', 'code', 'lines', 'x', '__proto__']),
          junk(r, depth + 1),
        ]),
      );
  }
}

/** A value of another JSON type than `v` (never null or a same-typed value, so the result is invalid). */
function wrongType(r: Random, v: unknown): unknown {
  if (typeof v === 'string') return pick(r, [12345, true, {}, [], ...HUGE]);
  if (typeof v === 'number') return pick(r, [...NAN_LIKE, ...HUGE, true, {}, [], 'ribu']);
  if (typeof v === 'boolean') return pick(r, ['true', 1, {}, []]);
  if (Array.isArray(v)) return pick(r, [{}, 'x', 0, true]);
  return pick(r, [[], 'x', 0, true]);
}

const MONEY_KEYS = new Set(['price', 'unitPrice', 'amount', 'discount', 'total']);

/** Every path to a leaf or a node of a JSON value. */
function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = at.length > 0 ? [at] : [];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...at, i])));
  else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  }
  return out;
}
function getAt(v: unknown, p: (string | number)[]): unknown {
  return p.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], v);
}
function setAt(v: unknown, p: (string | number)[], x: unknown): unknown {
  const copy = structuredClone(v);
  const parent = getAt(copy, p.slice(0, -1)) as Record<string | number, unknown>;
  parent[p[p.length - 1]!] = x;
  return copy;
}
function nest(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = i % 2 === 0 ? [v] : { a: v };
  return v;
}

/** One invalid body, derived from a valid one or made up. `what` names the case for failure messages. */
function invalidBody(r: Random, valid: unknown): { what: string; body: unknown } {
  const all = paths(valid);
  const roll = r();
  if (roll < 0.55 && all.length > 0) {
    const p = pick(r, all);
    const x = wrongType(r, getAt(valid, p));
    return { what: `wrong type at ${p.join('.')}`, body: setAt(valid, p, x) };
  }
  if (roll < 0.7) {
    const money = all.filter((p) => MONEY_KEYS.has(String(p[p.length - 1])));
    if (money.length > 0) {
      const p = pick(r, money);
      return {
        what: `negative/huge money at ${p.join('.')}`,
        body: setAt(valid, p, pick(r, [-1, -1e15, 1e308, 0.5])),
      };
    }
  }
  if (roll < 0.8) return { what: 'deep nesting', body: nest(200 + Math.floor(r() * 2000)) };
  return { what: 'junk', body: junk(r) };
}

interface Target {
  readonly method: string;
  readonly path: string;
  readonly token: 'admin' | 'device';
  /** What `{id}` in the path stands for; the device's id when left out. */
  readonly id?: () => string;
  valid(): unknown;
}

/**
 * Input fuzzing (issue 6, Abuse): for every route with a body, seeded invalid bodies (wrong types,
 * huge numbers, negative money, NaN-like strings, deep nesting, nasty strings, raw garbage, 10 MB,
 * a 10,000-line sale) are answered with a 4xx and the envelope; the server stays healthy, and what
 * was stored before is unchanged.
 */
export function inputFuzzContract(engine: Engine): void {
  describe(`input fuzzing [${engine}] (seed ${SEED}, ${RUNS} per route)`, () => {
    // Sign-in slow-down (accounts/login-throttle.ts) would make fuzzed logins wait seconds each.
    // Sign-in slow-down (accounts/login-throttle.ts) would make fuzzed logins wait seconds each.
    // This suite tests input validation, not rate limits (device-abuse.contract.ts does): at
    // KASIR_FUZZ_RUNS=500 one device token sends thousands of requests back to back, and the
    // default per-device bucket would answer 429 before the body is looked at.
    const t = useTestServer(engine, {
      backOffice: { sleep: () => Promise.resolve() },
      deviceLimits: { burst: 1_000_000, ratePerS: 1_000_000 },
    });
    let dev: TestDevice;
    let products: Product[];
    let targets: Target[];
    let snapshot: () => Promise<unknown>;

    const send = (tg: Target, opts: { body?: unknown; raw?: string; headers?: Record<string, string> }) =>
      t.request(tg.method, tg.path.replace('{id}', tg.id?.() ?? dev.id), {
        token: tg.token === 'admin' ? ADMIN_TOKEN : dev.token,
        ...opts,
      });
    const expectEnvelope4xx = (r: Http, what: string) => {
      const msg = `${what} -> ${r.status} ${JSON.stringify(r.body)?.slice(0, 300)} (seed ${SEED})`;
      expect(r.status >= 400 && r.status < 500, msg).toBe(true);
      expect(r.body, msg).toMatchObject({
        error: { code: expect.any(String) as string, message: expect.any(String) as string },
      });
    };

    beforeAll(async () => {
      const branch = await t.branch('FZ');
      dev = await t.device(branch);
      products = await t.products(sampleProducts(3, 'FZ'));
      expect(
        (
          await t.request('POST', '/api/sales', {
            token: dev.token,
            body: t.sale(dev, [{ product: products[0]!, quantity: 2 }]),
          })
        ).status,
      ).toBe(201);
      let pushKind = 0;
      const sale = () =>
        t.sale(dev, [
          { product: products[1]!, quantity: 1 },
          { product: products[2]!, quantity: 3 },
        ]);
      const known: Record<string, () => unknown> = {
        'POST /api/admin/branches': () => ({ code: 'FZ2', name: 'Cabang' }),
        'POST /api/admin/devices': () => ({ branchId: branch.id, name: 'Kasir' }),
        'PATCH /api/admin/devices/{id}': () => ({ name: 'Kasir', permissions: [] }),
        'PUT /api/admin/products': () => [
          { sku: 'FZ0001', name: 'Produk', price: 1000, barcode: '8990000000001', category: 'Makanan' },
        ],
        'POST /api/admin/stock': () => ({
          branchId: branch.id,
          productId: products[0]!.id,
          delta: 5,
          reason: 'receive',
        }),
        'POST /api/devices/pair': () => ({ code: 'ABCD-EFGH' }),
        // The back office (issue 11).
        'POST /api/admin/accounts': () => ({
          username: 'fz.manajer',
          displayName: 'Manajer',
          password: 'rahasia-1234',
          role: 'manager',
          branchIds: [branch.id],
        }),
        'PATCH /api/admin/accounts/{id}': () => ({ displayName: 'Manajer' }),
        'PATCH /api/admin/branches/{id}': () => ({ name: 'Cabang', openingHours: null }),
        'POST /api/admin/products': () => ({ sku: 'FZ-N1', name: 'Produk', price: 1000, unit: 'pcs' }),
        'PATCH /api/admin/products/{id}': () => ({ price: 1500, active: false }),
        'POST /api/admin/products/import': () => ({
          branchId: branch.id,
          dryRun: true,
          rows: [{ sku: 'FZ-I1', name: 'Produk', price: 1000, stock: 3 }],
        }),
        'POST /api/admin/devices/{id}/commands': () => ({ type: 'sync_now' }),
        'POST /api/admin/staff': () => ({
          name: 'Kasir',
          role: 'cashier',
          branchIds: [branch.id],
          pin: '1234',
        }),
        'PATCH /api/admin/staff/{id}': () => ({ name: 'Kasir Baru' }),
        'POST /api/auth/setup': () => ({
          setupToken: 'not-the-token-0000',
          username: 'pemilik',
          displayName: 'Pemilik',
          password: 'rahasia-1234',
        }),
        'POST /api/auth/login': () => ({ username: 'pemilik', password: 'rahasia-1234' }),
        'POST /api/auth/password': () => ({ currentPassword: 'rahasia-1234', newPassword: 'rahasia-5678' }),
        'POST /api/device/health': () => ({
          unsyncedSales: 0,
          oldestUnsyncedAt: null,
          lastSyncAt: null,
          appVersion: '1.0.0',
          protocolVersion: 1,
        }),
        'POST /api/sales': sale,
        // Stock operations (issue 12).
        'POST /api/admin/suppliers': () => ({ id: newId(), name: 'Pemasok' }),
        'POST /api/admin/receipts': () => ({
          id: newId(),
          branchId: branch.id,
          lines: [{ productId: products[0]!.id, quantity: 2, unitCost: 500 }],
        }),
        'POST /api/admin/transfers': () => ({
          fromBranchId: branch.id,
          transferId: newId(),
          toBranchId: branch.id,
          lines: [{ productId: products[0]!.id, quantity: 1 }],
        }),
        'POST /api/admin/transfers/{id}/receive': () => ({ lines: [] }),
        'POST /api/admin/stocktakes': () => ({ id: newId(), branchId: branch.id }),
        'POST /api/admin/stocktakes/{id}/close': () => ({ uncounted: 'keep' }),
        'PUT /api/admin/stock/minimum': () => ({
          branchId: branch.id,
          productId: products[0]!.id,
          minimum: 2,
        }),
        // One mutation per push, so every fuzzed push must be rejected as a whole (S9).
        'POST /api/sync/push': () => {
          const s = sale();
          const kinds = [
            { id: s.id, type: 'sale.create', payload: s },
            {
              id: newId(),
              type: 'stock.count',
              payload: { productId: products[0]!.id, counted: 4, baseVersion: 1 },
            },
            {
              id: newId(),
              type: 'product.update',
              payload: { productId: products[0]!.id, baseVersion: 1, changes: { price: 1500 } },
            },
          ];
          return { mutations: [kinds[pushKind++ % kinds.length]] };
        },
      };
      const doc = (await t.admin('GET', '/docs/json')).body as {
        paths: Record<string, Record<string, { requestBody?: unknown }>>;
      };
      targets = [];
      for (const [path, ops] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(ops)) {
          if (op.requestBody === undefined) continue;
          const key = `${method.toUpperCase()} ${path}`;
          targets.push({
            method: method.toUpperCase(),
            path,
            token: path.startsWith('/api/admin/') || path.startsWith('/api/auth/') ? 'admin' : 'device',
            valid: known[key] ?? (() => ({})),
          });
        }
      }
      // A picture's upload takes raw bytes (any Content-Type, sniffed), so the OpenAPI document has
      // no JSON body for it; every fuzzed body must still be refused (image_unsupported or
      // image_too_large) and leave the product as it was.
      targets.push({
        method: 'PUT',
        path: '/api/admin/products/{id}/image',
        token: 'admin',
        id: () => products[0]!.id,
        valid: () => ({}),
      });
      snapshot = async () => {
        const r = await t.request('GET', '/api/sync/pull?cursor=0.0&limit=1000', { token: dev.token });
        expect(r.status).toBe(200);
        const { serverTime: _, ...rest } = r.body as Record<string, unknown>;
        return rest;
      };
    });

    it('covers every route with a body in the OpenAPI document, each with a known valid seed', () => {
      expect(targets.map((x) => `${x.method} ${x.path}`).sort()).toEqual([
        'PATCH /api/admin/accounts/{id}',
        'PATCH /api/admin/branches/{id}',
        'PATCH /api/admin/devices/{id}',
        'PATCH /api/admin/products/{id}',
        'PATCH /api/admin/staff/{id}',
        'POST /api/admin/accounts',
        'POST /api/admin/branches',
        'POST /api/admin/devices',
        'POST /api/admin/devices/{id}/commands',
        'POST /api/admin/products',
        'POST /api/admin/products/import',
        'POST /api/admin/receipts',
        'POST /api/admin/staff',
        'POST /api/admin/stock',
        'POST /api/admin/stocktakes',
        'POST /api/admin/stocktakes/{id}/close',
        'POST /api/admin/suppliers',
        'POST /api/admin/transfers',
        'POST /api/admin/transfers/{id}/receive',
        'POST /api/auth/login',
        'POST /api/auth/password',
        'POST /api/auth/setup',
        'POST /api/device/health',
        'POST /api/devices/pair',
        'POST /api/sales',
        'POST /api/sync/push',
        'PUT /api/admin/products',
        'PUT /api/admin/products/{id}/image',
        'PUT /api/admin/stock/minimum',
      ]);
    });

    it('S9: fuzzed bodies get a 4xx with the envelope, the server stays healthy, nothing stored changes', async () => {
      const before = await snapshot();
      const r = seededRandom(SEED);
      const classes: Record<string, number> = {};
      const answers: Record<string, Record<string, number>> = {};
      for (const tg of targets) {
        for (let i = 0; i < RUNS; i++) {
          const { what, body } = invalidBody(r, tg.valid());
          const kind = what.split(' at ')[0]!;
          classes[kind] = (classes[kind] ?? 0) + 1;
          const res = await send(tg, { body });
          tally(
            (answers[kind] ??= {}),
            tg.path === '/api/sync/push' && res.status === 200 ? '200, mutation rejected' : res.status,
          );
          if (tg.path === '/api/sync/push' && res.status === 200) {
            // Per-mutation validation (S9): a bad mutation is rejected alone, never applied.
            const results = (res.body as { results: { status: string }[] }).results;
            expect(
              results.every((x) => x.status === 'rejected'),
              `${what}: ${JSON.stringify(res.body).slice(0, 300)}`,
            ).toBe(true);
            continue;
          }
          expectEnvelope4xx(res, `${tg.method} ${tg.path} ${what}`);
        }
      }
      expect((await t.request('GET', '/healthz')).status).toBe(200);
      expect(await snapshot()).toEqual(before);
      expect(Object.keys(classes).length).toBeGreaterThanOrEqual(4);
      for (const [kind, tried] of Object.entries(classes))
        reportAbuse({ engine, inputClass: `fuzzed body: ${kind}`, tried, answers: answers[kind] ?? {} });
      // 300 bodies for each of the 18 routes with one since the back office (issue 11).
    }, 120_000);

    it('S9: raw garbage, wrong media types, 10 MB bodies and a 10,000-line sale are refused with the envelope', async () => {
      const before = await snapshot();
      const tenMb = JSON.stringify({ pad: 'x'.repeat(10 * 1024 * 1024) });
      const answers: Record<string, Record<string, number>> = {};
      const counted = (kind: string, res: Http): Http => (tally((answers[kind] ??= {}), res.status), res);
      for (const tg of targets) {
        const name = `${tg.method} ${tg.path}`;
        for (const raw of [
          '{',
          'null',
          '[]',
          '"x"',
          '1e999',
          'NaN',
          '\u0000',
          '{"a":1,"a":2',
          '['.repeat(100_000),
          `{"__proto__":{"x":1}}`,
        ]) {
          expectEnvelope4xx(
            counted('raw garbage', await send(tg, { raw })),
            `${name} raw ${raw.slice(0, 20)}`,
          );
        }
        expectEnvelope4xx(
          counted(
            'wrong media type',
            await send(tg, { raw: 'code=1', headers: { 'content-type': 'text/plain' } }),
          ),
          `${name} text/plain`,
        );
        expectEnvelope4xx(counted('10 MB body', await send(tg, { raw: tenMb })), `${name} 10 MB`);
      }
      const sale = t.sale(dev, [{ product: products[0]!, quantity: 1 }]);
      const line = sale.lines[0]!;
      const huge = {
        ...sale,
        lines: Array.from({ length: 10_000 }, () => line),
        payments: [{ method: 'cash', amount: 10_000 * line.unitPrice }],
      };
      const r = await t.request('POST', '/api/sales', { token: dev.token, body: huge });
      expectEnvelope4xx(counted('10,000-line sale', r), '10,000-line sale');
      const pushed = await t.request('POST', '/api/sync/push', {
        token: dev.token,
        body: { mutations: [{ id: huge.id, type: 'sale.create', payload: huge }] },
      });
      expect(
        pushed.status === 413 ||
          (pushed.body as { results?: { status: string }[] }).results?.[0]?.status === 'rejected',
      ).toBe(true);
      expect((await t.request('GET', '/healthz')).status).toBe(200);
      expect(await snapshot()).toEqual(before);
      for (const [kind, a] of Object.entries(answers))
        reportAbuse({
          engine,
          inputClass: kind,
          tried: Object.values(a).reduce((x, y) => x + y, 0),
          answers: a,
        });
    });

    it('S7/S9: nasty strings in any text field are stored faithfully or refused with a 4xx, never a 5xx', async () => {
      const r = seededRandom(SEED + 1);
      const answers: Record<string, number> = {};
      for (const tg of targets) {
        const valid = tg.valid();
        const texts = paths(valid).filter((p) => typeof getAt(valid, p) === 'string');
        for (let i = 0; i < Math.min(RUNS, 40); i++) {
          if (texts.length === 0) break;
          const p = pick(r, texts);
          const s = pick(r, NASTY_STRINGS);
          const res = await send(tg, { body: setAt(valid, p, s) });
          const msg = `${tg.method} ${tg.path} ${p.join('.')}=${JSON.stringify(s.slice(0, 20))} -> ${res.status} ${JSON.stringify(res.body)?.slice(0, 200)}`;
          tally(answers, res.status);
          expect(res.status, msg).toBeLessThan(500);
          if (res.status >= 400)
            expect(res.body, msg).toMatchObject({ error: { code: expect.any(String) as string } });
        }
      }
      expect((await t.request('GET', '/healthz')).status).toBe(200);
      const tried = Object.values(answers).reduce((x, y) => x + y, 0);
      reportAbuse({ engine, inputClass: 'nasty strings in text fields', tried, answers });
    });
  });
}

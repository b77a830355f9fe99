import type { Account, AuditPage, Branch, Me } from '@kasir/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../db/open-database.ts';
import { ADMIN_TOKEN, type Http, type TestServer } from '../test/test-server.ts';
import { useTestServer } from '../test/use-test-server.ts';

const PASSWORD = 'rahasia-sekali-1';

/** A browser: keeps the session cookie and sends the server's own Origin on writes. */
function browser(t: TestServer, origin: string | null = t.url) {
  let cookie: string | undefined;
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const h: Record<string, string> = { ...headers };
    if (cookie !== undefined) h.cookie = cookie;
    if (origin !== null && method !== 'GET') h.origin = origin;
    const r = await t.request(method, path, { headers: h, ...(body === undefined ? {} : { body }) });
    const set = r.headers.get('set-cookie');
    if (set !== null) cookie = set.split(';')[0];
    return r;
  };
  return { call, cookie: () => cookie, setCookie: (c: string | undefined) => (cookie = c) };
}

function expectError(r: Http, status: number, code: string): void {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.body).toMatchObject({ error: { code } });
}

/** Issue 11, accounts and sessions: setup, login, roles, cookies, audit. */
export function backOfficeAuthContract(engine: Engine): void {
  describe(`back office accounts and sessions [${engine}]`, () => {
    const sleeps: number[] = [];
    const t = useTestServer(engine, {
      backOffice: {
        loginThrottle: { windowMs: 60_000, free: 2, baseDelayMs: 10, maxDelayMs: 40, addressLimit: 1000 },
        sleep: (ms) => {
          sleeps.push(ms);
          return Promise.resolve();
        },
      },
    });
    const owner = () => browser(t);
    let ownerB: ReturnType<typeof browser>;
    let jkt: Branch;
    let bdg: Branch;
    beforeAll(() => {
      ownerB = owner();
    });

    it('creates the owner once with the setup token; then 409', async () => {
      expect((await t.request('GET', '/api/auth/setup')).body).toEqual({ needsOwner: true });
      const body = {
        setupToken: 'wrong-token-0123456789',
        username: 'Pemilik',
        displayName: 'Bu Sari',
        password: PASSWORD,
      };
      expectError(await ownerB.call('POST', '/api/auth/setup', body), 401, 'unauthorized');
      expectError(
        await ownerB.call('POST', '/api/auth/setup', { ...body, setupToken: ADMIN_TOKEN, password: 'short' }),
        400,
        'validation_failed',
      );
      const r = await ownerB.call('POST', '/api/auth/setup', { ...body, setupToken: ADMIN_TOKEN });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ username: 'pemilik', role: 'owner' });
      const set = r.headers.get('set-cookie')!;
      expect(set).toMatch(/^kasir_session=/);
      expect(set).toMatch(/HttpOnly/i);
      expect(set).toMatch(/SameSite=Strict/i);
      expect(set).not.toMatch(/Secure/i); // plain http here
      const again = await browser(t).call('POST', '/api/auth/setup', {
        ...body,
        setupToken: ADMIN_TOKEN,
        username: 'lain',
      });
      expectError(again, 409, 'already_exists');
      expect((await t.request('GET', '/api/auth/setup')).body).toEqual({ needsOwner: false });
    });

    it('accepts the session wherever the token is; a cookie write needs the same Origin', async () => {
      expect((await ownerB.call('GET', '/api/auth/me')).body).toMatchObject({
        username: 'pemilik',
        role: 'owner',
      });
      const noOrigin = browser(t, null);
      noOrigin.setCookie(ownerB.cookie());
      expectError(
        await noOrigin.call('POST', '/api/admin/branches', { code: 'X1', name: 'X' }),
        403,
        'forbidden',
      );
      const evil = browser(t, 'http://evil.example');
      evil.setCookie(ownerB.cookie());
      expectError(
        await evil.call('POST', '/api/admin/branches', { code: 'X1', name: 'X' }),
        403,
        'forbidden',
      );
      const made = await ownerB.call('POST', '/api/admin/branches', { code: 'JKT', name: 'Jakarta' });
      expect(made.status).toBe(201);
      jkt = made.body as Branch;
      bdg = await t.branch('BDG');
      expect((await noOrigin.call('GET', '/api/admin/branches')).status).toBe(200);
      const me = (await t.admin('GET', '/api/auth/me')).body as Me;
      expect(me).toMatchObject({ username: 'admin-token', role: 'owner', canEditCatalog: true });
      expect(me.branchIds.sort()).toEqual([jkt.id, bdg.id].sort());
    });

    it('refuses a wrong password and slows repeated guesses without refusing the right one', async () => {
      const b = browser(t);
      for (let i = 0; i < 4; i++) {
        expectError(
          await b.call('POST', '/api/auth/login', { username: 'pemilik', password: 'salah-salah-salah' }),
          401,
          'unauthorized',
        );
      }
      expectError(
        await b.call('POST', '/api/auth/login', { username: 'nobody', password: 'salah-salah-salah' }),
        401,
        'unauthorized',
      );
      // free: 2 failures, then 10, 20, 40 (capped) ms before each check.
      expect(sleeps.slice(0, 2)).toEqual([10, 20]);
      const ok = await b.call('POST', '/api/auth/login', { username: 'PEMILIK', password: PASSWORD });
      expect(ok.status).toBe(200);
      expect(sleeps.length).toBeGreaterThanOrEqual(3);
    });

    it('a manager sees only their branches: another branch is 403, accounts are the owner’s', async () => {
      const created = await ownerB.call('POST', '/api/admin/accounts', {
        username: 'manajer.bdg',
        displayName: 'Pak Budi',
        password: PASSWORD,
        role: 'manager',
        branchIds: [bdg.id],
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ role: 'manager', branchIds: [bdg.id], canEditCatalog: false });
      expectError(
        await ownerB.call('POST', '/api/admin/accounts', {
          username: 'manajer.bdg',
          displayName: 'x',
          password: PASSWORD,
          role: 'manager',
          branchIds: [bdg.id],
        }),
        409,
        'already_exists',
      );
      const m = browser(t);
      expect(
        (await m.call('POST', '/api/auth/login', { username: 'manajer.bdg', password: PASSWORD })).status,
      ).toBe(200);
      expect((await m.call('GET', '/api/auth/me')).body).toEqual({
        username: 'manajer.bdg',
        displayName: 'Pak Budi',
        role: 'manager',
        branchIds: [bdg.id],
        canEditCatalog: false,
      });
      expectError(await m.call('GET', `/api/admin/sales?branchId=${jkt.id}`), 403, 'forbidden');
      expect((await m.call('GET', `/api/admin/sales?branchId=${bdg.id}`)).status).toBe(200);
      expectError(await m.call('GET', `/api/admin/reports/summary?branchId=${jkt.id}`), 403, 'forbidden');
      expect(((await m.call('GET', '/api/admin/branches')).body as Branch[]).map((b) => b.code)).toEqual([
        'BDG',
      ]);
      expectError(await m.call('GET', '/api/admin/accounts'), 403, 'forbidden');
      expectError(await m.call('POST', '/api/admin/branches', { code: 'M1', name: 'M' }), 403, 'forbidden');
      expectError(
        await m.call('POST', '/api/admin/devices', { branchId: jkt.id, name: 'K' }),
        403,
        'forbidden',
      );
      expect((await m.call('POST', '/api/admin/devices', { branchId: bdg.id, name: 'K' })).status).toBe(201);
      expectError(
        await m.call('POST', '/api/admin/products', { sku: 'M-1', name: 'x', price: 1000 }),
        403,
        'forbidden',
      );
      expect((await m.call('GET', '/api/admin/products')).status).toBe(200);
    });

    it('a password change signs out the other sessions; logout ends the session everywhere', async () => {
      const a = browser(t);
      const b = browser(t);
      for (const x of [a, b])
        expect(
          (await x.call('POST', '/api/auth/login', { username: 'manajer.bdg', password: PASSWORD })).status,
        ).toBe(200);
      expectError(
        await a.call('POST', '/api/auth/password', {
          currentPassword: 'salah-salah-salah',
          newPassword: 'baru-sekali-123',
        }),
        401,
        'unauthorized',
      );
      expect(
        (
          await a.call('POST', '/api/auth/password', {
            currentPassword: PASSWORD,
            newPassword: 'baru-sekali-123',
          })
        ).status,
      ).toBe(204);
      expect((await a.call('GET', '/api/auth/me')).status).toBe(200);
      expectError(await b.call('GET', '/api/auth/me'), 401, 'unauthorized');
      const kept = a.cookie();
      expect((await a.call('POST', '/api/auth/logout')).status).toBe(204);
      const stale = browser(t);
      stale.setCookie(kept);
      expectError(await stale.call('GET', '/api/auth/me'), 401, 'unauthorized');
    });

    it('answers /admin/* with the back office page, never the till or an API error', async () => {
      // Not built in tests: the page says how to build it (503), for every client-side route.
      for (const path of ['/admin', '/admin/', '/admin/products?q=kopi']) {
        const r = await t.request('GET', path);
        expect(r.headers.get('content-type'), path).toContain('text/html');
        expect(String(r.body), path).toContain('@kasir/admin');
      }
      expect((await t.request('GET', '/api/admin/nope')).body).toMatchObject({
        error: { code: 'not_found' },
      });
    });

    it('records who made each admin write in the audit log (owners only)', async () => {
      const page = (await ownerB.call('GET', '/api/admin/audit?limit=100')).body as AuditPage;
      const actions = page.items.map((e) => e.action);
      expect(actions).toContain('branch.create');
      expect(actions).toContain('account.create');
      expect(actions).toContain('auth.password');
      const jktEntry = page.items.find((e) => e.action === 'branch.create' && e.entityId === jkt.id)!;
      expect(jktEntry.actor).toMatchObject({ kind: 'account', username: 'pemilik' });
      // The summary names what a person recognises, not an id.
      expect(jktEntry.summary).toBe(`branch.create ${jkt.code} · ${jkt.name}`);
      const bdgEntry = page.items.find((e) => e.action === 'branch.create' && e.entityId === bdg.id)!;
      expect(bdgEntry.actor).toEqual({ kind: 'token' });
      expect(JSON.stringify(page.items)).not.toContain(PASSWORD);
      const ids = page.items.map((e) => e.id);
      expect([...ids].sort().reverse()).toEqual(ids);
      const two = (await t.admin('GET', '/api/admin/audit?limit=2')).body as AuditPage;
      const next = (await t.admin('GET', `/api/admin/audit?limit=2&cursor=${two.cursor!}`)).body as AuditPage;
      expect(next.items[0]!.id < two.items[1]!.id).toBe(true);
      const accounts = (await t.admin('GET', '/api/admin/accounts')).body as Account[];
      expect(accounts.map((a) => a.username)).toEqual(['manajer.bdg', 'pemilik']);
    });
  });
}

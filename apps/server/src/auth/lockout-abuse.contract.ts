import type { PairingCodeResponse } from '@kasir/protocol';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../db/open-database.ts';
import { PAIRING_RATE_LIMIT } from '../devices/pairing-routes.ts';
import { reportAbuse, tally } from '../test/abuse-report.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../test/test-server.ts';
import { useTestServer } from '../test/use-test-server.ts';
import { ADMIN_RATE_LIMIT } from './auth-hooks.ts';

const wrongToken = (i: number) => `guess-${i}-${'x'.repeat(30)}`;

/**
 * Lockouts someone else triggers (issue 17, item 3): guessing from an address slows that
 * address's guesses, but the right admin token and a valid pairing code are always served, and a
 * locked-out address's guesses cost no database write.
 */
export function lockoutAbuseContract(engine: Engine): void {
  describe(`lockout abuse [${engine}]`, () => {
    const t = useTestServer(engine);
    let proxied: TestServer;
    const answers: Record<string, number> = {};
    let tried = 0;
    beforeAll(async () => {
      // Behind a reverse proxy on 127.0.0.1: every client shares the proxy's socket address.
      proxied = await startTestServer(engine, { trustProxy: ['127.0.0.1'] });
    });
    afterAll(async () => {
      reportAbuse({ engine, inputClass: 'lockout attempts from another address', tried, answers });
      await proxied.close();
    });

    const adminGet = (s: TestServer, token: string, from: { ip?: string; forwardedFor?: string }) =>
      s.server.app.inject({
        method: 'GET',
        url: '/api/admin/branches',
        ...(from.ip === undefined ? {} : { remoteAddress: from.ip }),
        headers: {
          authorization: `Bearer ${token}`,
          ...(from.forwardedFor === undefined ? {} : { 'x-forwarded-for': from.forwardedFor }),
        },
      });
    const count = (label: string, status: number) => {
      tried++;
      tally(answers, `${label}: ${status}`);
      return status;
    };

    /** What the database holds that a guess could write, and SQLite's count of changed rows. */
    const writes = async (s: TestServer) => {
      const rows = await s.server.db.kysely.selectFrom('rateLimits').selectAll().orderBy('bucket').execute();
      const codes = await s.server.db.kysely
        .selectFrom('pairingCodes')
        .selectAll()
        .orderBy('codeHash')
        .execute();
      const changes =
        s.server.db.engine === 'sqlite'
          ? (await sql<{ n: number }>`select total_changes() as n`.execute(s.server.db.kysely)).rows[0]?.n
          : undefined;
      return { rows, codes, changes };
    };

    it("S13: a lockout from the owner's own address does not refuse the owner's right admin token", async () => {
      // A page open on the shop computer guesses from the owner's address.
      const shop = '203.0.113.7';
      for (let i = 0; i < ADMIN_RATE_LIMIT.limit; i++) {
        expect(count('guess', (await adminGet(t, wrongToken(i), { ip: shop })).statusCode)).toBe(401);
      }
      const locked = await adminGet(t, wrongToken(-1), { ip: shop });
      expect(count('guess while locked out', locked.statusCode)).toBe(429);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
      // The owner, same address, right token: served.
      expect(
        count("owner's right token, same address", (await adminGet(t, ADMIN_TOKEN, { ip: shop })).statusCode),
      ).toBe(200);
      // Locked-out guesses are still refused, and write nothing.
      const before = await writes(t);
      const more = await Promise.all(
        Array.from({ length: 10 }, (_, i) => adminGet(t, wrongToken(1000 + i), { ip: shop })),
      );
      for (const r of more) expect(count('guess while locked out', r.statusCode)).toBe(429);
      expect(await writes(t)).toEqual(before);
    });

    it('S13: behind a trusted proxy, one client locking itself out does not lock out the owner', async () => {
      const attacker = { forwardedFor: '198.51.100.66' };
      for (let i = 0; i < ADMIN_RATE_LIMIT.limit; i++) {
        expect(count('guess via proxy', (await adminGet(proxied, wrongToken(i), attacker)).statusCode)).toBe(
          401,
        );
      }
      expect(
        count(
          'guess via proxy while locked out',
          (await adminGet(proxied, wrongToken(-1), attacker)).statusCode,
        ),
      ).toBe(429);
      // The owner, another client of the same proxy: right token served, a typo is a plain 401.
      const owner = { forwardedFor: '198.51.100.7' };
      expect(
        count("owner's right token via proxy", (await adminGet(proxied, ADMIN_TOKEN, owner)).statusCode),
      ).toBe(200);
      expect((await adminGet(proxied, wrongToken(-2), owner)).statusCode).toBe(401);
      // The counter is the client's, not the proxy's.
      const buckets = (
        await proxied.server.db.kysely.selectFrom('rateLimits').select('bucket').execute()
      ).map((r) => r.bucket);
      expect(buckets).toContain('admin:198.51.100.66');
      expect(buckets).not.toContain('admin:127.0.0.1');
    });

    it('S13: a valid pairing code pairs from a locked-out address; locked-out wrong codes write nothing', async () => {
      const dev = await t.device(await t.branch('LOCK'));
      const pair = (code: string) =>
        t.server.app.inject({
          method: 'POST',
          url: '/api/devices/pair',
          remoteAddress: '203.0.113.99',
          payload: { code },
        });
      for (let i = 0; i < PAIRING_RATE_LIMIT.limit; i++) {
        expect(count('wrong pairing code', (await pair('ZZZZ-ZZZ2')).statusCode)).toBe(422);
      }
      const locked = await pair('ZZZZ-ZZZ3');
      expect(count('wrong pairing code while locked out', locked.statusCode)).toBe(429);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);

      const { code } = (await t.admin('POST', `/api/admin/devices/${dev.id}/pairing-code`))
        .body as PairingCodeResponse;
      const before = await writes(t);
      const guesses = await Promise.all(Array.from({ length: 20 }, () => pair('ZZZZ-ZZZ4')));
      for (const g of guesses) expect(count('wrong pairing code while locked out', g.statusCode)).toBe(429);
      expect(await writes(t)).toEqual(before);

      const paired = await pair(code);
      expect(count('valid pairing code while locked out', paired.statusCode)).toBe(200);
      expect(paired.json()).toMatchObject({ device: { id: dev.id } });
    });
  });
}

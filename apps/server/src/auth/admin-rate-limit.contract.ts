import { ErrorEnvelope } from '@kasir/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../db/open-database.ts';
import { ADMIN_TOKEN } from '../test/test-server.ts';
import { useTestServer } from '../test/use-test-server.ts';
import { ADMIN_RATE_LIMIT } from './auth-hooks.ts';

/**
 * Admin token guessing is slowed (issue 6, Abuse): wrong admin tokens from one client address are
 * counted in the database; past the limit that address's wrong tokens get 429 with the envelope
 * and retry-after until the window ends. The right token is always served (issue 17).
 */
export function adminRateLimitContract(engine: Engine): void {
  describe(`admin token guessing [${engine}]`, () => {
    const t = useTestServer(engine);
    beforeAll(async () => {});

    const get = (ip: string, token: string) =>
      t.server.app.inject({
        method: 'GET',
        url: '/api/admin/branches',
        remoteAddress: ip,
        headers: { authorization: `Bearer ${token}` },
      });

    it('S13: wrong admin tokens from one address get 429 past the limit; other addresses do not', async () => {
      const guesser = '203.0.113.7';
      for (let i = 0; i < ADMIN_RATE_LIMIT.limit; i++) {
        const r = await get(guesser, `guess-${i}-${'x'.repeat(30)}`);
        expect(r.statusCode).toBe(401);
      }
      const refused = await get(guesser, 'one-more-guess-xxxxxxxxxxxxxxxxxxxxxxxx');
      expect(refused.statusCode).toBe(429);
      expect(ErrorEnvelope.parse(refused.json()).error.code).toBe('rate_limited');
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(ADMIN_RATE_LIMIT.windowMs / 1000);

      // The right token is served even from the locked-out address (issue 17).
      const right = await get(guesser, ADMIN_TOKEN);
      expect(right.statusCode).toBe(200);
      // Further guesses while locked out are answered from a read: the count stops growing.
      const hits = async () =>
        (
          await t.server.db.kysely
            .selectFrom('rateLimits')
            .select('hits')
            .where('bucket', '=', `admin:${guesser}`)
            .executeTakeFirstOrThrow()
        ).hits;
      const before = await hits();
      for (let i = 0; i < 5; i++)
        expect((await get(guesser, `more-${i}-${'x'.repeat(30)}`)).statusCode).toBe(429);
      expect(await hits()).toBe(before);
      // Another client with the right token is served.
      expect((await get('198.51.100.20', ADMIN_TOKEN)).statusCode).toBe(200);
      // And another client's wrong token is a plain 401: the count is per address.
      expect((await get('198.51.100.21', 'wrong-token-xxxxxxxxxxxxxxxxxxxxxxxxx')).statusCode).toBe(401);

      // The window ends: the guesser's address works again with the right token.
      t.advanceClock(ADMIN_RATE_LIMIT.windowMs + 1000);
      expect((await get(guesser, ADMIN_TOKEN)).statusCode).toBe(200);
      expect((await get(guesser, 'wrong-again-xxxxxxxxxxxxxxxxxxxxxxxxxx')).statusCode).toBe(401);
    });

    it('S13: a request with no token is a 401 and counts as no guess', async () => {
      const ip = '203.0.113.9';
      for (let i = 0; i < ADMIN_RATE_LIMIT.limit + 5; i++) {
        const r = await t.server.app.inject({ method: 'GET', url: '/api/admin/branches', remoteAddress: ip });
        expect(r.statusCode).toBe(401);
      }
      expect((await get(ip, ADMIN_TOKEN)).statusCode).toBe(200);
    });
  });
}

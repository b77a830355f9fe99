import type { PairingCodeResponse } from '@kasir/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../db/open-database.ts';
import { PAIRING_RATE_LIMIT } from '../devices/pairing-routes.ts';
import { startTestServer, type TestServer } from '../test/test-server.ts';
import { CONTENT_SECURITY_POLICY } from './security-headers.ts';

/** Security headers on every answer, and pairing brute force slowed (issue 6, Abuse). */
export function hardeningContract(engine: Engine): void {
  describe(`security headers and pairing rate limit [${engine}]`, () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer(engine);
    });
    afterAll(() => t.close());

    it('sends nosniff, no-referrer, DENY framing and a CSP on the app, the API, errors and 404s', async () => {
      const token = (await t.device(await t.branch('HDR'))).token;
      const answers = await Promise.all([
        t.request('GET', '/'),
        t.request('GET', '/jual'),
        t.request('GET', '/healthz'),
        t.request('GET', '/api/device', { token }),
        t.request('GET', '/api/device'),
        t.request('GET', '/api/nope'),
        t.request('POST', '/api/sales', { token, raw: '{' }),
      ]);
      for (const r of answers) {
        expect(r.headers.get('x-content-type-options')).toBe('nosniff');
        expect(r.headers.get('referrer-policy')).toBe('no-referrer');
        expect(r.headers.get('x-frame-options')).toBe('DENY');
        expect(r.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      }
      const docs = await t.request('GET', '/docs/json');
      expect(docs.headers.get('x-frame-options')).toBe('DENY');
      expect(docs.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
      expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
      expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe/);
    });

    it('S13: pairing is limited per client address; the limit lives in the database; success is free', async () => {
      const dev = await t.device(await t.branch('RL'));
      const newCode = async () =>
        ((await t.admin('POST', `/api/admin/devices/${dev.id}/pairing-code`)).body as PairingCodeResponse)
          .code;
      // A shop enrolling many tills is never slowed: successful pairings give their attempt back.
      for (let i = 0; i < PAIRING_RATE_LIMIT.limit + 2; i++) {
        expect(
          (await t.request('POST', '/api/devices/pair', { body: { code: await newCode() } })).status,
        ).toBe(200);
      }
      for (let i = 0; i < PAIRING_RATE_LIMIT.limit; i++) {
        const r = await t.request('POST', '/api/devices/pair', { body: { code: 'ZZZZ-ZZZZ' } });
        expect(r.status).toBe(422);
      }
      const valid = await newCode();
      const limited = await t.request('POST', '/api/devices/pair', { body: { code: valid } });
      expect(limited.status).toBe(429);
      expect(limited.body).toEqual({
        error: { code: 'rate_limited', message: expect.any(String) as string },
      });
      const retryAfter = Number(limited.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(PAIRING_RATE_LIMIT.windowMs / 1000);
      // Shared by every server process (docs/architecture.md): the counter is a row, not a variable.
      const rows = await t.server.db.kysely.selectFrom('rateLimits').selectAll().execute();
      expect(rows).toEqual([
        expect.objectContaining({ bucket: 'pair:127.0.0.1', hits: PAIRING_RATE_LIMIT.limit + 1 }),
      ]);
      t.advanceClock(PAIRING_RATE_LIMIT.windowMs + 1);
      expect((await t.request('POST', '/api/devices/pair', { body: { code: await newCode() } })).status).toBe(
        200,
      );
    });
  });
}

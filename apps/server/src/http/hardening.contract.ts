import type { PairingCodeResponse } from '@kasir/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../db/open-database.ts';
import { PAIRING_RATE_LIMIT } from '../devices/pairing-routes.ts';
import { normalizeCode } from '../devices/pairing-service.ts';
import { hashPairingCode, hashToken, pairingKeyFrom } from '../auth/token.ts';
import { startTestServer, type TestServer } from '../test/test-server.ts';
import { useTestServer } from '../test/use-test-server.ts';
import { API_CACHE_CONTROL, CONTENT_SECURITY_POLICY, STRICT_TRANSPORT_SECURITY } from './security-headers.ts';

/** Security headers on every answer, and pairing brute force slowed (issue 6, Abuse). */
export function hardeningContract(engine: Engine): void {
  describe(`security headers and pairing rate limit [${engine}]`, () => {
    const t = useTestServer(engine);
    beforeAll(async () => {});

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
      // The API's answers (sales, stock, staff) are never kept in a browser's disk cache; the app's
      // shell keeps its own caching.
      for (const r of answers.slice(3)) expect(r.headers.get('cache-control')).toBe(API_CACHE_CONTROL);
      const pull = await t.request('GET', '/api/sync/pull?cursor=&limit=10', { token });
      expect(pull.status).toBe(200);
      expect(pull.headers.get('cache-control')).toBe('no-store');
      expect(answers[0].headers.get('cache-control')).not.toBe(API_CACHE_CONTROL);
      const docs = await t.admin('GET', '/docs/json');
      expect(docs.headers.get('x-frame-options')).toBe('DENY');
      expect(docs.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
      expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
      expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe/);
    });

    it('S13: wrong pairing codes are limited per client address in the database; valid codes are free', async () => {
      const dev = await t.device(await t.branch('RL'));
      const newCode = async () =>
        ((await t.admin('POST', `/api/admin/devices/${dev.id}/pairing-code`)).body as PairingCodeResponse)
          .code;
      // A shop enrolling many tills is never slowed: successful pairings are not counted.
      for (let i = 0; i < PAIRING_RATE_LIMIT.limit + 2; i++) {
        expect(
          (await t.request('POST', '/api/devices/pair', { body: { code: await newCode() } })).status,
        ).toBe(200);
      }
      for (let i = 0; i < PAIRING_RATE_LIMIT.limit; i++) {
        const r = await t.request('POST', '/api/devices/pair', { body: { code: 'ZZZZ-ZZZZ' } });
        expect(r.status).toBe(422);
      }
      const limited = await t.request('POST', '/api/devices/pair', { body: { code: 'ZZZZ-ZZZZ' } });
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
      // A valid code is served while locked out (issue 17).
      expect((await t.request('POST', '/api/devices/pair', { body: { code: await newCode() } })).status).toBe(
        200,
      );
      t.advanceClock(PAIRING_RATE_LIMIT.windowMs + 1);
      expect((await t.request('POST', '/api/devices/pair', { body: { code: 'ZZZZ-ZZZZ' } })).status).toBe(
        422,
      );
    });

    it('stores pairing codes as HMAC under a server key, not as a bare SHA-256 (issue 17)', async () => {
      const dev = await t.device(await t.branch('HMAC'));
      const { code } = (await t.admin('POST', `/api/admin/devices/${dev.id}/pairing-code`))
        .body as PairingCodeResponse;
      const raw = normalizeCode(code);
      const stored = (await t.server.db.kysely.selectFrom('pairingCodes').select('codeHash').execute()).map(
        (r) => r.codeHash,
      );
      expect(stored).toContain(hashPairingCode(t.server.pairingKey, raw));
      expect(stored).not.toContain(hashToken(raw));
      expect(t.server.pairingKey.equals(pairingKeyFrom('another-admin-token-0123'))).toBe(false);
    });
  });

  describe(`CORS, operator pages and HSTS [${engine}]`, () => {
    const allowed = 'http://kasir.local:5173';
    const foreign = 'https://evil.example';
    const t = useTestServer(engine);
    let configured: TestServer;
    beforeAll(async () => {
      configured = await startTestServer(engine, {
        corsOrigins: [allowed],
        trustProxy: ['127.0.0.1'],
        publicPages: { metrics: true, docs: true },
      });
    });
    afterAll(() => configured.close());

    const preflight = (s: TestServer, origin: string) =>
      fetch(`${s.url}/api/admin/branches`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });

    it('reflects no foreign origin by default (same origin only), the API nor Socket.IO polling', async () => {
      expect((await preflight(t, foreign)).headers.get('access-control-allow-origin')).toBeNull();
      expect((await preflight(t, allowed)).headers.get('access-control-allow-origin')).toBeNull();
      const get = await t.request('GET', '/api/setup/status', { headers: { origin: foreign } });
      expect(get.headers.get('access-control-allow-origin')).toBeNull();
      const polling = await fetch(`${t.url}/socket.io/?EIO=4&transport=polling`, {
        headers: { origin: foreign },
      });
      expect(polling.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('allows exactly the listed origins (KASIR_CORS_ORIGINS)', async () => {
      const ok = await preflight(configured, allowed);
      expect(ok.status).toBe(204);
      expect(ok.headers.get('access-control-allow-origin')).toBe(allowed);
      expect(ok.headers.get('access-control-allow-headers')).toContain('authorization');
      expect((await preflight(configured, foreign)).headers.get('access-control-allow-origin')).toBeNull();
    });

    it('serves /metrics and /docs only with the admin token unless configured public', async () => {
      for (const path of ['/metrics', '/docs', '/docs/json']) {
        expect({ path, status: (await t.request('GET', path)).status }).toEqual({ path, status: 401 });
        const wrong = await t.request('GET', path, { token: 'not-the-admin-token-0123456789' });
        expect({ path, status: wrong.status }).toEqual({ path, status: 401 });
        expect({ path, status: (await t.admin('GET', path)).status }).toEqual({ path, status: 200 });
        expect({ path, status: (await configured.request('GET', path)).status }).toEqual({
          path,
          status: 200,
        });
      }
      expect(String((await t.admin('GET', '/metrics')).body)).toContain(
        'kasir_http_request_duration_seconds',
      );
    });

    it('sends HSTS only over https (x-forwarded-proto counts from a trusted proxy only)', async () => {
      const viaHttps = { headers: { 'x-forwarded-proto': 'https' } };
      expect((await t.request('GET', '/healthz')).headers.get('strict-transport-security')).toBeNull();
      expect(
        (await t.request('GET', '/healthz', viaHttps)).headers.get('strict-transport-security'),
      ).toBeNull();
      expect(
        (await configured.request('GET', '/healthz')).headers.get('strict-transport-security'),
      ).toBeNull();
      const https = await configured.request('GET', '/healthz', viaHttps);
      expect(https.headers.get('strict-transport-security')).toBe(STRICT_TRANSPORT_SECURITY);
    });
  });
}

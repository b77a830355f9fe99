import {
  ErrorEnvelope,
  IdParams,
  PairBody,
  PairingCodeResponse,
  PairResponse,
  SetupStatus,
} from '@kasir/protocol';
import { requireDeviceBranch } from '../sales/admin-sale-routes.ts';
import { isoNow, type App, type RouteDeps } from '../http/app-types.ts';
import { envelope, HttpError } from '../http/http-error.ts';
import type { RateLimitRule } from '../http/rate-limit.ts';
import { createPairingCode, redeemPairingCode } from './pairing-service.ts';
import { adminGuard } from '../auth/route-guard.ts';

/**
 * Pairing brute force: past 10 wrong codes per client address per 15 minutes, further wrong codes
 * from that address get 429 (`GuessThrottle`). A valid code always pairs, from any address
 * (issue 17), and successes are not counted, so a shop enrolling many tills is never slowed.
 * Behind a reverse proxy set TRUST_PROXY so `req.ip` is the client's address, not the proxy's.
 */
export const PAIRING_RATE_LIMIT: RateLimitRule = { limit: 10, windowMs: 15 * 60 * 1000 };

/** First run and pairing: how a new device gets its token without anyone copying it by hand. */
export function registerPairingRoutes(app: App, deps: RouteDeps): void {
  const { db, clock, hub, guesses, pairingKey } = deps;

  app.get('/api/setup/status', { schema: { tags: ['device'], response: { 200: SetupStatus } } }, async () => {
    const someBranch = await db.reader.selectFrom('branches').select('id').limit(1).executeTakeFirst();
    return { needsSetup: someBranch === undefined, serverTime: isoNow(clock) };
  });

  app.post(
    '/api/admin/devices/:id/pairing-code',
    adminGuard(deps, 'branch').route({
      schema: {
        params: IdParams,
        response: { 201: PairingCodeResponse },
      },
    }),
    async (req, reply) => {
      await requireDeviceBranch(db, req, req.params.id);
      const r = await createPairingCode(db, pairingKey, req.params.id, clock.now());
      if (!r.ok) throw new HttpError(404, 'not_found', 'no such device (or it was revoked)');
      return reply.status(201).send(r.code);
    },
  );

  app.post(
    '/api/devices/pair',
    { schema: { tags: ['device'], body: PairBody, response: { 200: PairResponse, 429: ErrorEnvelope } } },
    async (req, reply) => {
      const nowMs = clock.now();
      const paired = await redeemPairingCode(db, pairingKey, req.body.code, nowMs);
      if (paired === undefined) {
        const hit = await guesses.wrongGuess(`pair:${req.ip}`, PAIRING_RATE_LIMIT, nowMs);
        if (!hit.allowed) {
          return reply
            .status(429)
            .header('retry-after', String(hit.retryAfterS))
            .send(envelope('rate_limited', 'too many wrong pairing codes; wait and try again'));
        }
        throw new HttpError(
          422,
          'pairing_code_invalid',
          'this pairing code is unknown, expired or already used',
        );
      }
      // The device's previous token no longer works; end its sessions too.
      hub.disconnectDevice(paired.device.id, 'this device was paired again');
      return paired;
    },
  );
}

import { MIN_PROTOCOL_VERSION, PROTOCOL_HEADER } from '@kasir/protocol';
import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { Db } from '../db/open-database.ts';
import { authenticateDevice, type DevicePrincipal } from '../devices/device-service.ts';
import { secretsEqual } from '../devices/token.ts';
import type { RouteDeps } from '../http/app-types.ts';
import { envelope, HttpError } from '../http/http-error.ts';
import { hitRateLimit, peekRateLimit, type RateLimitRule } from '../http/rate-limit.ts';
import { hasSessionCookie, sessionAuth } from '../accounts/admin-access.ts';
import { TOKEN_PRINCIPAL } from '../accounts/rights.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the device hook on device routes. */
    device?: DevicePrincipal;
  }
}

/** The bearer token of a request, if it has one. */
export function bearerToken(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (h === undefined) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m?.[1];
}

/**
 * Admin token guessing: at most 100 wrong admin tokens per client address per 15 minutes (issue 6,
 * Abuse). The token has 256 random bits, so this only slows a guesser down and keeps the log quiet;
 * the limit is high enough for a person mistyping or a script misconfigured. Behind a reverse
 * proxy, set Fastify's trustProxy so `req.ip` is the client's address.
 */
export const ADMIN_RATE_LIMIT: RateLimitRule = { limit: 100, windowMs: 15 * 60 * 1000 };

/**
 * Admin routes: a back-office session cookie (accounts/admin-access.ts), or the admin token from a
 * client not locked out for guessing. A wrong token counts
 * against the client's address (DB-backed, shared by server processes); past the limit every
 * admin request from that address, right token or not, is answered 429 with `retry-after` until
 * the window ends; other addresses are not affected.
 */
export function adminHook(deps: Pick<RouteDeps, 'adminToken' | 'db' | 'clock'>): onRequestAsyncHookHandler {
  return async (req, reply) => {
    const token = bearerToken(req);
    // A back-office session stands in for the token, within its role's rights (accounts/).
    if (token === undefined && hasSessionCookie(req)) return sessionAuth(deps, req, reply);
    if (token === undefined) throw new HttpError(401, 'unauthorized', 'an admin token is required');
    const bucket = `admin:${req.ip}`;
    const nowMs = deps.clock.now();
    const right = secretsEqual(token, deps.adminToken);
    // A locked-out address is answered from a read: its further guesses cost no database write
    // (SQLite has one writer, shared with the sales).
    const peek = await peekRateLimit(deps.db, bucket, nowMs, ADMIN_RATE_LIMIT);
    const hit = right || !peek.allowed ? peek : await hitRateLimit(deps.db, bucket, nowMs, ADMIN_RATE_LIMIT);
    if (!hit.allowed) {
      await reply
        .status(429)
        .header('retry-after', String(hit.retryAfterS))
        .send(envelope('rate_limited', 'too many wrong admin tokens; wait and try again'));
      return reply;
    }
    if (!right) throw new HttpError(401, 'unauthorized', 'an admin token is required');
    req.admin = TOKEN_PRINCIPAL;
  };
}

/**
 * Device routes: a valid, unrevoked device token (S13: the principal carries the device's branch,
 * and every device route reads only that branch), and a protocol version that is not too old (S14).
 */
export function deviceHook(db: Db): onRequestAsyncHookHandler {
  return async (req) => {
    const version = req.headers[PROTOCOL_HEADER];
    if (typeof version === 'string' && Number(version) < MIN_PROTOCOL_VERSION) {
      throw new HttpError(426, 'upgrade_required', `protocol ${version} is too old; update the app`, {
        minProtocolVersion: MIN_PROTOCOL_VERSION,
      });
    }
    const token = bearerToken(req);
    const device = token === undefined ? undefined : await authenticateDevice(db, token);
    if (device === undefined) throw new HttpError(401, 'unauthorized', 'a valid device token is required');
    req.device = device;
  };
}

/** The device of a request that passed `deviceHook`. */
export function deviceOf(req: FastifyRequest): DevicePrincipal {
  if (req.device === undefined) throw new Error('deviceOf called on a route without deviceHook');
  return req.device;
}

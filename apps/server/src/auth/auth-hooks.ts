import { MIN_PROTOCOL_VERSION, PROTOCOL_HEADER, PROTOCOL_VERSION, type ErrorEnvelope } from '@kasir/protocol';
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { Db } from '../db/open-database.ts';
import { authenticateDevice, authenticateWriter, type DevicePrincipal } from './principal.ts';
import { secretsEqual } from './token.ts';
import type { Clock, RouteDeps } from '../http/app-types.ts';
import type { DeviceLimiter } from '../http/device-limits.ts';
import { envelope, HttpError } from '../http/http-error.ts';
import type { RateLimitRule } from '../http/rate-limit.ts';
import { hasSessionCookie, sessionAuth } from '../accounts/admin-access.ts';
import { TOKEN_PRINCIPAL } from '../accounts/rights.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the device hook on device routes. */
    device?: DevicePrincipal;
  }
  interface FastifyContextConfig {
    /**
     * The route's every effect is a write through the group committer: its device token may come
     * from an unchecked cache, checked again once per group commit (principal.ts `authenticateWriter`).
     */
    writesOnly?: boolean;
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
 * Admin token guessing: past 100 wrong admin tokens per client address per 15 minutes, further
 * wrong tokens from that address get 429 with `retry-after` (issue 6, Abuse). The right token is
 * always served (issue 17: a page on the owner's computer, or anyone behind the same proxy, must
 * not be able to lock the owner out); with 256 random bits it cannot be guessed anyway, so the
 * limit only slows a guesser and keeps the log quiet. Behind a reverse proxy set TRUST_PROXY so
 * `req.ip` is the client's address.
 */
export const ADMIN_RATE_LIMIT: RateLimitRule = { limit: 100, windowMs: 15 * 60 * 1000 };

/** Whether a request is the shop's operator: the admin bearer token (a staff session may join). */
export function isOperator(req: FastifyRequest, deps: Pick<RouteDeps, 'adminToken'>): boolean {
  const token = bearerToken(req);
  return token !== undefined && secretsEqual(token, deps.adminToken);
}

/**
 * Admin routes: a back-office session cookie (accounts/admin-access.ts, within its role's rights),
 * or the operator (`isOperator`). A wrong token counts as a guess against the client's
 * address (`GuessThrottle`: shared by server processes through the database, and a locked-out
 * address's guesses cost no write); a missing token is no guess.
 */
export function adminHook(
  deps: Pick<RouteDeps, 'adminToken' | 'clock' | 'guesses' | 'db'>,
): onRequestAsyncHookHandler {
  return async (req, reply) => {
    if (isOperator(req, deps)) {
      req.admin = TOKEN_PRINCIPAL;
      return;
    }
    if (bearerToken(req) === undefined) {
      if (hasSessionCookie(req)) return sessionAuth(deps, req, reply);
      throw new HttpError(401, 'unauthorized', 'an admin token is required');
    }
    const hit = await deps.guesses.wrongGuess(`admin:${req.ip}`, ADMIN_RATE_LIMIT, deps.clock.now());
    if (!hit.allowed) {
      await reply
        .status(429)
        .header('retry-after', String(hit.retryAfterS))
        .send(envelope('rate_limited', 'too many wrong admin tokens; wait and try again'));
      return reply;
    }
    throw new HttpError(401, 'unauthorized', 'an admin token is required');
  };
}

/**
 * Operator pages (/metrics, /docs): the admin token like admin routes, unless configured public
 * (KASIR_METRICS_PUBLIC, KASIR_DOCS_PUBLIC).
 */
export function operatorPageHook(
  deps: Pick<RouteDeps, 'adminToken' | 'clock' | 'guesses' | 'db'>,
  isPublic: boolean,
): onRequestAsyncHookHandler {
  const admin = adminHook(deps);
  return async function operatorPage(req, reply) {
    if (isPublic) return;
    return admin.call(this, req, reply);
  };
}

/** How long a till newer than this process waits before asking again (`retry-after`, seconds). */
export const NEWER_CLIENT_RETRY_S = 30;

/**
 * The answer to a known, unrevoked till newer than this process (a rolling upgrade), on the device
 * routes and at the realtime handshake: `unavailable`, which the till retries, with this process's
 * protocol version.
 */
export function newerClientEnvelope(version: string | number): ErrorEnvelope {
  return envelope('unavailable', `protocol ${version} is newer than this server's; try again shortly`, {
    protocolVersion: PROTOCOL_VERSION,
  });
}

/**
 * Device routes: a valid, unrevoked device token (S13: the principal carries the device's branch,
 * and every device route reads only that branch), a protocol version that is not too old (S14)
 * nor newer than this process's (503 `unavailable`, retried: see below),
 * and a device within its request rate (http/device-limits.ts): 429 `rate_limited` with
 * `retry-after` past it.
 */
export function deviceHook(
  db: Db,
  limits?: { limiter: DeviceLimiter; clock: Clock },
): onRequestAsyncHookHandler {
  return async (req, reply) => {
    const version = req.headers[PROTOCOL_HEADER];
    if (typeof version === 'string' && Number(version) < MIN_PROTOCOL_VERSION) {
      throw new HttpError(426, 'upgrade_required', `protocol ${version} is too old; update the app`, {
        minProtocolVersion: MIN_PROTOCOL_VERSION,
      });
    }
    const token = bearerToken(req);
    const authenticate =
      req.routeOptions.config.writesOnly === true ? authenticateWriter : authenticateDevice;
    const newer = typeof version === 'string' && Number(version) > PROTOCOL_VERSION;
    let device = token === undefined ? undefined : await authenticate(db, token);
    // The write routes' principal may come from the token cache unchecked (its writes would check
    // it). A newer till's request writes nothing here, so its token is checked now: a revoked till
    // is told so, whatever its version.
    if (newer && token !== undefined && device?.unchecked !== undefined)
      device = await authenticateDevice(db, token);
    if (device === undefined) throw new HttpError(401, 'unauthorized', 'a valid device token is required');
    req.device = device;
    if (newer) {
      // A till newer than this process, known and not revoked: in a rolling upgrade it may have
      // loaded the app from an upgraded process. Its requests may carry what this process does not
      // know yet, and a sale refused here as invalid would be parked as failed on the till.
      // `unavailable` is retried: the till keeps selling and sends once its requests reach an
      // upgraded process.
      await reply
        .status(503)
        .header('retry-after', String(NEWER_CLIENT_RETRY_S))
        .send(newerClientEnvelope(String(version)));
      return reply;
    }
    const taken = limits?.limiter.take(device.deviceId, limits.clock.now());
    if (taken !== undefined && !taken.ok) {
      await rateLimited(reply, taken.retryAfterS, 'too many requests from this device; wait and try again');
      return reply;
    }
  };
}

/** Answers 429 `rate_limited` with `retry-after` (seconds) and the envelope. */
export async function rateLimited(reply: FastifyReply, retryAfterS: number, message: string): Promise<void> {
  await reply
    .status(429)
    .header('retry-after', String(retryAfterS))
    .send(envelope('rate_limited', message, { retryAfterS }));
}

/**
 * Runs a heavy route's work with the device's slot for it (http/device-limits.ts), or answers 429
 * `rate_limited` with `retry-after: 1` when the device already has one in flight.
 */
export async function oneAtATime<T>(
  limiter: DeviceLimiter,
  req: FastifyRequest,
  reply: FastifyReply,
  route: string,
  work: () => Promise<T>,
): Promise<T | undefined> {
  const release = limiter.enter(deviceOf(req).deviceId, route);
  if (release === undefined) {
    // The reply is sent: the handler answers nothing more.
    await rateLimited(reply, 1, `this device already has a ${route} in progress`);
    return undefined;
  }
  try {
    return await work();
  } finally {
    release();
  }
}

/** The device of a request that passed `deviceHook`. */
export function deviceOf(req: FastifyRequest): DevicePrincipal {
  if (req.device === undefined) throw new Error('deviceOf called on a route without deviceHook');
  return req.device;
}

import { MIN_PROTOCOL_VERSION, PROTOCOL_HEADER } from '@kasir/protocol';
import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { Db } from '../db/open-database.ts';
import { authenticateDevice, type DevicePrincipal } from '../devices/device-service.ts';
import { secretsEqual } from '../devices/token.ts';
import { HttpError } from '../http/http-error.ts';

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

export function adminHook(adminToken: string): onRequestAsyncHookHandler {
  return (req) => {
    const token = bearerToken(req);
    if (token === undefined || !secretsEqual(token, adminToken)) {
      return Promise.reject(new HttpError(401, 'unauthorized', 'an admin token is required'));
    }
    return Promise.resolve();
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

import type { FastifySchema, onRequestAsyncHookHandler } from 'fastify';
import type { ManagerAccess } from '../accounts/admin-access.ts';
import type { RouteDeps } from '../http/app-types.ts';
import { adminHook, deviceHook } from './auth-hooks.ts';

/** Every authenticated route names the bearer scheme in the OpenAPI document. */
const BEARER = [{ bearer: [] }];

/** The route options a guard adds: its hook, and its OpenAPI tag and security in the schema. */
export type Guarded<O extends { schema?: FastifySchema }> = Omit<O, 'schema'> & {
  onRequest: onRequestAsyncHookHandler;
  schema: O['schema'] & { tags: string[]; security: typeof BEARER };
};

/** One authentication for a group of routes, so each route states only what is its own. */
export interface RouteGuard {
  readonly onRequest: onRequestAsyncHookHandler;
  /** `options` (config, body limit, schema) with this guard's hook, tag and security added. */
  route<const O extends { schema?: FastifySchema }>(options: O): Guarded<O>;
}

/** A guard of `onRequest`, naming its routes `tag` in the OpenAPI document. */
export function routeGuard(
  onRequest: onRequestAsyncHookHandler,
  tag: string,
  access?: ManagerAccess,
): RouteGuard {
  return {
    onRequest,
    route: (options) => ({
      ...(access === undefined ? {} : { config: { access } }),
      ...options,
      onRequest,
      schema: { ...options.schema, tags: [tag], security: BEARER },
    }),
  };
}

/**
 * Back-office routes: the admin token or a session (auth-hooks.ts `adminHook`), tagged `admin`.
 * `access` is what a manager may do on them (accounts/admin-access.ts `ManagerAccess`); left out,
 * the routes are the owner's.
 */
export function adminGuard(
  deps: Pick<RouteDeps, 'adminToken' | 'clock' | 'guesses' | 'db'>,
  access?: ManagerAccess,
): RouteGuard {
  return routeGuard(adminHook(deps), 'admin', access);
}

/** Device routes: a device token within its request rate (auth-hooks.ts `deviceHook`). */
export function deviceGuard(
  deps: Pick<RouteDeps, 'db' | 'limiter' | 'clock'>,
  tag: 'device' | 'sync' = 'device',
): RouteGuard {
  return routeGuard(deviceHook(deps.db, { limiter: deps.limiter, clock: deps.clock }), tag);
}

import { SESSION_COOKIE } from '@kasir/protocol';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RouteDeps } from '../http/app-types.ts';
import { HttpError } from '../http/http-error.ts';
import { canEditCatalog, canUseBranch, isOwner, type AdminPrincipal } from './rights.ts';
import { resolveSession } from './session-service.ts';

/**
 * What a manager may do on a route (route `config.access`); owners and the token may do everything.
 * - undefined: owners only (a manager gets 403 `forbidden`);
 * - `branch`: the route limits itself to the caller's branches (`requireBranch`, `branchLimit`);
 * - `catalog`: managers allowed to edit the catalog.
 */
export type ManagerAccess = 'branch' | 'catalog';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the admin hook: who an admin request acts for. */
    admin?: AdminPrincipal;
  }
  interface FastifyContextConfig {
    access?: ManagerAccess;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether a request carries a session cookie (the admin hook then checks it instead of a token). */
export function hasSessionCookie(req: FastifyRequest): boolean {
  return req.cookies[SESSION_COOKIE] !== undefined;
}

/**
 * A write sent with a cookie must come from the back office's own origin: SameSite=Strict already
 * keeps the cookie off cross-site requests, and this also refuses same-site pages of another origin
 * (another port or sub-domain). Compared by host, so a TLS-terminating proxy does not break it.
 */
export function sameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** Signs a request in by its session cookie and applies the role's rights to the route. */
export async function sessionAuth(
  deps: Pick<RouteDeps, 'db' | 'clock'>,
  req: FastifyRequest,
  _reply: FastifyReply,
): Promise<void> {
  const id = req.cookies[SESSION_COOKIE];
  const principal = id === undefined ? undefined : await resolveSession(deps.db, id, deps.clock.now());
  if (principal === undefined) throw new HttpError(401, 'unauthorized', 'sign in again');
  if (!SAFE_METHODS.has(req.method) && !sameOrigin(req)) {
    throw new HttpError(403, 'forbidden', 'a write with a session needs the back office origin');
  }
  req.admin = principal;
  checkRouteAccess(req, principal);
}

/** Applies `config.access` for a manager. */
export function checkRouteAccess(req: FastifyRequest, p: AdminPrincipal): void {
  if (isOwner(p)) return;
  const access = req.routeOptions.config.access;
  if (access === 'branch') return;
  if (access === 'catalog' && canEditCatalog(p)) return;
  throw new HttpError(403, 'forbidden', 'your role may not do this');
}

/** The principal of a request that passed the admin hook. */
export function adminOf(req: FastifyRequest): AdminPrincipal {
  if (req.admin === undefined) throw new Error('adminOf called on a route without the admin hook');
  return req.admin;
}

/** 403 unless the caller may use `branchId`. */
export function requireBranch(req: FastifyRequest, branchId: string): void {
  if (!canUseBranch(adminOf(req), branchId)) {
    throw new HttpError(403, 'forbidden', 'this branch is not one of yours');
  }
}

/** 403 unless the caller may edit the catalog. */
export function requireCatalog(req: FastifyRequest): void {
  if (!canEditCatalog(adminOf(req)))
    throw new HttpError(403, 'forbidden', 'the catalog is read-only for you');
}

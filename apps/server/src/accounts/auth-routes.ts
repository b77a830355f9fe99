import {
  AuthSetupStatus,
  ErrorEnvelope,
  LoginBody,
  Me,
  PasswordChangeBody,
  SESSION_COOKIE,
  SetupBody,
} from '@kasir/protocol';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { adminHook } from '../auth/auth-hooks.ts';
import { secretsEqual } from '../auth/token.ts';
import { isoNow, type App, type RouteDeps } from '../http/app-types.ts';
import { envelope, HttpError } from '../http/http-error.ts';
import { adminOf, sameOrigin } from './admin-access.ts';
import {
  accountPrincipal,
  createFirstOwner,
  findAccountByUsername,
  markLogin,
  ownerExists,
  passwordHashOf,
  setPassword,
} from './account-service.ts';
import {
  clearLoginFailures,
  DEFAULT_LOGIN_THROTTLE,
  LoginQueue,
  loginGate,
  recordLoginFailure,
  type LoginThrottleRule,
} from './login-throttle.ts';
import { dummyHash, verifyPassword } from './password.ts';
import { canEditCatalog, type AdminPrincipal } from './rights.ts';
import {
  createSession,
  deleteSession,
  deleteSessionsOf,
  hashSessionId,
  SESSION_IDLE_MS,
} from './session-service.ts';

export interface AuthRouteOptions {
  readonly loginThrottle?: LoginThrottleRule;
  /** Waits before a throttled login is checked; tests pass a recording fake. */
  readonly sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `Me` of a principal: the token is an owner of every branch. */
async function meOf(deps: Pick<RouteDeps, 'db'>, p: AdminPrincipal): Promise<Me> {
  if (p.kind === 'account' && p.role !== 'owner') {
    return {
      username: p.username,
      displayName: p.displayName,
      role: p.role,
      branchIds: [...p.branchIds],
      canEditCatalog: canEditCatalog(p),
    };
  }
  const all = (await deps.db.reader.selectFrom('branches').select('id').orderBy('code').execute()).map(
    (b) => b.id,
  );
  return p.kind === 'token'
    ? {
        username: 'admin-token',
        displayName: 'Admin token',
        role: 'owner',
        branchIds: all,
        canEditCatalog: true,
      }
    : {
        username: p.username,
        displayName: p.displayName,
        role: p.role,
        branchIds: all,
        canEditCatalog: true,
      };
}

function setSessionCookie(req: FastifyRequest, reply: FastifyReply, id: string): void {
  void reply.setCookie(SESSION_COOKIE, id, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: req.protocol === 'https',
    maxAge: Math.floor(SESSION_IDLE_MS / 1000),
  });
}

/** First run, sign-in and sign-out of the back office (issue 11, "Accounts and sessions"). */
export function registerAuthRoutes(app: App, deps: RouteDeps, opts: AuthRouteOptions = {}): void {
  const { db, clock } = deps;
  const rule = opts.loginThrottle ?? DEFAULT_LOGIN_THROTTLE;
  const sleep = opts.sleep ?? realSleep;
  const queue = new LoginQueue();
  const tags = ['auth'];

  app.get('/api/auth/setup', { schema: { tags, response: { 200: AuthSetupStatus } } }, async () => ({
    needsOwner: !(await ownerExists(db)),
  }));

  app.post(
    '/api/auth/setup',
    { schema: { tags, body: SetupBody, response: { 201: Me, 401: ErrorEnvelope, 409: ErrorEnvelope } } },
    async (req, reply) => {
      if (!secretsEqual(req.body.setupToken, deps.adminToken)) {
        throw new HttpError(401, 'unauthorized', 'the setup token is wrong');
      }
      const r = await createFirstOwner(db, req.body, isoNow(clock));
      if (!r.ok) throw new HttpError(409, 'already_exists', 'the owner account exists; sign in');
      const id = await createSession(db, r.account.id, clock.now(), req.ip);
      req.admin = (await accountPrincipal(db, r.account.id, hashSessionId(id)))!;
      setSessionCookie(req, reply, id);
      return reply.status(201).send(await meOf(deps, req.admin));
    },
  );

  app.post(
    '/api/auth/login',
    { schema: { tags, body: LoginBody, response: { 200: Me, 401: ErrorEnvelope, 429: ErrorEnvelope } } },
    async (req, reply) => {
      const { username, password } = req.body;
      const gate = await loginGate(db, username, req.ip, clock.now(), rule);
      if (!gate.ok) {
        return reply
          .status(429)
          .header('retry-after', String(gate.retryAfterS))
          .send(envelope('rate_limited', 'too many failed sign-ins from here; wait and try again'));
      }
      const accountId = await queue.run(username, async () => {
        // Re-read inside the queue: earlier attempts of this account may have added failures.
        const g = await loginGate(db, username, req.ip, clock.now(), rule);
        if (g.ok && g.delayMs > 0) await sleep(g.delayMs);
        const account = await findAccountByUsername(db, username);
        const ok = await verifyPassword(password, account?.passwordHash ?? (await dummyHash()));
        if (account === undefined || !ok || account.disabledAt !== null) {
          await recordLoginFailure(db, username, req.ip, clock.now(), rule);
          return undefined;
        }
        await clearLoginFailures(db, username);
        return account.id;
      });
      if (accountId === undefined) throw new HttpError(401, 'unauthorized', 'wrong username or password');
      const id = await createSession(db, accountId, clock.now(), req.ip);
      await markLogin(db, accountId, isoNow(clock));
      const principal = await accountPrincipal(db, accountId, hashSessionId(id));
      if (principal === undefined) throw new HttpError(401, 'unauthorized', 'wrong username or password');
      req.admin = principal;
      setSessionCookie(req, reply, id);
      return meOf(deps, principal);
    },
  );

  app.post('/api/auth/logout', { schema: { tags } }, async (req, reply) => {
    const id = req.cookies[SESSION_COOKIE];
    if (id !== undefined) {
      if (!sameOrigin(req)) throw new HttpError(403, 'forbidden', 'sign out from the back office itself');
      const p = await accountPrincipalOfCookie(id);
      if (p !== undefined) req.admin = p;
      await deleteSession(db, hashSessionId(id));
    }
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  const accountPrincipalOfCookie = async (id: string) => {
    const row = await db.reader
      .selectFrom('sessions')
      .select('accountId')
      .where('idHash', '=', hashSessionId(id))
      .executeTakeFirst();
    return row === undefined ? undefined : accountPrincipal(db, row.accountId, hashSessionId(id));
  };

  const onRequest = adminHook(deps);
  app.get(
    '/api/auth/me',
    { onRequest, config: { access: 'branch' }, schema: { tags, response: { 200: Me, 401: ErrorEnvelope } } },
    (req) => meOf(deps, adminOf(req)),
  );

  app.post(
    '/api/auth/password',
    {
      onRequest,
      config: { access: 'branch' },
      schema: { tags, body: PasswordChangeBody },
    },
    async (req, reply) => {
      const p = adminOf(req);
      if (p.kind !== 'account') throw new HttpError(403, 'forbidden', 'the admin token has no password');
      const stored = await passwordHashOf(db, p.accountId);
      if (stored === undefined || !(await verifyPassword(req.body.currentPassword, stored))) {
        throw new HttpError(401, 'unauthorized', 'the current password is wrong');
      }
      await setPassword(db, p.accountId, req.body.newPassword, isoNow(clock));
      await deleteSessionsOf(db, p.accountId, p.sessionHash);
      return reply.status(204).send();
    },
  );
}

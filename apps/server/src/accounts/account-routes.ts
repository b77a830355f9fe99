import {
  Account,
  AccountCreateBody,
  AccountList,
  AccountUpdateBody,
  ErrorEnvelope,
  IdParams,
} from '@kasir/protocol';
import { isoNow, type App, type RouteDeps } from '../http/app-types.ts';
import { HttpError } from '../http/http-error.ts';
import { createAccount, listAccounts, updateAccount, type AccountWriteResult } from './account-service.ts';
import { noteAudit } from '../audit/audit-log.ts';
import { adminGuard } from '../auth/route-guard.ts';

function accountOrThrow(r: AccountWriteResult): Account {
  if (r.ok) return r.account;
  switch (r.reason) {
    case 'username_taken':
      throw new HttpError(409, 'already_exists', 'this username is taken');
    case 'unknown_branch':
      throw new HttpError(422, 'unknown_branch', 'a branch in branchIds does not exist');
    case 'not_found':
      throw new HttpError(404, 'not_found', 'no such account');
    case 'last_owner':
      throw new HttpError(422, 'validation_failed', 'the last owner cannot be demoted or disabled');
  }
}

/** Owners manage accounts: managers and their branches (issue 11, "Branches and accounts"). */
export function registerAccountRoutes(app: App, deps: RouteDeps): void {
  const { db, clock } = deps;
  const admin = adminGuard(deps);

  app.get('/api/admin/accounts', admin.route({ schema: { response: { 200: AccountList } } }), () =>
    listAccounts(db),
  );

  app.post(
    '/api/admin/accounts',
    admin.route({
      schema: { body: AccountCreateBody, response: { 201: Account, 409: ErrorEnvelope } },
    }),
    async (req, reply) => {
      if (req.body.role === 'manager' && req.body.branchIds.length === 0) {
        throw new HttpError(400, 'validation_failed', 'a manager needs at least one branch');
      }
      const account = accountOrThrow(await createAccount(db, req.body, isoNow(clock)));
      noteAudit(req, {
        entityId: account.id,
        summary: `${account.username} created (${account.role})`,
        details: { role: account.role, branchIds: account.branchIds, canEditCatalog: account.canEditCatalog },
      });
      return reply.status(201).send(account);
    },
  );

  app.patch(
    '/api/admin/accounts/:id',
    admin.route({
      schema: { params: IdParams, body: AccountUpdateBody, response: { 200: Account } },
    }),
    async (req) => {
      const account = accountOrThrow(await updateAccount(db, req.params.id, req.body, isoNow(clock)));
      const { password, ...changed } = req.body;
      noteAudit(req, {
        summary: `${account.username} updated`,
        details: { ...changed, ...(password === undefined ? {} : { password: 'changed' }) },
      });
      return account;
    },
  );
}

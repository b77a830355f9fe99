import { BranchSettings, BranchUpdateBody, ErrorEnvelope, IdParams } from '@kasir/protocol';
import { adminOf, requireBranch } from '../accounts/admin-access.ts';
import { isOwner } from '../accounts/rights.ts';
import type { App, RouteDeps } from '../http/app-types.ts';
import { HttpError } from '../http/http-error.ts';
import { getBranchSettings, updateBranch } from './branch-settings.ts';
import { adminGuard } from '../auth/route-guard.ts';

/**
 * A branch's settings: address, NPWP, receipt texts, time zone, opening hours and the shop-wide
 * settings its tills receive through the branch's feed (a `branch_settings` change, poked at once).
 */
export function registerBranchSettingsRoutes(app: App, deps: RouteDeps): void {
  const branchAdmin = adminGuard(deps, 'branch');

  app.get(
    '/api/admin/branches/:id',
    branchAdmin.route({ schema: { params: IdParams, response: { 200: BranchSettings } } }),
    async (req) => {
      requireBranch(req, req.params.id);
      const b = await getBranchSettings(deps.db, req.params.id);
      if (b === undefined) throw new HttpError(404, 'not_found', 'no such branch');
      return b;
    },
  );

  app.patch(
    '/api/admin/branches/:id',
    branchAdmin.route({
      schema: {
        params: IdParams,
        body: BranchUpdateBody,
        response: { 200: BranchSettings, 400: ErrorEnvelope, 409: ErrorEnvelope },
      },
    }),
    async (req) => {
      requireBranch(req, req.params.id);
      if (req.body.code !== undefined && !isOwner(adminOf(req))) {
        throw new HttpError(403, 'forbidden', 'only an owner changes a branch code');
      }
      const r = await updateBranch(deps.db, req.params.id, req.body);
      if (!r.ok && r.reason === 'code_taken')
        throw new HttpError(409, 'already_exists', 'this branch code is taken');
      if (!r.ok && r.reason === 'invalid') throw new HttpError(400, 'validation_failed', r.message);
      if (!r.ok) throw new HttpError(404, 'not_found', 'no such branch');
      deps.hub.publish(r.changes, req.params.id);
      return r.branch;
    },
  );
}

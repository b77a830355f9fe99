import { RefundList, RefundQuery } from '@kasir/protocol';
import { requireBranch } from '../accounts/admin-access.ts';
import { adminGuard } from '../auth/route-guard.ts';
import type { App, RouteDeps } from '../http/app-types.ts';
import { listRefunds } from './refund-query.ts';

/** `GET /api/admin/refunds`: a branch's refunds; `flag=over_refund` lists what needs a look. */
export function registerRefundRoutes(app: App, deps: RouteDeps): void {
  app.get(
    '/api/admin/refunds',
    adminGuard(deps, 'branch').route({
      schema: { querystring: RefundQuery, response: { 200: RefundList } },
    }),
    async (req) => {
      requireBranch(req, req.query.branchId);
      return { refunds: await listRefunds(deps.db.reader, req.query) };
    },
  );
}

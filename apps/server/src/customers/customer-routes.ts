import { CustomerDetail, CustomerList, CustomerQuery, Uuid } from '@kasir/protocol';
import { z } from 'zod';
import { adminOf } from '../accounts/admin-access.ts';
import { branchLimit } from '../accounts/rights.ts';
import { adminGuard } from '../auth/route-guard.ts';
import type { App, RouteDeps } from '../http/app-types.ts';
import { HttpError } from '../http/http-error.ts';
import { customerDetail, searchCustomers } from './customer-query.ts';

/** The back office's customers: search, and one customer's purchase history. */
export function registerCustomerRoutes(app: App, deps: RouteDeps): void {
  app.get(
    '/api/admin/customers',
    adminGuard(deps, 'branch').route({
      schema: { querystring: CustomerQuery, response: { 200: CustomerList } },
    }),
    async (req) => ({ customers: await searchCustomers(deps.db.reader, req.query.q, req.query.limit) }),
  );
  app.get(
    '/api/admin/customers/:id',
    adminGuard(deps, 'branch').route({
      schema: { params: z.strictObject({ id: Uuid }), response: { 200: CustomerDetail } },
    }),
    async (req) => {
      const found = await customerDetail(deps.db.reader, req.params.id, branchLimit(adminOf(req)));
      if (found === undefined) throw new HttpError(404, 'not_found', `no customer ${req.params.id}`);
      return found;
    },
  );
}

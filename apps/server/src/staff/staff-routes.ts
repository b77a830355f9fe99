import {
  ErrorEnvelope,
  IdParams,
  StaffCreateBody,
  StaffList,
  StaffListQuery,
  StaffMember,
  StaffUpdateBody,
} from '@kasir/protocol';
import { adminOf, requireBranch } from '../accounts/admin-access.ts';
import { branchLimit } from '../accounts/rights.ts';
import { adminGuard } from '../auth/route-guard.ts';
import { isoNow, type App, type RouteDeps } from '../http/app-types.ts';
import { HttpError } from '../http/http-error.ts';
import { createStaff, listStaff, updateStaff, type StaffWriteResult } from './staff-service.ts';

/**
 * Till staff in the back office (issue 13 item 1): owners and the managers of a person's branches
 * list, create and edit them; a new PIN reaches the branch's tills through the feed.
 */
export function registerStaffRoutes(app: App, deps: RouteDeps): void {
  const branchAdmin = adminGuard(deps, 'branch');

  const written = (r: StaffWriteResult): StaffMember => {
    if (!r.ok && r.reason === 'unknown_branch')
      throw new HttpError(400, 'validation_failed', 'unknown branch');
    if (!r.ok) throw new HttpError(404, 'not_found', 'no such staff member');
    for (const c of r.write.changes) deps.hub.publish(c.positioned, c.branchId);
    return r.write.member;
  };

  app.get(
    '/api/admin/staff',
    branchAdmin.route({ schema: { querystring: StaffListQuery, response: { 200: StaffList } } }),
    async (req) => {
      if (req.query.branchId !== undefined) requireBranch(req, req.query.branchId);
      return listStaff(deps.db, req.query, branchLimit(adminOf(req)));
    },
  );

  app.post(
    '/api/admin/staff',
    branchAdmin.route({
      schema: { body: StaffCreateBody, response: { 201: StaffMember, 400: ErrorEnvelope } },
    }),
    async (req, reply) => {
      for (const b of req.body.branchIds) requireBranch(req, b);
      const member = written(await createStaff(deps.db, req.body, isoNow(deps.clock)));
      return reply.code(201).send(member);
    },
  );

  app.patch(
    '/api/admin/staff/:id',
    branchAdmin.route({
      schema: {
        params: IdParams,
        body: StaffUpdateBody,
        response: { 200: StaffMember, 400: ErrorEnvelope, 404: ErrorEnvelope },
      },
    }),
    async (req) => {
      for (const b of req.body.branchIds ?? []) requireBranch(req, b);
      const limit = branchLimit(adminOf(req));
      return written(await updateStaff(deps.db, req.params.id, req.body, isoNow(deps.clock), limit));
    },
  );
}

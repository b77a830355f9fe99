import { EndOfDay, EndOfDayQuery, ShiftReportList, ShiftReportQuery } from '@kasir/protocol';
import { requireBranch } from '../accounts/admin-access.ts';
import { adminGuard } from '../auth/route-guard.ts';
import type { App, RouteDeps } from '../http/app-types.ts';
import { endOfDay, shiftReports } from './shift-report-query.ts';

/** The back office's drawer views: shift reports and a branch's end of day. */
export function registerShiftRoutes(app: App, deps: RouteDeps): void {
  app.get(
    '/api/admin/shifts',
    adminGuard(deps, 'branch').route({
      schema: { querystring: ShiftReportQuery, response: { 200: ShiftReportList } },
    }),
    async (req) => {
      requireBranch(req, req.query.branchId);
      return { shifts: await shiftReports(deps.db.reader, req.query) };
    },
  );
  app.get(
    '/api/admin/end-of-day',
    adminGuard(deps, 'branch').route({
      schema: { querystring: EndOfDayQuery, response: { 200: EndOfDay } },
    }),
    async (req) => {
      requireBranch(req, req.query.branchId);
      return endOfDay(deps.db.reader, req.query.branchId);
    },
  );
}

import { ReportSummary, ReportSummaryQuery } from '@kasir/protocol';
import { adminOf, requireBranch } from '../accounts/admin-access.ts';
import { branchLimit } from '../accounts/rights.ts';
import { listBranchSettings, timeZoneOf } from '../branches/branch-settings.ts';
import type { App, RouteDeps } from '../http/app-types.ts';
import { reportSummary } from './report-summary.ts';
import { adminGuard } from '../auth/route-guard.ts';

/** `GET /api/admin/reports/summary`: the dashboard's figures, from summary rows. */
export function registerReportRoutes(app: App, deps: RouteDeps): void {
  const { db, clock } = deps;
  app.get(
    '/api/admin/reports/summary',
    adminGuard(deps, 'branch').route({
      schema: {
        querystring: ReportSummaryQuery,
        response: { 200: ReportSummary },
      },
    }),
    async (req) => {
      const limit = branchLimit(adminOf(req));
      let timeZone: string | undefined;
      if (req.query.branchId !== undefined) {
        requireBranch(req, req.query.branchId);
        timeZone = await timeZoneOf(db, req.query.branchId);
      } else {
        // Several branches are bucketed in the first one's zone (Indonesia has three).
        timeZone = (await listBranchSettings(db, limit))[0]?.timeZone;
      }
      return reportSummary(db, req.query, limit, timeZone, clock.now());
    },
  );
}

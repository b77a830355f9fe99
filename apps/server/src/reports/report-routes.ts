import { ReportSummary, ReportSummaryQuery } from '@kasir/protocol';
import { adminOf, requireBranch } from '../accounts/admin-access.ts';
import { branchLimit } from '../accounts/rights.ts';
import { adminHook } from '../auth/auth-hooks.ts';
import { listBranchSettings, timeZoneOf } from '../branches/branch-settings.ts';
import type { App, RouteDeps } from '../http/app-types.ts';
import { reportSummary } from './report-summary.ts';

/** `GET /api/admin/reports/summary`: the dashboard's figures, from summary rows. */
export function registerReportRoutes(app: App, deps: RouteDeps): void {
  const { db, clock } = deps;
  app.get(
    '/api/admin/reports/summary',
    {
      onRequest: adminHook(deps),
      config: { access: 'branch' },
      schema: {
        tags: ['admin'],
        security: [{ bearer: [] }],
        querystring: ReportSummaryQuery,
        response: { 200: ReportSummary },
      },
    },
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

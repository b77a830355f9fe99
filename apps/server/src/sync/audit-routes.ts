import { SaleAuditQuery, SaleAuditResponse } from '@kasir/protocol';
import { deviceOf, oneAtATime } from '../auth/auth-hooks.ts';
import { deviceGuard } from '../auth/route-guard.ts';
import type { App, RouteDeps } from '../http/app-types.ts';
import { saleAudit } from './sale-audit.ts';

/** `GET /api/sync/audit?day=YYYY-MM-DD[&detail=true]`: the calling device's sales of a day (issue 16). */
export function registerAuditRoutes(app: App, deps: RouteDeps): void {
  const device = deviceGuard(deps, 'sync');
  app.get(
    '/api/sync/audit',
    device.route({ schema: { querystring: SaleAuditQuery, response: { 200: SaleAuditResponse } } }),
    (req, reply) =>
      oneAtATime(deps.limiter, req, reply, 'sale audit', () => {
        const who = deviceOf(req);
        return saleAudit(deps.db, who, req.query.day, req.query.detail === 'true');
      }),
  );
}

import cookie from '@fastify/cookie';
import { registerAccountRoutes } from './accounts/account-routes.ts';
import { registerAuthRoutes, type AuthRouteOptions } from './accounts/auth-routes.ts';
import { installAuditLog, registerAuditRoutes } from './audit/audit-log.ts';
import { registerBranchSettingsRoutes } from './branches/branch-settings-routes.ts';
import { registerBackOfficeProductRoutes } from './catalog/back-office-product-routes.ts';
import { registerDeviceCommandRoutes } from './devices/device-command-routes.ts';
import { AlertMonitor, type FetchLike } from './monitoring/alert-monitor.ts';
import { DEFAULT_ALERT_RULES, type AlertRules } from './monitoring/alerts.ts';
import { installMutationTally, MutationTally } from './monitoring/mutation-tally.ts';
import { registerMonitoringRoutes } from './monitoring/monitoring-routes.ts';
import { registerReportRoutes } from './reports/report-routes.ts';
import { registerShiftRoutes } from './shifts/shift-routes.ts';
import { registerRefundRoutes } from './refunds/refund-routes.ts';
import { registerCustomerRoutes } from './customers/customer-routes.ts';
import { registerAdminSaleRoutes } from './sales/admin-sale-routes.ts';
import { registerStaffRoutes } from './staff/staff-routes.ts';
import type { App, RouteDeps } from './http/app-types.ts';

/** Settings of the back office's server side (issue 11). */
export interface BackOfficeOptions extends AuthRouteOptions {
  readonly alertRules?: Partial<AlertRules>;
  /** `KASIR_ALERT_WEBHOOK_URL`. */
  readonly alertWebhookUrl?: string;
  readonly alertFetch?: FetchLike;
  readonly alertRetryDelaysMs?: readonly number[];
  /** Background alert checks; 0 = only when a screen asks. */
  readonly alertIntervalMs?: number;
  /** How often monitoring counts are written. */
  readonly tallyFlushMs?: number;
}

/** What tests and benchmarks may reach of the back office's background work. */
export interface BackOffice {
  readonly alerts: AlertMonitor;
  readonly tally: MutationTally;
}

/**
 * The back office's API on the app: sessions (the cookie), accounts, the audit log of admin writes,
 * branch settings, the catalog screens, sales and reports from summary rows, device health and
 * commands, monitoring and alerts. Registered before the other routes so its hooks see them all.
 */
export async function registerBackOffice(
  app: App,
  deps: RouteDeps,
  opts: BackOfficeOptions = {},
): Promise<BackOffice> {
  await app.register(cookie);
  installAuditLog(app, deps);
  const tally = new MutationTally(deps.db, () => deps.clock.now(), opts.tallyFlushMs);
  installMutationTally(app, tally);
  const alerts = new AlertMonitor({
    db: deps.db,
    rules: { ...DEFAULT_ALERT_RULES, ...opts.alertRules },
    now: () => deps.clock.now(),
    logger: app.log,
    webhookUrl: opts.alertWebhookUrl,
    ...(opts.alertFetch === undefined ? {} : { fetch: opts.alertFetch }),
    ...(opts.alertRetryDelaysMs === undefined ? {} : { retryDelaysMs: opts.alertRetryDelaysMs }),
    ...(opts.alertIntervalMs === undefined ? {} : { intervalMs: opts.alertIntervalMs }),
  });
  app.addHook('preClose', async () => {
    await alerts.close();
    await tally.close();
  });
  registerAuthRoutes(app, deps, opts);
  registerAccountRoutes(app, deps);
  registerAuditRoutes(app, deps);
  registerBranchSettingsRoutes(app, deps);
  registerBackOfficeProductRoutes(app, deps);
  registerAdminSaleRoutes(app, deps);
  registerReportRoutes(app, deps);
  registerShiftRoutes(app, deps);
  registerRefundRoutes(app, deps);
  registerCustomerRoutes(app, deps);
  registerDeviceCommandRoutes(app, deps);
  registerStaffRoutes(app, deps);
  registerMonitoringRoutes(app, deps, alerts);
  return { alerts, tally };
}

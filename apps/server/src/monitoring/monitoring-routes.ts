import {
  AdminDeviceQuery,
  AlertList,
  DeviceHealthReport,
  MonitoringQuery,
  MonitoringResponse,
  type DeviceDayStats,
  type OpenConflict,
} from '@kasir/protocol';
import { adminOf, requireBranch } from '../accounts/admin-access.ts';
import { branchLimit } from '../accounts/rights.ts';
import { deviceHook, deviceOf } from '../auth/auth-hooks.ts';
import { timeZoneOf } from '../branches/branch-settings.ts';
import { isoNow, type App, type RouteDeps } from '../http/app-types.ts';
import { addDays, businessTime, ISO_DATE } from '../calendar/business-time.ts';
import type { AlertMonitor } from './alert-monitor.ts';
import { listOpenAlerts } from './alerts.ts';
import { recordDeviceHealth } from './device-health.ts';
import { adminGuard, routeGuard } from '../auth/route-guard.ts';

/** Device health reports, and the monitoring screen: mutations per device and day, conflicts, alerts. */
export function registerMonitoringRoutes(app: App, deps: RouteDeps, alerts: AlertMonitor): void {
  const { db, clock } = deps;
  const branchAdmin = adminGuard(deps, 'branch');

  app.post(
    '/api/device/health',
    routeGuard(deviceHook(db), 'device').route({ schema: { body: DeviceHealthReport } }),
    async (req, reply) => {
      await recordDeviceHealth(db, deviceOf(req).deviceId, req.body, isoNow(clock));
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/admin/alerts',
    branchAdmin.route({ schema: { querystring: AdminDeviceQuery, response: { 200: AlertList } } }),
    async (req) => {
      if (req.query.branchId !== undefined) requireBranch(req, req.query.branchId);
      await alerts.refresh();
      return listOpenAlerts(db, req.query.branchId, branchLimit(adminOf(req)));
    },
  );

  app.get(
    '/api/admin/monitoring',
    branchAdmin.route({ schema: { querystring: MonitoringQuery, response: { 200: MonitoringResponse } } }),
    async (req) => {
      const { branchId } = req.query;
      if (branchId !== undefined) requireBranch(req, branchId);
      const only = branchLimit(adminOf(req));
      const tz = (branchId === undefined ? undefined : await timeZoneOf(db, branchId)) ?? 'Asia/Jakarta';
      const dayOf = (b: string) => (ISO_DATE.test(b) ? b : businessTime(b, tz).day);
      const to = req.query.to === undefined ? businessTime(clock.now(), tz).day : dayOf(req.query.to);
      const from = req.query.from === undefined ? addDays(to, -6) : dayOf(req.query.from);

      let devices = db.reader.selectFrom('devices').select(['id', 'branchId']);
      if (branchId !== undefined) devices = devices.where('branchId', '=', branchId);
      if (only !== undefined) devices = devices.where('branchId', 'in', only.length > 0 ? [...only] : ['']);
      const branchOf = new Map((await devices.execute()).map((d) => [d.id, d.branchId]));
      const ids = [...branchOf.keys()];

      const dayRows =
        ids.length === 0
          ? []
          : await db.reader
              .selectFrom('deviceDays')
              .selectAll()
              .where('deviceId', 'in', ids)
              .where('day', '>=', from)
              .where('day', '<=', to)
              .orderBy('day', 'desc')
              .orderBy('deviceId')
              .execute();
      const conflictRows =
        ids.length === 0
          ? []
          : await db.reader
              .selectFrom('conflicts')
              .selectAll()
              .where('deviceId', 'in', ids)
              .where('createdAt', '>=', new Date(Date.parse(`${from}T00:00:00Z`) - 86_400_000).toISOString())
              .execute();
      const conflictsPerDay = new Map<string, number>();
      for (const c of conflictRows) {
        const key = `${c.deviceId}|${businessTime(c.createdAt, tz).day}`;
        conflictsPerDay.set(key, (conflictsPerDay.get(key) ?? 0) + 1);
      }
      const days: DeviceDayStats[] = dayRows.map((r) => {
        // Rejected and retried: what the server answered plus what the device reported it saw fail.
        const rejected = Number(r.rejected) + Number(r.reportedRejected);
        const retried = Number(r.retried) + Number(r.reportedRetried);
        const accepted = Number(r.accepted);
        const all = accepted + rejected + retried;
        return {
          deviceId: r.deviceId,
          branchId: branchOf.get(r.deviceId)!,
          date: r.day,
          accepted,
          rejected,
          retried,
          conflicts: conflictsPerDay.get(`${r.deviceId}|${r.day}`) ?? 0,
          successRate: all === 0 ? 1 : (accepted + retried) / all,
        };
      });
      const openConflicts: OpenConflict[] =
        ids.length === 0
          ? []
          : (
              await db.reader
                .selectFrom('conflicts')
                .selectAll()
                .where('resolvedAt', 'is', null)
                .where('deviceId', 'in', ids)
                .orderBy('createdAt', 'desc')
                .limit(500)
                .execute()
            ).map((c) => ({
              id: c.id,
              mutationId: c.mutationId,
              kind: c.kind as OpenConflict['kind'],
              entityId: c.entityId,
              baseVersion: c.baseVersion,
              serverVersion: c.serverVersion,
              mine: JSON.parse(c.mine) as OpenConflict['mine'],
              server: JSON.parse(c.server) as OpenConflict['server'],
              createdAt: c.createdAt,
              branchId: c.branchId,
              deviceId: c.deviceId,
            }));
      await alerts.refresh();
      return { days, openConflicts, alerts: await listOpenAlerts(db, branchId, only) };
    },
  );
}

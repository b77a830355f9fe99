import { DeviceCommandBody, DeviceCommandResult, ErrorEnvelope, IdParams } from '@kasir/protocol';
import { requireBranch } from '../accounts/admin-access.ts';
import { noteAudit } from '../audit/audit-log.ts';
import { isoNow, type App, type RouteDeps } from '../http/app-types.ts';
import { HttpError } from '../http/http-error.ts';
import { sendDeviceCommand } from './device-commands.ts';
import { adminGuard } from '../auth/route-guard.ts';

/** `POST /api/admin/devices/:id/commands`: sync now, or re-download the catalog (keeps unsynced sales). */
export function registerDeviceCommandRoutes(app: App, deps: RouteDeps): void {
  const { db, hub, clock } = deps;
  app.post(
    '/api/admin/devices/:id/commands',
    adminGuard(deps, 'branch').route({
      schema: {
        params: IdParams,
        body: DeviceCommandBody,
        response: { 202: DeviceCommandResult, 409: ErrorEnvelope },
      },
    }),
    async (req, reply) => {
      const d = await db.reader
        .selectFrom('devices')
        .select(['branchId', 'name'])
        .where('id', '=', req.params.id)
        .executeTakeFirst();
      if (d !== undefined) requireBranch(req, d.branchId);
      const r = await sendDeviceCommand(db, hub, req.params.id, req.body.type, isoNow(clock));
      if (!r.ok && r.reason === 'revoked')
        throw new HttpError(409, 'already_exists', 'this device was revoked');
      if (!r.ok) throw new HttpError(404, 'not_found', 'no such device');
      noteAudit(req, {
        branchId: r.branchId,
        summary: `${req.body.type} sent to ${d?.name ?? req.params.id}`,
      });
      return reply.status(202).send(r.result);
    },
  );
}

import {
  AdminDeviceList,
  Branch,
  BranchCreateBody,
  BranchSettingsList,
  DeviceCreateBody,
  DeviceCreated,
  DeviceInfo,
  DeviceUpdateBody,
  ErrorEnvelope,
  IdParams,
} from '@kasir/protocol';
import { z } from 'zod';
import { adminOf, requireBranch } from '../accounts/admin-access.ts';
import { branchLimit } from '../accounts/rights.ts';
import { createBranch } from '../branches/branch-service.ts';
import { listBranchSettings } from '../branches/branch-settings.ts';
import { listAdminDevices } from '../monitoring/device-health.ts';
import { requireDeviceBranch } from '../sales/admin-sale-routes.ts';
import { isoNow, type App, type RouteDeps } from '../http/app-types.ts';
import { HttpError } from '../http/http-error.ts';
import { createDevice, getDevice, revokeDevice, updateDevice } from './device-service.ts';
import { adminGuard } from '../auth/route-guard.ts';

/** Admin: branches and devices (enrol, list with presence, revoke). */
export function registerAdminDeviceRoutes(app: App, deps: RouteDeps): void {
  const { db, clock, hub } = deps;
  // Managers: their branches only (accounts/admin-access.ts); creating a branch stays the owner's.
  const admin = adminGuard(deps);
  const branchAdmin = adminGuard(deps, 'branch');

  app.post(
    '/api/admin/branches',
    admin.route({
      schema: { body: BranchCreateBody, response: { 201: Branch, 409: ErrorEnvelope } },
    }),
    async (req, reply) => {
      const r = await createBranch(db, req.body.code, req.body.name, isoNow(clock));
      if (!r.ok) throw new HttpError(409, 'already_exists', `branch code ${req.body.code} is taken`);
      return reply.status(201).send(r.branch);
    },
  );

  app.get(
    '/api/admin/branches',
    branchAdmin.route({ schema: { response: { 200: BranchSettingsList } } }),
    (req) => listBranchSettings(db, branchLimit(adminOf(req))),
  );

  app.post(
    '/api/admin/devices',
    branchAdmin.route({ schema: { body: DeviceCreateBody, response: { 201: DeviceCreated } } }),
    async (req, reply) => {
      requireBranch(req, req.body.branchId);
      const r = await createDevice(db, req.body.branchId, req.body.name, isoNow(clock), req.body.permissions);
      if (!r.ok) throw new HttpError(422, 'unknown_branch', `unknown branch ${req.body.branchId}`);
      return reply.status(201).send(r.device);
    },
  );

  app.get(
    '/api/admin/devices',
    branchAdmin.route({
      schema: {
        querystring: z.strictObject({ branchId: z.uuid().optional() }),
        response: { 200: AdminDeviceList },
      },
    }),
    (req) => {
      if (req.query.branchId !== undefined) requireBranch(req, req.query.branchId);
      return listAdminDevices(db, clock.now(), req.query.branchId, branchLimit(adminOf(req)));
    },
  );

  app.get(
    '/api/admin/devices/:id',
    branchAdmin.route({ schema: { params: IdParams, response: { 200: DeviceInfo } } }),
    async (req) => {
      await requireDeviceBranch(db, req, req.params.id);
      const d = await getDevice(db, req.params.id, clock.now());
      if (d === undefined) throw new HttpError(404, 'not_found', 'no such device');
      return d;
    },
  );

  app.patch(
    '/api/admin/devices/:id',
    admin.route({
      schema: { params: IdParams, body: DeviceUpdateBody, response: { 200: DeviceInfo } },
    }),
    async (req) => {
      if (!(await updateDevice(db, req.params.id, req.body)))
        throw new HttpError(404, 'not_found', 'no such device');
      hub.invalidateDevice(req.params.id);
      return (await getDevice(db, req.params.id, clock.now()))!;
    },
  );

  app.delete(
    '/api/admin/devices/:id',
    branchAdmin.route({ schema: { params: IdParams } }),
    async (req, reply) => {
      await requireDeviceBranch(db, req, req.params.id);
      const found = await revokeDevice(db, req.params.id, isoNow(clock));
      if (!found) throw new HttpError(404, 'not_found', 'no such device');
      hub.disconnectDevice(req.params.id);
      return reply.status(204).send();
    },
  );
}

import { DeviceSelf } from '@kasir/protocol';
import { deviceOf } from '../auth/auth-hooks.ts';
import type { App, RouteDeps } from '../http/app-types.ts';
import { HttpError } from '../http/http-error.ts';
import { findBranch } from '../branches/branch-service.ts';
import { getDevice } from './device-service.ts';
import { deviceGuard } from '../auth/route-guard.ts';

/** `GET /api/device`: who this token is (the codes a device needs for its receipt numbers, S10). */
export function registerDeviceRoutes(app: App, deps: RouteDeps): void {
  app.get(
    '/api/device',
    deviceGuard(deps).route({
      schema: { response: { 200: DeviceSelf } },
    }),
    async (req) => {
      const who = deviceOf(req);
      const [device, branch] = await Promise.all([
        getDevice(deps.db, who.deviceId, deps.clock.now()),
        findBranch(deps.db, who.branchId),
      ]);
      if (device === undefined || branch === undefined)
        throw new HttpError(404, 'not_found', 'device is gone');
      return { device, branch };
    },
  );
}

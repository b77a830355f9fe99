import { AdminSaleDetail, AdminSalePage, AdminSaleQuery, IdParams } from '@kasir/protocol';
import type { FastifyRequest } from 'fastify';
import { adminOf, requireBranch } from '../accounts/admin-access.ts';
import { branchLimit, isOwner } from '../accounts/rights.ts';
import { timeZoneOf } from '../branches/branch-settings.ts';
import type { Db } from '../db/open-database.ts';
import type { App, RouteDeps } from '../http/app-types.ts';
import { HttpError } from '../http/http-error.ts';
import { getAdminSale, listAdminSales } from './admin-sale-query.ts';
import { adminGuard } from '../auth/route-guard.ts';

/** 403 unless the caller may see the device's branch (a manager naming another branch's till). */
export async function requireDeviceBranch(
  db: Db,
  req: FastifyRequest,
  deviceId: string,
): Promise<string | undefined> {
  const d = await db.reader
    .selectFrom('devices')
    .select('branchId')
    .where('id', '=', deviceId)
    .executeTakeFirst();
  if (d !== undefined) requireBranch(req, d.branchId);
  else if (!isOwner(adminOf(req))) throw new HttpError(403, 'forbidden', 'this device is not one of yours');
  return d?.branchId;
}

/** The sales list with filters and totals, and one sale in full. */
export function registerAdminSaleRoutes(app: App, deps: RouteDeps): void {
  const { db } = deps;
  const branchAdmin = adminGuard(deps, 'branch');

  app.get(
    '/api/admin/sales',
    branchAdmin.route({ schema: { querystring: AdminSaleQuery, response: { 200: AdminSalePage } } }),
    async (req) => {
      const { branchId, deviceId } = req.query;
      let timeZone: string | undefined;
      if (branchId !== undefined) {
        requireBranch(req, branchId);
        timeZone = await timeZoneOf(db, branchId);
      }
      if (deviceId !== undefined) await requireDeviceBranch(db, req, deviceId);
      return listAdminSales(db, { query: req.query, branchIds: branchLimit(adminOf(req)), timeZone });
    },
  );

  app.get(
    '/api/admin/sales/:id',
    branchAdmin.route({ schema: { params: IdParams, response: { 200: AdminSaleDetail } } }),
    async (req) => {
      const sale = await getAdminSale(db, req.params.id);
      if (sale === undefined) {
        if (!isOwner(adminOf(req))) throw new HttpError(403, 'forbidden', 'not a sale of your branches');
        throw new HttpError(404, 'not_found', 'no such sale');
      }
      requireBranch(req, sale.branchId);
      return sale;
    },
  );
}

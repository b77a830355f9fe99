import type { z } from 'zod';
import {
  SaleAuditSummary,
  StoreLossSummary,
  type AdminDevice,
  type DeviceHealthReport,
} from '@kasir/protocol';
import type { Db } from '../db/open-database.ts';
import { toDeviceInfo } from '../devices/device-service.ts';

/** Keeps a device's latest report about itself (unsynced sales, last sync, versions). */
export async function recordDeviceHealth(
  db: Db,
  deviceId: string,
  r: DeviceHealthReport,
  now: string,
): Promise<void> {
  const row = {
    reportedAt: now,
    appVersion: r.appVersion,
    protocolVersion: r.protocolVersion,
    lastSyncAt: r.lastSyncAt === null ? null : new Date(r.lastSyncAt).toISOString(),
    unsyncedSales: r.unsyncedSales,
    oldestUnsyncedAt: r.oldestUnsyncedAt === null ? null : new Date(r.oldestUnsyncedAt).toISOString(),
    // A report without one keeps the last audit known.
    ...(r.audit === undefined ? {} : { audit: JSON.stringify(r.audit) }),
    // Likewise the last store loss: a till reports it with every report; the back office keeps the
    // last one (a till that never reports it again, e.g. an older version, keeps showing it).
    ...(r.storeLost === undefined ? {} : { storeLost: JSON.stringify(r.storeLost) }),
  };
  await db.kysely
    .insertInto('deviceHealth')
    .values({ deviceId, ...row })
    .onConflict((oc) => oc.column('deviceId').doUpdateSet(row))
    .execute();
}

/** A stored summary (audit, store loss), or null when absent or unreadable. */
function parseStored<T>(schema: z.ZodType<T>, json: string | null): T | null {
  if (json === null) return null;
  const r = schema.safeParse(JSON.parse(json));
  return r.success ? r.data : null;
}

/** Devices with presence and their last report, by branch then code; limited to `only` branches. */
export async function listAdminDevices(
  db: Db,
  nowMs: number,
  branchId: string | undefined,
  only: readonly string[] | undefined,
): Promise<AdminDevice[]> {
  if (only !== undefined && only.length === 0) return [];
  let q = db.reader
    .selectFrom('devices')
    .leftJoin('deviceHealth', 'deviceHealth.deviceId', 'devices.id')
    .selectAll('devices')
    .select([
      'deviceHealth.reportedAt',
      'deviceHealth.appVersion',
      'deviceHealth.protocolVersion',
      'deviceHealth.lastSyncAt',
      'deviceHealth.unsyncedSales',
      'deviceHealth.oldestUnsyncedAt',
      'deviceHealth.audit',
      'deviceHealth.storeLost',
    ])
    .orderBy('devices.branchId')
    .orderBy('devices.code');
  if (branchId !== undefined) q = q.where('devices.branchId', '=', branchId);
  if (only !== undefined) q = q.where('devices.branchId', 'in', [...only]);
  const rows = await q.execute();
  return rows.map((r) => {
    const info = toDeviceInfo(r, nowMs);
    return {
      ...info,
      health: {
        online: info.online,
        lastSeenAt: r.lastSeenAt,
        lastSyncAt: r.lastSyncAt,
        unsyncedSales: r.unsyncedSales,
        oldestUnsyncedAt: r.oldestUnsyncedAt,
        appVersion: r.appVersion,
        protocolVersion: r.protocolVersion,
        reportedAt: r.reportedAt,
        audit: parseStored(SaleAuditSummary, r.audit),
        storeLost: parseStored(StoreLossSummary, r.storeLost),
      },
    };
  });
}

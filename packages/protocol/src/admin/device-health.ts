import { z } from 'zod';
import { Uuid } from '../ids.ts';
import { DeviceInfo } from './admin.ts';

/**
 * What a till reports about itself (issue 11: "the device reports these itself, with its presence
 * or after each sync"): `POST /api/device/health` with the device token, or the same object as the
 * realtime `device_health` event. The server keeps the latest report per device.
 */
/** The device's last sale audit (issue 16): sales compared, re-sent to the server, and differing. */
export const SaleAuditSummary = z.strictObject({
  at: z.iso.datetime({ offset: true }),
  kind: z.enum(['ok', 'repaired', 'mismatch', 'error']),
  sales: z.number().int().min(0),
  requeued: z.number().int().min(0),
  differing: z.number().int().min(0),
});
export type SaleAuditSummary = z.infer<typeof SaleAuditSummary>;

/**
 * The device's last loss of its local store: the browser deleted its database after a crash, and
 * the till put back what was unsynced from the copies it keeps outside it (packages/sync
 * journal-mirror.ts). When it found the loss, and how many entries came back.
 */
export const StoreLossSummary = z.strictObject({
  at: z.iso.datetime({ offset: true }),
  restored: z.number().int().min(0),
});
export type StoreLossSummary = z.infer<typeof StoreLossSummary>;

export const DeviceHealthReport = z.strictObject({
  /** Sales committed on the device and not yet acknowledged by the server. */
  unsyncedSales: z.number().int().min(0),
  /** Device-clock creation time of the oldest of them; null when there are none. */
  oldestUnsyncedAt: z.iso.datetime({ offset: true }).nullable(),
  /** When the device last completed a push and pull without error (server time when it knows it). */
  lastSyncAt: z.iso.datetime({ offset: true }).nullable(),
  appVersion: z.string().trim().min(1).max(50),
  protocolVersion: z.number().int().min(0),
  /** Absent from tills older than issue 16, and until a till's first audit. */
  audit: SaleAuditSummary.optional(),
  /** Absent from older tills, and from a till that never lost its store. */
  storeLost: StoreLossSummary.optional(),
});
export type DeviceHealthReport = z.infer<typeof DeviceHealthReport>;

/** A device's health as the back office shows it: presence from the server, the rest reported. */
export const DeviceHealth = z.object({
  online: z.boolean(),
  lastSeenAt: z.string().nullable(),
  /** Last successful sync: the later of the device's report and the server's last full pull. */
  lastSyncAt: z.string().nullable(),
  unsyncedSales: z.number().int().min(0).nullable(),
  oldestUnsyncedAt: z.string().nullable(),
  appVersion: z.string().nullable(),
  protocolVersion: z.number().int().nullable(),
  /** When the device last reported; null for a device that never did (an older till). */
  reportedAt: z.string().nullable(),
  /** The device's last sale audit; null when it never reported one. */
  audit: SaleAuditSummary.nullable().optional(),
  /** The device's last loss of its local store; null when it never reported one. */
  storeLost: StoreLossSummary.nullable().optional(),
});
export type DeviceHealth = z.infer<typeof DeviceHealth>;

/**
 * One row of `GET /api/admin/devices?branchId=` (still an array, as before issue 11: older clients
 * read the `DeviceInfo` fields and ignore the rest). Sorted by branch, then code.
 */
export const AdminDevice = DeviceInfo.extend({ health: DeviceHealth });
export type AdminDevice = z.infer<typeof AdminDevice>;

export const AdminDeviceList = z.array(AdminDevice);

export const AdminDeviceQuery = z.strictObject({ branchId: Uuid.optional() });

import { z } from 'zod';
import { Uuid } from '../ids.ts';
import { ConflictRecord } from '../sync/push.ts';
import { BranchDateRange } from './page.ts';

/** `GET /api/admin/monitoring?branchId=&from=&to=`: the last 7 business days when no dates. */
export const MonitoringQuery = BranchDateRange;
export type MonitoringQuery = z.infer<typeof MonitoringQuery>;

/**
 * Mutations one device pushed on one business day. `retried`: mutations received again after a
 * first receipt (duplicates, S3); `successRate` = (accepted + duplicates) / all, 1 for a day of none.
 */
export const DeviceDayStats = z.object({
  deviceId: Uuid,
  branchId: Uuid,
  date: z.iso.date(),
  accepted: z.number().int().min(0),
  rejected: z.number().int().min(0),
  retried: z.number().int().min(0),
  conflicts: z.number().int().min(0),
  successRate: z.number().min(0).max(1),
});
export type DeviceDayStats = z.infer<typeof DeviceDayStats>;

/** A conflict (S8) not yet resolved, with where it came from. */
export const OpenConflict = ConflictRecord.extend({ branchId: Uuid, deviceId: Uuid });
export type OpenConflict = z.infer<typeof OpenConflict>;

/**
 * Why the back office raises an alert:
 * - `device_unsynced`: holds unsynced sales and has not synced for more than the threshold
 *   (6 hours by default, `KASIR_ALERT_UNSYNCED_HOURS`);
 * - `device_not_seen`: not seen during the branch's opening hours;
 * - `negative_stock`: a product's on-hand at a branch is below zero;
 * - `low_stock`: a product's on-hand at a branch is at or below the branch's minimum for it (and not below zero).
 */
export const AlertKind = z.enum(['device_unsynced', 'device_not_seen', 'negative_stock', 'low_stock']);
export type AlertKind = z.infer<typeof AlertKind>;

/**
 * An open alert; the body of the webhook POST too (`KASIR_ALERT_WEBHOOK_URL`, one alert per POST
 * when it opens). Fields other than `kind` name what it is about; `details` carries the numbers
 * (`{unsyncedSales, hoursSinceSync}`, `{onHand}`) a screen or webhook shows.
 */
export const Alert = z.object({
  id: Uuid,
  kind: AlertKind,
  branchId: Uuid,
  deviceId: Uuid.nullable(),
  productId: Uuid.nullable(),
  /** "Kasir 2 (JKT-02)" or "Indomie Goreng (SKU-4)": ready to show. */
  subject: z.string(),
  since: z.string(),
  details: z.record(z.string(), z.union([z.number(), z.string()])),
});
export type Alert = z.infer<typeof Alert>;

/** `GET /api/admin/alerts?branchId=`: open alerts, newest first (the dashboard's panel). */
export const AlertList = z.array(Alert);

export const MonitoringResponse = z.object({
  days: z.array(DeviceDayStats),
  openConflicts: z.array(OpenConflict),
  alerts: z.array(Alert),
});
export type MonitoringResponse = z.infer<typeof MonitoringResponse>;

import type { SyncLogEntry, SyncStatus } from '@kasir/sync';

/**
 * The sync log as a file a shop can send to support: one JSON document with the device, the
 * current status and every logged event, newest first.
 */
export function syncLogFile(
  device: { readonly deviceName: string; readonly branchName: string },
  status: SyncStatus,
  log: readonly SyncLogEntry[],
  at: Date,
): { name: string; text: string } {
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  const slug = device.deviceName.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return {
    name: `kasir-sync-log-${slug}-${stamp}.json`,
    text: JSON.stringify({ exportedAt: at.toISOString(), device, status, events: log }, null, 2),
  };
}

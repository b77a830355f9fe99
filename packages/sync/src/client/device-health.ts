import {
  PROTOCOL_VERSION,
  type DeviceCommandType,
  type DeviceHealthReport,
  type StoreLossSummary,
} from '@kasir/protocol';
import type { EngineContext } from '../engine/engine-context.ts';
import type { AuditSummary } from '../status/sync-status.ts';

/**
 * What the device tells the back office about itself after each successful sync, and after a sync
 * the server answered but that failed (issue 11): sales not yet acknowledged and the oldest of
 * them, the last successful sync, its versions. Best effort: a
 * report that fails is dropped, the next sync sends a fresh one.
 */
export async function reportDeviceHealth(
  ctx: EngineContext,
  lastSyncAt: string | null,
  appVersion: string,
  audit?: AuditSummary,
  storeLost: StoreLossSummary | null = null,
): Promise<void> {
  if (ctx.api.reportHealth === undefined) return;
  const waiting = await ctx.store.listOutbox({ kinds: ['pending', 'inflight', 'failed'] });
  const sales = waiting.filter((e) => e.mutation.type === 'sale.create');
  const oldest = sales.reduce<string | null>(
    (o, e) => (o === null || e.createdAt < o ? e.createdAt : o),
    null,
  );
  const report: DeviceHealthReport = {
    unsyncedSales: sales.length,
    oldestUnsyncedAt: oldest,
    lastSyncAt,
    appVersion,
    protocolVersion: PROTOCOL_VERSION,
    ...(audit === undefined ? {} : { audit }),
    ...(storeLost === null ? {} : { storeLost }),
  };
  const r = await ctx.api.reportHealth(report);
  if (!r.ok) ctx.logger.info('health report not sent', { error: r.error.kind });
}

/** A back-office command for this device, as the engine hands it to the client. */
export type DeviceCommandHandler = (type: DeviceCommandType) => void;

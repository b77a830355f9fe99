import {
  newId,
  type DeviceCommandEvent,
  type DeviceCommandResult,
  type DeviceCommandType,
} from '@kasir/protocol';
import type { Db } from '../db/open-database.ts';
import type { RealtimePokes } from '../http/app-types.ts';

export type CommandOutcome =
  | { ok: true; result: DeviceCommandResult; branchId: string }
  | { ok: false; reason: 'not_found' | 'revoked' };

/**
 * Sends a back-office command (sync now, re-download) to a till over realtime. A till that is not
 * connected gets it when it next connects: the newest command per type waits in `device_commands`.
 */
export async function sendDeviceCommand(
  db: Db,
  hub: RealtimePokes,
  deviceId: string,
  type: DeviceCommandType,
  now: string,
): Promise<CommandOutcome> {
  const d = await db.reader
    .selectFrom('devices')
    .select(['branchId', 'revokedAt'])
    .where('id', '=', deviceId)
    .executeTakeFirst();
  if (d === undefined) return { ok: false, reason: 'not_found' };
  if (d.revokedAt !== null) return { ok: false, reason: 'revoked' };
  const command: DeviceCommandEvent = { id: newId(), type, issuedAt: now };
  const delivered = await hub.sendCommand(deviceId, command);
  if (!delivered) {
    await db.kysely
      .insertInto('deviceCommands')
      .values({ deviceId, ...command })
      .onConflict((oc) => oc.columns(['deviceId', 'type']).doUpdateSet({ id: command.id, issuedAt: now }))
      .execute();
  }
  return { ok: true, result: { ...command, deviceId, delivered }, branchId: d.branchId };
}

/** The commands waiting for a device, removed as they are handed over. */
export async function takePendingCommands(db: Db, deviceId: string): Promise<DeviceCommandEvent[]> {
  const rows = await db.kysely
    .deleteFrom('deviceCommands')
    .where('deviceId', '=', deviceId)
    .returningAll()
    .execute();
  return rows
    .sort((a, b) => a.issuedAt.localeCompare(b.issuedAt))
    .map((r) => ({ id: r.id, type: r.type as DeviceCommandType, issuedAt: r.issuedAt }));
}

import { newId, type DeviceCreated, type DeviceInfo, type Permission } from '@kasir/protocol';
import { parsePermissions, storePermissions } from '../auth/permissions.ts';
import type { Selectable } from 'kysely';
import { hashToken, newToken } from '../auth/token.ts';
import { tokenCacheOf } from '../auth/principal.ts';
import { findBranch } from '../branches/branch-service.ts';
import type { Db } from '../db/open-database.ts';
import type { DeviceTable } from '../db/schema.ts';
import { isUniqueViolation } from '../db/db-errors.ts';

/** A device is online while it has sent a heartbeat this recently. */
export const PRESENCE_WINDOW_MS = 60_000;

export type CreateDeviceResult =
  { ok: true; device: DeviceCreated } | { ok: false; reason: 'unknown_branch' };

/**
 * Registers a device in a branch. Its code (S10) is the next free two-digit number of the branch;
 * two registrations racing for the same code retry on the unique key.
 */
export async function createDevice(
  db: Db,
  branchId: string,
  name: string,
  now: string,
  permissions: readonly Permission[] = [],
): Promise<CreateDeviceResult> {
  const branch = await findBranch(db, branchId);
  if (branch === undefined) return { ok: false, reason: 'unknown_branch' };
  const token = newToken('kd');
  for (let attempt = 0; ; attempt++) {
    try {
      const device = await db.kysely.transaction().execute(async (trx) => {
        const { n } = await trx
          .selectFrom('devices')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('branchId', '=', branchId)
          .executeTakeFirstOrThrow();
        const code = String(Number(n) + 1 + attempt).padStart(2, '0');
        const id = newId();
        await trx
          .insertInto('devices')
          .values({
            id,
            branchId,
            code,
            name,
            tokenHash: hashToken(token),
            createdAt: now,
            revokedAt: null,
            lastSeenAt: null,
            disconnectedAt: null,
            // Left to the column's default (none) when empty, so this runs on any schema version.
            ...(permissions.length === 0 ? {} : { permissions: storePermissions(permissions) }),
          })
          .execute();
        return { id, code, token };
      });
      return { ok: true, device };
    } catch (e) {
      if (attempt < 20 && isUniqueViolation(e)) continue;
      throw e;
    }
  }
}

/**
 * Renames a device or replaces its permissions. Returns false for an unknown device. Takes effect
 * on the device's next request: the token lookup reads them every time (auth/principal.ts).
 */
export async function updateDevice(
  db: Db,
  id: string,
  change: { name?: string | undefined; permissions?: readonly Permission[] | undefined },
): Promise<boolean> {
  const res = await db.kysely
    .updateTable('devices')
    .set({
      ...(change.name === undefined ? {} : { name: change.name }),
      ...(change.permissions === undefined ? {} : { permissions: storePermissions(change.permissions) }),
    })
    .where('id', '=', id)
    .executeTakeFirst();
  tokenCacheOf(db).invalidate(id);
  return res.numUpdatedRows > 0n;
}

/** Revokes a device; its token stops working at once. Returns false for an unknown device. */
export async function revokeDevice(db: Db, id: string, now: string): Promise<boolean> {
  const res = await db.kysely
    .updateTable('devices')
    .set({ revokedAt: now })
    .where('id', '=', id)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  tokenCacheOf(db).invalidate(id);
  if (res.numUpdatedRows > 0n) return true;
  const exists = await db.kysely.selectFrom('devices').select('id').where('id', '=', id).executeTakeFirst();
  return exists !== undefined;
}

export function toDeviceInfo(r: Selectable<DeviceTable>, nowMs: number): DeviceInfo {
  const seen = r.lastSeenAt === null ? null : Date.parse(r.lastSeenAt);
  const online =
    r.revokedAt === null &&
    seen !== null &&
    nowMs - seen < PRESENCE_WINDOW_MS &&
    (r.disconnectedAt === null || r.disconnectedAt < r.lastSeenAt!);
  return {
    id: r.id,
    branchId: r.branchId,
    code: r.code,
    name: r.name,
    createdAt: r.createdAt,
    revokedAt: r.revokedAt,
    lastSeenAt: r.lastSeenAt,
    online,
    permissions: parsePermissions(r.permissions),
  };
}

export async function listDevices(db: Db, nowMs: number, branchId?: string): Promise<DeviceInfo[]> {
  let q = db.reader.selectFrom('devices').selectAll().orderBy('branchId').orderBy('code');
  if (branchId !== undefined) q = q.where('branchId', '=', branchId);
  return (await q.execute()).map((r) => toDeviceInfo(r, nowMs));
}

export async function getDevice(db: Db, id: string, nowMs: number): Promise<DeviceInfo | undefined> {
  const r = await db.reader.selectFrom('devices').selectAll().where('id', '=', id).executeTakeFirst();
  return r === undefined ? undefined : toDeviceInfo(r, nowMs);
}

/** Presence: marks devices as seen now (heartbeat), or as gone (disconnect). */
export async function markSeen(db: Db, deviceIds: readonly string[], now: string): Promise<void> {
  if (deviceIds.length === 0) return;
  await db.kysely.updateTable('devices').set({ lastSeenAt: now }).where('id', 'in', deviceIds).execute();
}

export async function markDisconnected(db: Db, deviceId: string, now: string): Promise<void> {
  await db.kysely
    .updateTable('devices')
    .set({ lastSeenAt: now, disconnectedAt: now })
    .where('id', '=', deviceId)
    .execute();
}

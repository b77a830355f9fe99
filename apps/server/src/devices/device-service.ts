import { newId, type Branch, type DeviceCreated, type DeviceInfo } from '@kasir/protocol';
import type { CompiledQuery, Selectable } from 'kysely';
import type { Db } from '../db/open-database.ts';
import type { DeviceTable } from '../db/schema.ts';
import { branchScope, createScope } from '../sync/feed.ts';
import { isUniqueViolation } from '../db/db-errors.ts';
import { hashToken, newToken } from './token.ts';

/** A device is online while it has sent a heartbeat this recently. */
export const PRESENCE_WINDOW_MS = 60_000;

/** Who a request or socket acts for, resolved from its bearer token. */
export interface DevicePrincipal {
  readonly deviceId: string;
  readonly deviceCode: string;
  readonly deviceName: string;
  readonly branchId: string;
  readonly branchCode: string;
}

export type CreateBranchResult = { ok: true; branch: Branch } | { ok: false; reason: 'code_taken' };

export async function createBranch(
  db: Db,
  code: string,
  name: string,
  now: string,
): Promise<CreateBranchResult> {
  const branch = { id: newId(), code, name };
  try {
    await db.kysely.transaction().execute(async (trx) => {
      await trx
        .insertInto('branches')
        .values({ ...branch, createdAt: now })
        .execute();
      await createScope(trx, branchScope(branch.id));
    });
  } catch (e) {
    if (isUniqueViolation(e)) return { ok: false, reason: 'code_taken' };
    throw e;
  }
  return { ok: true, branch };
}

export async function listBranches(db: Db): Promise<Branch[]> {
  return db.reader.selectFrom('branches').select(['id', 'code', 'name']).orderBy('code').execute();
}

export async function findBranch(db: Db, id: string): Promise<Branch | undefined> {
  return db.reader
    .selectFrom('branches')
    .select(['id', 'code', 'name'])
    .where('id', '=', id)
    .executeTakeFirst();
}

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

/** Resolves a device token; revoked and unknown tokens resolve to nothing. */
export async function authenticateDevice(db: Db, token: string): Promise<DevicePrincipal | undefined> {
  const query = authQueryOf(db);
  const res = await db.reader.executeQuery<DevicePrincipal>({ ...query, parameters: [hashToken(token)] });
  return res.rows[0];
}

/**
 * The token lookup runs on every device request (revocation must reach every process at once, so
 * nothing is cached): it is compiled once per database instead of once per request, which was a
 * third of its cost at hundreds of requests a second (B4).
 */
const authQueries = new WeakMap<Db, CompiledQuery<DevicePrincipal>>();
function authQueryOf(db: Db): CompiledQuery<DevicePrincipal> {
  let q = authQueries.get(db);
  if (q === undefined) {
    q = db.reader
      .selectFrom('devices')
      .innerJoin('branches', 'branches.id', 'devices.branchId')
      .select([
        'devices.id as deviceId',
        'devices.code as deviceCode',
        'devices.name as deviceName',
        'devices.branchId as branchId',
        'branches.code as branchCode',
      ])
      .where('devices.tokenHash', '=', '')
      .where('devices.revokedAt', 'is', null)
      .compile();
    // The one parameter is the token hash, swapped in per request.
    if (q.parameters.length !== 1) throw new Error('auth query: expected one parameter');
    authQueries.set(db, q);
  }
  return q;
}

/** Revokes a device; its token stops working at once. Returns false for an unknown device. */
export async function revokeDevice(db: Db, id: string, now: string): Promise<boolean> {
  const res = await db.kysely
    .updateTable('devices')
    .set({ revokedAt: now })
    .where('id', '=', id)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
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

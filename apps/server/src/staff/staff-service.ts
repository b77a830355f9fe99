import { randomBytes, webcrypto } from 'node:crypto';
import {
  hashPin,
  newId,
  PinHash,
  type Pbkdf2Crypto,
  type StaffCreateBody,
  type StaffMember,
  type StaffRecord,
  type StaffRole,
  type StaffUpdateBody,
} from '@kasir/protocol';
import type { Selectable, Transaction } from 'kysely';
import type { Db } from '../db/open-database.ts';
import type { Database } from '../db/schema.ts';
import { branchScope, recordChanges, type Positioned } from '../feed/feed.ts';

/**
 * Till staff (issue 13 item 1): people with a role and a PIN, managed in the back office and carried
 * to the tills of their branches by the branch feed (kind `staff`), where the till checks a PIN
 * offline. The server hashes a new PIN (protocol staff/pin-hash.ts) and never keeps the PIN itself.
 */

const subtle = webcrypto.subtle as unknown as Pbkdf2Crypto;

/** Hashes a PIN with a fresh random salt. */
export function hashNewPin(pin: string, iterations?: number): Promise<PinHash> {
  return hashPin(subtle, pin, randomBytes(16), iterations);
}

type StaffRow = Selectable<Database['staff']>;

/** A staff member's feed entries and realtime pokes after commit, per branch. */
export interface StaffWrite {
  readonly member: StaffMember;
  readonly changes: { readonly branchId: string; readonly positioned: Positioned[] }[];
}

export type StaffWriteResult =
  | { readonly ok: true; readonly write: StaffWrite }
  | { readonly ok: false; readonly reason: 'not_found' | 'unknown_branch' };

function memberOf(row: StaffRow, branchIds: readonly string[]): StaffMember {
  return {
    id: row.id,
    name: row.name,
    role: row.role as StaffRole,
    branchIds: [...branchIds].sort(),
    hasPin: row.pin !== null,
    active: row.active === 1,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** What a till of `branchId` should hold for a person: nothing usable unless active there with a PIN. */
function recordFor(row: StaffRow, branchIds: readonly string[], branchId: string): StaffRecord {
  const here = row.active === 1 && branchIds.includes(branchId);
  return {
    id: row.id,
    name: row.name,
    role: row.role as StaffRole,
    branchIds: [...branchIds].sort(),
    pin: here && row.pin !== null ? PinHash.parse(JSON.parse(row.pin)) : null,
    active: here,
    version: row.version,
  };
}

async function branchesExist(trx: Transaction<Database>, ids: readonly string[]): Promise<boolean> {
  const found = await trx
    .selectFrom('branches')
    .select('id')
    .where('id', 'in', [...ids])
    .execute();
  return found.length === new Set(ids).size;
}

/**
 * Records the person's state in the feed of every branch it was or is in: a branch it left gets
 * an inactive record without PIN, so its tills forget the person (docs/architecture.md, "The shop on the core").
 */
async function publish(
  trx: Transaction<Database>,
  row: StaffRow,
  branchIds: readonly string[],
  formerBranchIds: readonly string[],
): Promise<StaffWrite['changes']> {
  const all = [...new Set([...branchIds, ...formerBranchIds])].sort();
  const out: { branchId: string; positioned: Positioned[] }[] = [];
  for (const branchId of all) {
    const positioned = await recordChanges(trx, branchScope(branchId), [
      { kind: 'staff' as const, entityId: row.id, data: recordFor(row, branchIds, branchId) },
    ]);
    out.push({ branchId, positioned });
  }
  return out;
}

export async function createStaff(db: Db, body: StaffCreateBody, now: string): Promise<StaffWriteResult> {
  const pin = body.pin === undefined ? null : JSON.stringify(await hashNewPin(body.pin));
  return db.kysely.transaction().execute(async (trx): Promise<StaffWriteResult> => {
    const branchIds = [...new Set(body.branchIds)];
    if (!(await branchesExist(trx, branchIds))) return { ok: false, reason: 'unknown_branch' };
    const row: StaffRow = {
      id: newId(),
      name: body.name,
      role: body.role,
      pin,
      active: 1,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await trx.insertInto('staff').values(row).execute();
    await trx
      .insertInto('staffBranches')
      .values(branchIds.map((branchId) => ({ staffId: row.id, branchId })))
      .execute();
    const changes = await publish(trx, row, branchIds, []);
    return { ok: true, write: { member: memberOf(row, branchIds), changes } };
  });
}

export async function updateStaff(
  db: Db,
  id: string,
  body: StaffUpdateBody,
  now: string,
  /** The branches the caller may touch; undefined = all (an owner). */
  limit?: readonly string[],
): Promise<StaffWriteResult> {
  const pin = body.pin === undefined ? undefined : JSON.stringify(await hashNewPin(body.pin));
  return db.kysely.transaction().execute(async (trx): Promise<StaffWriteResult> => {
    // A no-op update locks the row on both engines (catalog/lock-products.ts): two edits of one
    // person then bump the version one after the other.
    const old = await trx
      .updateTable('staff')
      .set((eb) => ({ version: eb.ref('version') }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (old === undefined) return { ok: false, reason: 'not_found' };
    const formerBranchIds = (
      await trx.selectFrom('staffBranches').select('branchId').where('staffId', '=', id).execute()
    ).map((r) => r.branchId);
    if (limit !== undefined && !formerBranchIds.some((b) => limit.includes(b)))
      return { ok: false, reason: 'not_found' };
    const branchIds = body.branchIds === undefined ? formerBranchIds : [...new Set(body.branchIds)];
    if (body.branchIds !== undefined && !(await branchesExist(trx, branchIds)))
      return { ok: false, reason: 'unknown_branch' };
    const row: StaffRow = {
      ...old,
      name: body.name ?? old.name,
      role: body.role ?? old.role,
      pin: pin ?? old.pin,
      active: body.active === undefined ? old.active : body.active ? 1 : 0,
      version: old.version + 1,
      updatedAt: now,
    };
    await trx
      .updateTable('staff')
      .set({
        name: row.name,
        role: row.role,
        pin: row.pin,
        active: row.active,
        version: row.version,
        updatedAt: now,
      })
      .where('id', '=', id)
      .execute();
    if (body.branchIds !== undefined) {
      await trx.deleteFrom('staffBranches').where('staffId', '=', id).execute();
      await trx
        .insertInto('staffBranches')
        .values(branchIds.map((branchId) => ({ staffId: id, branchId })))
        .execute();
    }
    const changes = await publish(trx, row, branchIds, formerBranchIds);
    return { ok: true, write: { member: memberOf(row, branchIds), changes } };
  });
}

/** Staff of one branch, or of the branches in `limit` (undefined = every branch), by name. */
export async function listStaff(
  db: Db,
  query: { branchId?: string | undefined },
  limit?: readonly string[],
): Promise<StaffMember[]> {
  let ids = db.reader.selectFrom('staffBranches').select('staffId').distinct();
  if (query.branchId !== undefined) ids = ids.where('branchId', '=', query.branchId);
  if (limit !== undefined) ids = ids.where('branchId', 'in', limit.length === 0 ? [''] : [...limit]);
  const rows = await db.reader
    .selectFrom('staff')
    .selectAll()
    .where('id', 'in', ids)
    .orderBy('name')
    .orderBy('id')
    .execute();
  if (rows.length === 0) return [];
  const links = await db.reader
    .selectFrom('staffBranches')
    .select(['staffId', 'branchId'])
    .where(
      'staffId',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  const byStaff = new Map<string, string[]>();
  for (const l of links) byStaff.set(l.staffId, [...(byStaff.get(l.staffId) ?? []), l.branchId]);
  return rows.map((r) => memberOf(r, byStaff.get(r.id) ?? []));
}

/** Staff names by id, for audit entries and reports. */
export async function staffNames(
  db: Db | Transaction<Database>,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const q = 'reader' in db ? db.reader : db;
  const rows = await q.selectFrom('staff').select(['id', 'name']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

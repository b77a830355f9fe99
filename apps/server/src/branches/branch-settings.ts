import { WeeklyHours, type BranchSettings, type BranchUpdateBody } from '@kasir/protocol';
import type { Selectable } from 'kysely';
import { isUniqueViolation } from '../db/db-errors.ts';
import type { Db } from '../db/open-database.ts';
import type { BranchTable } from '../db/schema.ts';

function parseHours(json: string | null): BranchSettings['openingHours'] {
  if (json === null) return null;
  const r = WeeklyHours.safeParse(JSON.parse(json));
  return r.success ? r.data : null;
}

export function toBranchSettings(r: Selectable<BranchTable>): BranchSettings {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    address: r.address,
    npwp: r.npwp,
    receiptHeader: r.receiptHeader,
    receiptFooter: r.receiptFooter,
    timeZone: r.timezone,
    openingHours: parseHours(r.openingHours),
  };
}

/** Branches with their settings, by code; limited to `only` when given (a manager's branches). */
export async function listBranchSettings(db: Db, only?: readonly string[]): Promise<BranchSettings[]> {
  if (only !== undefined && only.length === 0) return [];
  let q = db.reader.selectFrom('branches').selectAll().orderBy('code');
  if (only !== undefined) q = q.where('id', 'in', [...only]);
  return (await q.execute()).map(toBranchSettings);
}

export async function getBranchSettings(db: Db, id: string): Promise<BranchSettings | undefined> {
  const r = await db.reader.selectFrom('branches').selectAll().where('id', '=', id).executeTakeFirst();
  return r === undefined ? undefined : toBranchSettings(r);
}

/** The time zones of branches, for reports that span several. */
export async function timeZoneOf(db: Db, branchId: string): Promise<string | undefined> {
  const r = await db.reader
    .selectFrom('branches')
    .select('timezone')
    .where('id', '=', branchId)
    .executeTakeFirst();
  return r?.timezone;
}

export type BranchUpdateResult =
  { ok: true; branch: BranchSettings } | { ok: false; reason: 'not_found' | 'code_taken' };

/**
 * Changes a branch's settings. A new time zone applies to sales recorded from now on: the business
 * day of a recorded sale never moves (its summary rows were counted on that day).
 */
export async function updateBranch(db: Db, id: string, body: BranchUpdateBody): Promise<BranchUpdateResult> {
  const set = {
    ...(body.code === undefined ? {} : { code: body.code }),
    ...(body.name === undefined ? {} : { name: body.name }),
    ...(body.address === undefined ? {} : { address: body.address }),
    ...(body.npwp === undefined ? {} : { npwp: body.npwp }),
    ...(body.receiptHeader === undefined ? {} : { receiptHeader: body.receiptHeader }),
    ...(body.receiptFooter === undefined ? {} : { receiptFooter: body.receiptFooter }),
    ...(body.timeZone === undefined ? {} : { timezone: body.timeZone }),
    ...(body.openingHours === undefined
      ? {}
      : { openingHours: body.openingHours === null ? null : JSON.stringify(body.openingHours) }),
  };
  try {
    if (Object.keys(set).length > 0) {
      const r = await db.kysely.updateTable('branches').set(set).where('id', '=', id).executeTakeFirst();
      if (r.numUpdatedRows === 0n) return { ok: false, reason: 'not_found' };
    }
  } catch (e) {
    if (isUniqueViolation(e)) return { ok: false, reason: 'code_taken' };
    throw e;
  }
  const branch = await getBranchSettings(db, id);
  return branch === undefined ? { ok: false, reason: 'not_found' } : { ok: true, branch };
}

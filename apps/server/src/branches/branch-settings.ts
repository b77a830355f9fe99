import {
  normalizePaymentMethods,
  shopSettingsFromStored,
  tillBranchSettingsOf,
  validateQrisMerchant,
  WeeklyHours,
  type BranchSettings,
  type BranchUpdateBody,
  type ShopSettings,
} from '@kasir/protocol';
import type { Selectable } from 'kysely';
import { isUniqueViolation } from '../db/db-errors.ts';
import type { Db } from '../db/open-database.ts';
import type { BranchTable } from '../db/schema.ts';
import { branchScope, recordChanges, type FeedEntry, type Positioned } from '../feed/feed.ts';

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
    ...shopSettingsFromStored(r.shopSettings),
  };
}

/** The `branch_settings` feed entry of a branch as its tills hold it. */
function settingsEntry(b: BranchSettings): FeedEntry {
  return { kind: 'branch_settings', entityId: b.id, data: tillBranchSettingsOf(b, b) };
}

/** The shop settings after applying the patch fields of `body` to `current`. */
function patchShopSettings(current: ShopSettings, body: BranchUpdateBody): ShopSettings {
  return {
    priceMode: body.priceMode ?? current.priceMode,
    paperWidth: body.paperWidth ?? current.paperWidth,
    cashRounding: body.cashRounding ?? current.cashRounding,
    quantityLimit: body.quantityLimit ?? current.quantityLimit,
    unusualTotal: body.unusualTotal ?? current.unusualTotal,
    pkp: body.pkp ?? current.pkp,
    paymentMethods:
      body.paymentMethods === undefined
        ? current.paymentMethods
        : normalizePaymentMethods(body.paymentMethods),
    qrisMerchant: body.qrisMerchant === undefined ? current.qrisMerchant : body.qrisMerchant,
    receiptLanguage: body.receiptLanguage ?? current.receiptLanguage,
    requireShift: body.requireShift ?? current.requireShift,
    discountApprovalPercent: body.discountApprovalPercent ?? current.discountApprovalPercent,
  };
}

const SHOP_FIELDS = [
  'priceMode',
  'paperWidth',
  'cashRounding',
  'quantityLimit',
  'unusualTotal',
  'pkp',
  'paymentMethods',
  'qrisMerchant',
  'receiptLanguage',
  'requireShift',
  'discountApprovalPercent',
] as const satisfies readonly (keyof ShopSettings)[];

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
  | { ok: true; branch: BranchSettings; changes: Positioned[] }
  | { ok: false; reason: 'not_found' | 'code_taken' }
  /** A value the branch cannot have, named in `message` (`field: why`). */
  | { ok: false; reason: 'invalid'; message: string };

/**
 * Changes a branch's settings. A new time zone applies to sales recorded from now on: the business
 * day of a recorded sale never moves (its summary rows were counted on that day).
 */
export async function updateBranch(db: Db, id: string, body: BranchUpdateBody): Promise<BranchUpdateResult> {
  if (body.qrisMerchant !== undefined && body.qrisMerchant !== null) {
    const why = validateQrisMerchant(body.qrisMerchant);
    if (why !== null) return { ok: false, reason: 'invalid', message: `qrisMerchant: ${why}` };
  }
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
  const touchesShop = SHOP_FIELDS.some((f) => body[f] !== undefined);
  try {
    return await db.kysely.transaction().execute(async (trx): Promise<BranchUpdateResult> => {
      const before = await trx.selectFrom('branches').selectAll().where('id', '=', id).executeTakeFirst();
      if (before === undefined) return { ok: false, reason: 'not_found' };
      const stored = shopSettingsFromStored(before.shopSettings);
      const patched = touchesShop ? patchShopSettings(stored, body) : null;
      // Only a PKP may charge PPN, so only a PKP adds it on top of prices. Checked when either
      // changes: a branch stored with both before this rule (it still charges PPN, chargesPpn) saves
      // its other edits, from the back office's form too, which sends every field.
      if (
        patched !== null &&
        (patched.priceMode !== stored.priceMode || patched.pkp !== stored.pkp) &&
        patched.priceMode === 'exclusive' &&
        !patched.pkp
      ) {
        return {
          ok: false,
          reason: 'invalid',
          message:
            'priceMode: PPN is added on top of prices only by a PKP (set pkp, or prices that include PPN)',
        };
      }
      const shop = patched === null ? {} : { shopSettings: JSON.stringify(patched) };
      const all = { ...set, ...shop };
      if (Object.keys(all).length === 0) return { ok: true, branch: toBranchSettings(before), changes: [] };
      await trx.updateTable('branches').set(all).where('id', '=', id).execute();
      const after = await trx
        .selectFrom('branches')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const branch = toBranchSettings(after);
      // Tills hear of every change to what they print or charge; a change of code or opening hours
      // alone is not theirs (and would only move the branch's cursor).
      const entry = settingsEntry(branch);
      const unchanged =
        JSON.stringify(settingsEntry(toBranchSettings(before)).data) === JSON.stringify(entry.data);
      const changes = unchanged ? [] : await recordChanges(trx, branchScope(id), [entry]);
      return { ok: true, branch, changes };
    });
  } catch (e) {
    if (isUniqueViolation(e)) return { ok: false, reason: 'code_taken' };
    throw e;
  }
}

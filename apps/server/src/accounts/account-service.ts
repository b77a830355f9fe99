import { newId, Role, type Account, type AccountCreateBody, type AccountUpdateBody } from '@kasir/protocol';
import type { Transaction } from 'kysely';
import { isUniqueViolation } from '../db/db-errors.ts';
import type { Db } from '../db/open-database.ts';
import type { Database } from '../db/schema.ts';
import { hashPassword } from './password.ts';
import type { AdminPrincipal } from './rights.ts';
import { deleteSessionsOf } from './session-service.ts';

export type AccountWriteResult =
  | { ok: true; account: Account }
  | { ok: false; reason: 'username_taken' | 'unknown_branch' | 'not_found' | 'last_owner' };

/** The signed-in view of an account, with its branches; undefined when unknown or disabled. */
export async function accountPrincipal(
  db: Db,
  accountId: string,
  sessionHash: string,
): Promise<AdminPrincipal | undefined> {
  const a = await db.reader
    .selectFrom('accounts')
    .select(['id', 'username', 'displayName', 'role', 'catalogWrite', 'disabledAt'])
    .where('id', '=', accountId)
    .executeTakeFirst();
  const role = Role.safeParse(a?.role);
  if (a === undefined || a.disabledAt !== null || !role.success) return undefined;
  const branches = await db.reader
    .selectFrom('accountBranches')
    .select('branchId')
    .where('accountId', '=', accountId)
    .execute();
  return {
    kind: 'account',
    accountId: a.id,
    username: a.username,
    displayName: a.displayName,
    role: role.data,
    branchIds: branches.map((b) => b.branchId),
    canEditCatalog: a.catalogWrite === 1,
    sessionHash,
  };
}

export async function findAccountByUsername(db: Db, username: string) {
  return db.reader
    .selectFrom('accounts')
    .select(['id', 'passwordHash', 'disabledAt'])
    .where('username', '=', username.toLowerCase())
    .executeTakeFirst();
}

export async function ownerExists(db: Db): Promise<boolean> {
  const r = await db.reader
    .selectFrom('installFacts')
    .select('key')
    .where('key', '=', 'owner_created')
    .executeTakeFirst();
  return r !== undefined;
}

/**
 * Creates the first owner, once: the `owner_created` fact's unique key makes two racing set-ups
 * end with one owner; the other answers `{ ok: false }` (409).
 */
export async function createFirstOwner(
  db: Db,
  body: { username: string; displayName: string; password: string },
  now: string,
): Promise<{ ok: true; account: Account } | { ok: false }> {
  const passwordHash = await hashPassword(body.password);
  try {
    const account = await db.kysely.transaction().execute(async (trx) => {
      await trx.insertInto('installFacts').values({ key: 'owner_created', at: now }).execute();
      return insertAccount(trx, { ...body, role: 'owner', branchIds: [] }, passwordHash, now);
    });
    return { ok: true, account };
  } catch (e) {
    if (isUniqueViolation(e)) return { ok: false };
    throw e;
  }
}

async function insertAccount(
  trx: Transaction<Database>,
  body: Pick<AccountCreateBody, 'username' | 'displayName' | 'role' | 'branchIds' | 'canEditCatalog'>,
  passwordHash: string,
  now: string,
): Promise<Account> {
  const id = newId();
  const branchIds = body.role === 'owner' ? [] : [...new Set(body.branchIds)];
  await trx
    .insertInto('accounts')
    .values({
      id,
      username: body.username.toLowerCase(),
      displayName: body.displayName,
      role: body.role,
      passwordHash,
      catalogWrite: body.canEditCatalog === true ? 1 : 0,
      createdAt: now,
      updatedAt: now,
      disabledAt: null,
      lastLoginAt: null,
    })
    .execute();
  if (branchIds.length > 0) {
    await trx
      .insertInto('accountBranches')
      .values(branchIds.map((branchId) => ({ accountId: id, branchId })))
      .execute();
  }
  return {
    id,
    username: body.username.toLowerCase(),
    displayName: body.displayName,
    role: body.role,
    branchIds,
    canEditCatalog: body.canEditCatalog === true,
    disabled: false,
    createdAt: now,
    lastLoginAt: null,
  };
}

async function branchesExist(db: Db, ids: readonly string[]): Promise<boolean> {
  if (ids.length === 0) return true;
  const rows = await db.reader
    .selectFrom('branches')
    .select('id')
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return rows.length === new Set(ids).size;
}

export async function createAccount(
  db: Db,
  body: AccountCreateBody,
  now: string,
): Promise<AccountWriteResult> {
  if (body.role !== 'owner' && !(await branchesExist(db, body.branchIds)))
    return { ok: false, reason: 'unknown_branch' };
  const passwordHash = await hashPassword(body.password);
  try {
    const account = await db.kysely
      .transaction()
      .execute((trx) => insertAccount(trx, body, passwordHash, now));
    return { ok: true, account };
  } catch (e) {
    if (isUniqueViolation(e)) return { ok: false, reason: 'username_taken' };
    throw e;
  }
}

export async function listAccounts(db: Db): Promise<Account[]> {
  const rows = await db.reader.selectFrom('accounts').selectAll().orderBy('username').execute();
  const links = await db.reader.selectFrom('accountBranches').selectAll().execute();
  return rows.map((a) => ({
    id: a.id,
    username: a.username,
    displayName: a.displayName,
    role: Role.catch('manager').parse(a.role),
    branchIds: links.filter((l) => l.accountId === a.id).map((l) => l.branchId),
    canEditCatalog: a.catalogWrite === 1,
    disabled: a.disabledAt !== null,
    createdAt: a.createdAt,
    lastLoginAt: a.lastLoginAt,
  }));
}

/**
 * Changes an account. A new password or disabling ends its sessions; the last enabled owner can
 * be neither demoted nor disabled (someone must be able to manage accounts).
 */
export async function updateAccount(
  db: Db,
  id: string,
  body: AccountUpdateBody,
  now: string,
): Promise<AccountWriteResult> {
  if (body.branchIds !== undefined && !(await branchesExist(db, body.branchIds))) {
    return { ok: false, reason: 'unknown_branch' };
  }
  const passwordHash = body.password === undefined ? undefined : await hashPassword(body.password);
  type Step = 'ok' | 'not_found' | 'last_owner';
  const step = await db.kysely.transaction().execute(async (trx): Promise<Step> => {
    const a = await trx.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
    if (a === undefined) return 'not_found';
    const losesOwner =
      a.role === 'owner' && a.disabledAt === null && (body.role === 'manager' || body.disabled === true);
    if (losesOwner) {
      const { n } = await trx
        .selectFrom('accounts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('role', '=', 'owner')
        .where('disabledAt', 'is', null)
        .executeTakeFirstOrThrow();
      if (Number(n) <= 1) return 'last_owner';
    }
    await trx
      .updateTable('accounts')
      .set({
        updatedAt: now,
        ...(body.displayName === undefined ? {} : { displayName: body.displayName }),
        ...(body.role === undefined ? {} : { role: body.role }),
        ...(body.canEditCatalog === undefined ? {} : { catalogWrite: body.canEditCatalog ? 1 : 0 }),
        ...(passwordHash === undefined ? {} : { passwordHash }),
        ...(body.disabled === undefined ? {} : { disabledAt: body.disabled ? (a.disabledAt ?? now) : null }),
      })
      .where('id', '=', id)
      .execute();
    if (body.branchIds !== undefined) {
      await trx.deleteFrom('accountBranches').where('accountId', '=', id).execute();
      const ids = [...new Set(body.branchIds)];
      if (ids.length > 0) {
        await trx
          .insertInto('accountBranches')
          .values(ids.map((branchId) => ({ accountId: id, branchId })))
          .execute();
      }
    }
    return 'ok';
  });
  if (step !== 'ok') return { ok: false, reason: step };
  if (body.password !== undefined || body.disabled === true) await deleteSessionsOf(db, id);
  const account = (await listAccounts(db)).find((a) => a.id === id)!;
  return { ok: true, account };
}

export async function setPassword(db: Db, accountId: string, password: string, now: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await db.kysely
    .updateTable('accounts')
    .set({ passwordHash, updatedAt: now })
    .where('id', '=', accountId)
    .execute();
}

export async function markLogin(db: Db, accountId: string, now: string): Promise<void> {
  await db.kysely.updateTable('accounts').set({ lastLoginAt: now }).where('id', '=', accountId).execute();
}

export async function passwordHashOf(db: Db, accountId: string): Promise<string | undefined> {
  const r = await db.reader
    .selectFrom('accounts')
    .select('passwordHash')
    .where('id', '=', accountId)
    .executeTakeFirst();
  return r?.passwordHash;
}

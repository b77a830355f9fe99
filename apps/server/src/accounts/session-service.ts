import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/open-database.ts';
import type { AdminPrincipal } from './rights.ts';
import { accountPrincipal } from './account-service.ts';

/** A session ends after this long without use. */
export const SESSION_IDLE_MS = 7 * 24 * 3600 * 1000;
/** `last_seen_at` is written at most this often per session (a read must not always write). */
const TOUCH_EVERY_MS = 5 * 60 * 1000;

export const hashSessionId = (id: string): string => createHash('sha256').update(id).digest('hex');

/** Starts a session: returns the cookie's secret (only its hash is stored). */
export async function createSession(
  db: Db,
  accountId: string,
  nowMs: number,
  address: string | null,
): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  const now = new Date(nowMs).toISOString();
  await db.kysely
    .insertInto('sessions')
    .values({
      idHash: hashSessionId(id),
      accountId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(nowMs + SESSION_IDLE_MS).toISOString(),
      address,
    })
    .execute();
  return id;
}

/**
 * The account behind a session cookie, if the session exists, has not expired and its account is
 * enabled. Read from the database every time, so a sign-out in any process counts at once.
 */
export async function resolveSession(db: Db, id: string, nowMs: number): Promise<AdminPrincipal | undefined> {
  const idHash = hashSessionId(id);
  const row = await db.reader
    .selectFrom('sessions')
    .select(['accountId', 'lastSeenAt', 'expiresAt'])
    .where('idHash', '=', idHash)
    .executeTakeFirst();
  if (row === undefined || Date.parse(row.expiresAt) <= nowMs) return undefined;
  const principal = await accountPrincipal(db, row.accountId, idHash);
  if (principal === undefined) return undefined;
  if (nowMs - Date.parse(row.lastSeenAt) > TOUCH_EVERY_MS) {
    await db.kysely
      .updateTable('sessions')
      .set({
        lastSeenAt: new Date(nowMs).toISOString(),
        expiresAt: new Date(nowMs + SESSION_IDLE_MS).toISOString(),
      })
      .where('idHash', '=', idHash)
      .execute();
  }
  return principal;
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.kysely.deleteFrom('sessions').where('idHash', '=', idHash).execute();
}

/** Ends every session of an account except `keep` (a password change keeps the one that made it). */
export async function deleteSessionsOf(db: Db, accountId: string, keep?: string): Promise<void> {
  let q = db.kysely.deleteFrom('sessions').where('accountId', '=', accountId);
  if (keep !== undefined) q = q.where('idHash', '!=', keep);
  await q.execute();
}

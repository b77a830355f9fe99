import { randomInt } from 'node:crypto';
import { PAIRING_CODE_TTL_MS, type PairResponse, type PairingCodeResponse } from '@kasir/protocol';
import { hashPairingCode, hashToken, newToken } from '../auth/token.ts';
import { tokenCacheOf } from '../auth/principal.ts';
import type { Db } from '../db/open-database.ts';
import { toDeviceInfo } from './device-service.ts';

/** No 0/O, 1/I/L: a person reads the code off one screen and types it on another. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** Normalizes what a person typed: upper case, no dash or spaces. */
export const normalizeCode = (code: string): string => code.toUpperCase().replace(/[^0-9A-Z]/g, '');

export type CreatePairingCodeResult =
  { ok: true; code: PairingCodeResponse } | { ok: false; reason: 'unknown_device' };

/**
 * A code that lets one new device take over `deviceId` within 15 minutes, once. 31^8 ≈ 8.5e11
 * codes; only its keyed hash is stored (`hashPairingCode`).
 */
export async function createPairingCode(
  db: Db,
  key: Buffer,
  deviceId: string,
  nowMs: number,
): Promise<CreatePairingCodeResult> {
  const device = await db.kysely
    .selectFrom('devices')
    .select('id')
    .where('id', '=', deviceId)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  if (device === undefined) return { ok: false, reason: 'unknown_device' };
  const raw = Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  const expiresAt = new Date(nowMs + PAIRING_CODE_TTL_MS).toISOString();
  await db.kysely
    .insertInto('pairingCodes')
    .values({
      codeHash: hashPairingCode(key, raw),
      deviceId,
      createdAt: new Date(nowMs).toISOString(),
      expiresAt,
      usedAt: null,
    })
    .execute();
  return { ok: true, code: { code: `${raw.slice(0, 4)}-${raw.slice(4)}`, expiresAt } };
}

/**
 * Redeems a code: marks it used and gives the device a fresh token (the old one stops working, so
 * a re-paired device never has two live tokens). Unknown, expired and used codes are answered the
 * same way, so a guesser learns nothing. A code that is not live is found out by a read: wrong
 * guesses never open a write transaction (SQLite has one writer, shared with the sales).
 */
export async function redeemPairingCode(
  db: Db,
  key: Buffer,
  code: string,
  nowMs: number,
): Promise<PairResponse | undefined> {
  const now = new Date(nowMs).toISOString();
  const codeHash = hashPairingCode(key, normalizeCode(code));
  const live = await db.reader
    .selectFrom('pairingCodes')
    .select('deviceId')
    .where('codeHash', '=', codeHash)
    .where('usedAt', 'is', null)
    .where('expiresAt', '>', now)
    .executeTakeFirst();
  if (live === undefined) return undefined;
  const paired = await db.kysely.transaction().execute(async (trx) => {
    const used = await trx
      .updateTable('pairingCodes')
      .set({ usedAt: now })
      .where('codeHash', '=', codeHash)
      .where('usedAt', 'is', null)
      .where('expiresAt', '>', now)
      .returning('deviceId')
      .executeTakeFirst();
    if (used === undefined) return undefined;
    const token = newToken('kd');
    const device = await trx
      .updateTable('devices')
      .set({ tokenHash: hashToken(token) })
      .where('id', '=', used.deviceId)
      .where('revokedAt', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (device === undefined) return undefined;
    const branch = await trx
      .selectFrom('branches')
      .select(['id', 'code', 'name'])
      .where('id', '=', device.branchId)
      .executeTakeFirstOrThrow();
    // The highest receipt counter this device code ever sent: the re-paired till resumes above it (S10).
    return { token, device: toDeviceInfo(device, nowMs), branch, lastInvoiceCounter: device.invoiceCounter };
  });
  // The device's previous token no longer works (other processes hear it from the hub).
  if (paired !== undefined) tokenCacheOf(db).invalidate(paired.device.id);
  return paired;
}

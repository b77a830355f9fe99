import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new bearer token: 256 random bits. Only its hash is stored. */
export function newToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Constant-time comparison of two secrets (through their hashes, so lengths never leak). */
export function secretsEqual(a: string, b: string): boolean {
  return timingSafeEqual(Buffer.from(hashToken(a), 'hex'), Buffer.from(hashToken(b), 'hex'));
}

/**
 * The key pairing codes are hashed under, derived from the admin token (HKDF-SHA256): a server
 * secret every process of one shop already shares (KASIR_ADMIN_TOKEN, or the generated one in the
 * data folder), and never stored in the database, so a copy of the database alone cannot test
 * codes offline (issue 17). A new admin token leaves codes made before it unusable; they live
 * 15 minutes anyway.
 */
export function pairingKeyFrom(adminToken: string): Buffer {
  return Buffer.from(hkdfSync('sha256', adminToken, 'kasir', 'pairing-code-hash', 32));
}

/**
 * A pairing code as stored: HMAC-SHA256 under the server's pairing key. The codes have about
 * 8.5e11 values, few enough that an unkeyed hash could be reversed by trying them all.
 */
export function hashPairingCode(key: Buffer, code: string): string {
  return createHmac('sha256', key).update(code).digest('hex');
}

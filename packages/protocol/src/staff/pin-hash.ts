import type { PinHash } from './staff.ts';

/**
 * PIN hashing, written once for the server (which hashes a new PIN) and the till (which checks a
 * PIN offline): PBKDF2-SHA256 through WebCrypto, which browsers and Node 20 both have natively, so
 * no dependency and the same bytes on both ends. The iteration count is chosen in
 * docs/staff-pins.md from measurements.
 *
 * A 4-6 digit PIN has at most a million values: no hash stops someone who copies the device's
 * database and tries them all. The slow hash makes that cost minutes instead of a second, and the
 * till's growing lockout stops guessing at the keypad; the PIN locks the till against a colleague,
 * not against a thief (docs/staff-pins.md).
 */

/** The part of WebCrypto's `SubtleCrypto` this needs (protocol has neither DOM nor Node types). */
export interface Pbkdf2Crypto {
  importKey(
    format: 'raw',
    keyData: Uint8Array<ArrayBuffer>,
    algorithm: 'PBKDF2',
    extractable: false,
    keyUsages: ['deriveBits'],
  ): Promise<unknown>;
  deriveBits(
    algorithm: { name: 'PBKDF2'; hash: 'SHA-256'; salt: Uint8Array<ArrayBuffer>; iterations: number },
    baseKey: never,
    length: number,
  ): Promise<ArrayBuffer>;
}

/** PBKDF2-SHA256 iterations for new PINs (measured in docs/staff-pins.md). */
export const PIN_ITERATIONS = 100_000;

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

function fromHex(s: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(s.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** A PIN's bytes: its digits as ASCII (a PIN is digits only, so no text encoder is needed). */
const pinBytes = (pin: string): Uint8Array<ArrayBuffer> => Uint8Array.from(pin, (c) => c.charCodeAt(0));

async function derive(
  subtle: Pbkdf2Crypto,
  pin: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<string> {
  const key = await subtle.importKey('raw', pinBytes(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    key as never,
    256,
  );
  return hex(new Uint8Array(bits));
}

/** Hashes a PIN with a fresh 16-byte `salt` (the caller's random source: WebCrypto's in production). */
export async function hashPin(
  subtle: Pbkdf2Crypto,
  pin: string,
  salt: Uint8Array,
  iterations: number = PIN_ITERATIONS,
): Promise<PinHash> {
  if (salt.length !== 16) throw new Error('hashPin: the salt must be 16 bytes');
  const saltHex = hex(salt);
  return {
    algorithm: 'pbkdf2-sha256',
    iterations,
    salt: saltHex,
    hash: await derive(subtle, pin, fromHex(saltHex), iterations),
  };
}

/** Whether `pin` matches `stored`; compares every byte (no early exit), though the hash is the slow part. */
export async function verifyPin(subtle: Pbkdf2Crypto, pin: string, stored: PinHash): Promise<boolean> {
  const got = await derive(subtle, pin, fromHex(stored.salt), stored.iterations);
  let diff = got.length ^ stored.hash.length;
  for (let i = 0; i < got.length && i < stored.hash.length; i++)
    diff |= got.charCodeAt(i) ^ stored.hash.charCodeAt(i);
  return diff === 0;
}

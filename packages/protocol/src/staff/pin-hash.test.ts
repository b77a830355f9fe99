import { describe, expect, it } from 'vitest';
import { hashPin, PIN_ITERATIONS, verifyPin, type Pbkdf2Crypto } from './pin-hash.ts';
import { PinHash } from './staff.ts';

// Node 20 and browsers both have WebCrypto on globalThis; protocol's types know neither.
const subtle = (globalThis as unknown as { crypto: { subtle: Pbkdf2Crypto } }).crypto.subtle;
const salt = Uint8Array.from({ length: 16 }, (_, i) => i);

describe('PIN hashing (PBKDF2-SHA256)', () => {
  it('gives the bytes of an independent PBKDF2-HMAC-SHA256 implementation', async () => {
    // Python's hashlib.pbkdf2_hmac('sha256', b'1234', bytes(range(16)), 1000).hex()
    const h = await hashPin(subtle, '1234', salt, 1_000);
    expect(h.hash).toBe('2240ea2a22754a3c4610356ef8e4d7acf25af2ac3d2d11866de97a8b7812c52c');
    expect(h.salt).toBe('000102030405060708090a0b0c0d0e0f');
    expect(PinHash.safeParse(h).success).toBe(true);
  });

  it('verifies the right PIN and refuses a wrong one', async () => {
    const h = await hashPin(subtle, '482913', salt, 2_000);
    expect(await verifyPin(subtle, '482913', h)).toBe(true);
    expect(await verifyPin(subtle, '482914', h)).toBe(false);
    expect(await verifyPin(subtle, '48291', h)).toBe(false);
  });

  it('the same PIN with another salt gives another hash', async () => {
    const a = await hashPin(subtle, '1234', salt, 1_000);
    const b = await hashPin(
      subtle,
      '1234',
      salt.map((x) => x + 1),
      1_000,
    );
    expect(a.hash).not.toBe(b.hash);
  });

  it('uses the documented iteration count by default', async () => {
    const h = await hashPin(subtle, '1234', salt);
    expect(h.iterations).toBe(PIN_ITERATIONS);
  });

  it('refuses a salt that is not 16 bytes (a bug, so it throws)', async () => {
    await expect(hashPin(subtle, '1234', new Uint8Array(8), 1_000)).rejects.toThrow(/16 bytes/);
  });
});

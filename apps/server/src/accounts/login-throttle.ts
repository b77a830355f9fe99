import type { Db } from '../db/open-database.ts';
import { hitRateLimit, peekRateLimit } from '../http/rate-limit.ts';

/**
 * How logins are slowed. Failures are counted per account and per address in a window (in the
 * database, so every process shares them). Past `free` failures each further attempt waits before
 * its password is checked, doubling up to `maxDelayMs`: a guesser is slowed to a crawl while the
 * right password still gets in (a lock-out would let anyone lock the owner out). Only an address
 * past `addressLimit` failures is refused outright (429): that address is guessing.
 */
export interface LoginThrottleRule {
  readonly windowMs: number;
  readonly free: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly addressLimit: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleRule = {
  windowMs: 15 * 60 * 1000,
  free: 5,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  addressLimit: 100,
};

const userKey = (username: string) => `login-user:${username}`;
const addressKey = (ip: string) => `login-ip:${ip}`;

export type LoginGate = { ok: true; delayMs: number } | { ok: false; retryAfterS: number };

/** The delay before a login of `username` from `ip` may be checked, or a refusal for the address. */
export async function loginGate(
  db: Db,
  username: string,
  ip: string,
  nowMs: number,
  rule: LoginThrottleRule,
): Promise<LoginGate> {
  const hard = { limit: rule.addressLimit, windowMs: rule.windowMs };
  const address = await peekRateLimit(db, addressKey(ip), nowMs, hard);
  if (!address.allowed) return { ok: false, retryAfterS: address.retryAfterS };
  const failures = Math.max(
    await failuresOf(db, userKey(username), nowMs, rule),
    await failuresOf(db, addressKey(ip), nowMs, rule),
  );
  const excess = failures - rule.free;
  const delayMs = excess <= 0 ? 0 : Math.min(rule.maxDelayMs, rule.baseDelayMs * 2 ** (excess - 1));
  return { ok: true, delayMs };
}

async function failuresOf(db: Db, key: string, nowMs: number, rule: LoginThrottleRule): Promise<number> {
  const row = await db.reader
    .selectFrom('rateLimits')
    .select(['hits', 'windowStart'])
    .where('bucket', '=', key)
    .executeTakeFirst();
  if (row === undefined || Date.parse(row.windowStart) + rule.windowMs <= nowMs) return 0;
  return Number(row.hits);
}

/** Counts a failed login against the account and the address. */
export async function recordLoginFailure(
  db: Db,
  username: string,
  ip: string,
  nowMs: number,
  rule: LoginThrottleRule,
): Promise<void> {
  const r = { limit: Number.MAX_SAFE_INTEGER, windowMs: rule.windowMs };
  await hitRateLimit(db, userKey(username), nowMs, r);
  await hitRateLimit(db, addressKey(ip), nowMs, r);
}

/** A successful login clears the account's count (not the address's: it may be guessing others). */
export async function clearLoginFailures(db: Db, username: string): Promise<void> {
  await db.kysely.deleteFrom('rateLimits').where('bucket', '=', userKey(username)).execute();
}

/**
 * Logins of one account run one after another in this process, so parallel guesses wait their
 * turn's delay instead of all sleeping the same one.
 */
export class LoginQueue {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const prev = this.#tails.get(key) ?? Promise.resolve();
    const next = prev.then(work, work);
    const tail = next.catch(() => undefined);
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return next;
  }
}

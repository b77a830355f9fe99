import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../db/open-database.ts';
import {
  hitRateLimit,
  peekRateLimit,
  pruneRateLimits,
  type RateLimitHit,
  type RateLimitRule,
} from './rate-limit.ts';

/**
 * Slows guessing of a secret (the admin token, pairing codes) without ever refusing the right one
 * (issue 17: anyone who shared an address with the owner could lock the owner out). Callers check
 * the secret first; only a wrong guess comes here:
 *
 * - below the limit it is counted (one write to `rate_limits`, the record every process shares)
 *   and answered as wrong;
 * - the guess that crosses the limit, and every wrong guess after it until the window ends, is
 *   refused with `retry-after` after `lockedDelayMs`. Refusals write nothing: the lockout is known
 *   from this process's memory or, failing that, from one read of the shared record.
 *
 * The delay bounds a locked-out address's guessing rate by its connection cap
 * (KASIR_MAX_CONNECTIONS_PER_ADDRESS / delay), while a right secret is answered at once.
 */
export interface GuessThrottle {
  wrongGuess(bucket: string, rule: RateLimitRule, nowMs: number): Promise<RateLimitHit>;
}

export interface GuessThrottleOptions {
  /** How long a refused guess waits before its 429 (default 1 s). */
  readonly lockedDelayMs?: number;
  /** Lockouts remembered in memory (oldest forgotten first; the database still has them). */
  readonly maxRemembered?: number;
  /** How often expired counters are deleted (default once a minute). */
  readonly pruneEveryMs?: number;
}

export function createGuessThrottle(db: Db, opts: GuessThrottleOptions = {}): GuessThrottle {
  const delayMs = opts.lockedDelayMs ?? 1_000;
  const maxRemembered = opts.maxRemembered ?? 10_000;
  const pruneEveryMs = opts.pruneEveryMs ?? 60_000;
  /** bucket -> end of its lockout (ms). */
  const lockedUntil = new Map<string, number>();
  let lastPrune = 0;

  const remember = (bucket: string, hit: RateLimitHit, nowMs: number) => {
    if (hit.allowed) return;
    lockedUntil.delete(bucket);
    if (lockedUntil.size >= maxRemembered) lockedUntil.delete(lockedUntil.keys().next().value!);
    lockedUntil.set(bucket, nowMs + hit.retryAfterS * 1000);
  };
  const refuse = async (hit: RateLimitHit): Promise<RateLimitHit> => {
    if (!hit.allowed && delayMs > 0) await sleep(delayMs);
    return hit;
  };

  return {
    async wrongGuess(bucket, rule, nowMs) {
      const until = lockedUntil.get(bucket);
      if (until !== undefined) {
        if (until > nowMs) return refuse({ allowed: false, retryAfterS: Math.ceil((until - nowMs) / 1000) });
        lockedUntil.delete(bucket);
      }
      // Another process may have locked the bucket: a read, not a write, tells.
      const peek = await peekRateLimit(db, bucket, nowMs, rule);
      if (!peek.allowed) {
        remember(bucket, peek, nowMs);
        return refuse(peek);
      }
      if (nowMs - lastPrune >= pruneEveryMs) {
        lastPrune = nowMs;
        await pruneRateLimits(db, nowMs, rule);
      }
      const hit = await hitRateLimit(db, bucket, nowMs, rule);
      remember(bucket, hit, nowMs);
      return refuse(hit);
    },
  };
}

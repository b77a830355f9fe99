import type { Random } from '../deps/random.ts';

export interface BackoffOptions {
  readonly baseMs?: number;
  readonly capMs?: number;
}

/**
 * Exponential backoff with full jitter (S9): a uniform delay in [0, min(cap, base * 2^attempt)).
 * Full jitter spreads the retries of many devices coming back after the same outage.
 * `attempt` counts failures since the last success, from 0.
 */
export function backoffDelay(attempt: number, random: Random, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 1_000;
  const cap = options.capMs ?? 30_000;
  const ceiling = Math.min(cap, base * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

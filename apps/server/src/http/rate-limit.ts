import { sql } from 'kysely';
import type { Db } from '../db/open-database.ts';

export interface RateLimitRule {
  readonly limit: number;
  readonly windowMs: number;
}

export type RateLimitHit =
  { readonly allowed: true } | { readonly allowed: false; readonly retryAfterS: number };

/**
 * Counts one attempt under `key` in a fixed window kept in the database (docs/architecture.md: several
 * server processes share the count). One atomic upsert, so concurrent attempts cannot slip past the limit.
 * The attempt that crosses the limit is refused; a window that has ended starts again at 1.
 */
export async function hitRateLimit(
  db: Db,
  key: string,
  nowMs: number,
  rule: RateLimitRule,
): Promise<RateLimitHit> {
  const now = new Date(nowMs).toISOString();
  const expired = new Date(nowMs - rule.windowMs).toISOString();
  const { rows } = await sql<{ hits: number | string; window_start: string }>`
    insert into rate_limits (bucket, window_start, hits) values (${key}, ${now}, 1)
    on conflict (bucket) do update set
      hits = case when rate_limits.window_start <= ${expired} then 1 else rate_limits.hits + 1 end,
      window_start = case when rate_limits.window_start <= ${expired} then ${now}
                          else rate_limits.window_start end
    returning hits, window_start`.execute(db.kysely.withoutPlugins());
  const row = rows[0];
  if (row === undefined || Number(row.hits) <= rule.limit) return { allowed: true };
  const endsMs = Date.parse(row.window_start) + rule.windowMs;
  return { allowed: false, retryAfterS: Math.max(1, Math.ceil((endsMs - nowMs) / 1000)) };
}

/** Drops counters whose window ended long ago, so the table holds only recent keys. */
export async function pruneRateLimits(db: Db, nowMs: number, rule: RateLimitRule): Promise<void> {
  const expired = new Date(nowMs - rule.windowMs).toISOString();
  await db.kysely.deleteFrom('rateLimits').where('windowStart', '<=', expired).execute();
}

/**
 * Whether `key` is over its limit now, without counting an attempt: a locked-out client's further
 * attempts are answered from this read and cost no write.
 */
export async function peekRateLimit(
  db: Db,
  key: string,
  nowMs: number,
  rule: RateLimitRule,
): Promise<RateLimitHit> {
  const row = await db.reader
    .selectFrom('rateLimits')
    .select(['hits', 'windowStart'])
    .where('bucket', '=', key)
    .executeTakeFirst();
  if (row === undefined || Number(row.hits) <= rule.limit) return { allowed: true };
  const endsMs = Date.parse(row.windowStart) + rule.windowMs;
  if (endsMs <= nowMs) return { allowed: true };
  return { allowed: false, retryAfterS: Math.max(1, Math.ceil((endsMs - nowMs) / 1000)) };
}

/**
 * Classifies database errors of both engines by their codes, so callers decide by kind:
 * a unique-key race (retry and find the winner), bad data (the client's fault: 4xx), or an
 * unreachable or overloaded database (retryable: 503).
 */
const codeOf = (e: unknown): unknown =>
  typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;

/** Unique-key violation on either engine. */
export function isUniqueViolation(e: unknown): boolean {
  const code = codeOf(e);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * Runs `attempt` again (up to `retries` times) when it loses a unique-key race: the loser's
 * transaction rolled back, and the next attempt finds the winner's row (S3).
 */
export async function retryOnUniqueViolation<T>(attempt: () => Promise<T>, retries = 3): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (e) {
      if (n < retries && isUniqueViolation(e)) continue;
      throw e;
    }
  }
}

/** PostgreSQL class 22 (data exception: a value the column cannot hold), or SQLite's TOOBIG. */
export function isDataException(e: unknown): boolean {
  const code = codeOf(e);
  return (typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code)) || code === 'SQLITE_TOOBIG';
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  '57P01', // admin_shutdown (pg_terminate_backend)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000',
  '08003',
  '08006',
  '53300', // too_many_connections
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  'SQLITE_BUSY',
]);

/**
 * node-postgres errors that carry no code: the connection ended under a query, a connect timed
 * out, or a query was sent on a client whose connection had already died (a checked-out client
 * after pg_terminate_backend or a database restart; found by the fault suite, issue 6).
 */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|connection error and is not queryable|Client was closed and is not queryable/i;

/** The database cannot serve now, but may shortly: the request is safe to retry. */
export function isUnavailable(e: unknown): boolean {
  const code = codeOf(e);
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  const msg = typeof e === 'object' && e !== null ? (e as { message?: unknown }).message : undefined;
  return typeof msg === 'string' && UNAVAILABLE_MESSAGE.test(msg);
}

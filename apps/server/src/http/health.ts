import { sql } from 'kysely';
import type { Db } from '../db/open-database.ts';
import type { App } from './app-types.ts';

/** How long /healthz waits for the database before calling it unreachable. */
export const HEALTH_DB_TIMEOUT_MS = 2_000;

/**
 * `GET /healthz`: 200 `{"status":"ok"}` when the database answers a trivial query, else 503
 * `{"status":"degraded","database":"unreachable"}`. A readiness signal: a load balancer sends no
 * traffic meanwhile, but the process needs no restart — it reconnects by itself once the database
 * is back (issue 6, database restart). That the process is alive at all shows in it answering.
 */
export function registerHealth(app: App, db: Db): void {
  app.get('/healthz', { schema: { hide: true } }, async (_req, reply) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), HEALTH_DB_TIMEOUT_MS);
    });
    const query = sql`select 1`.execute(db.reader).then(
      () => true,
      () => false,
    );
    const up = await Promise.race([query, timeout]);
    clearTimeout(timer);
    if (up) return { status: 'ok' };
    return reply.status(503).header('retry-after', '1').send({ status: 'degraded', database: 'unreachable' });
  });
}

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

/** How long /readyz waits for the database; a balancer checks every few seconds. */
export const READY_DB_TIMEOUT_MS = 1_000;

export interface ReadinessDeps {
  readonly db: Db;
  /** The realtime fan-out between processes, when configured (REDIS_URL). */
  readonly fanout?: () => 'up' | 'down';
  /** True once the process is shutting down (SIGTERM): the balancer must stop sending to it. */
  readonly draining: () => boolean;
}

/**
 * `GET /readyz`: may a load balancer send this process work? 200 `{"status":"ready",...}` when the
 * database answers, the connection pool is not exhausted (fewer queries wait for a connection than
 * the pool holds), Redis fan-out is up (when configured) and the process is not draining; otherwise
 * 503 `{"status":"not_ready",...}` with the same fields, so an operator sees which one failed.
 * `/healthz` stays as it was (database only) for a single process without a balancer.
 */
export function registerReady(app: App, deps: ReadinessDeps): void {
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    const pool = deps.db.pool?.();
    const exhausted = pool !== undefined && pool.waiting >= pool.max;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), READY_DB_TIMEOUT_MS);
    });
    // An exhausted pool would only queue the probe behind the work that exhausts it.
    const dbUp = exhausted
      ? true
      : await Promise.race([
          sql`select 1`.execute(deps.db.reader).then(
            () => true,
            () => false,
          ),
          timeout,
        ]);
    clearTimeout(timer);
    const redis = deps.fanout?.() ?? 'off';
    const draining = deps.draining();
    const ready = dbUp && !exhausted && redis !== 'down' && !draining;
    const body = {
      status: ready ? 'ready' : 'not_ready',
      database: dbUp ? 'ok' : 'unreachable',
      pool: pool === undefined ? 'none' : exhausted ? 'exhausted' : 'ok',
      redis,
      draining,
    };
    if (ready) return body;
    return reply.status(503).header('retry-after', '1').send(body);
  });
}

import type { FastifyServerOptions } from 'fastify';
import { buildApp, type AppOptions } from './app.ts';
import { migrateToLatest } from './db/migrations.ts';
import { openDatabase, type DatabaseOptions, type Db } from './db/open-database.ts';
import { pairingKeyFrom } from './auth/token.ts';
import type { App, Clock } from './http/app-types.ts';
import type { DeviceLimits } from './http/device-limits.ts';
import type { BackOffice, BackOfficeOptions } from './back-office.ts';
import { connectRedisFanout, type RedisFanout } from './realtime/redis-fanout.ts';
import type { RealtimeHub } from './realtime/realtime-hub.ts';
import { tokenCacheOf } from './auth/principal.ts';

/** The HTTP hardening settings (config.ts) that startServer hands to buildApp as they are. */
export type HttpOptions = Pick<
  AppOptions,
  | 'transport'
  | 'trustProxy'
  | 'corsOrigins'
  | 'publicPages'
  | 'lockedGuessDelayMs'
  | 'acquirers'
  | 'retention'
>;

export interface StartOptions extends HttpOptions {
  readonly database: DatabaseOptions;
  readonly adminToken: string;
  readonly port?: number;
  readonly host?: string;
  readonly logger?: FastifyServerOptions['logger'];
  readonly clock?: Clock;
  /**
   * Realtime fan-out through Redis, for several server processes sharing one PostgreSQL. `key` is
   * the channel prefix (KASIR_REDIS_PREFIX): the same for every process of one deployment.
   */
  readonly redis?: { readonly url: string; readonly key?: string };
  /** The built cashier PWA, served at `/`. */
  readonly pwaDir?: string;
  /** Per-device limits (http/device-limits.ts); the defaults for what is left out. */
  readonly deviceLimits?: Partial<DeviceLimits>;
  /** The built back office, served at `/admin/`. */
  readonly adminDir?: string;
  readonly backOffice?: BackOfficeOptions;
}

export interface RunningServer {
  readonly app: App & { readonly backOffice: BackOffice; readonly hub: RealtimeHub };
  readonly db: Db;
  /** Base URL, e.g. http://127.0.0.1:8080 */
  readonly url: string;
  readonly port: number;
  /** The key pairing codes are hashed under (for seedDemo). */
  readonly pairingKey: Buffer;
  /** Realtime fan-out between processes, when configured. */
  readonly fanout?: RedisFanout;
  /**
   * Graceful shutdown (SIGTERM): /readyz turns 503 at once, the balancer gets `delayMs` to notice,
   * sockets are closed a batch at a time with a reason, then the listener closes after the requests
   * in flight (and the group commits they wait for) have answered, and last the database.
   */
  drain(opts?: { readonly delayMs?: number }): Promise<void>;
  close(): Promise<void>;
}

/** Opens and migrates the database, builds the app and listens. Used by main.ts and by tests. */
export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const { transport, trustProxy, corsOrigins, publicPages, lockedGuessDelayMs, acquirers, retention } = opts;
  const http: HttpOptions = {
    ...(transport === undefined ? {} : { transport }),
    ...(trustProxy === undefined ? {} : { trustProxy }),
    ...(corsOrigins === undefined ? {} : { corsOrigins }),
    ...(publicPages === undefined ? {} : { publicPages }),
    ...(lockedGuessDelayMs === undefined ? {} : { lockedGuessDelayMs }),
    ...(acquirers === undefined ? {} : { acquirers }),
    ...(retention === undefined ? {} : { retention }),
  };
  const db = openDatabase(opts.database);
  let fanout: RedisFanout | undefined;
  let draining = false;
  try {
    await migrateToLatest(db.kysely, db.engine);
    // Not awaited: a process starts while Redis is down, not ready until it is back (/readyz).
    if (opts.redis !== undefined) fanout = connectRedisFanout(opts.redis.url, opts.redis.key);
    const app = await buildApp({
      draining: () => draining,
      ...(fanout === undefined ? {} : { fanout }),
      db,
      adminToken: opts.adminToken,
      ...http,
      ...(opts.logger === undefined ? {} : { logger: opts.logger }),
      ...(opts.clock === undefined ? {} : { clock: opts.clock }),
      ...(fanout === undefined
        ? {}
        : {
            realtime: {
              configure: (io) => fanout?.configure(io),
              crossProcess: () => fanout?.installed() === true,
            },
          }),
      ...(opts.pwaDir === undefined ? {} : { pwaDir: opts.pwaDir }),
      ...(opts.deviceLimits === undefined ? {} : { deviceLimits: opts.deviceLimits }),
      ...(opts.adminDir === undefined ? {} : { adminDir: opts.adminDir }),
      ...(opts.backOffice === undefined ? {} : { backOffice: opts.backOffice }),
    });
    const tokens = tokenCacheOf(db);
    if (fanout !== undefined) {
      tokens.setTrusted(fanout.state() === 'up');
      fanout.onStateChange((state) => {
        // Invalidations from other processes travel through Redis: without it, no cached token.
        tokens.setTrusted(state === 'up');
        if (state === 'down') {
          app.log.warn(
            'realtime fan-out through Redis lost: devices of other processes get no pokes; reconnecting',
          );
          return;
        }
        app.log.info('realtime fan-out through Redis up');
        // Pokes published meanwhile were lost: devices behind compare the head cursor and pull (S6).
        app.hub.resync().catch((err: unknown) => app.log.warn({ err }, 'resync after Redis outage failed'));
      });
    }
    await app.listen({ port: opts.port ?? 0, host: opts.host ?? '127.0.0.1' });
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr !== null ? addr.port : (opts.port ?? 0);
    const host = opts.host === undefined || opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host;
    const close = async () => {
      draining = true;
      await app.close();
      await fanout?.close();
      await db.close();
    };
    return {
      app,
      db,
      url: `http://${host}:${port}`,
      port,
      pairingKey: pairingKeyFrom(opts.adminToken),
      ...(fanout === undefined ? {} : { fanout }),
      async drain({ delayMs = 0 } = {}) {
        draining = true;
        if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
        await app.hub.drain();
        await close();
      },
      close,
    };
  } catch (e) {
    await fanout?.close();
    await db.close();
    throw e;
  }
}

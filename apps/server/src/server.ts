import type { FastifyServerOptions } from 'fastify';
import { buildApp, type AppOptions } from './app.ts';
import { migrateToLatest } from './db/migrations.ts';
import { openDatabase, type DatabaseOptions, type Db } from './db/open-database.ts';
import { pairingKeyFrom } from './auth/token.ts';
import type { App, Clock } from './http/app-types.ts';
import type { DeviceLimits } from './http/device-limits.ts';
import type { BackOffice, BackOfficeOptions } from './back-office.ts';
import { connectRedisFanout, type RedisFanout } from './realtime/redis-fanout.ts';

/** The HTTP hardening settings (config.ts) that startServer hands to buildApp as they are. */
export type HttpOptions = Pick<
  AppOptions,
  'transport' | 'trustProxy' | 'corsOrigins' | 'publicPages' | 'lockedGuessDelayMs' | 'acquirers'
>;

export interface StartOptions extends HttpOptions {
  readonly database: DatabaseOptions;
  readonly adminToken: string;
  readonly port?: number;
  readonly host?: string;
  readonly logger?: FastifyServerOptions['logger'];
  readonly clock?: Clock;
  /** Realtime fan-out through Redis, for several server processes sharing one PostgreSQL. */
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
  readonly app: App & { readonly backOffice: BackOffice };
  readonly db: Db;
  /** Base URL, e.g. http://127.0.0.1:8080 */
  readonly url: string;
  readonly port: number;
  /** The key pairing codes are hashed under (for seedDemo). */
  readonly pairingKey: Buffer;
  close(): Promise<void>;
}

/** Opens and migrates the database, builds the app and listens. Used by main.ts and by tests. */
export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const { transport, trustProxy, corsOrigins, publicPages, lockedGuessDelayMs, acquirers } = opts;
  const http: HttpOptions = {
    ...(transport === undefined ? {} : { transport }),
    ...(trustProxy === undefined ? {} : { trustProxy }),
    ...(corsOrigins === undefined ? {} : { corsOrigins }),
    ...(publicPages === undefined ? {} : { publicPages }),
    ...(lockedGuessDelayMs === undefined ? {} : { lockedGuessDelayMs }),
    ...(acquirers === undefined ? {} : { acquirers }),
  };
  const db = openDatabase(opts.database);
  let fanout: RedisFanout | undefined;
  try {
    await migrateToLatest(db.kysely, db.engine);
    if (opts.redis !== undefined) fanout = await connectRedisFanout(opts.redis.url, opts.redis.key);
    const app = await buildApp({
      db,
      adminToken: opts.adminToken,
      ...http,
      ...(opts.logger === undefined ? {} : { logger: opts.logger }),
      ...(opts.clock === undefined ? {} : { clock: opts.clock }),
      ...(fanout === undefined ? {} : { realtime: { configure: (io) => fanout?.configure(io) } }),
      ...(opts.pwaDir === undefined ? {} : { pwaDir: opts.pwaDir }),
      ...(opts.deviceLimits === undefined ? {} : { deviceLimits: opts.deviceLimits }),
      ...(opts.adminDir === undefined ? {} : { adminDir: opts.adminDir }),
      ...(opts.backOffice === undefined ? {} : { backOffice: opts.backOffice }),
    });
    await app.listen({ port: opts.port ?? 0, host: opts.host ?? '127.0.0.1' });
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr !== null ? addr.port : (opts.port ?? 0);
    const host = opts.host === undefined || opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host;
    return {
      app,
      db,
      url: `http://${host}:${port}`,
      port,
      pairingKey: pairingKeyFrom(opts.adminToken),
      async close() {
        await app.close();
        await fanout?.close();
        await db.close();
      },
    };
  } catch (e) {
    await fanout?.close();
    await db.close();
    throw e;
  }
}

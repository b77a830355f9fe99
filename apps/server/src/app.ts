import compress from '@fastify/compress';
import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { PROTOCOL_VERSION } from '@kasir/protocol';
import { registerAdminProductRoutes } from './catalog/admin-product-routes.ts';
import { registerDeviceProductRoutes } from './catalog/device-product-routes.ts';
import { GroupCommitter } from './db/group-commit.ts';
import { recordSales } from './sales/record-sales.ts';
import { branchScope, lockScope } from './sync/feed.ts';
import type { Db } from './db/open-database.ts';
import { registerAdminDeviceRoutes } from './devices/admin-device-routes.ts';
import { registerDeviceRoutes } from './devices/device-routes.ts';
import { registerPairingRoutes } from './devices/pairing-routes.ts';
import type { App, Clock, RouteDeps } from './http/app-types.ts';
import { installErrorHandler } from './http/error-handler.ts';
import { registerHealth } from './http/health.ts';
import { registerPwa } from './http/pwa.ts';
import { registerBackOffice, type BackOffice, type BackOfficeOptions } from './http/back-office.ts';
import { installSecurityHeaders } from './http/security-headers.ts';
import { createMetrics } from './metrics/metrics.ts';
import { createRealtimeHub, type RealtimeHubOptions } from './realtime/realtime-hub.ts';
import { registerSaleRoutes } from './sales/sale-routes.ts';
import { registerAdminStockRoutes } from './stock/admin-stock-routes.ts';
import { registerSyncRoutes } from './sync/sync-routes.ts';

export interface AppOptions {
  readonly db: Db;
  readonly adminToken: string;
  readonly clock?: Clock;
  /** Pino options or `false`; tests pass `false`. */
  readonly logger?: FastifyServerOptions['logger'];
  /** Default body limit; bulk routes set their own. */
  readonly bodyLimit?: number;
  readonly realtime?: Pick<RealtimeHubOptions, 'heartbeatMs' | 'configure'>;
  /** The built cashier PWA (apps/pos/dist), served at `/`. */
  readonly pwaDir?: string;
  /** The built back office (apps/admin/dist), served at `/admin/`. */
  readonly adminDir?: string;
  readonly backOffice?: BackOfficeOptions;
}

const systemClock: Clock = { now: () => Date.now() };

/**
 * Builds the HTTP API and the realtime hub on one Fastify instance (not yet listening).
 * Every input is validated by the protocol's zod schemas; responses are plain JSON (the schemas
 * document them in OpenAPI at /docs but are not re-validated on the way out, to keep hot paths lean).
 */
export async function buildApp(opts: AppOptions): Promise<App & { backOffice: BackOffice }> {
  const clock = opts.clock ?? systemClock;
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: opts.bodyLimit ?? 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  installSecurityHeaders(app);

  // gzip first: brotli's better ratio is not worth its CPU on a till's busiest path; small bodies stay plain.
  // Level 1: feed pages are repetitive JSON, so the fastest level already shrinks them most of the way,
  // and a full sync of 20,000 products spends a fifth of its server CPU less than at the default 6.
  await app.register(compress, {
    threshold: 2048,
    encodings: ['gzip', 'br', 'deflate'],
    zlibOptions: { level: 1 },
  });
  // A cashier app may be served from another origin than its server (the server URL is a setting).
  // Device calls carry a bearer token, never cookies, so reflecting the origin grants nothing more.
  await app.register(cors, {
    origin: true,
    allowedHeaders: ['authorization', 'content-type', 'x-kasir-protocol'],
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Kasir API', version: String(PROTOCOL_VERSION) },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  installErrorHandler(app, await registerPwa(app, opts.pwaDir, opts.adminDir));

  const hub = createRealtimeHub(app.server, {
    db: opts.db,
    logger: app.log,
    now: () => new Date(clock.now()).toISOString(),
    ...opts.realtime,
  });
  app.addHook('preClose', () => hub.close());
  const metrics = createMetrics(() => hub.connectedCount());
  app.addHook('onResponse', (req, reply, done) => {
    metrics.httpDuration.observe(
      { method: req.method, route: req.routeOptions.url ?? 'unknown', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });

  const deps: RouteDeps = {
    db: opts.db,
    writes: new GroupCommitter(opts.db, {
      bulk: recordSales,
      lock: (trx, branchId) => lockScope(trx, branchScope(branchId)),
    }),
    clock,
    hub,
    metrics,
    adminToken: opts.adminToken,
  };
  const backOffice = await registerBackOffice(app, deps, opts.backOffice);
  registerHealth(app, opts.db);
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
  registerAdminDeviceRoutes(app, deps);
  registerAdminProductRoutes(app, deps);
  registerAdminStockRoutes(app, deps);
  registerDeviceRoutes(app, deps);
  registerPairingRoutes(app, deps);
  registerDeviceProductRoutes(app, deps);
  registerSaleRoutes(app, deps);
  registerSyncRoutes(app, deps);
  return Object.assign(app, { backOffice });
}

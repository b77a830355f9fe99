import compress from '@fastify/compress';
import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { PROTOCOL_VERSION } from '@kasir/protocol';
import { registerAdminProductRoutes } from './catalog/admin-product-routes.ts';
import { registerDeviceProductRoutes } from './catalog/device-product-routes.ts';
import { registerProductImageRoutes } from './catalog/product-image-routes.ts';
import type { Db } from './db/open-database.ts';
import { registerAdminDeviceRoutes } from './devices/admin-device-routes.ts';
import { registerDeviceRoutes } from './devices/device-routes.ts';
import { registerPairingRoutes } from './devices/pairing-routes.ts';
import { operatorPageHook } from './auth/auth-hooks.ts';
import { pairingKeyFrom } from './auth/token.ts';
import type { App, Clock, CorsOrigin, RouteDeps } from './http/app-types.ts';
import { createGuessThrottle } from './http/guess-throttle.ts';
import { installErrorHandler } from './http/error-handler.ts';
import { registerHealth, registerReady } from './http/health.ts';
import { registerPwa } from './http/pwa.ts';
import { registerBackOffice, type BackOffice, type BackOfficeOptions } from './back-office.ts';
import { installSecurityHeaders } from './http/security-headers.ts';
import {
  fastifyTimeouts,
  installConnectionCaps,
  transportLimits,
  type TransportLimits,
} from './http/transport.ts';
import { trustFunction, type TrustProxy } from './http/trust-proxy.ts';
import { createMetrics } from './metrics/metrics.ts';
import { registerScaleMetrics } from './metrics/scale-metrics.ts';
import { createRealtimeHub, type RealtimeHub, type RealtimeHubOptions } from './realtime/realtime-hub.ts';
import type { RedisFanout } from './realtime/redis-fanout.ts';
import { DeviceLimiter, type DeviceLimits } from './http/device-limits.ts';
import { registerSaleRoutes } from './sales/sale-routes.ts';
import { RetentionJob, type RetentionSettings } from './retention/retention-job.ts';
import type { AcquirerAdapter } from './payments/acquirer-adapter.ts';
import { registerPaymentRoutes } from './payments/payment-routes.ts';
import { registerAdminStockRoutes } from './stock/admin-stock-routes.ts';
import { registerStockOperationRoutes } from './stock/stock-operation-routes.ts';
import { createMutationApplier, createWrites } from './sync/apply-mutation.ts';
import { registerSyncRoutes } from './sync/sync-routes.ts';
import { registerAuditRoutes } from './sync/audit-routes.ts';

export interface AppOptions {
  readonly db: Db;
  readonly adminToken: string;
  readonly clock?: Clock;
  /** Pino options or `false`; tests pass `false`. */
  readonly logger?: FastifyServerOptions['logger'];
  /** Default body limit; bulk routes set their own. */
  readonly bodyLimit?: number;
  readonly realtime?: Pick<RealtimeHubOptions, 'heartbeatMs' | 'configure' | 'crossProcess'>;
  /** The built cashier PWA (apps/pos/dist), served at `/`. */
  readonly pwaDir?: string;
  /** Per-device limits; DEFAULT_DEVICE_LIMITS (http/device-limits.ts) for what is left out. */
  readonly deviceLimits?: Partial<DeviceLimits>;
  /** The built back office (apps/admin/dist), served at `/admin/`. */
  readonly adminDir?: string;
  readonly backOffice?: BackOfficeOptions;
  /** Timeouts and connection caps; unset ones take the defaults of http/transport.ts. */
  readonly transport?: Partial<TransportLimits>;
  /** TRUST_PROXY: whose x-forwarded-* headers are believed (none by default). */
  readonly trustProxy?: TrustProxy;
  /** KASIR_CORS_ORIGINS: origins whose pages may call the API; none (same origin only) by default. */
  readonly corsOrigins?: readonly CorsOrigin[];
  /** KASIR_METRICS_PUBLIC / KASIR_DOCS_PUBLIC: serve /metrics, /docs without the admin token. */
  readonly publicPages?: { readonly metrics?: boolean; readonly docs?: boolean };
  /** How long a locked-out guess waits for its 429 (http/guess-throttle.ts; default 1 s). */
  readonly lockedGuessDelayMs?: number;
  /** Acquirers whose payment webhooks the server takes (payments/); none by default. */
  readonly acquirers?: readonly AcquirerAdapter[];
  /** The fan-out between processes, when there is one: its state shows in /readyz and /metrics. */
  readonly fanout?: Pick<RedisFanout, 'state' | 'errorCount'>;
  /** True once the process drains (SIGTERM): /readyz answers 503. */
  readonly draining?: () => boolean;
  /** Retention of old rows (retention/retention-job.ts); none when left out (tests run it themselves). */
  readonly retention?: RetentionSettings;
}

const systemClock: Clock = { now: () => Date.now() };

/**
 * Builds the HTTP API and the realtime hub on one Fastify instance (not yet listening).
 * Every input is validated by the protocol's zod schemas; responses are plain JSON (the schemas
 * document them in OpenAPI at /docs but are not re-validated on the way out, to keep hot paths lean).
 */
export async function buildApp(
  opts: AppOptions,
): Promise<App & { backOffice: BackOffice; hub: RealtimeHub }> {
  const clock = opts.clock ?? systemClock;
  const limits = transportLimits(opts.transport);
  const trusted = trustFunction(opts.trustProxy ?? false);
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: opts.bodyLimit ?? 1024 * 1024,
    ...fastifyTimeouts(limits),
    ...(opts.trustProxy === undefined || opts.trustProxy === false ? {} : { trustProxy: trusted }),
  }).withTypeProvider<ZodTypeProvider>();
  installConnectionCaps(app.server, limits, trusted, app.log);
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
  // The cashier app is served by this server (same origin, no CORS needed). A page of another
  // origin may call the API only when listed (KASIR_CORS_ORIGINS): reflecting any origin let any
  // web page open on a shop computer send guesses from the shop's address (issue 17).
  const corsOrigins = opts.corsOrigins ?? [];
  await app.register(cors, {
    origin: corsOrigins.length === 0 ? false : [...corsOrigins],
    allowedHeaders: ['authorization', 'content-type', 'x-kasir-protocol', 'x-kasir-branch'],
  });
  const guesses = createGuessThrottle(opts.db, {
    ...(opts.lockedGuessDelayMs === undefined ? {} : { lockedDelayMs: opts.lockedGuessDelayMs }),
  });
  const operator = { adminToken: opts.adminToken, clock, guesses, db: opts.db };
  await app.register(swagger, {
    openapi: {
      info: { title: 'Kasir API', version: String(PROTOCOL_VERSION) },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
  });
  const docsHook = operatorPageHook(operator, opts.publicPages?.docs === true);
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // The plugin's types want a callback-style hook.
    uiHooks: {
      onRequest(req, reply, done) {
        docsHook.call(this, req, reply).then(() => {
          if (!reply.sent) done();
        }, done);
      },
    },
  });
  installErrorHandler(app, await registerPwa(app, opts.pwaDir, opts.adminDir));

  const limiter = new DeviceLimiter(opts.deviceLimits);
  const hub = createRealtimeHub(app.server, {
    db: opts.db,
    limiter,
    clock,
    logger: app.log,
    now: () => new Date(clock.now()).toISOString(),
    corsOrigins,
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

  const writes = createWrites(opts.db);
  const deps: RouteDeps = {
    db: opts.db,
    writes,
    mutations: createMutationApplier(writes),
    clock,
    hub,
    metrics,
    adminToken: opts.adminToken,
    limiter,
    guesses,
    pairingKey: pairingKeyFrom(opts.adminToken),
  };
  const backOffice = await registerBackOffice(app, deps, opts.backOffice);
  registerHealth(app, opts.db);
  const fanout = opts.fanout;
  registerReady(app, {
    db: opts.db,
    ...(fanout === undefined ? {} : { fanout: () => fanout.state() }),
    draining: opts.draining ?? (() => false),
  });
  registerScaleMetrics(metrics.registry, opts.db, fanout);
  if (opts.retention !== undefined) {
    const retention = new RetentionJob({
      db: opts.db,
      settings: opts.retention,
      now: () => clock.now(),
      log: app.log,
      registry: metrics.registry,
    });
    retention.start();
    app.addHook('preClose', () => retention.close());
  }
  app.get(
    '/metrics',
    { schema: { hide: true }, onRequest: operatorPageHook(operator, opts.publicPages?.metrics === true) },
    async (_req, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
  registerAdminDeviceRoutes(app, deps);
  registerAdminProductRoutes(app, deps);
  await registerProductImageRoutes(app, deps);
  registerAdminStockRoutes(app, deps);
  registerStockOperationRoutes(app, deps);
  registerDeviceRoutes(app, deps);
  registerPairingRoutes(app, deps);
  registerDeviceProductRoutes(app, deps);
  registerSaleRoutes(app, deps);
  registerSyncRoutes(app, deps);
  registerPaymentRoutes(app, deps, opts.acquirers ?? []);
  registerAuditRoutes(app, deps);
  return Object.assign(app, { backOffice, hub });
}

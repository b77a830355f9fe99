import { resolve } from 'node:path';
import { DEFAULT_SALES_WINDOW_DAYS, MAX_SALES_WINDOW_DAYS } from '@kasir/protocol';
import { z } from 'zod';
import { DEFAULT_TRANSPORT_LIMITS } from './http/transport.ts';
import { parseTrustProxy } from './http/trust-proxy.ts';

/**
 * Every setting of the server: declared once here with its environment variable, parsed once in
 * main.ts, and passed down. Nothing else reads `process.env`.
 */
/** `1`/`true` or `0`/`false`; off when unset. */
function flag(name: string) {
  return z
    .enum(['1', '0', 'true', 'false'], { message: `${name} must be 1 or 0` })
    .optional()
    .transform((v) => v === '1' || v === 'true');
}

/** A duration in milliseconds, up to an hour. */
function millis(fallback: number) {
  return z.coerce.number().int().min(0).max(3_600_000).default(fallback);
}

/** `scheme://host[:port]`, nothing more (what a browser sends in `Origin`). */
function isOrigin(o: string): boolean {
  try {
    const u = new URL(o);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === o;
  } catch {
    return false;
  }
}

const ConfigSchema = z.object({
  /** PORT: HTTP and realtime port. */
  port: z.coerce.number().int().min(0).max(65_535).default(8080),
  /** HOST: interface to listen on; all by default so the shop's devices can reach it. */
  host: z.string().min(1).default('0.0.0.0'),
  /** DATABASE_URL: PostgreSQL when set (postgres://...); otherwise SQLite in the data folder. */
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL')
    .optional(),
  /** KASIR_DATA_DIR: the data folder (SQLite database, generated admin token). */
  dataDir: z.string().min(1).default('./data'),
  /** KASIR_ADMIN_TOKEN: the admin bearer token; generated into the data folder when unset. */
  adminToken: z.string().min(16, 'KASIR_ADMIN_TOKEN must be at least 16 characters').optional(),
  /** REDIS_URL: realtime fan-out between several server processes through Redis. */
  redisUrl: z.string().optional(),
  /**
   * KASIR_REDIS_PREFIX: the Redis channel prefix; the same for every process of one deployment,
   * different for two deployments sharing one Redis (else each pokes the other's devices).
   */
  redisPrefix: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'KASIR_REDIS_PREFIX: letters, digits and :_.- only, at most 64')
    .default('kasir'),
  /**
   * DATABASE_POOL_SIZE: PostgreSQL connections of this process. Processes x this must stay below
   * PostgreSQL's max_connections minus its reserved ones (docs/deploy.md).
   */
  databasePoolSize: z.coerce.number().int().min(2).max(500).default(10),
  /**
   * KASIR_DRAIN_DELAY_MS: on SIGTERM, how long /readyz answers 503 before sockets and the listener
   * close, so the balancer stops sending work first (its check interval x fall count).
   */
  drainDelayMs: millis(0),
  /** --demo: seed the demo shop (once) and print pairing codes for its devices. */
  demo: z.boolean().default(false),
  /**
   * KASIR_MUTATION_RETENTION_DAYS: stored `sale.create` outcomes of sales older than this are
   * compacted; a replay is then answered from the sale's rows (docs/deploy.md "Retention").
   */
  mutationRetentionDays: z.coerce.number().int().min(1).max(MAX_SALES_WINDOW_DAYS).default(90),
  /**
   * KASIR_FEED_RETENTION_DAYS: feed rows of sales received longer ago are deleted. At least the
   * default sales window of a till, and at least any longer window a till is set to.
   */
  feedRetentionDays: z.coerce
    .number()
    .int()
    .min(DEFAULT_SALES_WINDOW_DAYS, `KASIR_FEED_RETENTION_DAYS must be at least ${DEFAULT_SALES_WINDOW_DAYS}`)
    .max(MAX_SALES_WINDOW_DAYS)
    .default(90),
  /** KASIR_RETENTION_INTERVAL_MINUTES: how often retention runs; 0 = never. */
  retentionIntervalMinutes: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(60),
  /** KASIR_ALERT_UNSYNCED_HOURS: alert when a till holds unsynced sales this long without a sync. */
  alertUnsyncedHours: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(6),
  /** KASIR_ALERT_WEBHOOK_URL: each new alert is POSTed here as JSON. */
  alertWebhookUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** KASIR_QRIS_SIMULATOR_SECRET: turns on the local acquirer simulator's webhook (payments/). */
  qrisSimulatorSecret: z
    .string()
    .min(16, 'KASIR_QRIS_SIMULATOR_SECRET must be at least 16 characters')
    .optional(),
  /** LOG_LEVEL: pino level. */
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** TRUST_PROXY: which peers' x-forwarded-* headers are believed (see http/trust-proxy.ts). */
  trustProxy: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined) return false;
      const parsed = parseTrustProxy(raw);
      if (typeof parsed === 'object' && 'error' in parsed) {
        ctx.addIssue({ code: 'custom', message: parsed.error });
        return z.NEVER;
      }
      return parsed;
    }),
  /** KASIR_CORS_ORIGINS: origins (scheme://host[:port]) that may call the API from a page; none by default. */
  corsOrigins: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const list = (raw ?? '')
        .split(',')
        .map((o) => o.trim().replace(/\/+$/, ''))
        .filter((o) => o !== '');
      for (const o of list) {
        if (!isOrigin(o)) {
          ctx.addIssue({
            code: 'custom',
            message: `KASIR_CORS_ORIGINS: ${o} is not an origin like https://kasir.example`,
          });
        }
      }
      return list;
    }),
  /** KASIR_METRICS_PUBLIC=1: /metrics without the admin token. */
  metricsPublic: flag('KASIR_METRICS_PUBLIC'),
  /** KASIR_DOCS_PUBLIC=1: /docs and /docs/json without the admin token. */
  docsPublic: flag('KASIR_DOCS_PUBLIC'),
  /** KASIR_REQUEST_TIMEOUT_MS: a whole request (headers and body) must arrive within this; 0 = none. */
  requestTimeoutMs: millis(DEFAULT_TRANSPORT_LIMITS.requestTimeoutMs),
  /** KASIR_HEADERS_TIMEOUT_MS: a request's headers must arrive within this. */
  headersTimeoutMs: millis(DEFAULT_TRANSPORT_LIMITS.headersTimeoutMs),
  /** KASIR_KEEP_ALIVE_TIMEOUT_MS: an idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: millis(DEFAULT_TRANSPORT_LIMITS.keepAliveTimeoutMs),
  /** KASIR_CONNECTION_TIMEOUT_MS: a connection with no traffic is closed after this; 0 = none. */
  connectionTimeoutMs: millis(DEFAULT_TRANSPORT_LIMITS.connectionTimeoutMs),
  /** KASIR_MAX_CONNECTIONS: open connections in all; by default below the open-file limit. */
  maxConnections: z.coerce.number().int().min(1).optional(),
  /** KASIR_MAX_CONNECTIONS_PER_ADDRESS: open connections per client address; 0 = no cap. */
  maxConnectionsPerAddress: z.coerce
    .number()
    .int()
    .min(0)
    .default(DEFAULT_TRANSPORT_LIMITS.maxConnectionsPerAddress),
});
export type Config = z.infer<typeof ConfigSchema>;

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };

/** Reads the configuration from environment variables and `--port N`-style flags (flags win). */
export function parseConfig(env: Record<string, string | undefined>, argv: readonly string[]): ConfigResult {
  const flag = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    if (i >= 0) return argv[i + 1];
    const eq = argv.find((a) => a.startsWith(`--${name}=`));
    return eq?.slice(name.length + 3);
  };
  const blank = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);
  const parsed = ConfigSchema.safeParse({
    port: blank(flag('port') ?? env.PORT),
    host: blank(flag('host') ?? env.HOST),
    databaseUrl: blank(flag('database-url') ?? env.DATABASE_URL),
    dataDir: blank(flag('data-dir') ?? env.KASIR_DATA_DIR),
    adminToken: blank(env.KASIR_ADMIN_TOKEN),
    redisUrl: blank(env.REDIS_URL),
    redisPrefix: blank(env.KASIR_REDIS_PREFIX),
    databasePoolSize: blank(env.DATABASE_POOL_SIZE),
    drainDelayMs: blank(env.KASIR_DRAIN_DELAY_MS),
    logLevel: blank(env.LOG_LEVEL),
    alertUnsyncedHours: blank(env.KASIR_ALERT_UNSYNCED_HOURS),
    mutationRetentionDays: blank(env.KASIR_MUTATION_RETENTION_DAYS),
    feedRetentionDays: blank(env.KASIR_FEED_RETENTION_DAYS),
    retentionIntervalMinutes: blank(env.KASIR_RETENTION_INTERVAL_MINUTES),
    alertWebhookUrl: blank(env.KASIR_ALERT_WEBHOOK_URL),
    qrisSimulatorSecret: blank(env.KASIR_QRIS_SIMULATOR_SECRET),
    demo: argv.includes('--demo'),
    trustProxy: blank(env.TRUST_PROXY),
    corsOrigins: blank(env.KASIR_CORS_ORIGINS),
    metricsPublic: blank(env.KASIR_METRICS_PUBLIC),
    docsPublic: blank(env.KASIR_DOCS_PUBLIC),
    requestTimeoutMs: blank(env.KASIR_REQUEST_TIMEOUT_MS),
    headersTimeoutMs: blank(env.KASIR_HEADERS_TIMEOUT_MS),
    keepAliveTimeoutMs: blank(env.KASIR_KEEP_ALIVE_TIMEOUT_MS),
    connectionTimeoutMs: blank(env.KASIR_CONNECTION_TIMEOUT_MS),
    maxConnections: blank(env.KASIR_MAX_CONNECTIONS),
    maxConnectionsPerAddress: blank(env.KASIR_MAX_CONNECTIONS_PER_ADDRESS),
  });
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  }
  const { requestTimeoutMs, headersTimeoutMs } = parsed.data;
  if (requestTimeoutMs > 0 && (headersTimeoutMs === 0 || headersTimeoutMs > requestTimeoutMs)) {
    return {
      ok: false,
      errors: ['headersTimeoutMs: KASIR_HEADERS_TIMEOUT_MS must be between 1 and KASIR_REQUEST_TIMEOUT_MS'],
    };
  }
  return { ok: true, config: { ...parsed.data, dataDir: resolve(parsed.data.dataDir) } };
}

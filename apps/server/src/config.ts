import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * Every setting of the server: declared once here with its environment variable, parsed once in
 * main.ts, and passed down. Nothing else reads `process.env`.
 */
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
  /** --demo: seed the demo shop (once) and print pairing codes for its devices. */
  demo: z.boolean().default(false),
  /** KASIR_ALERT_UNSYNCED_HOURS: alert when a till holds unsynced sales this long without a sync. */
  alertUnsyncedHours: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(6),
  /** KASIR_ALERT_WEBHOOK_URL: each new alert is POSTed here as JSON. */
  alertWebhookUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** LOG_LEVEL: pino level. */
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
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
    logLevel: blank(env.LOG_LEVEL),
    alertUnsyncedHours: blank(env.KASIR_ALERT_UNSYNCED_HOURS),
    alertWebhookUrl: blank(env.KASIR_ALERT_WEBHOOK_URL),
    demo: argv.includes('--demo'),
  });
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  }
  return { ok: true, config: { ...parsed.data, dataDir: resolve(parsed.data.dataDir) } };
}

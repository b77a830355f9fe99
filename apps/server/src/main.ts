import { fileURLToPath } from 'node:url';
import { formatRupiah } from '@kasir/protocol';
import { loadAdminToken } from './admin-token.ts';
import { DEMO_PRODUCTS, seedDemo } from './demo/seed-demo.ts';
import { parseConfig } from './config.ts';
import { loggerOptions } from './http/log-options.ts';
import { startServer } from './server.ts';
import { simulatorAcquirer } from './payments/simulator-acquirer.ts';

/** The server process: the only place that reads the environment (config.ts). */
async function main(): Promise<void> {
  const parsed = parseConfig(process.env, process.argv.slice(2));
  if (!parsed.ok) {
    console.error(`kasir: invalid configuration\n  ${parsed.errors.join('\n  ')}`);
    process.exit(2);
  }
  const config = parsed.config;
  const admin = loadAdminToken(config.adminToken, config.dataDir);
  const server = await startServer({
    database:
      config.databaseUrl === undefined
        ? { engine: 'sqlite', dataDir: config.dataDir }
        : { engine: 'postgres', url: config.databaseUrl, poolSize: config.databasePoolSize },
    adminToken: admin.token,
    port: config.port,
    host: config.host,
    logger: loggerOptions(config.logLevel),
    ...(config.redisUrl === undefined ? {} : { redis: { url: config.redisUrl, key: config.redisPrefix } }),
    pwaDir: fileURLToPath(new URL('../../pos/dist', import.meta.url)),
    adminDir: fileURLToPath(new URL('../../admin/dist', import.meta.url)),
    backOffice: {
      alertRules: { unsyncedHours: config.alertUnsyncedHours },
      ...(config.alertWebhookUrl === undefined ? {} : { alertWebhookUrl: config.alertWebhookUrl }),
    },
    transport: {
      requestTimeoutMs: config.requestTimeoutMs,
      headersTimeoutMs: config.headersTimeoutMs,
      keepAliveTimeoutMs: config.keepAliveTimeoutMs,
      connectionTimeoutMs: config.connectionTimeoutMs,
      maxConnectionsPerAddress: config.maxConnectionsPerAddress,
      ...(config.maxConnections === undefined ? {} : { maxConnections: config.maxConnections }),
    },
    retention: {
      mutationDays: config.mutationRetentionDays,
      feedDays: config.feedRetentionDays,
      intervalMs: config.retentionIntervalMinutes * 60_000,
    },
    trustProxy: config.trustProxy,
    corsOrigins: config.corsOrigins,
    publicPages: { metrics: config.metricsPublic, docs: config.docsPublic },
    ...(config.qrisSimulatorSecret === undefined
      ? {}
      : { acquirers: [simulatorAcquirer(config.qrisSimulatorSecret)] }),
  });
  const log = server.app.log;
  log.info(
    { url: server.url, engine: server.db.engine, dataDir: config.dataDir },
    `Kasir listening on ${server.url} (${server.db.engine === 'sqlite' ? `SQLite in ${config.dataDir}` : 'PostgreSQL'})`,
  );
  if (admin.generated) {
    // Printed once, on the start that created it; it stays in the data folder (mode 0600).
    console.log(`\n  Admin token (saved in ${config.dataDir}/admin-token):\n\n    ${admin.token}\n`);
  }
  if (config.demo) {
    const demo = await seedDemo(server.db, server.pairingKey, Date.now());
    const lines = demo.devices.map((d) => `    ${d.name} (${d.code}):  ${d.pairingCode}`);
    console.log(
      `\n  Demo shop "${demo.branchName}"${demo.created ? ` created with ${DEMO_PRODUCTS} products` : ''}.` +
        `\n  Open ${server.url}/ and pair with a code (valid 15 minutes, once each):\n\n${lines.join('\n')}\n` +
        `\n  Prices are in rupiah, e.g. ${formatRupiah(15_000)}.\n`,
    );
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, drainDelayMs: config.drainDelayMs }, 'draining, then shutting down');
    server.drain({ delayMs: config.drainDelayMs }).then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error('kasir: failed to start', err);
  process.exit(1);
});

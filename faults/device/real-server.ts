import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Product } from '@kasir/protocol';
import { startServer, type RunningServer } from '@kasir/server';
import { createAdminClient, type AdminClient } from '@kasir/sync';
import pg from 'pg';

export const ADMIN_TOKEN = 'faults-device-admin-token-0123456789';
const PG_URL = process.env.KASIR_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Whether this is the long run (`npm run test:faults`, which sets KASIR_FAULT_DURATION_S): the
 * short run in `npm test` keeps to about 90 s for all of faults/device.
 */
export const LONG_RUN = process.env.KASIR_FAULT_DURATION_S !== undefined;

/**
 * Engines of the browser scenarios: the server's engine matters little to a device crash in the
 * browser (crash-points.test.ts covers both engines in Node), so the short run uses SQLite.
 */
export const BROWSER_ENGINES: readonly ('sqlite' | 'postgres')[] = LONG_RUN
  ? ['sqlite', 'postgres']
  : ['sqlite'];

/** The real server in-process on one engine, with its admin client; `close` removes its data. */
export interface RealServer {
  readonly server: RunningServer;
  readonly admin: AdminClient;
  close(): Promise<void>;
}

/**
 * Starts `@kasir/server` on SQLite in a temp folder or on PostgreSQL in a schema of its own (so
 * runs never see each other's rows), optionally serving the built PWA.
 */
export async function startRealServer(
  engine: 'sqlite' | 'postgres',
  options: { pwaDir?: string } = {},
): Promise<RealServer> {
  const common = {
    adminToken: ADMIN_TOKEN,
    logger: false as const,
    ...(options.pwaDir === undefined ? {} : { pwaDir: options.pwaDir }),
  };
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'kasir-faults-device-'));
    const server = await startServer({ ...common, database: { engine: 'sqlite', dataDir: dir } });
    return {
      server,
      admin: createAdminClient(server.url, ADMIN_TOKEN),
      async close() {
        await server.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `kasir_fd_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(`CREATE SCHEMA ${schema}`);
  await c.end();
  const server = await startServer({ ...common, database: { engine: 'postgres', url: PG_URL, schema } });
  return {
    server,
    admin: createAdminClient(server.url, ADMIN_TOKEN),
    async close() {
      await server.close();
      const d = new pg.Client({ connectionString: PG_URL });
      await d.connect();
      await d.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await d.end();
    },
  };
}

/** A branch with `count` products, each with `stock` on hand; returns the base stock for the invariant. */
export async function seedBranch(
  admin: AdminClient,
  code: string,
  count: number,
  stock: number,
): Promise<{ branchId: string; products: Product[]; baseStock: Map<string, number> }> {
  const branch = await admin.branch(code, `Toko ${code}`);
  const products = await admin.products(
    Array.from({ length: count }, (_, i) => ({
      sku: `${code}-${i + 1}`,
      name: `Barang ${code} ${i + 1}`,
      price: 1_000 * (i + 1),
      barcode: `${code}${String(i + 1).padStart(6, '0')}`,
    })),
  );
  const baseStock = new Map<string, number>();
  for (const p of products) {
    await admin.stock(branch.id, p.id, stock);
    baseStock.set(p.id, stock);
  }
  return { branchId: branch.id, products, baseStock };
}

/** Polls `cond` every 20 ms until it holds; throws with `what` after `timeoutMs`. */
export async function waitFor(
  cond: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

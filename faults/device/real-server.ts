import type { Product } from '@kasir/protocol';
import type { AdminClient } from '@kasir/sync/testing';
import { FAULTS_ADMIN_TOKEN, startInProcessServer, type InProcessServer } from '../lib/in-process-server.ts';

export const ADMIN_TOKEN = FAULTS_ADMIN_TOKEN;

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
export type RealServer = InProcessServer;

/** Starts `@kasir/server` in-process (faults/lib/in-process-server.ts), optionally serving the PWA. */
export const startRealServer = startInProcessServer;

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

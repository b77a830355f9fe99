import type { Db } from '../db/open-database.ts';
import { upsertProducts } from '../catalog/product-service.ts';
import { createBranch } from '../branches/branch-service.ts';
import { createDevice, listDevices } from '../devices/device-service.ts';
import { createPairingCode } from '../devices/pairing-service.ts';
import { moveStock } from '../stock/stock-mutations.ts';
import { demoCatalog } from './demo-catalog.ts';

export const DEMO_BRANCH_CODE = 'DEMO';
export const DEMO_PRODUCTS = 2_000;

export interface DemoShop {
  readonly created: boolean;
  readonly branchName: string;
  readonly devices: { name: string; code: string; pairingCode: string; expiresAt: string }[];
}

/**
 * Seeds the demo shop once (a branch, two devices, 2,000 products with opening stock) and, every
 * time, makes fresh pairing codes for its devices so a person can pair a browser at once.
 * `pairingKey` is the running server's (`RunningServer.pairingKey`).
 */
export async function seedDemo(db: Db, pairingKey: Buffer, nowMs: number): Promise<DemoShop> {
  const now = new Date(nowMs).toISOString();
  let branch = await db.kysely
    .selectFrom('branches')
    .select(['id', 'name'])
    .where('code', '=', DEMO_BRANCH_CODE)
    .executeTakeFirst();
  const created = branch === undefined;
  if (branch === undefined) {
    const b = await createBranch(db, DEMO_BRANCH_CODE, 'Toko Sejahtera (Demo)', now);
    if (!b.ok) throw new Error('demo branch code taken');
    branch = b.branch;
    for (const name of ['Kasir 1', 'Kasir 2']) await createDevice(db, b.branch.id, name, now);
    const products = demoCatalog(DEMO_PRODUCTS);
    const { products: stored } = await upsertProducts(db, products, now);
    const branchId = b.branch.id;
    await db.kysely.transaction().execute(async (trx) => {
      const movements = stored.map((p, i) => ({
        productId: p.id,
        delta: 20 + ((i * 37) % 180),
        reason: 'receive' as const,
        refId: null,
      }));
      await moveStock(trx, branchId, movements, now);
    });
  }
  const devices = (await listDevices(db, nowMs, branch.id)).filter((d) => d.revokedAt === null);
  const codes = [];
  for (const d of devices) {
    const c = await createPairingCode(db, pairingKey, d.id, nowMs);
    if (c.ok)
      codes.push({ name: d.name, code: d.code, pairingCode: c.code.code, expiresAt: c.code.expiresAt });
  }
  return { created, branchName: branch.name, devices: codes };
}

import {
  catalogChecksumItem,
  SetChecksum,
  stockChecksumItem,
  type Product,
  type SyncStateResponse,
} from '@kasir/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevicePrincipal } from '../auth/principal.ts';
import { createBranch } from '../branches/branch-service.ts';
import { migrateToLatest } from '../db/migrations.ts';
import { openDatabase, type Db, type Engine } from '../db/open-database.ts';
import { moveStock } from '../stock/stock-mutations.ts';
import { syncState } from '../sync/sync-state.ts';
import { createTestDatabase, type TestDatabase } from '../test/test-database.ts';
import { updateAdminProduct } from './admin-product-service.ts';
import { deleteProduct, upsertProducts } from './product-service.ts';
import { updateProduct } from './update-product.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => new Date().toISOString();

/**
 * S12 under concurrent writers: the catalog's running count and checksum (counter row, feed/feed.ts)
 * equal a full scan after back-office writes race devices' edits of the same products. The fault
 * run found this on PostgreSQL: a back-office write read a product without locking it, a device's
 * edit committed in between, and the write then replaced (and subtracted) a version already gone.
 */
export function catalogChecksumContract(engine: Engine): void {
  describe(`S12 catalog checksum under concurrent writers [${engine}]`, () => {
    let tdb: TestDatabase;
    let db: Db;
    let branchId = '';
    let who: DevicePrincipal;
    let skuNo = 0;

    beforeAll(async () => {
      tdb = await createTestDatabase(engine);
      db = openDatabase(tdb.options.engine === 'postgres' ? { ...tdb.options, poolSize: 12 } : tdb.options);
      await migrateToLatest(db.kysely, db.engine);
      const b = await createBranch(db, 'CK', 'Checksum', now());
      if (!b.ok) throw new Error('branch');
      branchId = b.branch.id;
      who = {
        deviceId: 'device-ck',
        deviceCode: 'CK-1',
        deviceName: 'Kasir',
        branchId,
        branchCode: 'CK',
        permissions: ['catalog.edit', 'catalog.price'],
      };
    });
    afterAll(async () => {
      await db?.close();
      await tdb?.drop();
    });

    /** The running summaries against a full scan of the rows. */
    async function expectSummariesEqualScan(): Promise<void> {
      const state: SyncStateResponse = await syncState(db, branchId, now());
      const catalog = new SetChecksum();
      const products = await db.kysely
        .selectFrom('products')
        .select(['id', 'version'])
        .where('deleted', '=', 0)
        .execute();
      for (const p of products) catalog.add(catalogChecksumItem({ id: p.id, version: Number(p.version) }));
      const stock = new SetChecksum();
      const levels = await db.kysely
        .selectFrom('stock')
        .select(['productId', 'onHand'])
        .where('branchId', '=', branchId)
        .execute();
      for (const s of levels)
        stock.add(stockChecksumItem({ productId: s.productId, onHand: Number(s.onHand) }));
      expect(state.catalog).toEqual({ count: catalog.count, checksum: catalog.hex });
      expect(state.stock).toEqual({ count: stock.count, checksum: stock.hex });
    }

    async function newProduct(): Promise<Product> {
      const r = await upsertProducts(db, [{ sku: `CK-${++skuNo}`, name: 'Teh', price: 5000 }], now());
      if (!r.ok) throw new Error('upsert');
      return r.products[0]!;
    }

    async function versionOf(id: string): Promise<number> {
      const r = await db.kysely
        .selectFrom('products')
        .select('version')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return Number(r.version);
    }

    /**
     * A device's price edit of `p` holds the product's row until its transaction commits; `write`
     * starts meanwhile (on PostgreSQL it reads and then waits for the row; SQLite has one writer,
     * so it runs after the commit). Returns what `write` returned.
     */
    async function whileDeviceEdits<T>(p: Product, write: () => Promise<T>): Promise<T> {
      let racing: Promise<T> | undefined;
      await db.kysely.transaction().execute(async (trx) => {
        const edit = await updateProduct(
          trx,
          { who, mutationId: `m-${p.id}-${Math.random()}`, now: now() },
          { productId: p.id, baseVersion: p.version, changes: { price: p.price + 100 } },
        );
        expect(edit.outcome.status).toBe('accepted');
        racing = write();
        // Long enough for the racing write to take its snapshot and reach the row lock.
        await sleep(150);
      });
      return racing!;
    }

    it('S12: a back-office upsert racing a device edit of the same product keeps the sum and both versions', async () => {
      const p = await newProduct();
      const r = await whileDeviceEdits(p, () =>
        upsertProducts(db, [{ sku: p.sku, name: p.name, price: p.price + 200 }], now()),
      );
      expect(r.ok).toBe(true);
      // Two edits, two versions: the upsert replaced the device's version, not the one before it.
      expect(await versionOf(p.id)).toBe(p.version + 2);
      await expectSummariesEqualScan();
    });

    it('S12: a product deleted while a device edits it leaves the catalog sum by its last version', async () => {
      const p = await newProduct();
      const changes = await whileDeviceEdits(p, () => deleteProduct(db, p.id, now()));
      expect(changes).toHaveLength(1);
      expect(await versionOf(p.id)).toBe(p.version + 2);
      await expectSummariesEqualScan();
    });

    it('S12: a back-office product edit racing a device edit keeps the sum and both versions', async () => {
      const p = await newProduct();
      const r = await whileDeviceEdits(p, () =>
        updateAdminProduct(db, p.id, { price: p.price + 300 }, now()),
      );
      expect(r.ok).toBe(true);
      expect(await versionOf(p.id)).toBe(p.version + 2);
      await expectSummariesEqualScan();
    });

    it('S12: random concurrent catalog and stock writes leave the running sums equal to a full scan', async () => {
      const products = await Promise.all(Array.from({ length: 4 }, () => newProduct()));
      let seed = 17;
      const rnd = () => {
        seed = (seed * 1103515245 + 12345) % 0x80000000;
        return seed / 0x80000000;
      };
      const writer = async () => {
        for (let i = 0; i < 25; i++) {
          const p = products[Math.floor(rnd() * products.length)]!;
          const price = 1000 + 100 * Math.floor(rnd() * 50);
          const r = rnd();
          if (r < 0.3) {
            await upsertProducts(db, [{ sku: p.sku, name: p.name, price }], now());
          } else if (r < 0.6) {
            await db.kysely.transaction().execute(async (trx) => {
              const row = await trx
                .selectFrom('products')
                .select('version')
                .where('id', '=', p.id)
                .executeTakeFirstOrThrow();
              await updateProduct(
                trx,
                { who, mutationId: `m-${Math.random()}`, now: now() },
                { productId: p.id, baseVersion: Number(row.version), changes: { price } },
              );
              await sleep(rnd() * 4);
            });
          } else if (r < 0.75) {
            await updateAdminProduct(db, p.id, { name: `Teh ${price}` }, now());
          } else if (r < 0.85) {
            await deleteProduct(db, p.id, now());
          } else {
            await db.kysely
              .transaction()
              .execute((trx) =>
                moveStock(
                  trx,
                  branchId,
                  [{ productId: p.id, delta: 1 + Math.floor(rnd() * 5), reason: 'receive', refId: null }],
                  now(),
                ),
              );
          }
        }
      };
      await Promise.all(Array.from({ length: 6 }, writer));
      await expectSummariesEqualScan();
    });
  });
}

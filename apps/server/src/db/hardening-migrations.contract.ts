import {
  catalogChecksumItem,
  newId,
  SetChecksum,
  stockChecksumItem,
  type SyncStateResponse,
} from '@kasir/protocol';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBranch } from '../branches/branch-service.ts';
import { syncState } from '../sync/sync-state.ts';
import { createTestDatabase, type TestDatabase } from '../test/test-database.ts';
import { migrateToLatest, migrateUpTo } from './migrations.ts';
import { openDatabase, type Db, type Engine } from './open-database.ts';

/**
 * Issue 17's migrations over rows an older server wrote: two live products sharing a barcode (the
 * oldest keeps it, nothing of either product changes), a deleted product's barcode (free), a stock
 * placeholder row a count made (dropped), and running checksums equal to a full scan.
 */
export function hardeningMigrationsContract(engine: Engine): void {
  describe(`issue 17 migrations over old rows (${engine})`, () => {
    let database: TestDatabase;
    let db: Db;
    let branchId = '';
    const older = newId();
    const newer = newId();
    const deleted = newId();
    const now = '2026-01-05T08:00:00.000Z';

    beforeAll(async () => {
      database = await createTestDatabase(engine);
      db = openDatabase(database.options);
      await migrateUpTo(db.kysely, db.engine, '0006_mutation_outcome_without_http_status');
      const b = await createBranch(db, 'MIG', 'Migrasi', now);
      if (!b.ok) throw new Error('branch code taken');
      branchId = b.branch.id;
      const product = (id: string, sku: string, barcodes: string[], createdAt: string, del = 0) =>
        sql`insert into products (id, sku, name, price, barcodes, category, tax_rate_bp, active, version, deleted, created_at, updated_at)
            values (${id}, ${sku}, ${sku}, 1000, ${JSON.stringify(barcodes)}, null, 1100, 1, 3, ${del}, ${createdAt}, ${createdAt})`.execute(
          db.kysely,
        );
      await product(newer, 'NEW', ['111', '222'], '2026-01-02T00:00:00.000Z');
      await product(older, 'OLD', ['111'], '2026-01-01T00:00:00.000Z');
      await product(deleted, 'DEL', ['333'], '2026-01-01T00:00:00.000Z', 1);
      const stock = (productId: string, onHand: number, version: number) =>
        sql`insert into stock (branch_id, product_id, on_hand, version, updated_at)
            values (${branchId}, ${productId}, ${onHand}, ${version}, ${now})`.execute(db.kysely);
      await stock(older, 7, 2);
      await stock(newer, 0, 0); // a placeholder an old stock count made
      await migrateToLatest(db.kysely, db.engine);
    });

    afterAll(async () => {
      await db?.close();
      await database?.drop();
    });

    it('a barcode two live products shared stays with the oldest; deleted products hold none', async () => {
      const rows = await db.kysely.selectFrom('productBarcodes').selectAll().orderBy('barcode').execute();
      expect(rows).toEqual([
        { barcode: '111', productId: older },
        { barcode: '222', productId: newer },
      ]);
      const kept = await db.kysely
        .selectFrom('products')
        .select('barcodes')
        .where('id', '=', newer)
        .executeTakeFirstOrThrow();
      expect(kept.barcodes).toBe('["111","222"]');
    });

    it('S12: the running checksums equal a full scan; the placeholder stock row is gone', async () => {
      const state: SyncStateResponse = await syncState(db, branchId, now);
      const catalog = new SetChecksum();
      catalog.add(catalogChecksumItem({ id: newer, version: 3 }));
      catalog.add(catalogChecksumItem({ id: older, version: 3 }));
      const stock = new SetChecksum();
      stock.add(stockChecksumItem({ productId: older, onHand: 7 }));
      expect(state.catalog).toEqual({ count: 2, checksum: catalog.hex });
      expect(state.stock).toEqual({ count: 1, checksum: stock.hex });
    });
  });
}

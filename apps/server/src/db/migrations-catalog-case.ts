import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Migrations of SKUs matched regardless of case (catalog/admin-product-service.ts,
 * `storedSkuSpellings`), names 0110-0114 only. Spread into the record in migrations.ts; never edit
 * one that has shipped.
 */
export const catalogCaseMigrations: Record<string, Migration> = {
  '0110_products_sku_lower': {
    async up(db: Kysely<unknown>) {
      // An import looks its SKUs up by lower(sku), 500 at a time: without this, a scan of the
      // catalog per chunk. Not unique: a catalog may hold two spellings from before the rule.
      await db.schema
        .createIndex('products_sku_lower')
        .on('products')
        .expression(sql`lower(sku)`)
        .execute();
    },
  },
};

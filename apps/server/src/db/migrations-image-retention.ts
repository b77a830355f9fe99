import type { Kysely, Migration } from 'kysely';

/**
 * Migrations of the product picture sweep (issue 16, retention/prune-images.ts), names 0100-0104
 * only. Spread into the record in migrations.ts; never edit one that has shipped.
 */
export const imageRetentionMigrations: Record<string, Migration> = {
  '0100_product_images_unreferenced': {
    async up(db: Kysely<unknown>) {
      // When the sweep first found no product naming the picture (null: named, or not looked at yet).
      // The grace before its deletion runs from there; an upload of the same bytes clears it.
      await db.schema.alterTable('product_images').addColumn('unreferenced_since', 'text').execute();
      // The sweep asks, for each picture, whether a product names it: without this, a scan of the
      // catalog per picture.
      await db.schema.createIndex('products_image').on('products').column('image').execute();
    },
  },
};

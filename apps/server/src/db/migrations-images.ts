import { sql, SqliteAdapter, type Kysely, type Migration } from 'kysely';

/**
 * Issue 16's product images: the thumbnails' bytes in the database, keyed by their hash, so every
 * server process behind one address serves every image (no local folder to share or back up
 * separately), and the product's image key beside its other fields.
 */
export const imageMigrations: Record<string, Migration> = {
  '0090_product_images': {
    async up(db: Kysely<unknown>) {
      const bytes = db.getExecutor().adapter instanceof SqliteAdapter ? sql`blob` : sql`bytea`;
      await db.schema
        .createTable('product_images')
        // protocol ImageHash: written once, never updated (the URLs built from it are immutable).
        .addColumn('hash', 'text', (c) => c.primaryKey())
        .addColumn('tile', bytes, (c) => c.notNull())
        .addColumn('large', bytes, (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      // Null: no picture. Only the back office writes it (catalog/product-image-service.ts).
      await db.schema.alterTable('products').addColumn('image', 'text').execute();
    },
  },
};

import type { Kysely, Migration } from 'kysely';

/**
 * Migrations of stock operations (issue 12): suppliers, receipts, transfers, stocktakes, the
 * moving-average cost and minimum beside each stock row, and who and at what cost on ledger rows.
 * Spread into the record of migrations.ts; names in 0030–0039 only.
 */
export const stockMigrations: Record<string, Migration> = {
  '0030_stock_operations': {
    async up(db: Kysely<unknown>) {
      // Moving-average unit cost (rupiah) and the low-stock minimum, per product and branch. On the
      // stock row so a sale's upsert returns the cost it sells at without another statement.
      await db.schema.alterTable('stock').addColumn('avg_cost', 'bigint').execute();
      await db.schema.alterTable('stock').addColumn('min_qty', 'integer').execute();
      // The cost each movement moved at (gross margin), and the back-office person who made it.
      await db.schema.alterTable('stock_movements').addColumn('unit_cost', 'bigint').execute();
      await db.schema.alterTable('stock_movements').addColumn('actor', 'text').execute();
      // History of one branch in time order, every product or one.
      await db.schema
        .createIndex('stock_movements_branch_created')
        .on('stock_movements')
        .columns(['branch_id', 'created_at'])
        .execute();
      await db.schema.createIndex('stock_movements_ref').on('stock_movements').column('ref_id').execute();
      await db.schema
        .createTable('suppliers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('phone', 'text')
        .addColumn('note', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('receipts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('branch_id', 'text', (c) => c.notNull().references('branches.id'))
        .addColumn('supplier_id', 'text')
        .addColumn('reference', 'text')
        .addColumn('note', 'text')
        .addColumn('device_id', 'text')
        .addColumn('actor', 'text')
        .addColumn('payload_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('receipts_branch_created')
        .on('receipts')
        .columns(['branch_id', 'created_at'])
        .execute();
      await db.schema
        .createTable('receipt_lines')
        .addColumn('receipt_id', 'text', (c) => c.notNull())
        .addColumn('line_no', 'integer', (c) => c.notNull())
        .addColumn('product_id', 'text', (c) => c.notNull())
        .addColumn('quantity', 'integer', (c) => c.notNull())
        .addColumn('unit_cost', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('receipt_lines_pk', ['receipt_id', 'line_no'])
        .execute();
      await db.schema
        .createTable('transfers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('from_branch_id', 'text', (c) => c.notNull().references('branches.id'))
        .addColumn('to_branch_id', 'text', (c) => c.notNull().references('branches.id'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('flags', 'text', (c) => c.notNull())
        .addColumn('payload_hash', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text', (c) => c.notNull())
        .addColumn('sent_by', 'text')
        .addColumn('received_at', 'text')
        .addColumn('received_by', 'text')
        .addColumn('receive_id', 'text')
        .addColumn('cancelled_at', 'text')
        .execute();
      await db.schema
        .createIndex('transfers_from')
        .on('transfers')
        .columns(['from_branch_id', 'sent_at'])
        .execute();
      await db.schema
        .createIndex('transfers_to')
        .on('transfers')
        .columns(['to_branch_id', 'sent_at'])
        .execute();
      await db.schema
        .createTable('transfer_lines')
        .addColumn('transfer_id', 'text', (c) => c.notNull())
        .addColumn('line_no', 'integer', (c) => c.notNull())
        .addColumn('product_id', 'text', (c) => c.notNull())
        .addColumn('sent', 'integer', (c) => c.notNull())
        .addColumn('received', 'integer')
        .addColumn('loss_reason', 'text')
        .addPrimaryKeyConstraint('transfer_lines_pk', ['transfer_id', 'line_no'])
        .execute();
      await db.schema
        .createTable('stocktakes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('branch_id', 'text', (c) => c.notNull().references('branches.id'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('categories', 'text')
        .addColumn('note', 'text')
        .addColumn('payload_hash', 'text', (c) => c.notNull())
        .addColumn('opened_at', 'text', (c) => c.notNull())
        .addColumn('opened_by', 'text')
        .addColumn('closed_at', 'text')
        .addColumn('closed_by', 'text')
        .execute();
      await db.schema
        .createIndex('stocktakes_branch')
        .on('stocktakes')
        .columns(['branch_id', 'status'])
        .execute();
      await db.schema
        .createTable('stocktake_counts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('stocktake_id', 'text', (c) => c.notNull())
        .addColumn('product_id', 'text', (c) => c.notNull())
        .addColumn('device_id', 'text')
        .addColumn('quantity', 'integer', (c) => c.notNull())
        .addColumn('base_version', 'integer', (c) => c.notNull())
        .addColumn('late', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('stocktake_counts_product')
        .on('stocktake_counts')
        .columns(['stocktake_id', 'product_id'])
        .execute();
      await db.schema
        .createTable('stocktake_results')
        .addColumn('stocktake_id', 'text', (c) => c.notNull())
        .addColumn('product_id', 'text', (c) => c.notNull())
        .addColumn('counted', 'integer', (c) => c.notNull())
        .addColumn('expected', 'integer', (c) => c.notNull())
        .addColumn('variance', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('stocktake_results_pk', ['stocktake_id', 'product_id'])
        .execute();
    },
  },
};

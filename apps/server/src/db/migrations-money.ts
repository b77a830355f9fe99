import type { Kysely, Migration } from 'kysely';

/**
 * Migrations of the drawer, refunds and customers (issue 13), spread into the record of
 * migrations.ts. Names 0045-0049 are this topic's; never edit one that has shipped.
 */
export const moneyMigrations: Record<string, Migration> = {
  '0045_shifts_cash': {
    async up(db: Kysely<unknown>) {
      // A till's drawer shift: opened with a float, closed by a blind count. Expected cash is not
      // stored as a running total: it is the sum of the shift's ledgers (sales, refunds, cash moves).
      await db.schema
        .createTable('shifts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('branch_id', 'text', (c) => c.notNull())
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('staff_id', 'text')
        .addColumn('approved_by', 'text')
        .addColumn('opened_at', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('business_day', 'text', (c) => c.notNull())
        .addColumn('float', 'bigint', (c) => c.notNull())
        .addColumn('closed_at', 'text')
        .addColumn('close_received_at', 'text')
        .addColumn('counted', 'bigint')
        .addColumn('denominations', 'text')
        .addColumn('expected_at_close', 'bigint')
        .addColumn('unsynced_at_close', 'integer')
        .addColumn('close_staff_id', 'text')
        .addColumn('close_approved_by', 'text')
        .addColumn('flags', 'text', (c) => c.notNull().defaultTo('[]'))
        .execute();
      await db.schema
        .createIndex('shifts_branch_day')
        .on('shifts')
        .columns(['branch_id', 'business_day'])
        .execute();
      await db.schema.createIndex('shifts_device').on('shifts').columns(['device_id', 'opened_at']).execute();
      await db.schema
        .createTable('cash_moves')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('shift_id', 'text', (c) => c.notNull())
        .addColumn('branch_id', 'text', (c) => c.notNull())
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('staff_id', 'text')
        .addColumn('approved_by', 'text')
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('cash_moves_shift').on('cash_moves').column('shift_id').execute();
      // The shift a sale's cash went into, and the customer it was for.
      await db.schema.alterTable('sales').addColumn('shift_id', 'text').execute();
      await db.schema.alterTable('sales').addColumn('customer_id', 'text').execute();
      await db.schema.createIndex('sales_shift').on('sales').column('shift_id').execute();
      await db.schema.createIndex('sales_customer').on('sales').columns(['customer_id', 'sold_at']).execute();
    },
  },
  '0046_refunds': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('refunds')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('branch_id', 'text', (c) => c.notNull())
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('sale_id', 'text', (c) => c.notNull())
        .addColumn('shift_id', 'text')
        .addColumn('invoice_number', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('total', 'bigint', (c) => c.notNull())
        .addColumn('flags', 'text', (c) => c.notNull())
        .addColumn('staff_id', 'text')
        .addColumn('approved_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('business_day', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('refunds_sale').on('refunds').column('sale_id').execute();
      await db.schema.createIndex('refunds_shift').on('refunds').column('shift_id').execute();
      await db.schema
        .createIndex('refunds_branch_day')
        .on('refunds')
        .columns(['branch_id', 'business_day'])
        .execute();
      await db.schema
        .createTable('refund_lines')
        .addColumn('refund_id', 'text', (c) => c.notNull())
        .addColumn('line_no', 'integer', (c) => c.notNull())
        .addColumn('sale_id', 'text', (c) => c.notNull())
        .addColumn('sale_line_no', 'integer', (c) => c.notNull())
        .addColumn('product_id', 'text', (c) => c.notNull())
        .addColumn('quantity', 'integer', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('damaged', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('refund_lines_pk', ['refund_id', 'line_no'])
        .execute();
      await db.schema
        .createIndex('refund_lines_sale_line')
        .on('refund_lines')
        .columns(['sale_id', 'sale_line_no'])
        .execute();
    },
  },
  '0047_customers': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('customers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        // Normalised +62…: duplicates are merged by it, so it is unique.
        .addColumn('phone', 'text', (c) => c.notNull().unique())
        .addColumn('email', 'text')
        .addColumn('note', 'text')
        .addColumn('branch_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('customers_name').on('customers').column('name').execute();
      // Every id a customer was created under (its own included): a merged id keeps resolving.
      await db.schema
        .createTable('customer_ids')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('customer_ids_customer').on('customer_ids').column('customer_id').execute();
    },
  },
};

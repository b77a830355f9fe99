import type { Kysely, Migration } from 'kysely';

/**
 * Payments (issue 14): cash rounding on a sale, the card details a cashier types from the EDC
 * slip, and acquirers' payment confirmations (payments/). Names 0050-0059 belong to this file.
 */
export const paymentMigrations: Record<string, Migration> = {
  '0050_cash_rounding_and_card_details': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('sales')
        .addColumn('rounding', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('sale_payments').addColumn('approval_code', 'text').execute();
      await db.schema.alterTable('sale_payments').addColumn('card_last4', 'text').execute();
    },
  },
  '0051_payment_confirmations': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('payment_confirmations')
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('external_id', 'text', (c) => c.notNull())
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('paid_at', 'text')
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('payment_confirmations_pk', ['provider', 'external_id'])
        .execute();
      await db.schema
        .createIndex('payment_confirmations_reference')
        .on('payment_confirmations')
        .columns(['reference', 'received_at'])
        .execute();
    },
  },
};

import type { Kysely, Migration } from 'kysely';

/**
 * Payments (issue 14): cash rounding on a sale, and the card details a cashier types from the EDC
 * slip. Names 0050-0059 belong to this file.
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
};

import type { Kysely, Migration } from 'kysely';

/**
 * Migrations of issue 16 (the till over months), names 0070-0079 only. Spread into the record in
 * migrations.ts; never edit one that has shipped.
 */
export const monthsMigrations: Record<string, Migration> = {
  '0070_sales_device_created': {
    async up(db: Kysely<unknown>) {
      // The sale audit reads one device's sales of one day by device time (sync/sale-audit.ts).
      await db.schema
        .createIndex('sales_device_created')
        .on('sales')
        .columns(['device_id', 'created_at'])
        .execute();
    },
  },
  '0071_device_health_audit': {
    async up(db: Kysely<unknown>) {
      // A till's last sale audit as it reported it (protocol SaleAuditSummary, JSON).
      await db.schema.alterTable('device_health').addColumn('audit', 'text').execute();
    },
  },
};

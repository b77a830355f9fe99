import type { Kysely, Migration } from 'kysely';

/**
 * Migrations of what a till reports about itself beyond issue 11's (monitoring/device-health.ts),
 * names 0115-0119 only. Spread into the record in migrations.ts; never edit one that has shipped.
 */
export const deviceHealthMigrations: Record<string, Migration> = {
  '0115_device_health_store_lost': {
    async up(db: Kysely<unknown>) {
      // A till's last local store loss as it reported it (protocol StoreLossSummary, JSON).
      await db.schema.alterTable('device_health').addColumn('store_lost', 'text').execute();
    },
  },
};

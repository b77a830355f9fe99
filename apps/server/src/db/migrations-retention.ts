import type { Kysely, Migration } from 'kysely';

/**
 * Migrations of the retention of old rows (issue 18 item 3, retention/), names 0080-0089 only.
 * Spread into the record in migrations.ts; never edit one that has shipped.
 */
export const retentionMigrations: Record<string, Migration> = {
  '0080_retention_marks': {
    async up(db: Kysely<unknown>) {
      // How far each retention sweep has got (retention/retention-marks.ts): a sweep resumes there
      // instead of re-reading every row it already handled, so no index on the busy tables is needed.
      await db.schema
        .createTable('retention_marks')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('mark', 'text', (c) => c.notNull())
        .execute();
    },
  },
};

import { DEFAULT_SHOP_SETTINGS, tillBranchSettingsOf } from '@kasir/protocol';
import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Issue 15's migrations: the shop-wide settings of a branch (protocol admin/shop-settings.ts), kept
 * as one JSON document beside the branch's other settings, and a first `branch_settings` change in
 * every existing branch's feed so its tills receive the receipt texts set before this migration.
 */
export const tillSettingsMigrations: Record<string, Migration> = {
  '0060_shop_settings': {
    async up(db: Kysely<unknown>) {
      // JSON of protocol `ShopSettings`; null = the defaults (read field by field, so a field added
      // later takes its default in documents written before it).
      await db.schema.alterTable('branches').addColumn('shop_settings', 'text').execute();
    },
  },
  '0061_branch_settings_feed': {
    async up(db: Kysely<unknown>) {
      // One-word aliases: the result keys are the same with or without the camel-case plugin.
      const { rows } = await sql<{
        id: string;
        name: string;
        address: string | null;
        npwp: string | null;
        header: string | null;
        footer: string | null;
        zone: string;
      }>`select id, name, address, npwp, receipt_header as header, receipt_footer as footer, timezone as zone
         from branches`.execute(db);
      for (const b of rows) {
        const scope = `branch:${b.id}`;
        // S5: the position comes from the scope's counter row, updated in this transaction.
        const { rows: next } = await sql<{ value: number | string }>`
          update counters set value = value + 1 where scope = ${scope} returning value`.execute(db);
        const seq = next[0]?.value;
        if (seq === undefined) continue;
        const data = tillBranchSettingsOf(
          {
            id: b.id,
            name: b.name,
            address: b.address,
            npwp: b.npwp,
            receiptHeader: b.header,
            receiptFooter: b.footer,
            timeZone: b.zone,
          },
          DEFAULT_SHOP_SETTINGS,
        );
        await sql`insert into changes (scope, seq, kind, entity_id, payload)
          values (${scope}, ${Number(seq)}, 'branch_settings', ${b.id}, ${JSON.stringify(data)})`.execute(db);
      }
    },
  },
};

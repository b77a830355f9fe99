import { parseInvoiceNumber } from '@kasir/protocol';
import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Migrations of issue 13's staff part (names 0040-0044): till staff with PINs, the staff id on
 * sales, each device's last receipt counter, and till events in the audit log. Spread into the
 * record of migrations.ts; never edit one that has shipped.
 */
export const staffMigrations: Record<string, Migration> = {
  '0040_staff': {
    async up(db: Kysely<unknown>) {
      // People who work the tills: not back-office accounts (no password, a PIN checked offline).
      await db.schema
        .createTable('staff')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        // JSON of protocol `PinHash`; null until a PIN is set.
        .addColumn('pin', 'text')
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('staff_branches')
        .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id'))
        .addColumn('branch_id', 'text', (c) => c.notNull().references('branches.id'))
        .addPrimaryKeyConstraint('staff_branches_pk', ['staff_id', 'branch_id'])
        .execute();
      await db.schema
        .createIndex('staff_branches_branch')
        .on('staff_branches')
        .columns(['branch_id', 'staff_id'])
        .execute();
    },
  },
  '0041_sale_staff_and_device_counter': {
    async up(db: Kysely<unknown>) {
      // Who made the sale and who approved what the cashier could not do alone (issue 13).
      await db.schema.alterTable('sales').addColumn('staff_id', 'text').execute();
      await db.schema.alterTable('sales').addColumn('approved_by', 'text').execute();
      // The highest receipt counter received from each device, handed back at pairing so a
      // re-paired till (its database deleted at sign-out) never repeats a number (S10).
      await db.schema
        .alterTable('devices')
        .addColumn('invoice_counter', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await backfillInvoiceCounters(db);
    },
  },
  '0042_audit_till_events': {
    async up(db: Kysely<unknown>) {
      // Till events (issue 13 item 7): which device, which staff member, who approved.
      await db.schema.alterTable('audit_log').addColumn('device_id', 'text').execute();
      await db.schema.alterTable('audit_log').addColumn('staff_id', 'text').execute();
      await db.schema.alterTable('audit_log').addColumn('approved_by', 'text').execute();
      await db.schema.createIndex('audit_log_staff').on('audit_log').columns(['staff_id', 'id']).execute();
      await db.schema.createIndex('audit_log_device').on('audit_log').columns(['device_id', 'id']).execute();
    },
  },
};

/** Each device's highest counter among its stored sales, read in keyset pages so memory stays bounded. */
async function backfillInvoiceCounters(db: Kysely<unknown>): Promise<void> {
  const codes = new Map<string, string>();
  const devices = await sql<{ id: string; code: string }>`select id, code from devices`.execute(db);
  for (const d of devices.rows) codes.set(d.id, d.code);
  const best = new Map<string, number>();
  let after = '';
  for (;;) {
    const page = await sql<{ id: string; device_id: string; invoice_number: string }>`
      select id, device_id, invoice_number from sales where id > ${after} order by id limit 5000`.execute(db);
    for (const r of page.rows) {
      const inv = parseInvoiceNumber(r.invoice_number);
      // A number that does not carry the device's own code is not its counter (flagged at receipt).
      if (inv === null || inv.deviceCode !== codes.get(r.device_id)) continue;
      best.set(r.device_id, Math.max(best.get(r.device_id) ?? 0, inv.counter));
    }
    const last = page.rows[page.rows.length - 1];
    if (last === undefined) break;
    after = last.id;
  }
  for (const [id, counter] of best)
    await sql`update devices set invoice_counter = ${counter} where id = ${id}`.execute(db);
}

import { catalogChecksumItem, fnv1a32, stockChecksumItem } from '@kasir/protocol';
import type { Database } from './schema.ts';
import {
  Migrator,
  sql,
  type Kysely,
  type Migration,
  type MigrationProvider,
  type MigrationResultSet,
  SqliteAdapter,
} from 'kysely';
import { backfillBusinessTime, rebuildSalesSummary } from './summary-rebuild.ts';
import { paymentMigrations } from './migrations-payments.ts';
import { monthsMigrations } from './migrations-months.ts';
import { stockMigrations } from './migrations-stock.ts';
import { moneyMigrations } from './migrations-money.ts';
import { tillSettingsMigrations } from './migrations-till-settings.ts';
import { staffMigrations } from './migrations-staff.ts';
import { retentionMigrations } from './migrations-retention.ts';
import { imageMigrations } from './migrations-images.ts';
import { imageRetentionMigrations } from './migrations-image-retention.ts';
import { catalogCaseMigrations } from './migrations-catalog-case.ts';
import { deviceHealthMigrations } from './migrations-device-health.ts';

/**
 * Schema migrations, in code so they ship with the server and run on start-up. Each is written
 * once with Kysely's schema builder and runs on both SQLite and PostgreSQL; never edit a migration
 * that has shipped, add the next one.
 */
const migrations: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('branches')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('devices')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('branch_id', 'text', (c) => c.notNull().references('branches.id'))
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('last_seen_at', 'text')
        .addColumn('disconnected_at', 'text')
        .addUniqueConstraint('devices_branch_code', ['branch_id', 'code'])
        .execute();

      await db.schema
        .createTable('products')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('sku', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('price', 'bigint', (c) => c.notNull())
        .addColumn('barcodes', 'text', (c) => c.notNull())
        .addColumn('category', 'text')
        .addColumn('tax_rate_bp', 'integer', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('deleted', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('products_updated_at').on('products').column('updated_at').execute();

      await db.schema
        .createTable('stock')
        .addColumn('branch_id', 'text', (c) => c.notNull().references('branches.id'))
        .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
        .addColumn('on_hand', 'bigint', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('stock_pk', ['branch_id', 'product_id'])
        .execute();

      await db.schema
        .createTable('stock_movements')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('branch_id', 'text', (c) => c.notNull())
        .addColumn('product_id', 'text', (c) => c.notNull())
        .addColumn('delta', 'bigint', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('ref_id', 'text')
        .addColumn('on_hand_after', 'bigint', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('stock_movements_branch_product')
        .on('stock_movements')
        .columns(['branch_id', 'product_id'])
        .execute();

      await db.schema
        .createTable('sales')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('branch_id', 'text', (c) => c.notNull().references('branches.id'))
        .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
        .addColumn('invoice_number', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('total', 'bigint', (c) => c.notNull())
        .addColumn('tax', 'bigint', (c) => c.notNull())
        .addColumn('flags', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('sales_branch_invoice')
        .on('sales')
        .columns(['branch_id', 'invoice_number'])
        .execute();

      await db.schema
        .createTable('sale_lines')
        .addColumn('sale_id', 'text', (c) => c.notNull().references('sales.id'))
        .addColumn('line_no', 'integer', (c) => c.notNull())
        .addColumn('product_id', 'text', (c) => c.notNull())
        .addColumn('quantity', 'integer', (c) => c.notNull())
        .addColumn('unit_price', 'bigint', (c) => c.notNull())
        .addColumn('discount', 'bigint', (c) => c.notNull())
        .addColumn('cart_discount_share', 'bigint', (c) => c.notNull())
        .addColumn('tax_rate_bp', 'integer', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('sale_lines_pk', ['sale_id', 'line_no'])
        .execute();

      await db.schema
        .createTable('sale_payments')
        .addColumn('sale_id', 'text', (c) => c.notNull().references('sales.id'))
        .addColumn('line_no', 'integer', (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('reference', 'text')
        .addPrimaryKeyConstraint('sale_payments_pk', ['sale_id', 'line_no'])
        .execute();

      await db.schema
        .createTable('mutations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('payload_hash', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('http_status', 'integer', (c) => c.notNull())
        .addColumn('response', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('counters')
        .addColumn('scope', 'text', (c) => c.primaryKey())
        .addColumn('value', 'bigint', (c) => c.notNull())
        .execute();
      await sql`insert into counters (scope, value) values ('catalog', 0)`.execute(db);

      await db.schema
        .createTable('changes')
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('changes_pk', ['scope', 'seq'])
        .addUniqueConstraint('changes_entity', ['scope', 'kind', 'entity_id'])
        .execute();

      await db.schema
        .createTable('conflicts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('mutation_id', 'text', (c) => c.notNull())
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('branch_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        .addColumn('base_version', 'integer', (c) => c.notNull())
        .addColumn('server_version', 'integer', (c) => c.notNull())
        .addColumn('mine', 'text', (c) => c.notNull())
        .addColumn('server', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('resolved_at', 'text')
        .execute();
    },
  },
  '0002_pairing_codes': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('pairing_codes')
        .addColumn('code_hash', 'text', (c) => c.primaryKey())
        .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .execute();
    },
  },
  '0003_sale_cashier_and_note': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('sales').addColumn('cashier_name', 'text').execute();
      await db.schema.alterTable('sales').addColumn('note', 'text').execute();
    },
  },
  '0004_rate_limits': {
    async up(db: Kysely<unknown>) {
      // Fixed-window counters (e.g. pairing attempts per client address), shared by every process.
      await db.schema
        .createTable('rate_limits')
        .addColumn('bucket', 'text', (c) => c.primaryKey())
        .addColumn('window_start', 'text', (c) => c.notNull())
        .addColumn('hits', 'integer', (c) => c.notNull())
        .execute();
    },
  },
  '0005_stock_movement_version': {
    async up(db: Kysely<unknown>) {
      // The stock version each movement led to, so a stale count can tell its own device's moves
      // from anyone else's (S8). Older rows stay null: unknown, which a count treats as foreign.
      await db.schema.alterTable('stock_movements').addColumn('version', 'integer').execute();
      // A count reads the rows of one product between two versions; this index covers that and
      // every lookup the old (branch, product) one served.
      await db.schema
        .createIndex('stock_movements_branch_product_version')
        .on('stock_movements')
        .columns(['branch_id', 'product_id', 'version'])
        .execute();
      await db.schema.dropIndex('stock_movements_branch_product').execute();
    },
  },
  '0006_mutation_outcome_without_http_status': {
    async up(db: Kysely<unknown>) {
      // A stored outcome is a value (feed/outcome.ts); HTTP statuses are made at the route edge.
      // The column only ever held 201 (a sale) or 200, and every replay answered 200, so dropping
      // it changes no replay (feed/old-outcomes.contract.ts replays rows written before this).
      await db.schema.alterTable('mutations').dropColumn('http_status').execute();
    },
  },
  // Back office (issue 11).
  '0010_accounts': {
    async up(db: Kysely<unknown>) {
      // Roles are rows so later roles (cashier staff) are a new row plus rights in code, not a schema change.
      await db.schema
        .createTable('roles')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('description', 'text', (c) => c.notNull())
        .execute();
      await sql`insert into roles (name, description) values
        ('owner', 'everything, manages accounts'),
        ('manager', 'the branches assigned to them')`.execute(db);
      await db.schema
        .createTable('accounts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull().references('roles.name'))
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('catalog_write', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('disabled_at', 'text')
        .addColumn('last_login_at', 'text')
        .execute();
      // Once-only facts of the installation ('owner_created'): a unique key makes setup race-free.
      await db.schema
        .createTable('install_facts')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('account_branches')
        .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
        .addColumn('branch_id', 'text', (c) => c.notNull().references('branches.id'))
        .addPrimaryKeyConstraint('account_branches_pk', ['account_id', 'branch_id'])
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('address', 'text')
        .execute();
      await db.schema.createIndex('sessions_account').on('sessions').column('account_id').execute();
      await db.schema
        .createTable('audit_log')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_kind', 'text', (c) => c.notNull())
        .addColumn('account_id', 'text')
        .addColumn('username', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('entity_type', 'text')
        .addColumn('entity_id', 'text')
        .addColumn('branch_id', 'text')
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('details', 'text')
        .addColumn('ip', 'text')
        .execute();
      // Ids are UUIDv7 (time-ordered): newest first is id descending.
      await db.schema
        .createIndex('audit_log_account')
        .on('audit_log')
        .columns(['account_id', 'id'])
        .execute();
      await db.schema.createIndex('audit_log_branch').on('audit_log').columns(['branch_id', 'id']).execute();
    },
  },
  '0011_branch_settings': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('branches')
        .addColumn('timezone', 'text', (c) => c.notNull().defaultTo('Asia/Jakarta'))
        .execute();
      await db.schema.alterTable('branches').addColumn('address', 'text').execute();
      await db.schema.alterTable('branches').addColumn('npwp', 'text').execute();
      await db.schema.alterTable('branches').addColumn('receipt_header', 'text').execute();
      await db.schema.alterTable('branches').addColumn('receipt_footer', 'text').execute();
      // JSON: one list of [open, close] "HH:MM" pairs per weekday, Monday first; null = not set.
      await db.schema.alterTable('branches').addColumn('opening_hours', 'text').execute();
    },
  },
  '0012_sales_summary': {
    async up(db: Kysely<unknown>) {
      // The sale's business time (device time, never later than its receipt) and its day and hour
      // in the branch's time zone, fixed when the sale is recorded.
      await db.schema.alterTable('sales').addColumn('sold_at', 'text').execute();
      await db.schema.alterTable('sales').addColumn('business_day', 'text').execute();
      await db.schema.alterTable('sales').addColumn('business_hour', 'integer').execute();
      await backfillBusinessTime(db);
      await db.schema
        .createIndex('sales_branch_sold')
        .on('sales')
        .columns(['branch_id', 'sold_at', 'id'])
        .execute();
      await db.schema.createIndex('sales_sold').on('sales').columns(['sold_at', 'id']).execute();
      await db.schema
        .createTable('sales_summary')
        .addColumn('branch_id', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('dim', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('sales', 'bigint', (c) => c.notNull())
        .addColumn('quantity', 'bigint', (c) => c.notNull())
        .addColumn('gross', 'bigint', (c) => c.notNull())
        .addColumn('discount', 'bigint', (c) => c.notNull())
        .addColumn('tax', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('sales_summary_pk', ['branch_id', 'day', 'dim', 'key'])
        .execute();
      // Reports across all branches read one dimension over a range of days.
      await db.schema
        .createIndex('sales_summary_day')
        .on('sales_summary')
        .columns(['dim', 'day', 'branch_id'])
        .execute();
      await rebuildSalesSummary(db);
    },
  },
  '0013_device_monitoring': {
    async up(db: Kysely<unknown>) {
      // What each device last reported about itself (issue 11: the device reports its own health).
      await db.schema
        .createTable('device_health')
        .addColumn('device_id', 'text', (c) => c.primaryKey().references('devices.id'))
        .addColumn('reported_at', 'text', (c) => c.notNull())
        .addColumn('app_version', 'text')
        .addColumn('protocol_version', 'integer')
        .addColumn('last_sync_at', 'text')
        .addColumn('unsynced_sales', 'integer', (c) => c.notNull())
        .addColumn('oldest_unsynced_at', 'text')
        .execute();
      // Mutations per device and business day: what the server saw and what the device reported.
      await db.schema
        .createTable('device_days')
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('accepted', 'bigint', (c) => c.notNull())
        .addColumn('rejected', 'bigint', (c) => c.notNull())
        .addColumn('retried', 'bigint', (c) => c.notNull())
        .addColumn('reported_rejected', 'bigint', (c) => c.notNull())
        .addColumn('reported_retried', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('device_days_pk', ['device_id', 'day'])
        .execute();
      await db.schema.createIndex('device_days_day').on('device_days').column('day').execute();
      // Commands for a till (sync now, re-download), kept until it connects: newest per type.
      await db.schema
        .createTable('device_commands')
        .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('issued_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('device_commands_pk', ['device_id', 'type'])
        .execute();
      // Alerts as they open and close; the unique key makes one process notify the webhook.
      await db.schema
        .createTable('alerts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('key', 'text', (c) => c.notNull().unique())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('branch_id', 'text', (c) => c.notNull())
        .addColumn('device_id', 'text')
        .addColumn('product_id', 'text')
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('details', 'text', (c) => c.notNull())
        .addColumn('since', 'text', (c) => c.notNull())
        .addColumn('closed_at', 'text')
        .addColumn('notified_at', 'text')
        .execute();
      await db.schema.createIndex('alerts_open').on('alerts').columns(['closed_at', 'branch_id']).execute();
      await db.schema
        .createIndex('conflicts_open')
        .on('conflicts')
        .columns(['resolved_at', 'branch_id'])
        .execute();
      await db.schema.createIndex('stock_on_hand').on('stock').column('on_hand').execute();
    },
  },
  '0014_admin_product_indexes': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('products').addColumn('unit', 'text').execute();
      // Keyset pages of the catalog in name order, whole or by category.
      await db.schema.createIndex('products_name').on('products').columns(['name', 'id']).execute();
      await db.schema
        .createIndex('products_category_name')
        .on('products')
        .columns(['category', 'name', 'id'])
        .execute();
    },
  },
  '0015_product_search': {
    async up(db: Kysely<unknown>) {
      // Back-office search (name, SKU, barcode anywhere in them) through a trigram index, so a term
      // that matches few of 100,000 products does not read them all. The index follows the table by
      // itself: triggers on SQLite, an expression index on PostgreSQL.
      if (db.getExecutor().adapter instanceof SqliteAdapter) {
        await sql`create virtual table products_search using fts5(body, tokenize = 'trigram')`.execute(db);
        await sql`insert into products_search (rowid, body)
          select rowid, name || ' ' || sku || ' ' || barcodes from products`.execute(db);
        await sql`create trigger products_search_insert after insert on products begin
          insert into products_search (rowid, body) values (new.rowid, new.name || ' ' || new.sku || ' ' || new.barcodes);
        end`.execute(db);
        await sql`create trigger products_search_update after update of name, sku, barcodes on products begin
          update products_search set body = new.name || ' ' || new.sku || ' ' || new.barcodes where rowid = new.rowid;
        end`.execute(db);
        await sql`create trigger products_search_delete after delete on products begin
          delete from products_search where rowid = old.rowid;
        end`.execute(db);
        return;
      }
      // The searched text kept by PostgreSQL itself, lower-cased once: matching it is a third of the
      // cost of matching the expression (measured on 100,000 products, B8).
      await sql`alter table products add column search_text text
        generated always as (lower(name || ' ' || sku || ' ' || barcodes)) stored`.execute(db);
      // pg_trgm ships with PostgreSQL but creating it needs a privilege a hosted database may not
      // give: without it the search still works, by a scan.
      // The extension is one per database: kept in `public`, not in this installation's schema (a
      // schema dropped with its tables must not take other schemas' indexes with it).
      await sql`savepoint trgm`.execute(db);
      try {
        await sql`create extension if not exists pg_trgm with schema public`.execute(db);
        await sql`release savepoint trgm`.execute(db);
      } catch {
        await sql`rollback to savepoint trgm`.execute(db);
        return;
      }
      const { rows } = await sql<{ schema: string }>`select n.nspname as schema from pg_extension e
        join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`.execute(db);
      const schema = rows[0]?.schema ?? 'public';
      await sql`create index products_search on products
        using gin (search_text ${sql.id(schema, 'gin_trgm_ops')})`.execute(db);
    },
  },
  '0020_device_permissions': {
    async up(db: Kysely<unknown>) {
      // Permissions beyond selling (protocol admin/admin.ts), a JSON array; existing devices get
      // none: no till screen edits the catalog (issue 17).
      await db.schema
        .alterTable('devices')
        .addColumn('permissions', 'text', (c) => c.notNull().defaultTo('[]'))
        .execute();
      // Why an edit was kept instead of applied: 'stale' (S8) or 'needs_approval'; null is stale.
      await db.schema.alterTable('conflicts').addColumn('reason', 'text').execute();
    },
  },
  '0021_product_barcodes': {
    async up(db: Kysely<unknown>) {
      // One row per barcode of a live product: the primary key makes barcodes unique in the
      // catalog on both engines (catalog/barcodes.ts).
      await db.schema
        .createTable('product_barcodes')
        .addColumn('barcode', 'text', (c) => c.primaryKey())
        .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
        .execute();
      await db.schema
        .createIndex('product_barcodes_product')
        .on('product_barcodes')
        .column('product_id')
        .execute();
      // Existing duplicates: the oldest product keeps the barcode here; the others keep it in their
      // own list (devices see no change) until their next edit, which is refused with
      // `barcode_taken` naming the holder until someone settles which product it belongs to.
      const { rows } = await sql<{ id: string; barcodes: string }>`
        select id, barcodes from products where deleted = 0 order by created_at, id`.execute(db);
      const holder = new Map<string, string>();
      for (const r of rows) {
        for (const b of JSON.parse(r.barcodes) as string[]) if (!holder.has(b)) holder.set(b, r.id);
      }
      const entries = [...holder];
      for (let i = 0; i < entries.length; i += 500) {
        const values = entries
          .slice(i, i + 500)
          .map(([barcode, productId]) => sql`(${barcode}, ${productId})`);
        await sql`insert into product_barcodes (barcode, product_id) values ${sql.join(values)}`.execute(db);
      }
    },
  },
  '0022_checksums': {
    async up(db: Kysely<unknown>) {
      // A running count and order-independent checksum of each scope's set (S12, protocol
      // sync/checksum.ts), kept in the scope's counter row by every write to the set, so
      // `GET /api/sync/state` reads one row instead of every product (issue 17): the catalog's
      // products not deleted, and each branch's stock rows.
      await db.schema
        .alterTable('counters')
        .addColumn('item_count', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable('counters')
        .addColumn('item_sum', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();
      // Placeholder stock rows (version 0, nothing on hand) that stock counts used to make: no
      // movement ever touched them and devices never heard of them; a count no longer makes them.
      await sql`delete from stock where version = 0`.execute(db);
      const sums = new Map<string, { count: number; sum: number }>();
      const add = (scope: string, item: string) => {
        const s = sums.get(scope) ?? { count: 0, sum: 0 };
        s.count++;
        s.sum = (s.sum + fnv1a32(item)) % 0x1_0000_0000;
        sums.set(scope, s);
      };
      const products = await sql<{ id: string; version: number }>`
        select id, version from products where deleted = 0`.execute(db);
      for (const p of products.rows)
        add('catalog', catalogChecksumItem({ id: p.id, version: Number(p.version) }));
      // Aliases without underscores: the server's Kysely renames result columns to camelCase.
      const stock = await sql<{ branch: string; product: string; qty: number }>`
        select branch_id as branch, product_id as product, on_hand as qty from stock`.execute(db);
      for (const s of stock.rows) {
        add(`branch:${s.branch}`, stockChecksumItem({ productId: s.product, onHand: Number(s.qty) }));
      }
      for (const [scope, s] of sums) {
        await sql`update counters set item_count = ${s.count}, item_sum = ${s.sum} where scope = ${scope}`.execute(
          db,
        );
      }
    },
  },
  '0023_product_search_order': {
    async up(db: Kysely<unknown>) {
      // The catalog's name order holding the searched text too, so a back-office search reads the
      // next products in name order from the index alone (catalog/admin-product-query.ts). It
      // replaces products_name: every list of the catalog keeps live products only.
      await db.schema.dropIndex('products_name').execute();
      if (db.getExecutor().adapter instanceof SqliteAdapter) {
        await sql`create index products_name_search on products (name, id, sku, barcodes) where deleted = 0`.execute(
          db,
        );
        return;
      }
      await sql`create index products_name_search on products (name, id) include (search_text) where deleted = 0`.execute(
        db,
      );
    },
  },
  ...paymentMigrations,
  ...monthsMigrations,
  ...stockMigrations,
  ...moneyMigrations,
  ...tillSettingsMigrations,
  ...staffMigrations,
  ...retentionMigrations,
  ...imageMigrations,
  ...imageRetentionMigrations,
  ...catalogCaseMigrations,
  ...deviceHealthMigrations,
};

const provider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};

/**
 * Brings the schema up to date; throws (and the server does not start) if a migration fails.
 * On PostgreSQL the migration bookkeeping tables live in the current schema: Kysely otherwise looks
 * for them in any schema, and another Kasir schema in the same database would fool it.
 */
export async function migrateToLatest(db: Kysely<Database>, engine: 'sqlite' | 'postgres'): Promise<void> {
  await migrate(db, engine, (m) => m.migrateToLatest());
}

/** Brings the schema up to the named migration and no further: for tests of upgrades over old rows. */
export async function migrateUpTo(
  db: Kysely<Database>,
  engine: 'sqlite' | 'postgres',
  name: string,
): Promise<void> {
  await migrate(db, engine, (m) => m.migrateTo(name));
}

async function migrate(
  db: Kysely<Database>,
  engine: 'sqlite' | 'postgres',
  run: (m: Migrator) => Promise<MigrationResultSet>,
): Promise<void> {
  let migrationTableSchema: string | undefined;
  if (engine === 'postgres') {
    const { rows } = await sql<{ s: string }>`select current_schema() as s`.execute(db);
    migrationTableSchema = rows[0]?.s;
  }
  const migrator = new Migrator({
    db,
    provider,
    ...(migrationTableSchema === undefined ? {} : { migrationTableSchema }),
  });
  const { error } = await run(migrator);
  if (error !== undefined)
    throw error instanceof Error ? error : new Error('migration failed', { cause: error });
}

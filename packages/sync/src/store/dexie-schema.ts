import { Dexie, type DexieOptions, type Table } from 'dexie';
import {
  parseInvoiceNumber,
  type ConflictRecord,
  type Customer,
  type Product,
  type Refund,
  type SaleSummary,
  type StaffRecord,
  type StockLevel,
  type Stocktake,
  type Transfer,
  type TillBranchSettings,
} from '@kasir/protocol';
import type { LocalSale, OutboxEntry, SyncMeta } from './records.ts';
import type { SyncLogEntry } from './sync-log-record.ts';
import { upgradeToJournal, type JournalRow, type JournalStateRow } from './sale-journal.ts';

/** One full-sync page of the catalog or stock, as objects: the form every version reads. */
export interface PageRow<T> {
  readonly generation: number;
  readonly pageNo: number;
  readonly items: readonly T[];
}
/**
 * The same page as JSON text, which this version reads instead: a till's start reads every page,
 * and IndexedDB hands a string back in one copy where it rebuilds an array of objects one by one.
 * 20,000 products in Chromium: the pages read and parsed in 23-28 ms against 38-80 ms as objects
 * (seven reads each, 2026-12-07). The object form is still written beside it, so that the previous
 * version, after a rollback, reads the catalog; a later release may stop writing it.
 */
export interface TextPageRow {
  readonly generation: number;
  readonly pageNo: number;
  readonly json: string;
  /**
   * The full sync that wrote it (its checkpoint's `startedAt`): a run resumed after a rollback may
   * follow pages the previous version wrote, whose text from an earlier run is stale (catalog-text.ts).
   */
  readonly run: string;
}
/** The generation whose text this version has made whole (catalog-text.ts): no row, none. */
export interface TextStateRow {
  readonly key: 'generation';
  readonly value: number;
}
export interface MetaRow {
  readonly key: 'sync';
  /** The receipt counter lives in `counters`, away from sync writes. */
  readonly value: Omit<SyncMeta, 'invoiceCounter'>;
}
export interface CounterRow {
  readonly key: 'invoice';
  readonly value: number;
}
/**
 * A claim on one step of the receipt counter: every write that moves the counter on from `after`
 * adds this row in the same transaction. Its key exists at most once, so a tab whose remembered
 * counter is stale finds its claim taken and its sale's transaction aborted by IndexedDB itself,
 * without reading the counter first (sale-commit.ts).
 */
export interface CounterStepRow {
  readonly key: readonly ['invoice-after', number];
  readonly value: number;
}
export type CounterKey = string | readonly ['invoice-after', number];
export interface LeaseRow {
  readonly key: 'sync';
  readonly owner: string;
  readonly expiresAt: number;
}
/** The branch's shop-wide settings (one row): the newest `branch_settings` change pulled. */
export interface BranchSettingsRow {
  readonly key: 'current';
  readonly value: TillBranchSettings;
}
export type OutboxRow = Omit<OutboxEntry, 'seq'> & { seq?: number };
/**
 * A local sale as stored, with its receipt counter: the order in which this device made its sales.
 * Lists go by the counter, not by the UUIDv7 id, whose time is the device clock (S4): a clock set
 * back would sort the newest sales below older ones.
 */
export type SaleRow = LocalSale & { readonly counter: number };

/** The receipt counter of a sale stored without one, from its receipt number (S10). */
export function counterFromInvoice(invoiceNumber: string): number {
  return parseInvoiceNumber(invoiceNumber)?.counter ?? 0;
}

/**
 * The IndexedDB schema. Catalog and stock are page records (one per full-sync page) plus a
 * per-product overlay: 20k one-row-per-product writes measured 2.8-3.4 s, pages tens of ms
 * (docs/architecture.md, "Device storage"). Sales and the outbox are ordinary rows. The receipt counter has its own table so
 * a sale's transaction never shares an object store with a sync write and never waits behind one.
 */
export class KasirDb extends Dexie {
  declare meta: Table<MetaRow, string>;
  declare counters: Table<CounterRow | CounterStepRow, CounterKey>;
  declare leases: Table<LeaseRow, string>;
  declare productPages: Table<PageRow<Product>, [number, number]>;
  declare stockPages: Table<PageRow<StockLevel>, [number, number]>;
  declare productText: Table<TextPageRow, [number, number]>;
  declare stockText: Table<TextPageRow, [number, number]>;
  declare textState: Table<TextStateRow, string>;
  declare productOverlay: Table<Product, string>;
  declare stockOverlay: Table<StockLevel, string>;
  declare sales: Table<SaleRow, string>;
  declare branchSales: Table<SaleSummary, string>;
  declare outbox: Table<OutboxEntry, number, OutboxRow>;
  declare conflicts: Table<ConflictRecord, string>;
  declare journal: Table<JournalRow, number, Omit<JournalRow, 'seq'>>;
  declare journalState: Table<JournalStateRow, number>;
  declare syncLog: Table<SyncLogEntry, number, Omit<SyncLogEntry, 'seq'>>;
  declare stocktakes: Table<Stocktake, string>;
  declare branchRefunds: Table<Refund, string>;
  declare customers: Table<Customer, string>;
  declare branchSettings: Table<BranchSettingsRow, string>;
  declare staff: Table<StaffRecord, string>;
  declare transfers: Table<Transfer, string>;

  constructor(name: string, options: DexieOptions) {
    super(name, options);
    this.version(1).stores({
      meta: 'key',
      counters: 'key',
      leases: 'key',
      productPages: '[generation+pageNo]',
      stockPages: '[generation+pageNo]',
      productOverlay: 'id',
      stockOverlay: 'productId',
      sales: 'id',
      branchSales: 'id, receivedAt',
      outbox: '++seq, &id, state.kind',
      conflicts: 'id',
    });
    // Sales made before version 2 get their counter from their receipt number (S10).
    this.version(2)
      .stores({ sales: 'id, counter' })
      .upgrade((tx) =>
        tx
          .table<{ invoiceNumber: string; counter?: number }, string>('sales')
          .toCollection()
          .modify((s) => {
            s.counter = counterFromInvoice(s.invoiceNumber);
          }),
      );
    // Version 10 (issue 16): sales and mutations go to an append-only journal that only the record
    // path writes; sync keeps its state in `journalState`, so a sale never waits behind sync.
    this.version(10)
      .stores({
        journal: '++seq, &id, counter, sale.createdAt',
        journalState: 'seq, view',
        syncLog: '++seq',
      })
      .upgrade(upgradeToJournal);
    // The branch's stocktakes from the feed (issue 12): the till counts for the open one offline.
    this.version(11).stores({ stocktakes: 'id' });
    // Issue 13: refunds of the branch's sales (what is left to refund, per sale) and customers
    // (searched in memory, as products are), both from the feed; customers also made here.
    this.version(15).stores({ branchRefunds: 'id, saleId', customers: 'id, phone' });
    // Issue 15: shop-wide settings from the branch's feed (only version 13 is this issue's).
    this.version(13).stores({ branchSettings: 'key' });
    // Issue 13: the branch's staff (active ones only), for PIN sign-in offline.
    this.version(12).stores({ staff: 'id' });
    // Issue 12: transfers from or to the branch, so a destination till receives one offline.
    this.version(16).stores({ transfers: 'id' });
    // Issue 16: the counter's step claims (CounterStepRow) live in `counters`, no schema change. The
    // version closes connections of older app code, which would move the counter without a claim.
    this.version(20).stores({});
    // The catalog's pages as JSON text too (TextPageRow): what a start reads. A till upgraded in
    // place gets the text of the pages it holds when the store opens (catalog-text.ts).
    this.version(21).stores({
      productText: '[generation+pageNo]',
      stockText: '[generation+pageNo]',
      textState: 'key',
    });
  }
}

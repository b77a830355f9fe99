import type {
  ConflictRecord,
  Cursor,
  Customer,
  Mutation,
  Refund,
  SaleSummary,
  StaffRecord,
  Stocktake,
  Transfer,
  TillBranchSettings,
} from '@kasir/protocol';
import type {
  CatalogSnapshot,
  ChangeSet,
  DeviceIdentity,
  FullSyncCheckpoint,
  LocalSale,
  OutboxCounts,
  OutboxEntry,
  OutboxOutcome,
  OutboxStateKind,
  SyncMeta,
} from './records.ts';
import type { SyncLogEntry } from './sync-log-record.ts';
import type { JournalCopy } from './journal-mirror.ts';

/** A sale and its mutation, built inside the commit once the receipt counter is known. */
export interface SaleCommit {
  readonly sale: LocalSale;
  readonly mutation: Mutation;
}

/** One page of a full sync, written with its checkpoint in one transaction. */
export interface FullSyncPage {
  readonly generation: number;
  readonly pageNo: number;
  readonly changes: ChangeSet;
}

/**
 * The device's local database (port). Two adapters: memory (unit tests) and Dexie over IndexedDB
 * (browser, and Node over fake-indexeddb); `deviceStoreContract` runs against both.
 *
 * Durability: sale and outbox writes are the only copy until they sync, so adapters commit them
 * with strict durability. Catalog data arrives as page records plus a small per-product overlay so
 * that no sync write is a large transaction a sale would wait behind (docs/architecture.md, "Device storage").
 */
export interface DeviceStore {
  readMeta(): Promise<SyncMeta>;
  /**
   * The sync state without the receipt counter. Sync reads it several times a cycle; it touches no
   * object store a sale writes, so those reads never hold up a sale's commit (a read-write
   * transaction waits for every earlier one on its stores).
   */
  readSyncMeta(): Promise<Omit<SyncMeta, 'invoiceCounter'>>;
  setIdentity(identity: DeviceIdentity): Promise<void>;
  setLastSyncedAt(at: string): Promise<void>;

  /** Pages of the current generation merged with the overlay; deleted products left out. */
  readCatalog(): Promise<CatalogSnapshot>;
  /** The branch's shop-wide settings as last pulled; null before the first `branch_settings` change. */
  readBranchSettings(): Promise<TillBranchSettings | null>;
  /** Rows in the product and stock overlays; the engine folds them into pages past a limit. */
  overlaySize(): Promise<number>;
  /** Applies incremental changes and moves the cursor, atomically. */
  applyChanges(changes: ChangeSet, cursor: Cursor): Promise<void>;

  beginFullSync(checkpoint: FullSyncCheckpoint): Promise<void>;
  writeFullSyncPage(page: FullSyncPage, next: FullSyncCheckpoint): Promise<void>;
  /** Makes `generation` current, drops older pages and the overlay, sets the cursor. */
  finishFullSync(generation: number, cursor: Cursor): Promise<void>;
  /** The branch's stocktakes as the feed brought them (issue 12). */
  listStocktakes(): Promise<Stocktake[]>;
  /** Transfers from or to the branch as the feed brought them (issue 12). */
  listTransfers(): Promise<Transfer[]>;
  /** Forgets catalog, stock, cursor and checkpoint; keeps outbox, sales, conflicts and identity. */
  resetSyncState(): Promise<void>;

  /**
   * Commits a sale and its outbox entry (strict durability), taking the next receipt counter in the
   * same transaction so a number is never handed out twice, even after a crash (S10). Rejects a
   * sale whose id this device already holds, and keeps nothing of it: one cart, one sale.
   */
  commitSale(
    build: (counter: number) => SaleCommit,
    createdAt: string,
  ): Promise<{ sale: LocalSale; entry: OutboxEntry }>;
  appendMutation(mutation: Mutation, createdAt: string): Promise<OutboxEntry>;

  /** Entries in drain order, optionally only some states. */
  listOutbox(query?: { kinds?: readonly OutboxStateKind[]; limit?: number }): Promise<OutboxEntry[]>;
  getOutboxEntry(id: string): Promise<OutboxEntry | undefined>;
  outboxCounts(): Promise<OutboxCounts>;
  markInflight(seqs: readonly number[], since: string): Promise<void>;
  /** Inflight entries left by a crash go back to pending; returns how many. */
  recoverInflight(): Promise<number>;
  completePush(outcomes: readonly OutboxOutcome[]): Promise<void>;
  /** Failed entries back to pending: one by mutation id, or all. Returns how many. */
  retryFailed(id?: string): Promise<number>;
  /** A person's decision to drop a failed entry; its sale is marked discarded. */
  discard(id: string, at: string): Promise<boolean>;
  /** Deletes synced entries up to `seq` (their effect is in the pulled state now). */
  pruneSynced(uptoSeq: number): Promise<number>;
  /**
   * The highest seq among the synced entries not yet pruned, 0 if none: what the next pull may let
   * `pruneSynced` take. One index lookup, not a list of every synced entry (a drain of 10,000 sales
   * leaves 10,000 of them until its pull).
   */
  lastSyncedSeq(): Promise<number>;

  listSales(query?: { limit?: number }): Promise<LocalSale[]>;
  getSale(id: string): Promise<LocalSale | undefined>;
  listBranchSales(query?: { limit?: number }): Promise<SaleSummary[]>;
  /** Refunds of one sale of the branch the feed brought (any till's, this one's once synced). */
  listBranchRefunds(saleId: string): Promise<Refund[]>;
  /** Every customer the device holds: from the feed, and made here (putLocalCustomer). */
  listCustomers(): Promise<Customer[]>;
  /** A customer made on this device, searchable before it syncs (its mutation is in the outbox). */
  putLocalCustomer(customer: Customer): Promise<void>;
  /** One customer by the id a sale names (for its receipt); undefined when the device has none. */
  getCustomer(id: string): Promise<Customer | undefined>;

  /** This device's own sales whose device time is in [from, to) (ISO instants), for the sale audit. */
  listSalesCreatedBetween(from: string, to: string): Promise<LocalSale[]>;
  /**
   * Puts sales the server turned out not to hold back into the outbox as pending (the sale audit,
   * after a server was restored from an old backup). Returns how many it found.
   */
  requeueSales(ids: readonly string[]): Promise<number>;

  /** Marks sales the audit found on the server with the same total: only those may be pruned. */
  markAudited(ids: readonly string[]): Promise<void>;
  /**
   * Keeps local data small (issue 16): drops this device's own sales made before `ownBefore` that
   * are synced and audited, and other devices' sales received before `branchBefore`. Returns how
   * many of each it dropped.
   */
  pruneHistory(before: { ownBefore: string; branchBefore: string }): Promise<{ own: number; branch: number }>;
  /** Row counts for the storage line in settings. */
  storageCounts(): Promise<{ ownSales: number; branchSales: number; logEntries: number }>;

  /** Appends to the sync activity log, which keeps the last SYNC_LOG_LIMIT events. */
  appendLog(entry: Omit<SyncLogEntry, 'seq'>): Promise<void>;
  /** The log, newest first. */
  readLog(query?: { limit?: number }): Promise<SyncLogEntry[]>;
  /** The branch's active staff as the feed delivered them (issue 13), for PIN sign-in offline. */
  listStaff(): Promise<StaffRecord[]>;
  /**
   * Raises the receipt counter to at least `atLeast` (never lowers it): a re-paired till resumes
   * above the last number the server received from its device code (S10, issue 13 item 6).
   */
  raiseInvoiceCounter(atLeast: number): Promise<void>;

  /**
   * Where the journal stands on entries whose copies are kept outside the store
   * (store/journal-mirror.ts): `missing` it holds no row of; `done` it holds as synced or discarded.
   * Reads ids and states only.
   */
  journalStatus(ids: readonly string[]): Promise<{ missing: readonly string[]; done: readonly string[] }>;
  /**
   * Puts copies back that the journal lacks (the browser deleted the store's database after a
   * crash), pending, above every entry, in the order they were made; raises the receipt counter to
   * `counter` and to every copy's (S10). Returns the ids put back.
   */
  restoreJournal(copies: readonly JournalCopy[], counter: number): Promise<readonly string[]>;

  listConflicts(): Promise<ConflictRecord[]>;
  deleteConflict(id: string): Promise<boolean>;

  /** Lease-based leader election where Web Locks are absent (S11): atomic test-and-set. */
  tryAcquireLease(owner: string, now: number, ttlMs: number): Promise<boolean>;
  releaseLease(owner: string): Promise<void>;

  close(): Promise<void>;
}

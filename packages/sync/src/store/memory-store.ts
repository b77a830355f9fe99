import type {
  ConflictRecord,
  Customer,
  Product,
  Refund,
  SaleSummary,
  StaffRecord,
  StockLevel,
  Stocktake,
  Transfer,
  TillBranchSettings,
} from '@kasir/protocol';
import { ZERO_CURSOR } from '@kasir/protocol';
import type { DeviceStore } from './device-store.ts';
import { mergeCatalog } from './merge-catalog.ts';
import { SYNC_LOG_LIMIT, type SyncLogEntry } from './sync-log-record.ts';
import { newOutboxRow, type ChangeSet, type LocalSale, type OutboxEntry, type SyncMeta } from './records.ts';
import { copyOrder } from './journal-mirror.ts';

interface Lease {
  readonly owner: string;
  readonly expiresAt: number;
}

/**
 * The device store in memory, for unit tests and short-lived tools. Values are cloned on the way in
 * and out, as IndexedDB does, so a test cannot pass by sharing objects with the store by accident.
 * Catalog records (products, stock levels, branch sales) are the exception: tens of thousands of
 * them arrive per full sync, so they are deep-frozen and shared instead of cloned, which gives the
 * same guarantee (nobody can change what the store holds) at a fraction of the cost.
 * Two clients given the same instance behave like two tabs of one device.
 */
export function createMemoryStore(): DeviceStore {
  let meta: SyncMeta = {
    cursor: ZERO_CURSOR,
    identity: null,
    lastSyncedAt: null,
    generation: 0,
    fullSync: null,
    invoiceCounter: 0,
  };
  let lease: Lease | null = null;
  const productPages = new Map<string, Product[]>();
  const stockPages = new Map<string, StockLevel[]>();
  const productOverlay = new Map<string, Product>();
  const stockOverlay = new Map<string, StockLevel>();
  const sales = new Map<string, LocalSale>();
  const branchSales = new Map<string, SaleSummary>();
  const branchRefunds = new Map<string, Refund>();
  const customers = new Map<string, Customer>();
  const outbox = new Map<number, OutboxEntry>();
  const conflicts = new Map<string, ConflictRecord>();
  const staff = new Map<string, StaffRecord>();
  let nextSeq = 1;
  /** Every mutation id the journal holds, pruned or not (what `journalStatus` compares with). */
  const journalIds = new Set<string>();
  const log: SyncLogEntry[] = [];
  /** Sales the audit confirmed on the server. */
  const audited = new Set<string>();
  let nextLogSeq = 1;
  let branchSettings: TillBranchSettings | null = null;

  const clone = <T>(v: T): T => structuredClone(v);
  const pageKey = (generation: number, pageNo: number): string =>
    `${generation}:${String(pageNo).padStart(9, '0')}`;
  const pagesOf = <T>(pages: Map<string, T[]>, generation: number): T[][] =>
    [...pages.entries()]
      .filter(([k]) => k.startsWith(`${generation}:`))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, v]) => v);
  const dropPages = (pages: Map<string, unknown>, keep: (generation: number) => boolean): void => {
    for (const k of [...pages.keys()]) if (!keep(Number(k.split(':')[0]))) pages.delete(k);
  };
  const stocktakes = new Map<string, Stocktake>();
  const transfers = new Map<string, Transfer>();
  const ordered = (): OutboxEntry[] => [...outbox.values()].sort((a, b) => a.seq - b.seq);
  const putChanges = (changes: ChangeSet): void => {
    for (const p of changes.products) productOverlay.set(p.id, deepFreeze(p));
    for (const s of changes.stock) stockOverlay.set(s.productId, deepFreeze(s));
    for (const s of changes.sales) branchSales.set(s.id, deepFreeze(s));
    for (const s of changes.stocktakes ?? []) stocktakes.set(s.id, deepFreeze(s));
    for (const t of changes.transfers ?? []) transfers.set(t.id, deepFreeze(t));
    for (const r of changes.refunds ?? []) branchRefunds.set(r.id, deepFreeze(r));
    for (const c of changes.customers ?? []) customers.set(c.id, deepFreeze(c));
    if (changes.branchSettings !== undefined) branchSettings = clone(changes.branchSettings);
    putStaff(changes);
  };
  // An inactive record means the person left the branch or was disabled: the till forgets them.
  const putStaff = (changes: ChangeSet): void => {
    for (const s of changes.staff ?? []) {
      if (s.active) staff.set(s.id, deepFreeze(s));
      else staff.delete(s.id);
    }
  };
  const byId = (id: string): OutboxEntry | undefined => ordered().find((e) => e.id === id);

  return {
    readMeta: () => Promise.resolve(clone(meta)),
    readSyncMeta: () => {
      const { invoiceCounter: _counter, ...rest } = meta;
      return Promise.resolve(clone(rest));
    },
    listStocktakes: () => Promise.resolve([...stocktakes.values()]),
    listTransfers: () => Promise.resolve([...transfers.values()]),
    setIdentity: (identity) => {
      meta = { ...meta, identity: clone(identity) };
      return Promise.resolve();
    },
    setLastSyncedAt: (at) => {
      meta = { ...meta, lastSyncedAt: at };
      return Promise.resolve();
    },

    readCatalog: () =>
      // Fresh arrays of frozen records: the caller may keep or reorder them without touching ours.
      Promise.resolve(
        mergeCatalog(
          pagesOf(productPages, meta.generation),
          [...productOverlay.values()],
          pagesOf(stockPages, meta.generation),
          [...stockOverlay.values()],
        ),
      ),
    readBranchSettings: () => Promise.resolve(clone(branchSettings)),
    overlaySize: () => Promise.resolve(productOverlay.size + stockOverlay.size),
    applyChanges: (changes, cursor) => {
      putChanges(changes);
      meta = { ...meta, cursor: clone(cursor) };
      return Promise.resolve();
    },

    beginFullSync: (checkpoint) => {
      // Leftovers of an abandoned run would mix into the new one; the current pages stay in use.
      dropPages(productPages, (g) => g === meta.generation);
      dropPages(stockPages, (g) => g === meta.generation);
      meta = { ...meta, fullSync: clone(checkpoint) };
      return Promise.resolve();
    },
    writeFullSyncPage: (page, next) => {
      productPages.set(pageKey(page.generation, page.pageNo), page.changes.products.map(deepFreeze));
      stockPages.set(pageKey(page.generation, page.pageNo), page.changes.stock.map(deepFreeze));
      for (const s of page.changes.sales) branchSales.set(s.id, deepFreeze(s));
      for (const r of page.changes.refunds ?? []) branchRefunds.set(r.id, deepFreeze(r));
      for (const c of page.changes.customers ?? []) customers.set(c.id, deepFreeze(c));
      if (page.changes.branchSettings !== undefined) branchSettings = clone(page.changes.branchSettings);
      putStaff(page.changes);
      meta = { ...meta, fullSync: clone(next) };
      return Promise.resolve();
    },
    finishFullSync: (generation, cursor) => {
      dropPages(productPages, (g) => g === generation);
      dropPages(stockPages, (g) => g === generation);
      productOverlay.clear();
      stockOverlay.clear();
      meta = { ...meta, generation, cursor: clone(cursor), fullSync: null };
      return Promise.resolve();
    },
    resetSyncState: () => {
      productPages.clear();
      stockPages.clear();
      productOverlay.clear();
      stockOverlay.clear();
      meta = { ...meta, cursor: ZERO_CURSOR, fullSync: null, lastSyncedAt: null };
      return Promise.resolve();
    },

    commitSale: (build, createdAt) =>
      // The executor turns a throwing `build` into a rejection, like an aborted transaction.
      new Promise<{ sale: LocalSale; entry: OutboxEntry }>((resolve) => {
        const counter = meta.invoiceCounter + 1;
        const { sale, mutation } = build(counter);
        // As IndexedDB's unique index on the journal's id: a second sale with an id is refused.
        if (sales.has(sale.id)) throw new Error(`sale ${sale.id} is already stored`);
        const entry: OutboxEntry = { seq: nextSeq++, ...newOutboxRow(mutation, createdAt) };
        meta = { ...meta, invoiceCounter: counter };
        journalIds.add(mutation.id);
        sales.set(sale.id, clone(sale));
        outbox.set(entry.seq, clone(entry));
        resolve(clone({ sale, entry }));
      }),
    raiseInvoiceCounter: (atLeast) => {
      if (atLeast > meta.invoiceCounter) meta = { ...meta, invoiceCounter: atLeast };
      return Promise.resolve();
    },
    listStaff: () => Promise.resolve([...staff.values()].map(clone)),
    appendMutation: (mutation, createdAt) => {
      const entry: OutboxEntry = { seq: nextSeq++, ...newOutboxRow(mutation, createdAt) };
      journalIds.add(mutation.id);
      outbox.set(entry.seq, clone(entry));
      return Promise.resolve(clone(entry));
    },

    listOutbox: (query) => {
      const kinds = query?.kinds;
      const limit = query?.limit ?? Infinity;
      const out: OutboxEntry[] = [];
      // A drain asks for the next batch of a 10,000-entry backlog once per push (B5): no sort of
      // it all. Entries are only ever added with a higher seq than any before, and a Map keeps
      // insertion order (updates keep their place), so this is drain order; stop at the limit.
      for (const e of outbox.values()) {
        if (out.length >= limit) break;
        if (kinds === undefined || kinds.includes(e.state.kind)) out.push(e);
      }
      return Promise.resolve(clone(out));
    },
    getOutboxEntry: (id) => Promise.resolve(clone(byId(id))),
    outboxCounts: () => {
      const c = { pending: 0, inflight: 0, failed: 0, synced: 0 };
      for (const e of outbox.values()) c[e.state.kind]++;
      return Promise.resolve(c);
    },
    markInflight: (seqs, since) => {
      for (const seq of seqs) {
        const e = outbox.get(seq);
        if (e) outbox.set(seq, { ...e, state: { kind: 'inflight', since } });
      }
      return Promise.resolve();
    },
    recoverInflight: () => {
      let n = 0;
      for (const e of outbox.values()) {
        if (e.state.kind !== 'inflight') continue;
        outbox.set(e.seq, { ...e, state: { kind: 'pending' } });
        n++;
      }
      return Promise.resolve(n);
    },
    completePush: (outcomes) => {
      for (const o of outcomes) {
        const e = outbox.get(o.seq);
        if (!e) continue;
        outbox.set(o.seq, { ...e, state: clone(o.state), attempts: e.attempts + (o.attempted ? 1 : 0) });
        if (o.sale) {
          const s = sales.get(o.sale.id);
          if (s) sales.set(s.id, { ...s, sync: clone(o.sale.sync) });
        }
        if (o.conflict) conflicts.set(o.conflict.id, clone(o.conflict));
      }
      return Promise.resolve();
    },
    retryFailed: (id) => {
      let n = 0;
      for (const e of ordered()) {
        if (e.state.kind !== 'failed' || (id !== undefined && e.id !== id)) continue;
        outbox.set(e.seq, { ...e, state: { kind: 'pending' } });
        const s = sales.get(e.id);
        if (s) sales.set(s.id, { ...s, sync: { kind: 'pending' } });
        n++;
      }
      return Promise.resolve(n);
    },
    discard: (id, at) => {
      const e = byId(id);
      if (!e || e.state.kind !== 'failed') return Promise.resolve(false);
      outbox.delete(e.seq);
      const s = sales.get(e.id);
      if (s) sales.set(s.id, { ...s, sync: { kind: 'discarded', at } });
      return Promise.resolve(true);
    },
    pruneSynced: (uptoSeq) => {
      let n = 0;
      for (const e of ordered()) {
        if (e.seq > uptoSeq || e.state.kind !== 'synced') continue;
        outbox.delete(e.seq);
        n++;
      }
      return Promise.resolve(n);
    },

    lastSyncedSeq: () => {
      let last = 0;
      for (const e of outbox.values()) if (e.state.kind === 'synced' && e.seq > last) last = e.seq;
      return Promise.resolve(last);
    },

    listSales: (query) => {
      // Newest first in commit order (a Map keeps insertion order), never by the device clock (S4).
      const all = [...sales.values()].reverse();
      return Promise.resolve(clone(all.slice(0, query?.limit ?? all.length)));
    },
    getSale: (id) => Promise.resolve(clone(sales.get(id))),
    listBranchSales: (query) => {
      const all = [...branchSales.values()].sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : -1));
      return Promise.resolve(clone(all.slice(0, query?.limit ?? all.length)));
    },

    listSalesCreatedBetween: (from, to) =>
      Promise.resolve(clone([...sales.values()].filter((s) => s.createdAt >= from && s.createdAt < to))),
    requeueSales: (ids) => {
      let n = 0;
      for (const id of ids) {
        const s = sales.get(id);
        if (!s) continue;
        n++;
        audited.delete(id);
        sales.set(id, { ...s, sync: { kind: 'pending' } });
        const e = byId(id);
        if (e) outbox.set(e.seq, { ...e, state: { kind: 'pending' } });
        else {
          // Its entry was pruned once synced: the sale's input makes the same mutation again (S3).
          const seq = nextSeq++;
          const mutation = { id, type: 'sale.create' as const, payload: s.input };
          outbox.set(seq, { ...newOutboxRow(clone(mutation), s.createdAt), seq });
        }
      }
      return Promise.resolve(n);
    },

    journalStatus: (ids) => {
      const missing: string[] = [];
      const done: string[] = [];
      for (const id of ids) {
        if (!journalIds.has(id)) missing.push(id);
        else {
          // Pruned from the outbox once synced, or discarded: either way nothing is left to send.
          const e = byId(id);
          if (!e || e.state.kind === 'synced') done.push(id);
        }
      }
      return Promise.resolve({ missing, done });
    },
    restoreJournal: (copies, counter) => {
      const restored: string[] = [];
      for (const copy of [...copies].sort(copyOrder)) {
        const id = copy.mutation.id;
        if (journalIds.has(id)) continue;
        outbox.set(nextSeq, { ...newOutboxRow(clone(copy.mutation), copy.createdAt), seq: nextSeq });
        nextSeq++;
        journalIds.add(id);
        if (copy.sale && copy.mutation.type === 'sale.create') {
          const sale: LocalSale = {
            ...clone(copy.sale),
            input: clone(copy.mutation.payload),
            sync: { kind: 'pending' },
          };
          sales.set(sale.id, sale);
        }
        restored.push(id);
      }
      const top = Math.max(counter, ...copies.map((c) => c.counter ?? 0));
      if (top > meta.invoiceCounter) meta = { ...meta, invoiceCounter: top };
      return Promise.resolve(restored);
    },

    markAudited: (ids) => {
      for (const id of ids) {
        const s = sales.get(id);
        if (s?.sync.kind === 'synced') audited.add(id);
      }
      return Promise.resolve();
    },
    pruneHistory: ({ ownBefore, branchBefore }) => {
      let own = 0;
      for (const s of [...sales.values()]) {
        if (s.createdAt >= ownBefore || s.sync.kind !== 'synced' || !audited.has(s.id)) continue;
        const e = byId(s.id);
        if (e && e.state.kind !== 'synced') continue;
        if (e) outbox.delete(e.seq);
        sales.delete(s.id);
        journalIds.delete(s.id);
        audited.delete(s.id);
        own++;
      }
      let branch = 0;
      for (const s of [...branchSales.values()]) {
        if (s.receivedAt >= branchBefore) continue;
        branchSales.delete(s.id);
        branch++;
      }
      return Promise.resolve({ own, branch });
    },
    storageCounts: () =>
      Promise.resolve({ ownSales: sales.size, branchSales: branchSales.size, logEntries: log.length }),

    appendLog: (entry) => {
      log.push({ ...clone(entry), seq: nextLogSeq++ });
      if (log.length > SYNC_LOG_LIMIT) log.splice(0, log.length - SYNC_LOG_LIMIT);
      return Promise.resolve();
    },
    readLog: (query) =>
      Promise.resolve(
        clone([...log].reverse().slice(0, Math.min(query?.limit ?? SYNC_LOG_LIMIT, SYNC_LOG_LIMIT))),
      ),
    listBranchRefunds: (saleId) =>
      Promise.resolve(clone([...branchRefunds.values()].filter((r) => r.saleId === saleId))),
    listCustomers: () => Promise.resolve(clone([...customers.values()])),
    getCustomer: (id) => {
      const c = customers.get(id);
      return Promise.resolve(c === undefined ? undefined : clone(c));
    },
    putLocalCustomer: (c) => {
      customers.set(c.id, deepFreeze(clone(c)));
      return Promise.resolve();
    },

    listConflicts: () => Promise.resolve(clone([...conflicts.values()])),
    deleteConflict: (id) => Promise.resolve(conflicts.delete(id)),

    tryAcquireLease: (owner, now, ttlMs) => {
      if (lease === null || lease.owner === owner || lease.expiresAt <= now) {
        lease = { owner, expiresAt: now + ttlMs };
        return Promise.resolve(true);
      }
      return Promise.resolve(false);
    },
    releaseLease: (owner) => {
      if (lease?.owner === owner) lease = null;
      return Promise.resolve();
    },

    close: () => Promise.resolve(),
  };
}

/** Freezes a JSON-like value and everything in it, and returns it. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

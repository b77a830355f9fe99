import { ZERO_CURSOR } from '@kasir/protocol';
import type { Table, Transaction } from 'dexie';
import type { DeviceStore } from './device-store.ts';
import { counterFromInvoice, KasirDb, type PageRow, type SaleRow } from './dexie-schema.ts';
import { mergeCatalog } from './merge-catalog.ts';
import {
  newOutboxRow,
  type ChangeSet,
  type LocalSale,
  type OutboxStateKind,
  type SyncMeta,
} from './records.ts';

/** Where the Dexie store lives. In Node pass fake-indexeddb's `IDBFactory` and `IDBKeyRange`. */
export interface DexieStoreOptions {
  readonly name: string;
  readonly indexedDB?: IDBFactory;
  readonly IDBKeyRange?: typeof IDBKeyRange;
}

const DEFAULT_META: Omit<SyncMeta, 'invoiceCounter'> = {
  cursor: ZERO_CURSOR,
  identity: null,
  lastSyncedAt: null,
  generation: 0,
  fullSync: null,
};

/** A stored sale without its storage-only counter. */
const toLocalSale = ({ counter: _counter, ...sale }: SaleRow): LocalSale => sale;

/**
 * The device store over IndexedDB through Dexie 4. Dexie sets durability per database, not per
 * transaction, so this opens two connections to the same database: `durable` with
 * `chromeTransactionDurability: 'strict'` (one fdatasync per commit) for what only the device
 * knows: a new sale or mutation with its receipt counter, a person's retry, discard or conflict
 * choice, and the lease; and `relaxed` for everything the server can tell again: catalog and stock
 * pages, and the sync bookkeeping of the outbox (inflight, the push outcomes, pruning). Losing a
 * relaxed commit in a power cut only means a re-push, which the server answers from its
 * idempotency record (S3), or a re-pull. Relaxed commits are also quicker, and a sale's strict
 * transaction queues behind any earlier one on the same stores: the sync cycle that follows each
 * sale then keeps the next sale waiting less.
 */
export async function openDexieStore(options: DexieStoreOptions): Promise<DeviceStore> {
  const base = {
    ...(options.indexedDB ? { indexedDB: options.indexedDB } : {}),
    ...(options.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange } : {}),
  };
  const durable = new KasirDb(options.name, { ...base, chromeTransactionDurability: 'strict' });
  const relaxed = new KasirDb(options.name, { ...base, chromeTransactionDurability: 'default' });
  await durable.open();
  await relaxed.open();

  const getMeta = async (): Promise<Omit<SyncMeta, 'invoiceCounter'>> =>
    (await relaxed.meta.get('sync'))?.value ?? DEFAULT_META;
  const putMeta = async (patch: Partial<Omit<SyncMeta, 'invoiceCounter'>>): Promise<void> => {
    await relaxed.meta.put({ key: 'sync', value: { ...(await getMeta()), ...patch } });
  };
  const pagesOf = async <T>(
    table: Table<PageRow<T>, [number, number]>,
    generation: number,
  ): Promise<T[][]> => {
    const rows = await table
      .where('[generation+pageNo]')
      .between([generation, -Infinity], [generation, Infinity])
      .toArray();
    return rows.map((r) => [...r.items]);
  };
  const dropPages = async (
    table: Table<PageRow<unknown>, [number, number]>,
    keep: (generation: number) => boolean,
  ): Promise<void> => {
    const keys = await table.toCollection().primaryKeys();
    await table.bulkDelete(keys.filter(([g]) => !keep(g)));
  };
  // An inactive record means the person left the branch or was disabled: the till forgets them.
  const putStaff = async (changes: ChangeSet): Promise<void> => {
    const staff = changes.staff ?? [];
    if (staff.length === 0) return;
    await relaxed.staff.bulkPut(staff.filter((s) => s.active));
    await relaxed.staff.bulkDelete(staff.filter((s) => !s.active).map((s) => s.id));
  };
  const putChanges = async (changes: ChangeSet): Promise<void> => {
    if (changes.products.length > 0) await relaxed.productOverlay.bulkPut([...changes.products]);
    if (changes.stock.length > 0) await relaxed.stockOverlay.bulkPut([...changes.stock]);
    if (changes.sales.length > 0) await relaxed.branchSales.bulkPut([...changes.sales]);
    if (changes.stocktakes !== undefined && changes.stocktakes.length > 0)
      await relaxed.stocktakes.bulkPut([...changes.stocktakes]);
    if ((changes.refunds ?? []).length > 0) await relaxed.branchRefunds.bulkPut([...(changes.refunds ?? [])]);
    if ((changes.customers ?? []).length > 0) await relaxed.customers.bulkPut([...(changes.customers ?? [])]);
    if (changes.branchSettings !== undefined)
      await relaxed.branchSettings.put({ key: 'current', value: changes.branchSettings });
    await putStaff(changes);
  };
  const syncTables = [
    relaxed.meta,
    relaxed.productPages,
    relaxed.stockPages,
    relaxed.productOverlay,
    relaxed.stockOverlay,
    relaxed.branchSales,
    relaxed.stocktakes,
    relaxed.branchRefunds,
    relaxed.customers,
    relaxed.branchSettings,
    relaxed.staff,
  ];
  const inTx = <T>(db: KasirDb, tables: Table[], fn: (tx: Transaction) => Promise<T>): Promise<T> =>
    db.transaction('rw', tables, fn);

  const store: DeviceStore = {
    // One read-only transaction (not two): every extra transaction on `counters` is one more a
    // sale's commit may queue behind.
    readMeta: () =>
      relaxed.transaction('r', [relaxed.meta, relaxed.counters], async () => {
        const meta = await getMeta();
        const counter = (await relaxed.counters.get('invoice'))?.value ?? 0;
        return { ...meta, invoiceCounter: counter };
      }),
    setIdentity: (identity) => inTx(relaxed, [relaxed.meta], () => putMeta({ identity })),
    setLastSyncedAt: (at) => inTx(relaxed, [relaxed.meta], () => putMeta({ lastSyncedAt: at })),

    readCatalog: () =>
      relaxed.transaction('r', syncTables, async () => {
        const { generation } = await getMeta();
        return mergeCatalog(
          await pagesOf(relaxed.productPages, generation),
          await relaxed.productOverlay.toArray(),
          await pagesOf(relaxed.stockPages, generation),
          await relaxed.stockOverlay.toArray(),
        );
      }),
    readBranchSettings: async () => (await relaxed.branchSettings.get('current'))?.value ?? null,
    overlaySize: async () => (await relaxed.productOverlay.count()) + (await relaxed.stockOverlay.count()),
    applyChanges: (changes, cursor) =>
      inTx(relaxed, syncTables, async () => {
        await putChanges(changes);
        await putMeta({ cursor });
      }),

    beginFullSync: (checkpoint) =>
      inTx(relaxed, syncTables, async () => {
        // Leftovers of an abandoned run would mix into the new one; the current pages stay in use.
        const { generation } = await getMeta();
        await dropPages(relaxed.productPages, (g) => g === generation);
        await dropPages(relaxed.stockPages, (g) => g === generation);
        await putMeta({ fullSync: checkpoint });
      }),
    writeFullSyncPage: (page, next) =>
      inTx(relaxed, syncTables, async () => {
        const key = { generation: page.generation, pageNo: page.pageNo };
        await relaxed.productPages.put({ ...key, items: [...page.changes.products] });
        await relaxed.stockPages.put({ ...key, items: [...page.changes.stock] });
        if (page.changes.sales.length > 0) await relaxed.branchSales.bulkPut([...page.changes.sales]);
        if (page.changes.stocktakes !== undefined && page.changes.stocktakes.length > 0)
          await relaxed.stocktakes.bulkPut([...page.changes.stocktakes]);
        if ((page.changes.refunds ?? []).length > 0)
          await relaxed.branchRefunds.bulkPut([...(page.changes.refunds ?? [])]);
        if ((page.changes.customers ?? []).length > 0)
          await relaxed.customers.bulkPut([...(page.changes.customers ?? [])]);
        if (page.changes.branchSettings !== undefined)
          await relaxed.branchSettings.put({ key: 'current', value: page.changes.branchSettings });
        await putStaff(page.changes);
        await putMeta({ fullSync: next });
      }),
    finishFullSync: (generation, cursor) =>
      inTx(relaxed, syncTables, async () => {
        await dropPages(relaxed.productPages, (g) => g === generation);
        await dropPages(relaxed.stockPages, (g) => g === generation);
        await relaxed.productOverlay.clear();
        await relaxed.stockOverlay.clear();
        await putMeta({ generation, cursor, fullSync: null });
      }),
    resetSyncState: () =>
      inTx(relaxed, syncTables, async () => {
        await relaxed.productPages.clear();
        await relaxed.stockPages.clear();
        await relaxed.productOverlay.clear();
        await relaxed.stockOverlay.clear();
        await putMeta({ cursor: ZERO_CURSOR, fullSync: null, lastSyncedAt: null });
      }),

    listStocktakes: () => relaxed.stocktakes.toArray(),

    commitSale: (build, createdAt) =>
      inTx(durable, [durable.counters, durable.sales, durable.outbox], async () => {
        const counter = ((await durable.counters.get('invoice'))?.value ?? 0) + 1;
        const { sale, mutation } = build(counter);
        const row = newOutboxRow(mutation, createdAt);
        // The three writes go out together: one round trip to the main thread instead of three,
        // each of which could wait behind rendering. Same transaction: one failing aborts all.
        const [, , seq] = await Promise.all([
          durable.counters.put({ key: 'invoice', value: counter }),
          durable.sales.add({ ...sale, counter }),
          durable.outbox.add(row),
        ]);
        return { sale, entry: { ...row, seq } };
      }),
    raiseInvoiceCounter: (atLeast) =>
      inTx(durable, [durable.counters], async () => {
        const counter = (await durable.counters.get('invoice'))?.value ?? 0;
        if (atLeast > counter) await durable.counters.put({ key: 'invoice', value: atLeast });
      }),
    listStaff: () => relaxed.staff.toArray(),
    appendMutation: (mutation, createdAt) =>
      inTx(durable, [durable.outbox], async () => {
        const row = newOutboxRow(mutation, createdAt);
        const seq = await durable.outbox.add(row);
        return { ...row, seq };
      }),

    listOutbox: async (query) => {
      const kinds = query?.kinds;
      if (kinds === undefined) {
        const c = durable.outbox.orderBy('seq');
        return query?.limit === undefined ? c.toArray() : c.limit(query.limit).toArray();
      }
      if (kinds.length === 1 && kinds[0] !== undefined) {
        // The index orders equal keys by primary key, so this is drain order and `limit` stays cheap.
        const c = durable.outbox.where('state.kind').equals(kinds[0]);
        return query?.limit === undefined ? c.toArray() : c.limit(query.limit).toArray();
      }
      const rows = await durable.outbox
        .where('state.kind')
        .anyOf([...kinds])
        .sortBy('seq');
      return rows.slice(0, query?.limit ?? rows.length);
    },
    getOutboxEntry: (id) => durable.outbox.where('id').equals(id).first(),
    outboxCounts: async () => {
      const count = (kind: OutboxStateKind): Promise<number> =>
        durable.outbox.where('state.kind').equals(kind).count();
      const [pending, inflight, failed, synced] = await Promise.all([
        count('pending'),
        count('inflight'),
        count('failed'),
        count('synced'),
      ]);
      return { pending, inflight, failed, synced };
    },
    markInflight: (seqs, since) =>
      inTx(relaxed, [relaxed.outbox], async () => {
        await relaxed.outbox
          .where('seq')
          .anyOf([...seqs])
          .modify({ state: { kind: 'inflight', since } });
      }),
    recoverInflight: async () => {
      // Runs before every push; almost always nothing is inflight. A read-only count first avoids a
      // read-write transaction on the outbox that a sale would queue behind.
      // Only the leader's engine marks entries inflight, and never while this runs.
      const inflight = relaxed.outbox.where('state.kind').equals('inflight');
      if ((await inflight.count()) === 0) return 0;
      return inTx(relaxed, [relaxed.outbox], () =>
        relaxed.outbox
          .where('state.kind')
          .equals('inflight')
          .modify({ state: { kind: 'pending' } }),
      );
    },
    completePush: (outcomes) =>
      inTx(relaxed, [relaxed.outbox, relaxed.sales, relaxed.conflicts], async () => {
        for (const o of outcomes) {
          const e = await relaxed.outbox.get(o.seq);
          if (!e) continue;
          await relaxed.outbox.put({ ...e, state: o.state, attempts: e.attempts + (o.attempted ? 1 : 0) });
          if (o.sale) await relaxed.sales.update(o.sale.id, { sync: o.sale.sync });
          if (o.conflict) await relaxed.conflicts.put(o.conflict);
        }
      }),
    retryFailed: (id) =>
      inTx(durable, [durable.outbox, durable.sales], async () => {
        const failed = await durable.outbox.where('state.kind').equals('failed').toArray();
        const chosen = failed.filter((e) => id === undefined || e.id === id);
        for (const e of chosen) {
          await durable.outbox.put({ ...e, state: { kind: 'pending' } });
          await durable.sales.update(e.id, { sync: { kind: 'pending' } });
        }
        return chosen.length;
      }),
    discard: (id, at) =>
      inTx(durable, [durable.outbox, durable.sales], async () => {
        const e = await durable.outbox.where('id').equals(id).first();
        if (!e || e.state.kind !== 'failed') return false;
        await durable.outbox.delete(e.seq);
        await durable.sales.update(e.id, { sync: { kind: 'discarded', at } });
        return true;
      }),
    pruneSynced: (uptoSeq) =>
      inTx(relaxed, [relaxed.outbox], async () => {
        const keys = await relaxed.outbox
          .where('state.kind')
          .equals('synced')
          .filter((e) => e.seq <= uptoSeq)
          .primaryKeys();
        await relaxed.outbox.bulkDelete(keys);
        return keys.length;
      }),

    listSales: async (query) => {
      // A tab still running the code of schema 1 (an app update with two tabs open) writes sales
      // without a counter, which the counter index cannot see: give them theirs first. Two counts
      // per list; the scan only runs when they differ.
      const [all, indexed] = await Promise.all([
        durable.sales.count(),
        durable.sales.where('counter').aboveOrEqual(-Infinity).count(),
      ]);
      if (all !== indexed) {
        await inTx(durable, [durable.sales], () =>
          durable.sales
            .filter((s) => typeof (s as { counter?: unknown }).counter !== 'number')
            .modify((s: { invoiceNumber: string; counter?: number }) => {
              s.counter = counterFromInvoice(s.invoiceNumber);
            }),
        );
      }
      // Newest first by receipt counter: id order is device-clock order, wrong after a clock change.
      const c = durable.sales.orderBy('counter').reverse();
      return (query?.limit === undefined ? await c.toArray() : await c.limit(query.limit).toArray()).map(
        toLocalSale,
      );
    },
    getSale: async (id) => {
      const row = await durable.sales.get(id);
      return row === undefined ? undefined : toLocalSale(row);
    },
    listBranchSales: (query) => {
      const c = relaxed.branchSales.orderBy('receivedAt').reverse();
      return query?.limit === undefined ? c.toArray() : c.limit(query.limit).toArray();
    },

    listBranchRefunds: (saleId) => relaxed.branchRefunds.where('saleId').equals(saleId).toArray(),
    listCustomers: () => relaxed.customers.toArray(),
    putLocalCustomer: (c) =>
      inTx(relaxed, [relaxed.customers], async () => void (await relaxed.customers.put(c))),

    listConflicts: () => durable.conflicts.toArray(),
    deleteConflict: (id) =>
      inTx(durable, [durable.conflicts], async () => {
        const found = (await durable.conflicts.get(id)) !== undefined;
        await durable.conflicts.delete(id);
        return found;
      }),

    tryAcquireLease: (owner, now, ttlMs) =>
      inTx(durable, [durable.leases], async () => {
        const lease = await durable.leases.get('sync');
        if (lease !== undefined && lease.owner !== owner && lease.expiresAt > now) return false;
        await durable.leases.put({ key: 'sync', owner, expiresAt: now + ttlMs });
        return true;
      }),
    releaseLease: (owner) =>
      inTx(durable, [durable.leases], async () => {
        const lease = await durable.leases.get('sync');
        if (lease?.owner === owner) await durable.leases.delete('sync');
      }),

    close: () => {
      durable.close();
      relaxed.close();
      return Promise.resolve();
    },
  };
  return store;
}

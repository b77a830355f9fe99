import { ZERO_CURSOR } from '@kasir/protocol';
import type { Collection, Table, Transaction } from 'dexie';
import type { DeviceStore } from './device-store.ts';
import { KasirDb } from './dexie-schema.ts';
import { finishText, mendText, readPages, textIsWhole } from './catalog-text.ts';
import { mergeCatalog } from './merge-catalog.ts';
import {
  newOutboxRow,
  type ChangeSet,
  type LocalSale,
  type OutboxStateKind,
  type SyncMeta,
} from './records.ts';
import { SYNC_LOG_LIMIT } from './sync-log-record.ts';
import { saleCommitter, stepKey, STEPS_KEPT } from './sale-commit.ts';
import { copyOrder } from './journal-mirror.ts';
import { entryOf, saleOf, stateRow, type JournalRow, type JournalStateRow } from './sale-journal.ts';

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

const OUTBOX_KINDS: readonly OutboxStateKind[] = ['pending', 'inflight', 'failed', 'synced'];

/** Own sales the retention prune drops per transaction: a sale waits for one batch at most. */
const PRUNE_BATCH = 500;

/**
 * The runs of consecutive `keys` (sorted) that are all in `drop`, at most `most` long, as
 * [first, last, count]: each is one key range holding nothing else, deleted in one request.
 */
export function keyRuns(
  keys: readonly number[],
  drop: ReadonlySet<number>,
  most: number,
): [number, number, number][] {
  const runs: [number, number, number][] = [];
  let run: [number, number, number] | null = null;
  for (const k of keys) {
    if (!drop.has(k)) run = null;
    else if (run === null || run[2] >= most) {
      run = [k, k, 1];
      runs.push(run);
    } else {
      run[1] = k;
      run[2] += 1;
    }
  }
  return runs;
}

/** The first `limit` items of a collection (all of them for `Infinity`). */
function limited<T, K, I>(c: Collection<T, K, I>, limit: number): Promise<T[]> {
  return limit === Infinity ? c.toArray() : c.limit(limit).toArray();
}

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
  const committer = saleCommitter(durable, (await durable.counters.get('invoice'))?.value ?? 0);

  const getMeta = async (): Promise<Omit<SyncMeta, 'invoiceCounter'>> =>
    (await relaxed.meta.get('sync'))?.value ?? DEFAULT_META;
  const putMeta = async (patch: Partial<Omit<SyncMeta, 'invoiceCounter'>>): Promise<void> => {
    await relaxed.meta.put({ key: 'sync', value: { ...(await getMeta()), ...patch } });
  };
  /** Every table of page records: the objects and the text of catalog and stock. */
  const pageTables = [
    relaxed.productPages,
    relaxed.stockPages,
    relaxed.productText,
    relaxed.stockText,
  ] as const;
  const dropPages = async (
    table: (typeof pageTables)[number],
    keep: (generation: number) => boolean,
  ): Promise<void> => {
    const keys = await table.toCollection().primaryKeys();
    await table.bulkDelete(keys.filter(([g]) => !keep(g)));
  };
  // An inactive record means the person left the branch or was disabled: the till forgets them.
  // The last record of a person counts (a batch of realtime changes may hold two): saved first and
  // deleted after, a person disabled and enabled again would be deleted.
  const putStaff = async (changes: ChangeSet): Promise<void> => {
    const staff = [...new Map((changes.staff ?? []).map((s) => [s.id, s])).values()];
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
    if ((changes.transfers ?? []).length > 0) await relaxed.transfers.bulkPut([...(changes.transfers ?? [])]);
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
    relaxed.productText,
    relaxed.stockText,
    relaxed.textState,
    relaxed.productOverlay,
    relaxed.stockOverlay,
    relaxed.branchSales,
    relaxed.stocktakes,
    relaxed.transfers,
    relaxed.branchRefunds,
    relaxed.customers,
    relaxed.branchSettings,
    relaxed.staff,
  ];
  /** Rows above this seq have no state row yet: pending, never tried. */
  const highestStated = async (): Promise<number> =>
    (await relaxed.journalState.orderBy('seq').last())?.seq ?? 0;
  /**
   * Pending state rows for journal entries skipped over when `seqs` get their first state rows, so
   * that rows without state stay exactly those above the highest state row (sale-journal.ts). The
   * engine takes entries in order and skips none; this keeps the invariant for any caller. A read
   * of the journal in its own read-only transaction: the write that follows locks sync's state only.
   */
  const skippedBelow = async (seqs: readonly number[]): Promise<JournalStateRow[]> => {
    const top = Math.max(0, ...seqs);
    const stated = await highestStated();
    if (top <= stated) return [];
    const taken = new Set(seqs);
    const keys = await relaxed.journal.where('seq').between(stated, top, false, false).primaryKeys();
    return keys
      .filter((k) => !taken.has(k))
      .map((seq) => stateRow(seq, undefined, { state: { kind: 'pending' } }));
  };
  /**
   * The sales among journal rows, with sync's state of each read after the rows. A row without a
   * state at or below the highest state row was pruned in between (a row without state is pending
   * only above it, sale-journal.ts): left out, not shown as pending.
   */
  const salesOf = async (rows: readonly JournalRow[]): Promise<LocalSale[]> => {
    const [states, top] = await relaxed.transaction('r', [relaxed.journalState], () =>
      Promise.all([relaxed.journalState.bulkGet(rows.map((r) => r.seq)), highestStated()]),
    );
    return rows.flatMap((row, i) => {
      const state = states[i];
      if (state === undefined && row.seq <= top) return [];
      const sale = saleOf(row, state);
      return sale === undefined ? [] : [sale];
    });
  };
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
    readSyncMeta: () => relaxed.transaction('r', [relaxed.meta], getMeta),
    setIdentity: (identity) => inTx(relaxed, [relaxed.meta], () => putMeta({ identity })),
    setLastSyncedAt: (at) => inTx(relaxed, [relaxed.meta], () => putMeta({ lastSyncedAt: at })),

    readCatalog: () =>
      relaxed.transaction('r', syncTables, async () => {
        const { generation } = await getMeta();
        const whole = await textIsWhole(relaxed, generation);
        return mergeCatalog(
          await readPages(relaxed.productPages, relaxed.productText, generation, whole),
          await relaxed.productOverlay.toArray(),
          await readPages(relaxed.stockPages, relaxed.stockText, generation, whole),
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
        for (const t of pageTables) await dropPages(t, (g) => g === generation);
        await putMeta({ fullSync: checkpoint });
      }),
    writeFullSyncPage: (page, next) =>
      inTx(relaxed, syncTables, async () => {
        const key = { generation: page.generation, pageNo: page.pageNo };
        await relaxed.productPages.put({ ...key, items: [...page.changes.products] });
        await relaxed.stockPages.put({ ...key, items: [...page.changes.stock] });
        const run = next.startedAt;
        await relaxed.productText.put({ ...key, json: JSON.stringify(page.changes.products), run });
        await relaxed.stockText.put({ ...key, json: JSON.stringify(page.changes.stock), run });
        if (page.changes.sales.length > 0) await relaxed.branchSales.bulkPut([...page.changes.sales]);
        if (page.changes.stocktakes !== undefined && page.changes.stocktakes.length > 0)
          await relaxed.stocktakes.bulkPut([...page.changes.stocktakes]);
        if ((page.changes.transfers ?? []).length > 0)
          await relaxed.transfers.bulkPut([...(page.changes.transfers ?? [])]);
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
        const run = (await getMeta()).fullSync?.startedAt ?? '';
        for (const t of pageTables) await dropPages(t, (g) => g === generation);
        await finishText(relaxed, generation, run);
        await relaxed.productOverlay.clear();
        await relaxed.stockOverlay.clear();
        await putMeta({ generation, cursor, fullSync: null });
      }),
    resetSyncState: () =>
      inTx(relaxed, syncTables, async () => {
        for (const t of pageTables) await t.clear();
        await relaxed.textState.clear();
        await relaxed.productOverlay.clear();
        await relaxed.stockOverlay.clear();
        await putMeta({ cursor: ZERO_CURSOR, fullSync: null, lastSyncedAt: null });
      }),

    listStocktakes: () => relaxed.stocktakes.toArray(),
    listTransfers: () => relaxed.transfers.toArray(),

    // The journal and the counter only: no sync transaction ever writes either (sale-journal.ts).
    ...committer,
    listStaff: () => relaxed.staff.toArray(),
    appendMutation: (mutation, createdAt) =>
      inTx(durable, [durable.journal], async () => {
        const seq = await durable.journal.add({ id: mutation.id, mutation, createdAt });
        return { ...newOutboxRow(mutation, createdAt), seq };
      }),

    // The journal is read in transactions of its own, each one batch of requests: a read-only
    // transaction on the journal holds a sale's commit back until it ends, and one that waits for
    // the page between requests (a cursor, a read after a read) lasts as long as the page is busy.
    // B6 with a history found sales waiting 10-15 ms behind this read. Journal rows never change
    // once written, so reading sync's state first and the rows after sees the same entries; a sale
    // committed in between is above the highest state row, pending, as it is.
    listOutbox: async (query) => {
      const kinds = query?.kinds ?? OUTBOX_KINDS;
      const limit = query?.limit ?? Infinity;
      const [stated, top] = await relaxed.transaction('r', [relaxed.journalState], () =>
        Promise.all([
          // One index read per view in one batch, not a cursor jumping between views.
          Promise.all(kinds.map((k) => limited(relaxed.journalState.where('view').equals(k), limit))).then(
            (lists) =>
              lists
                .flat()
                .sort((a, b) => a.seq - b.seq)
                .slice(0, limit),
          ),
          highestStated(),
        ]),
      );
      const fresh = kinds.includes('pending') && stated.length < limit;
      const [rows, above] = await relaxed.transaction('r', [relaxed.journal], () =>
        Promise.all([
          relaxed.journal.bulkGet(stated.map((st) => st.seq)),
          // Rows above every state row are pending and come after all of them (sale-journal.ts).
          fresh ? limited(relaxed.journal.where('seq').above(top), limit - stated.length) : [],
        ]),
      );
      const entries = stated.flatMap((st, i) => {
        const row = rows[i];
        return row === undefined ? [] : [entryOf(row, st)];
      });
      return [...entries, ...above.map((row) => entryOf(row, undefined))];
    },
    getOutboxEntry: async (id) => {
      const row = await relaxed.journal.where('id').equals(id).first();
      if (row === undefined) return undefined;
      const st = await relaxed.journalState.get(row.seq);
      return st?.view === 'hidden' ? undefined : entryOf(row, st);
    },
    outboxCounts: () =>
      relaxed.transaction('r', [relaxed.journal, relaxed.journalState], async () => {
        const count = (kind: OutboxStateKind): Promise<number> =>
          relaxed.journalState.where('view').equals(kind).count();
        const fresh = relaxed.journal
          .where('seq')
          .above(await highestStated())
          .count();
        const [pending, inflight, failed, synced, unseen] = await Promise.all([
          count('pending'),
          count('inflight'),
          count('failed'),
          count('synced'),
          fresh,
        ]);
        return { pending: pending + unseen, inflight, failed, synced };
      }),
    markInflight: async (seqs, since) => {
      const skipped = await skippedBelow(seqs);
      await inTx(relaxed, [relaxed.journalState], async () => {
        const previous = await relaxed.journalState.bulkGet([...seqs]);
        await relaxed.journalState.bulkPut([
          ...skipped,
          ...seqs.map((seq, i) => stateRow(seq, previous[i], { state: { kind: 'inflight', since } })),
        ]);
      });
    },
    recoverInflight: async () => {
      // Runs before every push; almost always nothing is inflight. A read-only count first avoids a
      // read-write transaction that would have to wait for (and hold up) other readers.
      // Only the leader's engine marks entries inflight, and never while this runs.
      const inflight = relaxed.journalState.where('view').equals('inflight');
      if ((await inflight.count()) === 0) return 0;
      return inTx(relaxed, [relaxed.journalState], async () => {
        const rows = await relaxed.journalState.where('view').equals('inflight').toArray();
        await relaxed.journalState.bulkPut(
          rows.map((r) => stateRow(r.seq, r, { state: { kind: 'pending' } })),
        );
        return rows.length;
      });
    },
    completePush: async (outcomes) => {
      const skipped = await skippedBelow(outcomes.map((o) => o.seq));
      await inTx(relaxed, [relaxed.journalState, relaxed.conflicts], async () => {
        const previous = await relaxed.journalState.bulkGet(outcomes.map((o) => o.seq));
        await relaxed.journalState.bulkPut([
          ...skipped,
          ...outcomes.map((o, i) => {
            const prev = previous[i];
            return stateRow(o.seq, prev, {
              state: o.state,
              attempts: (prev?.attempts ?? 0) + (o.attempted ? 1 : 0),
              ...(o.sale ? { sale: o.sale.sync } : {}),
            });
          }),
        ]);
        const conflicts = outcomes.flatMap((o) => (o.conflict ? [o.conflict] : []));
        if (conflicts.length > 0) await relaxed.conflicts.bulkPut(conflicts);
      });
    },
    retryFailed: async (id) => {
      const only = id === undefined ? undefined : await durable.journal.where('id').equals(id).first();
      if (id !== undefined && only === undefined) return 0;
      return inTx(durable, [durable.journalState], async () => {
        const failed = await durable.journalState.where('view').equals('failed').toArray();
        const chosen = failed.filter((st) => only === undefined || st.seq === only.seq);
        await durable.journalState.bulkPut(
          chosen.map((st) =>
            stateRow(st.seq, st, {
              state: { kind: 'pending' },
              ...(st.sale ? { sale: { kind: 'pending' } as const } : {}),
            }),
          ),
        );
        return chosen.length;
      });
    },
    discard: async (id, at) => {
      const row = await durable.journal.where('id').equals(id).first();
      if (row === undefined) return false;
      return inTx(durable, [durable.journalState], async () => {
        const st = await durable.journalState.get(row.seq);
        if (st?.view !== 'failed') return false;
        await durable.journalState.put(
          stateRow(row.seq, st, {
            state: st.state,
            hidden: true,
            ...(row.sale ? { sale: { kind: 'discarded', at } as const } : {}),
          }),
        );
        return true;
      });
    },
    pruneSynced: (uptoSeq) =>
      // Hides the entries from the outbox; the journal keeps the sale (retention prunes it later).
      inTx(relaxed, [relaxed.journalState], async () => {
        const rows = await relaxed.journalState
          .where('view')
          .equals('synced')
          .filter((st) => st.seq <= uptoSeq)
          .toArray();
        await relaxed.journalState.bulkPut(rows.map((st) => ({ ...st, view: 'hidden' as const })));
        return rows.length;
      }),

    // The `view` index orders entries of one view by their primary key, the seq: the last is the highest.
    lastSyncedSeq: async () => (await relaxed.journalState.where('view').equals('synced').last())?.seq ?? 0,

    // The rows in one read, their states in another (see listOutbox).
    listSales: async (query) =>
      // Newest first by receipt counter: id order is device-clock order, wrong after a clock change.
      salesOf(await limited(relaxed.journal.orderBy('counter').reverse(), query?.limit ?? Infinity)),
    getSale: async (id) => {
      const row = await relaxed.journal.where('id').equals(id).first();
      return row === undefined ? undefined : (await salesOf([row]))[0];
    },
    listSalesCreatedBetween: async (from, to) =>
      salesOf(await relaxed.journal.where('sale.createdAt').between(from, to, true, false).toArray()),
    requeueSales: async (ids) => {
      const rows = (
        await durable.journal
          .where('id')
          .anyOf([...ids])
          .toArray()
      ).filter((r) => r.sale);
      if (rows.length === 0) return 0;
      // The sale itself is in the journal already; only sync's state of it goes back to pending.
      await inTx(durable, [durable.journalState], async () => {
        const previous = await durable.journalState.bulkGet(rows.map((r) => r.seq));
        // A row without a state row is pending already (and must stay above every state row).
        await durable.journalState.bulkPut(
          rows.flatMap((r, i) => {
            const prev = previous[i];
            return prev === undefined
              ? []
              : [stateRow(r.seq, prev, { state: { kind: 'pending' }, sale: { kind: 'pending' } })];
          }),
        );
      });
      return rows.length;
    },

    journalStatus: async (ids) => {
      const rows = await relaxed.journal
        .where('id')
        .anyOf([...ids])
        .toArray();
      const states = await relaxed.journalState.bulkGet(rows.map((r) => r.seq));
      const held = new Map(rows.map((r, i) => [r.id, states[i]]));
      return {
        missing: ids.filter((id) => !held.has(id)),
        done: ids.filter((id) => {
          const st = held.get(id);
          return st !== undefined && (st.view === 'hidden' || st.state.kind === 'synced');
        }),
      };
    },
    restoreJournal: async (copies, counter) => {
      const restored: string[] = [];
      if (copies.length > 0) {
        // Strict, as a sale's own commit: these copies are the only ones left. Read again inside
        // the transaction, so two tabs starting at once put an entry back once. New rows take
        // seqs above every state row, where rows without state belong (sale-journal.ts). The
        // copy is the journal row less its seq (journal-mirror.ts).
        await inTx(durable, [durable.journal], async () => {
          const present = new Set(
            (
              await durable.journal
                .where('id')
                .anyOf(copies.map((c) => c.mutation.id))
                .toArray()
            ).map((r) => r.id),
          );
          for (const c of [...copies].sort(copyOrder)) {
            if (present.has(c.mutation.id)) continue;
            await durable.journal.add({
              id: c.mutation.id,
              mutation: c.mutation,
              createdAt: c.createdAt,
              ...(c.sale === undefined ? {} : { sale: c.sale }),
              ...(c.counter === undefined ? {} : { counter: c.counter }),
            });
            present.add(c.mutation.id);
            restored.push(c.mutation.id);
          }
        });
      }
      const top = Math.max(counter, ...copies.map((c) => c.counter ?? 0));
      if (top > 0) await committer.raiseInvoiceCounter(top);
      return restored;
    },

    markAudited: async (ids) => {
      const rows = await relaxed.journal
        .where('id')
        .anyOf([...ids])
        .toArray();
      await inTx(relaxed, [relaxed.journalState], async () => {
        const states = await relaxed.journalState.bulkGet(rows.map((r) => r.seq));
        const marked = states.flatMap((st) =>
          st !== undefined && st.state.kind === 'synced' ? [{ ...st, audited: true as const }] : [],
        );
        await relaxed.journalState.bulkPut(marked);
      });
    },
    pruneHistory: async ({ ownBefore, branchBefore }) => {
      // Heavy work, run only when the till is idle: the one place besides a sale that writes the
      // journal. Keys and state rows only, never whole sales, and deletes of key ranges (one
      // request each) in transactions of at most PRUNE_BATCH rows, so a sale made meanwhile waits
      // for one short transaction at most: the storage bench's first prune of 55,000 sales took
      // 21 s reading rows, 30 s deleting key by key. Relaxed: a lost delete is done again next time.
      const old = (await relaxed.journal.where('sale.createdAt').below(ownBefore).primaryKeys()).sort(
        (a, b) => a - b,
      );
      const first = old[0];
      const last = old.at(-1);
      let own = 0;
      if (first !== undefined && last !== undefined) {
        // Never the newest state row: the rows above it are the pending ones (sale-journal.ts).
        const top = await highestStated();
        const states = await relaxed.journalState.where('seq').between(first, last, true, true).toArray();
        const prunable = new Set(
          states.flatMap((st) => (st.audited === true && st.state.kind === 'synced' ? [st.seq] : [])),
        );
        const drop = new Set(old.filter((seq) => seq !== top && prunable.has(seq)));
        const keys = await relaxed.journal.where('seq').between(first, last, true, true).primaryKeys();
        for (const [lo, hi, n] of keyRuns(keys, drop, PRUNE_BATCH)) {
          await inTx(relaxed, [relaxed.journal, relaxed.journalState], async () => {
            await relaxed.journal.where('seq').between(lo, hi, true, true).delete();
            await relaxed.journalState.where('seq').between(lo, hi, true, true).delete();
          });
          own += n;
        }
      }
      // Claims on old steps of the receipt counter: no tab trusts a counter that old (sale-commit.ts).
      await inTx(relaxed, [relaxed.counters], async () => {
        const counter = (await relaxed.counters.get('invoice'))?.value ?? 0;
        await relaxed.counters
          .where(':id')
          .between(stepKey(-Infinity), stepKey(counter - STEPS_KEPT), true, false)
          .delete();
      });
      const branch = await inTx(relaxed, [relaxed.branchSales], () =>
        relaxed.branchSales.where('receivedAt').below(branchBefore).delete(),
      );
      return { own, branch };
    },
    storageCounts: async () => {
      const [ownSales, branchSales, logEntries] = await Promise.all([
        relaxed.journal.where('counter').aboveOrEqual(-Infinity).count(),
        relaxed.branchSales.count(),
        relaxed.syncLog.count(),
      ]);
      return { ownSales, branchSales, logEntries };
    },

    appendLog: (entry) =>
      inTx(relaxed, [relaxed.syncLog], async () => {
        const seq = await relaxed.syncLog.add(entry);
        await relaxed.syncLog
          .where('seq')
          .belowOrEqual(seq - SYNC_LOG_LIMIT)
          .delete();
      }),
    readLog: (query) =>
      limited(
        relaxed.syncLog.orderBy('seq').reverse(),
        Math.min(query?.limit ?? SYNC_LOG_LIMIT, SYNC_LOG_LIMIT),
      ),

    listBranchSales: (query) => {
      const c = relaxed.branchSales.orderBy('receivedAt').reverse();
      return query?.limit === undefined ? c.toArray() : c.limit(query.limit).toArray();
    },

    listBranchRefunds: (saleId) => relaxed.branchRefunds.where('saleId').equals(saleId).toArray(),
    listCustomers: () => relaxed.customers.toArray(),
    getCustomer: (id) => relaxed.customers.get(id),
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
  // A till upgraded in place, or back from the previous version, reads its pages' text from now on.
  // Asked in a read first: a start whose text is whole (every start but the first after such a
  // change) takes no write lock on the sync tables; mendText asks again under its own.
  const whole = await relaxed.transaction('r', [relaxed.meta, relaxed.textState], async () =>
    textIsWhole(relaxed, (await getMeta()).generation),
  );
  if (!whole) await inTx(relaxed, syncTables, async () => mendText(relaxed, (await getMeta()).generation));
  return store;
}

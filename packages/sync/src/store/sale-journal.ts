import type { Mutation } from '@kasir/protocol';
import type { Transaction } from 'dexie';
import type { LocalSale, OutboxEntry, OutboxState, OutboxStateKind, SaleSyncState } from './records.ts';

/**
 * The sale journal (issue 16). Every sale and mutation this device makes is appended to `journal`
 * by the record path, in one strict transaction with the receipt counter, and nothing else
 * writes that object store (but the idle prune of old synced sales, and `restoreJournal` at start
 * after the browser lost the database): sync reads it and keeps what it learns (inflight, synced, failed,
 * attempts, the sale's flags) in `journalState`. A sale's commit therefore never queues behind a
 * push's bookkeeping (measured 35.6 ms p95 for B6 while they shared `outbox` and `sales`).
 *
 * Invariant: journal rows without a state row are pending, and they are exactly the rows above
 * the highest `journalState.seq`. Sync takes pending entries in `seq` order, so the ones it gives
 * a state row are always a prefix of the pending ones.
 */

/** What a sale keeps beside its mutation; its input is the mutation's payload (stored once). */
export type JournalSale = Omit<LocalSale, 'sync' | 'input'>;

/** One entry of the journal. `counter` (the receipt counter) only on sales; it orders the sale list. */
export interface JournalRow {
  readonly seq: number;
  readonly id: string;
  readonly mutation: Mutation;
  readonly createdAt: string;
  readonly sale?: JournalSale;
  readonly counter?: number;
}

/**
 * What sync knows of one journal entry, keyed by its `seq` alone so sync never needs to read the
 * journal to write it. `view` is `state.kind`, or `hidden` once pruned or discarded.
 */
export interface JournalStateRow {
  readonly seq: number;
  readonly view: OutboxStateKind | 'hidden';
  readonly state: OutboxState;
  readonly attempts: number;
  /** A sale's sync state as its list shows it; absent means pending. */
  readonly sale?: SaleSyncState;
  /** The sale audit found it on the server with the same total: it may be pruned once old. */
  readonly audited?: true;
}

/** The outbox entry of a journal row, with sync's state of it (none yet: pending, never tried). */
export function entryOf(row: JournalRow, state: JournalStateRow | undefined): OutboxEntry {
  return {
    seq: row.seq,
    id: row.id,
    mutation: row.mutation,
    state: state?.state ?? { kind: 'pending' },
    attempts: state?.attempts ?? 0,
    createdAt: row.createdAt,
  };
}

/** The local sale of a journal row, or undefined when the row is not a sale. */
export function saleOf(row: JournalRow, state: JournalStateRow | undefined): LocalSale | undefined {
  if (row.sale === undefined || row.mutation.type !== 'sale.create') return undefined;
  return { ...row.sale, input: row.mutation.payload, sync: state?.sale ?? { kind: 'pending' } };
}

/** A state row for `state`, keeping what the row had. */
export function stateRow(
  seq: number,
  previous: JournalStateRow | undefined,
  patch: { state: OutboxState; attempts?: number; sale?: SaleSyncState; hidden?: boolean },
): JournalStateRow {
  const sale = patch.sale ?? previous?.sale;
  // A sale sent again (pending) must be audited again before it may be pruned.
  const audited = patch.state.kind === 'pending' ? undefined : previous?.audited;
  return {
    seq,
    view: patch.hidden === true ? 'hidden' : patch.state.kind,
    state: patch.state,
    attempts: patch.attempts ?? previous?.attempts ?? 0,
    ...(sale === undefined ? {} : { sale }),
    ...(audited === undefined ? {} : { audited }),
  };
}

interface LegacySale extends Record<string, unknown> {
  readonly id: string;
  readonly counter?: number;
  readonly input?: unknown;
  readonly sync?: SaleSyncState;
}
interface LegacyOutbox {
  readonly seq: number;
  readonly id: string;
  readonly mutation: Mutation;
  readonly state: OutboxState;
  readonly attempts: number;
  readonly createdAt: string;
}

/**
 * Schema 10: moves `sales` and `outbox` into the journal. Sales whose outbox entry was pruned come
 * first (they are older and synced), then the outbox in drain order; seqs are renumbered from 1, so
 * drain order is kept. The old tables are emptied, not dropped (a rollback finds them).
 */
export async function upgradeToJournal(tx: Transaction): Promise<void> {
  const sales = await tx.table<LegacySale, string>('sales').toArray();
  const outbox = await tx.table<LegacyOutbox, number>('outbox').orderBy('seq').toArray();
  const saleById = new Map(sales.map((s) => [s.id, s]));
  const inOutbox = new Set(outbox.map((e) => e.id));
  const rows: JournalRow[] = [];
  const states: JournalStateRow[] = [];
  const saleParts = (s: LegacySale | undefined): Pick<JournalRow, 'sale' | 'counter'> => {
    if (s === undefined) return {};
    const { sync: _sync, input: _input, counter, ...rest } = s;
    return { sale: rest as unknown as JournalSale, counter: counter ?? 0 };
  };
  for (const s of sales
    .filter((x) => !inOutbox.has(x.id))
    .sort((a, b) => (a.counter ?? 0) - (b.counter ?? 0))) {
    const seq = rows.length + 1;
    const mutation = { id: s.id, type: 'sale.create', payload: s.input } as Mutation;
    rows.push({
      seq,
      id: s.id,
      mutation,
      createdAt: typeof s['createdAt'] === 'string' ? s['createdAt'] : '',
      ...saleParts(s),
    });
    const at = s.sync !== undefined && 'at' in s.sync ? s.sync.at : '';
    states.push({
      seq,
      view: 'hidden',
      state: { kind: 'synced', at, outcome: 'accepted' },
      attempts: 0,
      ...(s.sync === undefined ? {} : { sale: s.sync }),
    });
  }
  for (const e of outbox) {
    const seq = rows.length + 1;
    const s = saleById.get(e.id);
    rows.push({ seq, id: e.id, mutation: e.mutation, createdAt: e.createdAt, ...saleParts(s) });
    states.push({
      seq,
      view: e.state.kind,
      state: e.state,
      attempts: e.attempts,
      ...(s?.sync === undefined ? {} : { sale: s.sync }),
    });
  }
  await tx.table('journal').bulkAdd(rows);
  await tx.table('journalState').bulkAdd(states);
  await tx.table('sales').clear();
  await tx.table('outbox').clear();
}

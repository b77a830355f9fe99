import type { Mutation, StoreLossSummary } from '@kasir/protocol';
import type { JournalSale } from './sale-journal.ts';

/**
 * A copy of one journal entry kept outside IndexedDB: its mutation, and for a sale the sale as
 * recorded (without its input, which is the mutation's payload) with its receipt counter: the
 * journal row itself, less its seq.
 */
export interface JournalCopy {
  readonly mutation: Mutation;
  readonly createdAt: string;
  readonly sale?: JournalSale;
  readonly counter?: number;
}

/**
 * A second copy of the entries not yet synced, outside the device's IndexedDB (port).
 *
 * Why: Chromium deletes an origin's whole IndexedDB when it finds it corrupted on start, and a
 * kill -9 in the middle of a write can leave it so (the fault suite's device-crash test saw it:
 * "IndexedDB recovering from a corrupted (and deleted) database"). Every sale not yet uploaded
 * would go with it, and the receipt counter would start again from the pairing's. The copy lets
 * the client put those entries back and resume above the highest receipt number (S10).
 *
 * Invariant: a copy is written after its entry committed to the store, and removed only once the
 * store holds the entry as synced or discarded. The highest counter is never lowered.
 */
export interface JournalMirror {
  /** Keeps a copy; resolves once written. */
  put(copy: JournalCopy): Promise<void>;
  /** Keeps `counter` as a receipt counter reached (the highest is what counts). */
  keepCounter(counter: number): Promise<void>;
  /** Drops the copies of these mutation ids. */
  remove(ids: readonly string[]): Promise<void>;
  /** The mutation ids of every copy held (cheap: no copy is read). */
  ids(): Promise<string[]>;
  /** The copies of these ids (those still held). */
  read(ids: readonly string[]): Promise<JournalCopy[]>;
  /** The highest counter kept, 0 if none: kept when copies are removed. */
  highestCounter(): Promise<number>;
  /**
   * Keeps the last loss of the store (replacing the one before), outside the store like the copies:
   * the health report carries it to the back office even when the till reports only after a long
   * time offline and a restart.
   */
  noteLoss(loss: StoreLossSummary): Promise<void>;
  /** The last loss kept, null if none. */
  lastLoss(): Promise<StoreLossSummary | null>;
}

/**
 * The order copies go back into a journal: the order they were made in, by the device's time (a
 * refund after its sale), then by receipt counter (two sales in one millisecond).
 */
export function copyOrder(a: JournalCopy, b: JournalCopy): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return (a.counter ?? 0) - (b.counter ?? 0);
}

/** A mirror in memory (tests; a device without a place for the copy keeps none across restarts). */
export function memoryJournalMirror(): JournalMirror {
  const copies = new Map<string, JournalCopy>();
  let counter = 0;
  let loss: StoreLossSummary | null = null;
  return {
    put(copy) {
      copies.set(copy.mutation.id, structuredClone(copy));
      return Promise.resolve();
    },
    keepCounter(n) {
      counter = Math.max(counter, n);
      return Promise.resolve();
    },
    remove(ids) {
      for (const id of ids) copies.delete(id);
      return Promise.resolve();
    },
    ids: () => Promise.resolve([...copies.keys()]),
    read: (ids) =>
      Promise.resolve(
        ids.flatMap((id) => {
          const copy = copies.get(id);
          return copy === undefined ? [] : [structuredClone(copy)];
        }),
      ),
    highestCounter: () => Promise.resolve(counter),
    noteLoss(l) {
      loss = { ...l };
      return Promise.resolve();
    },
    lastLoss: () => Promise.resolve(loss === null ? null : { ...loss }),
  };
}

import type { DeviceStore, SaleCommit } from './device-store.ts';
import type { CounterRow, KasirDb } from './dexie-schema.ts';
import { newOutboxRow } from './records.ts';
import type { JournalRow } from './sale-journal.ts';

/** The counter row held another value than this connection expected: another tab sold meanwhile. */
class StaleCounter extends Error {
  constructor() {
    super('the receipt counter moved under this connection');
  }
}

type Committed = Awaited<ReturnType<DeviceStore['commitSale']>>;

/** The journal row of a sale: the sale without its input (the mutation's payload) and sync state. */
function journalRowOf(
  { sale, mutation }: SaleCommit,
  createdAt: string,
  counter: number,
): Omit<JournalRow, 'seq'> {
  const { sync: _sync, input: _input, ...kept } = sale;
  return { id: mutation.id, mutation, createdAt, sale: kept, counter };
}

/**
 * The sale's strict transaction (S1, S10), kept to as few round trips between the page and the
 * IndexedDB backend as the counter allows. Every result of a request reaches the page only when its
 * main thread is free, and right after a tap it rarely is (React renders, the browser lays out and
 * paints): B6 measured each round trip waiting 5-40 ms behind that work, not behind the disk. The
 * classic commit takes three (read the counter; write the counter and the journal row; commit).
 *
 * This one takes two: the connection remembers the counter it last saw, builds the sale with the
 * next number before the transaction, and sends the read of the counter together with both writes.
 * IndexedDB runs a transaction's requests in order, so the read returns the value before this
 * sale's write; if it is not the one remembered (another tab sold, or raised the counter), the
 * transaction is aborted (neither write lands) and the sale is committed the classic way; if it
 * is, the transaction is committed right there, without waiting for the writes' results. Nothing
 * is weakened: the counter and the row still commit atomically, strictly, and a number is never
 * handed out twice, whichever tab sells.
 */
export function saleCommitter(
  durable: KasirDb,
  initial: number | undefined,
): {
  commitSale: DeviceStore['commitSale'];
  raiseInvoiceCounter: DeviceStore['raiseInvoiceCounter'];
} {
  let known = initial;
  const tables = [durable.counters, durable.journal];

  const write = async (commit: SaleCommit, createdAt: string, counter: number): Promise<Committed> => {
    const seq = await durable.journal.add(journalRowOf(commit, createdAt, counter));
    return { sale: commit.sale, entry: { ...newOutboxRow(commit.mutation, createdAt), seq } };
  };

  const classic = (build: (counter: number) => SaleCommit, createdAt: string): Promise<Committed> =>
    durable.transaction('rw', tables, async () => {
      const counter = ((await durable.counters.get('invoice'))?.value ?? 0) + 1;
      const commit = build(counter);
      // Both writes go out together: one round trip instead of two; one failing aborts both.
      const [, done] = await Promise.all([
        durable.counters.put({ key: 'invoice', value: counter }),
        write(commit, createdAt, counter),
      ]);
      known = counter;
      return done;
    });

  // Plain IndexedDB on Dexie's own connection: the check below must run in the read's success
  // event, and then commit at once, without waiting for the page to see the writes' results.
  const pipelined = (
    expected: number,
    build: (counter: number) => SaleCommit,
    createdAt: string,
  ): Promise<Committed> => {
    const counter = expected + 1;
    const commit = build(counter);
    const row = journalRowOf(commit, createdAt, counter);
    return new Promise((resolve, reject) => {
      const tx = durable.backendDB().transaction(['counters', 'journal'], 'readwrite', {
        durability: 'strict',
      });
      const counters = tx.objectStore('counters');
      let stale = false;
      let seq: IDBValidKey | undefined;
      const seen = counters.get('invoice');
      counters.put({ key: 'invoice', value: counter } satisfies CounterRow);
      const added = tx.objectStore('journal').add(row);
      seen.onsuccess = () => {
        const value = (seen.result as CounterRow | undefined)?.value ?? 0;
        if (value !== expected) {
          // Neither write is kept: another tab sold (or raised the counter) since.
          stale = true;
          tx.abort();
          return;
        }
        // The writes are queued behind the read: the backend may commit without asking the page.
        tx.commit();
      };
      added.onsuccess = () => {
        seq = added.result;
      };
      tx.oncomplete = () => {
        if (typeof seq !== 'number') {
          reject(new Error('the journal gave the sale no sequence number'));
          return;
        }
        known = counter;
        resolve({ sale: commit.sale, entry: { ...newOutboxRow(commit.mutation, createdAt), seq } });
      };
      tx.onabort = () => reject(stale ? new StaleCounter() : (tx.error ?? new Error('sale not committed')));
    });
  };

  return {
    async commitSale(build, createdAt) {
      const expected = known;
      // Until this commit succeeds the remembered value is not trusted (a failed write, another tab).
      known = undefined;
      if (expected === undefined) return classic(build, createdAt);
      try {
        return await pipelined(expected, build, createdAt);
      } catch (e) {
        if (e instanceof StaleCounter) return classic(build, createdAt);
        throw e;
      }
    },
    raiseInvoiceCounter: (atLeast) =>
      durable.transaction('rw', [durable.counters], async () => {
        const counter = (await durable.counters.get('invoice'))?.value ?? 0;
        if (atLeast > counter) await durable.counters.put({ key: 'invoice', value: atLeast });
        known = Math.max(atLeast, counter);
      }),
  };
}

import type { DeviceStore, SaleCommit } from './device-store.ts';
import type { CounterRow, CounterStepRow, KasirDb } from './dexie-schema.ts';
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

/** The key of the claim on the counter's step from `after` to the next value (CounterStepRow). */
export function stepKey(after: number): CounterStepRow['key'] {
  return ['invoice-after', after];
}

/**
 * How long a remembered counter is trusted without reading it: claims older than the newest
 * STEPS_KEPT are pruned, and no till makes that many sales in this time.
 */
const KNOWN_FOR_MS = 10 * 60_000;
/** Claims the retention prune keeps (dexie-store.ts); see KNOWN_FOR_MS. */
export const STEPS_KEPT = 10_000;

/**
 * The sale's strict transaction (S1, S10) in one round trip between the page and the IndexedDB
 * backend. Every result of a request reaches the page only when its main thread is free and the
 * browser's IndexedDB sequence got to it; B6 measured each such hop at 2-20 ms while the previous
 * sale's sync and rendering run, against 1 ms for a lone strict transaction.
 *
 * The connection remembers the counter it last saw and builds the sale with the next number before
 * the transaction. The transaction adds the claim on that step (`add` fails if the key exists:
 * another tab sold, or raised the counter, since), puts the counter and the journal row, and is
 * committed at once, without waiting for any result: if the claim fails, IndexedDB aborts the whole
 * transaction (neither write lands) and the sale is committed the classic way (read the counter,
 * write both, under the transaction's lock). A number is never handed out twice, whichever tab
 * sells, and the counter and the row commit atomically and strictly.
 */
export function saleCommitter(
  durable: KasirDb,
  initial: number | undefined,
): {
  commitSale: DeviceStore['commitSale'];
  raiseInvoiceCounter: DeviceStore['raiseInvoiceCounter'];
} {
  let known = initial;
  let knownAt = performance.now();
  const remember = (counter: number): void => {
    known = counter;
    knownAt = performance.now();
  };
  const tables = [durable.counters, durable.journal];

  const write = async (commit: SaleCommit, createdAt: string, counter: number): Promise<Committed> => {
    const seq = await durable.journal.add(journalRowOf(commit, createdAt, counter));
    return { sale: commit.sale, entry: { ...newOutboxRow(commit.mutation, createdAt), seq } };
  };

  const classic = (build: (counter: number) => SaleCommit, createdAt: string): Promise<Committed> =>
    durable.transaction('rw', tables, async () => {
      const current = (await durable.counters.get('invoice'))?.value ?? 0;
      const counter = current + 1;
      const commit = build(counter);
      // All writes go out together: one round trip instead of three; one failing aborts all. The
      // claim is a put: this transaction read the counter under its lock, it is the authority.
      const [, , done] = await Promise.all([
        durable.counters.put({ key: stepKey(current), value: counter }),
        durable.counters.put({ key: 'invoice', value: counter }),
        write(commit, createdAt, counter),
      ]);
      remember(counter);
      return done;
    });

  // Plain IndexedDB on Dexie's own connection: Dexie waits for each request's result.
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
      tx.onabort = () => reject(stale ? new StaleCounter() : (tx.error ?? new Error('sale not committed')));
      try {
        const claim = counters.add({ key: stepKey(expected), value: counter } satisfies CounterStepRow);
        // Not prevented: the failed claim aborts the transaction, with both writes.
        claim.onerror = () => {
          stale = claim.error?.name === 'ConstraintError';
        };
        counters.put({ key: 'invoice', value: counter } satisfies CounterRow);
        const added = tx.objectStore('journal').add(row);
        added.onsuccess = () => {
          seq = added.result;
        };
        tx.commit();
      } catch (e) {
        // A request refused at once (the row not cloneable, say): the counter's writes already
        // queued must not commit alone, or a receipt number would be used up by no sale.
        const refused = e instanceof Error ? e : new Error(String(e));
        tx.onabort = () => reject(refused);
        try {
          tx.abort();
        } catch {
          reject(refused);
        }
        return;
      }
      tx.oncomplete = () => {
        if (typeof seq !== 'number') {
          reject(new Error('the journal gave the sale no sequence number'));
          return;
        }
        remember(counter);
        resolve({ sale: commit.sale, entry: { ...newOutboxRow(commit.mutation, createdAt), seq } });
      };
    });
  };

  return {
    async commitSale(build, createdAt) {
      const expected = performance.now() - knownAt > KNOWN_FOR_MS ? undefined : known;
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
        if (atLeast > counter) {
          await durable.counters.put({ key: stepKey(counter), value: atLeast });
          await durable.counters.put({ key: 'invoice', value: atLeast });
        }
        remember(Math.max(atLeast, counter));
      }),
  };
}

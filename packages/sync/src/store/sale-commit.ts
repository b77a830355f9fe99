import type { DeviceStore, SaleCommit } from './device-store.ts';
import type { KasirDb } from './dexie-schema.ts';
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
 * transaction is aborted (neither write lands) and the sale is committed the classic way. Nothing
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

  const pipelined = (
    expected: number,
    build: (counter: number) => SaleCommit,
    createdAt: string,
  ): Promise<Committed> => {
    const counter = expected + 1;
    const commit = build(counter);
    return durable.transaction('rw', tables, async () => {
      const [seen, , done] = await Promise.all([
        durable.counters.get('invoice'),
        durable.counters.put({ key: 'invoice', value: counter }),
        write(commit, createdAt, counter),
      ]);
      // Thrown inside the transaction: Dexie aborts it, so neither write is kept.
      if ((seen?.value ?? 0) !== expected) throw new StaleCounter();
      known = counter;
      return done;
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

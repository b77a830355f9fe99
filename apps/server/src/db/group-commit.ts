import { sql, type Transaction } from 'kysely';
import type { Db } from './open-database.ts';
import type { Database } from './schema.ts';

type Work<T> = (trx: Transaction<Database>) => Promise<T>;

/**
 * Handles many items of one kind in one go (e.g. sales: a fixed number of statements per batch).
 * `lock` takes the key's lock (the committer's `lock` option) if this transaction does not hold it
 * yet: a handler that writes calls it before its first write, so it may read without the lock.
 */
export type BulkHandler<B, R> = (
  trx: Transaction<Database>,
  items: B[],
  lock: () => Promise<void>,
) => Promise<R[]>;

type Job<B> =
  | {
      readonly kind: 'work';
      readonly work: Work<unknown>;
      resolve(v: unknown): void;
      reject(e: unknown): void;
    }
  | { readonly kind: 'bulk'; readonly item: B; resolve(v: unknown): void; reject(e: unknown): void };

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Group commit: writes that arrive while a transaction of the same key is running wait and then
 * share the next transaction. One commit (one fsync on SQLite, one hold of the branch's feed counter
 * on PostgreSQL, S5) then covers many writes. Consecutive bulk items go to the bulk handler together;
 * other work runs one by one. Each run sits in a savepoint of its own.
 *
 * Invariants:
 * - a job's promise resolves only after its transaction committed: nothing is acknowledged before
 *   it is durable;
 * - a run that throws is rolled back to its savepoint alone and its jobs are rejected with the
 *   error; the rest of the group still commits (S9: one bad write never blocks the others);
 * - if the commit itself fails, every job of the group is rejected and none took effect;
 * - jobs of one key start in the order they were submitted (S2).
 */
export class GroupCommitter<B = never, R = never> {
  readonly #db: Db;
  readonly #maxBatch: number;
  readonly #bulk: BulkHandler<B, R> | undefined;
  readonly #lock: ((trx: Transaction<Database>, key: string) => Promise<void>) | undefined;
  readonly #queues = new Map<string, Job<B>[]>();
  readonly #running = new Set<string>();

  /**
   * @param opts.lock runs first in every group transaction of a key, except one of bulk items only,
   *   where the bulk handler takes it itself (through its `lock` argument) after its reads and before
   *   its first write: the lock is then held only while the group writes (issue 18). Writers of one
   *   key in several processes take that lock before any row lock, so they queue instead of
   *   deadlocking (a group transaction chains several runs, each locking rows of its own).
   */
  constructor(
    db: Db,
    opts: {
      maxBatch?: number;
      bulk?: BulkHandler<B, R>;
      lock?: (trx: Transaction<Database>, key: string) => Promise<void>;
    } = {},
  ) {
    this.#db = db;
    this.#maxBatch = opts.maxBatch ?? 100;
    this.#bulk = opts.bulk;
    this.#lock = opts.lock;
  }

  /** Runs `work` in a transaction shared with other writes of `key` (e.g. a branch). */
  run<T>(key: string, work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#enqueue(key, { kind: 'work', work, resolve: resolve, reject });
    });
  }

  /** Hands `item` to the bulk handler, together with the other bulk items queued for `key`. */
  bulk(key: string, item: B): Promise<R> {
    if (this.#bulk === undefined) throw new Error('GroupCommitter: no bulk handler');
    return new Promise<R>((resolve, reject) => {
      this.#enqueue(key, { kind: 'bulk', item, resolve: resolve, reject });
    });
  }

  #enqueue(key: string, job: Job<B>): void {
    const q = this.#queues.get(key) ?? [];
    q.push(job);
    this.#queues.set(key, q);
    if (!this.#running.has(key)) void this.#drain(key);
  }

  async #drain(key: string): Promise<void> {
    this.#running.add(key);
    try {
      for (;;) {
        // Yield once so requests that already arrived can join this batch: better-sqlite3 commits
        // synchronously (the fsync blocks the event loop), so without this yield nothing queues
        // up during a commit and every batch would hold one sale.
        await new Promise((resolve) => setImmediate(resolve));
        const q = this.#queues.get(key);
        if (q === undefined || q.length === 0) break;
        await this.#runBatch(key, q.splice(0, this.#maxBatch));
      }
    } finally {
      this.#running.delete(key);
      this.#queues.delete(key);
    }
  }

  async #runBatch(key: string, batch: Job<B>[]): Promise<void> {
    if (batch.every((j) => j.kind === 'bulk') && (await this.#runWhole(key, batch))) return;
    const outcomes: Outcome[] = [];
    try {
      await this.#db.kysely.transaction().execute(async (trx) => {
        await this.#lock?.(trx, key);
        for (let i = 0; i < batch.length;) {
          // A run: consecutive bulk items, or one piece of work.
          let j = i + 1;
          if (batch[i]!.kind === 'bulk') while (j < batch.length && batch[j]!.kind === 'bulk') j++;
          const run = batch.slice(i, j);
          const failed = await this.#inSavepoint(trx, run, outcomes);
          // One bad item must not fail the others of its bulk run: try them one by one.
          if (failed && run.length > 1) {
            outcomes.splice(outcomes.length - run.length);
            for (const job of run) await this.#inSavepoint(trx, [job], outcomes);
          }
          i = j;
        }
      });
    } catch (error) {
      for (const job of batch) job.reject(error);
      return;
    }
    batch.forEach((job, i) => {
      const o = outcomes[i]!;
      if (o.ok) job.resolve(o.value);
      else job.reject(o.error);
    });
  }

  /**
   * The common case, a batch of bulk items only (sales), without savepoints: on PostgreSQL each
   * savepoint and its release is a round trip (issue 18), and the key's lock is taken by the bulk
   * handler after its reads instead of first (see the constructor). If
   * anything throws, the transaction rolls back whole (nothing took effect) and the caller runs the
   * batch again the careful way, a savepoint per run and then per item (S9). Bulk handlers read
   * their state from the database, so running one again after a rollback is safe; a commit whose
   * outcome was lost is found by the second run's idempotency lookup (S3). Returns whether it
   * answered the batch.
   */
  async #runWhole(key: string, batch: Job<B>[]): Promise<boolean> {
    let values: unknown[];
    try {
      values = await this.#db.kysely.transaction().execute(async (trx) => {
        let locked: Promise<void> | undefined;
        const lock = () => (locked ??= this.#lock?.(trx, key) ?? Promise.resolve());
        return this.#execute(trx, batch, lock);
      });
    } catch {
      return false;
    }
    batch.forEach((job, i) => job.resolve(values[i]));
    return true;
  }

  /** Runs `run` in a savepoint, appending one outcome per job; returns whether it failed. */
  async #inSavepoint(trx: Transaction<Database>, run: Job<B>[], outcomes: Outcome[]): Promise<boolean> {
    await sql`savepoint run`.execute(trx);
    try {
      const values = await this.#execute(trx, run);
      await sql`release savepoint run`.execute(trx);
      for (const value of values) outcomes.push({ ok: true, value });
      return false;
    } catch (error) {
      await sql`rollback to savepoint run`.execute(trx);
      await sql`release savepoint run`.execute(trx);
      for (let k = 0; k < run.length; k++) outcomes.push({ ok: false, error });
      return true;
    }
  }

  /** Runs `run`; `lock` is what its bulk handler calls to take the key's lock (already held: a no-op). */
  async #execute(
    trx: Transaction<Database>,
    run: Job<B>[],
    lock: () => Promise<void> = () => Promise.resolve(),
  ): Promise<unknown[]> {
    const first = run[0]!;
    if (first.kind === 'work') return [await first.work(trx)];
    const items = run.map((j) => (j.kind === 'bulk' ? j.item : undefined!));
    const values = await this.#bulk!(trx, items, lock);
    if (values.length !== items.length) throw new Error('bulk handler must answer every item');
    return values;
  }
}

import { sql, type Transaction } from 'kysely';
import type { Db } from './open-database.ts';
import type { Database } from './schema.ts';

type Work<T> = (trx: Transaction<Database>) => Promise<T>;

/**
 * Jobs per group transaction: a device's whole push (protocol MAX_PUSH_BATCH, 200) in one group.
 * At 100 a push of 200 queued sales took two groups one after the other; B5 on PostgreSQL, A/B
 * back to back: 12.5 / 8.0 s at 100, 8.9 / 6.6 s at 200.
 */
const DEFAULT_MAX_BATCH = 200;

/**
 * What the key's lock answers (the branch's feed counter when it was locked), or undefined.
 */
export type LockAnswer = number | undefined;

/**
 * Handles many items of one kind in one go (e.g. sales: a fixed number of statements per batch).
 * `lock` takes the key's lock (the committer's `lock` option) if this transaction does not hold it
 * yet: a handler that writes calls it before its first write, so it may read without the lock.
 * It resolves to what the committer's lock answered, for its first caller in the transaction only
 * (that caller may move what it answered, e.g. hand out feed positions from it); later calls, and a
 * lock taken before the handler ran (the careful way), resolve to undefined.
 */
export type BulkHandler<B, R> = (
  trx: Transaction<Database>,
  items: B[],
  lock: () => Promise<LockAnswer>,
) => Promise<R[]>;

/**
 * Checks, in a group's transaction, whether the jobs' tickets still admit them (e.g. device tokens
 * that came from an unchecked cache): one call per group, answering per ticket the error to reject
 * its job with, or undefined to run it.
 */
export type Admit<A> = (trx: Transaction<Database>, tickets: readonly A[]) => Promise<readonly unknown[]>;

interface Settle {
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

type Job<B, A> = Settle & { readonly ticket: A | undefined } & (
    { readonly kind: 'work'; readonly work: Work<unknown> } | { readonly kind: 'bulk'; readonly item: B }
  );

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
export class GroupCommitter<B = never, R = never, A = never> {
  readonly #db: Db;
  readonly #maxBatch: number;
  readonly #bulk: BulkHandler<B, R> | undefined;
  readonly #lock: ((trx: Transaction<Database>, key: string) => Promise<LockAnswer>) | undefined;
  readonly #admit: Admit<A> | undefined;
  readonly #queues = new Map<string, Job<B, A>[]>();
  readonly #running = new Set<string>();

  /**
   * @param opts.lock runs first in every group transaction of a key, except one of bulk items only,
   *   where the bulk handler takes it itself (through its `lock` argument) after its reads and before
   *   its first write: the lock is then held only while the group writes (issue 18). Writers of one
   *   key in several processes take that lock before any row lock, so they queue instead of
   *   deadlocking (a group transaction chains several runs, each locking rows of its own).
   * @param opts.admit checks the tickets of a group's jobs first thing in its transaction (jobs
   *   submitted with one); a refused job is rejected with its error and the rest run.
   */
  constructor(
    db: Db,
    opts: {
      maxBatch?: number;
      bulk?: BulkHandler<B, R>;
      lock?: (trx: Transaction<Database>, key: string) => Promise<LockAnswer>;
      admit?: Admit<A>;
    } = {},
  ) {
    this.#db = db;
    this.#maxBatch = opts.maxBatch ?? DEFAULT_MAX_BATCH;
    this.#bulk = opts.bulk;
    this.#lock = opts.lock;
    this.#admit = opts.admit;
  }

  /**
   * Runs `work` in a transaction shared with other writes of `key` (e.g. a branch); with a
   * `ticket`, only if the committer's `admit` lets it.
   */
  run<T>(key: string, work: Work<T>, ticket?: A): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#enqueue(key, { kind: 'work', work, ticket, resolve: resolve, reject });
    });
  }

  /** Hands `item` to the bulk handler, together with the other bulk items queued for `key`. */
  bulk(key: string, item: B, ticket?: A): Promise<R> {
    if (this.#bulk === undefined) throw new Error('GroupCommitter: no bulk handler');
    return new Promise<R>((resolve, reject) => {
      this.#enqueue(key, { kind: 'bulk', item, ticket, resolve: resolve, reject });
    });
  }

  #enqueue(key: string, job: Job<B, A>): void {
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

  async #runBatch(key: string, jobs: Job<B, A>[]): Promise<void> {
    if (jobs.every((j) => j.kind === 'bulk') && (await this.#runWhole(key, jobs))) return;
    const outcomes: Outcome[] = [];
    let batch = jobs;
    let refused: [Job<B, A>, unknown][] = [];
    try {
      await this.#db.kysely.transaction().execute(async (trx) => {
        await this.#lock?.(trx, key);
        ({ admitted: batch, refused } = await this.#admitted(trx, jobs));
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
      for (const job of jobs) job.reject(error);
      return;
    }
    for (const [job, error] of refused) job.reject(error);
    batch.forEach((job, i) => {
      const o = outcomes[i]!;
      if (o.ok) job.resolve(o.value);
      else job.reject(o.error);
    });
  }

  /** The jobs whose tickets `admit` lets in (all when none has one), and the others with why. */
  async #admitted(
    trx: Transaction<Database>,
    jobs: Job<B, A>[],
  ): Promise<{ admitted: Job<B, A>[]; refused: [Job<B, A>, unknown][] }> {
    const ticketed = jobs.filter((j) => j.ticket !== undefined);
    if (this.#admit === undefined || ticketed.length === 0) return { admitted: jobs, refused: [] };
    const errors = await this.#admit(
      trx,
      ticketed.map((j) => j.ticket!),
    );
    const refusedBy = new Map<Job<B, A>, unknown>();
    ticketed.forEach((j, i) => {
      if (errors[i] !== undefined) refusedBy.set(j, errors[i]);
    });
    return { admitted: jobs.filter((j) => !refusedBy.has(j)), refused: [...refusedBy] };
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
  async #runWhole(key: string, jobs: Job<B, A>[]): Promise<boolean> {
    let done: { admitted: Job<B, A>[]; refused: [Job<B, A>, unknown][]; values: unknown[] };
    try {
      done = await this.#db.kysely.transaction().execute(async (trx) => {
        let locked: Promise<LockAnswer> | undefined;
        const lock = async (): Promise<LockAnswer> => {
          const first = locked === undefined;
          locked ??= this.#lock?.(trx, key) ?? Promise.resolve(undefined);
          const answer = await locked;
          return first ? answer : undefined;
        };
        const { admitted, refused } = await this.#admitted(trx, jobs);
        const values = admitted.length === 0 ? [] : await this.#execute(trx, admitted, lock);
        return { admitted, refused, values };
      });
    } catch {
      return false;
    }
    for (const [job, error] of done.refused) job.reject(error);
    done.admitted.forEach((job, i) => job.resolve(done.values[i]));
    return true;
  }

  /** Runs `run` in a savepoint, appending one outcome per job; returns whether it failed. */
  async #inSavepoint(trx: Transaction<Database>, run: Job<B, A>[], outcomes: Outcome[]): Promise<boolean> {
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
    run: Job<B, A>[],
    lock: () => Promise<LockAnswer> = () => Promise.resolve(undefined),
  ): Promise<unknown[]> {
    const first = run[0]!;
    if (first.kind === 'work') return [await first.work(trx)];
    const items = run.map((j) => (j.kind === 'bulk' ? j.item : undefined!));
    const values = await this.#bulk!(trx, items, lock);
    if (values.length !== items.length) throw new Error('bulk handler must answer every item');
    return values;
  }
}

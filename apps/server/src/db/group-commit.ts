import { sql, type Transaction } from 'kysely';
import type { Db } from './open-database.ts';
import type { Database } from './schema.ts';

type Work<T> = (trx: Transaction<Database>) => Promise<T>;

interface Job {
  readonly work: Work<unknown>;
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

/**
 * Group commit: writes that arrive while a transaction of the same key is running wait and then
 * share the next transaction, each inside a savepoint of its own. One commit (one fsync on SQLite,
 * one hold of the branch's feed counter on PostgreSQL, S5) then covers many sales.
 *
 * Invariants:
 * - a job's promise resolves only after its transaction committed, so nothing is acknowledged
 *   before it is durable;
 * - a job that throws is rolled back to its savepoint alone and rejected with its error; the
 *   others of the group still commit (S9: one bad write never blocks the rest);
 * - if the commit itself fails, every job of the group is rejected and none took effect.
 */
export class GroupCommitter {
  readonly #db: Db;
  readonly #maxBatch: number;
  readonly #queues = new Map<string, Job[]>();
  readonly #running = new Set<string>();

  constructor(db: Db, opts: { maxBatch?: number } = {}) {
    this.#db = db;
    this.#maxBatch = opts.maxBatch ?? 64;
  }

  /** Runs `work` in a transaction shared with other writes of `key` (e.g. a branch). */
  run<T>(key: string, work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const q = this.#queues.get(key) ?? [];
      q.push({ work, resolve: resolve, reject });
      this.#queues.set(key, q);
      if (!this.#running.has(key)) void this.#drain(key);
    });
  }

  async #drain(key: string): Promise<void> {
    this.#running.add(key);
    try {
      for (;;) {
        const q = this.#queues.get(key);
        if (q === undefined || q.length === 0) break;
        const batch = q.splice(0, this.#maxBatch);
        await this.#runBatch(batch);
      }
    } finally {
      this.#running.delete(key);
      this.#queues.delete(key);
    }
  }

  async #runBatch(batch: Job[]): Promise<void> {
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      await this.#db.kysely.transaction().execute(async (trx) => {
        if (batch.length === 1) {
          outcomes.push({ ok: true, value: await batch[0]!.work(trx) });
          return;
        }
        for (const job of batch) {
          await sql`savepoint job`.execute(trx);
          try {
            outcomes.push({ ok: true, value: await job.work(trx) });
            await sql`release savepoint job`.execute(trx);
          } catch (error) {
            await sql`rollback to savepoint job`.execute(trx);
            await sql`release savepoint job`.execute(trx);
            outcomes.push({ ok: false, error });
          }
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
}

import { Counter, Gauge, type Registry } from 'prom-client';
import type { Db } from '../db/open-database.ts';
import { branchScope } from '../feed/feed.ts';
import { compactSaleOutcomes, type BatchResult } from './compact-mutations.ts';
import { pruneFeedSales } from './prune-feed.ts';
import { IMAGE_GRACE_DAYS, pruneProductImages } from './prune-images.ts';

const DAY_MS = 86_400_000;

/** The retention settings (config.ts, docs/deploy.md "Retention"). */
export interface RetentionSettings {
  /** KASIR_MUTATION_RETENTION_DAYS: `sale.create` outcomes of sales older than this are compacted. */
  readonly mutationDays: number;
  /** KASIR_FEED_RETENTION_DAYS: feed rows of sales received before this many days are deleted. */
  readonly feedDays: number;
  /** KASIR_RETENTION_INTERVAL_MINUTES in ms: how often the sweeps run; 0 = never. */
  readonly intervalMs: number;
  /** Rows one batch (one short transaction) reads at most; default 500. */
  readonly batchSize?: number;
  /** Pause between batches, so writers get the database in between; default 20 ms. */
  readonly pauseMs?: number;
  /** Delay of the first run after start; default one minute. */
  readonly firstRunMs?: number;
}

/** The log the job writes its one line per run to (a pino logger). */
export interface RetentionLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** What one run did. */
export interface RetentionRun {
  readonly compacted: number;
  readonly keptWhole: number;
  readonly feedDeleted: number;
  /** Product pictures no product had named for IMAGE_GRACE_DAYS, deleted. */
  readonly imagesDeleted: number;
  readonly ms: number;
}

export interface RetentionJobOptions {
  readonly db: Db;
  readonly settings: RetentionSettings;
  readonly now: () => number;
  readonly log: RetentionLog;
  /** Where its metrics go (`/metrics`); none in tests that do not look. */
  readonly registry?: Registry;
}

/**
 * The retention of old rows (issue 18 item 3; docs/deploy.md "Retention"): every interval, stored
 * sale outcomes past the mutation retention are compacted (compact-mutations.ts), feed rows of
 * sales past the feed retention deleted (prune-feed.ts) and product pictures no product has named
 * for IMAGE_GRACE_DAYS deleted (prune-images.ts), each in batches of short transactions.
 * Several processes may run it: batches are idempotent, and on PostgreSQL one process at a time
 * works (an advisory lock; the others skip the run).
 */
export class RetentionJob {
  readonly #o: RetentionJobOptions;
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #rows: Counter<'table' | 'action'> | undefined;
  readonly #lastRun: Gauge | undefined;
  #running: Promise<RetentionRun> | undefined;
  #closed = false;

  constructor(o: RetentionJobOptions) {
    this.#o = o;
    if (o.registry !== undefined) {
      this.#rows = new Counter({
        name: 'kasir_retention_rows_total',
        help: 'Rows handled by retention: mutations compacted or kept whole, changes and product images deleted',
        labelNames: ['table', 'action'],
        registers: [o.registry],
      });
      this.#lastRun = new Gauge({
        name: 'kasir_retention_last_run_timestamp_seconds',
        help: 'When the last retention run of this process ended',
        registers: [o.registry],
      });
    }
  }

  /** Schedules the runs (nothing when the interval is 0). */
  start(): void {
    const every = this.#o.settings.intervalMs;
    if (every <= 0) return;
    const tick = () =>
      void this.runOnce().catch((err: unknown) => this.#o.log.warn({ err }, 'retention run failed'));
    const first = setTimeout(tick, this.#o.settings.firstRunMs ?? 60_000);
    const repeat = setInterval(tick, every);
    first.unref();
    repeat.unref();
    this.#timers.push(first, repeat);
  }

  /** One run of every sweep to its end; concurrent callers share it. */
  runOnce(): Promise<RetentionRun> {
    this.#running ??= this.#run().finally(() => (this.#running = undefined));
    return this.#running;
  }

  /** Stops scheduling; a run under way ends after its current batch. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const t of this.#timers) clearTimeout(t);
    await this.#running?.catch(() => undefined);
  }

  async #run(): Promise<RetentionRun> {
    const { db, settings, now, log } = this.#o;
    const started = Date.now();
    const at = now();
    const outcomesBefore = new Date(at - settings.mutationDays * DAY_MS).toISOString();
    const feedBefore = new Date(at - settings.feedDays * DAY_MS).toISOString();
    const limit = settings.batchSize ?? 500;
    const outcomes = await this.#sweep(() => compactSaleOutcomes(db, outcomesBefore, limit));
    let feedDeleted = 0;
    const branches = await db.reader.selectFrom('branches').select('id').orderBy('id').execute();
    for (const b of branches) {
      if (this.#closed) break;
      feedDeleted += (await this.#sweep(() => pruneFeedSales(db, branchScope(b.id), feedBefore, limit))).done;
    }
    const imagesBefore = new Date(at - IMAGE_GRACE_DAYS * DAY_MS).toISOString();
    const images = this.#closed
      ? { done: 0 }
      : await this.#sweep(() => pruneProductImages(db, new Date(at).toISOString(), imagesBefore, limit));
    const run = {
      compacted: outcomes.done,
      keptWhole: outcomes.kept,
      feedDeleted,
      imagesDeleted: images.done,
      ms: Date.now() - started,
    };
    this.#rows?.inc({ table: 'mutations', action: 'compacted' }, run.compacted);
    this.#rows?.inc({ table: 'mutations', action: 'kept' }, run.keptWhole);
    this.#rows?.inc({ table: 'changes', action: 'deleted' }, run.feedDeleted);
    this.#rows?.inc({ table: 'product_images', action: 'deleted' }, run.imagesDeleted);
    this.#lastRun?.set(Date.now() / 1000);
    log.info({ ...run, outcomesBefore, feedBefore, imagesBefore }, 'retention run');
    return run;
  }

  /** Batches until the sweep has nothing more (or the job closes), pausing between them. */
  async #sweep(batch: () => Promise<BatchResult>): Promise<{ done: number; kept: number }> {
    let done = 0;
    let kept = 0;
    for (;;) {
      const r = await batch();
      done += r.done;
      kept += r.kept;
      if (!r.more || this.#closed) return { done, kept };
      await new Promise((resolve) => setTimeout(resolve, this.#o.settings.pauseMs ?? 20));
    }
  }
}

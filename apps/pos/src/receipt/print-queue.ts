import type { PrintJob, PrintJobStore } from './print-job-store.ts';
import type { ConnectResult, PrinterLink } from './printer-transports.ts';

/** What the cashier sees of the queue: how many receipts wait, and why the last try failed. */
export interface PrintQueueStatus {
  readonly queued: number;
  readonly printing: boolean;
  readonly lastError: string | null;
  /** Receipt numbers waiting, oldest first. */
  readonly labels: readonly string[];
}

export interface PrintQueueDeps {
  readonly store: PrintJobStore;
  /** Connects to this till's printer (reconnecting to the remembered one). */
  readonly connect: () => Promise<ConnectResult>;
  readonly now: () => Date;
  readonly newId: () => string;
  readonly setTimer: (fn: () => void, ms: number) => unknown;
  readonly clearTimer: (handle: unknown) => void;
}

/** First retry after 2 s, doubling to a minute: a printer out of paper is refilled in minutes. */
export const retryDelayMs = (attempts: number): number =>
  Math.min(60_000, 2_000 * 2 ** Math.max(0, attempts - 1));

/**
 * The durable print queue. A sale is committed before anything is printed (S1), so printing can
 * only fail on its own: a failed job stays queued with its error, is retried with backoff, and the
 * cashier is told through `status`. Jobs print in order; one failure holds the ones behind it so
 * receipts never come out shuffled.
 */
export class PrintQueue {
  readonly #deps: PrintQueueDeps;
  #link: PrinterLink | null = null;
  #jobs: PrintJob[] = [];
  #status: PrintQueueStatus = { queued: 0, printing: false, lastError: null, labels: [] };
  readonly #listeners = new Set<(s: PrintQueueStatus) => void>();
  #draining: Promise<void> | null = null;
  #timer: unknown = null;
  #closed = false;

  constructor(deps: PrintQueueDeps) {
    this.#deps = deps;
  }

  /** Loads what an earlier session left queued, and tries to print it. */
  async start(): Promise<void> {
    this.#jobs = await this.#deps.store.all();
    this.#publish({ lastError: this.#jobs.at(-1)?.lastError ?? null });
    await this.drain();
  }

  /** Queues `bytes` (durably, before any printing) and prints what it can. */
  async enqueue(label: string, bytes: Uint8Array): Promise<void> {
    const job: PrintJob = {
      id: this.#deps.newId(),
      label,
      bytes,
      createdAt: this.#deps.now().toISOString(),
      attempts: 0,
      lastError: null,
    };
    await this.#deps.store.put(job);
    this.#jobs.push(job);
    this.#publish({});
    await this.drain();
  }

  /** Prints every queued job in order, stopping at the first failure (then retried later). */
  drain(): Promise<void> {
    this.#draining ??= this.#drainOnce().finally(() => {
      this.#draining = null;
    });
    return this.#draining;
  }

  /** The printer was changed: drop the connection so the next print uses the new one. */
  async forgetConnection(): Promise<void> {
    const link = this.#link;
    this.#link = null;
    await link?.close().catch(() => undefined);
  }

  /** Uses a connection just opened by the cashier's choice (Web Bluetooth may not reconnect alone). */
  async adopt(link: PrinterLink): Promise<void> {
    await this.forgetConnection();
    this.#link = link;
  }

  get status(): PrintQueueStatus {
    return this.#status;
  }

  subscribe(listener: (s: PrintQueueStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== null) this.#deps.clearTimer(this.#timer);
    await this.forgetConnection();
  }

  async #drainOnce(): Promise<void> {
    if (this.#timer !== null) {
      this.#deps.clearTimer(this.#timer);
      this.#timer = null;
    }
    this.#publish({ printing: this.#jobs.length > 0 });
    while (!this.#closed && this.#jobs.length > 0) {
      const job = this.#jobs[0]!;
      const error = await this.#print(job.bytes);
      if (error === null) {
        await this.#deps.store.remove(job.id);
        this.#jobs.shift();
        this.#publish({ lastError: null });
        continue;
      }
      const failed: PrintJob = { ...job, attempts: job.attempts + 1, lastError: error };
      this.#jobs[0] = failed;
      await this.#deps.store.put(failed);
      this.#publish({ printing: false, lastError: error });
      this.#timer = this.#deps.setTimer(() => void this.drain(), retryDelayMs(failed.attempts));
      return;
    }
    this.#publish({ printing: false });
  }

  /** Sends the bytes; null when printed, else why not. The link is dropped on any failure. */
  async #print(bytes: Uint8Array): Promise<string | null> {
    if (this.#link === null) {
      const r = await this.#deps.connect();
      if (!r.ok) return r.message;
      this.#link = r.link;
    }
    try {
      await this.#link.write(bytes);
      return null;
    } catch (e) {
      await this.forgetConnection();
      return e instanceof Error ? e.message : String(e);
    }
  }

  #publish(change: Partial<PrintQueueStatus>): void {
    this.#status = {
      ...this.#status,
      ...change,
      queued: this.#jobs.length,
      labels: this.#jobs.map((j) => j.label),
    };
    for (const l of this.#listeners) l(this.#status);
  }
}

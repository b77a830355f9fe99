import type { Alert } from '@kasir/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/open-database.ts';
import { claimAlertCheck, evaluateAlerts, syncAlerts, type AlertRules } from './alerts.ts';

/** How a webhook POST is made; tests pass a fetch that talks to a local server. */
export type FetchLike = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string },
) => Promise<{ ok: boolean; status: number }>;

export interface AlertMonitorOptions {
  readonly db: Db;
  readonly rules: AlertRules;
  readonly now: () => number;
  readonly logger: FastifyBaseLogger;
  /** `KASIR_ALERT_WEBHOOK_URL`: each newly opened alert is POSTed here as JSON. */
  readonly webhookUrl?: string | undefined;
  readonly fetch?: FetchLike;
  /** Delays between webhook attempts; the length is the number of retries. */
  readonly retryDelaysMs?: readonly number[];
  /** How often alerts are evaluated in the background; 0 = only on demand. */
  readonly intervalMs?: number;
}

/**
 * Evaluates alerts in the background (and on demand, at most every few seconds, when a screen asks)
 * and sends newly opened ones to the webhook, retried with backoff. Several processes may run it:
 * one of them per interval runs the background check (claimAlertCheck), and an alert opens in
 * exactly one of them (alerts.ts), which sends it.
 */
export class AlertMonitor {
  readonly #o: AlertMonitorOptions;
  readonly #timer: NodeJS.Timeout | undefined;
  #lastRun = 0;
  #running: Promise<void> | undefined;
  readonly #sends = new Set<Promise<void>>();
  #closed = false;

  constructor(o: AlertMonitorOptions) {
    this.#o = o;
    const every = o.intervalMs ?? 60_000;
    if (every > 0) {
      // Every process has this timer; one of them per interval wins the claim and checks.
      // Claimed a little short of the interval, so timer drift never skips a whole minute.
      const tick = async (): Promise<void> => {
        if (await claimAlertCheck(o.db, o.now(), every * 0.9)) await this.refresh(0);
      };
      this.#timer = setInterval(
        () => void tick().catch((err: unknown) => o.logger.warn({ err }, 'alert check failed')),
        every,
      );
      this.#timer.unref();
    }
  }

  /** Re-evaluates unless that was done less than `maxAgeMs` ago; concurrent callers share a run. */
  async refresh(maxAgeMs = 5_000): Promise<void> {
    if (this.#o.now() - this.#lastRun < maxAgeMs) return;
    this.#running ??= this.#run().finally(() => (this.#running = undefined));
    return this.#running;
  }

  async #run(): Promise<void> {
    const nowMs = this.#o.now();
    const candidates = await evaluateAlerts(this.#o.db, nowMs, this.#o.rules);
    const opened = await syncAlerts(this.#o.db, candidates, new Date(nowMs).toISOString());
    this.#lastRun = nowMs;
    if (this.#o.webhookUrl !== undefined) for (const a of opened) this.#track(this.#send(a));
  }

  #track(p: Promise<void>): void {
    this.#sends.add(p);
    void p.finally(() => this.#sends.delete(p));
  }

  async #send(alert: Alert): Promise<void> {
    const { webhookUrl, logger } = this.#o;
    const doFetch = this.#o.fetch ?? globalThis.fetch;
    const delays = this.#o.retryDelaysMs ?? [1_000, 5_000, 30_000, 120_000];
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await doFetch(webhookUrl!, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(alert),
        });
        if (res.ok) {
          await this.#o.db.kysely
            .updateTable('alerts')
            .set({ notifiedAt: new Date(this.#o.now()).toISOString() })
            .where('id', '=', alert.id)
            .execute();
          return;
        }
        logger.warn({ status: res.status, alert: alert.id }, 'alert webhook refused');
      } catch (err) {
        logger.warn({ err, alert: alert.id }, 'alert webhook failed');
      }
      const wait = delays[attempt];
      if (wait === undefined || this.#closed) return;
      await new Promise((resolve) => setTimeout(resolve, wait).unref());
    }
  }

  /** Stops the background checks; webhook sends in flight give up after their current attempt. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    await this.#running?.catch(() => undefined);
  }

  /** Waits for webhook sends in flight (tests). */
  async idle(): Promise<void> {
    await Promise.all([...this.#sends]);
  }
}

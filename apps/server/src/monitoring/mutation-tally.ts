import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/open-database.ts';
import type { App } from '../http/app-types.ts';
import { businessTime } from '../calendar/business-time.ts';

type Counts = {
  accepted: number;
  rejected: number;
  retried: number;
  reportedRejected: number;
  reportedRetried: number;
};
const zero = (): Counts => ({
  accepted: 0,
  rejected: 0,
  retried: 0,
  reportedRejected: 0,
  reportedRetried: 0,
});

/**
 * Mutations per device and business day, for monitoring: counted in memory as the server answers
 * pushes and sales, and added to `device_days` every `flushMs` in one upsert (never on the sale
 * path's transaction). A process that dies loses at most its last interval of counts: these are
 * monitoring figures, not the ledger.
 */
export class MutationTally {
  readonly #db: Db;
  readonly #now: () => number;
  readonly #pending = new Map<string, Counts>();
  readonly #zones = new Map<string, { tz: string; at: number }>();
  readonly #timer: NodeJS.Timeout;

  constructor(db: Db, now: () => number, flushMs = 2_000) {
    this.#db = db;
    this.#now = now;
    this.#timer = setInterval(() => void this.flush().catch(() => undefined), flushMs);
    this.#timer.unref();
  }

  /** Adds counts for a device of `branchId` on today's business day. */
  async add(deviceId: string, branchId: string, c: Partial<Counts>): Promise<void> {
    const day = businessTime(this.#now(), await this.#zoneOf(branchId)).day;
    const key = `${deviceId}|${day}`;
    const cur = this.#pending.get(key) ?? zero();
    for (const k of Object.keys(c) as (keyof Counts)[]) cur[k] += c[k] ?? 0;
    this.#pending.set(key, cur);
  }

  async #zoneOf(branchId: string): Promise<string> {
    const hit = this.#zones.get(branchId);
    if (hit !== undefined && this.#now() - hit.at < 300_000) return hit.tz;
    const r = await this.#db.reader
      .selectFrom('branches')
      .select('timezone')
      .where('id', '=', branchId)
      .executeTakeFirst();
    const tz = r?.timezone ?? 'Asia/Jakarta';
    this.#zones.set(branchId, { tz, at: this.#now() });
    return tz;
  }

  /** Writes what was counted since the last flush. */
  async flush(): Promise<void> {
    if (this.#pending.size === 0) return;
    const rows = [...this.#pending].map(([key, c]) => {
      const [deviceId, day] = key.split('|') as [string, string];
      return { deviceId, day, ...c };
    });
    this.#pending.clear();
    await this.#db.kysely
      .insertInto('deviceDays')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['deviceId', 'day']).doUpdateSet((eb) => ({
          accepted: eb('deviceDays.accepted', '+', eb.ref('excluded.accepted')),
          rejected: eb('deviceDays.rejected', '+', eb.ref('excluded.rejected')),
          retried: eb('deviceDays.retried', '+', eb.ref('excluded.retried')),
          reportedRejected: eb('deviceDays.reportedRejected', '+', eb.ref('excluded.reportedRejected')),
          reportedRetried: eb('deviceDays.reportedRetried', '+', eb.ref('excluded.reportedRetried')),
        })),
      )
      .execute();
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }
}

/**
 * Counts the outcome of every device write as it is answered, from the response itself, so the
 * routes that apply mutations need not know about monitoring: `POST /api/sync/push` results by
 * status, `POST /api/sales` by HTTP status (201 accepted, 200 a replay, 4xx rejected).
 */
export function installMutationTally(app: App, tally: MutationTally): void {
  app.addHook('preSerialization', async (req: FastifyRequest, reply, payload) => {
    const who = req.device;
    if (who === undefined || req.method !== 'POST') return payload;
    const route = req.routeOptions.url;
    if (route === '/api/sync/push') {
      const results = (payload as { results?: { status?: string }[] }).results ?? [];
      const c = zero();
      for (const r of results) {
        if (r.status === 'accepted' || r.status === 'conflict') c.accepted++;
        else if (r.status === 'duplicate') c.retried++;
        else c.rejected++;
      }
      await tally.add(who.deviceId, who.branchId, c);
    } else if (route === '/api/sales') {
      const s = reply.statusCode;
      await tally.add(
        who.deviceId,
        who.branchId,
        s === 201 ? { accepted: 1 } : s === 200 ? { retried: 1 } : { rejected: 1 },
      );
    }
    return payload;
  });
}

import { newId, WeeklyHours, type Alert, type AlertKind } from '@kasir/protocol';
import type { Db } from '../db/open-database.ts';
import { sql } from 'kysely';
import { chunks, LIST_CHUNK } from '../db/chunks.ts';
import { addDays, businessTime, dayStart, weekdayOf } from '../calendar/business-time.ts';

export interface AlertRules {
  /** `device_unsynced` after this many hours without a sync while holding unsynced sales. */
  readonly unsyncedHours: number;
  /** `device_not_seen` once the branch has been open this long without seeing the device. */
  readonly notSeenGraceMs: number;
}

export const DEFAULT_ALERT_RULES: AlertRules = { unsyncedHours: 6, notSeenGraceMs: 15 * 60 * 1000 };

/** An alert as evaluated now; `key` names what it is about, so an alert opens once until it closes. */
export type AlertCandidate = Omit<Alert, 'id'> & { readonly key: string };

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The branch's opening window that contains `nowMs`, as instants; undefined when closed or unset.
 * A window whose close is before its open runs past midnight (yesterday's may still be open).
 * `openSinceMs` is when the branch opened without a break: a window that starts as the day
 * before's ends (a shop open day and night, "00:00-00:00") continues it, up to a week back.
 */
export function openWindow(
  hoursJson: string | null,
  timeZone: string,
  nowMs: number,
): { openMs: number; openSinceMs: number } | undefined {
  if (hoursJson === null) return undefined;
  const hours = WeeklyHours.safeParse(JSON.parse(hoursJson));
  if (!hours.success) return undefined;
  const windowOf = (day: string): { openMs: number; closeMs: number } | undefined => {
    const h = hours.data[weekdayOf(day)];
    if (h === null || h === undefined) return undefined;
    const openMs = dayStart(day, timeZone) + minutes(h.open) * 60_000;
    const span = (minutes(h.close) - minutes(h.open) + 1440) % 1440 || 1440;
    return { openMs, closeMs: openMs + span * 60_000 };
  };
  const today = businessTime(nowMs, timeZone).day;
  for (const day of [today, addDays(today, -1)]) {
    const w = windowOf(day);
    if (w === undefined || nowMs < w.openMs || nowMs >= w.closeMs) continue;
    let openSinceMs = w.openMs;
    let earlier = day;
    for (let i = 0; i < 7; i++) {
      earlier = addDays(earlier, -1);
      const before = windowOf(earlier);
      if (before === undefined || before.closeMs < openSinceMs || before.openMs >= openSinceMs) break;
      openSinceMs = before.openMs;
    }
    return { openMs: w.openMs, openSinceMs };
  }
  return undefined;
}

/** Every alert that holds now (issue 11, Monitoring). */
export async function evaluateAlerts(db: Db, nowMs: number, rules: AlertRules): Promise<AlertCandidate[]> {
  const out: AlertCandidate[] = [];
  const devices = await db.reader
    .selectFrom('devices')
    .innerJoin('branches', 'branches.id', 'devices.branchId')
    .leftJoin('deviceHealth', 'deviceHealth.deviceId', 'devices.id')
    .select([
      'devices.id',
      'devices.name',
      'devices.code',
      'devices.branchId',
      'devices.lastSeenAt',
      'branches.code as branchCode',
      'branches.timezone',
      'branches.openingHours',
      'deviceHealth.unsyncedSales',
      'deviceHealth.lastSyncAt',
      'deviceHealth.oldestUnsyncedAt',
    ])
    .where('devices.revokedAt', 'is', null)
    .execute();
  const limitMs = rules.unsyncedHours * 3600_000;
  for (const d of devices) {
    const subject = `${d.name} (${d.branchCode}-${d.code})`;
    const lastSync = d.lastSyncAt === null ? null : Date.parse(d.lastSyncAt);
    if ((d.unsyncedSales ?? 0) > 0 && (lastSync === null || nowMs - lastSync > limitMs)) {
      out.push({
        key: `device_unsynced:${d.id}`,
        kind: 'device_unsynced',
        branchId: d.branchId,
        deviceId: d.id,
        productId: null,
        subject,
        since: d.lastSyncAt ?? d.oldestUnsyncedAt ?? new Date(nowMs).toISOString(),
        details: {
          unsyncedSales: d.unsyncedSales ?? 0,
          hoursSinceSync: lastSync === null ? -1 : Math.floor((nowMs - lastSync) / 3600_000),
        },
      });
    }
    const open = openWindow(d.openingHours, d.timezone, nowMs);
    const seen = d.lastSeenAt === null ? null : Date.parse(d.lastSeenAt);
    // Not seen since the day's opening, once open for the grace: a shop open day and night is
    // open, not just opened, right after midnight, and its tills count as seen for the grace
    // before it (one seen at 23:55 is not missing at 00:10).
    if (
      open !== undefined &&
      nowMs - open.openSinceMs >= rules.notSeenGraceMs &&
      (seen === null || seen < Math.min(open.openMs, nowMs - rules.notSeenGraceMs))
    ) {
      out.push({
        key: `device_not_seen:${d.id}:${open.openMs}`,
        kind: 'device_not_seen',
        branchId: d.branchId,
        deviceId: d.id,
        productId: null,
        subject,
        since: new Date(open.openMs).toISOString(),
        details: { lastSeenAt: d.lastSeenAt ?? 'never' },
      });
    }
  }
  const negative = await db.reader
    .selectFrom('stock')
    .innerJoin('products', 'products.id', 'stock.productId')
    .select([
      'stock.branchId',
      'stock.productId',
      'stock.onHand',
      'stock.updatedAt',
      'products.name',
      'products.sku',
    ])
    .where('stock.onHand', '<', 0)
    .execute();
  for (const s of negative) {
    out.push({
      key: `negative_stock:${s.branchId}:${s.productId}`,
      kind: 'negative_stock',
      branchId: s.branchId,
      deviceId: null,
      productId: s.productId,
      subject: `${s.name} (${s.sku})`,
      since: s.updatedAt,
      details: { onHand: s.onHand },
    });
  }
  // At or below the branch's minimum but not below zero (that is negative_stock's).
  const low = await db.reader
    .selectFrom('stock')
    .innerJoin('products', 'products.id', 'stock.productId')
    .select([
      'stock.branchId',
      'stock.productId',
      'stock.onHand',
      'stock.minQty',
      'stock.updatedAt',
      'products.name',
      'products.sku',
    ])
    .where('stock.minQty', 'is not', null)
    .where('stock.onHand', '>=', 0)
    .where((eb) => eb('stock.onHand', '<=', eb.ref('stock.minQty')))
    .where('products.deleted', '=', 0)
    .execute();
  for (const s of low) {
    out.push({
      key: `low_stock:${s.branchId}:${s.productId}`,
      kind: 'low_stock',
      branchId: s.branchId,
      deviceId: null,
      productId: s.productId,
      subject: `${s.name} (${s.sku})`,
      since: s.updatedAt,
      details: { onHand: s.onHand, minimum: s.minQty ?? 0 },
    });
  }
  return out;
}

/**
 * Makes the alerts table match `candidates`: opens the new ones and closes those that no longer
 * hold. Returns the alerts this call opened (the unique key lets one process open each, so each is
 * sent to the webhook once). A closed alert's key is retired so the same trouble can open again.
 *
 * One statement per chunk each way, not one per alert: every process runs this on the same timer,
 * and a first check of a busy shop finds hundreds of alerts at once (the fleet bench: 400, one
 * commit each, in four processes at the same second, stalled every sale for up to a second).
 */
export async function syncAlerts(
  db: Db,
  candidates: readonly AlertCandidate[],
  now: string,
): Promise<Alert[]> {
  const open = await db.kysely
    .selectFrom('alerts')
    .select(['id', 'key'])
    .where('closedAt', 'is', null)
    .execute();
  const openKeys = new Set(open.map((a) => a.key));
  const current = new Set(candidates.map((c) => c.key));
  const fresh = new Map<string, AlertCandidate & { readonly id: string }>();
  for (const c of candidates) if (!openKeys.has(c.key)) fresh.set(c.key, { ...c, id: newId() });
  const opened: Alert[] = [];
  for (const chunk of chunks([...fresh.values()], ALERT_CHUNK)) {
    // Another process may have opened some of them since the read: theirs stay, ours are skipped.
    const inserted = await db.kysely
      .insertInto('alerts')
      .values(
        chunk.map((c) => ({
          id: c.id,
          key: c.key,
          kind: c.kind,
          branchId: c.branchId,
          deviceId: c.deviceId,
          productId: c.productId,
          subject: c.subject,
          details: JSON.stringify(c.details),
          since: c.since,
          closedAt: null,
          notifiedAt: null,
        })),
      )
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('key')
      .execute();
    for (const { key } of inserted) {
      const { key: _key, ...alert } = fresh.get(key)!;
      opened.push(alert);
    }
  }
  const gone = open.filter((a) => !current.has(a.key)).map((a) => a.id);
  for (const ids of chunks(gone)) {
    await db.kysely
      .updateTable('alerts')
      .set((eb) => ({ closedAt: now, key: sql<string>`${eb.ref('key')} || '#' || ${eb.ref('id')}` }))
      .where('id', 'in', ids)
      .where('closedAt', 'is', null)
      .execute();
  }
  return opened;
}

/** Alerts per insert: 11 values each, well below the parameter limits (LIST_CHUNK values). */
const ALERT_CHUNK = Math.floor(LIST_CHUNK / 11);

/** Open alerts, newest first, of `branchId` or the branches in `only`. */
export async function listOpenAlerts(
  db: Db,
  branchId: string | undefined,
  only: readonly string[] | undefined,
): Promise<Alert[]> {
  if (only !== undefined && only.length === 0) return [];
  let q = db.reader.selectFrom('alerts').selectAll().where('closedAt', 'is', null).orderBy('since', 'desc');
  if (branchId !== undefined) q = q.where('branchId', '=', branchId);
  if (only !== undefined) q = q.where('branchId', 'in', [...only]);
  return (await q.execute()).map((a) => ({
    id: a.id,
    kind: a.kind as AlertKind,
    branchId: a.branchId,
    deviceId: a.deviceId,
    productId: a.productId,
    subject: a.subject,
    since: a.since,
    details: JSON.parse(a.details) as Alert['details'],
  }));
}

/** The row in `retention_marks` that says when the last background alert check started. */
const CHECK_MARK = 'alert-check';

/**
 * Claims the background alert check at `nowMs` for this process: true for one caller per
 * `everyMs` across every process on the database (one statement, an upsert that moves the mark on
 * only when it is at least `everyMs` old; ISO times compare as text). The other processes skip
 * their tick, so N processes evaluate the rules once a minute, not N times. Losing a claim costs
 * nothing: a screen that asks still checks at once (AlertMonitor.refresh).
 */
export async function claimAlertCheck(db: Db, nowMs: number, everyMs: number): Promise<boolean> {
  const now = new Date(nowMs).toISOString();
  const due = new Date(nowMs - everyMs).toISOString();
  const row = await db.kysely
    .insertInto('retentionMarks')
    .values({ name: CHECK_MARK, mark: now })
    .onConflict((oc) => oc.column('name').doUpdateSet({ mark: now }).where('retentionMarks.mark', '<=', due))
    .returning('name')
    .executeTakeFirst();
  return row !== undefined;
}

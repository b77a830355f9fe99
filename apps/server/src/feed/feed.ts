import { fnv1a32, type Change, type Cursor } from '@kasir/protocol';
import { sql, type Compilable, type Transaction } from 'kysely';
import { chunks } from '../db/chunks.ts';
import type { Database } from '../db/schema.ts';

/** The shared catalog's scope; every branch has its own scope `branch:<id>`. */
export const CATALOG_SCOPE = 'catalog';
export const branchScope = (branchId: string): string => `branch:${branchId}`;

/** A change to record in the feed: the entity's new state as devices should see it. */
export type FeedEntry =
  | {
      readonly kind: 'product';
      readonly entityId: string;
      readonly data: Extract<Change, { kind: 'product' }>['data'];
    }
  | {
      readonly kind: 'stock';
      readonly entityId: string;
      readonly data: Extract<Change, { kind: 'stock' }>['data'];
    }
  | {
      readonly kind: 'sale';
      readonly entityId: string;
      readonly data: Extract<Change, { kind: 'sale' }>['data'];
    }
  | {
      readonly kind: 'transfer';
      readonly entityId: string;
      readonly data: Extract<Change, { kind: 'transfer' }>['data'];
    }
  | {
      readonly kind: 'stocktake';
      readonly entityId: string;
      readonly data: Extract<Change, { kind: 'stocktake' }>['data'];
    }
  | {
      readonly kind: 'refund';
      readonly entityId: string;
      readonly data: Extract<Change, { kind: 'refund' }>['data'];
    }
  | {
      readonly kind: 'customer';
      readonly entityId: string;
      readonly data: Extract<Change, { kind: 'customer' }>['data'];
    }
  | {
      readonly kind: 'branch_settings';
      readonly entityId: string;
      readonly data: Extract<Change, { kind: 'branch_settings' }>['data'];
    }
  | {
      readonly kind: 'staff';
      readonly entityId: string;
      readonly data: Extract<Change, { kind: 'staff' }>['data'];
    };

/** A recorded change with its position, for realtime pokes after commit (S6). */
export type Positioned<E extends FeedEntry = FeedEntry> = E & {
  readonly seq: number;
  /**
   * The branch whose scope `seq` is a position in, when it is not the acting branch's (a transfer
   * sits in both branches' feeds): the hub pokes that branch's room with it.
   */
  readonly branchId?: string;
};

/**
 * A change to a scope's running set summary (S12): items added minus items removed, and the sum of
 * their hashes mod 2^32 (protocol sync/checksum.ts; the checksum is a sum, so it is order-independent
 * and an item leaves it by subtraction).
 */
export interface SetDelta {
  readonly count: number;
  /** In [0, 2^32): a removal is added as its complement. */
  readonly sum: number;
}

const MOD = 0x1_0000_0000;

/** The set delta of adding `added` and removing `removed` (checksum items, e.g. `${id}:${version}`). */
export function setDelta(added: readonly string[], removed: readonly string[]): SetDelta {
  let sum = 0;
  for (const a of added) sum = (sum + fnv1a32(a)) % MOD;
  for (const r of removed) sum = (sum + MOD - fnv1a32(r)) % MOD;
  return { count: added.length - removed.length, sum };
}

/** Adds two set deltas. */
export const addDeltas = (a: SetDelta, b: SetDelta): SetDelta => ({
  count: a.count + b.count,
  sum: (a.sum + b.sum) % MOD,
});

/**
 * Records changes of one scope inside the writer's transaction and gives each a position.
 *
 * S5 (no reader skips a change): positions come from the scope's counter row, updated in the same
 * transaction. The update takes the row's lock until commit, so a later position can only be
 * handed out after the earlier writer committed (or rolled back, returning its positions): commit
 * order equals position order, and a reader that has seen position n has seen every change below
 * it. SQLite has one writer at a time, which gives the same order. Call this as the last write of
 * the transaction to hold the lock as briefly as possible.
 *
 * The feed keeps only the newest change per entity (upsert on (scope, kind, entity)), so a pull from
 * position 0 is a full snapshot and the feed grows with entities, not with edits.
 *
 * `set` is what the write did to the scope's set (S12): the running count and checksum in the same
 * counter row move with it, in the same statement, so they always agree with the cursor a reader
 * sees beside them (sync/sync-state.ts). Every writer of products or stock passes it, computed
 * from the rows it really replaced: product writers read them locked (catalog/lock-products.ts),
 * stock writers derive them from their upsert's returned rows (stock/stock-ledger.ts). A rolled-back
 * savepoint takes its counter update with it.
 */
export async function recordChanges<E extends FeedEntry>(
  trx: Transaction<Database>,
  scope: string,
  entries: readonly E[],
  set: SetDelta = { count: 0, sum: 0 },
): Promise<Positioned<E>[]> {
  if (entries.length === 0) {
    await adjustSet(trx, scope, set);
    return [];
  }
  const row = await trx
    .updateTable('counters')
    .set((eb) => ({
      value: eb('value', '+', entries.length),
      itemCount: eb('itemCount', '+', set.count),
      itemSum: sql<number>`(item_sum + ${set.sum}) % ${sql.lit(MOD)}`,
    }))
    .where('scope', '=', scope)
    .returning('value')
    .executeTakeFirst();
  if (row === undefined) throw new Error(`no counter for scope ${scope}`);
  const positioned = positionAfter(entries, row.value - entries.length);
  for (const insert of changeInserts(trx, scope, positioned)) await insert.execute();
  return positioned;
}

/**
 * `recordChanges` for a writer that took the scope's lock with `lockScope` and was told the counter
 * stood at `counter` then (nothing has moved it since: the lock is held to commit). The positions
 * follow from it, so the counter update and the inserts need no answer: they are returned unrun,
 * for the writer to send with its other writes (db/execute-together.ts; issue 18).
 */
export function changeWrites<E extends FeedEntry>(
  trx: Transaction<Database>,
  scope: string,
  entries: readonly E[],
  set: SetDelta,
  counter: number,
): { positioned: Positioned<E>[]; writes: Compilable[] } {
  const positioned = positionAfter(entries, counter);
  const bump = trx
    .updateTable('counters')
    .set((eb) => ({
      value: eb('value', '+', entries.length),
      itemCount: eb('itemCount', '+', set.count),
      itemSum: sql<number>`(item_sum + ${set.sum}) % ${sql.lit(MOD)}`,
    }))
    .where('scope', '=', scope);
  return { positioned, writes: [bump, ...changeInserts(trx, scope, positioned)] };
}

/** `entries` at the positions after `last`, in order. */
function positionAfter<E extends FeedEntry>(entries: readonly E[], last: number): Positioned<E>[] {
  return entries.map((e, i) => ({ ...e, seq: last + 1 + i }));
}

/** The upserts of positioned changes (the feed keeps the newest change per entity). */
function changeInserts<E extends FeedEntry>(
  trx: Transaction<Database>,
  scope: string,
  positioned: readonly Positioned<E>[],
) {
  return chunks(positioned).map((chunk) =>
    trx
      .insertInto('changes')
      .values(
        chunk.map((p) => ({
          scope,
          seq: p.seq,
          kind: p.kind,
          entityId: p.entityId,
          payload: JSON.stringify(p.data),
        })),
      )
      .onConflict((oc) =>
        oc.columns(['scope', 'kind', 'entityId']).doUpdateSet((eb) => ({
          seq: eb.ref('excluded.seq'),
          payload: eb.ref('excluded.payload'),
        })),
      ),
  );
}

/**
 * Takes the scope's counter lock now, without handing out positions: the first lock of every group
 * transaction, so that writers in several processes lock in one order (counter, then rows).
 * Answers the counter's value (undefined: the scope has no counter), which stays put until this
 * transaction moves it: `changeWrites` positions from it without asking again.
 */
export async function lockScope(trx: Transaction<Database>, scope: string): Promise<number | undefined> {
  const row = await trx
    .updateTable('counters')
    .set((eb) => ({ value: eb.ref('value') }))
    .where('scope', '=', scope)
    .returning('value')
    .executeTakeFirst();
  return row?.value;
}

/** Moves a scope's set summary without recording a change (a write devices need not hear of). */
export async function adjustSet(trx: Transaction<Database>, scope: string, set: SetDelta): Promise<void> {
  if (set.count === 0 && set.sum === 0) return;
  await trx
    .updateTable('counters')
    .set((eb) => ({
      itemCount: eb('itemCount', '+', set.count),
      itemSum: sql<number>`(item_sum + ${set.sum}) % ${sql.lit(MOD)}`,
    }))
    .where('scope', '=', scope)
    .execute();
}

/** Creates a branch's counter row; part of creating the branch. */
export async function createScope(trx: Transaction<Database>, scope: string): Promise<void> {
  await trx.insertInto('counters').values({ scope, value: 0 }).execute();
}

/** A scope's set summary as kept by `recordChanges`: count, and checksum as 8 hex digits. */
export interface SetSummary {
  readonly count: number;
  readonly checksum: string;
}

/** The head cursor and both set summaries of a device's scopes, from one read of the counter rows. */
export async function headState(
  trx: Transaction<Database>,
  branchId: string,
): Promise<{ cursor: Cursor; catalog: SetSummary; stock: SetSummary }> {
  const rows = await trx
    .selectFrom('counters')
    .select(['scope', 'value', 'itemCount', 'itemSum'])
    .where('scope', 'in', [CATALOG_SCOPE, branchScope(branchId)])
    .execute();
  const of = (s: string) => rows.find((r) => r.scope === s);
  const summary = (s: string): SetSummary => ({
    count: Number(of(s)?.itemCount ?? 0),
    checksum: Number(of(s)?.itemSum ?? 0)
      .toString(16)
      .padStart(8, '0'),
  });
  return {
    cursor: {
      catalog: Number(of(CATALOG_SCOPE)?.value ?? 0),
      branch: Number(of(branchScope(branchId))?.value ?? 0),
    },
    catalog: summary(CATALOG_SCOPE),
    stock: summary(branchScope(branchId)),
  };
}

/** The current head of a device's feed. */
export async function headCursor(trx: Transaction<Database>, branchId: string): Promise<Cursor> {
  const rows = await trx
    .selectFrom('counters')
    .select(['scope', 'value'])
    .where('scope', 'in', [CATALOG_SCOPE, branchScope(branchId)])
    .execute();
  const get = (s: string) => rows.find((r) => r.scope === s)?.value ?? 0;
  return { catalog: get(CATALOG_SCOPE), branch: get(branchScope(branchId)) };
}

import type { Change, Cursor } from '@kasir/protocol';
import type { Transaction } from 'kysely';
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
    };

/** A recorded change with its position, for realtime pokes after commit (S6). */
export type Positioned<E extends FeedEntry = FeedEntry> = E & { readonly seq: number };

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
 */
export async function recordChanges<E extends FeedEntry>(
  trx: Transaction<Database>,
  scope: string,
  entries: readonly E[],
): Promise<Positioned<E>[]> {
  if (entries.length === 0) return [];
  const row = await trx
    .updateTable('counters')
    .set((eb) => ({ value: eb('value', '+', entries.length) }))
    .where('scope', '=', scope)
    .returning('value')
    .executeTakeFirst();
  if (row === undefined) throw new Error(`no counter for scope ${scope}`);
  const first = row.value - entries.length + 1;
  const positioned = entries.map((e, i) => ({ ...e, seq: first + i }));
  for (let i = 0; i < positioned.length; i += 200) {
    const chunk = positioned.slice(i, i + 200);
    await trx
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
      )
      .execute();
  }
  return positioned;
}

/**
 * Takes the scope's counter lock now, without handing out positions: the first lock of every group
 * transaction, so that writers in several processes lock in one order (counter, then rows).
 */
export async function lockScope(trx: Transaction<Database>, scope: string): Promise<void> {
  await trx
    .updateTable('counters')
    .set((eb) => ({ value: eb.ref('value') }))
    .where('scope', '=', scope)
    .execute();
}

/** Creates a branch's counter row; part of creating the branch. */
export async function createScope(trx: Transaction<Database>, scope: string): Promise<void> {
  await trx.insertInto('counters').values({ scope, value: 0 }).execute();
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

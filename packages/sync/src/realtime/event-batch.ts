import type { Cursor, Scope } from '@kasir/protocol';
import { changeSetOf, type ChangeSet } from '../store/records.ts';
import { decideEvent } from './gap-rule.ts';

/** A realtime change received and not yet applied. */
export interface QueuedChange {
  readonly scope: Scope;
  readonly cursor: number;
  readonly changes: ChangeSet;
}

/** What a batch of queued changes comes to under the gap rule. */
export interface EventBatch {
  /** The changes to apply, in feed order; null when every one was seen already or lies past a gap. */
  readonly changes: ChangeSet | null;
  /** The cursor after them (the local one when `changes` is null). */
  readonly cursor: Cursor;
  /** Some change lies past a gap: a pull brings it (and whatever is missing before it). */
  readonly gap: boolean;
}

/**
 * The gap rule (S6) over changes that waited together: per scope, in cursor order, each change
 * exactly one past the position reached so far is taken, one at or below it is skipped (seen
 * through a pull or twice), and the first one further ends that scope's run with a gap. What is
 * taken is written in one store write: one sale of three lines is four events (three stock levels
 * and the sale), and those behind the first arrive while it waits or is written.
 */
export function batchEvents(local: Cursor, queued: readonly QueuedChange[]): EventBatch {
  const taken: ChangeSet[] = [];
  let cursor = local;
  let gap = false;
  for (const scope of ['catalog', 'branch'] as const) {
    const run = queued.filter((q) => q.scope === scope).sort((a, b) => a.cursor - b.cursor);
    for (const q of run) {
      const decision = decideEvent(cursor, scope, q.cursor);
      if (decision === 'ignore') continue;
      if (decision === 'pull') {
        gap = true;
        break;
      }
      taken.push(q.changes);
      cursor = { ...cursor, [scope]: q.cursor };
    }
  }
  return { changes: taken.length === 0 ? null : mergeChangeSets(taken), cursor, gap };
}

/**
 * Change sets in order as one, shaped as a feed page: the feed keeps the newest change per entity,
 * so a page never holds two records of one; here the last record of each key is kept, and the
 * newest settings. (The stores write a page's records in no particular order: a staff member
 * disabled and enabled again in one set would be deleted, dexie-store.ts.)
 */
export function mergeChangeSets(sets: readonly ChangeSet[]): ChangeSet {
  const last = <T>(pick: (s: ChangeSet) => readonly T[] | undefined, key: (x: T) => string): T[] => [
    ...new Map(sets.flatMap((s) => pick(s) ?? []).map((x) => [key(x), x] as const)).values(),
  ];
  const byId = (x: { readonly id: string }): string => x.id;
  return changeSetOf({
    products: last((s) => s.products, byId),
    stock: last(
      (s) => s.stock,
      (x) => x.productId,
    ),
    sales: last((s) => s.sales, byId),
    branchSettings: sets.findLast((s) => s.branchSettings !== undefined)?.branchSettings,
    staff: last((s) => s.staff, byId),
    stocktakes: last((s) => s.stocktakes, byId),
    transfers: last((s) => s.transfers, byId),
    refunds: last((s) => s.refunds, byId),
    customers: last((s) => s.customers, byId),
  });
}

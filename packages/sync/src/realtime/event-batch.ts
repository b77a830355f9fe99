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
 * through a pull or twice), and the first one further ends that scope's run with a gap. The same
 * as applying the events one by one in cursor order, in one store write: one sale of three lines is
 * four events (three stock levels and the sale), which arrive while the first is being written.
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
 * Change sets in order as one, as a feed page with all their changes would be split
 * (pull/split-changes.ts): later records of the same key come later, the newest settings win.
 */
export function mergeChangeSets(sets: readonly ChangeSet[]): ChangeSet {
  const all = <T>(pick: (s: ChangeSet) => readonly T[] | undefined): T[] =>
    sets.flatMap((s) => pick(s) ?? []);
  return changeSetOf({
    products: all((s) => s.products),
    stock: all((s) => s.stock),
    sales: all((s) => s.sales),
    branchSettings: sets.findLast((s) => s.branchSettings !== undefined)?.branchSettings,
    staff: all((s) => s.staff),
    stocktakes: all((s) => s.stocktakes),
    transfers: all((s) => s.transfers),
    refunds: all((s) => s.refunds),
    customers: all((s) => s.customers),
  });
}

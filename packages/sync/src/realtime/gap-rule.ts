import type { Cursor, Scope } from '@kasir/protocol';

/** What to do with a realtime event (S6). */
export type GapDecision = 'apply' | 'ignore' | 'pull';

/**
 * The gap rule: an event exactly one past the local position of its scope is applied at once; one
 * at or below it was already seen (through a pull); anything further means we missed some, so pull.
 */
export function decideEvent(local: Cursor, scope: Scope, eventCursor: number): GapDecision {
  const at = local[scope];
  if (eventCursor === at + 1) return 'apply';
  if (eventCursor <= at) return 'ignore';
  return 'pull';
}

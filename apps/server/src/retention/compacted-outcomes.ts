import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { expandSale, parseCompactSale, readSaleFacts } from './compact-sale.ts';

/** The `mutations.status` of an accepted outcome kept in compacted form (retention/compact-mutations.ts). */
export const COMPACTED = 'compacted';

/** The mutation types whose accepted outcomes retention compacts: their domain tables hold the rest. */
export const COMPACTABLE_TYPES: readonly string[] = ['sale.create'];

/** A stored outcome as read from `mutations`. */
export interface OutcomeRow {
  readonly id: string;
  readonly type: string;
  readonly status: string;
  readonly response: string;
}

/**
 * Stored outcomes with every compacted one expanded back to the accepted outcome it stands for, its
 * text as first stored (S3: a replay of an old sale is answered from the `sales` tables, byte for
 * byte as the first time). A compacted outcome whose sale the tables lack cannot be answered: that
 * throws (the request fails and is retried) rather than replaying something else or nothing.
 */
export async function expandCompacted<R extends OutcomeRow>(
  db: Kysely<Database>,
  rows: readonly R[],
): Promise<R[]> {
  const compacted = rows.filter((r) => r.status === COMPACTED);
  if (compacted.length === 0) return [...rows];
  for (const r of compacted) {
    if (r.type !== 'sale.create') throw new Error(`mutation log: ${r.type} ${r.id} cannot be compacted`);
  }
  const facts = await readSaleFacts(
    db,
    compacted.map((r) => r.id),
  );
  return rows.map((r) => {
    if (r.status !== COMPACTED) return r;
    const f = facts.get(r.id);
    if (f === undefined) throw new Error(`mutation log: compacted sale ${r.id} has no sale row`);
    return { ...r, status: 'accepted', response: expandSale(parseCompactSale(r.response), f) };
  });
}

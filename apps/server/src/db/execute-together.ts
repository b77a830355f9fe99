import { CompiledQuery, PostgresAdapter, type Compilable, type Transaction } from 'kysely';
import type { Database } from './schema.ts';

/** A statement built and not yet run: what `executeTogether` takes, and what can still run alone. */
export type Statement = Compilable & { execute(): Promise<unknown> };

/** PostgreSQL's limit on bound parameters in one statement, with room to spare. */
const MAX_PARAMETERS = 60_000;

/**
 * Runs writes that do not read each other's effects in as few round trips as the engine allows
 * (issue 18: a group commit on PostgreSQL spends its time on round trips, ~2-3 ms each on a busy
 * 2-core machine, not on the rows). On PostgreSQL they go as one statement, each write a
 * data-modifying CTE (`with w0 as (insert …), w1 as (update …) select 1`): one round trip, and
 * atomic like any statement. On SQLite (in process, no round trip) they run one after another.
 *
 * The caller guarantees what makes the two the same:
 * - no write reads a row another one writes (on PostgreSQL every CTE sees the statement's starting
 *   snapshot), and no two write the same row (PostgreSQL would apply only one of them);
 * - foreign keys between them are fine: PostgreSQL checks them at the end of the statement.
 *
 * Each write is compiled by its own builder, so plugins (the JSON rows of a multi-row insert) apply
 * as they would alone; the placeholders are renumbered into one parameter list.
 */
export async function executeTogether(
  trx: Transaction<Database>,
  writes: readonly Compilable[],
): Promise<void> {
  const compiled = writes.map((w) => w.compile());
  const together =
    compiled.length > 1 && trx.getExecutor().adapter instanceof PostgresAdapter ? combine(compiled) : null;
  if (together === null) {
    for (const q of compiled) await trx.executeQuery(q);
    return;
  }
  await trx.executeQuery(together);
}

/** One statement of CTEs, or null when the writes cannot be joined safely (then: one by one). */
function combine(queries: readonly CompiledQuery[]): CompiledQuery | null {
  const parameters: unknown[] = [];
  const parts: string[] = [];
  for (const [i, q] of queries.entries()) {
    // Placeholders are renumbered by text: a string literal or quoted identifier holding `$n` would
    // be renumbered too. Kysely binds every value, so a quote here means hand-written SQL: skip.
    if (/'|\$(?!\d)/.test(q.sql)) return null;
    const offset = parameters.length;
    parts.push(`w${i} as (${q.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`);
    parameters.push(...q.parameters);
  }
  if (parameters.length > MAX_PARAMETERS) return null;
  return CompiledQuery.raw(`with ${parts.join(', ')} select 1`, parameters);
}

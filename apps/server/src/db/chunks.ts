/**
 * How many values one statement binds for a list (`where x in (…)`, a multi-row insert): far below
 * SQLite's and PostgreSQL's parameter limits, and short enough that no statement holds locks long.
 */
export const LIST_CHUNK = 500;

/** `items` in consecutive slices of at most `size`. */
export function chunks<T>(items: readonly T[], size = LIST_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The rows `read` returns for the distinct `keys`, read a chunk at a time (one `where … in` each). */
export async function readInChunks<K, R>(
  keys: readonly K[],
  read: (chunk: K[]) => Promise<R[]>,
): Promise<R[]> {
  const out: R[] = [];
  for (const chunk of chunks([...new Set(keys)])) out.push(...(await read(chunk)));
  return out;
}

import { HttpError } from './http-error.ts';

/**
 * Opaque keyset cursors of the admin lists: the sort key of the last item returned, as base64url
 * JSON. Never an offset, so a late page costs what the first costs.
 */
export function encodeKeyset(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Decodes a cursor of `n` parts; anything else is a 400 `invalid_cursor`. */
export function decodeKeyset(cursor: string, kinds: readonly ('string' | 'number')[]): (string | number)[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== kinds.length ||
    parsed.some((v, i) => typeof v !== kinds[i] || (typeof v === 'number' && !Number.isFinite(v)))
  ) {
    throw new HttpError(400, 'invalid_cursor', 'the cursor is not one this list gave out');
  }
  return parsed as (string | number)[];
}

/** `{items, cursor, hasMore}` from `limit + 1` rows fetched. */
export function pageFrom<R, T>(
  rows: readonly R[],
  limit: number,
  toItem: (r: R) => T,
  keyOf: (r: R) => readonly (string | number)[],
): { items: T[]; cursor: string | null; hasMore: boolean } {
  const hasMore = rows.length > limit;
  const kept = rows.slice(0, limit);
  const last = kept[kept.length - 1];
  return {
    items: kept.map(toItem),
    cursor: hasMore && last !== undefined ? encodeKeyset(keyOf(last)) : null,
    hasMore,
  };
}

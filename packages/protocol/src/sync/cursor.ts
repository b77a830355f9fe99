/**
 * A device's position in the change feed (S4). A device reads two scopes: the shared catalog and its
 * own branch; each scope has its own gap-free sequence (S5), so the cursor is a pair. On the wire it
 * is an opaque string `"<catalog>.<branch>"`; the empty string (or none) means "from the start".
 */
export interface Cursor {
  readonly catalog: number;
  readonly branch: number;
}

export type Scope = keyof Cursor;

export const ZERO_CURSOR: Cursor = { catalog: 0, branch: 0 };

export function encodeCursor(c: Cursor): string {
  return `${c.catalog}.${c.branch}`;
}

/** Decodes a wire cursor, or returns null when it is not one. */
export function decodeCursor(s: string | undefined): Cursor | null {
  if (s === undefined || s === '' || s === '0') return ZERO_CURSOR;
  const m = /^(\d{1,15})\.(\d{1,15})$/.exec(s);
  if (!m) return null;
  return { catalog: Number(m[1]), branch: Number(m[2]) };
}

/** True when `a` has seen everything `b` has. */
export function cursorCovers(a: Cursor, b: Cursor): boolean {
  return a.catalog >= b.catalog && a.branch >= b.branch;
}

/**
 * Search that forgives one typo ("kcap" finds "Kecap"), for when the plain substring search found
 * nothing. A product matches when every word of the query is within one edit (insert, delete,
 * replace, or swap of two neighbours) of the start of some word of its name, SKU or barcodes.
 * Words under three letters must match exactly as a prefix: one edit away from "ab" is nearly
 * everything.
 */

/** Whether `q` is within one edit of some prefix of `w` (both lower case). */
export function nearPrefix(q: string, w: string): boolean {
  if (w.startsWith(q)) return true;
  if (q.length < 3) return false;
  // Restricted Damerau-Levenshtein of q against every prefix of w: the last row's minimum.
  const n = q.length;
  const m = Math.min(w.length, n + 1);
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: m + 1 }, (_, j) => j);
  for (let i = 1; i <= n; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= m; j++) {
      const cost = q[i - 1] === w[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] ?? 99) + 1, (row[j - 1] ?? 99) + 1, (prev[j - 1] ?? 99) + cost);
      if (i > 1 && j > 1 && q[i - 1] === w[j - 2] && q[i - 2] === w[j - 1])
        v = Math.min(v, (prev2[j - 2] ?? 99) + 1);
      row.push(v);
      best = Math.min(best, v);
    }
    if (best > 1) return false;
    prev2 = prev;
    prev = row;
  }
  return Math.min(...prev) <= 1;
}

const wordsOf = (s: string): string[] =>
  s
    .toLowerCase()
    .split(/[^0-9a-z\u00c0-\u024f]+/)
    .filter((w) => w !== '');

/** The products whose text is one typo from `query`, in the order given, at most `limit`. */
export function typoSearch<
  P extends { name: string; sku: string; barcodes: readonly string[]; active: boolean },
>(products: readonly P[], query: string, limit: number): P[] {
  const qs = wordsOf(query);
  if (qs.length === 0) return [];
  const out: P[] = [];
  for (const p of products) {
    if (out.length >= limit) break;
    if (!p.active) continue;
    const ws = [...wordsOf(p.name), p.sku.toLowerCase(), ...p.barcodes];
    if (qs.every((q) => ws.some((w) => nearPrefix(q, w)))) out.push(p);
  }
  return out;
}

/**
 * How many times each sale id appears in a device's full pull of the feed (its branch's sales):
 * the benchmarks' exactly-once check.
 */
export async function salesOnServer(url: string, token: string): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  let cursor = '';
  for (;;) {
    const res = await fetch(`${url}/api/sync/pull?cursor=${cursor}&limit=1000`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!res.ok) throw new Error(`pull: ${res.status}`);
    const page = (await res.json()) as {
      changes: { kind: string; data: { id: string } }[];
      cursor: string;
      hasMore: boolean;
    };
    for (const c of page.changes) if (c.kind === 'sale') seen.set(c.data.id, (seen.get(c.data.id) ?? 0) + 1);
    cursor = page.cursor;
    if (!page.hasMore) return seen;
  }
}

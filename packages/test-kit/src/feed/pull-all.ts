import { PullResponse, type Change } from '@kasir/protocol';

/**
 * Every change of a branch's feed from the empty cursor (a full snapshot, S4), read with a device
 * token of the branch through the same API devices use: what the server holds, for the checks.
 */
export async function pullAll(serverUrl: string, deviceToken: string): Promise<Change[]> {
  const changes: Change[] = [];
  let cursor = '';
  for (;;) {
    const res = await fetch(`${serverUrl}/api/sync/pull?cursor=${encodeURIComponent(cursor)}&limit=1000`, {
      headers: { authorization: `Bearer ${deviceToken}` },
    });
    if (!res.ok) throw new Error(`pull for the check: ${res.status} ${await res.text()}`);
    const page = PullResponse.parse(await res.json());
    changes.push(...page.changes);
    cursor = page.cursor;
    if (!page.hasMore) return changes;
  }
}

/** How many times each sale id appears in the feed (exactly once is the invariant). */
export function saleCounts(changes: readonly Change[]): Map<string, number> {
  const seen = new Map<string, number>();
  for (const c of changes) if (c.kind === 'sale') seen.set(c.data.id, (seen.get(c.data.id) ?? 0) + 1);
  return seen;
}

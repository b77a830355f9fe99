import type { SyncClient, SyncStatus } from '@kasir/sync';
import { useEffect, useState } from 'react';

/*
 * Why state and not `useSyncExternalStore`: an external store's change is rendered at once, in the
 * microtask after it. A sale's commit moves the status (one more pending) inside `recordSale`, so the
 * whole sell screen (grid of tiles, cart) was rendered, and often laid out and painted, between the
 * commit and the receipt, only to be taken down by the receipt right after (B6: 5-15 ms of the tap).
 * As state, outside an event handler, the change is rendered with the default priority, in one pass
 * with the sale's own updates (the receipt), and the sell screen is not rendered at all.
 */

/**
 * The sync status line, live. `client.status.get()` builds a new object on every call (its `stale`
 * depends on the time of reading), so the state is the last status the subscription delivered.
 */
export function useSyncStatus(client: SyncClient): SyncStatus {
  const [status, setStatus] = useState(() => client.status.get());
  // The subscription delivers the current status at once: a change since the first render is not lost.
  useEffect(() => client.status.subscribe(setStatus), [client]);
  return status;
}

/**
 * A number that changes whenever what the product grid shows may have changed: catalog or stock
 * pulled or pushed by realtime, or local writes (the pending count moves with them).
 */
export function useCatalogVersion(client: SyncClient): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const bump = (): void => setVersion((v) => v + 1);
    const offCatalog = client.on('catalogChanged', bump);
    let last = client.status.get();
    const offStatus = client.status.subscribe((s) => {
      if (s.pending !== last.pending || s.lastSyncedAt !== last.lastSyncedAt) bump();
      last = s;
    });
    // What changed before this subscription (between the first render and now).
    bump();
    return () => {
      offCatalog();
      offStatus();
    };
  }, [client]);
  return version;
}

/**
 * A number that changes when a sale's sync state may have moved on: a sync finished, a write was
 * pushed or parked, or dropped. Not when a new local write joins the outbox (pending goes up): the
 * receipt shown right after a sale would re-read its own, just-committed sale for nothing.
 */
export function useSaleSyncVersion(client: SyncClient): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let last = client.status.get();
    return client.status.subscribe((s) => {
      if (saleSyncMoved(last, s)) setVersion((v) => v + 1);
      last = s;
    });
  }, [client]);
  return version;
}

type SaleSyncFields = Pick<SyncStatus, 'pending' | 'failed' | 'conflicts' | 'lastSyncedAt'>;

/** Whether a status change may have moved a local sale's sync state (useSaleSyncVersion). */
export function saleSyncMoved(before: SaleSyncFields, after: SaleSyncFields): boolean {
  return (
    after.pending < before.pending ||
    after.failed !== before.failed ||
    after.conflicts !== before.conflicts ||
    after.lastSyncedAt !== before.lastSyncedAt
  );
}

/** The current time, refreshed every `intervalMs` (for "5 menit lalu"). */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}

import type { SyncClient, SyncStatus } from '@kasir/sync';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';

/**
 * The sync status line, live. `client.status.get()` builds a new object on every call (its `stale`
 * depends on the time of reading), so the snapshot is the last status the subscription delivered.
 */
export function useSyncStatus(client: SyncClient): SyncStatus {
  const source = useMemo(() => {
    let current = client.status.get();
    return {
      subscribe: (onChange: () => void) =>
        client.status.subscribe((s) => {
          if (s === current) return;
          current = s;
          onChange();
        }),
      get: () => current,
    };
  }, [client]);
  return useSyncExternalStore(source.subscribe, source.get, source.get);
}

/**
 * A number that changes whenever what the product grid shows may have changed: catalog or stock
 * pulled or pushed by realtime, or local writes (the pending count moves with them).
 */
export function useCatalogVersion(client: SyncClient): number {
  const version = useRef(0);
  const subscribe = useCallback(
    (onChange: () => void) => {
      const bump = (): void => {
        version.current++;
        onChange();
      };
      const offCatalog = client.on('catalogChanged', bump);
      let last = client.status.get();
      const offStatus = client.status.subscribe((s) => {
        if (s.pending !== last.pending || s.lastSyncedAt !== last.lastSyncedAt) bump();
        last = s;
      });
      return () => {
        offCatalog();
        offStatus();
      };
    },
    [client],
  );
  const snapshot = (): number => version.current;
  return useSyncExternalStore(subscribe, snapshot, snapshot);
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

import type { SyncClient, SyncStatus } from '@kasir/sync';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';

/** The sync status line, live. */
export function useSyncStatus(client: SyncClient): SyncStatus {
  const subscribe = useCallback((onChange: () => void) => client.status.subscribe(onChange), [client]);
  return useSyncExternalStore(subscribe, () => client.status.get());
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
  return useSyncExternalStore(subscribe, () => version.current);
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

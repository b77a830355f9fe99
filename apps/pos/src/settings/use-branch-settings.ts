import type { TillBranchSettings } from '@kasir/protocol';
import type { SyncClient } from '@kasir/sync';
import { useCallback, useSyncExternalStore } from 'react';

/**
 * The branch's shop-wide settings as this till last pulled them (null before the first
 * `branch_settings` change: `branchOrDefault` gives the server's defaults then), live.
 */
export function useBranchSettings(client: SyncClient): TillBranchSettings | null {
  const subscribe = useCallback(
    (onChange: () => void) => client.on('branchSettingsChanged', onChange),
    [client],
  );
  const get = (): TillBranchSettings | null => client.branchSettings();
  return useSyncExternalStore(subscribe, get, get);
}

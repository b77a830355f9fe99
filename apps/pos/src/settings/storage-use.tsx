import type { StorageUse as Use, SyncClient, SyncStatus } from '@kasir/sync';
import { useT } from '@kasir/ui';
import { useEffect, useState } from 'react';

/** Megabytes with one decimal. */
const mb = (bytes: number): string => (bytes / 1_048_576).toFixed(1);

/**
 * What this till holds (issue 16: local data that stays small): its own sales (kept 90 days once
 * synced and audited), the branch's recent sales, the sync log, and the bytes used of the quota.
 */
export function StorageUse({ client, status }: { readonly client: SyncClient; readonly status: SyncStatus }) {
  const { t } = useT();
  const [use, setUse] = useState<Use | null>(null);
  useEffect(() => {
    let live = true;
    void client.storageUse().then((u) => {
      if (live) setUse(u);
    });
    return () => {
      live = false;
    };
  }, [client, status.lastSyncedAt]);
  if (use === null) return null;
  return (
    <section className="card" data-testid="storage-use">
      <h3>{t('storageUse.title')}</h3>
      <dl className="info">
        <dt>{t('storageUse.ownSales')}</dt>
        <dd>{use.ownSales}</dd>
        <dt>{t('storageUse.branchSales')}</dt>
        <dd>{use.branchSales}</dd>
        <dt>{t('storageUse.log')}</dt>
        <dd>{use.logEntries}</dd>
        {use.usageBytes !== null && (
          <>
            <dt>{t('storageUse.used')}</dt>
            <dd data-testid="storage-bytes">
              {use.quotaBytes === null
                ? `${mb(use.usageBytes)} MB`
                : t('storageUse.ofQuota', { used: mb(use.usageBytes), quota: mb(use.quotaBytes) })}
            </dd>
          </>
        )}
      </dl>
      <p className="muted">{t('storageUse.help')}</p>
    </section>
  );
}

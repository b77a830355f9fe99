import type { StorageUse as Use, SyncClient, SyncStatus } from '@kasir/sync';
import { formatCount, formatDecimal, useT, type Locale } from '@kasir/ui';
import { useEffect, useState } from 'react';

/** Megabytes with one decimal, as the app's language writes numbers (10.243,2 in Indonesian). */
const mb = (bytes: number, locale: Locale): string => formatDecimal(bytes / 1_048_576, locale, 1);

/**
 * What this till holds (issue 16: local data that stays small): its own sales (kept 90 days once
 * synced and audited), the branch's recent sales, the sync log, and the bytes used of the quota.
 */
export function StorageUse({ client, status }: { readonly client: SyncClient; readonly status: SyncStatus }) {
  const { t, language } = useT();
  const locale: Locale = language === 'en' ? 'en' : 'id';
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
        <dd>{formatCount(use.ownSales, locale)}</dd>
        <dt>{t('storageUse.branchSales')}</dt>
        <dd>{formatCount(use.branchSales, locale)}</dd>
        <dt>{t('storageUse.log')}</dt>
        <dd>{formatCount(use.logEntries, locale)}</dd>
        {use.usageBytes !== null && (
          <>
            <dt>{t('storageUse.used')}</dt>
            <dd data-testid="storage-bytes">
              {use.quotaBytes === null
                ? `${mb(use.usageBytes, locale)} MB`
                : t('storageUse.ofQuota', {
                    used: mb(use.usageBytes, locale),
                    quota: mb(use.quotaBytes, locale),
                  })}
            </dd>
          </>
        )}
      </dl>
      <p className="muted">{t('storageUse.help')}</p>
    </section>
  );
}

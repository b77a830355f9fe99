import type { SyncStatus } from '@kasir/sync';
import { useT } from '@kasir/ui';
import { relativeTime } from '../i18n/relative-time.ts';
import { headerWarnings } from './header-warnings.ts';
import { errorText } from '../common/error-text.tsx';

export interface SyncHeaderProps {
  readonly status: SyncStatus;
  readonly now: number;
  readonly onOpenDashboard: () => void;
}

/** Online/offline, pending and failed counts, last sync, and the cashier's warnings. */
export function SyncHeader({ status, now, onOpenDashboard }: SyncHeaderProps) {
  const { t, language } = useT();
  const warn = headerWarnings(status);
  const last =
    status.lastSyncedAt === null
      ? t('sync.never')
      : t('sync.lastSynced', { when: relativeTime(Date.parse(status.lastSyncedAt), now, language) });
  return (
    <div className="sync-header" data-testid="sync-header">
      <button type="button" className="sync-header__main" onClick={onOpenDashboard}>
        <span className={`dot dot--${status.connection}`} aria-hidden="true" />
        <span data-testid="connection">{t(`sync.${status.connection}`)}</span>
        <span className={status.pending > 0 ? 'badge badge--pending' : 'badge'} data-testid="pending-count">
          {t('sync.pending', { count: status.pending })}
        </span>
        {status.failed > 0 && (
          <span className="badge badge--failed">{t('sync.failed', { count: status.failed })}</span>
        )}
        {status.conflicts > 0 && (
          <span className="badge badge--failed">{t('sync.conflicts', { count: status.conflicts })}</span>
        )}
        <span className="sync-header__last" data-testid="last-synced">
          {last}
        </span>
      </button>
      {status.fullSync && (
        <span className="sync-header__progress">
          {t('sync.fullSync', { done: status.fullSync.done, total: status.fullSync.total })}
        </span>
      )}
      {status.blocked && (
        <span className="warning" role="alert">
          {t('sync.blocked', { message: errorText(t, status.blocked.code) })}
        </span>
      )}
      {warn.stale && (
        <span className="warning" role="alert" data-testid="warn-stale">
          {t('sync.warnStale')}
        </span>
      )}
      {warn.backlog && (
        <span className="warning" role="alert" data-testid="warn-backlog">
          {t('sync.warnBacklog')}
        </span>
      )}
    </div>
  );
}

import type { FullSyncProgress, FullSyncRun, NotLeader, SyncClient, SyncStatus } from '@kasir/sync';
import { describeApiError } from '@kasir/sync';
import { useState } from 'react';
import { useT } from '@kasir/ui';
import type { Notify } from '../sync-status/use-snackbars.ts';
import { ConfirmBar } from '../common/confirm-bar.tsx';
import { errorText } from '../common/error-text.tsx';
import { useStaff } from '../staff/staff-context.tsx';

export interface DeviceActionsProps {
  readonly client: SyncClient;
  readonly status: SyncStatus;
  /** Sales recorded here and not acknowledged by the server (pending or failed); null while counting. */
  readonly unsyncedSales: number | null;
  readonly notify: Notify;
  readonly onSignOut: () => void;
}

type Confirm = 'reset' | 'signOut' | null;

/** Manual sync, full sync with progress, reset & re-download, sign-out; the last two are refused while sales are unsynced. */
export function DeviceActions({ client, status, unsyncedSales, notify, onSignOut }: DeviceActionsProps) {
  const { t } = useT();
  const [progress, setProgress] = useState<FullSyncProgress | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState<Confirm>(null);
  const blocked = unsyncedSales !== 0;
  const staff = useStaff();
  /**
   * Reset and sign-out need the right to reset the device, or a manager's PIN, and are audited
   * (issue 13). Before a sign-out deletes the database, one sync carries the audit event up.
   */
  const gated = async (kind: 'reset' | 'signOut'): Promise<boolean> => {
    const approval = await staff.requirePermission('reset_device');
    if (approval === null) return false;
    staff.audit('reset_device', { approvedBy: approval.approvedBy, details: { kind } });
    if (kind === 'signOut') await client.syncNow().catch(() => undefined);
    return true;
  };

  const report = (run: FullSyncRun | NotLeader | { ok: boolean; reason?: string }): void => {
    if ('reason' in run && run.reason === 'not_leader') notify('error', t('settings.notLeader'));
    else if (run.ok) notify('info', t('settings.done'));
    else {
      const reason =
        'error' in run && run.error
          ? errorText(t, run.error.kind === 'http' ? run.error.code : run.error.kind)
          : 'reason' in run
            ? errorText(t, String(run.reason))
            : '';
      if ('error' in run && run.error) console.warn('sync action failed', describeApiError(run.error));
      notify('error', t('settings.failed', { reason }));
    }
  };
  const run = (task: () => Promise<FullSyncRun | NotLeader | { ok: boolean; reason?: string }>): void => {
    setBusy(true);
    setConfirm(null);
    task()
      .then(report)
      .catch((e: unknown) => notify('error', t('settings.failed', { reason: String(e) })))
      .finally(() => {
        setBusy(false);
        setProgress(null);
      });
  };
  const shown = progress ?? status.fullSync ?? null;

  return (
    <section className="card">
      <h3>{t('settings.sync')}</h3>
      <div className="row">
        <button
          type="button"
          data-testid="manual-sync"
          disabled={busy}
          onClick={() => run(() => client.syncNow())}
        >
          {t('settings.manualSync')}
        </button>
        <button
          type="button"
          data-testid="full-sync"
          disabled={busy}
          onClick={() => run(() => client.fullSync({ onProgress: setProgress }))}
        >
          {t('settings.fullSync')}
        </button>
        <button
          type="button"
          className="danger"
          data-testid="reset"
          disabled={busy || blocked}
          onClick={() => setConfirm('reset')}
        >
          {t('settings.reset')}
        </button>
      </div>
      {shown && (
        <div className="progress" data-testid="full-sync-progress">
          <progress max={Math.max(1, shown.total)} value={shown.done} />
          <span>{t('settings.progress', { done: shown.done, total: shown.total })}</span>
        </div>
      )}
      {confirm === 'reset' && (
        <ConfirmBar
          message={t('settings.resetConfirm')}
          yesLabel={t('settings.yes')}
          noLabel={t('settings.cancel')}
          yesTestId="reset-yes"
          onYes={() =>
            void gated('reset').then(
              (ok) => ok && run(() => client.resetAndRedownload({ onProgress: setProgress })),
            )
          }
          onNo={() => setConfirm(null)}
        />
      )}
      <div className="row">
        <button
          type="button"
          className="danger"
          data-testid="sign-out"
          disabled={busy || blocked}
          onClick={() => setConfirm('signOut')}
        >
          {t('settings.signOut')}
        </button>
      </div>
      {confirm === 'signOut' && (
        <ConfirmBar
          message={t('settings.signOutConfirm')}
          yesLabel={t('settings.yes')}
          noLabel={t('settings.cancel')}
          yesTestId="sign-out-yes"
          onYes={() => void gated('signOut').then((ok) => ok && onSignOut())}
          onNo={() => setConfirm(null)}
        />
      )}
      {unsyncedSales !== null && unsyncedSales > 0 && (
        <p className="warning" data-testid="unsynced-block">
          {t('settings.unsyncedBlock', { count: unsyncedSales })}
        </p>
      )}
    </section>
  );
}

import type { SyncClient, SyncLogEntry, SyncStatus } from '@kasir/sync';
import { useT } from '@kasir/ui';
import { useEffect, useState } from 'react';
import { relativeTime } from '../i18n/relative-time.ts';
import { syncLogFile } from './sync-log-file.ts';
import type { Notify } from './use-snackbars.ts';

export interface SyncActivityProps {
  readonly client: SyncClient;
  readonly status: SyncStatus;
  readonly device: { readonly deviceName: string; readonly branchName: string };
  readonly notify: Notify;
}

/** Rows of the log shown at once; the export has all of them. */
const SHOWN = 200;

/**
 * What a row shows after its code: how many, and the server's or transport's message for errors.
 * The audit's own message is English for support; its code and count say it on screen.
 */
function detailOf(e: SyncLogEntry): string {
  const message = e.kind === 'audit' ? '' : (e.message ?? '');
  return [e.count === undefined ? '' : String(e.count), message].filter(Boolean).join(' · ');
}

/** Offers `text` as a download named `name`. */
function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The sale audit's last result with "audit now", and the sync activity log with its export (issue 16). */
export function SyncActivity({ client, status, device, notify }: SyncActivityProps) {
  const { t, language } = useT();
  const [log, setLog] = useState<SyncLogEntry[]>([]);
  const [auditing, setAuditing] = useState(false);

  useEffect(() => {
    let live = true;
    void client.readLog().then((l) => {
      if (live) setLog(l);
    });
    return () => {
      live = false;
    };
  }, [client, status]);

  const audit = (): void => {
    setAuditing(true);
    client
      .auditSales()
      .then((r) => {
        if (!('kind' in r)) notify('error', t('activity.notLeader'));
      })
      .catch((e: unknown) => notify('error', String(e)))
      .finally(() => setAuditing(false));
  };
  const exportLog = (): void => {
    void client.readLog().then((all) => {
      const f = syncLogFile(device, status, all, new Date());
      download(f.name, f.text);
    });
  };
  const last = status.lastAudit;
  const now = Date.now();

  return (
    <section className="activity" data-testid="sync-activity">
      <div className="row">
        <h2>{t('activity.audit')}</h2>
        <button type="button" data-testid="audit-now" disabled={auditing} onClick={audit}>
          {auditing ? t('activity.auditing') : t('activity.auditNow')}
        </button>
      </div>
      <p className="muted">{t('activity.auditHelp')}</p>
      {last === undefined ? (
        <p data-testid="audit-result">{t('activity.auditNever')}</p>
      ) : (
        <p data-testid="audit-result" className={`audit audit--${last.kind}`}>
          {t(`activity.auditResult.${last.kind}`, { ...last })}{' '}
          <span className="muted">
            {t('activity.auditAt', { when: relativeTime(Date.parse(last.at), now, language) })}
          </span>
        </p>
      )}
      <div className="row">
        <h2>{t('activity.log')}</h2>
        <button type="button" data-testid="export-log" disabled={log.length === 0} onClick={exportLog}>
          {t('activity.export')}
        </button>
      </div>
      <p className="muted">{t('activity.logHelp', { count: log.length })}</p>
      {log.length === 0 ? (
        <p className="muted">{t('activity.logEmpty')}</p>
      ) : (
        <table className="log" data-testid="sync-log">
          <tbody>
            {log.slice(0, SHOWN).map((e) => (
              <tr key={e.seq} className={e.ok ? 'log__row' : 'log__row log__row--bad'} data-testid="log-row">
                <td className="muted">
                  {new Date(e.at).toLocaleString(language === 'en' ? 'en-GB' : 'id-ID')}
                </td>
                <td>{t(`activity.kind.${e.kind}`)}</td>
                <td>{e.code ?? ''}</td>
                <td>{detailOf(e)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

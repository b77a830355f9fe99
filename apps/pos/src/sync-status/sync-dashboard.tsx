import { formatRupiah, type ConflictRecord } from '@kasir/protocol';
import type { OutboxEntry, SyncClient, SyncStatus } from '@kasir/sync';
import { useCallback, useEffect, useState } from 'react';
import { useT } from '@kasir/ui';
import { ConflictCard } from './conflict-card.tsx';
import type { Notify } from './use-snackbars.ts';
import { ErrorNote } from '../common/error-text.tsx';
import { syncErrorLead } from './sync-error-lead.ts';
import { useStaff } from '../staff/staff-context.tsx';

export interface SyncDashboardProps {
  readonly client: SyncClient;
  readonly status: SyncStatus;
  readonly notify: Notify;
}

function summary(e: OutboxEntry): string {
  const m = e.mutation;
  switch (m.type) {
    case 'sale.create':
      return `${m.payload.invoiceNumber} · ${formatRupiah(m.payload.total ?? 0)}`;
    case 'product.update':
    case 'stock.adjust':
    case 'stock.count':
    case 'stocktake.count':
      return m.payload.productId;
    case 'stock.receive':
      return m.payload.reference ?? `${m.payload.lines.length} × ${m.payload.lines[0]?.productId ?? ''}`;
    case 'transfer.send':
    case 'transfer.receive':
    case 'transfer.cancel':
      return m.payload.transferId;
    case 'shift.open':
      return `${m.payload.shiftId} · ${formatRupiah(m.payload.float)}`;
    case 'cash.move':
      return `${m.payload.kind === 'in' ? '+' : '-'}${formatRupiah(m.payload.amount)} · ${m.payload.reason}`;
    case 'shift.close':
      return `${m.payload.shiftId} · ${formatRupiah(m.payload.counted.total)}`;
    case 'refund.create':
      return `${m.payload.saleId} · ${formatRupiah(m.payload.lines.reduce((a, l) => a + l.amount, 0))}`;
    case 'customer.create':
      return `${m.payload.name} · ${m.payload.phone}`;
    case 'audit.record':
      return m.payload.action;
  }
}

/** What has not synced and why (S9), retry one or all, inspect the payload; conflicts (S8). */
export function SyncDashboard({ client, status, notify }: SyncDashboardProps) {
  const { t } = useT();
  const [entries, setEntries] = useState<OutboxEntry[]>([]);
  const [conflicts, setConflicts] = useState<ConflictRecord[]>([]);
  const [confirmDiscard, setConfirmDiscard] = useState<string | null>(null);
  const staff = useStaff();
  /** Dropping what the server refused loses what it recorded: a right, or a supervisor's PIN (issue 13). */
  const discard = async (id: string): Promise<unknown> => {
    const approval = await staff.requirePermission('discard_parked');
    if (approval === null) return;
    staff.audit('discard_parked', { approvedBy: approval.approvedBy, entityId: id });
    return client.discard(id);
  };

  const reload = useCallback(async () => {
    const [outbox, c] = await Promise.all([client.listOutbox(), client.listConflicts()]);
    setEntries(outbox.filter((e) => e.state.kind !== 'synced'));
    setConflicts(c);
  }, [client]);

  useEffect(() => {
    void reload();
  }, [reload, status.pending, status.failed, status.conflicts, status.lastSyncedAt]);

  const act = (p: Promise<unknown>): void => {
    p.then(reload).catch((e: unknown) => notify('error', String(e)));
  };
  const failed = entries.filter((e) => e.state.kind === 'failed').length;

  return (
    <div className="dashboard" data-testid="sync-dashboard">
      <div className="row">
        <h2>{t('dash.outbox')}</h2>
        <button type="button" data-testid="sync-now" onClick={() => act(client.syncNow())}>
          {t('dash.syncNow')}
        </button>
        <button
          type="button"
          data-testid="retry-all"
          disabled={failed === 0}
          onClick={() => act(client.retryAll())}
        >
          {t('dash.retryAll', { count: failed })}
        </button>
      </div>
      {status.lastError && (
        <p data-testid="sync-last-error">
          {t(syncErrorLead(status.lastErrorKind))} <span className="muted small">({status.lastError})</span>
        </p>
      )}
      {entries.length === 0 ? (
        <p className="muted" data-testid="outbox-empty">
          {t('dash.none')}
        </p>
      ) : (
        <ul className="outbox" data-testid="outbox">
          {entries.map((e) => (
            <li
              key={e.id}
              className={`outbox__entry outbox__entry--${e.state.kind}`}
              data-testid="outbox-entry"
            >
              <div className="row">
                <span className={`state state--${e.state.kind}`}>{t(`dash.state.${e.state.kind}`)}</span>
                <strong>{t(`dash.type.${e.mutation.type}`)}</strong>
                <span>{summary(e)}</span>
                <span className="muted">{t('dash.attempts', { count: e.attempts })}</span>
              </div>
              {e.state.kind === 'failed' && <ErrorNote code={e.state.code} testId="outbox-error" />}
              <details>
                <summary>{t('dash.inspect')}</summary>
                <pre>{JSON.stringify(e.mutation, null, 2)}</pre>
              </details>
              {e.state.kind === 'failed' && (
                <div className="row">
                  <button type="button" onClick={() => act(client.retry(e.id))}>
                    {t('dash.retry')}
                  </button>
                  {confirmDiscard === e.id ? (
                    <>
                      <span>{t('dash.confirmDiscard')}</span>
                      <button type="button" className="danger" onClick={() => act(discard(e.id))}>
                        {t('dash.discard')}
                      </button>
                    </>
                  ) : (
                    <button
                      type="button"
                      className="link link--danger"
                      onClick={() => setConfirmDiscard(e.id)}
                    >
                      {t('dash.discard')}
                    </button>
                  )}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <h2>{t('dash.conflicts')}</h2>
      {conflicts.length === 0 ? (
        <p className="muted">{t('dash.noConflicts')}</p>
      ) : (
        <ul className="conflicts">
          {conflicts.map((c) => (
            <ConflictCard
              key={c.id}
              conflict={c}
              onResolve={(choice) => act(client.resolveConflict(c.id, choice))}
            />
          ))}
        </ul>
      )}
    </div>
  );
}

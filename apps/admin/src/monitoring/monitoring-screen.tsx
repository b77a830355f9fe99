import type { MonitoringResponse } from '@kasir/protocol';
import { formatDay, formatPercent, useT, type Locale } from '@kasir/ui';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../app/api-context.ts';
import { useQueryParams } from '../app/use-query-params.ts';
import { AlertLine } from '../dashboard/alert-line.tsx';
import { BranchSelect } from '../common/branch-select.tsx';
import { DateRangeFields } from '../common/date-range-fields.tsx';
import { ErrorNote } from '../common/error-note.tsx';
import { useDevices } from '../common/queries.ts';

/** Sync health per device and day, open conflicts and alerts. */
export function MonitoringScreen() {
  const { t, language } = useT();
  const locale = language as Locale;
  const api = useApi();
  const params = useQueryParams();
  const f = params.pick('branchId', 'from', 'to');
  const data = useQuery({
    queryKey: ['monitoring', f],
    queryFn: () => api.get<MonitoringResponse>('/api/admin/monitoring', f),
    refetchInterval: 15_000,
  });
  const devices = useDevices(f.branchId, 60_000);
  const deviceName = (id: string) => devices.data?.find((d) => d.id === id)?.name ?? id.slice(0, 8);
  const m = data.data;
  return (
    <section className="screen">
      <div className="screen__head">
        <h1>{t('monitoring.title')}</h1>
      </div>
      <div className="filters">
        <BranchSelect value={f.branchId} onChange={(id) => params.set({ branchId: id })} />
        <DateRangeFields />
      </div>
      <ErrorNote error={data.error} />
      <div className="card">
        <h2>{t('dashboard.alerts')}</h2>
        {m?.alerts.length === 0 && <p className="muted">{t('dashboard.noAlerts')}</p>}
        <ul className="plain">
          {m?.alerts.map((a) => (
            <AlertLine key={a.id} alert={a} />
          ))}
        </ul>
      </div>
      <div className="card table-wrap">
        <h2>{t('monitoring.perDevice')}</h2>
        <table className="table" data-testid="monitoring-days">
          <thead>
            <tr>
              <th>{t('common.device')}</th>
              <th>{t('monitoring.date')}</th>
              <th className="num">{t('monitoring.accepted')}</th>
              <th className="num">{t('monitoring.rejected')}</th>
              <th className="num">{t('monitoring.retried')}</th>
              <th className="num">{t('monitoring.conflicts')}</th>
              <th className="num">{t('monitoring.successRate')}</th>
            </tr>
          </thead>
          <tbody>
            {m?.days.map((d) => (
              <tr key={`${d.deviceId}-${d.date}`}>
                <td>{deviceName(d.deviceId)}</td>
                <td>{formatDay(d.date, locale)}</td>
                <td className="num">{d.accepted}</td>
                <td className={`num ${d.rejected > 0 ? 'warn-text' : ''}`}>{d.rejected}</td>
                <td className="num">{d.retried}</td>
                <td className="num">{d.conflicts}</td>
                <td className={`num ${d.successRate < 0.99 ? 'warn-text' : 'ok'}`}>
                  {formatPercent(d.successRate, locale)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="card">
        <h2>{t('monitoring.openConflicts')}</h2>
        {m?.openConflicts.length === 0 && <p className="muted">{t('monitoring.noConflicts')}</p>}
        <ul className="plain">
          {m?.openConflicts.map((c) => (
            <li key={c.id}>
              {deviceName(c.deviceId)}:{' '}
              {t('monitoring.entity', { kind: c.kind, base: c.baseVersion, server: c.serverVersion })}{' '}
              <span className="muted mono small">{c.entityId.slice(0, 8)}</span>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

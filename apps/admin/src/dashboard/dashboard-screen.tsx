import type { Alert, ReportSummary } from '@kasir/protocol';
import {
  addDays,
  businessDay,
  formatCount,
  formatDateTime,
  formatDay,
  formatRupiah,
  useT,
  type Locale,
} from '@kasir/ui';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../app/api-context.ts';
import { useQueryParams } from '../app/use-query-params.ts';
import { BarChart } from '../common/bar-chart.tsx';
import { BranchSelect } from '../common/branch-select.tsx';
import { ErrorNote } from '../common/error-note.tsx';
import { branchTimeZone, useBranches, useDevices } from '../common/queries.ts';
import { AlertLine } from './alert-line.tsx';
import { Tile } from '../common/tile.tsx';
import { Segmented } from '../common/segmented.tsx';

/** The summary of today is polled this often: a sale shows within 2 s of reaching the server. */
export const TODAY_REFRESH_MS = 1_500;

/** Today at a glance for a branch (or all): totals, by method, by hour, 7 or 30 days, devices, alerts. */
export function DashboardScreen() {
  const { t, language } = useT();
  const locale = language as Locale;
  const api = useApi();
  const params = useQueryParams();
  const branchId = params.get('branchId');
  const range = params.get('range') === '30' ? 30 : 7;
  const branches = useBranches();
  const timeZone = branchTimeZone(branches.data, branchId);
  const today = businessDay(new Date(), timeZone);
  const summary = useQuery({
    queryKey: ['summary', branchId, 'today'],
    queryFn: () => api.get<ReportSummary>('/api/admin/reports/summary', { branchId }),
    refetchInterval: TODAY_REFRESH_MS,
    refetchIntervalInBackground: false,
  });
  const history = useQuery({
    queryKey: ['summary', branchId, range, today],
    queryFn: () =>
      api.get<ReportSummary>('/api/admin/reports/summary', {
        branchId,
        from: addDays(today, 1 - range),
        to: today,
      }),
    refetchInterval: 30_000,
  });
  const devices = useDevices(branchId, 5_000);
  const alerts = useQuery({
    queryKey: ['alerts', branchId],
    queryFn: () => api.get<Alert[]>('/api/admin/alerts', { branchId }),
    refetchInterval: 10_000,
  });
  const s = summary.data;
  const live = devices.data?.filter((d) => d.revokedAt === null) ?? [];
  const online = live.filter((d) => d.health.online);
  return (
    <section className="screen">
      <div className="screen__head">
        <h1>{t('dashboard.title')}</h1>
        <BranchSelect value={branchId} onChange={(id) => params.set({ branchId: id })} />
      </div>
      <ErrorNote error={summary.error} />
      <div className="tiles tiles--six" data-testid="today-tiles">
        <Tile
          label={t('dashboard.salesCount')}
          value={s === undefined ? '…' : formatCount(s.salesCount, locale)}
          testId="tile-count"
        />
        <Tile
          label={t('dashboard.gross')}
          value={s === undefined ? '…' : formatRupiah(s.gross)}
          testId="tile-gross"
        />
        <Tile
          label={t('dashboard.refunds', { count: s?.refunds.count ?? 0 })}
          value={s === undefined ? '…' : formatRupiah(s.refunds.total)}
          testId="tile-refunds"
        />
        <Tile
          label={t('dashboard.net')}
          value={s === undefined ? '…' : formatRupiah(s.gross - s.refunds.total)}
          testId="tile-net"
        />
        <Tile label={t('dashboard.discounts')} value={s === undefined ? '…' : formatRupiah(s.discount)} />
        <Tile
          label={t('dashboard.tax')}
          value={s === undefined ? '…' : formatRupiah(s.tax - s.refunds.tax)}
          testId="tile-tax"
        />
      </div>
      {s !== undefined && (
        <p className="muted small">
          {t('dashboard.today')} {formatDay(today, locale)} ·{' '}
          {t('dashboard.updated', { time: formatDateTime(s.generatedAt, locale, timeZone) })}
        </p>
      )}
      <div className="grid2">
        <div className="card">
          <h2>{t('dashboard.byHour')}</h2>
          <BarChart
            testId="chart-hours"
            labelEvery={3}
            bars={(s?.byHour ?? []).map((b) => ({
              label: String(b.hour).padStart(2, '0'),
              value: b.gross,
              title: `${String(b.hour).padStart(2, '0')}:00 · ${formatCount(b.count, locale)} · ${formatRupiah(b.gross)}`,
            }))}
          />
        </div>
        <div className="card">
          <h2>{t('dashboard.byMethod')}</h2>
          <MethodBars summary={s} />
        </div>
      </div>
      <div className="card">
        <div className="row spread">
          <h2>{t('dashboard.byDay')}</h2>
          <Segmented
            options={[
              {
                label: t('dashboard.days7'),
                on: range === 7,
                onSelect: () => params.set({ range: undefined }),
              },
              { label: t('dashboard.days30'), on: range === 30, onSelect: () => params.set({ range: '30' }) },
            ]}
          />
        </div>
        <BarChart
          testId="chart-days"
          labelEvery={range === 30 ? 5 : 1}
          bars={(history.data?.byDay ?? []).map((b) => ({
            label: b.date.slice(8, 10),
            value: b.gross,
            title: `${formatDay(b.date, locale)} · ${formatCount(b.count, locale)} · ${formatRupiah(b.gross)}`,
          }))}
        />
      </div>
      <div className="grid2">
        <div className="card">
          <h2>{t('dashboard.devicesOnline')}</h2>
          <p data-testid="devices-online">
            {t('dashboard.onlineOf', { online: online.length, total: live.length })}
          </p>
          <ul className="plain">
            {live.map((d) => (
              <li key={d.id}>
                <span className={`dot ${d.health.online ? 'dot--on' : ''}`} /> {d.name}{' '}
                <span className="muted">({d.code})</span>
              </li>
            ))}
          </ul>
        </div>
        <div className="card">
          <h2>{t('dashboard.alerts')}</h2>
          {alerts.data?.length === 0 && <p className="muted">{t('dashboard.noAlerts')}</p>}
          <ul className="plain" data-testid="alerts">
            {alerts.data?.map((a) => (
              <AlertLine key={a.id} alert={a} />
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}

/**
 * What each method took, and what went back by it (a provider settles the takings less its
 * refunds); a method with only refunds in the range (a QRIS sale of yesterday refunded today) has
 * its row too.
 */
function MethodBars({ summary }: { readonly summary: ReportSummary | undefined }) {
  const { t, language } = useT();
  const refunded = new Map((summary?.refundsByMethod ?? []).map((r) => [r.method, r.amount]));
  const sold = summary?.byMethod ?? [];
  const methods = [
    ...sold,
    ...[...refunded.keys()]
      .filter((m) => !sold.some((s) => s.method === m))
      .map((method) => ({ method, count: 0, amount: 0 })),
  ];
  const max = Math.max(1, ...methods.map((m) => m.amount));
  if (methods.length === 0) return <p className="muted">{t('common.empty')}</p>;
  return (
    <ul className="plain hbars" data-testid="method-bars">
      {methods.map((m) => {
        const back = refunded.get(m.method);
        return (
          <li key={m.method} data-testid={`method-${m.method}`}>
            <span className="hbars__label">{t(`methods.${m.method}`)}</span>
            <span className="hbars__track">
              <span className="hbars__bar" style={{ width: `${(m.amount / max) * 100}%` }} />
            </span>
            <span className="hbars__value">
              {formatRupiah(m.amount)}{' '}
              <span className="muted">· {formatCount(m.count, language as Locale)}</span>
              {back !== undefined && (
                <span className="hbars__refunded" data-testid={`method-${m.method}-refunded`}>
                  {' '}
                  · {t('dashboard.methodRefunded', { amount: formatRupiah(-back) })}
                </span>
              )}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

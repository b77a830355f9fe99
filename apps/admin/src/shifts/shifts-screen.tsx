import type { EndOfDay, EndOfDayTill, ShiftPayment, ShiftRefundVia, ShiftReportList } from '@kasir/protocol';
import { formatDateTime, formatRupiah, useT, type Locale } from '@kasir/ui';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../app/api-context.ts';
import { useQueryParams } from '../app/use-query-params.ts';
import { BranchSelect } from '../shared/branch-select.tsx';
import { ErrorNote } from '../shared/error-note.tsx';
import { useStaffList } from '../shared/queries.ts';
import { Field } from '../shared/field.tsx';

/**
 * A branch's drawers: its end of day (tills still holding unsynced sales, from the health they
 * report, and shifts still open), and the X/Z reports of its shifts per day, till and cashier, each
 * summed from the server's ledgers.
 */
export function ShiftsScreen() {
  const { t, language } = useT();
  const locale = language as Locale;
  const api = useApi();
  const params = useQueryParams();
  const f = params.pick('branchId', 'day', 'staffId');
  const eod = useQuery({
    queryKey: ['end-of-day', f.branchId],
    queryFn: () => api.get<EndOfDay>('/api/admin/end-of-day', { branchId: f.branchId }),
    enabled: f.branchId !== '',
    refetchInterval: 15_000,
  });
  const shifts = useQuery({
    queryKey: ['shifts', f],
    queryFn: () => api.get<ShiftReportList>('/api/admin/shifts', f),
    enabled: f.branchId !== '',
  });
  // What card, QRIS and e-wallets took, to check against the EDC slip and the providers' reports.
  // Refunds back through a method come off what it took ("QRIS Rp 84.000 (−Rp 78.000)").
  const nonCash = (payments: readonly ShiftPayment[], refundsVia: readonly ShiftRefundVia[]): string =>
    payments
      .filter((p) => p.method !== 'cash')
      .map((p) => {
        const back = refundsVia.find((r) => r.method === p.method)?.amount ?? 0;
        const refunded = back > 0 ? ` (−${formatRupiah(back)})` : '';
        return `${t(`methods.${p.method}`)} ${formatRupiah(p.amount)}${refunded}`;
      })
      .join(', ') || '—';
  // The branch's people by name: an owner picks "Siti", not a staff id.
  const staff = useStaffList(f.branchId);
  const till = (d: EndOfDayTill) => (
    <li key={d.deviceId}>
      <strong>{d.deviceName}</strong>{' '}
      {d.unsyncedSales > 0 && (
        <span className="warn-text">{t('shifts.unsynced', { count: d.unsyncedSales })}</span>
      )}{' '}
      {d.reportedAt !== null && (
        <small className="muted">{t('shifts.reported', { at: formatDateTime(d.reportedAt, locale) })}</small>
      )}
    </li>
  );
  return (
    <section className="screen">
      <h1>{t('shifts.title')}</h1>
      <div className="filters">
        <BranchSelect value={f.branchId} allowAll={false} onChange={(id) => params.set({ branchId: id })} />
        <Field label={t('shifts.day')}>
          <input
            type="date"
            value={f.day}
            onChange={(e) => params.set({ day: e.target.value })}
            data-testid="shift-day"
          />
        </Field>
        <Field label={t('shifts.cashier')}>
          <select
            value={f.staffId}
            data-testid="shift-cashier"
            onChange={(e) => params.set({ staffId: e.target.value })}
          >
            <option value="">{t('shifts.anyone')}</option>
            {(f.branchId === '' ? [] : (staff.data ?? [])).map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {f.branchId === '' && <p className="muted">{t('shifts.chooseBranch')}</p>}
      <ErrorNote error={eod.error ?? shifts.error} />
      {eod.data !== undefined && (
        <div className="card" data-testid="end-of-day">
          <h2>{t('shifts.endOfDay')}</h2>
          {eod.data.unsynced.length === 0 ? (
            <p className="ok">{t('shifts.allSynced')}</p>
          ) : (
            <ul className="plain" data-testid="unsynced-tills">
              {eod.data.unsynced.map(till)}
            </ul>
          )}
          {eod.data.openShifts.length > 0 && (
            <>
              <h3>{t('shifts.stillOpen')}</h3>
              <ul className="plain" data-testid="open-shifts">
                {eod.data.openShifts.map(till)}
              </ul>
            </>
          )}
        </div>
      )}
      {shifts.data !== undefined && (
        <div className="card table-wrap">
          <table className="table" data-testid="shift-reports">
            <thead>
              <tr>
                <th>{t('common.device')}</th>
                <th>{t('shifts.opened')}</th>
                <th>{t('shifts.closed')}</th>
                <th className="num">{t('shifts.float')}</th>
                <th className="num">{t('shifts.cashSales')}</th>
                <th className="num">{t('shifts.cashRefunds')}</th>
                <th>{t('shifts.nonCash')}</th>
                <th className="num">{t('shifts.cashIn')}</th>
                <th className="num">{t('shifts.cashOut')}</th>
                <th className="num">{t('shifts.expected')}</th>
                <th className="num">{t('shifts.counted')}</th>
                <th className="num">{t('shifts.difference')}</th>
                <th>{t('shifts.flags')}</th>
              </tr>
            </thead>
            <tbody>
              {shifts.data.shifts.map((s) => (
                <tr key={s.shiftId} data-testid="shift-row">
                  <td>{s.deviceName}</td>
                  <td>{formatDateTime(s.openedAt, locale)}</td>
                  <td>{s.closedAt === null ? t('shifts.open') : formatDateTime(s.closedAt, locale)}</td>
                  <td className="num">{formatRupiah(s.float)}</td>
                  <td className="num">{formatRupiah(s.cashSales)}</td>
                  <td className="num">{formatRupiah(s.cashRefunds)}</td>
                  <td data-testid="shift-non-cash">{nonCash(s.payments, s.refundsVia)}</td>
                  <td className="num">{formatRupiah(s.cashIn)}</td>
                  <td className="num">{formatRupiah(s.cashOut)}</td>
                  <td className="num">{formatRupiah(s.expected)}</td>
                  <td className="num">{s.counted === null ? '—' : formatRupiah(s.counted)}</td>
                  <td className={`num ${s.difference !== null && s.difference !== 0 ? 'warn-text' : ''}`}>
                    {s.difference === null ? '—' : formatRupiah(s.difference)}
                  </td>
                  <td>{s.flags.map((fl) => t(`shifts.flag.${fl}`)).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

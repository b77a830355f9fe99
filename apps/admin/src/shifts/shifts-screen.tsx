import type { EndOfDay, EndOfDayTill, ShiftPayment, ShiftRefundVia, ShiftReportList } from '@kasir/protocol';
import { formatDateTime, formatRupiah, useT, type Locale } from '@kasir/ui';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../app/api-context.ts';
import { useQueryParams } from '../app/use-query-params.ts';
import { BranchSelect } from '../common/branch-select.tsx';
import { ErrorNote } from '../common/error-note.tsx';
import { useStaffList } from '../common/queries.ts';
import { Field } from '../common/field.tsx';

type ShiftReport = ShiftReportList['shifts'][number];

/** A column of the shift reports: its header, and the label its value carries on a card. */
interface ShiftColumn {
  readonly key: string;
  readonly label: string;
  readonly num?: boolean;
  readonly testId?: string;
  /** The value reads as a warning (a drawer that did not balance). */
  readonly warn?: (s: ShiftReport) => boolean;
  readonly cell: (s: ShiftReport) => string;
}

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
  const money = (amount: number | null): string => (amount === null ? '—' : formatRupiah(amount));
  // One list for the header and the cells' labels: under 1200 px a report is a card of labelled
  // values (admin.css, .table--cards), where thirteen columns scrolled sideways.
  const columns: readonly ShiftColumn[] = [
    { key: 'device', label: t('common.device'), cell: (s) => s.deviceName },
    { key: 'opened', label: t('shifts.opened'), cell: (s) => formatDateTime(s.openedAt, locale) },
    {
      key: 'closed',
      label: t('shifts.closed'),
      cell: (s) => (s.closedAt === null ? t('shifts.open') : formatDateTime(s.closedAt, locale)),
    },
    { key: 'float', label: t('shifts.float'), num: true, cell: (s) => money(s.float) },
    { key: 'cashSales', label: t('shifts.cashSales'), num: true, cell: (s) => money(s.cashSales) },
    { key: 'cashRefunds', label: t('shifts.cashRefunds'), num: true, cell: (s) => money(s.cashRefunds) },
    {
      key: 'nonCash',
      label: t('shifts.nonCash'),
      testId: 'shift-non-cash',
      cell: (s) => nonCash(s.payments, s.refundsVia),
    },
    { key: 'cashIn', label: t('shifts.cashIn'), num: true, cell: (s) => money(s.cashIn) },
    { key: 'cashOut', label: t('shifts.cashOut'), num: true, cell: (s) => money(s.cashOut) },
    { key: 'expected', label: t('shifts.expected'), num: true, cell: (s) => money(s.expected) },
    { key: 'counted', label: t('shifts.counted'), num: true, cell: (s) => money(s.counted) },
    {
      key: 'difference',
      label: t('shifts.difference'),
      num: true,
      warn: (s) => s.difference !== null && s.difference !== 0,
      cell: (s) => money(s.difference),
    },
    {
      key: 'flags',
      label: t('shifts.flags'),
      cell: (s) => s.flags.map((fl) => t(`shifts.flag.${fl}`)).join(', '),
    },
  ];
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
          {/* The roles restate the table's: a browser may drop them once CSS lays it out as blocks. */}
          <table className="table table--cards" role="table" data-testid="shift-reports">
            <thead role="rowgroup">
              <tr role="row">
                {columns.map((c) => (
                  <th key={c.key} role="columnheader" className={c.num === true ? 'num' : undefined}>
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody role="rowgroup">
              {shifts.data.shifts.map((s) => (
                <tr key={s.shiftId} role="row" data-testid="shift-row">
                  {columns.map((c) => (
                    <td
                      key={c.key}
                      role="cell"
                      data-label={c.label}
                      className={
                        [c.num === true ? 'num' : '', c.warn?.(s) === true ? 'warn-text' : '']
                          .join(' ')
                          .trim() || undefined
                      }
                      {...(c.testId === undefined ? {} : { 'data-testid': c.testId })}
                    >
                      {c.cell(s)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

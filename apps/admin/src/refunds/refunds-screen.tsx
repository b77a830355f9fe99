import type { RefundList } from '@kasir/protocol';
import { formatDateTime, formatRupiah, useT, type Locale } from '@kasir/ui';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useApi } from '../app/api-context.ts';
import { useQueryParams } from '../app/use-query-params.ts';
import { BranchSelect } from '../common/branch-select.tsx';
import { ErrorNote } from '../common/error-note.tsx';
import { Field } from '../common/field.tsx';

/** A branch's refunds and voids from the refund ledger; `over_refund` lists what needs a look. */
export function RefundsScreen() {
  const { t, language } = useT();
  const locale = language as Locale;
  const api = useApi();
  const params = useQueryParams();
  const f = params.pick('branchId', 'day', 'flag');
  const list = useQuery({
    queryKey: ['refunds', f],
    queryFn: () => api.get<RefundList>('/api/admin/refunds', f),
    enabled: f.branchId !== '',
  });
  return (
    <section className="screen">
      <h1>{t('refunds.title')}</h1>
      <div className="filters">
        <BranchSelect value={f.branchId} allowAll={false} onChange={(id) => params.set({ branchId: id })} />
        <Field label={t('shifts.day')}>
          <input type="date" value={f.day} onChange={(e) => params.set({ day: e.target.value })} />
        </Field>
        <Field label={t('refunds.flag')}>
          <select
            value={f.flag}
            onChange={(e) => params.set({ flag: e.target.value })}
            data-testid="refund-flag"
          >
            <option value="">{t('refunds.all')}</option>
            <option value="over_refund">{t('refunds.flags.over_refund')}</option>
            <option value="amount_deviation">{t('refunds.flags.amount_deviation')}</option>
            <option value="unknown_staff">{t('refunds.flags.unknown_staff')}</option>
          </select>
        </Field>
      </div>
      {f.branchId === '' && <p className="muted">{t('shifts.chooseBranch')}</p>}
      <ErrorNote error={list.error} />
      {list.data !== undefined && (
        <div className="card table-wrap">
          {list.data.refunds.length === 0 && <p className="muted">{t('refunds.none')}</p>}
          <table className="table" data-testid="refund-rows">
            {list.data.refunds.length > 0 && (
              <thead>
                <tr>
                  <th>{t('refunds.cols.time')}</th>
                  <th>{t('refunds.cols.invoice')}</th>
                  <th>{t('refunds.cols.reason')}</th>
                  <th>{t('refunds.cols.method')}</th>
                  <th className="num">{t('refunds.cols.total')}</th>
                  <th>{t('refunds.flag')}</th>
                </tr>
              </thead>
            )}
            <tbody>
              {list.data.refunds.map((r) => (
                <tr key={r.id} data-testid="refund-row">
                  <td>{formatDateTime(r.createdAt, locale)}</td>
                  <td>
                    <Link to={`/sales/${r.saleId}`}>{r.invoiceNumber}</Link>
                  </td>
                  <td>{t(`refunds.reasons.${r.reason}`)}</td>
                  <td>
                    {r.method === 'cash'
                      ? t('refunds.cash')
                      : r.via === undefined
                        ? t('refunds.original')
                        : t('refunds.originalVia', { method: t(`methods.${r.via}`) })}
                  </td>
                  <td className="num">{formatRupiah(r.total)}</td>
                  <td className={r.flags.length > 0 ? 'warn-text' : ''}>
                    {r.flags.map((fl) => t(`refunds.flags.${fl}`)).join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

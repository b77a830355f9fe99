import type { CustomerDetail, CustomerList } from '@kasir/protocol';
import { formatDateTime, formatRupiah, useT, type Locale } from '@kasir/ui';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useApi } from '../app/api-context.ts';
import { useQueryParams } from '../app/use-query-params.ts';
import { ErrorNote } from '../common/error-note.tsx';
import { Field } from '../common/field.tsx';

/** Customers made on the tills (merged by phone), and one customer's purchases. */
export function CustomersScreen() {
  const { t, language } = useT();
  const locale = language as Locale;
  const api = useApi();
  const params = useQueryParams();
  const f = params.pick('q', 'id');
  const list = useQuery({
    queryKey: ['customers', f.q],
    queryFn: () => api.get<CustomerList>('/api/admin/customers', { q: f.q }),
  });
  const detail = useQuery({
    queryKey: ['customer', f.id],
    queryFn: () => api.get<CustomerDetail>(`/api/admin/customers/${f.id}`),
    enabled: f.id !== '',
  });
  return (
    <section className="screen">
      <h1>{t('customers.title')}</h1>
      <div className="filters">
        <Field label={t('customers.search')} grow>
          <input
            value={f.q}
            onChange={(e) => params.set({ q: e.target.value }, { replace: true })}
            data-testid="customer-q"
          />
        </Field>
      </div>
      <ErrorNote error={list.error ?? detail.error} />
      <div className="card table-wrap">
        <table className="table" data-testid="customer-rows">
          <tbody>
            {list.data?.customers.map((c) => (
              <tr key={c.id}>
                <td>
                  <button type="button" className="link" onClick={() => params.set({ id: c.id })}>
                    {c.name}
                  </button>
                </td>
                <td className="mono">{c.phone}</td>
                <td>{c.email ?? ''}</td>
                <td className="muted">{c.note ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {detail.data !== undefined && (
        <div className="card" data-testid="customer-detail">
          <h2>
            {detail.data.customer.name} <small className="muted">{detail.data.customer.phone}</small>
          </h2>
          <p className="muted">
            {t('customers.spent', {
              amount: formatRupiah(detail.data.spent),
              count: detail.data.sales.length,
            })}
            {detail.data.ids.length > 1
              ? ` · ${t('customers.merged', { count: detail.data.ids.length - 1 })}`
              : ''}
          </p>
          <ul className="plain">
            {detail.data.sales.map((s) => (
              <li key={s.id}>
                <Link to={`/sales/${s.id}`}>{s.invoiceNumber}</Link> · {formatDateTime(s.createdAt, locale)} ·{' '}
                {formatRupiah(s.total)}
                {s.refunded > 0 && (
                  <span className="badge badge--warn" data-testid="customer-sale-refunded">
                    {t('sales.refundedBadge', { amount: formatRupiah(s.refunded) })}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

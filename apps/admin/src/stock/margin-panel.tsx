import type { MarginRow } from '@kasir/protocol';
import { businessDay, formatDay, formatRupiah, useT, type Locale } from '@kasir/ui';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../app/api-context.ts';
import { ErrorNote } from '../common/error-note.tsx';
import { branchTimeZone, useBranches } from '../common/queries.ts';

/** Gross margin per day, product or category, from the moving-average cost. */
export function MarginPanel({ branchId }: { readonly branchId: string }) {
  const { t, language } = useT();
  const api = useApi();
  // Today in the branch's calendar, as its sales' business days are counted: in UTC the first
  // hours of a day in Jakarta (00:00-07:00) would still be yesterday, and today's sales left out.
  const timeZone = branchTimeZone(useBranches().data, branchId);
  const today = businessDay(new Date(), timeZone);
  const [from, setFrom] = useState(() => today.slice(0, 8) + '01');
  const [to, setTo] = useState(today);
  const [by, setBy] = useState<'day' | 'product' | 'category'>('day');
  const rows = useQuery({
    queryKey: ['margin', branchId, from, to, by],
    queryFn: () => api.get<MarginRow[]>('/api/admin/reports/margin', { branchId, from, to, by }),
  });
  const total = (rows.data ?? []).reduce(
    (a, r) => ({ revenue: a.revenue + r.revenue, cost: a.cost + r.cost, margin: a.margin + r.margin }),
    { revenue: 0, cost: 0, margin: 0 },
  );
  return (
    <div className="card table-wrap stack">
      <div className="filters">
        <input
          type="date"
          value={from}
          onChange={(e) => setFrom(e.target.value)}
          aria-label={t('stock.from')}
        />
        <input type="date" value={to} onChange={(e) => setTo(e.target.value)} aria-label={t('stock.to')} />
        <select value={by} onChange={(e) => setBy(e.target.value as typeof by)} aria-label={t('stock.by')}>
          <option value="day">{t('stock.byDay')}</option>
          <option value="product">{t('stock.byProduct')}</option>
          <option value="category">{t('stock.byCategory')}</option>
        </select>
      </div>
      <ErrorNote error={rows.error} />
      <table className="table" data-testid="margin-table">
        <thead>
          <tr>
            <th />
            <th className="num">{t('stock.quantity')}</th>
            <th className="num">{t('stock.revenue')}</th>
            <th className="num">{t('stock.cost')}</th>
            <th className="num">{t('stock.margin')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.data?.map((r) => (
            <tr key={r.key} data-testid="margin-row">
              <td>
                {r.label === '' ? '—' : by === 'day' ? formatDay(r.label, language as Locale) : r.label}
              </td>
              <td className="num">{r.quantity}</td>
              <td className="num">{formatRupiah(r.revenue)}</td>
              <td className="num">
                {formatRupiah(r.cost)}
                {r.uncostedQuantity > 0 && (
                  <small className="muted"> ({t('stock.uncosted', { count: r.uncostedQuantity })})</small>
                )}
              </td>
              <td className="num">{formatRupiah(r.margin)}</td>
            </tr>
          ))}
          <tr>
            <th>{t('stock.total')}</th>
            <td />
            <th className="num">{formatRupiah(total.revenue)}</th>
            <th className="num">{formatRupiah(total.cost)}</th>
            <th className="num" data-testid="margin-total">
              {formatRupiah(total.margin)}
            </th>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

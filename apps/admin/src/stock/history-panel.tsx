import type { AdminProductPage, StockHistoryRow } from '@kasir/protocol';
import { formatDateTime, useT, type Locale } from '@kasir/ui';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { queryString } from '../app/api.ts';
import { useApi } from '../app/api-context.ts';
import { ErrorNote } from '../shared/error-note.tsx';

const REASONS = ['', 'sale', 'refund', 'adjustment', 'receive', 'transfer', 'count', 'damage'] as const;

/** Every movement of the branch (or one product) with the running on-hand; CSV of the same. */
export function HistoryPanel({ branchId }: { readonly branchId: string }) {
  const { t, language } = useT();
  const api = useApi();
  const [q, setQ] = useState('');
  const [productId, setProductId] = useState('');
  const [reason, setReason] = useState('');
  const filter = { branchId, productId, reason, limit: 200 };
  const rows = useQuery({
    queryKey: ['stock-history', filter],
    queryFn: () => api.get<StockHistoryRow[]>('/api/admin/stock/history', filter),
  });
  const find = async () => {
    if (q.trim() === '') return setProductId('');
    const page = await api.get<AdminProductPage>('/api/admin/products', { q, limit: 1 });
    setProductId(page.items[0]?.id ?? '');
  };
  return (
    <div className="card table-wrap stack">
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          void find();
        }}
      >
        <input
          placeholder={t('stock.searchProduct')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          data-testid="history-product"
        />
        <select value={reason} onChange={(e) => setReason(e.target.value)} aria-label={t('stock.reason')}>
          {REASONS.map((r) => (
            <option key={r} value={r}>
              {r === '' ? t('stock.allReasons') : t(`stock.reasons.${r}`)}
            </option>
          ))}
        </select>
        <button type="submit" className="k-btn">
          {t('stock.filter')}
        </button>
        <a
          className="k-btn"
          data-testid="history-csv"
          href={`/api/admin/stock/history.csv${queryString({ ...filter, limit: 1000 })}`}
        >
          CSV
        </a>
      </form>
      <ErrorNote error={rows.error} />
      <table className="table" data-testid="history-table">
        <thead>
          <tr>
            <th>{t('stock.at')}</th>
            <th>{t('stock.reason')}</th>
            <th className="num">{t('stock.delta')}</th>
            <th className="num">{t('stock.onHand')}</th>
            <th>{t('stock.who')}</th>
            <th>{t('stock.note')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.data?.map((r) => (
            <tr key={r.id} data-testid="history-row">
              <td>{formatDateTime(r.at, language as Locale)}</td>
              <td>{t(`stock.reasons.${r.reason}`)}</td>
              <td className="num">{r.delta > 0 ? `+${r.delta}` : r.delta}</td>
              <td className="num">{r.onHandAfter}</td>
              <td>{r.deviceName ?? r.actor ?? '—'}</td>
              <td>{r.note ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

import type { AdminProductPage, StockHistoryRow } from '@kasir/protocol';
import { formatDateTime, useT, type Locale } from '@kasir/ui';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { queryString } from '../app/api.ts';
import { useApi } from '../app/api-context.ts';
import { ErrorNote } from '../common/error-note.tsx';

const REASONS = ['', 'sale', 'refund', 'adjustment', 'receive', 'transfer', 'count', 'damage'] as const;

/** Notes the server writes on its own movements (transfers, stocktakes), by their i18n key. */
const SYSTEM_NOTES: Readonly<Record<string, string>> = {
  sent: 'stock.notes.sent',
  received: 'stock.notes.received',
  'received after cancel': 'stock.notes.receivedAfterCancel',
  cancelled: 'stock.notes.cancelled',
  stocktake: 'stock.notes.stocktake',
};

/** Every movement of the branch (or one product) with the running on-hand; CSV of the same. */
export function HistoryPanel({ branchId }: { readonly branchId: string }) {
  const { t, language } = useT();
  const api = useApi();
  const [q, setQ] = useState('');
  const [productId, setProductId] = useState('');
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState<string | null>(null);
  const filter = { branchId, productId, reason, limit: 200 };
  const rows = useQuery({
    queryKey: ['stock-history', filter],
    queryFn: () => api.get<StockHistoryRow[]>('/api/admin/stock/history', filter),
  });
  const noteText = (note: string | null): string => {
    if (note === null) return '';
    const key = SYSTEM_NOTES[note];
    return key === undefined ? note : t(key);
  };
  const find = async () => {
    setMissing(null);
    if (q.trim() === '') return setProductId('');
    const page = await api.get<AdminProductPage>('/api/admin/products', { q, limit: 1 });
    const found = page.items[0];
    // No such product: say so, rather than show the whole branch as if it were the answer.
    if (found === undefined) return setMissing(q.trim());
    setProductId(found.id);
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
      {missing !== null && <p className="warn-text">{t('stock.noProduct', { q: missing })}</p>}
      <ErrorNote error={rows.error} />
      <table className="table" data-testid="history-table">
        <thead>
          <tr>
            <th>{t('stock.at')}</th>
            {productId === '' && <th>{t('stock.product')}</th>}
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
              {productId === '' && <td data-testid="history-product-name">{r.productName}</td>}
              <td>{t(`stock.reasons.${r.reason}`)}</td>
              <td className="num">{r.delta > 0 ? `+${r.delta}` : r.delta}</td>
              <td className="num">{r.onHandAfter}</td>
              <td>{r.deviceName ?? r.actor ?? '—'}</td>
              <td>{noteText(r.note)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

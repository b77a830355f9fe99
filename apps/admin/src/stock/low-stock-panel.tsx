import type { AdminProductPage, LowStockItem } from '@kasir/protocol';
import { useT } from '@kasir/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../app/api-context.ts';
import { ErrorNote } from '../common/error-note.tsx';

/** Products at or below their minimum in the branch, and setting a product's minimum. */
export function LowStockPanel({ branchId }: { readonly branchId: string }) {
  const { t } = useT();
  const api = useApi();
  const qc = useQueryClient();
  const [q, setQ] = useState('');
  const [minimum, setMinimum] = useState('');
  const save = useMutation({
    mutationFn: async () => {
      const p = (await api.get<AdminProductPage>('/api/admin/products', { q, limit: 1 })).items[0];
      if (p === undefined) throw new Error(t('stock.noProduct', { q }));
      const value = minimum.trim() === '' ? null : Math.max(0, Math.floor(Number(minimum)));
      await api.send('PUT', '/api/admin/stock/minimum', { branchId, productId: p.id, minimum: value });
    },
    onSuccess: () => {
      setQ('');
      setMinimum('');
      void qc.invalidateQueries({ queryKey: ['stock-low', branchId] });
    },
  });
  const low = useQuery({
    queryKey: ['stock-low', branchId],
    queryFn: () => api.get<LowStockItem[]>('/api/admin/stock/low', { branchId }),
    refetchInterval: 15_000,
  });
  return (
    <div className="card table-wrap">
      <h2>{t('stock.tabs.low')}</h2>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <input
          placeholder={t('stock.searchProduct')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          data-testid="minimum-product"
        />
        <input
          type="number"
          min={0}
          placeholder={t('stock.minimum')}
          aria-label={t('stock.minimum')}
          value={minimum}
          onChange={(e) => setMinimum(e.target.value)}
          data-testid="minimum-value"
        />
        <button type="submit" className="k-btn" disabled={q.trim() === '' || save.isPending}>
          {t('stock.setMinimum')}
        </button>
      </form>
      <ErrorNote error={low.error ?? save.error} />
      {low.data?.length === 0 && <p className="muted">{t('stock.noneLow')}</p>}
      <table className="table" data-testid="low-stock-table">
        <thead>
          <tr>
            <th>{t('stock.product')}</th>
            <th className="num">{t('stock.onHand')}</th>
            <th className="num">{t('stock.minimum')}</th>
          </tr>
        </thead>
        <tbody>
          {low.data?.map((r) => (
            <tr key={r.productId}>
              <td>
                {r.name} <small className="muted">{r.sku}</small>
              </td>
              <td className="num warn-text">{r.onHand}</td>
              <td className="num">{r.minimum}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

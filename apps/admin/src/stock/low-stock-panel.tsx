import type { LowStockItem } from '@kasir/protocol';
import { useT } from '@kasir/ui';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../app/api-context.ts';
import { ErrorNote } from '../shared/error-note.tsx';

/** Products at or below their minimum in the branch. */
export function LowStockPanel({ branchId }: { readonly branchId: string }) {
  const { t } = useT();
  const api = useApi();
  const low = useQuery({
    queryKey: ['stock-low', branchId],
    queryFn: () => api.get<LowStockItem[]>('/api/admin/stock/low', { branchId }),
    refetchInterval: 15_000,
  });
  return (
    <div className="card table-wrap">
      <h2>{t('stock.tabs.low')}</h2>
      <ErrorNote error={low.error} />
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

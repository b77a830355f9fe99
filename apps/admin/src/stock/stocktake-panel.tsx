import { newId, type Stocktake, type StocktakeDetail } from '@kasir/protocol';
import { useT } from '@kasir/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../app/api-context.ts';
import { ErrorNote } from '../common/error-note.tsx';

/** The branch's stocktake: open one, watch counted vs expected live, close it. */
export function StocktakePanel({ branchId }: { readonly branchId: string }) {
  const { t } = useT();
  const api = useApi();
  const qc = useQueryClient();
  const list = useQuery({
    queryKey: ['stocktakes', branchId],
    queryFn: () => api.get<Stocktake[]>('/api/admin/stocktakes', { branchId }),
  });
  const current = list.data?.[0];
  const detail = useQuery({
    queryKey: ['stocktake', current?.id],
    enabled: current !== undefined,
    queryFn: () => api.get<StocktakeDetail>(`/api/admin/stocktakes/${current!.id}`),
    // Counted vs expected while the tills count (docs/stock-operations.md).
    refetchInterval: current?.status === 'open' ? 2_000 : false,
  });
  const refresh = () =>
    void qc
      .invalidateQueries({ queryKey: ['stocktake'] })
      .then(() => qc.invalidateQueries({ queryKey: ['stocktakes'] }));
  const categories = useQuery({
    queryKey: ['categories'],
    queryFn: () => api.get<string[]>('/api/admin/products/categories'),
  });
  // None chosen: every product is counted.
  const [chosen, setChosen] = useState<readonly string[]>([]);
  const open = useMutation({
    mutationFn: () =>
      api.send<Stocktake>('POST', '/api/admin/stocktakes', {
        id: newId(),
        branchId,
        ...(chosen.length > 0 ? { categories: [...chosen] } : {}),
      }),
    onSuccess: refresh,
  });
  const close = useMutation({
    mutationFn: (id: string) =>
      api.send<StocktakeDetail>('POST', `/api/admin/stocktakes/${id}/close`, { uncounted: 'keep' }),
    onSuccess: refresh,
  });
  const d = detail.data;
  return (
    <div className="card table-wrap stack">
      <h2>{t('stock.tabs.stocktake')}</h2>
      <ErrorNote error={list.error ?? detail.error ?? open.error ?? close.error} />
      {current?.status !== 'open' && (categories.data ?? []).length > 0 && (
        <fieldset className="stocktake-categories" data-testid="stocktake-categories">
          <legend>{t('stock.stocktakeCategories')}</legend>
          {(categories.data ?? []).map((c) => (
            <label key={c}>
              <input
                type="checkbox"
                data-testid="stocktake-category"
                checked={chosen.includes(c)}
                onChange={(e) => setChosen(e.target.checked ? [...chosen, c] : chosen.filter((x) => x !== c))}
              />{' '}
              {c}
            </label>
          ))}
        </fieldset>
      )}
      {current?.status !== 'open' && (
        <button
          type="button"
          className="k-btn k-btn--primary"
          data-testid="stocktake-open"
          onClick={() => open.mutate()}
        >
          {t('stock.openStocktake')}
        </button>
      )}
      {current !== undefined && (
        <p data-testid="stocktake-status">
          {t(`stock.stocktakeStatus.${current.status}`)}
          {current.categories !== null ? ` · ${current.categories.join(', ')}` : ''}
          {d !== undefined && d.lateLines > 0 ? ` · ${t('stock.lateLines', { count: d.lateLines })}` : ''}
        </p>
      )}
      {current?.status === 'open' && (
        <button
          type="button"
          className="k-btn k-btn--danger"
          data-testid="stocktake-close"
          disabled={close.isPending}
          onClick={() => window.confirm(t('stock.closeStocktakeConfirm')) && close.mutate(current.id)}
        >
          {t('stock.closeStocktake')}
        </button>
      )}
      <table className="table" data-testid="stocktake-table">
        <thead>
          <tr>
            <th>{t('stock.product')}</th>
            <th className="num">{t('stock.counted')}</th>
            <th className="num">{t('stock.expected')}</th>
            <th className="num">{t('stock.variance')}</th>
            <th className="num">{t('stock.onHand')}</th>
          </tr>
        </thead>
        <tbody>
          {d?.lines.map((l) => (
            <tr key={l.productId} data-testid="stocktake-line" data-sku={l.sku}>
              <td>
                {l.name} <small className="muted">{l.sku}</small>
              </td>
              <td className="num" data-testid="counted">
                {l.counted}
              </td>
              <td className="num" data-testid="expected">
                {l.expected}
              </td>
              <td className={`num ${l.variance === 0 ? '' : 'warn-text'}`} data-testid="variance">
                {l.variance > 0 ? `+${l.variance}` : l.variance}
              </td>
              <td className="num" data-testid="on-hand">
                {l.onHand}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

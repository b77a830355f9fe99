import type { AdminProduct } from '@kasir/protocol';
import { Button, buttonClass, formatCount, formatRupiah, useT, type Locale } from '@kasir/ui';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useApi } from '../app/api-context.ts';
import { useQueryParams } from '../app/use-query-params.ts';
import { ErrorNote } from '../common/error-note.tsx';
import { useMe } from '../common/queries.ts';
import { VirtualList } from '../common/virtual-list.tsx';
import { exportCatalog } from './export-catalog.ts';
import { useProductPages } from './use-products.ts';

/** Search, filter and page through the catalog (server-side keyset paging), export it. */
export function ProductsScreen() {
  const { t, language } = useT();
  const api = useApi();
  const navigate = useNavigate();
  const params = useQueryParams();
  const filter = params.pick('q', 'category', 'active');
  const [typed, setTyped] = useState(filter.q);
  // The URL follows the search box a moment after typing stops (replace: no history per keystroke).
  useEffect(() => {
    if (typed.trim() === filter.q) return undefined;
    const timer = setTimeout(() => params.set({ q: typed.trim() }, { replace: true }), 250);
    return () => clearTimeout(timer);
    // Only the typed text drives this; `params` changes with every URL change.
  }, [typed]);
  const categories = useQuery({
    queryKey: ['categories'],
    queryFn: () => api.get<string[]>('/api/admin/products/categories'),
    staleTime: 60_000,
  });
  const { pages, items, loadMore } = useProductPages(filter);
  const hasNextPage = pages.hasNextPage;
  // Unknown (an older server's answer) counts as allowed: the server's 403 still says no.
  const canEdit = useMe().data?.canEditCatalog !== false;
  const [exported, setExported] = useState<number | null>(null);
  const doExport = async () => {
    setExported(0);
    try {
      await exportCatalog(api, filter, setExported);
    } finally {
      setExported(null);
    }
  };
  return (
    <section className="screen">
      <div className="screen__head">
        <h1>{t('products.title')}</h1>
        <div className="row">
          {/* Offered only to who may edit the catalog (a manager without the right got a 403 on save). */}
          {canEdit && (
            <>
              <Link className={buttonClass('primary')} to="/products/new">
                {t('products.new')}
              </Link>
              <Link className={buttonClass()} to="/products/import">
                {t('products.import')}
              </Link>
            </>
          )}
          <Button onClick={() => void doExport()} disabled={exported !== null}>
            {exported === null ? t('products.export') : t('products.exporting', { count: exported })}
          </Button>
        </div>
      </div>
      <div className="filters">
        <input
          type="search"
          className="filters__search"
          placeholder={t('products.search')}
          aria-label={t('common.search')}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          data-testid="product-search"
        />
        <select
          aria-label={t('products.category')}
          value={filter.category}
          onChange={(e) => params.set({ category: e.target.value })}
        >
          <option value="">{`${t('products.category')}: ${t('common.all')}`}</option>
          {categories.data?.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        <select
          aria-label={t('products.status')}
          value={filter.active}
          onChange={(e) => params.set({ active: e.target.value })}
        >
          <option value="">{`${t('products.status')}: ${t('common.all')}`}</option>
          <option value="true">{t('products.active')}</option>
          <option value="false">{t('products.archived')}</option>
        </select>
      </div>
      <ErrorNote error={pages.error} />
      <p className="muted small" data-testid="product-count">
        {t('common.loaded', { count: formatCount(items.length, language as Locale) })}
        {hasNextPage ? ` · ${t('common.more')}` : ''}
      </p>
      {pages.isSuccess && items.length === 0 && <p className="empty">{t('products.noResults')}</p>}
      <VirtualList<AdminProduct>
        testId="product-list"
        items={items}
        rowHeight={60}
        rowKey={(p) => p.id}
        onEndReached={loadMore}
        header={
          <div className="prow prow--head" aria-hidden="true">
            <span>{t('products.name')}</span>
            <span className="hide-sm">{t('products.category')}</span>
            <span className="num">{t('products.price')}</span>
          </div>
        }
        renderRow={(p) => (
          <button
            type="button"
            className={`prow ${p.active ? '' : 'prow--archived'}`}
            onClick={() => void navigate(`/products/${p.id}`)}
          >
            <span className="prow__name">
              <strong>{p.name}</strong>
              <small className="muted">
                {p.sku}
                {p.barcodes[0] === undefined ? '' : ` · ${p.barcodes[0]}`}
                {p.active ? '' : ` · ${t('products.archived')}`}
              </small>
            </span>
            <span className="hide-sm muted">{p.category ?? '—'}</span>
            <span className="num">{formatRupiah(p.price)}</span>
          </button>
        )}
      />
    </section>
  );
}

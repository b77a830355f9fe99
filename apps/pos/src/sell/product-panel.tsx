import type { ProductView, SyncClient } from '@kasir/sync';
import { useMemo, useState, type KeyboardEvent } from 'react';
import { useT } from '@kasir/ui';
import { ProductTile } from './product-tile.tsx';

const PAGE_SIZE = 24;

export interface ProductPanelProps {
  readonly client: SyncClient;
  /** Changes when catalog or stock changed: recompute what is shown. */
  readonly catalogVersion: number;
  readonly onAdd: (p: ProductView) => void;
  /** Enter in the search box with a code that is no product's barcode. */
  readonly onUnknownCode: (code: string) => void;
}

/** Search as you type (name, SKU, barcode) over the in-memory index, or the grid by category. */
export function ProductPanel({ client, catalogVersion, onAdd, onUnknownCode }: ProductPanelProps) {
  const { t } = useT();
  const [query, setQuery] = useState('');
  const [category, setCategory] = useState<string | undefined>(undefined);
  const [page, setPage] = useState(0);
  const catalog = client.catalog;

  // catalogVersion is the dependency that says the index changed under us.
  const categories = useMemo(
    () => (catalogVersion >= 0 ? catalog.categories() : []),
    [catalog, catalogVersion],
  );
  const view = useMemo(() => {
    if (catalogVersion < 0) return { items: [], total: 0 };
    if (query.trim() !== '') {
      const items = catalog.search(query, 48);
      return { items, total: items.length };
    }
    return catalog.page({ ...(category === undefined ? {} : { category }), page, pageSize: PAGE_SIZE });
  }, [catalog, catalogVersion, query, category, page]);
  const pages = Math.max(1, Math.ceil(view.total / PAGE_SIZE));

  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Escape') setQuery('');
    if (e.key !== 'Enter') return;
    const q = query.trim();
    if (q === '') return;
    const exact = catalog.byBarcode(q);
    const only = view.items.length === 1 ? view.items[0] : undefined;
    const hit = exact ?? only;
    if (hit) {
      onAdd(hit);
      setQuery('');
    } else if (/^[0-9]{4,}$/.test(q)) {
      onUnknownCode(q);
      setQuery('');
    }
  };

  return (
    <section className="products">
      <input
        className="search"
        type="search"
        data-testid="search"
        placeholder={t('sell.search')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={onSearchKey}
        autoComplete="off"
      />
      {query.trim() === '' && (
        <nav className="categories" aria-label="categories">
          <button
            type="button"
            className={category === undefined ? 'chip chip--on' : 'chip'}
            onClick={() => {
              setCategory(undefined);
              setPage(0);
            }}
          >
            {t('sell.all')}
          </button>
          {categories.map((c) => (
            <button
              type="button"
              key={c}
              className={category === c ? 'chip chip--on' : 'chip'}
              onClick={() => {
                setCategory(c);
                setPage(0);
              }}
            >
              {c}
            </button>
          ))}
        </nav>
      )}
      {catalog.size === 0 ? (
        <p className="muted">{t('sell.emptyCatalog')}</p>
      ) : view.items.length === 0 ? (
        <p className="muted">{t('sell.noResults')}</p>
      ) : (
        <div className="grid" data-testid="product-grid">
          {view.items.map((p) => (
            <ProductTile
              key={p.id}
              product={p}
              stockLabel={t('sell.stock', { count: p.onHand })}
              onAdd={onAdd}
            />
          ))}
        </div>
      )}
      {query.trim() === '' && pages > 1 && (
        <div className="pager">
          <button type="button" disabled={page === 0} onClick={() => setPage((p) => p - 1)}>
            {t('sell.prev')}
          </button>
          <span>{t('sell.page', { page: page + 1, pages })}</span>
          <button type="button" disabled={page + 1 >= pages} onClick={() => setPage((p) => p + 1)}>
            {t('sell.next')}
          </button>
        </div>
      )}
    </section>
  );
}

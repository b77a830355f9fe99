import type { ProductView, SyncClient } from '@kasir/sync';
import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { useT } from '@kasir/ui';
import { whenIdle } from '../common/when-idle.ts';
import { ProductTile } from './product-tile.tsx';
import { typoSearch } from './typo-search.ts';

const PAGE_SIZE = 24;

export interface ProductPanelProps {
  readonly client: SyncClient;
  /** Changes when catalog or stock changed: recompute what is shown. */
  readonly catalogVersion: number;
  readonly onAdd: (p: ProductView) => void;
  /** Enter in the search box with a code that is no product's barcode. */
  readonly onUnknownCode: (code: string) => void;
  /** The payment panel is open: adding would change the amount due behind the cashier's back. */
  readonly locked: boolean;
  /** A sync has completed: an empty catalog is the shop's, not one still on its way. */
  readonly synced: boolean;
  /** The server the products' pictures come from (ProductTile). */
  readonly imageBase: string;
  /** Whether the tiles ask for their pictures (ProductTile's `pictures`). */
  readonly pictures: boolean;
}

/** Most search results shown; one more is asked for to know the list was cut off. */
const SEARCH_LIMIT = 48;

/** Search as you type (name, SKU, barcode) over the in-memory index, or the grid by category. */
export function ProductPanel(props: ProductPanelProps) {
  const { client, catalogVersion, onAdd: add, onUnknownCode, locked } = props;
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
    if (catalogVersion < 0) return { items: [], total: 0, cutOff: false, fuzzy: false };
    if (query.trim() !== '') {
      const found = catalog.search(query, SEARCH_LIMIT + 1);
      if (found.length > 0) {
        return {
          items: found.slice(0, SEARCH_LIMIT),
          total: found.length,
          cutOff: found.length > SEARCH_LIMIT,
          fuzzy: false,
        };
      }
      const near = typoSearch(
        catalog.page({ pageSize: Number.MAX_SAFE_INTEGER }).items,
        query,
        SEARCH_LIMIT + 1,
      );
      return {
        items: near.slice(0, SEARCH_LIMIT),
        total: near.length,
        cutOff: near.length > SEARCH_LIMIT,
        fuzzy: near.length > 0,
      };
    }
    return {
      ...catalog.page({ ...(category === undefined ? {} : { category }), page, pageSize: PAGE_SIZE }),
      cutOff: false,
      fuzzy: false,
    };
  }, [catalog, catalogVersion, query, category, page]);
  const pages = Math.max(1, Math.ceil(view.total / PAGE_SIZE));
  // The first page shows before the catalog is sorted (CatalogIndex.page selects it); the sort
  // follows when the page is idle, so the next page or the first keystroke does not wait for it.
  useEffect(() => {
    if (catalogVersion < 0) return;
    return whenIdle(() => catalog.prepare(), 2_000, 200);
  }, [catalog, catalogVersion]);

  const onAdd = (p: ProductView): void => {
    if (!locked) add(p);
  };
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
      {locked && (
        <p className="line__notice" role="status" data-testid="products-locked">
          {t('till.paying.locked')}
        </p>
      )}
      {view.fuzzy && (
        <p className="muted" data-testid="search-fuzzy">
          {t('till.catalog.fuzzy', { query: query.trim() })}
        </p>
      )}
      {catalog.size === 0 ? (
        <p className="muted" data-testid="catalog-empty">
          {props.synced ? t('till.catalog.empty') : t('till.catalog.waiting')}
        </p>
      ) : view.items.length === 0 ? (
        <p className="muted">{t('sell.noResults')}</p>
      ) : (
        <div
          className={locked ? 'grid grid--locked' : 'grid'}
          data-testid="product-grid"
          aria-disabled={locked}
        >
          {view.items.map((p) => (
            <ProductTile
              key={p.id}
              product={p}
              stockLabel={t('sell.stock', { count: p.onHand })}
              onAdd={onAdd}
              imageBase={props.imageBase}
              pictures={props.pictures}
              disabled={locked}
            />
          ))}
        </div>
      )}
      {view.cutOff && (
        <p className="muted" data-testid="search-cut-off">
          {t('till.catalog.cutOff', { shown: SEARCH_LIMIT })}
        </p>
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

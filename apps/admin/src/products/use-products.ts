import type { AdminProduct, AdminProductPage } from '@kasir/protocol';
import type { Api } from '../app/api.ts';
import { useApi } from '../app/api-context.ts';
import { useKeysetPages } from '../common/use-keyset-pages.ts';

export interface ProductFilter {
  readonly q: string;
  readonly category: string;
  /** '' = all, 'true' = active, 'false' = archived. */
  readonly active: string;
}

export const PRODUCT_PAGE = 100;

/** One keyset page of `GET /api/admin/products`. */
export function fetchProductPage(api: Api, f: ProductFilter, cursor: string | null, limit: number) {
  return api.get<AdminProductPage>('/api/admin/products', {
    q: f.q,
    category: f.category,
    active: f.active,
    cursor,
    limit,
  });
}

/** The product list as pages the virtual list appends to as the person scrolls. */
export function useProductPages(f: ProductFilter) {
  const api = useApi();
  return useKeysetPages<AdminProduct, AdminProductPage>(['products', f.q, f.category, f.active], (cursor) =>
    fetchProductPage(api, f, cursor, PRODUCT_PAGE),
  );
}

import type { AdminProductPage } from '@kasir/protocol';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { Api } from '../app/api.ts';
import { useApi } from '../app/api-context.ts';

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
  return useInfiniteQuery({
    queryKey: ['products', f.q, f.category, f.active],
    queryFn: ({ pageParam }) => fetchProductPage(api, f, pageParam, PRODUCT_PAGE),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.hasMore ? last.cursor : undefined),
  });
}

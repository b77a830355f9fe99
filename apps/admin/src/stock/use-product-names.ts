import type { AdminProduct } from '@kasir/protocol';
import { useQueries } from '@tanstack/react-query';
import { useApi } from '../app/api-context.ts';

/**
 * Names of the products `ids` by id, fetched once per product and cached (a transfer table names
 * the same few products again and again). An id not yet loaded, or gone, maps to nothing.
 */
export function useProductNames(ids: readonly string[]): ReadonlyMap<string, string> {
  const api = useApi();
  const unique = [...new Set(ids)];
  const results = useQueries({
    queries: unique.map((id) => ({
      queryKey: ['product', id],
      queryFn: () => api.get<AdminProduct>(`/api/admin/products/${id}`),
      staleTime: 5 * 60_000,
      retry: false,
    })),
  });
  const names = new Map<string, string>();
  results.forEach((r, i) => {
    const id = unique[i];
    if (id !== undefined && r.data !== undefined) names.set(id, r.data.name);
  });
  return names;
}

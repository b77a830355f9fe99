import { useInfiniteQuery } from '@tanstack/react-query';
import { useCallback } from 'react';

interface KeysetPage<T> {
  readonly items: readonly T[];
  readonly cursor: string | null;
  readonly hasMore: boolean;
}

/**
 * A keyset-paged admin list (`{items, cursor, hasMore}`) as one growing array, with `loadMore` for
 * the virtual list's end. `P` is the page type (sales pages also carry `totals`).
 */
export function useKeysetPages<T, P extends KeysetPage<T>>(
  queryKey: readonly unknown[],
  fetchPage: (cursor: string | null) => Promise<P>,
  refetchInterval?: number,
) {
  const pages = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.hasMore ? last.cursor : undefined),
    ...(refetchInterval === undefined ? {} : { refetchInterval }),
  });
  const items: T[] = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = pages;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  return { pages, items, loadMore, firstPage: pages.data?.pages[0] };
}

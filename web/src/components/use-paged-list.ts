import { useInfiniteQuery } from '@tanstack/react-query';
import { api, type Page, type RequestOptions } from '../api';

const PAGE_SIZE = 50;

/** A cursor-paginated list read one page at a time ("load more"), flattened for rendering. */
export function usePagedList<T>(queryKey: unknown[], path: string, query: RequestOptions['query'] = {}) {
  return useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => api<Page<T>>(path, { query: { ...query, limit: PAGE_SIZE, cursor: pageParam } }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    select: (data) => data.pages.flatMap((page) => page.items),
  });
}

import { QueryClient } from '@tanstack/react-query';
import { isApiError } from './api';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // A 4xx will not get better by asking again; a dropped connection might.
      retry: (failureCount, error) => failureCount < 2 && isApiError(error) && (error.status === 0 || error.status >= 500),
    },
  },
});

/** Keys of organisation-scoped queries carry the org id, so switching organisation never shows stale rows. */
export function orgKey(orgId: string, ...parts: unknown[]): unknown[] {
  return ['org', orgId, ...parts];
}

import type { QueryClient } from '@tanstack/react-query';
import { ME_KEY } from './use-me';

/**
 * Drops everything cached for a session (the user and all organisation data) when one begins or
 * ends, so no answer of the previous account is ever shown. Public data such as the setup state
 * stays: the page asking for it may still be on screen.
 */
export function forgetSession(queryClient: QueryClient): void {
  queryClient.removeQueries({ queryKey: ME_KEY });
  queryClient.removeQueries({ queryKey: ['org'] });
}

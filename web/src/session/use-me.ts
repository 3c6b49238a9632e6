import { useQuery } from '@tanstack/react-query';
import { api, type Me } from '../api';
import i18n, { matchLanguage } from '../i18n';

export const ME_KEY = ['me'] as const;

/**
 * The signed-in user and their memberships. The language saved in the profile follows the user
 * to every browser, so it is applied here, before anything of the workspace renders: switching
 * after the first paint would flash the browser's language and race with the user's own clicks.
 */
async function fetchMe(): Promise<Me> {
  const me = await api<Me>('/me');
  const language = matchLanguage(me.user.locale);
  if (language && language !== i18n.resolvedLanguage) await i18n.changeLanguage(language);
  return me;
}

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe });
}

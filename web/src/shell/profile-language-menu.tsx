import { useQueryClient } from '@tanstack/react-query';
import { api, type Me } from '../api';
import { LanguageMenu } from '../components/language-menu';
import { useApiError } from '../components/use-api-error';
import type { Language } from '../i18n';
import { ME_KEY } from '../session/use-me';

/** The language switcher of signed-in users: the choice is also saved in their profile. */
export function ProfileLanguageMenu() {
  const queryClient = useQueryClient();
  const handleError = useApiError();

  const save = async (locale: Language) => {
    try {
      const me = await api<Me>('/me', { method: 'PATCH', body: { locale } });
      queryClient.setQueryData(ME_KEY, me);
    } catch (error) {
      handleError(error);
    }
  };

  return <LanguageMenu onChange={(language) => void save(language)} />;
}

import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { notifications } from '@mantine/notifications';
import { isApiError, type ApiError } from '../api';

/** The part of a Mantine form this needs; kept structural so any form's values fit. */
interface FieldErrorTarget {
  getValues: () => object;
  setFieldError: (path: string, error: string) => void;
}

/**
 * Words a known failure in the reader's language. The server's messages are English only, so a
 * caller that can recognise an error (by status, code and field) passes its own translation.
 */
export type ErrorWording = (error: ApiError) => string | undefined;

/**
 * Returns a handler for failed requests: a 4xx naming a field of the given form shows its message
 * under that field; anything else becomes a notification. A 401 needs nothing: the API client is
 * already on its way to the sign-in page.
 */
export function useApiError() {
  const { t } = useTranslation();
  return useCallback(
    (error: unknown, form?: FieldErrorTarget, wording?: ErrorWording) => {
      if (!isApiError(error)) {
        notifications.show({ color: 'red', title: t('errors.title'), message: t('errors.unexpected') });
        return;
      }
      if (error.status === 401 && error.code === 'unauthorized') return;
      const message = wording?.(error) ?? describeApiError(error, t);
      if (error.status >= 400 && error.status < 500 && error.field && form && error.field in form.getValues()) {
        form.setFieldError(error.field, message);
        return;
      }
      notifications.show({ color: 'red', title: t('errors.title'), message });
    },
    [t],
  );
}

export function describeApiError(error: unknown, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (!isApiError(error)) return t('errors.unexpected');
  if (error.status === 0) return t('errors.network');
  if (error.status >= 500) return t('errors.server', { requestId: error.requestId ?? '—' });
  if (error.status === 403 && !error.message) return t('errors.forbidden');
  return error.message || t('errors.unexpected');
}

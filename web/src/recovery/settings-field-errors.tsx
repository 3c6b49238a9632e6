import { isApiError } from '../api';
import { useApiError } from '../components/use-api-error';

export type FieldErrors = Record<string, string>;

/**
 * A 4xx naming a field this form shows (`rules.2.threshold`, `weekHours.mon.0.end`, `days.1.date`…)
 * goes under that field; anything else becomes a notification.
 */
export function useFieldErrorHandler(setErrors: (errors: FieldErrors) => void, prefixes: string[]) {
  const handleError = useApiError();
  return (error: unknown) => {
    if (isApiError(error) && error.status >= 400 && error.status < 500 && error.field && prefixes.some((prefix) => error.field === prefix || error.field!.startsWith(`${prefix}.`))) {
      setErrors({ [error.field]: error.message });
      return;
    }
    handleError(error);
  };
}

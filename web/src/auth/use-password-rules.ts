import { useTranslation } from 'react-i18next';

/** The server refuses passwords under 8 characters; saying so before the round trip is kinder. */
export const MIN_PASSWORD_LENGTH = 8;

export function usePasswordRules() {
  const { t } = useTranslation();
  return {
    password: (value: string) =>
      value.length >= MIN_PASSWORD_LENGTH ? null : t('validation.passwordLength', { min: MIN_PASSWORD_LENGTH }),
    confirm:
      <K extends string>(field: K) =>
      (value: string, values: Record<K, string>) =>
        value === values[field] ? null : t('validation.passwordMismatch'),
  };
}

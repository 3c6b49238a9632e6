import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { matchLanguage } from './i18n';

export interface Formatters {
  dateTime: (iso: string | null | undefined) => string;
  date: (iso: string | null | undefined) => string;
  number: (value: number) => string;
}

/** Dates and numbers in the reader's language; re-created when the language changes. */
export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  const locale = matchLanguage(i18n.resolvedLanguage ?? i18n.language) ?? 'en';
  return useMemo(() => {
    const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
    const number = new Intl.NumberFormat(locale);
    return {
      dateTime: (iso) => (iso ? dateTime.format(new Date(iso)) : ''),
      date: (iso) => (iso ? date.format(new Date(iso)) : ''),
      number: (value) => number.format(value),
    };
  }, [locale]);
}

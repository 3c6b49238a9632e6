import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { matchLanguage } from '../i18n';
import type { MetricKey } from './insights-api';

export interface ScoreFormat {
  locale: string;
  /** "+35" (NPS points), "82.5%" (CSAT top-2-box), "5.42" (CES mean on 1–7); "—" when withheld. */
  score: (metric: MetricKey, value: number | null) => string;
  /** "+12" / "−3.5 pts" style differences, always signed. */
  difference: (metric: MetricKey, value: number) => string;
  /** "10 – 40" */
  interval: (metric: MetricKey, ci: [number, number] | null) => string;
  integer: (value: number) => string;
  /** "p = 0.012", "p < 0.001" */
  pValue: (value: number) => string;
  /** A calendar day (YYYY-MM-DD) in the reader's language. */
  day: (day: string) => string;
  shortDay: (day: string) => string;
}

/** Numbers and dates of the dashboards in the reader's language (Intl), rebuilt when it changes. */
export function useScoreFormat(): ScoreFormat {
  const { i18n } = useTranslation();
  const locale = matchLanguage(i18n.resolvedLanguage ?? i18n.language) ?? 'en';
  return useMemo(() => {
    const nps = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' });
    const npsPlain = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
    const percentSigned = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' });
    const mean = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const meanSigned = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' });
    const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    const p = new Intl.NumberFormat(locale, { maximumSignificantDigits: 2 });
    // Calendar days are dates without a zone: format them in UTC so no zone shifts them.
    const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
    const shortDay = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' });
    const asDate = (value: string) => new Date(`${value}T00:00:00Z`);
    const score = (metric: MetricKey, value: number | null) => {
      if (value === null) return '—';
      if (metric === 'nps') return nps.format(value);
      if (metric === 'csat') return percent.format(value / 100);
      return mean.format(value);
    };
    const plain = (metric: MetricKey, value: number) => (metric === 'nps' ? npsPlain.format(value) : metric === 'csat' ? percent.format(value / 100) : mean.format(value));
    return {
      locale,
      score,
      difference: (metric, value) => (metric === 'ces' ? meanSigned.format(value) : percentSigned.format(value)),
      interval: (metric, ci) => (ci ? `${plain(metric, ci[0])} – ${plain(metric, ci[1])}` : '—'),
      integer: (value) => integer.format(value),
      pValue: (value) => (value < 0.001 ? `p < ${p.format(0.001)}` : `p = ${p.format(value)}`),
      day: (value) => day.format(asDate(value)),
      shortDay: (value) => shortDay.format(asDate(value)),
    };
  }, [locale]);
}

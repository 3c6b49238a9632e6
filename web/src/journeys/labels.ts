import type { TFunction } from 'i18next';
import type { Language } from '../i18n';
import { textIn } from './blueprint-model';
import type { Benchmark, Comparator, Metric, Stage, TranslatableText } from './journeys-api';

export const COMPARATOR_SIGNS: Record<Comparator, string> = { gte: '≥', lte: '≤', gt: '>', lt: '<', eq: '=' };

/** A stage's own name when it has one, else the translated name of its kind. */
export function stageName(stage: Stage & { displayName?: TranslatableText }, language: Language, fallback: Language, t: TFunction): string {
  // The effective blueprint names every stage in `displayName` (its own name or its kind's).
  const own = textIn(stage.name ?? stage.displayName, language, fallback);
  if (own) return own;
  if (stage.kind === 'custom') return stage.key;
  return t(`journeys.stageKinds.${stage.kind}`);
}

export function metricName(benchmark: Pick<Benchmark, 'metric' | 'customKey'> & { customName?: TranslatableText | string }, language: Language, fallback: Language, t: TFunction): string {
  if (benchmark.metric !== 'custom') return t(`journeys.metrics.${benchmark.metric}`);
  const name = typeof benchmark.customName === 'string' ? benchmark.customName : textIn(benchmark.customName, language, fallback);
  return name || benchmark.customKey || t('journeys.metrics.custom');
}

/** "≤ 5 min", "≥ 90%": a target's value in the reader's language. */
export function targetValue(metric: Metric, comparator: Comparator, value: number, language: Language, t: TFunction): string {
  const number = (n: number) => new Intl.NumberFormat(language, { maximumFractionDigits: 2 }).format(n);
  let shown: string;
  if (metric === 'wait_seconds' || metric === 'handle_seconds') {
    shown = value >= 60 && value % 60 === 0 ? t('journeys.units.minutes', { n: number(value / 60) }) : t('journeys.units.seconds', { n: number(value) });
  } else if (metric === 'csat' || metric === 'audit_compliance') {
    shown = `${number(value)}%`;
  } else shown = number(value);
  return `${COMPARATOR_SIGNS[comparator]} ${shown}`;
}

export function formatBenchmark(benchmark: Benchmark, language: Language, fallback: Language, t: TFunction): string {
  return `${metricName(benchmark, language, fallback, t)} ${targetValue(benchmark.metric, benchmark.comparator, benchmark.value, language, t)}`;
}


import type { TFunction } from 'i18next';
import { LANGUAGE_NAMES, LANGUAGES, type Language } from '../i18n';
import { textIn } from './blueprint-model';
import type { Blueprint, Problem } from './journeys-api';
import { stageName } from './labels';

/** The problem in the reader's language when its kind is known; else the server's English text. */
export function problemText(problem: Problem, t: TFunction): string {
  if (!problem.code) return problem.message;
  const params: Record<string, string | number> = { ...problem.params };
  const language = params.language;
  if (typeof language === 'string' && (LANGUAGES as readonly string[]).includes(language)) params.language = LANGUAGE_NAMES[language as Language];
  if (typeof params.metric === 'string') params.metric = t(`journeys.metrics.${params.metric}`);
  if (params.better === 'higher' || params.better === 'lower') params.better = t(`journeys.problems.better_${params.better}`);
  return t(`journeys.problems.${problem.code}`, params);
}

const FIELD_LABELS: Record<string, string> = {
  name: 'journeys.fields.name',
  description: 'journeys.fields.description',
  key: 'journeys.fields.key',
  stageKey: 'journeys.fields.stage',
  flags: 'journeys.fields.flags',
  channels: 'journeys.fields.channels',
  coreNeeds: 'journeys.fields.coreNeeds',
  keyPoints: 'journeys.fields.keyPoints',
  actionGuide: 'journeys.fields.actionGuide',
  responsibleRole: 'journeys.fields.responsibleRole',
  implementationNotes: 'journeys.fields.implementationNotes',
  benchmarks: 'journeys.fields.benchmarks',
  metric: 'journeys.fields.metric',
  comparator: 'journeys.fields.comparator',
  value: 'journeys.fields.value',
  localMin: 'journeys.fields.localMin',
  localMax: 'journeys.fields.localMax',
  customKey: 'journeys.fields.customKey',
  customName: 'journeys.fields.customName',
  peakMomentKeys: 'journeys.purposes.peaksLabel',
  moments: 'journeys.problems.wholeJourney',
  stages: 'journeys.problems.wholeJourney',
};

/**
 * Where a problem is, in words: `moments.3.coreNeeds.0.en` → «Counter transaction» › Customer's core
 * needs 1 › English.
 */
export function describeField(field: string, blueprint: Blueprint, language: Language, fallback: Language, t: TFunction): string {
  const parts = field.split('.');
  const words: string[] = [];
  let i = 0;
  const [head, index] = [parts[0], parts[1]];
  if ((head === 'moments' || head === 'purposes' || head === 'stages') && index !== undefined && /^\d+$/.test(index)) {
    const n = Number(index);
    if (head === 'moments') {
      const moment = blueprint.moments[n];
      words.push(moment ? `«${textIn(moment.name, language, fallback) || moment.key}»` : t('journeys.problems.momentN', { n: n + 1 }));
    } else if (head === 'purposes') {
      const purpose = blueprint.purposes[n];
      words.push(`${t('journeys.purposes.purpose')} «${purpose ? textIn(purpose.name, language, fallback) || purpose.key : n + 1}»`);
    } else {
      const stage = blueprint.stages[n];
      words.push(`${t('journeys.fields.stage')} «${stage ? stageName(stage, language, fallback, t) : n + 1}»`);
    }
    i = 2;
  }
  for (; i < parts.length; i++) {
    const part = parts[i]!;
    const next = parts[i + 1];
    if ((LANGUAGES as readonly string[]).includes(part)) words.push(LANGUAGE_NAMES[part as Language]);
    else if (FIELD_LABELS[part]) {
      const label = t(FIELD_LABELS[part]);
      // A list item: "Customer's core needs 2".
      if (next !== undefined && /^\d+$/.test(next)) {
        words.push(`${label} ${Number(next) + 1}`);
        i++;
      } else words.push(label);
    } else if (!/^\d+$/.test(part)) words.push(part);
  }
  return words.join(' › ');
}

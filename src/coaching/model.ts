import { createHash } from 'node:crypto';
import { resolveText, type Blueprint, type Moment, type TranslatableText } from '../journeys/index.ts';
import { LOCALES, type Locale } from '../platform/locales.ts';
import { LEARNING_TEXTS } from './learning-texts.ts';

/*
 * The learning half of coaching, pure: learning cards from a published moment, the question bank
 * generated from the blueprint (plus manager-authored questions), server-side scoring, exam periods,
 * and the "below benchmark with enough answers" rule. No I/O, no clock.
 */

export const EXAM_SCHEDULES = ['once', 'weekly', 'monthly', 'quarterly'] as const;
export type ExamSchedule = (typeof EXAM_SCHEDULES)[number];
export const QUESTION_KINDS = ['single', 'multiple', 'order', 'phrase'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
/** Default number of answers a staff member's or outlet's moment score needs before training is assigned. */
export const DEFAULT_MIN_ANSWERS = 30;

export interface ExtraPhrase {
  kind: 'use' | 'avoid';
  text: TranslatableText;
}

/** The service taboos of learning-texts.ts as translatable texts (one per index). */
export function tabooPhrases(): TranslatableText[] {
  return LEARNING_TEXTS.en.neverSay.map((_, index) => Object.fromEntries(LOCALES.map((locale) => [locale, LEARNING_TEXTS[locale].neverSay[index]!])) as TranslatableText);
}

/** Phrases to use: the action guide's headlines (what staff say and do), then the manager's own. */
export function phrasesOf(moment: Moment, extra: readonly ExtraPhrase[]): { use: TranslatableText[]; avoid: TranslatableText[] } {
  return {
    use: [...moment.actionGuide.map((step) => step.title), ...extra.filter((phrase) => phrase.kind === 'use').map((phrase) => phrase.text)],
    avoid: [...extra.filter((phrase) => phrase.kind === 'avoid').map((phrase) => phrase.text), ...tabooPhrases()],
  };
}

export interface LearningCard {
  journeyKey: string;
  journeyVersion: number;
  momentKey: string;
  stageKey: string;
  order: number;
  locale: Locale;
  name: string;
  description: string;
  responsibleRole: string | null;
  coreNeeds: string[];
  keyPoints: string[];
  actionGuide: { number: number; title: string; detail: string | null }[];
  phrases: { use: string[]; avoid: string[] };
}

export function buildCard(
  source: { journeyKey: string; version: number; blueprint: Blueprint; momentKey: string; fallback: Locale },
  locale: Locale,
  extra: readonly ExtraPhrase[],
): LearningCard | undefined {
  const index = source.blueprint.moments.findIndex((moment) => moment.key === source.momentKey);
  const moment = source.blueprint.moments[index];
  if (!moment) return undefined;
  const text = (value: TranslatableText | undefined) => resolveText(value, locale, source.fallback);
  const phrases = phrasesOf(moment, extra);
  return {
    journeyKey: source.journeyKey,
    journeyVersion: source.version,
    momentKey: moment.key,
    stageKey: moment.stageKey,
    order: index + 1,
    locale,
    name: text(moment.name),
    description: text(moment.description),
    responsibleRole: moment.responsibleRole ? text(moment.responsibleRole) : null,
    coreNeeds: moment.coreNeeds.map(text),
    keyPoints: moment.keyPoints.map(text),
    actionGuide: moment.actionGuide.map((step, position) => ({ number: position + 1, title: text(step.title), detail: step.detail ? text(step.detail) || null : null })),
    phrases: { use: phrases.use.map(text), avoid: phrases.avoid.map(text) },
  };
}

// ---------- the question bank ----------

export interface Question {
  /** Stable: `<moment>.order`, `<moment>.phrase`, `<moment>.key-points`, or `q-<id>` for a manager's question. */
  questionId: string;
  momentKey: string;
  kind: QuestionKind;
  prompt: TranslatableText | ((locale: Locale) => string);
  options: { id: string; text: TranslatableText }[];
  /** Option ids: the right one(s), or for `order` every id in the right order. */
  answer: string[];
}

export interface AuthoredQuestion {
  questionId: string;
  momentKey: string;
  kind: 'single' | 'multiple' | 'order' | 'phrase';
  prompt: TranslatableText;
  /** For `order`: stored in the right order (`correct` is then meaningless). */
  options: { id: string; text: TranslatableText; correct: boolean }[];
}

/** A manager's question as it enters the bank; an order question gets opaque ids and a fixed shuffle, like generated ones. */
function authoredQuestion(question: AuthoredQuestion): Question {
  const questionId = `q-${question.questionId}`;
  if (question.kind === 'order') {
    const options = question.options.map((option, index) => ({ id: optionId(questionId, index), text: option.text }));
    return { questionId, momentKey: question.momentKey, kind: 'order', prompt: question.prompt, options: shuffled(options), answer: options.map((option) => option.id) };
  }
  return {
    questionId,
    momentKey: question.momentKey,
    kind: question.kind,
    prompt: question.prompt,
    options: question.options.map((option) => ({ id: option.id, text: option.text })),
    answer: question.options.filter((option) => option.correct).map((option) => option.id),
  };
}

/**
 * The questions of one sitting when an exam draws `count` of its bank: a fixed draw per `seed`
 * (exam, staff member, period), so the paper and the scoring see the same questions; bank order kept.
 */
export function drawQuestions(bank: readonly Question[], count: number | null, seed: string): Question[] {
  if (count === null || count >= bank.length) return [...bank];
  const rank = (question: Question) => createHash('sha256').update(`${seed}\u0000${question.questionId}`).digest('hex');
  const chosen = new Set([...bank].sort((a, b) => (rank(a) < rank(b) ? -1 : 1)).slice(0, count).map((question) => question.questionId));
  return bank.filter((question) => chosen.has(question.questionId));
}

/** Opaque option ids: the id tells nothing about the position or whether the option is right. */
function optionId(questionId: string, index: number): string {
  return createHash('sha256').update(`${questionId}\u0000${index}`).digest('hex').slice(0, 10);
}

/** Options shown in the order of their opaque ids: a fixed shuffle, the same for everybody. */
function shuffled<T extends { id: string }>(options: T[]): T[] {
  return [...options].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function generatedQuestions(blueprint: Blueprint, moment: Moment, extra: readonly ExtraPhrase[], fallback: Locale): Question[] {
  const questions: Question[] = [];
  const nameIn = (locale: Locale) => resolveText(moment.name, locale, fallback);
  if (moment.actionGuide.length >= 2) {
    const questionId = `${moment.key}.order`;
    const options = moment.actionGuide.map((step, index) => ({ id: optionId(questionId, index), text: step.title }));
    questions.push({
      questionId,
      momentKey: moment.key,
      kind: 'order',
      prompt: (locale) => LEARNING_TEXTS[locale].orderPrompt(nameIn(locale)),
      options: shuffled(options),
      answer: options.map((option) => option.id),
    });
  }
  const phrases = phrasesOf(moment, extra);
  if (phrases.use.length > 0) {
    const questionId = `${moment.key}.phrase`;
    // The last "use" phrase: a manager's own line when there is one, else the last action step.
    const right = { id: optionId(questionId, 0), text: phrases.use[phrases.use.length - 1]! };
    const wrong = phrases.avoid.slice(0, 3).map((text, index) => ({ id: optionId(questionId, index + 1), text }));
    questions.push({
      questionId,
      momentKey: moment.key,
      kind: 'phrase',
      prompt: (locale) => LEARNING_TEXTS[locale].phrasePrompt(nameIn(locale)),
      options: shuffled([right, ...wrong]),
      answer: [right.id],
    });
  }
  const others = blueprint.moments.filter((other) => other.key !== moment.key).flatMap((other) => other.keyPoints);
  if (moment.keyPoints.length > 0 && others.length > 0) {
    const questionId = `${moment.key}.key-points`;
    const right = moment.keyPoints.slice(0, 3).map((text, index) => ({ id: optionId(questionId, index), text }));
    const wrong = others.slice(0, 2).map((text, index) => ({ id: optionId(questionId, 100 + index), text }));
    questions.push({
      questionId,
      momentKey: moment.key,
      kind: 'multiple',
      prompt: (locale) => LEARNING_TEXTS[locale].keyPointsPrompt(nameIn(locale)),
      options: shuffled([...right, ...wrong]),
      answer: right.map((option) => option.id),
    });
  }
  return questions;
}

/**
 * The question bank of an exam: for each examined moment (journey order) its generated questions
 * and the manager's questions about it. `momentKeys` empty = every moment.
 */
export function questionBank(
  blueprint: Blueprint,
  momentKeys: readonly string[],
  extraPhrases: ReadonlyMap<string, readonly ExtraPhrase[]>,
  authored: readonly AuthoredQuestion[],
  fallback: Locale,
): Question[] {
  const moments = blueprint.moments.filter((moment) => momentKeys.length === 0 || momentKeys.includes(moment.key));
  return moments.flatMap((moment) => [
    ...generatedQuestions(blueprint, moment, extraPhrases.get(moment.key) ?? [], fallback),
    ...authored.filter((question) => question.momentKey === moment.key).map(authoredQuestion),
  ]);
}

/** A question as the person taking the exam sees it: in their language, without the answer. */
export function paperQuestion(question: Question, locale: Locale, fallback: Locale) {
  return {
    questionId: question.questionId,
    momentKey: question.momentKey,
    kind: question.kind,
    prompt: typeof question.prompt === 'function' ? question.prompt(locale) : resolveText(question.prompt, locale, fallback),
    options: question.options.map((option) => ({ id: option.id, text: resolveText(option.text, locale, fallback) })),
  };
}

export interface ScoredExam {
  results: { questionId: string; momentKey: string; correct: boolean }[];
  scorePercent: number;
  passed: boolean;
}

/**
 * Scores answers against the bank: an order question is right only in exactly the right order, a
 * choice question only with exactly the right set. An unanswered question is wrong. Answers naming a
 * question outside the bank are refused by the caller (`unknownAnswers`).
 */
export function scoreExam(bank: readonly Question[], answers: Readonly<Record<string, readonly string[]>>, passMark: number): ScoredExam {
  const results = bank.map((question) => {
    const given = answers[question.questionId] ?? [];
    const correct =
      question.kind === 'order'
        ? given.length === question.answer.length && given.every((id, index) => id === question.answer[index])
        : given.length === question.answer.length && new Set(given).size === given.length && given.every((id) => question.answer.includes(id));
    return { questionId: question.questionId, momentKey: question.momentKey, correct };
  });
  const right = results.filter((result) => result.correct).length;
  const scorePercent = bank.length === 0 ? 0 : Math.round((right / bank.length) * 10_000) / 100;
  return { results, scorePercent, passed: bank.length > 0 && scorePercent >= passMark };
}

export function unknownAnswers(bank: readonly Question[], answers: Readonly<Record<string, readonly string[]>>): string[] {
  const known = new Set(bank.map((question) => question.questionId));
  return Object.keys(answers).filter((questionId) => !known.has(questionId));
}

// ---------- exam periods ----------

/** The first day (YYYY-MM-DD, UTC) of the exam period holding `day`; `once` exams have one period. */
export function examPeriodStart(schedule: ExamSchedule, day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  switch (schedule) {
    case 'once':
      return '1970-01-01';
    case 'weekly':
      return new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
    case 'monthly':
      return `${day.slice(0, 7)}-01`;
    case 'quarterly':
      return `${day.slice(0, 4)}-${String(Math.floor(date.getUTCMonth() / 3) * 3 + 1).padStart(2, '0')}-01`;
  }
}

/** The last day (YYYY-MM-DD, UTC) of the exam period holding `day`: the date a recurring exam is due by; null for `once`. */
export function examPeriodEnd(schedule: ExamSchedule, day: string): string | null {
  if (schedule === 'once') return null;
  const start = new Date(`${examPeriodStart(schedule, day)}T00:00:00Z`);
  const next = schedule === 'weekly' ? new Date(start.getTime() + 7 * 86_400_000) : addMonths(start, schedule === 'monthly' ? 1 : 3);
  return new Date(next.getTime() - 86_400_000).toISOString().slice(0, 10);
}

export function addMonths(at: Date, months: number): Date {
  const result = new Date(at.getTime());
  result.setUTCMonth(result.getUTCMonth() + months);
  return result;
}

// ---------- from weak moment to training ----------

export type Comparator = 'gte' | 'lte' | 'gt' | 'lt' | 'eq';
const SCORED = ['nps', 'csat', 'ces'] as const;

export interface Shortfall {
  metric: 'nps' | 'csat' | 'ces';
  score: number;
  benchmark: number;
  answers: number;
}

/**
 * The first of a moment's NPS / CSAT / CES benchmarks that a score misses, when that score rests on
 * at least `minAnswers` answers; undefined when every target is met or there are too few answers.
 */
export function shortfallOf(
  moment: Moment,
  scores: Record<'nps' | 'csat' | 'ces', { score: number | null; n: number }>,
  minAnswers: number,
): Shortfall | undefined {
  for (const benchmark of moment.benchmarks) {
    const metric = SCORED.find((candidate) => candidate === benchmark.metric);
    if (!metric) continue;
    const { score, n } = scores[metric];
    if (score === null || n < minAnswers) continue;
    if (!meets(score, benchmark.comparator, benchmark.value)) return { metric, score, benchmark: benchmark.value, answers: n };
  }
  return undefined;
}

function meets(score: number, comparator: Comparator, value: number): boolean {
  if (comparator === 'gte') return score >= value;
  if (comparator === 'lte') return score <= value;
  if (comparator === 'gt') return score > value;
  if (comparator === 'lt') return score < value;
  return score === value;
}

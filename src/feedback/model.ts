import { createHash } from 'node:crypto';
import { resolveText, type TranslatableText } from '../journeys/index.ts';
import { LOCALES, pickLocale, type Locale } from '../platform/locales.ts';
import { SERVQUAL_DIMENSIONS, type ServqualDimension } from '../stats/index.ts';

/*
 * Surveys, answers, interactions and responses: the types and every rule that needs no database.
 *
 * A survey is one definition document (kind, what it is about, title, questions). Drafts are edited
 * freely and may hold problems; publishing freezes a numbered, immutable version, exactly like journeys.
 * Answers are checked against a version: ranges, options, show-if logic and required questions.
 */

export { LOCALES, SERVQUAL_DIMENSIONS, type Locale, type ServqualDimension, type TranslatableText };

export const SURVEY_KINDS = ['transactional', 'relationship'] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];

export const QUESTION_TYPES = ['nps', 'csat', 'ces', 'moment_rating', 'servqual', 'single_choice', 'multiple_choice', 'text', 'consent'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const CONDITION_OPERATORS = ['equals', 'not_equals', 'in', 'gte', 'lte', 'answered'] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

/** How a survey reaches a respondent, and how the answers came back. */
export const SURVEY_CHANNELS = ['web', 'email', 'sms', 'qr', 'kiosk', 'widget', 'app', 'phone', 'in_person', 'other'] as const;
export type SurveyChannel = (typeof SURVEY_CHANNELS)[number];

/** Survey and question keys: the same lowercase slugs as journey and moment keys. */
export const KEY_PATTERN = '^[a-z0-9]+(?:[-_][a-z0-9]+)*$';
export const KEY_MAX_LENGTH = 64;
const KEY_RE = new RegExp(KEY_PATTERN);
export function isValidKey(value: string): boolean {
  return value.length <= KEY_MAX_LENGTH && KEY_RE.test(value);
}

type ScaleType = 'nps' | 'csat' | 'ces' | 'moment_rating' | 'servqual';
/** Answer ranges: NPS 0–10, CSAT 1–5, CES 1–7, a moment's rating 1–5, SERVQUAL items 1–7 (the original instrument's scale). */
export const SCALES: Record<ScaleType, { min: number; max: number }> = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
  ces: { min: 1, max: 7 },
  moment_rating: { min: 1, max: 5 },
  servqual: { min: 1, max: 7 },
};
const NUMERIC_TYPES: readonly QuestionType[] = ['nps', 'csat', 'ces', 'moment_rating'];

export interface Condition {
  /** An earlier question. */
  questionId: string;
  operator: ConditionOperator;
  /** A number for scales, an option id for choices, true/false for consent; a list for `in`; none for `answered`. */
  value?: number | string | boolean | (number | string | boolean)[];
}

export interface ChoiceOption {
  id: string;
  label: TranslatableText;
}

/**
 * One question. The fields after `showIf` belong to particular types (validation says which); the
 * flat shape gives clear errors ("questions.3.options: …") where a tagged union would only say
 * "matches none of the variants".
 */
export interface Question {
  id: string;
  type: QuestionType;
  title: TranslatableText;
  help?: TranslatableText;
  required: boolean;
  /** The question is shown only when every condition holds. */
  showIf: Condition[];
  /** nps, csat, ces, moment_rating: words under the ends of the scale (defaults are built in). */
  lowLabel?: TranslatableText;
  highLabel?: TranslatableText;
  /** moment_rating: the moment rated; its journey defaults to the survey's. */
  journeyKey?: string;
  momentKey?: string;
  /** servqual: the dimensions asked (default all five), whether expectations are asked too, own statements. */
  dimensions?: ServqualDimension[];
  expectation?: boolean;
  statements?: Partial<Record<ServqualDimension, TranslatableText>>;
  /** single_choice, multiple_choice. */
  options?: ChoiceOption[];
  minSelected?: number;
  maxSelected?: number;
  /** text. */
  multiline?: boolean;
  maxLength?: number;
}

export type QuestionInput = Omit<Question, 'required' | 'showIf'> & { required?: boolean; showIf?: Condition[] };

export interface SurveyAbout {
  journeyKey: string;
  /** Absent: the survey is about a whole visit of the journey. */
  momentKey?: string;
}

export interface SurveyDefinition {
  /** transactional: about one moment or visit (names the journey); relationship: about the whole relationship. */
  kind: SurveyKind;
  about?: SurveyAbout;
  title: TranslatableText;
  intro?: TranslatableText;
  thankYou?: TranslatableText;
  questions: Question[];
}

export type SurveyDefinitionInput = Omit<SurveyDefinition, 'questions'> & { questions: QuestionInput[] };

export interface Problem {
  severity: 'error' | 'warning';
  field: string;
  message: string;
}

export function errorsOf(problems: Problem[]): Problem[] {
  return problems.filter((problem) => problem.severity === 'error');
}

export const DEFAULT_TEXT_MAX_LENGTH = 2000;

export function normaliseQuestion(input: QuestionInput): Question {
  const base: Question = { ...input, required: input.required ?? false, showIf: input.showIf ?? [] };
  if (input.type === 'servqual') return { ...base, dimensions: input.dimensions ?? [...SERVQUAL_DIMENSIONS], expectation: input.expectation ?? false };
  if (input.type === 'text') return { ...base, multiline: input.multiline ?? true, maxLength: input.maxLength ?? DEFAULT_TEXT_MAX_LENGTH };
  return base;
}

export function normaliseDefinition(input: SurveyDefinitionInput): SurveyDefinition {
  return { ...input, questions: input.questions.map(normaliseQuestion) };
}

/** A new survey's draft: nothing but a title and one NPS question to start from. */
export function starterDefinition(kind: SurveyKind, title: TranslatableText, about?: SurveyAbout): SurveyDefinition {
  const question: Question = {
    id: 'recommend',
    type: 'nps',
    title: {
      en: 'How likely are you to recommend us to a friend or colleague?',
      'zh-CN': '您向朋友或同事推荐我们的可能性有多大？',
      'zh-TW': '您向朋友或同事推薦我們的可能性有多大？',
      ru: 'Насколько вероятно, что вы порекомендуете нас другу или коллеге?',
      hu: 'Mennyire valószínű, hogy ajánlana minket egy barátjának vagy kollégájának?',
    },
    required: true,
    showIf: [],
  };
  return { kind, ...(about ? { about } : {}), title, questions: [question] };
}

// ---------- texts ----------

function filled(text: string | undefined): text is string {
  return typeof text === 'string' && text.trim().length > 0;
}

export function hasText(text: TranslatableText | undefined, locale: Locale): boolean {
  return filled(text?.[locale]);
}

export { resolveText };

/** One of our five languages for a customer's BCP 47 tag (zh-Hant-HK → zh-TW), or undefined for any other. */
export function supportedLocale(tag: string): Locale | undefined {
  const picked = pickLocale(tag, 'en');
  return picked !== 'en' || tag.toLowerCase().split('-')[0] === 'en' ? picked : undefined;
}

// ---------- validation of a definition ----------

/** Which type-specific fields each type takes (everything else is refused, so a typo is not silently ignored). */
const TYPE_FIELDS: Record<QuestionType, readonly (keyof Question)[]> = {
  nps: ['lowLabel', 'highLabel'],
  csat: ['lowLabel', 'highLabel'],
  ces: ['lowLabel', 'highLabel'],
  moment_rating: ['lowLabel', 'highLabel', 'journeyKey', 'momentKey'],
  servqual: ['dimensions', 'expectation', 'statements'],
  single_choice: ['options'],
  multiple_choice: ['options', 'minSelected', 'maxSelected'],
  text: ['multiline', 'maxLength'],
  consent: [],
};
const TYPED_FIELDS = [...new Set(Object.values(TYPE_FIELDS).flat())];

class ProblemList {
  readonly items: Problem[] = [];
  error(field: string, message: string) {
    this.items.push({ severity: 'error', field, message });
  }
  warning(field: string, message: string) {
    this.items.push({ severity: 'warning', field, message });
  }
}

function checkText(problems: ProblemList, field: string, text: TranslatableText | undefined, fallback: Locale, required: boolean) {
  if (text === undefined) {
    if (required) problems.error(`${field}.${fallback}`, `${field} needs a text in the fallback language ${fallback}`);
    return;
  }
  if (!hasText(text, fallback)) problems.error(`${field}.${fallback}`, `${field} needs a text in the fallback language ${fallback}`);
}

/** The answer values a condition on `question` may compare with, or a reason it cannot. */
function checkConditionValue(problems: ProblemList, field: string, condition: Condition, target: Question) {
  const { operator, value } = condition;
  if (target.type === 'servqual') {
    problems.error(`${field}.questionId`, `show-if cannot depend on a SERVQUAL grid ("${target.id}"); use a single question`);
    return;
  }
  if (target.type === 'text' && operator !== 'answered') {
    problems.error(`${field}.operator`, `a free-text question ("${target.id}") can only be tested with "answered"`);
    return;
  }
  if (operator === 'answered') {
    if (value !== undefined) problems.error(`${field}.value`, '"answered" takes no value');
    return;
  }
  if ((operator === 'gte' || operator === 'lte') && !NUMERIC_TYPES.includes(target.type)) {
    problems.error(`${field}.operator`, `"${operator}" compares numbers; question "${target.id}" is ${target.type}`);
    return;
  }
  if (value === undefined) {
    problems.error(`${field}.value`, `"${operator}" needs a value`);
    return;
  }
  const values = Array.isArray(value) ? value : [value];
  if (operator === 'in' ? !Array.isArray(value) || value.length === 0 : Array.isArray(value)) {
    problems.error(`${field}.value`, operator === 'in' ? '"in" needs a non-empty list of values' : `"${operator}" takes one value, not a list`);
    return;
  }
  values.forEach((candidate, index) => {
    const at = Array.isArray(value) ? `${field}.value.${index}` : `${field}.value`;
    const problem = answerValueProblem(target, candidate);
    if (problem) problems.error(at, `${problem} (question "${target.id}")`);
  });
}

/** Why a single value cannot be an answer (or a part of one) of `question`; undefined when it can. */
function answerValueProblem(question: Question, value: unknown): string | undefined {
  if (NUMERIC_TYPES.includes(question.type)) {
    const { min, max } = SCALES[question.type as ScaleType];
    return Number.isInteger(value) && (value as number) >= min && (value as number) <= max ? undefined : `must be a whole number from ${min} to ${max}`;
  }
  if (question.type === 'single_choice' || question.type === 'multiple_choice') {
    return question.options?.some((option) => option.id === value) ? undefined : `"${String(value)}" is not one of the options`;
  }
  if (question.type === 'consent') return typeof value === 'boolean' ? undefined : 'must be true or false';
  return undefined;
}

function validateQuestion(problems: ProblemList, field: string, question: Question, earlier: Map<string, Question>, definition: SurveyDefinition, fallback: Locale) {
  if (!isValidKey(question.id)) problems.error(`${field}.id`, `"${question.id}" is not a valid id (lowercase letters, digits, - and _)`);
  checkText(problems, `${field}.title`, question.title, fallback, true);
  if (question.help) checkText(problems, `${field}.help`, question.help, fallback, false);
  const allowed = TYPE_FIELDS[question.type];
  for (const name of TYPED_FIELDS) {
    if (question[name] !== undefined && !allowed.includes(name)) problems.error(`${field}.${name}`, `${name} does not apply to a ${question.type} question`);
  }
  for (const name of ['lowLabel', 'highLabel'] as const) {
    if (question[name] && allowed.includes(name)) checkText(problems, `${field}.${name}`, question[name], fallback, false);
  }

  switch (question.type) {
    case 'moment_rating': {
      if (!question.momentKey) problems.error(`${field}.momentKey`, 'a moment rating names the moment it rates');
      else if (!isValidKey(question.momentKey)) problems.error(`${field}.momentKey`, `"${question.momentKey}" is not a valid moment key`);
      if (!question.journeyKey && !definition.about?.journeyKey) {
        problems.error(`${field}.journeyKey`, 'name the journey of the moment (or make the survey about a journey)');
      }
      break;
    }
    case 'servqual': {
      const dimensions = question.dimensions ?? [];
      if (dimensions.length === 0) problems.error(`${field}.dimensions`, 'a SERVQUAL grid asks about at least one dimension');
      dimensions.forEach((dimension, index) => {
        if (dimensions.indexOf(dimension) !== index) problems.error(`${field}.dimensions.${index}`, `dimension "${dimension}" is listed twice`);
      });
      for (const [dimension, text] of Object.entries(question.statements ?? {})) {
        if (!dimensions.includes(dimension as ServqualDimension)) problems.error(`${field}.statements.${dimension}`, `"${dimension}" is not one of the dimensions asked`);
        else checkText(problems, `${field}.statements.${dimension}`, text, fallback, false);
      }
      break;
    }
    case 'single_choice':
    case 'multiple_choice': {
      const options = question.options ?? [];
      if (options.length < 2) problems.error(`${field}.options`, 'a choice question needs at least two options');
      const seen = new Set<string>();
      options.forEach((option, index) => {
        if (!isValidKey(option.id)) problems.error(`${field}.options.${index}.id`, `"${option.id}" is not a valid option id`);
        if (seen.has(option.id)) problems.error(`${field}.options.${index}.id`, `option id "${option.id}" is used twice`);
        seen.add(option.id);
        checkText(problems, `${field}.options.${index}.label`, option.label, fallback, true);
      });
      const min = question.minSelected ?? 0;
      const max = question.maxSelected ?? options.length;
      if (question.maxSelected !== undefined && (max < 1 || max > options.length)) {
        problems.error(`${field}.maxSelected`, `maxSelected must be between 1 and the number of options (${options.length})`);
      }
      if (min > max) problems.error(`${field}.minSelected`, 'minSelected is larger than maxSelected');
      break;
    }
    default:
      break;
  }

  question.showIf.forEach((condition, index) => {
    const at = `${field}.showIf.${index}`;
    const target = earlier.get(condition.questionId);
    if (!target) {
      const reason = condition.questionId === question.id ? 'a question cannot depend on itself' : `"${condition.questionId}" is not an earlier question`;
      problems.error(`${at}.questionId`, `${reason}; show-if may only look at questions asked before`);
      return;
    }
    checkConditionValue(problems, at, condition, target);
  });
}

/** Every problem of a definition. Drafts keep them (work in progress is never lost); publishing refuses errors. */
export function validateDefinition(definition: SurveyDefinition, fallback: Locale): Problem[] {
  const problems = new ProblemList();
  checkText(problems, 'title', definition.title, fallback, true);
  if (definition.intro) checkText(problems, 'intro', definition.intro, fallback, false);
  if (definition.thankYou) checkText(problems, 'thankYou', definition.thankYou, fallback, false);
  if (definition.kind === 'transactional') {
    if (!definition.about) problems.error('about', 'a transactional survey names the journey (and the moment) it is about');
  } else if (definition.about?.momentKey !== undefined) {
    problems.error('about.momentKey', 'a relationship survey is about a whole journey, not one moment');
  }
  if (definition.questions.length === 0) problems.error('questions', 'a survey needs at least one question');
  const earlier = new Map<string, Question>();
  definition.questions.forEach((question, index) => {
    const field = `questions.${index}`;
    if (earlier.has(question.id)) problems.error(`${field}.id`, `question id "${question.id}" is used twice`);
    validateQuestion(problems, field, question, earlier, definition, fallback);
    earlier.set(question.id, question);
  });
  const scores = ['nps', 'csat', 'ces'] as const;
  for (const type of scores) {
    const count = definition.questions.filter((question) => question.type === type).length;
    if (count > 1) problems.warning('questions', `${count} ${type.toUpperCase()} questions: only the first answered one is the response's ${type.toUpperCase()} score`);
  }
  return problems.items;
}

/** Every moment the definition refers to (about, moment ratings), for the store to check against published journeys. */
export function momentReferences(definition: SurveyDefinition): { field: string; journeyKey: string; momentKey: string | undefined }[] {
  const references: { field: string; journeyKey: string; momentKey: string | undefined }[] = [];
  const about = definition.about;
  if (about) references.push({ field: about.momentKey ? 'about.momentKey' : 'about.journeyKey', journeyKey: about.journeyKey, momentKey: about.momentKey });
  definition.questions.forEach((question, index) => {
    const journeyKey = question.journeyKey ?? definition.about?.journeyKey;
    if (question.type === 'moment_rating' && question.momentKey && journeyKey) {
      references.push({ field: `questions.${index}.momentKey`, journeyKey, momentKey: question.momentKey });
    }
  });
  return references;
}

// ---------- canonical JSON (content comparison, idempotency hashes) ----------

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function sameContent(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** A retry must carry the same content as the stored item; this is how that is compared. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

// ---------- answers ----------

export type ServqualAnswer = { perception: Partial<Record<ServqualDimension, number>>; expectation?: Partial<Record<ServqualDimension, number>> };
export type Answer = number | string | boolean | string[] | ServqualAnswer;
export type Answers = Record<string, Answer>;

/** What can be wrong with an answer; the page translates the code, the API sends the English message too. */
export const ANSWER_PROBLEM_CODES = ['required', 'out_of_range', 'not_an_option', 'too_few', 'too_many', 'too_long', 'invalid', 'not_shown', 'unknown_question'] as const;
export type AnswerProblemCode = (typeof ANSWER_PROBLEM_CODES)[number];

export interface AnswerProblem {
  /** `answers.<questionId>` or deeper (`answers.quality.perception.empathy`). */
  field: string;
  questionId: string;
  code: AnswerProblemCode;
  /** Numbers the message needs (the range, the limit). */
  params: { min?: number; max?: number };
  message: string;
}

function conditionHolds(condition: Condition, answer: Answer | undefined): boolean {
  if (condition.operator === 'answered') return answer !== undefined;
  if (answer === undefined) return false;
  const chosen: unknown[] = Array.isArray(answer) ? answer : [answer];
  const value = condition.value;
  switch (condition.operator) {
    case 'equals':
      return chosen.includes(value);
    case 'not_equals':
      return !chosen.includes(value);
    case 'in':
      return Array.isArray(value) && chosen.some((item) => (value as unknown[]).includes(item));
    case 'gte':
      return typeof answer === 'number' && typeof value === 'number' && answer >= value;
    case 'lte':
      return typeof answer === 'number' && typeof value === 'number' && answer <= value;
    default:
      return false;
  }
}

/**
 * The questions shown for these answers, in order. A question is shown when all its conditions hold;
 * an answer to a question that is itself not shown counts as no answer, so hiding cascades.
 */
export function visibleQuestionIds(definition: SurveyDefinition, answers: Answers): Set<string> {
  const visible = new Set<string>();
  for (const question of definition.questions) {
    const shown = question.showIf.every((condition) => conditionHolds(condition, visible.has(condition.questionId) ? answers[condition.questionId] : undefined));
    if (shown) visible.add(question.id);
  }
  return visible;
}

/** Drops answers of questions the respondent no longer sees (they answered, then changed an earlier answer). */
export function pruneHiddenAnswers(definition: SurveyDefinition, answers: Answers): Answers {
  const visible = visibleQuestionIds(definition, answers);
  return Object.fromEntries(Object.entries(answers).filter(([id]) => visible.has(id)));
}

function isEmptyAnswer(answer: Answer | undefined): boolean {
  if (answer === undefined) return true;
  if (typeof answer === 'string') return answer.trim() === '';
  if (Array.isArray(answer)) return answer.length === 0;
  return false;
}

function describe(code: AnswerProblemCode, params: { min?: number; max?: number }): string {
  switch (code) {
    case 'required':
      return 'is required';
    case 'out_of_range':
      return `must be a whole number from ${params.min} to ${params.max}`;
    case 'not_an_option':
      return 'is not one of the options';
    case 'too_few':
      return `needs at least ${params.min} choices`;
    case 'too_many':
      return `allows at most ${params.max} choices`;
    case 'too_long':
      return `is longer than ${params.max} characters`;
    case 'not_shown':
      return 'answers a question that is not shown for the earlier answers';
    case 'unknown_question':
      return 'is not a question of this survey';
    default:
      return 'has the wrong kind of value';
  }
}

function problem(field: string, questionId: string, code: AnswerProblemCode, params: { min?: number; max?: number } = {}): AnswerProblem {
  return { field, questionId, code, params, message: `${field} ${describe(code, params)}` };
}

function checkScale(field: string, questionId: string, value: unknown, scale: { min: number; max: number }): AnswerProblem | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value)) return problem(field, questionId, typeof value === 'number' ? 'out_of_range' : 'invalid', scale);
  return value < scale.min || value > scale.max ? problem(field, questionId, 'out_of_range', scale) : undefined;
}

/** Problems of one answer's value (shape, range, options); not whether it is required or shown. */
function answerProblems(question: Question, answer: Answer, complete: boolean): AnswerProblem[] {
  const field = `answers.${question.id}`;
  const id = question.id;
  switch (question.type) {
    case 'nps':
    case 'csat':
    case 'ces':
    case 'moment_rating': {
      const found = checkScale(field, id, answer, SCALES[question.type]);
      return found ? [found] : [];
    }
    case 'servqual': {
      if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) return [problem(field, id, 'invalid')];
      const grid = answer as Record<string, unknown>;
      const parts = question.expectation ? ['perception', 'expectation'] : ['perception'];
      // An optional grid may be left half-done; a required one needs every rating.
      const needsAll = complete && question.required;
      const found: AnswerProblem[] = [];
      for (const key of Object.keys(grid)) if (!parts.includes(key)) found.push(problem(`${field}.${key}`, id, 'invalid'));
      for (const part of parts) {
        const ratings = grid[part];
        if (ratings === undefined) {
          if (needsAll) found.push(problem(`${field}.${part}`, id, 'required'));
          continue;
        }
        if (typeof ratings !== 'object' || ratings === null || Array.isArray(ratings)) {
          found.push(problem(`${field}.${part}`, id, 'invalid'));
          continue;
        }
        const dimensions = question.dimensions ?? [];
        for (const [dimension, value] of Object.entries(ratings)) {
          if (!dimensions.includes(dimension as ServqualDimension)) found.push(problem(`${field}.${part}.${dimension}`, id, 'invalid'));
          else {
            const bad = checkScale(`${field}.${part}.${dimension}`, id, value, SCALES.servqual);
            if (bad) found.push(bad);
          }
        }
        if (needsAll) {
          for (const dimension of dimensions) {
            if ((ratings as Record<string, unknown>)[dimension] === undefined) found.push(problem(`${field}.${part}.${dimension}`, id, 'required'));
          }
        }
      }
      return found;
    }
    case 'single_choice':
      if (typeof answer !== 'string') return [problem(field, id, 'invalid')];
      return question.options?.some((option) => option.id === answer) ? [] : [problem(field, id, 'not_an_option')];
    case 'multiple_choice': {
      if (!Array.isArray(answer) || answer.some((item) => typeof item !== 'string')) return [problem(field, id, 'invalid')];
      const options = question.options ?? [];
      const unknown = answer.findIndex((item) => !options.some((option) => option.id === item));
      if (unknown >= 0) return [problem(`${field}.${unknown}`, id, 'not_an_option')];
      if (new Set(answer).size !== answer.length) return [problem(field, id, 'invalid')];
      const max = question.maxSelected ?? options.length;
      if (answer.length > max) return [problem(field, id, 'too_many', { max })];
      const min = question.minSelected ?? 0;
      if (complete && answer.length > 0 && answer.length < min) return [problem(field, id, 'too_few', { min })];
      return [];
    }
    case 'text': {
      if (typeof answer !== 'string') return [problem(field, id, 'invalid')];
      const max = question.maxLength ?? DEFAULT_TEXT_MAX_LENGTH;
      return answer.length > max ? [problem(field, id, 'too_long', { max })] : [];
    }
    case 'consent':
      return typeof answer === 'boolean' ? [] : [problem(field, id, 'invalid')];
    default:
      return [problem(field, id, 'invalid')];
  }
}

/**
 * Checks answers against a version.
 * - `partial` (saving as the respondent goes): values must fit their questions; answers to questions
 *   now hidden are kept (an earlier answer may change back); nothing is required yet.
 * - `final` (submitting): also every shown required question is answered, and nothing hidden is.
 */
export function validateAnswers(definition: SurveyDefinition, answers: Answers, mode: 'partial' | 'final'): AnswerProblem[] {
  const found: AnswerProblem[] = [];
  const byId = new Map(definition.questions.map((question) => [question.id, question] as const));
  for (const id of Object.keys(answers)) {
    if (!byId.has(id)) found.push(problem(`answers.${id}`, id, 'unknown_question'));
  }
  const visible = visibleQuestionIds(definition, answers);
  for (const question of definition.questions) {
    const answer = answers[question.id];
    const empty = isEmptyAnswer(answer);
    if (!empty) found.push(...answerProblems(question, answer!, mode === 'final' && visible.has(question.id)));
    if (mode !== 'final') continue;
    if (!visible.has(question.id)) {
      if (!empty) found.push(problem(`answers.${question.id}`, question.id, 'not_shown'));
    } else if (question.required && empty) {
      found.push(problem(`answers.${question.id}`, question.id, 'required'));
    }
  }
  return found;
}

/** Answers without empty strings and empty lists: "not answered" has one representation. */
export function compactAnswers(answers: Answers): Answers {
  return Object.fromEntries(Object.entries(answers).filter(([, answer]) => !isEmptyAnswer(answer)));
}

export interface ExtractedScores {
  nps: number | null;
  csat: number | null;
  ces: number | null;
  /** The free-text answers, joined by blank lines; null when there are none. */
  comment: string | null;
  /** Whether the respondent agreed to be contacted; null when no consent question was answered. */
  consent: boolean | null;
}

/** The columns the insights room reads, taken from the first answered question of each kind. */
export function extractScores(definition: SurveyDefinition, answers: Answers): ExtractedScores {
  const first = (type: QuestionType) => {
    const question = definition.questions.find((candidate) => candidate.type === type && typeof answers[candidate.id] === 'number');
    return question ? (answers[question.id] as number) : null;
  };
  const texts = definition.questions
    .filter((question) => question.type === 'text')
    .map((question) => answers[question.id])
    .filter((answer): answer is string => typeof answer === 'string' && answer.trim() !== '')
    .map((answer) => answer.trim());
  const consents = definition.questions
    .filter((question) => question.type === 'consent')
    .map((question) => answers[question.id])
    .filter((answer): answer is boolean => typeof answer === 'boolean');
  return {
    nps: first('nps'),
    csat: first('csat'),
    ces: first('ces'),
    comment: texts.length > 0 ? texts.join('\n\n') : null,
    consent: consents.length > 0 ? consents.some(Boolean) : null,
  };
}

// ---------- the HTML form ----------

/** Field names of the page's form: `q.<id>`; a SERVQUAL rating is `q.<id>.<p|e>.<dimension>`. */
export function formFieldName(questionId: string, part?: { grid: 'perception' | 'expectation'; dimension: ServqualDimension }): string {
  return part ? `q.${questionId}.${part.grid === 'perception' ? 'p' : 'e'}.${part.dimension}` : `q.${questionId}`;
}

/**
 * Reads answers from a submitted form (`application/x-www-form-urlencoded` pairs). Values that do not
 * parse are kept as given so validation reports them; empty fields are no answer.
 */
export function answersFromForm(definition: SurveyDefinition, pairs: Iterable<[string, string]>): Answers {
  const values = new Map<string, string[]>();
  for (const [name, value] of pairs) {
    if (!name.startsWith('q.')) continue;
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  const answers: Answers = {};
  const one = (name: string) => values.get(name)?.find((value) => value.trim() !== '');
  const asNumber = (raw: string) => (/^-?\d+$/.test(raw.trim()) ? Number(raw) : raw);
  for (const question of definition.questions) {
    const name = formFieldName(question.id);
    switch (question.type) {
      case 'nps':
      case 'csat':
      case 'ces':
      case 'moment_rating': {
        const raw = one(name);
        if (raw !== undefined) answers[question.id] = asNumber(raw);
        break;
      }
      case 'servqual': {
        const grid: ServqualAnswer = { perception: {} };
        const parts: ('perception' | 'expectation')[] = question.expectation ? ['expectation', 'perception'] : ['perception'];
        let any = false;
        for (const part of parts) {
          const ratings: Partial<Record<ServqualDimension, number>> = {};
          for (const dimension of question.dimensions ?? []) {
            const raw = one(formFieldName(question.id, { grid: part, dimension }));
            if (raw !== undefined) {
              ratings[dimension] = asNumber(raw) as number;
              any = true;
            }
          }
          grid[part] = ratings;
        }
        if (any) answers[question.id] = grid;
        break;
      }
      case 'multiple_choice': {
        const chosen = (values.get(name) ?? []).filter((value) => value !== '');
        if (chosen.length > 0) answers[question.id] = [...new Set(chosen)];
        break;
      }
      case 'consent': {
        const raw = one(name);
        if (raw !== undefined) answers[question.id] = raw === 'yes' ? true : raw === 'no' ? false : raw;
        break;
      }
      default: {
        const raw = one(name);
        if (raw !== undefined) answers[question.id] = raw;
      }
    }
  }
  return answers;
}

// ---------- the survey in one language ----------

export interface LocalisedOption {
  id: string;
  label: string;
}

export interface LocalisedQuestion {
  id: string;
  type: QuestionType;
  title: string;
  help: string | null;
  required: boolean;
  showIf: Condition[];
  /** Scales: the range and the words at its ends. */
  scale: { min: number; max: number; lowLabel: string; highLabel: string } | null;
  momentKey: string | null;
  journeyKey: string | null;
  /** SERVQUAL: one statement per dimension asked. */
  statements: { dimension: ServqualDimension; text: string }[] | null;
  expectation: boolean;
  options: LocalisedOption[] | null;
  minSelected: number | null;
  maxSelected: number | null;
  multiline: boolean;
  maxLength: number | null;
}

export interface LocalisedSurvey {
  kind: SurveyKind;
  title: string;
  intro: string | null;
  thankYou: string | null;
  questions: LocalisedQuestion[];
}

/** The built-in words a survey uses where its author wrote none (scale ends, SERVQUAL statements). */
export interface SurveyDefaults {
  scaleLabels: Record<Exclude<ScaleType, 'servqual'>, { low: string; high: string }>;
  servqualStatements: Record<ServqualDimension, string>;
}

/** Every text of the survey in one language (falling back as journeys do), ready for a page or an app. */
export function localiseSurvey(definition: SurveyDefinition, locale: Locale, fallback: Locale, defaults: SurveyDefaults): LocalisedSurvey {
  const text = (value: TranslatableText | undefined) => (value ? resolveText(value, locale, fallback) : null);
  return {
    kind: definition.kind,
    title: resolveText(definition.title, locale, fallback),
    intro: text(definition.intro),
    thankYou: text(definition.thankYou),
    questions: definition.questions.map((question): LocalisedQuestion => {
      const scaleType = NUMERIC_TYPES.includes(question.type) ? (question.type as Exclude<ScaleType, 'servqual'>) : undefined;
      return {
        id: question.id,
        type: question.type,
        title: resolveText(question.title, locale, fallback),
        help: text(question.help),
        required: question.required,
        showIf: question.showIf,
        scale: scaleType
          ? {
              ...SCALES[scaleType],
              lowLabel: text(question.lowLabel) ?? defaults.scaleLabels[scaleType].low,
              highLabel: text(question.highLabel) ?? defaults.scaleLabels[scaleType].high,
            }
          : null,
        momentKey: question.momentKey ?? null,
        journeyKey: question.type === 'moment_rating' ? (question.journeyKey ?? definition.about?.journeyKey ?? null) : null,
        statements:
          question.type === 'servqual'
            ? (question.dimensions ?? []).map((dimension) => ({
                dimension,
                text: text(question.statements?.[dimension]) ?? defaults.servqualStatements[dimension],
              }))
            : null,
        expectation: question.type === 'servqual' && question.expectation === true,
        options: question.options ? question.options.map((option) => ({ id: option.id, label: resolveText(option.label, locale, fallback) })) : null,
        minSelected: question.type === 'multiple_choice' ? (question.minSelected ?? null) : null,
        maxSelected: question.type === 'multiple_choice' ? (question.maxSelected ?? null) : null,
        multiline: question.type === 'text' && question.multiline !== false,
        maxLength: question.type === 'text' ? (question.maxLength ?? DEFAULT_TEXT_MAX_LENGTH) : null,
      };
    }),
  };
}

/** Which languages the survey has its title in (the language switcher offers all five; this is advice). */
export function translatedLocales(definition: SurveyDefinition): Locale[] {
  return LOCALES.filter((locale) => hasText(definition.title, locale));
}

// ---------- exports ----------

/**
 * Spreadsheet programs run a cell that starts with = + - @ (or a tab / carriage return before one) as
 * a formula: an exported comment like `=HYPERLINK(…)` would run on the analyst's machine. Such text
 * gets a leading apostrophe, which shows it as the text it is (OWASP "CSV injection").
 */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * Pure editing rules of the survey builder: every edit takes a definition and returns a new one.
 * Show-if and localisation mirror src/feedback/model.ts, so the preview behaves like the public page.
 */
import { LANGUAGES, type Language } from '../i18n';
import { freshKey, isFilled, slugify, textIn } from '../journeys/blueprint-model';
import {
  SERVQUAL_DIMENSIONS,
  type Answer,
  type Answers,
  type Condition,
  type Definition,
  type Question,
  type QuestionType,
  type TranslatableText,
} from './feedback-api';

export { freshKey, isFilled, slugify, textIn };

export function newQuestion(definition: Definition, type: QuestionType, title: TranslatableText, optionLabel: (n: number) => TranslatableText): Question {
  const id = freshKey(type === 'text' ? 'comment' : type.replace('_', '-'), definition.questions.map((question) => question.id));
  const base: Question = { id, type, title, required: false, showIf: [] };
  switch (type) {
    case 'servqual':
      return { ...base, dimensions: [...SERVQUAL_DIMENSIONS], expectation: false };
    case 'single_choice':
    case 'multiple_choice':
      return { ...base, options: [{ id: 'option-1', label: optionLabel(1) }, { id: 'option-2', label: optionLabel(2) }] };
    case 'text':
      return { ...base, multiline: true, maxLength: 2000 };
    default:
      return base;
  }
}

export function addQuestion(definition: Definition, question: Question): Definition {
  return { ...definition, questions: [...definition.questions, question] };
}

export function updateQuestion(definition: Definition, index: number, change: (question: Question) => Question): Definition {
  return { ...definition, questions: definition.questions.map((question, at) => (at === index ? change(question) : question)) };
}

/**
 * Moves a question up or down. Conditions may only look at earlier questions, so a move that would
 * put a question before one it depends on (or after one that depends on it) is refused.
 */
export function moveQuestion(definition: Definition, index: number, delta: -1 | 1): Definition | undefined {
  const target = index + delta;
  const questions = [...definition.questions];
  const moving = questions[index];
  const other = questions[target];
  if (!moving || !other) return undefined;
  const [first, second] = delta === -1 ? [other, moving] : [moving, other];
  if (second.showIf.some((condition) => condition.questionId === first.id)) return undefined;
  questions[index] = other;
  questions[target] = moving;
  return { ...definition, questions };
}

/** Removes a question and every condition that looked at it. */
export function removeQuestion(definition: Definition, index: number): Definition {
  const removed = definition.questions[index];
  if (!removed) return definition;
  return {
    ...definition,
    questions: definition.questions
      .filter((_, at) => at !== index)
      .map((question) => ({ ...question, showIf: question.showIf.filter((condition) => condition.questionId !== removed.id) })),
  };
}

/** Renames a question's id, also in the conditions that refer to it. */
export function rekeyQuestion(definition: Definition, from: string, to: string): Definition {
  return {
    ...definition,
    questions: definition.questions.map((question) => ({
      ...question,
      id: question.id === from ? to : question.id,
      showIf: question.showIf.map((condition) => (condition.questionId === from ? { ...condition, questionId: to } : condition)),
    })),
  };
}

/** A text with one language set (an emptied language is removed, not kept as ""). */
export function withLanguage(text: TranslatableText | undefined, language: Language, value: string): TranslatableText {
  const next: TranslatableText = { ...(text ?? {}) };
  if (value === '') delete next[language];
  else next[language] = value;
  return next;
}

/** Every text a question carries: the ones a translator must fill. */
export function textsOfQuestion(question: Question): TranslatableText[] {
  return [
    question.title,
    ...(question.help ? [question.help] : []),
    ...(question.lowLabel ? [question.lowLabel] : []),
    ...(question.highLabel ? [question.highLabel] : []),
    ...(question.options ?? []).map((option) => option.label),
    ...Object.values(question.statements ?? {}).filter((text): text is TranslatableText => text !== undefined),
  ];
}

export function textsOfDefinition(definition: Definition): TranslatableText[] {
  return [
    definition.title,
    ...(definition.intro ? [definition.intro] : []),
    ...(definition.thankYou ? [definition.thankYou] : []),
    ...definition.questions.flatMap(textsOfQuestion),
  ];
}

/** How many texts still lack `language`. */
export function missingCount(texts: TranslatableText[], language: Language): number {
  return texts.filter((text) => !isFilled(text, language)).length;
}

export function missingByLanguage(texts: TranslatableText[]): Record<Language, number> {
  return Object.fromEntries(LANGUAGES.map((language) => [language, missingCount(texts, language)])) as Record<Language, number>;
}

// ---------- show-if (as src/feedback/model.ts) ----------

export function conditionHolds(condition: Condition, answer: Answer | undefined): boolean {
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

function isEmptyAnswer(answer: Answer | undefined): boolean {
  if (answer === undefined) return true;
  if (typeof answer === 'string') return answer.trim() === '';
  if (Array.isArray(answer)) return answer.length === 0;
  return false;
}

/** The questions shown for these answers; hiding cascades (an answer to a hidden question counts as none). */
export function visibleQuestionIds(questions: readonly Pick<Question, 'id' | 'showIf'>[], answers: Answers): Set<string> {
  const visible = new Set<string>();
  for (const question of questions) {
    const shown = question.showIf.every((condition) => {
      const answer = visible.has(condition.questionId) ? answers[condition.questionId] : undefined;
      return conditionHolds(condition, isEmptyAnswer(answer) ? undefined : answer);
    });
    if (shown) visible.add(question.id);
  }
  return visible;
}

/** Operators that make sense for a question type (the server refuses the others). */
export function operatorsFor(type: QuestionType): Condition['operator'][] {
  if (type === 'text') return ['answered'];
  if (type === 'servqual') return [];
  if (type === 'single_choice' || type === 'multiple_choice') return ['equals', 'not_equals', 'in', 'answered'];
  if (type === 'consent') return ['equals', 'not_equals', 'answered'];
  return ['equals', 'not_equals', 'in', 'gte', 'lte', 'answered'];
}

/** A sensible first condition on `target`. */
export function defaultCondition(target: Question): Condition {
  switch (target.type) {
    case 'nps':
      return { questionId: target.id, operator: 'lte', value: 6 };
    case 'csat':
    case 'moment_rating':
      return { questionId: target.id, operator: 'lte', value: 2 };
    case 'ces':
      return { questionId: target.id, operator: 'lte', value: 3 };
    case 'single_choice':
    case 'multiple_choice':
      return { questionId: target.id, operator: 'equals', value: target.options?.[0]?.id ?? '' };
    case 'consent':
      return { questionId: target.id, operator: 'equals', value: true };
    default:
      return { questionId: target.id, operator: 'answered' };
  }
}

/** The question index a problem's path points at (`questions.3.options.0.label.en` → 3). */
export function questionIndexOf(field: string): number | undefined {
  const match = /^questions\.(\d+)/.exec(field);
  return match ? Number(match[1]) : undefined;
}

import { resolveText, type TranslatableText } from '../journeys/index.ts';
import { LOCALES, type Locale } from '../platform/locales.ts';
import {
  ACTION_STATUSES,
  FREQUENCIES,
  IMPROVEMENT_SOURCES,
  IMPROVEMENT_STATUSES,
  RUN_KINDS,
  RUN_STATUSES,
} from './schema.ts';

/*
 * Audits of the standards behind each moment: the types and every rule that needs no database.
 *
 * A checklist belongs to one journey; its sections name the moments they audit and hold the items
 * (seed 001's "did the consultant walk the customer out?"). Drafts are edited freely; publishing
 * freezes a numbered version, and every audit run records the version it was filled in against, so a
 * result keeps meaning what it meant.
 */

export { ACTION_STATUSES, FREQUENCIES, IMPROVEMENT_SOURCES, IMPROVEMENT_STATUSES, RUN_KINDS, RUN_STATUSES };
export type { TranslatableText };
export type RunKind = (typeof RUN_KINDS)[number];
export type RunStatus = (typeof RUN_STATUSES)[number];
export type Frequency = (typeof FREQUENCIES)[number];
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export type ImprovementStatus = (typeof IMPROVEMENT_STATUSES)[number];
export type ImprovementSource = (typeof IMPROVEMENT_SOURCES)[number];

export const CHECKLIST_FORMAT = 'keymoment.checklist/v1';
export const ITEM_TYPES = ['yes_no', 'score'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];
/** What a failed item must carry before the audit can be submitted. */
export const EVIDENCE_RULES = ['none', 'note', 'photo', 'photo_or_note', 'photo_and_note'] as const;
export type EvidenceRule = (typeof EVIDENCE_RULES)[number];

export const KEY_PATTERN = '^[a-z0-9]+(?:[-_][a-z0-9]+)*$';
export const KEY_MAX_LENGTH = 64;
const KEY_RE = new RegExp(KEY_PATTERN);
export const MAX_SCORE_LIMIT = 10;
export const NOTE_MAX_LENGTH = 2000;

export function isValidKey(value: string): boolean {
  return value.length <= KEY_MAX_LENGTH && KEY_RE.test(value);
}

export interface ChecklistItem {
  /** Stable slug, unique in the checklist: actions and trends follow an item by its key across versions. */
  key: string;
  text: TranslatableText;
  guidance?: TranslatableText;
  type: ItemType;
  /** For `score`: the top of the 0–N scale. */
  maxScore?: number;
  /** For `score`: the lowest score that counts as met (default: maxScore). */
  passScore?: number;
  allowNa: boolean;
  /** Relative weight in the compliance %. */
  weight: number;
  /** A failed critical item fails the whole audit, whatever the %. */
  critical: boolean;
  evidenceOnFailure: EvidenceRule;
}

export interface ChecklistSection {
  /** The moment of the journey these items audit. */
  momentKey: string;
  /** Shown instead of the moment's own name when given. */
  title?: TranslatableText;
  items: ChecklistItem[];
}

export interface ChecklistDefinition {
  journeyKey: string;
  /** The compliance % an audit needs to pass (when no critical item failed). */
  passPercent: number;
  /** Days a corrective action gets before it is overdue. */
  actionDueDays: number;
  criticalActionDueDays: number;
  sections: ChecklistSection[];
}

export type ChecklistItemInput = Omit<ChecklistItem, 'allowNa' | 'weight' | 'critical' | 'evidenceOnFailure'> &
  Partial<Pick<ChecklistItem, 'allowNa' | 'weight' | 'critical' | 'evidenceOnFailure'>>;
export interface ChecklistDefinitionInput {
  journeyKey: string;
  passPercent?: number;
  actionDueDays?: number;
  criticalActionDueDays?: number;
  sections: (Omit<ChecklistSection, 'items'> & { items: ChecklistItemInput[] })[];
}

export const DEFAULT_PASS_PERCENT = 80;
export const DEFAULT_ACTION_DUE_DAYS = 14;
export const DEFAULT_CRITICAL_ACTION_DUE_DAYS = 3;

/** Fills the defaults, keeping the order of everything as given (so problem paths match the input). */
export function normaliseDefinition(input: ChecklistDefinitionInput): ChecklistDefinition {
  return {
    journeyKey: input.journeyKey,
    passPercent: input.passPercent ?? DEFAULT_PASS_PERCENT,
    actionDueDays: input.actionDueDays ?? DEFAULT_ACTION_DUE_DAYS,
    criticalActionDueDays: input.criticalActionDueDays ?? DEFAULT_CRITICAL_ACTION_DUE_DAYS,
    sections: input.sections.map((section) => ({
      ...section,
      items: section.items.map((item) => ({
        ...item,
        allowNa: item.allowNa ?? true,
        weight: item.weight ?? 1,
        critical: item.critical ?? false,
        evidenceOnFailure: item.evidenceOnFailure ?? 'photo_or_note',
      })),
    })),
  };
}

export interface LocatedItem {
  item: ChecklistItem;
  momentKey: string;
  sectionIndex: number;
  itemIndex: number;
}

export function itemsOf(definition: ChecklistDefinition): LocatedItem[] {
  return definition.sections.flatMap((section, sectionIndex) =>
    section.items.map((item, itemIndex) => ({ item, momentKey: section.momentKey, sectionIndex, itemIndex })),
  );
}

export function findItem(definition: ChecklistDefinition, key: string): LocatedItem | undefined {
  return itemsOf(definition).find((located) => located.item.key === key);
}

// ---------- validation ----------

export interface Problem {
  severity: 'error' | 'warning';
  /** Dotted path into the definition, e.g. `sections.1.items.0.weight`. */
  field: string;
  message: string;
}

function filled(text: string | undefined): text is string {
  return text !== undefined && text.trim() !== '';
}

export function hasText(text: TranslatableText | undefined, locale: Locale): boolean {
  return filled(text?.[locale]);
}

/**
 * What the validator knows of the journey: which of the checklist's moments its latest published
 * version has. None of them → the journey is missing, unpublished, or the wrong one.
 */
export interface JourneyFacts {
  knownMomentKeys: string[];
}

/**
 * Every problem of a checklist definition. Errors block publishing; warnings are advice. Without
 * `journey` (a template file) the moments are not checked against a journey.
 */
export function validateDefinition(definition: ChecklistDefinition, fallback: Locale, journey?: JourneyFacts): Problem[] {
  const problems: Problem[] = [];
  const error = (field: string, message: string) => problems.push({ severity: 'error', field, message });
  const warning = (field: string, message: string) => problems.push({ severity: 'warning', field, message });
  const text = (field: string, value: TranslatableText | undefined, required: boolean) => {
    if (value === undefined) {
      if (required) error(field, `${field} is required`);
      return;
    }
    for (const locale of Object.keys(value)) {
      if (!(LOCALES as readonly string[]).includes(locale)) error(`${field}.${locale}`, `${locale} is not one of the languages ${LOCALES.join(', ')}`);
    }
    if (!hasText(value, fallback)) error(`${field}.${fallback}`, `${field} has no text in the fallback language ${fallback}`);
  };

  if (!isValidKey(definition.journeyKey)) error('journeyKey', `journeyKey "${definition.journeyKey}" must be a lowercase slug`);
  const momentKeys = new Set(journey?.knownMomentKeys ?? []);
  const journeyFound = journey !== undefined && momentKeys.size > 0;
  if (journey !== undefined && definition.sections.length > 0 && !journeyFound) {
    error('journeyKey', `journey "${definition.journeyKey}" has no published version with any of these moments; create and publish the journey first`);
  }
  if (!(definition.passPercent >= 0 && definition.passPercent <= 100)) error('passPercent', 'passPercent must be between 0 and 100');
  for (const field of ['actionDueDays', 'criticalActionDueDays'] as const) {
    const days = definition[field];
    if (!Number.isInteger(days) || days < 1 || days > 365) error(field, `${field} must be a whole number of days from 1 to 365`);
  }
  if (definition.sections.length === 0) error('sections', 'a checklist needs at least one section');

  const sectionOf = new Map<string, number>();
  const itemAt = new Map<string, string>();
  definition.sections.forEach((section, i) => {
    const at = `sections.${i}`;
    if (!isValidKey(section.momentKey)) error(`${at}.momentKey`, `${at}.momentKey "${section.momentKey}" must be a lowercase slug`);
    const first = sectionOf.get(section.momentKey);
    if (first !== undefined) error(`${at}.momentKey`, `moment "${section.momentKey}" already has a section (sections.${first})`);
    else sectionOf.set(section.momentKey, i);
    if (journeyFound && !momentKeys.has(section.momentKey)) {
      // Outlets may add their own moments (journey overrides), so an unknown key is advice, not an error.
      warning(`${at}.momentKey`, `moment "${section.momentKey}" is not in the latest published version of journey "${definition.journeyKey}"; only outlets that added it can meet its benchmark`);
    }
    text(`${at}.title`, section.title, false);
    if (section.items.length === 0) error(`${at}.items`, 'a section needs at least one item');
    section.items.forEach((item, j) => {
      const field = `${at}.items.${j}`;
      if (!isValidKey(item.key)) error(`${field}.key`, `${field}.key "${item.key}" must be a lowercase slug such as walk-customer-out`);
      const seen = itemAt.get(item.key);
      if (seen !== undefined) error(`${field}.key`, `item key "${item.key}" is used twice (also ${seen})`);
      else itemAt.set(item.key, field);
      text(`${field}.text`, item.text, true);
      text(`${field}.guidance`, item.guidance, false);
      if (!(item.weight >= 0.01 && item.weight <= 100)) error(`${field}.weight`, `${field}.weight must be from 0.01 to 100`);
      if (item.type === 'score') {
        const max = item.maxScore;
        if (max === undefined || !Number.isInteger(max) || max < 1 || max > MAX_SCORE_LIMIT) {
          error(`${field}.maxScore`, `${field}.maxScore must be a whole number from 1 to ${MAX_SCORE_LIMIT}`);
        } else if (item.passScore !== undefined && (!Number.isInteger(item.passScore) || item.passScore < 0 || item.passScore > max)) {
          error(`${field}.passScore`, `${field}.passScore must be a whole number from 0 to ${max}`);
        }
      } else {
        if (item.maxScore !== undefined) error(`${field}.maxScore`, `${field}.maxScore is only for score items`);
        if (item.passScore !== undefined) error(`${field}.passScore`, `${field}.passScore is only for score items`);
      }
      if (item.critical && item.allowNa) {
        warning(`${field}.allowNa`, `critical item "${item.key}" may be answered N/A, which lets an audit skip it`);
      }
    });
  });
  return problems;
}

export function errorsOf(problems: Problem[]): Problem[] {
  return problems.filter((problem) => problem.severity === 'error');
}

/** JSON with sorted object keys, so two documents compare equal whatever order jsonb gave their keys. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

// ---------- answers ----------

export type AnswerValue = 'yes' | 'no' | 'na' | number;

/** An item's answer. Photos are not listed here: each uploaded photo belongs to one item of the run. */
export interface ItemAnswer {
  value?: AnswerValue;
  note?: string;
}

export type Answers = Record<string, ItemAnswer>;

export interface AnswerProblem {
  /** `answers.<itemKey>[.value|.note|.evidence]`. */
  field: string;
  itemKey: string;
  code: 'unknown_item' | 'wrong_type' | 'na_not_allowed' | 'out_of_range' | 'missing' | 'note_required' | 'photo_required' | 'evidence_required';
  message: string;
}

/** Drops empty notes and empty answers, so saved drafts stay small and comparable. */
export function compactAnswers(answers: Answers): Answers {
  const out: Answers = {};
  for (const [key, answer] of Object.entries(answers)) {
    const compact: ItemAnswer = {};
    if (answer.value !== undefined) compact.value = answer.value;
    if (answer.note !== undefined && answer.note.trim() !== '') compact.note = answer.note;
    if (Object.keys(compact).length > 0) out[key] = compact;
  }
  return out;
}

/** Whether an answered item failed (N/A and unanswered items have not). */
export function itemFailed(item: ChecklistItem, value: AnswerValue | undefined): boolean {
  if (value === undefined || value === 'na') return false;
  if (item.type === 'yes_no') return value === 'no';
  return typeof value === 'number' && value < (item.passScore ?? item.maxScore ?? 0);
}

/**
 * Problems of a set of answers. `partial` (a draft) checks only what is there; `final` (a submission)
 * also wants every item answered and the evidence of every failed item. `photosOf` counts the photos
 * uploaded for an item.
 */
export function validateAnswers(
  definition: ChecklistDefinition,
  answers: Answers,
  mode: 'partial' | 'final',
  photosOf: (itemKey: string) => number = () => 0,
): AnswerProblem[] {
  const problems: AnswerProblem[] = [];
  const add = (itemKey: string, suffix: string, code: AnswerProblem['code'], message: string) =>
    problems.push({ field: `answers.${itemKey}${suffix}`, itemKey, code, message });
  const items = new Map(itemsOf(definition).map((located) => [located.item.key, located.item] as const));
  for (const [key, answer] of Object.entries(answers)) {
    const item = items.get(key);
    if (!item) {
      add(key, '', 'unknown_item', `"${key}" is not an item of this checklist`);
      continue;
    }
    const value = answer.value;
    if (value !== undefined) {
      if (value === 'na') {
        if (!item.allowNa) add(key, '.value', 'na_not_allowed', `item "${key}" cannot be answered N/A`);
      } else if (item.type === 'yes_no') {
        if (value !== 'yes' && value !== 'no') add(key, '.value', 'wrong_type', `item "${key}" is answered yes, no${item.allowNa ? ' or na' : ''}`);
      } else if (typeof value !== 'number' || !Number.isInteger(value)) {
        add(key, '.value', 'wrong_type', `item "${key}" is answered with a whole number from 0 to ${item.maxScore}${item.allowNa ? ' or na' : ''}`);
      } else if (value < 0 || value > (item.maxScore ?? 0)) {
        add(key, '.value', 'out_of_range', `the score of item "${key}" must be from 0 to ${item.maxScore}`);
      }
    }
  }
  if (mode === 'final' && problems.length === 0) {
    for (const { item } of itemsOf(definition)) {
      const answer = answers[item.key];
      if (answer?.value === undefined) {
        add(item.key, '.value', 'missing', `item "${item.key}" is not answered yet`);
        continue;
      }
      if (!itemFailed(item, answer.value)) continue;
      const hasNote = filled(answer.note);
      const hasPhoto = photosOf(item.key) > 0;
      const rule = item.evidenceOnFailure;
      if ((rule === 'note' || rule === 'photo_and_note') && !hasNote) add(item.key, '.note', 'note_required', `item "${item.key}" failed: describe what was seen in a note`);
      else if ((rule === 'photo' || rule === 'photo_and_note') && !hasPhoto) add(item.key, '.evidence', 'photo_required', `item "${item.key}" failed: add a photo`);
      else if (rule === 'photo_or_note' && !hasNote && !hasPhoto) add(item.key, '.evidence', 'evidence_required', `item "${item.key}" failed: add a photo or a note`);
    }
  }
  return problems;
}

// ---------- scoring ----------

export interface ItemScore {
  itemKey: string;
  momentKey: string;
  outcome: 'yes' | 'no' | 'na' | 'score';
  score: number | null;
  maxScore: number | null;
  weight: number;
  critical: boolean;
  /** null = not applicable. */
  passed: boolean | null;
  earned: number;
  possible: number;
}

export interface MomentScore {
  momentKey: string;
  compliance: number | null;
  earned: number;
  possible: number;
  failedItems: string[];
  criticalFailed: boolean;
}

export interface AuditScore {
  /** Weighted compliance in %: earned weight / applicable weight. null when every item was N/A. */
  compliance: number | null;
  earned: number;
  possible: number;
  passed: boolean;
  criticalFailed: boolean;
  failedItems: string[];
  criticalFailures: string[];
  items: ItemScore[];
  moments: MomentScore[];
}

const percent = (earned: number, possible: number): number | null => (possible > 0 ? Math.round((10_000 * earned) / possible) / 100 : null);

/**
 * Scores a complete set of answers. N/A items leave the denominator; a score item earns its weight
 * × score / max; any failed critical item fails the audit whatever the percentage (seed 001's
 * checklists: one missed must-do is a failed visit).
 */
export function scoreAudit(definition: ChecklistDefinition, answers: Answers): AuditScore {
  const items: ItemScore[] = itemsOf(definition).map(({ item, momentKey }) => {
    const value = answers[item.key]?.value;
    const base = { itemKey: item.key, momentKey, weight: item.weight, critical: item.critical, maxScore: item.type === 'score' ? (item.maxScore ?? null) : null };
    if (value === undefined || value === 'na') return { ...base, outcome: 'na', score: null, passed: null, earned: 0, possible: 0 };
    if (item.type === 'yes_no') {
      const passed = value === 'yes';
      return { ...base, outcome: passed ? 'yes' : 'no', score: null, passed, earned: passed ? item.weight : 0, possible: item.weight };
    }
    const score = typeof value === 'number' ? value : 0;
    const max = item.maxScore ?? 1;
    return { ...base, outcome: 'score', score, passed: !itemFailed(item, score), earned: (item.weight * score) / max, possible: item.weight };
  });
  const sum = (list: ItemScore[], pick: (item: ItemScore) => number) => list.reduce((total, item) => total + pick(item), 0);
  const moments = definition.sections.map((section) => {
    const own = items.filter((item) => item.momentKey === section.momentKey);
    const earned = sum(own, (item) => item.earned);
    const possible = sum(own, (item) => item.possible);
    return {
      momentKey: section.momentKey,
      compliance: percent(earned, possible),
      earned,
      possible,
      failedItems: own.filter((item) => item.passed === false).map((item) => item.itemKey),
      criticalFailed: own.some((item) => item.critical && item.passed === false),
    };
  });
  const earned = sum(items, (item) => item.earned);
  const possible = sum(items, (item) => item.possible);
  const compliance = percent(earned, possible);
  const criticalFailures = items.filter((item) => item.critical && item.passed === false).map((item) => item.itemKey);
  const criticalFailed = criticalFailures.length > 0;
  return {
    compliance,
    earned,
    possible,
    passed: !criticalFailed && (compliance === null || compliance >= definition.passPercent),
    criticalFailed,
    failedItems: items.filter((item) => item.passed === false).map((item) => item.itemKey),
    criticalFailures,
    items,
    moments,
  };
}

export const COMPARATORS = ['gte', 'lte', 'gt', 'lt', 'eq'] as const;
export type Comparator = (typeof COMPARATORS)[number];

export interface Target {
  comparator: Comparator;
  value: number;
}

/** Whether a measured value meets a benchmark target ("measured comparator value"). */
export function meetsTarget(measured: number, target: Target): boolean {
  switch (target.comparator) {
    case 'gte':
      return measured >= target.value;
    case 'gt':
      return measured > target.value;
    case 'lte':
      return measured <= target.value;
    case 'lt':
      return measured < target.value;
    case 'eq':
      return measured === target.value;
  }
}

export type BenchmarkStatus = 'met' | 'missed' | 'no_target' | 'not_applicable';

export function benchmarkStatus(compliance: number | null, target: Target | undefined): BenchmarkStatus {
  if (!target) return 'no_target';
  if (compliance === null) return 'not_applicable';
  return meetsTarget(compliance, target) ? 'met' : 'missed';
}

/** What a submitted run keeps besides its totals: each moment against its audit_compliance benchmark. */
export interface RunResult {
  failedItems: string[];
  criticalFailures: string[];
  moments: (MomentScore & { target: Target | null; benchmark: BenchmarkStatus })[];
}

// ---------- corrective actions ----------

export type ActionEventKind = 'opened' | 'failed_again' | 'done' | 'undone' | 'reopened' | 'verified' | 'escalated' | 'reassigned' | 'rescheduled';

/**
 * What the next audit of an item does to its unverified action: a pass verifies it (whether or not
 * it was marked done), a failure reopens a done action and leaves an open one open.
 */
export function actionAfterAudit(status: Exclude<ActionStatus, 'verified'>, passed: boolean): { status: ActionStatus; event: ActionEventKind } {
  if (passed) return { status: 'verified', event: 'verified' };
  return status === 'done' ? { status: 'open', event: 'reopened' } : { status: 'open', event: 'failed_again' };
}

/** People move an action between open and done; only an audit verifies it. */
export function manualActionTransition(from: ActionStatus, to: 'open' | 'done'): ActionEventKind | undefined {
  if (from === 'open' && to === 'done') return 'done';
  if (from === 'done' && to === 'open') return 'undone';
  return undefined;
}

/** Days between two escalations of the same overdue action. */
export const ESCALATION_INTERVAL_DAYS = 7;

/**
 * Whether an open action is due for its next escalation: as soon as it is overdue, then again every
 * week since the last escalation (counted from that one, so a job that was down does not jump levels).
 */
export function escalationDue(action: { dueAt: Date; escalationLevel: number; escalatedAt: Date | null }, now: Date): boolean {
  if (now.getTime() <= action.dueAt.getTime()) return false;
  if (action.escalationLevel === 0 || action.escalatedAt === null) return true;
  return now.getTime() - action.escalatedAt.getTime() >= ESCALATION_INTERVAL_DAYS * 86_400_000;
}

// ---------- improvement actions ----------

const PDCA_NEXT: Record<ImprovementStatus, readonly ImprovementStatus[]> = {
  plan: ['do', 'closed'],
  do: ['check', 'closed'],
  check: ['act', 'do', 'closed'],
  // After acting, either the change becomes the standard (closed) or a new cycle is planned.
  act: ['plan', 'closed'],
  closed: [],
};

export function improvementTransitionAllowed(from: ImprovementStatus, to: ImprovementStatus): boolean {
  return from === to || PDCA_NEXT[from].includes(to);
}

export function allowedImprovementSteps(from: ImprovementStatus): readonly ImprovementStatus[] {
  return PDCA_NEXT[from];
}

// ---------- schedules and local dates ----------

export interface Recurrence {
  frequency: Frequency;
  /** 1–28; monthly and quarterly (default 1). */
  dayOfMonth?: number | null;
  /** ISO weekday 1 = Monday … 7 = Sunday; weekly needs it; monthly/quarterly: the first such day on or after dayOfMonth. */
  weekday?: number | null;
}

export function recurrenceProblem(rule: Recurrence): { field: string; message: string } | undefined {
  if (rule.dayOfMonth !== undefined && rule.dayOfMonth !== null && !(Number.isInteger(rule.dayOfMonth) && rule.dayOfMonth >= 1 && rule.dayOfMonth <= 28)) {
    return { field: 'dayOfMonth', message: 'dayOfMonth must be from 1 to 28, so that every month has it' };
  }
  if (rule.weekday !== undefined && rule.weekday !== null && !(Number.isInteger(rule.weekday) && rule.weekday >= 1 && rule.weekday <= 7)) {
    return { field: 'weekday', message: 'weekday must be from 1 (Monday) to 7 (Sunday)' };
  }
  if (rule.frequency === 'weekly') {
    if (rule.weekday === undefined || rule.weekday === null) return { field: 'weekday', message: 'a weekly schedule needs a weekday (1 = Monday … 7 = Sunday)' };
    if (rule.dayOfMonth !== undefined && rule.dayOfMonth !== null) return { field: 'dayOfMonth', message: 'a weekly schedule has no day of the month' };
  }
  return undefined;
}

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDate(date: string): Date {
  const match = DATE_RE.exec(date);
  if (!match) throw new Error(`not a date: ${date}`);
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

function formatDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function isValidDate(date: string): boolean {
  return DATE_RE.test(date) && formatDate(parseDate(date)) === date;
}

export function addDays(date: string, days: number): string {
  return formatDate(new Date(parseDate(date).getTime() + days * DAY_MS));
}

/** ISO weekday of a calendar date, 1 = Monday … 7 = Sunday. */
function isoWeekday(date: Date): number {
  return ((date.getUTCDay() + 6) % 7) + 1;
}

function onOrAfterWeekday(date: Date, weekday: number): Date {
  const shift = (weekday - isoWeekday(date) + 7) % 7;
  return new Date(date.getTime() + shift * DAY_MS);
}

/** The first date on or after `from` (YYYY-MM-DD) that the rule falls on. */
export function nextOccurrence(rule: Recurrence, from: string): string {
  const start = parseDate(from);
  if (rule.frequency === 'weekly') return formatDate(onOrAfterWeekday(start, rule.weekday ?? 1));
  const step = rule.frequency === 'monthly' ? 1 : 3;
  let year = start.getUTCFullYear();
  // Quarterly schedules fall in January, April, July and October.
  let month = rule.frequency === 'monthly' ? start.getUTCMonth() : start.getUTCMonth() - (start.getUTCMonth() % 3);
  for (let guard = 0; guard < 12; guard += 1) {
    let candidate = new Date(Date.UTC(year, month, rule.dayOfMonth ?? 1));
    if (rule.weekday) candidate = onOrAfterWeekday(candidate, rule.weekday);
    if (candidate.getTime() >= start.getTime()) return formatDate(candidate);
    month += step;
    if (month > 11) {
      month -= 12;
      year += 1;
    }
  }
  throw new Error('unreachable: a rule always falls within a year');
}

/** The calendar date of an instant in a time zone (YYYY-MM-DD). */
export function localDateOf(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The first day of the month of an instant in a time zone: the period of the compliance rollups. */
export function localMonthOf(instant: Date, timeZone: string): string {
  return `${localDateOf(instant, timeZone).slice(0, 7)}-01`;
}

function offsetMinutes(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - instant.getTime()) / 60_000);
}

/** The instant a calendar date begins in a time zone (twice corrected, so DST changes land right). */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const utcMidnight = parseDate(date).getTime();
  let guess = utcMidnight - offsetMinutes(new Date(utcMidnight), timeZone) * 60_000;
  guess = utcMidnight - offsetMinutes(new Date(guess), timeZone) * 60_000;
  return new Date(guess);
}

/** A run scheduled for `date` is due at the end of the `dueDays`-th day (local midnight after it). */
export function dueAtFor(date: string, dueDays: number, timeZone: string): Date {
  return startOfLocalDay(addDays(date, Math.max(1, dueDays)), timeZone);
}

// ---------- showing a checklist ----------

export interface LocalisedItem {
  key: string;
  text: string;
  guidance: string | null;
  type: ItemType;
  maxScore: number | null;
  passScore: number | null;
  allowNa: boolean;
  weight: number;
  critical: boolean;
  evidenceOnFailure: EvidenceRule;
}

export interface LocalisedSection {
  momentKey: string;
  title: string;
  items: LocalisedItem[];
}

/** The checklist in one language; a section without its own title takes the moment's name. */
export function localiseDefinition(
  definition: ChecklistDefinition,
  locale: Locale,
  fallback: Locale,
  momentName: (momentKey: string) => TranslatableText | undefined,
): LocalisedSection[] {
  return definition.sections.map((section) => ({
    momentKey: section.momentKey,
    title: resolveText(section.title ?? momentName(section.momentKey), locale, fallback) || section.momentKey,
    items: section.items.map((item) => ({
      key: item.key,
      text: resolveText(item.text, locale, fallback),
      guidance: item.guidance ? resolveText(item.guidance, locale, fallback) : null,
      type: item.type,
      maxScore: item.type === 'score' ? (item.maxScore ?? null) : null,
      passScore: item.type === 'score' ? (item.passScore ?? item.maxScore ?? null) : null,
      allowNa: item.allowNa,
      weight: item.weight,
      critical: item.critical,
      evidenceOnFailure: item.evidenceOnFailure,
    })),
  }));
}

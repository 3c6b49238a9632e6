import type { TranslatableText } from '../journeys/index.ts';
import { STEP_KEYS } from '../recovery/index.ts';
import { countNpsAnswers, npsFromCounts } from '../stats/index.ts';

/*
 * Pure rules of the coaching room's engagement half: role-play rubrics and their scoring, the
 * anonymous pulse's hiding rule, recognition months. No I/O, no clock.
 */

export const CUSTOMER_TYPES = ['green', 'red'] as const;
/** green: a content customer (do the moment well); red: an unhappy one (recover them with the six steps). */
export type CustomerType = (typeof CUSTOMER_TYPES)[number];

export const RECOGNITION_KINDS = ['compliment', 'praise'] as const;
export type RecognitionKind = (typeof RECOGNITION_KINDS)[number];

/** One thing the manager scores: a step of the moment's action guide, or one of the six complaint steps. */
export interface RubricItem {
  key: string;
  kind: 'behaviour' | 'complaint_step';
  /** Behaviour steps carry the action guide's title; complaint steps are named by their key (translated by the web app). */
  title?: TranslatableText;
}

export interface RubricScore {
  key: string;
  /** 0 = not shown, 1 = partly, 2 = fully. */
  score: number;
}

export const RUBRIC_MAX_SCORE = 2;

/**
 * The scoring rubric of a scenario: the moment's numbered action guide (its behaviour model), then —
 * for a red customer, or when asked — the six complaint steps of the recovery playbook.
 */
export function buildRubric(actionGuide: readonly { title: TranslatableText }[], withComplaintSteps: boolean): RubricItem[] {
  const behaviour: RubricItem[] = actionGuide.map((step, index) => ({ key: `guide.${index + 1}`, kind: 'behaviour', title: step.title }));
  const complaint: RubricItem[] = withComplaintSteps ? STEP_KEYS.map((step) => ({ key: `complaint.${step}`, kind: 'complaint_step' })) : [];
  return [...behaviour, ...complaint];
}

/** Problems of a manager's scores against a rubric (every item scored once, 0–2); field names for 400s. */
export function rubricScoreProblems(rubric: readonly RubricItem[], scores: readonly RubricScore[]): { field: string; message: string } | undefined {
  const known = new Set(rubric.map((item) => item.key));
  const seen = new Set<string>();
  for (const [index, entry] of scores.entries()) {
    const field = `scores.${index}.key`;
    if (!known.has(entry.key)) return { field, message: `${entry.key} is not an item of this scenario's rubric` };
    if (seen.has(entry.key)) return { field, message: `${entry.key} is scored twice` };
    seen.add(entry.key);
    if (!Number.isInteger(entry.score) || entry.score < 0 || entry.score > RUBRIC_MAX_SCORE) {
      return { field: `scores.${index}.score`, message: `score must be an integer from 0 to ${RUBRIC_MAX_SCORE}` };
    }
  }
  const missing = rubric.find((item) => !seen.has(item.key));
  if (missing) return { field: 'scores', message: `${missing.key} is not scored` };
  return undefined;
}

/** Points given over points possible, 0–100 (a rubric with no items scores 0). */
export function rolePlayPercent(scores: readonly RubricScore[]): number {
  if (scores.length === 0) return 0;
  const total = scores.reduce((sum, entry) => sum + entry.score, 0);
  return Math.round((100 * total) / (scores.length * RUBRIC_MAX_SCORE));
}

// ——— Employee pulse ———

export const PULSE_ITEMS = ['tools', 'training', 'recognition'] as const;
export type PulseItem = (typeof PULSE_ITEMS)[number];
export const DEFAULT_PULSE_MINIMUM = 5;
export const LOWEST_PULSE_MINIMUM = 3;

export interface PulseAnswer {
  enps: number;
  tools: number;
  training: number;
  recognition: number;
}

export interface PulseCellInput {
  locationId: string;
  answers: readonly PulseAnswer[];
}

export interface PulseFigures {
  hidden: false;
  n: number;
  enps: { score: number; promoters: number; passives: number; detractors: number; ci: [number, number] };
  /** Mean of each 1–5 item, two decimals. */
  items: Record<PulseItem, number>;
}
export interface PulseHidden {
  hidden: true;
  reason: 'below_minimum_group';
  minimum: number;
}
export type PulseResult = PulseFigures | PulseHidden;

const round2 = (value: number) => Math.round(value * 100) / 100;

/** eNPS (through keymoment/stats) and item means of a group already known to be large enough. */
export function pulseFigures(answers: readonly PulseAnswer[]): PulseFigures {
  const nps = npsFromCounts(countNpsAnswers(answers.map((answer) => answer.enps)));
  const mean = (item: PulseItem) => round2(answers.reduce((sum, answer) => sum + answer[item], 0) / answers.length);
  return {
    hidden: false,
    n: answers.length,
    enps: { score: round2(nps.score), promoters: nps.promoters, passives: nps.passives, detractors: nps.detractors, ci: [round2(nps.ci[0]), round2(nps.ci[1])] },
    items: { tools: mean('tools'), training: mean('training'), recognition: mean('recognition') },
  };
}

/**
 * Results per outlet and their total, so that nobody can be identified:
 * - an outlet with fewer answers than `minimum` shows `{ hidden, reason, minimum }`, never a number
 *   (not even how many answered);
 * - the total is computed from the SHOWN outlets only. A hidden outlet's answers enter no published
 *   figure at all, so no subtraction of published figures (this query's or any other's) can reveal
 *   them — unlike "total of everything", where total minus the shown outlets equals the hidden one.
 *   `hiddenOutlets` says how many outlets were left out; the total itself is hidden when the shown
 *   outlets hold fewer than `minimum` answers together (it never does once one outlet is shown).
 */
export function pulseResults(cells: readonly PulseCellInput[], minimum: number): {
  outlets: { locationId: string; result: PulseResult }[];
  total: PulseResult;
  hiddenOutlets: number;
} {
  const hidden: PulseHidden = { hidden: true, reason: 'below_minimum_group', minimum };
  const outlets = cells.map((cell) => ({ locationId: cell.locationId, result: cell.answers.length >= minimum ? pulseFigures(cell.answers) : hidden }));
  const shown = cells.filter((cell) => cell.answers.length >= minimum).flatMap((cell) => cell.answers);
  return { outlets, total: shown.length >= minimum ? pulseFigures(shown) : hidden, hiddenOutlets: outlets.filter((outlet) => outlet.result.hidden).length };
}

// ——— Months ———

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(value: string): boolean {
  return MONTH.test(value);
}

/** The calendar month (YYYY-MM) of an instant in a time zone. */
export function monthOf(at: Date, timeZone = 'UTC'): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(at);
  const part = (type: string) => parts.find((entry) => entry.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}`;
}

/** First and last day (YYYY-MM-DD) of a month. */
export function monthRange(month: string): { from: string; to: string } {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, mon, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

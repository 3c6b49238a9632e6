import {
  cesFromSummary,
  csatFromSummary,
  npsDifference,
  npsFromCounts,
  proportionDifferenceTest,
  welchTest,
} from '../stats/index.ts';

/*
 * The insights room's pure rules: periods and date ranges, scores from rollup counters (through
 * keymoment/stats), comparisons with significance, benchmark checks. No I/O, no clock.
 */

export const GROUP_BYS = ['moment', 'location', 'staff', 'period'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];
export const PERIODS = ['day', 'week', 'month', 'quarter'] as const;
export type Period = (typeof PERIODS)[number];
export const SCORE_METRICS = ['nps', 'csat', 'ces'] as const;
export type ScoreMetric = (typeof SCORE_METRICS)[number];

/** Below this many answers a score is not shown (n still is): a default, overridable per request. */
export const DEFAULT_MIN_N = 5;
/** The confidence level of every interval and the significance threshold (p < 1 − level). */
export const LEVEL = 0.95;
/** Longest range one request may ask for (days). */
export const MAX_RANGE_DAYS = 3 * 366;
/** CSAT is asked on 1–5, CES on 1–7 (the responses table's check constraints). */
export const CSAT_SCALE = 5;
export const CES_SCALE = 7;

/** The counters of one rollup cell, or of any sum of cells. */
export interface Counters {
  responses: number;
  npsPromoters: number;
  npsPassives: number;
  npsDetractors: number;
  csatN: number;
  csatSum: number;
  csatSumSquares: number;
  csatTopBox: number;
  cesN: number;
  cesSum: number;
  cesSumSquares: number;
  cesEasy: number;
  comments: number;
}

export const COUNTER_FIELDS = [
  'responses',
  'npsPromoters',
  'npsPassives',
  'npsDetractors',
  'csatN',
  'csatSum',
  'csatSumSquares',
  'csatTopBox',
  'cesN',
  'cesSum',
  'cesSumSquares',
  'cesEasy',
  'comments',
] as const satisfies readonly (keyof Counters)[];

/*
 * emptyCounters and addCounters name every field instead of looping over COUNTER_FIELDS: a loop's
 * `into[field]` is a megamorphic keyed access, and summing a 1,200-row staff table took ~1 ms that way
 * (bench/scores-rows.ts). score-rows.test.ts checks that both cover exactly COUNTER_FIELDS, in order.
 */
export function emptyCounters(): Counters {
  return {
    responses: 0,
    npsPromoters: 0,
    npsPassives: 0,
    npsDetractors: 0,
    csatN: 0,
    csatSum: 0,
    csatSumSquares: 0,
    csatTopBox: 0,
    cesN: 0,
    cesSum: 0,
    cesSumSquares: 0,
    cesEasy: 0,
    comments: 0,
  };
}

export function addCounters(into: Counters, add: Counters): Counters {
  into.responses += add.responses;
  into.npsPromoters += add.npsPromoters;
  into.npsPassives += add.npsPassives;
  into.npsDetractors += add.npsDetractors;
  into.csatN += add.csatN;
  into.csatSum += add.csatSum;
  into.csatSumSquares += add.csatSumSquares;
  into.csatTopBox += add.csatTopBox;
  into.cesN += add.cesN;
  into.cesSum += add.cesSum;
  into.cesSumSquares += add.cesSumSquares;
  into.cesEasy += add.cesEasy;
  into.comments += add.comments;
  return into;
}

/** The counters one response contributes (what the rollup SQL adds up; the tests' raw recomputation). */
export function countersOf(response: { nps: number | null; csat: number | null; ces: number | null; comment: string | null }): Counters {
  const c = emptyCounters();
  c.responses = 1;
  if (response.nps !== null) {
    if (response.nps >= 9) c.npsPromoters = 1;
    else if (response.nps >= 7) c.npsPassives = 1;
    else c.npsDetractors = 1;
  }
  if (response.csat !== null) {
    c.csatN = 1;
    c.csatSum = response.csat;
    c.csatSumSquares = response.csat * response.csat;
    c.csatTopBox = response.csat >= CSAT_SCALE - 1 ? 1 : 0;
  }
  if (response.ces !== null) {
    c.cesN = 1;
    c.cesSum = response.ces;
    c.cesSumSquares = response.ces * response.ces;
    c.cesEasy = response.ces >= 5 ? 1 : 0;
  }
  if (response.comment !== null && response.comment.trim() !== '') c.comments = 1;
  return c;
}

// ---------- scores ----------

export interface Score {
  /** null when n is below the minimum (or zero). */
  score: number | null;
  n: number;
  ci: [number, number] | null;
}

export interface NpsScore extends Score {
  promoters: number;
  passives: number;
  detractors: number;
}

export interface CsatScore extends Score {
  /** Mean answer on 1–5 (null below the minimum n). */
  mean: number | null;
}

export interface CesScore extends Score {
  /** Share of answers 5–7, in percent (null below the minimum n). */
  easyShare: number | null;
}

export interface Scores {
  nps: NpsScore;
  csat: CsatScore;
  ces: CesScore;
}

// 10 ** digits from a table: the same doubles (powers of ten up to 10²² are exact), without a
// Math.pow per call — rounding was the largest single cost of a staff table after the t memo.
const POWERS_OF_TEN = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000];
const round = (value: number, digits = 2) => {
  const scale = POWERS_OF_TEN[digits] ?? 10 ** digits;
  return Math.round(value * scale) / scale;
};
const roundCi = (ci: [number, number] | null): [number, number] | null => (ci ? [round(ci[0]), round(ci[1])] : null);

export function scoresOf(c: Counters, minN: number): Scores {
  return { nps: npsScoreOf(c, minN), csat: csatScoreOf(c, minN), ces: cesScoreOf(c, minN) };
}

/** One metric's score: what `scoresOf(c, minN)[metric]` holds (a league sorts by it without the rest). */
export function metricScoreOf(c: Counters, metric: ScoreMetric, minN: number): Score {
  return metric === 'nps' ? npsScoreOf(c, minN) : metric === 'csat' ? csatScoreOf(c, minN) : cesScoreOf(c, minN);
}

/** Answers on a metric (the `n` of its score), straight from the counters. */
export function metricAnswersOf(c: Counters, metric: ScoreMetric): number {
  return metric === 'nps' ? c.npsPromoters + c.npsPassives + c.npsDetractors : metric === 'csat' ? c.csatN : c.cesN;
}

function npsScoreOf(c: Counters, minN: number): NpsScore {
  const npsN = c.npsPromoters + c.npsPassives + c.npsDetractors;
  // Object literals spelled out, not spread: a spread copy cost ~1 µs here, more than the score itself.
  const nps: NpsScore = { score: null, n: npsN, ci: null, promoters: c.npsPromoters, passives: c.npsPassives, detractors: c.npsDetractors };
  if (npsN > 0 && npsN >= minN) {
    const result = npsFromCounts(nps, { method: 'adjusted-wald', level: LEVEL });
    nps.score = round(result.score);
    nps.ci = roundCi(result.ci);
  }
  return nps;
}

function csatScoreOf(c: Counters, minN: number): CsatScore {
  const csat: CsatScore = { score: null, n: c.csatN, ci: null, mean: null };
  if (c.csatN > 0 && c.csatN >= minN) {
    const result = csatFromSummary({ n: c.csatN, sum: c.csatSum, sumSquares: c.csatSumSquares, topBox: c.csatTopBox }, { scale: CSAT_SCALE, level: LEVEL });
    csat.score = round(result.score);
    csat.ci = roundCi(result.ci);
    csat.mean = round(result.mean.mean, 3);
  }
  return csat;
}

function cesScoreOf(c: Counters, minN: number): CesScore {
  const ces: CesScore = { score: null, n: c.cesN, ci: null, easyShare: null };
  if (c.cesN > 0 && c.cesN >= minN) {
    const result = cesFromSummary({ n: c.cesN, sum: c.cesSum, sumSquares: c.cesSumSquares, easy: c.cesEasy }, { scale: CES_SCALE, level: LEVEL });
    ces.score = round(result.score, 3);
    ces.ci = result.ci ? [round(result.ci[0], 3), round(result.ci[1], 3)] : null;
    ces.easyShare = round(result.easyShare);
  }
  return ces;
}

export interface Comparison {
  /** The previous period's score (null below the minimum n). */
  score: number | null;
  n: number;
  /** current − previous, in the metric's unit (NPS points, CSAT percentage points, CES scale points). */
  difference: number | null;
  /** Two-sided p-value of the difference (null when either side is below the minimum n). */
  pValue: number | null;
  significant: boolean;
}

export interface Comparisons {
  nps: Comparison;
  csat: Comparison;
  ces: Comparison;
}

/** Runs a test, treating "cannot be computed" (no variance, n = 1) as no result. */
function attempt<T>(test: () => T): T | null {
  try {
    return test();
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

/**
 * Current vs previous: NPS with the adjusted-Wald difference (Rocks 2016), CSAT with the two-proportion
 * z-test on top-2-box shares, CES with Welch's t-test on the means. Nothing is called significant
 * unless both sides reach the minimum n.
 */
/** `now`: the current scores when the caller has them already (each scoresOf costs ~1 µs; a staff table has a thousand rows). */
export function compareCounters(current: Counters, previous: Counters, minN: number, now: Scores = scoresOf(current, minN)): Comparisons {
  const before = { nps: previousScoreOf(previous, 'nps', minN), csat: previousScoreOf(previous, 'csat', minN), ces: previousScoreOf(previous, 'ces', minN) };
  return {
    nps: compared('nps', now.nps, before.nps, () =>
      npsDifference(
        { promoters: current.npsPromoters, passives: current.npsPassives, detractors: current.npsDetractors },
        { promoters: previous.npsPromoters, passives: previous.npsPassives, detractors: previous.npsDetractors },
        { method: 'adjusted-wald', level: LEVEL },
      ),
    ),
    csat: compared('csat', now.csat, before.csat, () =>
      proportionDifferenceTest({ successes: current.csatTopBox, n: current.csatN }, { successes: previous.csatTopBox, n: previous.csatN }, { level: LEVEL }),
    ),
    // welchTest = meanDifferenceTest without the interval, which this comparison does not report (same p).
    ces: compared('ces', now.ces, before.ces, () =>
      welchTest({ n: current.cesN, sum: current.cesSum, sumSquares: current.cesSumSquares }, { n: previous.cesN, sum: previous.cesSum, sumSquares: previous.cesSumSquares }),
    ),
  };
}

/**
 * The previous period's score and answers, without the intervals a comparison does not show: the same
 * arithmetic as npsFromCounts / csatFromSummary (Wilson's p̂) / cesFromSummary (the mean) and the same
 * rounding as scoresOf, so the same doubles (score-rows.test.ts compares with the full computation).
 * A network-wide staff table computes this for 1,200 rows a request.
 */
function previousScoreOf(c: Counters, metric: ScoreMetric, minN: number): { score: number | null; n: number } {
  const n = metricAnswersOf(c, metric);
  if (n === 0 || n < minN) return { score: null, n };
  if (metric === 'nps') return { score: round((100 * (c.npsPromoters - c.npsDetractors)) / n), n };
  if (metric === 'csat') return { score: round(100 * (c.csatTopBox / n)), n };
  return { score: round(c.cesSum / n, 3), n };
}

/** One metric's comparison; the test runs only when both sides have a score (reach the minimum n). */
function compared(metric: ScoreMetric, a: Score, b: { score: number | null; n: number }, test: () => { difference: number; pValue: number } | null): Comparison {
  const base: Comparison = { score: b.score, n: b.n, difference: null, pValue: null, significant: false };
  if (a.score === null || b.score === null) return base;
  const result = attempt(test);
  const difference = round(a.score - b.score, metric === 'ces' ? 3 : 2);
  // Spelled out rather than `{ ...base, difference }`: object spread is slow (bench/scores-rows.ts).
  if (!result || !Number.isFinite(result.pValue)) return { score: b.score, n: b.n, difference, pValue: null, significant: false };
  return { score: b.score, n: b.n, difference, pValue: round(result.pValue, 6), significant: result.pValue < 1 - LEVEL };
}

// ---------- dates and periods (local calendar days as 'YYYY-MM-DD') ----------

const DAY_MS = 86_400_000;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(value: string): boolean {
  if (!DATE_RE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** The previous period of equal length: the same number of days, ending the day before `from`. */
export function previousRange(from: string, to: string): { from: string; to: string } {
  const length = daysBetween(from, to);
  return { from: addDays(from, -length), to: addDays(from, -1) };
}

/** The first day of the period (ISO week: Monday) that holds `day`. */
export function periodStart(day: string, period: Period): string {
  const date = new Date(`${day}T00:00:00Z`);
  switch (period) {
    case 'day':
      return day;
    case 'week':
      return addDays(day, -((date.getUTCDay() + 6) % 7));
    case 'month':
      return `${day.slice(0, 7)}-01`;
    case 'quarter': {
      const month = Math.floor(date.getUTCMonth() / 3) * 3 + 1;
      return `${day.slice(0, 4)}-${String(month).padStart(2, '0')}-01`;
    }
  }
}

/** The last day of the period starting at `start`. */
export function periodEnd(start: string, period: Period): string {
  const date = new Date(`${start}T00:00:00Z`);
  switch (period) {
    case 'day':
      return start;
    case 'week':
      return addDays(start, 6);
    case 'month':
      return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
    case 'quarter':
      return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 3, 0)).toISOString().slice(0, 10);
  }
}

/** The period before the one starting at `start`. */
export function previousPeriodStart(start: string, period: Period): string {
  return periodStart(addDays(start, -1), period);
}

// ---------- benchmarks ----------

export type Comparator = 'gte' | 'lte' | 'gt' | 'lt' | 'eq';

export function meetsBenchmark(score: number, comparator: Comparator, value: number): boolean {
  switch (comparator) {
    case 'gte':
      return score >= value;
    case 'lte':
      return score <= value;
    case 'gt':
      return score > value;
    case 'lt':
      return score < value;
    case 'eq':
      return score === value;
  }
}

/** Which way is worse for a metric: a significant change in this direction is a drop. */
export function isWorse(metric: ScoreMetric, difference: number, comparator?: Comparator): boolean {
  // CES wording varies (docs/journey-format.md); its benchmark comparator says which way is better.
  if (metric === 'ces' && (comparator === 'lte' || comparator === 'lt')) return difference > 0;
  return difference < 0;
}

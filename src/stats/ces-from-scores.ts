import { validateRange, validateRatings, validateScale, type RatingOptions } from './csat-from-scores.ts';
import { meanFromSummary, validateSummary, type ScoreSummary } from './mean-from-summary.ts';
import { describe, validateLevel } from './validate.ts';
import { wilsonInterval } from './wilson-interval.ts';

/** Sufficient statistics of CES answers: n, Σx, Σx² and the number of "easy" answers. */
export interface CesSummary extends ScoreSummary {
  easy: number;
}

export interface CesResult {
  /** CES: the mean answer on the 1…scale agreement scale ("the company made it easy…"), higher = easier. */
  score: number;
  n: number;
  /** Student-t interval of the mean; null when n < 2. */
  ci: [number, number] | null;
  standardDeviation: number | null;
  standardError: number | null;
  /** Number of "easy" answers: strictly above the scale midpoint (5, 6, 7 on 1–7). */
  easy: number;
  /** Share of "easy" answers in percent, 0…100. */
  easyShare: number;
  /** Wilson interval of the easy share, in percent. */
  easyCi: [number, number];
  scale: number;
  level: number;
}

/** The lowest "easy" answer: the first integer above the midpoint (scale + 1)/2 — 5 on 1–7, 4 on 1–5. */
export function easyThreshold(scale: number): number {
  return Math.floor((scale + 1) / 2) + 1;
}

/** n, Σx, Σx² and the easy count of CES answers on a 1…scale agreement scale (default 7). */
export function summarizeCes(scores: readonly number[], options: { scale?: number } = {}): CesSummary {
  const scale = validateScale(options.scale, 7);
  const values = validateRatings('scores', scores, scale);
  const threshold = easyThreshold(scale);
  let sum = 0;
  let sumSquares = 0;
  let easy = 0;
  for (const x of values) {
    sum += x;
    sumSquares += x * x;
    if (x >= threshold) easy++;
  }
  return { n: values.length, sum, sumSquares, easy };
}

/**
 * Customer Effort Score from sufficient statistics { n, sum, sumSquares, easy }.
 *
 * Definition (CES 2.0): agreement with "The company made it easy for me to handle my issue" on a
 * 1 (strongly disagree) … 7 (strongly agree) scale; CES = mean answer, with a Student-t interval.
 * The "easy" share = answers strictly above the neutral midpoint (5–7 on 1–7, i.e. somewhat agree or
 * more), with a Wilson interval. References: Dixon, Freeman & Toman (2010), "Stop Trying to Delight
 * Your Customers", Harvard Business Review 88(7/8):116–122; Dixon, Toman & DeLisi (2013), The Effortless
 * Experience (CES 2.0). Units: scale points and percent. {@link cesFromScores} gives identical numbers.
 */
export function cesFromSummary(summary: CesSummary, options: RatingOptions = {}): CesResult {
  const scale = validateScale(options.scale, 7);
  const level = validateLevel(options.level);
  const base = validateSummary('summary', summary);
  const easy: unknown = summary.easy;
  if (typeof easy !== 'number' || !Number.isInteger(easy) || easy < 0 || easy > base.n) {
    throw new RangeError(`summary.easy: expected an integer count from 0 to n = ${base.n}, got ${describe(easy)}`);
  }
  validateRange('summary', base, 1, scale);
  const mean = meanFromSummary(base, { level });
  const share = wilsonInterval(easy, base.n, { level });
  return {
    score: mean.mean,
    n: base.n,
    ci: mean.ci,
    standardDeviation: mean.standardDeviation,
    standardError: mean.standardError,
    easy,
    easyShare: 100 * share.proportion,
    easyCi: [100 * share.ci[0], 100 * share.ci[1]],
    scale,
    level,
  };
}

/** CES of raw 1…scale answers (default scale 7): {@link cesFromSummary} of {@link summarizeCes}. */
export function cesFromScores(scores: readonly number[], options: RatingOptions = {}): CesResult {
  return cesFromSummary(summarizeCes(scores, options), options);
}

import { meanFromSummary, validateSummary, type MeanEstimate, type ScoreSummary } from './mean-from-summary.ts';
import { describe, validateLevel } from './validate.ts';
import { wilsonInterval } from './wilson-interval.ts';

/** Sufficient statistics of CSAT answers: n, Σx, Σx² and the number of top-2-box answers. */
export interface CsatSummary extends ScoreSummary {
  topBox: number;
}

export interface CsatResult {
  /** CSAT in percent: share of top-2-box answers (4–5 on a 1–5 scale), 0…100. */
  score: number;
  n: number;
  /** Number of top-2-box answers. */
  topBox: number;
  /** Wilson score interval of the share, in percent. */
  ci: [number, number];
  /** Mean answer with its Student-t interval, on the 1…scale scale. */
  mean: MeanEstimate;
  scale: number;
  level: number;
}

export interface RatingOptions {
  /** Highest answer of the 1…scale rating (default 5 for CSAT, 7 for CES). */
  scale?: number;
  level?: number;
}

export function validateScale(scale: unknown, fallback: number, name = 'options.scale'): number {
  if (scale === undefined) return fallback;
  if (typeof scale !== 'number' || !Number.isInteger(scale) || scale < 2 || scale > 100) {
    throw new RangeError(`${name}: expected an integer from 2 to 100 (the highest answer of a 1…scale rating), got ${describe(scale)}`);
  }
  return scale;
}

/** Checks that every score is an integer answer from 1 to `scale`. */
export function validateRatings(name: string, scores: unknown, scale: number): readonly number[] {
  if (!Array.isArray(scores)) throw new RangeError(`${name}: expected an array of 1–${scale} answers, got ${describe(scores)}`);
  if (scores.length === 0) throw new RangeError(`${name}: is empty; at least one answer is needed`);
  for (let i = 0; i < scores.length; i++) {
    const s: unknown = scores[i];
    if (typeof s !== 'number' || !Number.isInteger(s) || s < 1 || s > scale) {
      throw new RangeError(`${name}[${i}]: ${describe(s)} is not an answer on the 1–${scale} scale (an integer from 1 to ${scale})`);
    }
  }
  return scores as readonly number[];
}

/** n, Σx, Σx² and top-2-box count (answers ≥ scale − 1) of CSAT answers on a 1…scale rating. */
export function summarizeCsat(scores: readonly number[], options: { scale?: number } = {}): CsatSummary {
  const scale = validateScale(options.scale, 5);
  const values = validateRatings('scores', scores, scale);
  let sum = 0;
  let sumSquares = 0;
  let topBox = 0;
  for (const x of values) {
    sum += x;
    sumSquares += x * x;
    if (x >= scale - 1) topBox++;
  }
  return { n: values.length, sum, sumSquares, topBox };
}

/**
 * CSAT from sufficient statistics { n, sum, sumSquares, topBox } — what rollups store.
 *
 * Definitions: CSAT = 100·topBox/n, the "top-2-box" share of satisfied answers (4 "satisfied" and
 * 5 "very satisfied" on the usual 1–5 scale; answers ≥ scale − 1 in general), with a Wilson score
 * interval (Wilson 1927, JASA 22:209–212); and the mean answer with a Student-t interval.
 * Reference for top-box reporting: Sauro & Lewis, Quantifying the User Experience, 2nd ed. (2016),
 * ch. 3 and 4 (top-box scores, intervals for proportions and means). Units: percent and scale points.
 * {@link csatFromScores} gives identical numbers because it goes through this function.
 */
export function csatFromSummary(summary: CsatSummary, options: RatingOptions = {}): CsatResult {
  const scale = validateScale(options.scale, 5);
  const level = validateLevel(options.level);
  const base = validateSummary('summary', summary);
  const topBox: unknown = summary.topBox;
  if (typeof topBox !== 'number' || !Number.isInteger(topBox) || topBox < 0 || topBox > base.n) {
    throw new RangeError(`summary.topBox: expected an integer count from 0 to n = ${base.n}, got ${describe(topBox)}`);
  }
  validateRange('summary', base, 1, scale);
  const share = wilsonInterval(topBox, base.n, { level });
  return {
    score: 100 * share.proportion,
    n: base.n,
    topBox,
    ci: [100 * share.ci[0], 100 * share.ci[1]],
    mean: meanFromSummary(base, { level }),
    scale,
    level,
  };
}

/** CSAT of raw 1…scale answers (default scale 5): {@link csatFromSummary} of {@link summarizeCsat}. */
export function csatFromScores(scores: readonly number[], options: RatingOptions = {}): CsatResult {
  return csatFromSummary(summarizeCsat(scores, options), options);
}

/** The mean of a summary must lie within the answer range. */
export function validateRange(name: string, summary: ScoreSummary, min: number, max: number): void {
  const tolerance = 1e-9 * Math.max(1, Math.abs(summary.sum));
  if (summary.sum < min * summary.n - tolerance || summary.sum > max * summary.n + tolerance) {
    throw new RangeError(`${name}.sum: ${summary.sum} is impossible for ${summary.n} answers between ${min} and ${max}`);
  }
}

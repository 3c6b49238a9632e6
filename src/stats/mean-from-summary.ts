import { tCritical } from './distributions.ts';
import { describe, validateFinite, validateLevel, validateNumberArray } from './validate.ts';

/**
 * Sufficient statistics of a sample of scores: count, sum and sum of squares. Summaries of disjoint
 * samples add field by field ({@link combineSummaries}), which is what rollups store.
 */
export interface ScoreSummary {
  n: number;
  sum: number;
  sumSquares: number;
}

export interface MeanEstimate {
  mean: number;
  n: number;
  /** Sample standard deviation s = √(Σ(x − x̄)²/(n − 1)); null when n < 2. */
  standardDeviation: number | null;
  /** s/√n; null when n < 2. */
  standardError: number | null;
  /** x̄ ± t_{n−1, 1−α/2}·s/√n; null when n < 2. */
  ci: [number, number] | null;
  level: number;
}

/**
 * n, Σx and Σx² of the scores (finite numbers; RangeError naming the position otherwise).
 * With integer scores every field is an exact integer, so summaries combined in any order are identical.
 */
export function summarizeScores(scores: readonly number[], name = 'scores'): ScoreSummary {
  const values = validateNumberArray(name, scores, { allowEmpty: true });
  let sum = 0;
  let sumSquares = 0;
  for (const x of values) {
    sum += x;
    sumSquares += x * x;
  }
  return { n: values.length, sum, sumSquares };
}

/** Field-by-field sum of summaries of disjoint samples (e.g. daily rollups into a month). */
export function combineSummaries<T extends ScoreSummary>(parts: readonly T[]): T {
  if (!Array.isArray(parts) || parts.length === 0) throw new RangeError('parts: is empty; at least one summary is needed');
  const total: Record<string, number> = {};
  parts.forEach((part, i) => {
    for (const [key, value] of Object.entries(part)) {
      total[key] = (total[key] ?? 0) + validateFinite(`parts[${i}].${key}`, value);
    }
  });
  return total as unknown as T;
}

export function validateSummary(name: string, summary: unknown): ScoreSummary {
  if (typeof summary !== 'object' || summary === null) throw new RangeError(`${name}: expected { n, sum, sumSquares }, got ${describe(summary)}`);
  const s = summary as Record<string, unknown>;
  if (typeof s.n !== 'number' || !Number.isInteger(s.n) || s.n < 1) {
    throw new RangeError(`${name}.n: expected a positive integer count, got ${describe(s.n)}${s.n === 0 ? ' (no scores)' : ''}`);
  }
  const sum = validateFinite(`${name}.sum`, s.sum);
  const sumSquares = validateFinite(`${name}.sumSquares`, s.sumSquares);
  // Cauchy–Schwarz: Σx² ≥ (Σx)²/n. Allow rounding slack relative to the magnitude.
  if (sumSquares < (sum * sum) / s.n - 1e-9 * Math.max(1, sumSquares)) {
    throw new RangeError(`${name}.sumSquares: ${sumSquares} is smaller than sum²/n = ${(sum * sum) / s.n}; the summary is inconsistent`);
  }
  return { n: s.n, sum, sumSquares };
}

/**
 * Mean with a Student-t confidence interval, from the sufficient statistics n, Σx, Σx².
 *
 * Definition: x̄ = Σx/n; s² = (Σx² − x̄·Σx)/(n − 1); interval x̄ ± t_{n−1, 1−α/2}·s/√n
 * (Student 1908, "The probable error of a mean", Biometrika 6(1):1–25; any introductory text, e.g.
 * Moore, McCabe & Craig, Introduction to the Practice of Statistics, ch. 7).
 * Units: those of the scores. Gives exactly the same numbers as computing from the raw scores through
 * {@link summarizeScores}, because the raw path goes through this function.
 */
export function meanFromSummary(summary: ScoreSummary, options: { level?: number } = {}): MeanEstimate {
  const { n, sum, sumSquares } = validateSummary('summary', summary);
  const level = validateLevel(options.level);
  const mean = sum / n;
  if (n < 2) return { mean, n, standardDeviation: null, standardError: null, ci: null, level };
  const variance = Math.max(0, sumSquares - mean * sum) / (n - 1);
  const sd = Math.sqrt(variance);
  const se = sd / Math.sqrt(n);
  const half = tCritical(level, n - 1) * se;
  return { mean, n, standardDeviation: sd, standardError: se, ci: [mean - half, mean + half], level };
}

/** {@link meanFromSummary} of raw scores. */
export function meanFromScores(scores: readonly number[], options: { level?: number } = {}): MeanEstimate {
  const summary = summarizeScores(scores);
  if (summary.n === 0) throw new RangeError('scores: is empty; at least one value is needed');
  return meanFromSummary(summary, options);
}

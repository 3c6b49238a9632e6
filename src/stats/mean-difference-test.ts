import { tCritical, twoSidedTP } from './distributions.ts';
import { summarizeScores, validateSummary, type ScoreSummary } from './mean-from-summary.ts';
import { validateLevel } from './validate.ts';

export interface MeanDifferenceResult {
  /** mean_A − mean_B, in score units. */
  difference: number;
  meanA: number;
  meanB: number;
  /** √(s_A²/n_A + s_B²/n_B). */
  standardError: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  t: number;
  /** Two-sided p-value of H₀: μ_A = μ_B. */
  pValue: number;
  /** difference ± t_{df, 1−α/2}·SE. */
  ci: [number, number];
  level: number;
}

function toSummary(name: string, sample: readonly number[] | ScoreSummary): ScoreSummary {
  const summary = Array.isArray(sample) ? summarizeScores(sample as readonly number[], name) : validateSummary(name, sample);
  if (summary.n < 2) throw new RangeError(`${name}: needs at least 2 scores for a variance, got ${summary.n}`);
  return summary;
}

/** {@link meanDifferenceTest} without its interval: everything a p-value-only comparison needs. */
export type WelchTestResult = Omit<MeanDifferenceResult, 'ci' | 'level'>;

/**
 * Welch's t statistic, Welch–Satterthwaite df and two-sided p-value of two samples, without the
 * interval. The interval needs the t quantile at a non-integer df — an iterative inverse of the
 * incomplete beta function that cannot be memoized and cost more than the rest of the test together —
 * so callers that report only the difference and its p-value (the insights comparisons with the
 * previous period) call this; {@link meanDifferenceTest} is this plus the interval, so both give
 * identical numbers. Same inputs, checks and edge cases as {@link meanDifferenceTest}.
 */
export function welchTest(a: readonly number[] | ScoreSummary, b: readonly number[] | ScoreSummary): WelchTestResult {
  const sa = toSummary('a', a);
  const sb = toSummary('b', b);
  const meanA = sa.sum / sa.n;
  const meanB = sb.sum / sb.n;
  const va = Math.max(0, sa.sumSquares - meanA * sa.sum) / (sa.n - 1) / sa.n;
  const vb = Math.max(0, sb.sumSquares - meanB * sb.sum) / (sb.n - 1) / sb.n;
  const difference = meanA - meanB;
  const se = Math.sqrt(va + vb);
  if (se === 0) {
    return {
      difference, meanA, meanB, standardError: 0, df: sa.n + sb.n - 2,
      t: difference === 0 ? 0 : Math.sign(difference) * Infinity,
      pValue: difference === 0 ? 1 : 0,
    };
  }
  const df = (va + vb) ** 2 / ((va * va) / (sa.n - 1) + (vb * vb) / (sb.n - 1));
  const t = difference / se;
  return { difference, meanA, meanB, standardError: se, df, t, pValue: twoSidedTP(t, df) };
}

/**
 * Welch's two-sample t test and interval for the difference of two means (unequal variances).
 *
 * Definition: SE = √(s_A²/n_A + s_B²/n_B); t = (x̄_A − x̄_B)/SE; df = SE⁴ / ((s_A²/n_A)²/(n_A − 1) +
 * (s_B²/n_B)²/(n_B − 1)); p = 2·P(T_df ≤ −|t|); CI = (x̄_A − x̄_B) ± t_{df,1−α/2}·SE.
 * References: B. L. Welch (1947), "The generalization of 'Student's' problem when several different
 * population variances are involved", Biometrika 34:28–35; F. E. Satterthwaite (1946), Biometrics
 * Bulletin 2:110–114. Same as R's t.test(var.equal = FALSE).
 * Each sample is raw scores or its sufficient statistics { n, sum, sumSquares } (from rollups);
 * both give identical results. Units: score units. If both variances are 0, t is ±∞ (p = 0) for
 * different means and 0 (p = 1) for equal means. {@link welchTest} gives the same without the interval.
 */
export function meanDifferenceTest(
  a: readonly number[] | ScoreSummary,
  b: readonly number[] | ScoreSummary,
  options: { level?: number } = {},
): MeanDifferenceResult {
  const test = welchTest(a, b);
  const level = validateLevel(options.level);
  const { difference, standardError } = test;
  if (standardError === 0) return { ...test, ci: [difference, difference], level };
  const half = tCritical(level, test.df) * standardError;
  return { ...test, ci: [difference - half, difference + half], level };
}

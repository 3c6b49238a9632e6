import jStat from 'jstat';

// Distribution functions used by the intervals and tests, on top of jstat (Trevor Norris et al.,
// https://github.com/jstat/jstat). Reference for the definitions: Johnson, Kotz & Balakrishnan,
// Continuous Univariate Distributions, vol. 1 ch. 13 (normal) and vol. 2 ch. 28 (Student's t), 1994–95.

/**
 * Standard normal distribution function Φ(x) = P(Z ≤ x). Computed through erfc on both sides so
 * that far tails keep their relative precision (Φ(x) = ½·erfc(−x/√2)).
 */
export function normalCdf(x: number): number {
  return 0.5 * jStat.erfc(-x / Math.SQRT2);
}

/** Standard normal quantile Φ⁻¹(p), 0 < p < 1 (jstat's inverse error function). */
export function normalQuantile(p: number): number {
  return jStat.normal.inv(p, 0, 1);
}

/** Student's t distribution function with `df` > 0 degrees of freedom (non-integer allowed, as in Welch). */
export function studentTCdf(t: number, df: number): number {
  return jStat.studentt.cdf(t, df);
}

/** Student's t quantile with `df` > 0 degrees of freedom. */
export function studentTQuantile(p: number, df: number): number {
  return jStat.studentt.inv(p, df);
}

/** The two-sided critical value z_{1−α/2} for a confidence level 1−α (1.959964 for 0.95). */
export function zCritical(level: number): number {
  // Memo of the last level asked (dashboards ask for the same level millions of times); pure.
  if (level !== lastLevel) {
    lastLevel = level;
    lastZ = normalQuantile(1 - (1 - level) / 2);
  }
  return lastZ;
}
let lastLevel = Number.NaN;
let lastZ = Number.NaN;

/**
 * The two-sided critical value t_{df, 1−α/2} for a confidence level 1−α.
 *
 * Memoized for integer df (the n − 1 of a mean's interval, the residual df of a regression): jstat's
 * quantile inverts the incomplete beta function by Newton iteration (4–10 µs a call on this machine), and a
 * scores table asks for the same few hundred (level, df) pairs thousands of times — before the memo
 * it was ~40 % of the CPU of a 1,200-row staff table (bench/scores-rows.ts, docs/insights.md
 * "Performance"). Safe because the quantile is a pure function of (level, df): the memo returns the
 * very double the computation would, so no result changes in any digit. Non-integer df (Welch) are
 * continuous and practically never repeat, so they are not stored. No large-df shortcut (e.g. the
 * normal quantile above some df): that would change digits. Bounded: cleared when it holds
 * {@link T_CRITICAL_MEMO_LIMIT} values, so odd callers cannot grow it without limit.
 */
export function tCritical(level: number, df: number): number {
  if (!Number.isInteger(df)) return studentTQuantile(1 - (1 - level) / 2, df);
  let byDf = tCriticalMemo.get(level);
  if (byDf === undefined) {
    byDf = new Map();
    tCriticalMemo.set(level, byDf);
  }
  let t = byDf.get(df);
  if (t === undefined) {
    t = studentTQuantile(1 - (1 - level) / 2, df);
    if (++tCriticalMemoSize > T_CRITICAL_MEMO_LIMIT) {
      tCriticalMemo.clear();
      byDf = new Map();
      tCriticalMemo.set(level, byDf);
      tCriticalMemoSize = 1;
    }
    byDf.set(df, t);
  }
  return t;
}
/** Most (level, df) pairs the {@link tCritical} memo keeps (~0.5 MB at most). */
export const T_CRITICAL_MEMO_LIMIT = 10_000;
const tCriticalMemo = new Map<number, Map<number, number>>();
let tCriticalMemoSize = 0;

/** Two-sided p-value of a standard normal statistic: 2·Φ(−|z|). */
export function twoSidedNormalP(z: number): number {
  if (z === 0) return 1;
  return Math.min(1, jStat.erfc(Math.abs(z) / Math.SQRT2));
}

/** Two-sided p-value of a t statistic with `df` degrees of freedom: 2·P(T ≤ −|t|). */
export function twoSidedTP(t: number, df: number): number {
  if (t === 0) return 1;
  return Math.min(1, 2 * studentTCdf(-Math.abs(t), df));
}

/** Upper tail P(F > f) of the F distribution with (d1, d2) degrees of freedom. */
export function fUpperTail(f: number, d1: number, d2: number): number {
  return Math.max(0, 1 - jStat.centralF.cdf(f, d1, d2));
}

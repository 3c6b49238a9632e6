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

/** The two-sided critical value t_{df, 1−α/2} for a confidence level 1−α. */
export function tCritical(level: number, df: number): number {
  return studentTQuantile(1 - (1 - level) / 2, df);
}

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

import { zCritical } from './distributions.ts';
import { validateCount, validateLevel } from './validate.ts';

export interface ProportionEstimate {
  /** successes/n, 0…1. */
  proportion: number;
  successes: number;
  n: number;
  /** Wilson score interval, 0…1. */
  ci: [number, number];
  level: number;
}

/**
 * Wilson score interval for a binomial proportion (without continuity correction).
 *
 * Definition: with p̂ = x/n and z = z_{1−α/2},
 *   centre = (p̂ + z²/2n)/(1 + z²/n),  half-width = z·√(p̂(1 − p̂)/n + z²/4n²)/(1 + z²/n).
 * Reference: E. B. Wilson (1927), "Probable inference, the law of succession, and statistical
 * inference", JASA 22(158):209–212; method 3 of R. G. Newcombe (1998), "Two-sided confidence intervals
 * for the single proportion: comparison of seven methods", Statistics in Medicine 17:857–872.
 * Units: proportion (0…1). Throws RangeError for n = 0 or successes outside 0…n.
 */
export function wilsonInterval(successes: number, n: number, options: { level?: number } = {}): ProportionEstimate {
  validateCount('successes', successes);
  validateCount('n', n);
  if (n === 0) throw new RangeError('n: is 0; a proportion needs at least one observation');
  if (successes > n) throw new RangeError(`successes: ${successes} is more than n = ${n}`);
  const level = validateLevel(options.level);
  const p = successes / n;
  const z = zCritical(level);
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  // Exact bounds at the edges (the formula gives them up to rounding).
  const low = successes === 0 ? 0 : Math.max(0, centre - half);
  const high = successes === n ? 1 : Math.min(1, centre + half);
  return { proportion: p, successes, n, ci: [low, high], level };
}

import { twoSidedNormalP } from './distributions.ts';
import { describe, validateLevel } from './validate.ts';
import { wilsonInterval } from './wilson-interval.ts';

export interface ProportionSample {
  successes: number;
  n: number;
}

export interface ProportionDifferenceResult {
  /** p_A − p_B on the proportion scale (−1…1). */
  difference: number;
  /** Unpooled standard error √(p_A(1−p_A)/n_A + p_B(1−p_B)/n_B). */
  standardError: number;
  /** Newcombe's hybrid score interval for the difference (method 10), proportion scale. */
  ci: [number, number];
  /** Pooled two-proportion z statistic. */
  z: number;
  /** Two-sided p-value of H₀: p_A = p_B (pooled z test = Pearson χ² test without continuity correction). */
  pValue: number;
  level: number;
}

function validateSample(name: string, sample: unknown): ProportionSample {
  if (typeof sample !== 'object' || sample === null) throw new RangeError(`${name}: expected { successes, n }, got ${describe(sample)}`);
  const s = sample as Record<string, unknown>;
  if (typeof s.n !== 'number' || !Number.isInteger(s.n) || s.n < 1) throw new RangeError(`${name}.n: expected a positive integer, got ${describe(s.n)}`);
  if (typeof s.successes !== 'number' || !Number.isInteger(s.successes) || s.successes < 0 || s.successes > s.n) {
    throw new RangeError(`${name}.successes: expected an integer from 0 to n = ${s.n}, got ${describe(s.successes)}`);
  }
  return { successes: s.successes, n: s.n };
}

/**
 * Compares two independent proportions (e.g. CSAT top-2-box shares of two periods or outlets).
 *
 * Test: pooled z = (p̂_A − p̂_B)/√(p̄(1 − p̄)(1/n_A + 1/n_B)), p̄ = (x_A + x_B)/(n_A + n_B), two-sided
 * p = 2Φ(−|z|) — identical to Pearson's χ² test on the 2×2 table without continuity correction
 * (R: prop.test(correct = FALSE)). Agresti (2013), Categorical Data Analysis 3rd ed., §3.1.
 * Interval: Newcombe's hybrid score interval from the two Wilson intervals (l, u):
 *   [δ − √((p̂_A − l_A)² + (u_B − p̂_B)²),  δ + √((u_A − p̂_A)² + (p̂_B − l_B)²)],
 * R. G. Newcombe (1998), "Interval estimation for the difference between independent proportions:
 * comparison of eleven methods", Statistics in Medicine 17:873–890 (method 10).
 * Units: proportions (multiply by 100 for percentage points). Both samples identical at 0 % or 100 %
 * give z = 0 and p = 1.
 */
export function proportionDifferenceTest(a: ProportionSample, b: ProportionSample, options: { level?: number } = {}): ProportionDifferenceResult {
  const sa = validateSample('a', a);
  const sb = validateSample('b', b);
  const level = validateLevel(options.level);
  const pa = sa.successes / sa.n;
  const pb = sb.successes / sb.n;
  const difference = pa - pb;
  const wa = wilsonInterval(sa.successes, sa.n, { level });
  const wb = wilsonInterval(sb.successes, sb.n, { level });
  const low = difference - Math.sqrt((pa - wa.ci[0]) ** 2 + (wb.ci[1] - pb) ** 2);
  const high = difference + Math.sqrt((wa.ci[1] - pa) ** 2 + (pb - wb.ci[0]) ** 2);
  const pooled = (sa.successes + sb.successes) / (sa.n + sb.n);
  const se0 = Math.sqrt(pooled * (1 - pooled) * (1 / sa.n + 1 / sb.n));
  const z = se0 > 0 ? difference / se0 : 0;
  return {
    difference,
    standardError: Math.sqrt((pa * (1 - pa)) / sa.n + (pb * (1 - pb)) / sb.n),
    ci: [Math.max(-1, low), Math.min(1, high)],
    z,
    pValue: se0 > 0 ? twoSidedNormalP(z) : 1,
    level,
  };
}

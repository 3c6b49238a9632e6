import { twoSidedNormalP, zCritical } from './distributions.ts';
import { npsEstimate, validateNpsCounts, validateNpsMethod, type NpsCounts, type NpsMethod } from './nps-from-counts.ts';
import { validateLevel } from './validate.ts';

export interface NpsDifferenceResult {
  /** scoreA − scoreB in points (−200…200), from the unadjusted scores. */
  difference: number;
  /** √(SE_A² + SE_B²) in points (independent samples). */
  standardError: number;
  /** Interval for the difference in points, centred on the difference of the method's centres, clipped to [−200, 200]. */
  ci: [number, number];
  /** z = (centreA − centreB)/SE. */
  z: number;
  /** Two-sided p-value of H₀: NPS_A = NPS_B (normal approximation). */
  pValue: number;
  method: NpsMethod;
  level: number;
}

/**
 * Difference between the NPS of two independent samples, with a Wald-type interval and a two-sided
 * z test. Each sample's centre and variance come from {@link npsEstimate} (Wald or adjusted Wald,
 * Rocks 2016, The American Statistician 70(4):365–372); the variance of the difference of independent
 * estimates is the sum of their variances (the construction Rocks and Sauro & Lewis, Quantifying the
 * User Experience, 2nd ed. 2016, ch. 5, use for comparing two NPS). Units: points.
 * If both variances are 0 (e.g. two samples of only promoters under 'wald') the p-value is 1 when the
 * centres are equal and 0 otherwise.
 */
export function npsDifference(a: NpsCounts, b: NpsCounts, options: { method?: NpsMethod; level?: number } = {}): NpsDifferenceResult {
  const ca = validateNpsCounts('a', a);
  const cb = validateNpsCounts('b', b);
  const method = validateNpsMethod(options.method);
  const level = validateLevel(options.level);
  const ea = npsEstimate(ca, method);
  const eb = npsEstimate(cb, method);
  const se = Math.sqrt(ea.variance + eb.variance);
  const centre = ea.center - eb.center;
  const half = zCritical(level) * se;
  const z = se > 0 ? centre / se : centre === 0 ? 0 : Math.sign(centre) * Infinity;
  return {
    difference: (100 * (ca.promoters - ca.detractors)) / ca.n - (100 * (cb.promoters - cb.detractors)) / cb.n,
    standardError: 100 * se,
    ci: [Math.max(-200, 100 * (centre - half)), Math.min(200, 100 * (centre + half))],
    z,
    pValue: se > 0 ? twoSidedNormalP(z) : centre === 0 ? 1 : 0,
    method,
    level,
  };
}

import { zCritical } from './distributions.ts';
import { validateCount, validateLevel } from './validate.ts';

export type NpsMethod = 'wald' | 'adjusted-wald';

/** Answer counts of the 0–10 likelihood-to-recommend question: promoters 9–10, passives 7–8, detractors 0–6. */
export interface NpsCounts {
  promoters: number;
  passives: number;
  detractors: number;
}

export interface NpsOptions {
  /** Interval method; default 'adjusted-wald' (Rocks 2016 found it the best-covering simple interval). */
  method?: NpsMethod;
  /** Confidence level, default 0.95. */
  level?: number;
}

export interface NpsResult {
  /** Net Promoter Score in points, −100…100: 100·(promoters − detractors)/n, always the unadjusted value. */
  score: number;
  n: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** Standard error of the score in points (for 'adjusted-wald', of the adjusted estimate). */
  standardError: number;
  /** Two-sided confidence interval in points, clipped to [−100, 100]. */
  ci: [number, number];
  method: NpsMethod;
  level: number;
}

/** Point estimate and variance (proportion scale, −1…1) of the NPS under one interval method. */
export interface NpsEstimate {
  /** The centre of the interval: raw NPS for 'wald', the adjusted NPS for 'adjusted-wald' (−1…1). */
  center: number;
  /** Var(centre) = (p + d − (p − d)²)/n on the −1…1 scale (with the adjusted p, d, n for 'adjusted-wald'). */
  variance: number;
}

export function validateNpsCounts(name: string, counts: unknown): NpsCounts & { n: number } {
  if (typeof counts !== 'object' || counts === null) throw new RangeError(`${name}: expected { promoters, passives, detractors }`);
  const c = counts as Record<string, unknown>;
  const promoters = validateCount(`${name}.promoters`, c.promoters);
  const passives = validateCount(`${name}.passives`, c.passives);
  const detractors = validateCount(`${name}.detractors`, c.detractors);
  const n = promoters + passives + detractors;
  if (n === 0) throw new RangeError(`${name}: has no answers (promoters + passives + detractors = 0); the NPS is undefined`);
  return { promoters, passives, detractors, n };
}

export function validateNpsMethod(method: unknown, name = 'options.method'): NpsMethod {
  if (method === undefined) return 'adjusted-wald';
  if (method !== 'wald' && method !== 'adjusted-wald') {
    throw new RangeError(`${name}: expected 'wald' or 'adjusted-wald', got ${JSON.stringify(method)}`);
  }
  return method;
}

/**
 * The NPS centre and variance for an interval method (proportion scale).
 *
 * Wald: p = P/n, d = D/n, NPS = p − d, Var = (p + d − (p − d)²)/n — the variance of the mean of a
 * trinomial score (+1 promoter, 0 passive, −1 detractor).
 * Adjusted Wald: the same with ñ = n + 3, p̃ = (P + ¾)/ñ, d̃ = (D + ¾)/ñ (three pseudo-answers, ¾ of
 * one added to promoters and to detractors and 1½ to passives).
 * Reference: B. Rocks (2016), "Interval Estimation for the 'Net Promoter Score'", The American
 * Statistician 70(4):365–372, doi:10.1080/00031305.2016.1158124.
 */
export function npsEstimate(counts: NpsCounts, method: NpsMethod): NpsEstimate {
  const n = counts.promoters + counts.passives + counts.detractors;
  const add = method === 'adjusted-wald' ? 0.75 : 0;
  const nAdj = method === 'adjusted-wald' ? n + 3 : n;
  const p = (counts.promoters + add) / nAdj;
  const d = (counts.detractors + add) / nAdj;
  const center = p - d;
  // p + d − (p − d)² ≥ 0 mathematically; clamp the rounding residue at the extremes (p = 1 or d = 1).
  const variance = Math.max(0, p + d - center * center) / nAdj;
  return { center, variance };
}

/**
 * Net Promoter Score from answer counts, with its standard error and confidence interval.
 *
 * Definition: NPS = 100·(P − D)/n points, P promoters (9–10), D detractors (0–6), n all answers
 * (Reichheld 2003, "The One Number You Need to Grow", Harvard Business Review 81(12):46–54).
 * Interval: centre ± z_{1−α/2}·SE with the Wald or adjusted-Wald centre and variance of
 * {@link npsEstimate} (Rocks 2016, The American Statistician 70(4):365–372), in points, clipped to
 * the possible range [−100, 100]. With 'adjusted-wald' the interval is centred on the adjusted
 * estimate, so for very small n with extreme answers it may not contain the raw `score`.
 * Units: points (−100…100). Throws RangeError for negative or non-integer counts, or n = 0.
 */
export function npsFromCounts(counts: NpsCounts, options: NpsOptions = {}): NpsResult {
  const c = validateNpsCounts('counts', counts);
  const method = validateNpsMethod(options.method);
  const level = validateLevel(options.level);
  const { center, variance } = npsEstimate(c, method);
  const se = Math.sqrt(variance);
  const half = zCritical(level) * se;
  return {
    score: (100 * (c.promoters - c.detractors)) / c.n,
    n: c.n,
    promoters: c.promoters,
    passives: c.passives,
    detractors: c.detractors,
    standardError: 100 * se,
    ci: [Math.max(-100, 100 * (center - half)), Math.min(100, 100 * (center + half))],
    method,
    level,
  };
}

import { describe } from './validate.ts';

export const SERVQUAL_DIMENSIONS = ['tangibles', 'reliability', 'responsiveness', 'assurance', 'empathy'] as const;
export type ServqualDimension = (typeof SERVQUAL_DIMENSIONS)[number];

/** Per dimension: one rating (already averaged) or the item ratings of that dimension. */
export type ServqualRatings = Partial<Record<ServqualDimension, number | readonly number[]>>;

export interface ServqualDimensionGap {
  dimension: ServqualDimension;
  /** Mean expectation rating of the dimension's items. */
  expectation: number;
  /** Mean perception rating of the dimension's items. */
  perception: number;
  /** perception − expectation: negative = service falls short of expectations. */
  gap: number;
  /** Normalised importance weight (weights sum to 1 over the dimensions given). */
  weight: number;
}

export interface ServqualResult {
  dimensions: ServqualDimensionGap[];
  /** Mean of the dimension gaps (unweighted SERVQUAL score). */
  unweightedGap: number;
  /** Σ weight·gap with the normalised weights (equals unweightedGap without weights). */
  weightedGap: number;
}

function meanOf(name: string, value: unknown): { mean: number; items: number } {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`${name}: expected a finite rating, got ${describe(value)}`);
    return { mean: value, items: 1 };
  }
  if (!Array.isArray(value) || value.length === 0) throw new RangeError(`${name}: expected a rating or a non-empty array of item ratings, got ${describe(value)}`);
  let sum = 0;
  value.forEach((v: unknown, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`${name}[${i}]: expected a finite rating, got ${describe(v)}`);
    sum += v;
  });
  return { mean: sum / value.length, items: value.length };
}

/**
 * SERVQUAL gap scores per dimension and overall.
 *
 * Definition: for each of the five dimensions (tangibles, reliability, responsiveness, assurance,
 * empathy) gap = mean perception − mean expectation over the dimension's items (when item arrays are
 * given they must have the same length: each perception item is paired with its expectation item).
 * Unweighted score = mean of the dimension gaps; weighted score = Σ wᵢ·gapᵢ / Σ wᵢ, where the weights are
 * the importance points customers allocate to the dimensions (100 points in the original instrument).
 * Reference: A. Parasuraman, V. A. Zeithaml & L. L. Berry (1988), "SERVQUAL: A multiple-item scale for
 * measuring consumer perceptions of service quality", Journal of Retailing 64(1):12–40; weighting as in
 * Zeithaml, Parasuraman & Berry (1990), Delivering Quality Service, appendix A.
 * Units: rating-scale points (the same scale as the inputs). Dimensions may be omitted, but must be the
 * same in expectations and perceptions; RangeError otherwise.
 */
export function servqualGaps(
  expectations: ServqualRatings,
  perceptions: ServqualRatings,
  weights?: Partial<Record<ServqualDimension, number>>,
): ServqualResult {
  if (typeof expectations !== 'object' || expectations === null) throw new RangeError('expectations: expected ratings per dimension');
  if (typeof perceptions !== 'object' || perceptions === null) throw new RangeError('perceptions: expected ratings per dimension');
  for (const source of [
    ['expectations', expectations],
    ['perceptions', perceptions],
    ['weights', weights ?? {}],
  ] as const) {
    for (const key of Object.keys(source[1])) {
      if (!(SERVQUAL_DIMENSIONS as readonly string[]).includes(key)) {
        throw new RangeError(`${source[0]}.${key}: not a SERVQUAL dimension (one of ${SERVQUAL_DIMENSIONS.join(', ')})`);
      }
    }
  }
  const present = SERVQUAL_DIMENSIONS.filter((d) => expectations[d] !== undefined || perceptions[d] !== undefined);
  if (present.length === 0) throw new RangeError('expectations: no dimension given');
  const raw: { dimension: ServqualDimension; expectation: number; perception: number; weight: number }[] = [];
  for (const d of present) {
    if (expectations[d] === undefined) throw new RangeError(`expectations.${d}: missing, but perceptions.${d} is given`);
    if (perceptions[d] === undefined) throw new RangeError(`perceptions.${d}: missing, but expectations.${d} is given`);
    const e = meanOf(`expectations.${d}`, expectations[d]);
    const p = meanOf(`perceptions.${d}`, perceptions[d]);
    if (Array.isArray(expectations[d]) && Array.isArray(perceptions[d]) && e.items !== p.items) {
      throw new RangeError(`perceptions.${d}: has ${p.items} items but expectations.${d} has ${e.items} (mismatched lengths)`);
    }
    let weight = 1;
    if (weights !== undefined) {
      const w: unknown = weights[d];
      if (w === undefined) throw new RangeError(`weights.${d}: missing; give a weight for every dimension rated`);
      if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) throw new RangeError(`weights.${d}: expected a non-negative number, got ${describe(w)}`);
      weight = w;
    }
    raw.push({ dimension: d, expectation: e.mean, perception: p.mean, weight });
  }
  const totalWeight = raw.reduce((s, r) => s + r.weight, 0);
  if (totalWeight <= 0) throw new RangeError('weights: all zero; at least one dimension needs a positive weight');
  const dimensions = raw.map((r) => ({ ...r, gap: r.perception - r.expectation, weight: r.weight / totalWeight }));
  return {
    dimensions,
    unweightedGap: dimensions.reduce((s, r) => s + r.gap, 0) / dimensions.length,
    weightedGap: dimensions.reduce((s, r) => s + r.weight * r.gap, 0),
  };
}

import { crossProducts, type DataRows } from './correlation-matrix.ts';
import { assertEnoughRows, assertNotCollinear } from './linear-regression.ts';
import { relativeWeightsFromCorrelation } from './relative-weights.ts';
import { seededRandom } from './seeded-random.ts';
import { describe, validateLevel } from './validate.ts';

export interface BootstrapRelativeWeightsOptions {
  /** Number of bootstrap resamples (default 1000, 100…100,000). */
  resamples?: number;
  /** Confidence level of the percentile intervals (default 0.95). */
  level?: number;
  /** Seed of the resampling PRNG: the same seed and data give the same intervals (default 1). */
  seed?: number;
  /**
   * Rows drawn per resample (default: all n). Below n the intervals come from an m-out-of-n bootstrap,
   * rescaled by √(m/n) around the full-sample estimate — the cost of a resample is then bounded.
   */
  maxRows?: number;
}

export interface BootstrapPredictor {
  /** Raw relative weight ε_j of the full sample. */
  weight: number;
  /** ε_j as percent of R² (full sample). */
  rescaled: number;
  /** Percentile interval of ε_j, clipped at 0. */
  ci: [number, number];
  /** Percentile interval of the percent of R², clipped to [0, 100]. */
  rescaledCi: [number, number];
}

export interface BootstrapDifference {
  /** Predictor indices, a < b. */
  a: number;
  b: number;
  /** ε_a − ε_b of the full sample. */
  difference: number;
  /** Percentile interval of ε_a − ε_b. */
  ci: [number, number];
  /** The interval excludes 0: the two weights differ at the chosen level. */
  significant: boolean;
}

export interface BootstrapRelativeWeightsResult {
  rSquared: number;
  rSquaredCi: [number, number];
  weights: number[];
  rescaled: number[];
  predictors: BootstrapPredictor[];
  /** Every pair a < b, ordered by a then b. */
  differences: BootstrapDifference[];
  level: number;
  n: number;
  /** Rows drawn per resample (n unless `maxRows` cut it). */
  rowsPerResample: number;
  /** Resamples asked for / used (a resample whose predictors are constant or collinear is skipped). */
  resamples: number;
  used: number;
}

/**
 * Bootstrap confidence intervals for Johnson's relative weights, and for the differences between them.
 *
 * Definition: draw B resamples of the rows (observations) with replacement — each row of X together
 * with its y —, compute the relative weights ε*_j (see `relativeWeights`) on each, and take the
 * percentile interval [q_{α/2}, q_{1−α/2}] of the B values of ε*_j, of 100·ε*_j/R²*, of R²* and of
 * every difference ε*_a − ε*_b (quantiles of type 7, like R's default). Two weights are called
 * different when the interval of their difference excludes 0. This is the procedure proposed for
 * relative weights by S. Tonidandel, J. M. LeBreton & J. W. Johnson (2009), "Determining the
 * statistical significance of relative weights", Psychological Methods 14(4):387–399; the weights are
 * those of J. W. Johnson (2000), Multivariate Behavioral Research 35(1):1–19; percentile intervals:
 * B. Efron & R. J. Tibshirani (1993), An Introduction to the Bootstrap, ch. 13.
 *
 * With `maxRows` = m < n, each resample draws m rows (the m-out-of-n bootstrap) and each quantile q is
 * mapped to θ̂ + √(m/n)·(q − θ̂), θ̂ the full-sample value: for a smooth statistic √m(θ*_m − θ̂) has the
 * same limit as √n(θ̂ − θ) (P. J. Bickel, F. Götze & W. R. van Zwet 1997, "Resampling fewer than n
 * observations", Statistica Sinica 7:1–31). Weights are bounded at 0, so a weight near 0 (a predictor
 * that is noise) gets an interval from (about) 0 that may lie above the point estimate: bootstrap
 * weights of noise are biased upwards.
 *
 * Deterministic: resampling uses its own seeded PRNG (mulberry32), never Math.random.
 * RangeError for the inputs `relativeWeights` refuses, for bad options, and when fewer than half of
 * the resamples could be used (almost constant or collinear predictors).
 */
export function bootstrapRelativeWeights(X: DataRows, y: readonly number[], options: BootstrapRelativeWeightsOptions = {}): BootstrapRelativeWeightsResult {
  const level = validateLevel(options.level);
  const resamples = options.resamples ?? 1000;
  if (!Number.isInteger(resamples) || resamples < 100 || resamples > 100_000) {
    throw new RangeError(`options.resamples: a whole number from 100 to 100000, got ${describe(options.resamples)}`);
  }
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw new RangeError(`options.seed: a whole number, got ${describe(options.seed)}`);

  // The full-sample weights; this also validates X and y (and refuses collinear predictors).
  const full = crossProducts(X, y);
  const { n, k } = full;
  const p = k - 1;
  assertEnoughRows(n, p);
  assertNotCollinear(full.correlation, k, p);
  const point = relativeWeightsFromCorrelation(full.correlation, k);

  let m = n;
  if (options.maxRows !== undefined) {
    if (!Number.isInteger(options.maxRows) || options.maxRows < p + 2) {
      throw new RangeError(`options.maxRows: a whole number of at least predictors + 2 = ${p + 2}, got ${describe(options.maxRows)}`);
    }
    m = Math.min(n, options.maxRows);
  }

  // The data once as one flat array (X columns, then y), read by every resample.
  const rows = Array.isArray(X) ? (X as readonly (readonly number[])[]) : (X as { to2DArray(): number[][] }).to2DArray();
  const data = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    for (let j = 0; j < p; j++) data[i * k + j] = row[j]!;
    data[i * k + p] = y[i]!;
  }

  const pairs = (p * (p - 1)) / 2;
  const weightDraws = Array.from({ length: p }, () => new Float64Array(resamples));
  const shareDraws = Array.from({ length: p }, () => new Float64Array(resamples));
  const differenceDraws = Array.from({ length: pairs }, () => new Float64Array(resamples));
  const r2Draws = new Float64Array(resamples);
  const random = seededRandom(seed);
  const counts = new Uint32Array(n);
  const means = new Float64Array(k);
  const centred = new Float64Array(k);
  const sscp = new Float64Array(k * k);
  const correlation = new Float64Array(k * k);
  let used = 0;
  for (let r = 0; r < resamples; r++) {
    counts.fill(0);
    for (let t = 0; t < m; t++) counts[Math.floor(random() * n)]!++;
    means.fill(0);
    for (let i = 0; i < n; i++) {
      const c = counts[i]!;
      if (c === 0) continue;
      for (let j = 0; j < k; j++) means[j]! += c * data[i * k + j]!;
    }
    for (let j = 0; j < k; j++) means[j]! /= m;
    sscp.fill(0);
    for (let i = 0; i < n; i++) {
      const c = counts[i]!;
      if (c === 0) continue;
      for (let j = 0; j < k; j++) centred[j] = data[i * k + j]! - means[j]!;
      for (let a = 0; a < k; a++) {
        const ca = c * centred[a]!;
        if (ca === 0) continue;
        const offset = a * k;
        for (let b = a; b < k; b++) sscp[offset + b]! += ca * centred[b]!;
      }
    }
    let usable = true;
    for (let a = 0; a < k && usable; a++) {
      const scale = Math.max(1, means[a]! * means[a]!) * m;
      if (!(sscp[a * k + a]! > 1e-24 * scale)) usable = false;
    }
    if (!usable) continue; // a column that happens to be constant in this resample
    for (let a = 0; a < k; a++) {
      for (let b = a; b < k; b++) {
        const value = a === b ? 1 : sscp[a * k + b]! / Math.sqrt(sscp[a * k + a]! * sscp[b * k + b]!);
        correlation[a * k + b] = value;
        correlation[b * k + a] = value;
      }
    }
    try {
      assertNotCollinear(correlation, k, p);
    } catch {
      continue;
    }
    const draw = relativeWeightsFromCorrelation(correlation, k);
    r2Draws[used] = draw.rSquared;
    for (let j = 0; j < p; j++) {
      weightDraws[j]![used] = draw.weights[j]!;
      shareDraws[j]![used] = draw.rescaled[j]!;
    }
    let pair = 0;
    for (let a = 0; a < p; a++) for (let b = a + 1; b < p; b++) differenceDraws[pair++]![used] = draw.weights[a]! - draw.weights[b]!;
    used++;
  }
  if (used < resamples / 2) {
    throw new RangeError(`X: only ${used} of ${resamples} resamples had non-constant, non-collinear predictors; too little variation for a bootstrap`);
  }

  const shrink = Math.sqrt(m / n);
  const alpha = 1 - level;
  const interval = (draws: Float64Array, estimate: number, low = -Infinity, high = Infinity): [number, number] => {
    const sorted = draws.slice(0, used).sort();
    const map = (q: number) => Math.min(high, Math.max(low, estimate + shrink * (quantile(sorted, q) - estimate)));
    return [map(alpha / 2), map(1 - alpha / 2)];
  };
  const predictors = point.weights.map((weight, j) => ({
    weight,
    rescaled: point.rescaled[j]!,
    ci: interval(weightDraws[j]!, weight, 0),
    rescaledCi: interval(shareDraws[j]!, point.rescaled[j]!, 0, 100),
  }));
  const differences: BootstrapDifference[] = [];
  let pair = 0;
  for (let a = 0; a < p; a++) {
    for (let b = a + 1; b < p; b++) {
      const difference = point.weights[a]! - point.weights[b]!;
      const ci = interval(differenceDraws[pair++]!, difference);
      differences.push({ a, b, difference, ci, significant: ci[0] > 0 || ci[1] < 0 });
    }
  }
  return {
    rSquared: point.rSquared,
    rSquaredCi: interval(r2Draws, point.rSquared, 0, 1),
    weights: point.weights,
    rescaled: point.rescaled,
    predictors,
    differences,
    level,
    n,
    rowsPerResample: m,
    resamples,
    used,
  };
}

/** Quantile of type 7 (R's default): linear interpolation between order statistics of sorted values. */
function quantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** The entry of `differences` for predictors a and b (in either order); `difference` is then ε_a − ε_b. */
export function weightDifference(result: BootstrapRelativeWeightsResult, a: number, b: number): BootstrapDifference {
  if (a === b) throw new RangeError(`b: must differ from a (${a})`);
  const [low, high] = a < b ? [a, b] : [b, a];
  const found = result.differences.find((d) => d.a === low && d.b === high);
  if (!found) throw new RangeError(`a: no predictor pair (${a}, ${b})`);
  if (a < b) return found;
  return { a, b, difference: -found.difference, ci: [-found.ci[1], -found.ci[0]], significant: found.significant };
}

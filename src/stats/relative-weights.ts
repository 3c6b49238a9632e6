import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { crossProducts, type DataRows } from './correlation-matrix.ts';
import { assertEnoughRows, assertNotCollinear } from './linear-regression.ts';

export interface RelativeWeightsResult {
  /** R² of the full OLS model y ~ X (with intercept). */
  rSquared: number;
  /** Raw relative weights ε_j ≥ 0; they sum to R². */
  weights: number[];
  /** Weights as percent of R² (sum 100), like the "Rescaled.RelWeight" of R's rwa package. */
  rescaled: number[];
}

/**
 * Johnson's relative weights: each predictor's share of R², accounting for correlated predictors.
 *
 * Definition: with R_xx = VΛVᵀ the predictors' correlation matrix and r_xy their correlations with y,
 * Λ_xz = VΛ^{½}Vᵀ (the correlations of X with its closest orthonormal approximation Z), β = Λ_xz⁻¹ r_xy
 * (standardised regression of y on Z); the weight of predictor j is ε_j = Σ_k (Λ_xz)_jk² β_k².
 * The weights are non-negative and Σε_j = Σβ_k² = R².
 * References: J. W. Johnson (2000), "A heuristic method for estimating the relative weight of predictor
 * variables in multiple regression", Multivariate Behavioral Research 35(1):1–19; S. Tonidandel &
 * J. M. LeBreton (2011), "Relative importance analysis: a useful supplement to regression analysis",
 * Journal of Business and Psychology 26:1–9. X is rows (observations) × predictors.
 * RangeError for empty/ragged/NaN input, mismatched lengths, constant columns, too few rows
 * (fewer than predictors + 2), or collinear predictors (singular correlation matrix).
 */
export function relativeWeights(X: DataRows, y: readonly number[]): RelativeWeightsResult {
  const { n, k, correlation } = crossProducts(X, y);
  assertEnoughRows(n, k - 1);
  assertNotCollinear(correlation, k, k - 1);
  return relativeWeightsFromCorrelation(correlation, k);
}

/**
 * The same weights from the k×k correlation matrix (row-major) of the p = k − 1 predictors and, last,
 * y — for callers that already checked it (the bootstrap re-uses it on every resample).
 */
export function relativeWeightsFromCorrelation(correlation: Float64Array, k: number): RelativeWeightsResult {
  const p = k - 1;
  const rxx = new Matrix(p, p);
  const rxy = new Array<number>(p);
  for (let a = 0; a < p; a++) {
    rxy[a] = correlation[a * k + p]!;
    for (let b = 0; b < p; b++) rxx.set(a, b, correlation[a * k + b]!);
  }
  const evd = new EigenvalueDecomposition(rxx, { assumeSymmetric: true });
  // Plain arrays: ml-matrix's get() is slow in the p³ loop below (the bootstrap runs it per resample).
  const vectors = Float64Array.from(evd.eigenvectorMatrix.to1DArray());
  const roots = Float64Array.from(evd.realEigenvalues, (value) => Math.sqrt(value));
  // Λ_xz = V diag(√λ) Vᵀ and Λ_xz⁻¹ r = V diag(1/√λ) Vᵀ r.
  const lambda = new Float64Array(p * p);
  const vtr = new Float64Array(p);
  for (let c = 0; c < p; c++) {
    let s = 0;
    for (let a = 0; a < p; a++) s += vectors[a * p + c]! * rxy[a]!;
    vtr[c] = s / roots[c]!;
  }
  const beta = new Float64Array(p);
  const scaled = new Float64Array(p);
  for (let a = 0; a < p; a++) {
    let s = 0;
    for (let c = 0; c < p; c++) {
      s += vectors[a * p + c]! * vtr[c]!;
      scaled[c] = vectors[a * p + c]! * roots[c]!;
    }
    beta[a] = s;
    for (let b = a; b < p; b++) {
      let m = 0;
      for (let c = 0; c < p; c++) m += scaled[c]! * vectors[b * p + c]!;
      lambda[a * p + b] = m;
      lambda[b * p + a] = m;
    }
  }
  const weights = new Array<number>(p).fill(0);
  for (let j = 0; j < p; j++) {
    for (let c = 0; c < p; c++) weights[j]! += lambda[j * p + c]! ** 2 * beta[c]! ** 2;
  }
  const rSquared = beta.reduce((s, b) => s + b * b, 0);
  return {
    rSquared,
    weights,
    rescaled: weights.map((w) => (rSquared > 0 ? (100 * w) / rSquared : 0)),
  };
}

import { asRows, crossProducts, type DataRows } from './correlation-matrix.ts';
import { assertEnoughRows, assertNotCollinear } from './linear-regression.ts';

/** Largest number of predictors for the exact decomposition (2^15 = 32,768 sub-models). */
export const SHAPLEY_MAX_PREDICTORS = 15;

export interface ShapleyR2Result {
  /** R² of the full OLS model y ~ X (with intercept). */
  rSquared: number;
  /** LMG / Shapley shares of R², one per predictor; they sum to R² and are non-negative. */
  shares: number[];
  /** Shares as percent of R² (sum 100), like relaimpo's rela = TRUE (×100). */
  rescaled: number[];
}

/**
 * R² of every subset of predictors, indexed by bit mask (bit j = predictor j), from the (p+1)×(p+1)
 * correlation matrix with y last. Depth-first over subsets in increasing index order; adding
 * predictor j to a subset S is one Gauss–Jordan sweep on j of the matrix already swept on S
 * (Goodnight 1979, "A tutorial on the SWEEP operator", The American Statistician 33(3):149–158): after
 * sweeping S, the y–y element is the residual variance 1 − R²(S). Only rows/columns of predictors
 * after j and of y are kept, so the whole enumeration costs O(2^p·p²) flops and p+1 small buffers.
 */
export function allSubsetRSquared(correlation: Float64Array, k: number): Float64Array {
  const p = k - 1;
  const r2 = new Float64Array(1 << p);
  // buffers[d] holds the conditional correlation matrix after d sweeps (full k×k layout for simplicity).
  const buffers = Array.from({ length: p + 1 }, () => new Float64Array(k * k));
  buffers[0]!.set(correlation);
  const visit = (depth: number, mask: number, start: number): void => {
    const a = buffers[depth]!;
    const next = buffers[depth + 1];
    for (let j = start; j < p; j++) {
      const pivot = a[j * k + j]!;
      // Schur complement on the variables that can still be used: predictors j+1…p−1 and y (index p).
      const b = next!;
      const rowJ = j * k;
      for (let u = j + 1; u <= p; u++) {
        const factor = a[u * k + j]! / pivot;
        const rowU = u * k;
        for (let v = u; v <= p; v++) {
          const value = a[rowU + v]! - factor * a[rowJ + v]!;
          b[rowU + v] = value;
          b[v * k + u] = value;
        }
      }
      const subset = mask | (1 << j);
      r2[subset] = 1 - b[p * k + p]!;
      if (j + 1 < p) visit(depth + 1, subset, j + 1);
    }
  };
  if (p > 0) visit(0, 0, 0);
  return r2;
}

/**
 * Exact LMG decomposition of R² (the Shapley value of the R² "game").
 *
 * Definition: share_j = Σ_{S ⊆ P∖{j}} |S|!(p − |S| − 1)!/p! · [R²(S ∪ {j}) − R²(S)], i.e. the increase
 * in R² when x_j enters, averaged over all p! orders of entry. The shares sum to R² and are ≥ 0.
 * References: R. H. Lindeman, P. F. Merenda & R. Z. Gold (1980), Introduction to Bivariate and
 * Multivariate Analysis, p. 119ff; U. Grömping (2006), "Relative importance for linear regression in R:
 * the package relaimpo", Journal of Statistical Software 17(1) (metric "lmg"); L. S. Shapley (1953),
 * "A value for n-person games". The R² of all 2^p sub-models come from the correlation matrix by
 * sweeps ({@link allSubsetRSquared}); exact up to {@link SHAPLEY_MAX_PREDICTORS} predictors.
 * X is rows (observations) × predictors. RangeError for more than 15 predictors, empty/ragged/NaN
 * input, mismatched lengths, constant columns, too few rows, or collinear predictors.
 */
export function shapleyR2(X: DataRows, y: readonly number[]): ShapleyR2Result {
  const asArray = asRows(X);
  const first = Array.isArray(asArray) && Array.isArray(asArray[0]) ? asArray[0].length : 0;
  if (first > SHAPLEY_MAX_PREDICTORS) {
    throw new RangeError(
      `X: ${first} predictors; the exact Shapley/LMG decomposition is limited to ${SHAPLEY_MAX_PREDICTORS} (2^${first} sub-models) — use relativeWeights for more`,
    );
  }
  const { n, k, correlation } = crossProducts(X, y);
  const p = k - 1;
  assertEnoughRows(n, p);
  assertNotCollinear(correlation, k, p);
  const r2 = allSubsetRSquared(correlation, k);
  const full = (1 << p) - 1;
  // weight[s] = s!(p−s−1)!/p! for a subset of size s not containing j.
  const weight = new Float64Array(p);
  for (let s = 0; s < p; s++) {
    let w = 1 / p;
    // s!(p−s−1)!/p! = 1 / (p · C(p−1, s))
    let binomial = 1;
    for (let i = 1; i <= s; i++) binomial = (binomial * (p - 1 - s + i)) / i;
    w /= binomial;
    weight[s] = w;
  }
  const size = new Uint8Array(1 << p);
  for (let mask = 1; mask <= full; mask++) size[mask] = size[mask >> 1]! + (mask & 1);
  const shares = new Array<number>(p).fill(0);
  for (let mask = 0; mask <= full; mask++) {
    const base = r2[mask]!;
    const w = weight[size[mask]!];
    for (let j = 0; j < p; j++) {
      const bit = 1 << j;
      if (mask & bit) continue;
      shares[j]! += w! * (r2[mask | bit]! - base);
    }
  }
  const rSquared = r2[full]!;
  return { rSquared, shares, rescaled: shares.map((s) => (rSquared > 0 ? (100 * s) / rSquared : 0)) };
}

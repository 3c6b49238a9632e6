import { cholesky, choleskyInverse, choleskySolve } from './cholesky.ts';
import { asRows, crossProducts, type DataRows } from './correlation-matrix.ts';
import { fUpperTail, tCritical, twoSidedTP } from './distributions.ts';
import { validateLevel } from './validate.ts';

export interface LinearRegressionResult {
  n: number;
  /** [intercept, b₁, …, b_p]. */
  coefficients: number[];
  /** Standard errors of the coefficients, same order. */
  standardErrors: number[];
  /** t = coefficient / standard error. */
  tValues: number[];
  /** Two-sided p-values of the t tests (df = n − p − 1). */
  pValues: number[];
  /** Confidence intervals of the coefficients (coefficient ± t_{df}·SE). */
  ci: [number, number][];
  /** Standardised coefficients β_j = b_j·s_xj/s_y (intercept excluded). */
  standardizedCoefficients: number[];
  rSquared: number;
  adjustedRSquared: number;
  /** Residual standard error √(RSS/df). */
  residualStandardError: number;
  /** Residual degrees of freedom n − p − 1. */
  df: number;
  /** Overall F = (R²/p)/((1 − R²)/df) and its p-value. */
  fStatistic: number;
  fPValue: number;
  level: number;
}

/** RangeError unless the predictors' correlation matrix is positive definite; names the collinear column. */
export function assertNotCollinear(correlation: Float64Array, k: number, p: number, name = 'X'): Float64Array {
  const rxx = new Float64Array(p * p);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) rxx[a * p + b] = correlation[a * k + b]!;
  const factor = cholesky(rxx, p, 1e-10);
  if (!factor.ok) {
    throw new RangeError(
      `${name}: the predictors are collinear — column ${factor.column} is (almost) a linear combination of columns before it; the correlation matrix is singular`,
    );
  }
  return factor.l;
}

export function assertEnoughRows(n: number, p: number, name = 'X'): void {
  if (n < p + 2) throw new RangeError(`${name}: ${n} rows for ${p} predictors; at least predictors + 2 = ${p + 2} rows are needed`);
}

/**
 * Ordinary least squares y = b₀ + Σ b_j x_j + ε with an intercept.
 *
 * Definition: b = S_xx⁻¹ s_xy on centred data, b₀ = ȳ − x̄ᵀb; σ̂² = RSS/(n − p − 1);
 * Var(b) = σ̂² S_xx⁻¹; Var(b₀) = σ̂²(1/n + x̄ᵀ S_xx⁻¹ x̄); R² = 1 − RSS/TSS; adjusted R² =
 * 1 − (1 − R²)(n − 1)/(n − p − 1). Reference: Weisberg (2014), Applied Linear Regression, 4th ed.,
 * ch. 3. Same numbers as R's summary(lm(y ~ X)). X is rows (observations) × predictors.
 * RangeError for empty/ragged/NaN input, mismatched lengths, constant columns, too few rows, or
 * collinear predictors (singular matrix).
 */
export function linearRegression(X: DataRows, y: readonly number[], options: { level?: number } = {}): LinearRegressionResult {
  const level = validateLevel(options.level);
  const cp = crossProducts(X, y);
  const rows = asRows(X);
  const { n, k, means, sscp, correlation } = cp;
  const p = k - 1;
  assertEnoughRows(n, p);
  const rl = assertNotCollinear(correlation, k, p);
  const sd = Array.from({ length: k }, (_, a) => Math.sqrt(sscp[a * k + a]!));
  // Solve in the correlation metric (well scaled), then convert back.
  const rxy = Array.from({ length: p }, (_, a) => correlation[a * k + p]!);
  const beta = choleskySolve(rl, p, rxy);
  const rinv = choleskyInverse(rl, p);
  const coefficients = new Array<number>(p + 1);
  let intercept = means[p]!;
  for (let j = 0; j < p; j++) {
    const b = (beta[j]! * sd[p]!) / sd[j]!;
    coefficients[j + 1] = b;
    intercept -= b * means[j]!;
  }
  coefficients[0] = intercept;
  let rss = 0;
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    let fitted = intercept;
    for (let j = 0; j < p; j++) fitted += coefficients[j + 1]! * row[j]!;
    rss += (y[i]! - fitted) ** 2;
  }
  const tss = sscp[p * k + p]!;
  const df = n - p - 1;
  const sigma2 = rss / df;
  const rSquared = Math.min(1, Math.max(0, 1 - rss / tss));
  // Var(b_j) = σ̂² (S_xx⁻¹)_jj with S_xx⁻¹ = D⁻¹ R⁻¹ D⁻¹ (D = diag of √SS_j).
  const standardErrors = new Array<number>(p + 1);
  let interceptVariance = 1 / n;
  for (let a = 0; a < p; a++) {
    standardErrors[a + 1] = Math.sqrt((sigma2 * rinv[a * p + a]!) / (sd[a]! * sd[a]!));
    for (let b = 0; b < p; b++) interceptVariance += (means[a]! * means[b]! * rinv[a * p + b]!) / (sd[a]! * sd[b]!);
  }
  standardErrors[0] = Math.sqrt(sigma2 * interceptVariance);
  const tValues = coefficients.map((b, j) => b / standardErrors[j]!);
  const critical = tCritical(level, df);
  const fStatistic = rSquared / p / ((1 - rSquared) / df);
  return {
    n,
    coefficients,
    standardErrors,
    tValues,
    pValues: tValues.map((t) => twoSidedTP(t, df)),
    ci: coefficients.map((b, j) => [b - critical * standardErrors[j]!, b + critical * standardErrors[j]!] as [number, number]),
    standardizedCoefficients: Array.from(beta),
    rSquared,
    adjustedRSquared: 1 - ((1 - rSquared) * (n - 1)) / df,
    residualStandardError: Math.sqrt(sigma2),
    df,
    fStatistic,
    fPValue: fUpperTail(fStatistic, p, df),
    level,
  };
}

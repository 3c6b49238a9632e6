import { validateMatrix, validateNumberArray } from './validate.ts';

/** A data matrix: rows (observations) of columns (variables), as nested arrays or an ml-matrix Matrix. */
export type DataRows = readonly (readonly number[])[] | { to2DArray(): number[][] };

/** Column means, centred cross-products and correlations of predictors X (rows × p) and, last, y. */
export interface CrossProducts {
  n: number;
  /** Number of variables: p predictors, plus 1 when y was given (y is the last variable). */
  k: number;
  means: Float64Array;
  /** Centred sums of squares and cross-products, row-major k×k. */
  sscp: Float64Array;
  /** Pearson correlations, row-major k×k. */
  correlation: Float64Array;
}

/**
 * Centred cross-products and Pearson correlations of the columns of X and (optionally, as the last
 * variable) y, by the two-pass algorithm (means first, then centred products) for accuracy.
 * RangeError for empty or ragged input, NaN/±∞, mismatched lengths, or a column without variance.
 */
export function crossProducts(input: DataRows, y?: readonly number[], names = { X: 'X', y: 'y' }): CrossProducts {
  // An ml-matrix Matrix (or anything with to2DArray) is accepted as well as nested arrays.
  const X = asRows(input);
  const { rows: n, columns: p } = validateMatrix(names.X, X);
  if (y !== undefined) {
    validateNumberArray(names.y, y);
    if (y.length !== n) throw new RangeError(`${names.y}: has ${y.length} values but ${names.X} has ${n} rows (mismatched lengths)`);
  }
  const k = y === undefined ? p : p + 1;
  const means = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const row = X[i]!;
    for (let j = 0; j < p; j++) means[j]! += row[j]!;
    if (y !== undefined) means[p]! += y[i]!;
  }
  for (let j = 0; j < k; j++) means[j]! /= n;
  const sscp = new Float64Array(k * k);
  const centred = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const row = X[i]!;
    for (let j = 0; j < p; j++) centred[j] = row[j]! - means[j]!;
    if (y !== undefined) centred[p] = y[i]! - means[p]!;
    for (let a = 0; a < k; a++) {
      const ca = centred[a]!;
      if (ca === 0) continue;
      const offset = a * k;
      for (let b = a; b < k; b++) sscp[offset + b]! += ca * centred[b]!;
    }
  }
  for (let a = 0; a < k; a++) for (let b = a + 1; b < k; b++) sscp[b * k + a] = sscp[a * k + b]!;
  const sd = new Float64Array(k);
  for (let a = 0; a < k; a++) {
    const ss = sscp[a * k + a]!;
    // Relative test: a column whose spread is at rounding level of its values is constant.
    const scale = Math.max(1, means[a]! * means[a]!) * n;
    if (!(ss > 1e-24 * scale) || n < 2) {
      throw new RangeError(a < p ? `${names.X}: column ${a} has no variance (all values equal); it cannot be a predictor` : `${names.y}: has no variance (all values equal)`);
    }
    sd[a] = Math.sqrt(ss);
  }
  const correlation = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) correlation[a * k + b] = a === b ? 1 : sscp[a * k + b]! / (sd[a]! * sd[b]!);
  }
  return { n, k, means, sscp, correlation };
}

export function asRows(input: unknown): readonly (readonly number[])[] {
  if (!Array.isArray(input) && typeof input === 'object' && input !== null && typeof (input as { to2DArray?: unknown }).to2DArray === 'function') {
    return (input as { to2DArray(): number[][] }).to2DArray();
  }
  return input as readonly (readonly number[])[];
}

/**
 * Pearson correlation matrix of the columns of X (rows = observations), as nested arrays.
 * r_ab = Σ(x_a − x̄_a)(x_b − x̄_b) / √(Σ(x_a − x̄_a)² Σ(x_b − x̄_b)²) (Pearson 1896, Phil. Trans. R. Soc. A 187:253–318).
 */
export function correlationMatrix(X: DataRows): number[][] {
  const { k, correlation } = crossProducts(X);
  return Array.from({ length: k }, (_, a) => Array.from(correlation.subarray(a * k, a * k + k)));
}

/**
 * Pearson correlation of two equally long samples (Pearson 1896). RangeError on mismatched lengths,
 * fewer than 2 pairs, NaN, or a sample without variance.
 */
export function pearsonCorrelation(x: readonly number[], y: readonly number[]): number {
  validateNumberArray('x', x);
  validateNumberArray('y', y);
  if (x.length !== y.length) throw new RangeError(`y: has ${y.length} values but x has ${x.length} (mismatched lengths)`);
  if (x.length < 2) throw new RangeError('x: a correlation needs at least 2 pairs');
  const { correlation } = crossProducts(
    x.map((v) => [v]),
    y,
    { X: 'x', y: 'y' },
  );
  return correlation[1]!;
}

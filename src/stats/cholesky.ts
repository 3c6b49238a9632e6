// Small dense linear algebra on row-major Float64Arrays, for the symmetric positive definite
// matrices of the regression code (internal; not part of the public API).
// Reference: G. H. Golub & C. F. Van Loan (2013), Matrix Computations, 4th ed., §4.2 (Cholesky).

/**
 * Cholesky factor L (row-major, lower triangular) of the n×n symmetric matrix A, or the index of
 * the first pivot that is not above `tolerance` (A not positive definite, e.g. collinear columns).
 * For a correlation matrix the squared pivot L_jj² is 1 − R² of column j on columns 0…j−1.
 */
export function cholesky(a: Float64Array, n: number, tolerance = 1e-10): { ok: true; l: Float64Array } | { ok: false; column: number } {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j]!;
    for (let k = 0; k < j; k++) d -= l[j * n + k]! ** 2;
    if (!(d > tolerance)) return { ok: false, column: j };
    const ljj = Math.sqrt(d);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = s / ljj;
    }
  }
  return { ok: true, l };
}

/** Solves (L·Lᵀ)x = b for x. */
export function choleskySolve(l: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * y[k]!;
    y[i] = s / l[i * n + i]!;
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * x[k]!;
    x[i] = s / l[i * n + i]!;
  }
  return x;
}

/** (L·Lᵀ)⁻¹, row-major. */
export function choleskyInverse(l: Float64Array, n: number): Float64Array {
  const inverse = new Float64Array(n * n);
  const e = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e.fill(0);
    e[j] = 1;
    const column = choleskySolve(l, n, e);
    for (let i = 0; i < n; i++) inverse[i * n + j] = column[i]!;
  }
  return inverse;
}

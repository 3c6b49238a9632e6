import fc from 'fast-check';
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { MTCARS, SWISS } from './reference-datasets.ts';
import { relativeWeights } from './relative-weights.ts';

const swissX = SWISS.map((r) => [r[2], r[3], r[4], r[5], r[6]]);
const swissY = SWISS.map((r) => r[1]);

describe('relativeWeights (Johnson 2000)', () => {
  it('matches the example documented by R’s rwa package: mtcars, mpg ~ cyl + disp + hp + gear', () => {
    // rwa README / vignette (martinctc/rwa): Raw.RelWeight 0.2284797 0.2221469 0.2321744 0.0963886,
    // Rescaled.RelWeight 29.32274 28.50999 29.79691 12.37037, rsquare 0.7791896.
    const r = relativeWeights(
      MTCARS.map((c) => [c[1], c[2], c[3], c[4]]),
      MTCARS.map((c) => c[0]),
    );
    [0.2284797, 0.2221469, 0.2321744, 0.0963886].forEach((w, j) => expect(r.weights[j]).toBeCloseTo(w, 7));
    [29.32274, 28.50999, 29.79691, 12.37037].forEach((w, j) => expect(r.rescaled[j]).toBeCloseTo(w, 5));
    expect(r.rSquared).toBeCloseTo(0.7791896, 7);
  });

  it('matches Johnson’s weights on relaimpo’s swiss example (Fertility on the five indicators)', () => {
    // As computed by the Python package relativeImp 0.0.2 on swiss (quoted to 12 decimals in a public test
    // suite); independently reproduced with NumPy (eigh of R_xx, Λ^½, β = Λ^-½ r).
    const r = relativeWeights(swissX, swissY);
    [0.048416895812, 0.154708249806, 0.271964104646, 0.114680029948, 0.116965721381].forEach((w, j) => expect(r.weights[j]).toBeCloseTo(w, 11));
    expect(r.rSquared).toBeCloseTo(0.706735001593, 11);
  });

  it('gives each uncorrelated predictor its squared correlation, and two predictors the LMG split', () => {
    // Orthogonal ±1 design: x1, x2 uncorrelated.
    const X = [[1, 1], [1, -1], [-1, 1], [-1, -1], [1, 1], [1, -1], [-1, 1], [-1, -1]];
    const y = [3.1, 1.2, 0.9, -1.1, 2.8, 1.1, 1.0, -0.8];
    const r = relativeWeights(X, y);
    const corr = (j: number) => {
      const mx = X.reduce((s, row) => s + row[j]!, 0) / 8;
      const my = y.reduce((s, v) => s + v, 0) / 8;
      let sxy = 0, sxx = 0, syy = 0;
      X.forEach((row, i) => {
        sxy += (row[j]! - mx) * (y[i]! - my);
        sxx += (row[j]! - mx) ** 2;
        syy += (y[i]! - my) ** 2;
      });
      return sxy / Math.sqrt(sxx * syy);
    };
    expect(r.weights[0]).toBeCloseTo(corr(0) ** 2, 12);
    expect(r.weights[1]).toBeCloseTo(corr(1) ** 2, 12);
  });

  it('accepts an ml-matrix Matrix of rows as X', () => {
    expect(relativeWeights(new Matrix(swissX), swissY)).toEqual(relativeWeights(swissX, swissY));
  });

  it('rejects collinear predictors and bad input', () => {
    expect(() => relativeWeights(swissX.map((r) => [r[0]!, 2 * r[0]! + 1]), swissY)).toThrow(/^X: the predictors are collinear/);
    expect(() => relativeWeights(swissX, swissY.slice(2))).toThrow(/^y: has 45 values/);
    expect(() => relativeWeights(swissX, [...swissY.slice(1), Number.NaN])).toThrow(/^y\[46\]/);
  });

  const dataset = fc
    .record({ n: fc.integer({ min: 12, max: 40 }), p: fc.integer({ min: 1, max: 6 }), seed: fc.integer() })
    .map(({ n, p, seed }) => {
      let s = seed >>> 0 || 1;
      const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) - 0.5;
      const common = Array.from({ length: n }, rand);
      const X = Array.from({ length: n }, (_, i) => Array.from({ length: p }, () => common[i]! + rand()));
      const y = X.map((row) => row.reduce((t, v, j) => t + v * (j + 1) * 0.3, 0) + rand());
      return { X, y, p };
    });

  it('property: weights are non-negative and sum to R²; rescaled sum to 100', () => {
    fc.assert(
      fc.property(dataset, ({ X, y }) => {
        const r = relativeWeights(X, y);
        r.weights.forEach((w) => expect(w).toBeGreaterThanOrEqual(-1e-12));
        expect(r.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(r.rSquared, 10);
        expect(r.rescaled.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 8);
        expect(r.rSquared).toBeGreaterThanOrEqual(0);
        expect(r.rSquared).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('property: permuting predictors permutes the weights; rescaling a predictor changes nothing', () => {
    fc.assert(
      fc.property(dataset, fc.double({ min: 0.01, max: 100, noNaN: true }), ({ X, y, p }, factor) => {
        const r = relativeWeights(X, y);
        const order = Array.from({ length: p }, (_, j) => p - 1 - j);
        const permuted = relativeWeights(X.map((row) => order.map((j) => row[j]!)), y);
        order.forEach((j, k) => expect(permuted.weights[k]).toBeCloseTo(r.weights[j]!, 9));
        const scaled = relativeWeights(X.map((row) => row.map((v, j) => (j === 0 ? v * factor - 3 : v))), y);
        scaled.weights.forEach((w, j) => expect(w).toBeCloseTo(r.weights[j]!, 9));
      }),
    );
  });
});

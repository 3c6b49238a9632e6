import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bootstrapRelativeWeights, weightDifference } from './bootstrap-relative-weights.ts';
import { MTCARS } from './reference-datasets.ts';
import { relativeWeights } from './relative-weights.ts';
import { seededRandom } from './seeded-random.ts';

/** n rows of p standard-normal predictors (correlated through a shared factor) and y = Σ β_j x_j + noise. */
function sample(n: number, betas: readonly number[], seed: number, noise = 1) {
  const next = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const shared = normal();
    const row = betas.map(() => 0.4 * shared + normal());
    X.push(row);
    y.push(row.reduce((s, x, j) => s + betas[j]! * x, 0) + noise * normal());
  }
  return { X, y };
}

const width = (ci: [number, number]) => ci[1] - ci[0];

describe('bootstrapRelativeWeights (Tonidandel, LeBreton & Johnson 2009)', () => {
  it('gives the point estimates of relativeWeights and intervals around them (mtcars)', () => {
    const X = MTCARS.map((c) => [c[1], c[2], c[3], c[4]]);
    const y = MTCARS.map((c) => c[0]);
    const result = bootstrapRelativeWeights(X, y, { resamples: 2000, seed: 5 });
    const plain = relativeWeights(X, y);
    expect(result.weights).toEqual(plain.weights);
    expect(result.rSquared).toBe(plain.rSquared);
    expect(result).toMatchObject({ level: 0.95, n: 32, rowsPerResample: 32, resamples: 2000 });
    expect(result.used).toBeGreaterThan(1900);
    result.predictors.forEach((pred, j) => {
      expect(pred.weight).toBe(plain.weights[j]);
      expect(pred.ci[0]).toBeLessThanOrEqual(pred.weight);
      expect(pred.ci[1]).toBeGreaterThanOrEqual(pred.weight);
      expect(pred.rescaledCi[0]).toBeGreaterThanOrEqual(0);
      expect(pred.rescaledCi[1]).toBeLessThanOrEqual(100);
    });
    expect(result.rSquaredCi[0]).toBeLessThan(plain.rSquared);
    expect(result.rSquaredCi[1]).toBeGreaterThan(plain.rSquared);
    // 32 cars and four strongly correlated predictors: cyl, disp and hp cannot be told apart.
    expect(weightDifference(result, 0, 1).significant).toBe(false);
    expect(result.differences).toHaveLength(6);
  });

  it('puts a noise predictor at about 0 and calls the dominant predictor different from it', () => {
    const { X, y } = sample(600, [1.5, 0.4, 0], 11);
    const result = bootstrapRelativeWeights(X, y, { resamples: 1000, seed: 3 });
    const noise = result.predictors[2]!;
    expect(noise.ci[0]).toBeLessThan(0.003);
    // Correlated with the real predictors through the shared factor, the noise still gets a little credit.
    expect(noise.ci[1]).toBeLessThan(0.04);
    expect(noise.rescaledCi[1]).toBeLessThan(5);
    expect(noise.rescaledCi[0]).toBeLessThan(0.5);
    const dominant = weightDifference(result, 0, 2);
    expect(dominant.significant).toBe(true);
    expect(dominant.ci[0]).toBeGreaterThan(0);
    expect(weightDifference(result, 0, 1).significant).toBe(true);
    // Reversed order: the same interval mirrored.
    const reversed = weightDifference(result, 2, 0);
    expect(reversed.difference).toBeCloseTo(-dominant.difference, 15);
    expect(reversed.ci).toEqual([-dominant.ci[1], -dominant.ci[0]]);
  });

  it('contains the point estimate of every real predictor (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.3, max: 2, noNaN: true }), { minLength: 2, maxLength: 4 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 150, max: 400 }),
        (betas, seed, n) => {
          const { X, y } = sample(n, betas, seed, 1.5);
          const result = bootstrapRelativeWeights(X, y, { resamples: 300, seed });
          for (const pred of result.predictors) {
            expect(pred.ci[0]).toBeLessThanOrEqual(pred.weight);
            expect(pred.ci[1]).toBeGreaterThanOrEqual(pred.weight);
            expect(pred.rescaledCi[0]).toBeLessThanOrEqual(pred.rescaled);
            expect(pred.rescaledCi[1]).toBeGreaterThanOrEqual(pred.rescaled);
          }
          for (const d of result.differences) {
            expect(d.ci[0]).toBeLessThanOrEqual(d.ci[1]);
            expect(d.significant).toBe(d.ci[0] > 0 || d.ci[1] < 0);
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('is wider for fewer rows, and at a higher level (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.3, max: 2, noNaN: true }), { minLength: 2, maxLength: 4 }), fc.integer({ min: 0, max: 1e6 }), (betas, seed) => {
        const { X, y } = sample(640, betas, seed, 1.5);
        const all = bootstrapRelativeWeights(X, y, { resamples: 300, seed });
        const few = bootstrapRelativeWeights(X.slice(0, 64), y.slice(0, 64), { resamples: 300, seed });
        // Summed over the predictors (one share can sit at a bound), 10× the rows ≈ √10× narrower.
        const total = (r: typeof all) => r.predictors.reduce((s, pred) => s + width(pred.ci), 0) + width(r.rSquaredCi);
        expect(total(few)).toBeGreaterThan(total(all));
        const wide = bootstrapRelativeWeights(X, y, { resamples: 300, seed, level: 0.99 });
        wide.predictors.forEach((pred, j) => expect(width(pred.ci)).toBeGreaterThanOrEqual(width(all.predictors[j]!.ci)));
      }),
      { numRuns: 15 },
    );
  });

  it('gives the same answer for the same seed, another for another seed', () => {
    const { X, y } = sample(200, [1, 0.5], 2);
    const a = bootstrapRelativeWeights(X, y, { resamples: 200, seed: 9 });
    const b = bootstrapRelativeWeights(X, y, { resamples: 200, seed: 9 });
    const c = bootstrapRelativeWeights(X, y, { resamples: 200, seed: 10 });
    expect(b).toEqual(a);
    expect(c.predictors[0]!.ci).not.toEqual(a.predictors[0]!.ci);
  });

  it('with maxRows draws fewer rows and gives intervals close to the full bootstrap', () => {
    const { X, y } = sample(4000, [1.2, 0.6, 0.2], 21);
    const full = bootstrapRelativeWeights(X, y, { resamples: 400, seed: 1 });
    const sub = bootstrapRelativeWeights(X, y, { resamples: 400, seed: 1, maxRows: 1000 });
    expect(sub.rowsPerResample).toBe(1000);
    sub.predictors.forEach((pred, j) => {
      expect(pred.weight).toBe(full.predictors[j]!.weight);
      expect(pred.ci[0]).toBeLessThanOrEqual(pred.weight);
      expect(pred.ci[1]).toBeGreaterThanOrEqual(pred.weight);
      // Same width within 35 % (sampling error of 400 resamples, and of the subsample's own variance).
      expect(width(pred.ci) / width(full.predictors[j]!.ci)).toBeGreaterThan(0.65);
      expect(width(pred.ci) / width(full.predictors[j]!.ci)).toBeLessThan(1.35);
    });
  });

  it('refuses bad options and bad data naming the argument', () => {
    const { X, y } = sample(50, [1, 0.5], 2);
    expect(() => bootstrapRelativeWeights(X, y, { resamples: 10 })).toThrow(/^options\.resamples/);
    expect(() => bootstrapRelativeWeights(X, y, { level: 2 })).toThrow(/^options\.level/);
    expect(() => bootstrapRelativeWeights(X, y, { seed: 1.5 })).toThrow(/^options\.seed/);
    expect(() => bootstrapRelativeWeights(X, y, { maxRows: 3 })).toThrow(/^options\.maxRows/);
    expect(() => bootstrapRelativeWeights(X, y.slice(1))).toThrow(/^y:/);
    expect(() => bootstrapRelativeWeights(X.map((r) => [r[0]!, r[0]!]), y)).toThrow(/^X:/);
  });
});

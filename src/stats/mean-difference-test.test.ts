import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { meanDifferenceTest, welchTest } from './mean-difference-test.ts';
import { summarizeScores } from './mean-from-summary.ts';

// R's `sleep` data: extra hours of sleep with two drugs (Cushny & Peebles 1905; Student 1908).
const GROUP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const GROUP_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

describe('meanDifferenceTest (Welch)', () => {
  it('matches R’s t.test(extra ~ group, data = sleep): t = −1.8608, df = 17.776, p = 0.07939, CI −3.3654832 to 0.2054832', () => {
    const r = meanDifferenceTest(GROUP_1, GROUP_2);
    expect(r.t).toBeCloseTo(-1.8608, 4);
    expect(r.df).toBeCloseTo(17.776, 3);
    expect(r.pValue).toBeCloseTo(0.07939, 5);
    expect(r.ci[0]).toBeCloseTo(-3.3654832, 6);
    expect(r.ci[1]).toBeCloseTo(0.2054832, 6);
    expect(r.meanA).toBeCloseTo(0.75, 12);
    expect(r.meanB).toBeCloseTo(2.33, 12);
  });

  it('gives identical results from rollup summaries', () => {
    expect(meanDifferenceTest(summarizeScores(GROUP_1), summarizeScores(GROUP_2))).toEqual(meanDifferenceTest(GROUP_1, GROUP_2));
  });

  it('handles zero variance and rejects samples that are too small', () => {
    expect(meanDifferenceTest([3, 3], [3, 3])).toMatchObject({ difference: 0, pValue: 1 });
    expect(meanDifferenceTest([4, 4], [3, 3])).toMatchObject({ difference: 1, pValue: 0 });
    expect(() => meanDifferenceTest([1], [1, 2])).toThrow(/^a: needs at least 2 scores/);
    expect(() => meanDifferenceTest([1, 2], [1, Number.NaN])).toThrow(/^b\[1\]/);
  });

  it('welchTest is meanDifferenceTest without the interval: identical numbers (property)', () => {
    const sample = fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 2, maxLength: 80 });
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        const { ci, level, ...rest } = meanDifferenceTest(a, b);
        expect(level).toBe(0.95);
        expect(ci).toHaveLength(2);
        expect(welchTest(a, b)).toEqual(rest);
        expect(welchTest(summarizeScores(a), summarizeScores(b))).toEqual(rest);
      }),
    );
    expect(welchTest([3, 3], [3, 3])).toEqual({ difference: 0, meanA: 3, meanB: 3, standardError: 0, df: 2, t: 0, pValue: 1 });
    expect(() => welchTest([1], [1, 2])).toThrow(/^a: needs at least 2 scores/);
  });

  it('property: antisymmetric, p in [0, 1], interval contains the difference', () => {
    const sample = fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 60 }).filter((xs) => new Set(xs).size > 1);
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        const ab = meanDifferenceTest(a, b);
        const ba = meanDifferenceTest(b, a);
        expect(ba.t).toBeCloseTo(-ab.t, 9);
        expect(ba.pValue).toBeCloseTo(ab.pValue, 9);
        expect(ab.pValue).toBeGreaterThanOrEqual(0);
        expect(ab.pValue).toBeLessThanOrEqual(1);
        expect(ab.ci[0]).toBeLessThanOrEqual(ab.difference + 1e-9);
        expect(ab.ci[1]).toBeGreaterThanOrEqual(ab.difference - 1e-9);
      }),
    );
  });
});

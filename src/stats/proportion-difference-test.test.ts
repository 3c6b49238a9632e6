import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { proportionDifferenceTest } from './proportion-difference-test.ts';

describe('proportionDifferenceTest', () => {
  it('interval matches Newcombe (1998b) Table II, method 10 (hybrid score), to 4 decimals', () => {
    // R. G. Newcombe, Statistics in Medicine 17:873–890 (1998).
    const table: [[number, number, number, number], [number, number]][] = [
      [[56, 70, 48, 80], [0.0524, 0.3339]],
      [[9, 10, 3, 10], [0.1705, 0.809]],
      [[6, 7, 2, 7], [0.0582, 0.8062]],
      [[5, 56, 0, 29], [-0.0381, 0.1926]],
      [[0, 10, 0, 20], [-0.1611, 0.2775]],
      [[0, 10, 0, 10], [-0.2775, 0.2775]],
      [[10, 10, 0, 20], [0.6791, 1.0]],
      [[10, 10, 0, 10], [0.6075, 1.0]],
    ];
    for (const [[x1, n1, x2, n2], [low, high]] of table) {
      const r = proportionDifferenceTest({ successes: x1, n: n1 }, { successes: x2, n: n2 });
      expect(r.ci[0]).toBeCloseTo(low, 4);
      expect(r.ci[1]).toBeCloseTo(high, 4);
    }
  });

  it('p-value equals Pearson’s χ² test without continuity correction (R: prop.test(c(56, 48), c(70, 80), correct = FALSE))', () => {
    // χ² = 7.0234 on 1 df, p = 0.008045.
    const r = proportionDifferenceTest({ successes: 56, n: 70 }, { successes: 48, n: 80 });
    expect(r.z ** 2).toBeCloseTo(7.023411371237456, 9);
    expect(r.pValue).toBeCloseTo(0.008045081368196585, 9);
    expect(r.difference).toBeCloseTo(0.2, 12);
  });

  it('names bad arguments', () => {
    expect(() => proportionDifferenceTest({ successes: 3, n: 2 }, { successes: 1, n: 2 })).toThrow(/^a\.successes/);
    expect(() => proportionDifferenceTest({ successes: 1, n: 2 }, { successes: 0, n: 0 })).toThrow(/^b\.n/);
  });

  it('property: antisymmetric, p in [0, 1], interval contains the difference', () => {
    const sample = fc.integer({ min: 1, max: 5000 }).chain((n) => fc.record({ n: fc.constant(n), successes: fc.integer({ min: 0, max: n }) }));
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        const ab = proportionDifferenceTest(a, b);
        const ba = proportionDifferenceTest(b, a);
        expect(ba.ci[0]).toBeCloseTo(-ab.ci[1], 12);
        expect(ba.pValue).toBeCloseTo(ab.pValue, 12);
        expect(ab.pValue).toBeGreaterThanOrEqual(0);
        expect(ab.pValue).toBeLessThanOrEqual(1);
        expect(ab.ci[0]).toBeLessThanOrEqual(ab.difference + 1e-12);
        expect(ab.ci[1]).toBeGreaterThanOrEqual(ab.difference - 1e-12);
      }),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { combineSummaries, meanFromScores, meanFromSummary, summarizeScores } from './mean-from-summary.ts';

// R's `sleep` data (Cushny & Peebles 1905, as in Student 1908): extra sleep, group 1.
const SLEEP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];

describe('meanFromSummary', () => {
  it('matches R’s t.test(sleep$extra[sleep$group == 1]): mean 0.75, 95 % CI −0.5297804 to 2.0297804', () => {
    const r = meanFromScores(SLEEP_1);
    expect(r.mean).toBeCloseTo(0.75, 12);
    expect(r.ci![0]).toBeCloseTo(-0.5297804, 6);
    expect(r.ci![1]).toBeCloseTo(2.0297804, 6);
    expect(r.standardDeviation).toBeCloseTo(1.78901, 5);
  });

  it('gives no interval for a single score', () => {
    expect(meanFromSummary({ n: 1, sum: 4, sumSquares: 16 })).toMatchObject({ mean: 4, standardDeviation: null, ci: null });
  });

  it('rejects inconsistent or empty summaries, naming the field', () => {
    expect(() => meanFromSummary({ n: 0, sum: 0, sumSquares: 0 })).toThrow(/^summary\.n: .*no scores/);
    expect(() => meanFromSummary({ n: 2, sum: 10, sumSquares: 1 })).toThrow(/^summary\.sumSquares/);
    expect(() => meanFromSummary({ n: 2, sum: Number.NaN, sumSquares: 1 })).toThrow(/^summary\.sum: .*NaN/);
    expect(() => meanFromScores([])).toThrow(/^scores: is empty/);
    expect(() => meanFromScores([1, Number.NaN])).toThrow(/^scores\[1\]/);
  });

  it('property: rollups (summaries of any split, combined in any order) equal the raw computation exactly', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 2, maxLength: 400 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (scores, cuts) => {
          const points = [...new Set(cuts.map((c) => c % scores.length))].sort((a, b) => a - b);
          const parts: number[][] = [];
          let start = 0;
          for (const p of [...points, scores.length]) {
            parts.push(scores.slice(start, p));
            start = p;
          }
          const summaries = parts.map((p) => summarizeScores(p)).reverse();
          expect(meanFromSummary(combineSummaries(summaries))).toEqual(meanFromScores(scores));
        },
      ),
    );
  });

  it('property: the interval contains the mean', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 100 }), (xs) => {
        const r = meanFromScores(xs);
        expect(r.ci![0]).toBeLessThanOrEqual(r.mean + 1e-9);
        expect(r.ci![1]).toBeGreaterThanOrEqual(r.mean - 1e-9);
      }),
    );
  });
});

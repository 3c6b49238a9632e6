import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cesFromScores, cesFromSummary, easyThreshold, summarizeCes } from './ces-from-scores.ts';
import { csatFromScores, csatFromSummary, summarizeCsat } from './csat-from-scores.ts';
import { combineSummaries } from './mean-from-summary.ts';
import { wilsonInterval } from './wilson-interval.ts';

describe('csatFromScores', () => {
  it('is the top-2-box share with a Wilson interval and the mean with a t interval', () => {
    // 10 answers: 5,5,4,4,4,3,3,2,1,5 → top-2-box 6/10 = 60 %; mean 3.6.
    const r = csatFromScores([5, 5, 4, 4, 4, 3, 3, 2, 1, 5]);
    expect(r.score).toBeCloseTo(60, 12);
    expect(r.topBox).toBe(6);
    const w = wilsonInterval(6, 10);
    expect(r.ci[0]).toBeCloseTo(100 * w.ci[0], 12);
    expect(r.ci[0]).toBeCloseTo(31.27, 2); // Wilson 95 % for 6/10: 0.3127–0.8318
    expect(r.ci[1]).toBeCloseTo(83.18, 2);
    expect(r.mean.mean).toBeCloseTo(3.6, 12);
    expect(r.scale).toBe(5);
  });

  it('uses answers ≥ scale − 1 as the top two boxes on other scales', () => {
    expect(csatFromScores([7, 6, 5, 1], { scale: 7 }).topBox).toBe(2);
  });

  it('rejects answers off the scale, naming the position', () => {
    expect(() => csatFromScores([5, 6])).toThrow(new RangeError('scores[1]: 6 is not an answer on the 1–5 scale (an integer from 1 to 5)'));
    expect(() => csatFromScores([])).toThrow(/^scores: is empty/);
    expect(() => csatFromScores([4.5])).toThrow(/^scores\[0\]/);
    expect(() => csatFromScores([4], { scale: 1 })).toThrow(/^options\.scale/);
    expect(() => csatFromSummary({ n: 3, sum: 20, sumSquares: 140, topBox: 3 })).toThrow(/^summary\.sum: 20 is impossible/);
    expect(() => csatFromSummary({ n: 3, sum: 12, sumSquares: 50, topBox: 4 })).toThrow(/^summary\.topBox/);
  });

  it('property: summaries from rollups give identical results to raw scores', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 12 }), (days) => {
        const all = days.flat();
        const rollup = combineSummaries(days.map((d) => summarizeCsat(d)));
        expect(csatFromSummary(rollup)).toEqual(csatFromScores(all));
        const r = csatFromScores(all);
        expect(r.ci[0]).toBeLessThanOrEqual(r.score + 1e-9);
        expect(r.ci[1]).toBeGreaterThanOrEqual(r.score - 1e-9);
      }),
    );
  });
});

describe('cesFromScores', () => {
  it('is the mean on 1–7 with the share of answers 5–7 as "easy"', () => {
    const r = cesFromScores([7, 6, 5, 4, 3, 2, 1, 7]);
    expect(r.score).toBeCloseTo(35 / 8, 12);
    expect(r.easy).toBe(4);
    expect(r.easyShare).toBeCloseTo(50, 12);
    expect(easyThreshold(7)).toBe(5);
    expect(easyThreshold(5)).toBe(4);
    expect(r.ci![0]).toBeLessThan(r.score);
  });

  it('rejects answers off the 1–7 scale', () => {
    expect(() => cesFromScores([8])).toThrow(/^scores\[0\]: 8 is not an answer on the 1–7 scale/);
    expect(() => cesFromSummary({ n: 2, sum: 3, sumSquares: 5, easy: 3 })).toThrow(/^summary\.easy/);
  });

  it('property: rollups equal raw scores exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 12 }), (days) => {
        const rollup = combineSummaries(days.map((d) => summarizeCes(d)));
        expect(cesFromSummary(rollup)).toEqual(cesFromScores(days.flat()));
      }),
    );
  });
});

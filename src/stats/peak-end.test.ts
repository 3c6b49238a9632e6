import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { peakEnd } from './peak-end.ts';

describe('peakEnd', () => {
  it('computes peak, end, mean and (peak + end)/2 per episode under each peak rule', () => {
    const episodes = [{ scores: [3, 5, 2, 4] }, { scores: [1, 4, 4] }];
    const max = peakEnd(episodes, { scale: 5, peak: 'max' });
    expect(max.episodes[0]).toMatchObject({ peak: 5, peakIndex: 1, end: 4, mean: 3.5, peakEnd: 4.5, overall: null });
    const min = peakEnd(episodes, { scale: 5, peak: 'min' });
    expect(min.episodes[0]).toMatchObject({ peak: 2, peakIndex: 2, peakEnd: 3 });
    // 'extreme' on 1–5 (midpoint 3): 5 (distance 2) in the first; 1 (distance 2) in the second;
    const extreme = peakEnd(episodes, { scale: 5 });
    expect(extreme.peakRule).toBe('extreme');
    expect(extreme.episodes.map((e) => e.peak)).toEqual([5, 1]);
    // a tie between an equally intense good and bad moment goes to the bad one.
    expect(peakEnd([{ scores: [5, 1, 3] }], { scale: 5 }).episodes[0]).toMatchObject({ peak: 1, peakIndex: 1 });
    // 0–10 scale given explicitly.
    expect(peakEnd([{ scores: [0, 10, 5] }], { scale: { min: 0, max: 10 }, peak: 'max' }).episodes[0]!.peak).toBe(10);
  });

  it('finds that overall follows peak and end when it was generated that way', () => {
    let s = 42;
    const rand = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const episodes = Array.from({ length: 400 }, () => {
      const scores = Array.from({ length: 3 + Math.floor(rand() * 4) }, () => 1 + Math.floor(rand() * 5));
      const peak = Math.max(...scores);
      const end = scores[scores.length - 1]!;
      return { scores, overall: 1 + 0.6 * peak + 0.3 * end + (rand() - 0.5) * 0.2 };
    });
    const r = peakEnd(episodes, { scale: 5, peak: 'max' });
    expect(r.n).toBe(400);
    expect(r.correlationPeakEnd!).toBeGreaterThan(r.correlationMean!);
    const [intercept, peak, end, mean] = r.regression!.coefficients;
    expect(intercept).toBeCloseTo(1, 1);
    expect(peak).toBeCloseTo(0.6, 1);
    expect(end).toBeCloseTo(0.3, 1);
    expect(mean).toBeCloseTo(0, 1);
    expect(r.regression!.rSquared).toBeGreaterThan(0.95);
    expect(r.regression!.standardErrors).toHaveLength(4);
  });

  it('leaves the regression out, with a note, when it cannot be estimated', () => {
    const few = peakEnd([{ scores: [3], overall: 7 }, { scores: [4], overall: 8 }], { scale: 5 });
    expect(few.regression).toBeNull();
    expect(few.regressionNote).toMatch(/at least 5 episodes/);
    expect(few.correlationMean).toBeNull();
    const single = Array.from({ length: 8 }, (_, i) => ({ scores: [1 + (i % 5)], overall: i }));
    const collinear = peakEnd(single, { scale: 5 });
    expect(collinear.regression).toBeNull();
    expect(collinear.regressionNote).toMatch(/collinear/);
  });

  it('rejects bad input, naming the episode and position', () => {
    expect(() => peakEnd([], { scale: 5 })).toThrow(/^episodes: is empty/);
    expect(() => peakEnd([{ scores: [] }], { scale: 5 })).toThrow(/^episodes\[0\]\.scores: is empty/);
    expect(() => peakEnd([{ scores: [3] }, { scores: [2, 6] }], { scale: 5 })).toThrow(/^episodes\[1\]\.scores\[1\]: 6 is outside the scale 1–5/);
    expect(() => peakEnd([{ scores: [3, Number.NaN] }], { scale: 5 })).toThrow(/^episodes\[0\]\.scores\[1\]: NaN/);
    expect(() => peakEnd([{ scores: [3], overall: Number.NaN }], { scale: 5 })).toThrow(/^episodes\[0\]\.overall/);
    expect(() => peakEnd([{ scores: [3] }], { scale: 0 })).toThrow(/^options\.scale/);
    expect(() => peakEnd([{ scores: [3] }], { scale: 5, peak: 'best' as never })).toThrow(/^options\.peak/);
  });

  const episodes = fc.array(fc.record({ scores: fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 12 }) }), { minLength: 1, maxLength: 20 });

  it("property: 'max' peak ≥ mean ≥ 'min' peak; peak–end lies between end and peak; all within the scale", () => {
    fc.assert(
      fc.property(episodes, (eps) => {
        const max = peakEnd(eps, { scale: 7, peak: 'max' });
        const min = peakEnd(eps, { scale: 7, peak: 'min' });
        const extreme = peakEnd(eps, { scale: 7, peak: 'extreme' });
        max.episodes.forEach((e, i) => {
          expect(e.peak).toBeGreaterThanOrEqual(e.mean - 1e-12);
          expect(min.episodes[i]!.peak).toBeLessThanOrEqual(e.mean + 1e-12);
          expect(e.peakEnd).toBeGreaterThanOrEqual(Math.min(e.peak, e.end));
          expect(e.peakEnd).toBeLessThanOrEqual(Math.max(e.peak, e.end));
          const x = extreme.episodes[i]!;
          expect(Math.abs(x.peak - 4)).toBeGreaterThanOrEqual(Math.abs(e.peak - 4) - 1e-12);
          expect(x.peak).toBeGreaterThanOrEqual(1);
          expect(x.peak).toBeLessThanOrEqual(7);
        });
      }),
    );
  });

  it('property: the order of episodes does not change the correlations or the regression', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ scores: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 6 }), overall: fc.integer({ min: 0, max: 10 }) }), { minLength: 8, maxLength: 30 }),
        (eps) => {
          const a = peakEnd(eps, { scale: 5 });
          const b = peakEnd([...eps].reverse(), { scale: 5 });
          if (a.correlationPeakEnd === null) expect(b.correlationPeakEnd).toBeNull();
          else expect(b.correlationPeakEnd).toBeCloseTo(a.correlationPeakEnd, 9);
          if (a.regression) a.regression.coefficients.forEach((c, j) => expect(b.regression!.coefficients[j]).toBeCloseTo(c, 6));
        },
      ),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countNpsAnswers } from './count-nps-answers.ts';
import { npsEstimate, npsFromCounts } from './nps-from-counts.ts';

const Z95 = 1.959963984540054; // Φ⁻¹(0.975)

describe('npsFromCounts', () => {
  it('reproduces the adjusted-Wald interval worked by hand from Rocks (2016)', () => {
    // 61 promoters, 30 passives, 16 detractors (n = 107). NPS = (61 − 16)/107 = 42.056 points.
    // Adjusted: ñ = 110, p̃ = 61.75/110 = 0.561364, d̃ = 16.75/110 = 0.152273, Ñ = 45/110 = 0.409091,
    // Var = (p̃ + d̃ − Ñ²)/ñ = (0.713636 − 0.167355)/110 = 0.00496620, SE = 0.0704712,
    // CI = 0.409091 ± 1.959964·0.0704712 = [0.270970, 0.547212].
    const r = npsFromCounts({ promoters: 61, passives: 30, detractors: 16 });
    expect(r.method).toBe('adjusted-wald');
    expect(r.n).toBe(107);
    expect(r.score).toBeCloseTo((100 * 45) / 107, 12);
    const p = 61.75 / 110;
    const d = 16.75 / 110;
    const se = Math.sqrt((p + d - (p - d) ** 2) / 110);
    expect(r.standardError).toBeCloseTo(100 * se, 12);
    expect(r.standardError).toBeCloseTo(7.04712, 4);
    expect(r.ci[0]).toBeCloseTo(27.097, 3);
    expect(r.ci[1]).toBeCloseTo(54.7212, 3);
    expect(r.ci[0]).toBeCloseTo(100 * (p - d - Z95 * se), 10);
  });

  it('gives the Wald interval of the trinomial mean (as in Rocks’ R package NPS, nps_test)', () => {
    // 50 promoters, 30 passives, 20 detractors: NPS 0.30, Var = 0.5 + 0.2 − 0.09 = 0.61, SE = √(0.61/100).
    const r = npsFromCounts({ promoters: 50, passives: 30, detractors: 20 }, { method: 'wald' });
    expect(r.score).toBeCloseTo(30, 12);
    expect(r.standardError).toBeCloseTo(100 * Math.sqrt(0.0061), 12);
    expect(r.ci[0]).toBeCloseTo(30 - 100 * Z95 * Math.sqrt(0.0061), 9);
    expect(r.ci[1]).toBeCloseTo(30 + 100 * Z95 * Math.sqrt(0.0061), 9);
    // 90 % interval is narrower.
    const r90 = npsFromCounts({ promoters: 50, passives: 30, detractors: 20 }, { method: 'wald', level: 0.9 });
    expect(r90.ci[1] - r90.ci[0]).toBeLessThan(r.ci[1] - r.ci[0]);
    expect(r90.ci[1] - 30).toBeCloseTo(100 * 1.6448536269514722 * Math.sqrt(0.0061), 8);
  });

  it('clips to [−100, 100] and has a zero-width Wald interval when everyone is a promoter', () => {
    const wald = npsFromCounts({ promoters: 12, passives: 0, detractors: 0 }, { method: 'wald' });
    expect(wald).toMatchObject({ score: 100, standardError: 0, ci: [100, 100] });
    const adjusted = npsFromCounts({ promoters: 3, passives: 0, detractors: 0 });
    expect(adjusted.ci[1]).toBeLessThanOrEqual(100);
    expect(adjusted.ci[0]).toBeGreaterThanOrEqual(-100);
  });

  it('rejects bad counts with a RangeError naming the argument', () => {
    expect(() => npsFromCounts({ promoters: 0, passives: 0, detractors: 0 })).toThrow(/^counts: has no answers/);
    expect(() => npsFromCounts({ promoters: -1, passives: 0, detractors: 3 })).toThrow(RangeError);
    expect(() => npsFromCounts({ promoters: 1.5, passives: 0, detractors: 3 })).toThrow(/counts\.promoters/);
    expect(() => npsFromCounts({ promoters: Number.NaN, passives: 0, detractors: 3 })).toThrow(/counts\.promoters: .*NaN/);
    expect(() => npsFromCounts({ promoters: 1, passives: 0, detractors: 3 }, { level: 95 })).toThrow(/options\.level/);
    expect(() => npsFromCounts({ promoters: 1, passives: 0, detractors: 3 }, { method: 'exact' as never })).toThrow(/options\.method/);
  });

  const counts = fc.record({ promoters: fc.nat(5000), passives: fc.nat(5000), detractors: fc.nat(5000) }).filter((c) => c.promoters + c.passives + c.detractors > 0);

  it('property: the score and interval stay within [−100, 100], low ≤ high', () => {
    fc.assert(
      fc.property(counts, fc.constantFrom('wald' as const, 'adjusted-wald' as const), fc.double({ min: 0.5, max: 0.999, noNaN: true }), (c, method, level) => {
        const r = npsFromCounts(c, { method, level });
        expect(r.score).toBeGreaterThanOrEqual(-100);
        expect(r.score).toBeLessThanOrEqual(100);
        expect(r.ci[0]).toBeGreaterThanOrEqual(-100);
        expect(r.ci[1]).toBeLessThanOrEqual(100);
        expect(r.ci[0]).toBeLessThanOrEqual(r.ci[1]);
        expect(r.standardError).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('property: the Wald interval contains the score; the adjusted one its centre, and the score from n ≥ 5 on', () => {
    fc.assert(
      fc.property(counts, (c) => {
        const wald = npsFromCounts(c, { method: 'wald' });
        expect(wald.ci[0]).toBeLessThanOrEqual(wald.score + 1e-9);
        expect(wald.ci[1]).toBeGreaterThanOrEqual(wald.score - 1e-9);
        const adjusted = npsFromCounts(c);
        const centre = 100 * npsEstimate(c, 'adjusted-wald').center;
        expect(adjusted.ci[0]).toBeLessThanOrEqual(centre + 1e-9);
        expect(adjusted.ci[1]).toBeGreaterThanOrEqual(centre - 1e-9);
        if (adjusted.n >= 5) {
          expect(adjusted.ci[0]).toBeLessThanOrEqual(adjusted.score + 1e-9);
          expect(adjusted.ci[1]).toBeGreaterThanOrEqual(adjusted.score - 1e-9);
        }
      }),
    );
  });

  it('property: swapping promoters and detractors mirrors the result', () => {
    fc.assert(
      fc.property(counts, (c) => {
        const a = npsFromCounts(c);
        const b = npsFromCounts({ promoters: c.detractors, passives: c.passives, detractors: c.promoters });
        expect(b.score).toBeCloseTo(-a.score, 9);
        expect(b.ci[0]).toBeCloseTo(-a.ci[1], 9);
        expect(b.standardError).toBeCloseTo(a.standardError, 9);
      }),
    );
  });

  it('property: counting raw answers and scoring the counts agree, whatever the answer order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 300 }), (answers) => {
        const c = countNpsAnswers(answers);
        const promoters = answers.filter((a) => a >= 9).length;
        const detractors = answers.filter((a) => a <= 6).length;
        expect(npsFromCounts(c).score).toBeCloseTo((100 * (promoters - detractors)) / answers.length, 10);
        expect(countNpsAnswers([...answers].reverse())).toEqual(c);
      }),
    );
  });
});

describe('countNpsAnswers', () => {
  it('uses 0–6 / 7–8 / 9–10', () => {
    expect(countNpsAnswers([0, 6, 7, 8, 9, 10, 10])).toEqual({ detractors: 2, passives: 2, promoters: 3 });
    expect(countNpsAnswers([])).toEqual({ detractors: 0, passives: 0, promoters: 0 });
  });
  it('rejects answers that are not integers from 0 to 10, naming the position', () => {
    expect(() => countNpsAnswers([9, 11])).toThrow(new RangeError('scores[1]: 11 is not an NPS answer (an integer from 0 to 10)'));
    expect(() => countNpsAnswers([9, 7.5])).toThrow(/scores\[1\]: 7\.5/);
    expect(() => countNpsAnswers([-1])).toThrow(RangeError);
    expect(() => countNpsAnswers([Number.NaN])).toThrow(/NaN/);
    expect(() => countNpsAnswers('9' as never)).toThrow(/^scores: expected an array/);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { npsDifference } from './nps-difference.ts';
import { npsFromCounts } from './nps-from-counts.ts';

describe('npsDifference', () => {
  it('adds the variances of two independent samples (worked example)', () => {
    // A: 50/30/20 (NPS 30, Var 0.61/100); B: 40/30/30 (NPS 10, Var (0.7 − 0.01)/100 = 0.0069).
    const r = npsDifference({ promoters: 50, passives: 30, detractors: 20 }, { promoters: 40, passives: 30, detractors: 30 }, { method: 'wald' });
    expect(r.difference).toBeCloseTo(20, 12);
    const se = Math.sqrt(0.0061 + 0.0069);
    expect(r.standardError).toBeCloseTo(100 * se, 12);
    expect(r.z).toBeCloseTo(0.2 / se, 12);
    // z = 1.7541 → two-sided p = 0.07941 (normal table).
    expect(r.pValue).toBeCloseTo(0.0794, 4);
    expect(r.ci[0]).toBeCloseTo(100 * (0.2 - 1.959963984540054 * se), 9);
  });

  it('uses each sample’s adjusted-Wald estimate by default, consistent with npsFromCounts', () => {
    const a = { promoters: 61, passives: 30, detractors: 16 };
    const b = { promoters: 40, passives: 25, detractors: 35 };
    const r = npsDifference(a, b);
    const sa = npsFromCounts(a).standardError;
    const sb = npsFromCounts(b).standardError;
    expect(r.standardError).toBeCloseTo(Math.hypot(sa, sb), 10);
    expect(r.difference).toBeCloseTo(npsFromCounts(a).score - npsFromCounts(b).score, 12);
    // Adjusted centres: (61.75 − 16.75)/110 and (40.75 − 35.75)/103.
    expect(r.z).toBeCloseTo((100 * (45 / 110 - 5 / 103)) / r.standardError, 10);
    expect(r.pValue).toBeGreaterThan(0);
    expect(r.pValue).toBeLessThan(0.01);
  });

  it('gives p = 1 for identical samples and handles zero variance', () => {
    const s = { promoters: 10, passives: 5, detractors: 5 };
    expect(npsDifference(s, s)).toMatchObject({ difference: 0, pValue: 1, z: 0 });
    const all = { promoters: 5, passives: 0, detractors: 0 };
    expect(npsDifference(all, all, { method: 'wald' }).pValue).toBe(1);
    expect(npsDifference(all, { promoters: 0, passives: 5, detractors: 0 }, { method: 'wald' }).pValue).toBe(0);
  });

  it('names the bad argument', () => {
    expect(() => npsDifference({ promoters: 1, passives: 0, detractors: 0 }, { promoters: 0, passives: 0, detractors: 0 })).toThrow(/^b: has no answers/);
    expect(() => npsDifference({ promoters: -1, passives: 0, detractors: 0 }, { promoters: 1, passives: 0, detractors: 0 })).toThrow(/^a\.promoters/);
  });

  it('property: antisymmetric, p in [0, 1], interval contains the centre difference', () => {
    const counts = fc.record({ promoters: fc.nat(2000), passives: fc.nat(2000), detractors: fc.nat(2000) }).filter((c) => c.promoters + c.passives + c.detractors > 0);
    fc.assert(
      fc.property(counts, counts, fc.constantFrom('wald' as const, 'adjusted-wald' as const), (a, b, method) => {
        const ab = npsDifference(a, b, { method });
        const ba = npsDifference(b, a, { method });
        expect(ba.difference).toBeCloseTo(-ab.difference, 9);
        expect(ba.pValue).toBeCloseTo(ab.pValue, 12);
        expect(ab.pValue).toBeGreaterThanOrEqual(0);
        expect(ab.pValue).toBeLessThanOrEqual(1);
        expect(ab.ci[0]).toBeLessThanOrEqual(ab.ci[1]);
        if (method === 'wald') {
          expect(ab.ci[0]).toBeLessThanOrEqual(ab.difference + 1e-9);
          expect(ab.ci[1]).toBeGreaterThanOrEqual(ab.difference - 1e-9);
        }
      }),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wilsonInterval } from './wilson-interval.ts';

describe('wilsonInterval', () => {
  it('matches Newcombe (1998a) Table II, method 3 (score interval without continuity correction), to 4 decimals', () => {
    // R. G. Newcombe, Statistics in Medicine 17:857–872 (1998): 81/263, 15/148, 0/20, 1/29.
    const table: [number, number, [number, number]][] = [
      [81, 263, [0.2553, 0.3662]],
      [15, 148, [0.0624, 0.1605]],
      [0, 20, [0.0, 0.1611]],
      [1, 29, [0.0061, 0.1718]],
    ];
    for (const [x, n, [low, high]] of table) {
      const { ci } = wilsonInterval(x, n);
      expect(ci[0]).toBeCloseTo(low, 4);
      expect(ci[1]).toBeCloseTo(high, 4);
    }
  });

  it('rejects impossible input with a RangeError naming the argument', () => {
    expect(() => wilsonInterval(1, 0)).toThrow(/^n: is 0/);
    expect(() => wilsonInterval(5, 4)).toThrow(/^successes: 5 is more than n = 4/);
    expect(() => wilsonInterval(Number.NaN, 4)).toThrow(/^successes/);
    expect(() => wilsonInterval(1, 4, { level: 1 })).toThrow(/^options\.level/);
  });

  it('property: within [0, 1], contains p̂, symmetric under x ↔ n − x', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, f) => {
        const x = Math.round(f * n);
        const r = wilsonInterval(x, n);
        expect(r.ci[0]).toBeGreaterThanOrEqual(0);
        expect(r.ci[1]).toBeLessThanOrEqual(1);
        expect(r.ci[0]).toBeLessThanOrEqual(r.proportion + 1e-12);
        expect(r.ci[1]).toBeGreaterThanOrEqual(r.proportion - 1e-12);
        const mirror = wilsonInterval(n - x, n);
        expect(mirror.ci[0]).toBeCloseTo(1 - r.ci[1], 12);
      }),
    );
  });
});

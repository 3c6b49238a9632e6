import jStat from 'jstat';
import { describe, expect, it } from 'vitest';
import { T_CRITICAL_MEMO_LIMIT, tCritical } from './distributions.ts';

// The memo in tCritical must be invisible: every value is the very double jstat's quantile gives.
const direct = (level: number, df: number) => jStat.studentt.inv(1 - (1 - level) / 2, df);

describe('tCritical memo', () => {
  it('returns exactly the un-memoized quantile, on the first call and on repeated calls', () => {
    for (const level of [0.8, 0.9, 0.95, 0.99]) {
      for (const df of [1, 2, 3, 4, 5, 9, 10, 29, 30, 99, 100, 499, 1000, 4999, 20_000, 100_000, 1_000_000]) {
        const expected = direct(level, df);
        expect(Object.is(tCritical(level, df), expected)).toBe(true);
        expect(Object.is(tCritical(level, df), expected)).toBe(true);
      }
    }
    // R: qt(0.975, 9) = 2.262157, qt(0.975, 1000) = 1.962339.
    expect(tCritical(0.95, 9)).toBeCloseTo(2.262157, 6);
    expect(tCritical(0.95, 1000)).toBeCloseTo(1.962339, 6);
  });

  it('does not store non-integer df (Welch) and still computes them exactly', () => {
    for (const df of [1.5, 17.776, 250.25, 12_345.678]) expect(Object.is(tCritical(0.95, df), direct(0.95, df))).toBe(true);
  });

  it('stays exact past the memo limit (where it is cleared and refilled)', () => {
    for (let df = 1; df <= T_CRITICAL_MEMO_LIMIT + 50; df++) tCritical(0.95, df);
    for (const df of [1, 2, 7, T_CRITICAL_MEMO_LIMIT - 1, T_CRITICAL_MEMO_LIMIT + 1, T_CRITICAL_MEMO_LIMIT + 50]) {
      expect(Object.is(tCritical(0.95, df), direct(0.95, df))).toBe(true);
      expect(Object.is(tCritical(0.9, df), direct(0.9, df))).toBe(true);
    }
  });
});

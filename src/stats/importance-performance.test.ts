import { describe, expect, it } from 'vitest';
import { importancePerformance } from './importance-performance.ts';

describe('importancePerformance', () => {
  const drivers = { greeting: 0.05, queue: 0.25, counter: 0.3, leaving: 0.1 };
  const scores = { greeting: 4.6, queue: 3.1, counter: 4.4, leaving: 3.0 };

  it('splits at mean importance and mean performance', () => {
    const r = importancePerformance(drivers, scores);
    expect(r.importanceSplit).toBeCloseTo(0.175, 12);
    expect(r.meanPerformance).toBeCloseTo(3.775, 12);
    expect(Object.fromEntries(r.moments.map((m) => [m.key, m.quadrant]))).toEqual({
      greeting: 'overkill',
      queue: 'fix-first',
      counter: 'keep-up',
      leaving: 'low-priority',
    });
  });

  it('uses each moment’s target as its performance split when given', () => {
    const r = importancePerformance(drivers, scores, { counter: 4.5, queue: 3.0 });
    expect(r.moments.find((m) => m.key === 'counter')).toMatchObject({ quadrant: 'fix-first', performanceSplit: 4.5 });
    expect(r.moments.find((m) => m.key === 'queue')!.quadrant).toBe('keep-up');
    expect(importancePerformance(drivers, scores, 4.5).moments.every((m) => m.performanceSplit === 4.5)).toBe(true);
  });

  it('names a missing score or a bad number', () => {
    expect(() => importancePerformance(drivers, { greeting: 4 })).toThrow(/^scores\.queue: missing/);
    expect(() => importancePerformance({ a: Number.NaN }, { a: 1 })).toThrow(/^drivers\.a/);
    expect(() => importancePerformance({}, {})).toThrow(/^drivers: is empty/);
  });
});

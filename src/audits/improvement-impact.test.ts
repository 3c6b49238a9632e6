import { describe, expect, it } from 'vitest';
import { computeImpact, normalisedGap, rawGap } from './improvement-impact.ts';

const window = { windowFrom: '2026-01-01', windowTo: '2026-03-31' };

describe('rawGap', () => {
  it('is the shortfall below a floor and the excess above a ceiling, 0 when met', () => {
    expect(rawGap(70, 'gte', 80)).toBe(10);
    expect(rawGap(85, 'gte', 80)).toBe(0);
    expect(rawGap(80, 'gt', 80)).toBe(0);
    expect(rawGap(4, 'lte', 3)).toBe(1);
    expect(rawGap(2, 'lte', 3)).toBe(0);
    expect(rawGap(2, 'eq', 3)).toBe(1);
  });
});

describe('normalisedGap', () => {
  it('divides by the metric range so NPS, CSAT and CES gaps compare', () => {
    expect(normalisedGap('nps', 20, 'gte', 40)).toBeCloseTo(0.1); // 20 of 200 points
    expect(normalisedGap('csat', 70, 'gte', 80)).toBeCloseTo(0.1); // 10 of 100 points
    expect(normalisedGap('ces', 5.4, 'gte', 6)).toBeCloseTo(0.1); // 0.6 of 6 points
    expect(normalisedGap('csat', 0, 'gte', 100)).toBe(1);
  });
});

describe('computeImpact', () => {
  it('multiplies the importance share (0–1) by the largest normalised gap', () => {
    const { impact, inputs } = computeImpact({
      ...window,
      driversStatus: 'ok',
      importanceShare: 40,
      benchmarks: [
        { metric: 'nps', comparator: 'gte', value: 40, score: 30 }, // gap 0.05
        { metric: 'csat', comparator: 'gte', value: 85, score: 65 }, // gap 0.2
      ],
    });
    expect(impact).toBeCloseTo(0.4 * 0.2);
    expect(inputs).toEqual({ ...window, importance: 0.4, metric: 'csat', comparator: 'gte', benchmark: 85, score: 65, gap: 0.2, reason: null });
  });

  it('is 0 when every benchmark is met', () => {
    const { impact, inputs } = computeImpact({ ...window, driversStatus: 'ok', importanceShare: 60, benchmarks: [{ metric: 'csat', comparator: 'gte', value: 80, score: 90 }] });
    expect(impact).toBe(0);
    expect(inputs.gap).toBe(0);
  });

  it('is null with a reason when the drivers are insufficient', () => {
    const { impact, inputs } = computeImpact({ ...window, driversStatus: 'insufficient', importanceShare: null, benchmarks: [{ metric: 'csat', comparator: 'gte', value: 80, score: 60 }] });
    expect(impact).toBeNull();
    expect(inputs.reason).toBe('drivers_insufficient');
    expect(inputs.importance).toBeNull();
    expect(inputs.gap).toBeCloseTo(0.2); // still shown
  });

  it('names the other reasons: not a driver, no benchmark, no score', () => {
    const bench = [{ metric: 'csat' as const, comparator: 'gte' as const, value: 80, score: 60 }];
    expect(computeImpact({ ...window, driversStatus: 'ok', importanceShare: null, benchmarks: bench }).inputs.reason).toBe('moment_not_a_driver');
    expect(computeImpact({ ...window, driversStatus: 'ok', importanceShare: 30, benchmarks: [] }).inputs.reason).toBe('no_benchmark');
    const noScore = computeImpact({ ...window, driversStatus: 'ok', importanceShare: 30, benchmarks: [{ ...bench[0]!, score: null }] });
    expect(noScore.impact).toBeNull();
    expect(noScore.inputs).toMatchObject({ reason: 'score_insufficient', metric: 'csat', benchmark: 80, score: null, gap: null });
  });
});

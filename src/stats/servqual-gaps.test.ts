import { describe, expect, it } from 'vitest';
import { servqualGaps } from './servqual-gaps.ts';

describe('servqualGaps', () => {
  const expectations = { tangibles: [6, 6, 5, 5], reliability: [7, 7, 6, 7, 6], responsiveness: 6.5, assurance: 6, empathy: 5.5 };
  const perceptions = { tangibles: [5, 6, 5, 4], reliability: [5, 6, 5, 6, 5], responsiveness: 5, assurance: 6, empathy: 5 };

  it('computes perception − expectation per dimension, unweighted and weighted', () => {
    const r = servqualGaps(expectations, perceptions);
    const gaps = Object.fromEntries(r.dimensions.map((d) => [d.dimension, d.gap]));
    expect(gaps.tangibles).toBeCloseTo(-0.5, 12);
    expect(gaps.reliability).toBeCloseTo(-1.2, 12);
    expect(gaps.responsiveness).toBeCloseTo(-1.5, 12);
    expect(gaps.assurance).toBeCloseTo(0, 12);
    expect(gaps.empathy).toBeCloseTo(-0.5, 12);
    expect(r.unweightedGap).toBeCloseTo(-3.7 / 5, 12);
    expect(r.weightedGap).toBeCloseTo(r.unweightedGap, 12);
    // Importance points as in the original instrument (100 points over the five dimensions).
    const w = servqualGaps(expectations, perceptions, { tangibles: 10, reliability: 30, responsiveness: 25, assurance: 20, empathy: 15 });
    expect(w.weightedGap).toBeCloseTo(0.1 * -0.5 + 0.3 * -1.2 + 0.25 * -1.5 + 0.2 * 0 + 0.15 * -0.5, 12);
  });

  it('rejects mismatched dimensions and item counts, naming them', () => {
    expect(() => servqualGaps({ tangibles: 5 }, { reliability: 5 })).toThrow(/^perceptions\.tangibles: missing/);
    expect(() => servqualGaps({ tangibles: [5, 5] }, { tangibles: [5] })).toThrow(/^perceptions\.tangibles: has 1 items but expectations\.tangibles has 2/);
    expect(() => servqualGaps({ price: 5 } as never, { price: 5 } as never)).toThrow(/^expectations\.price: not a SERVQUAL dimension/);
    expect(() => servqualGaps({ tangibles: Number.NaN }, { tangibles: 5 })).toThrow(/^expectations\.tangibles/);
    expect(() => servqualGaps({ tangibles: 5 }, { tangibles: 5 }, { tangibles: 0 })).toThrow(/^weights: all zero/);
    expect(() => servqualGaps({ tangibles: 5, empathy: 4 }, { tangibles: 5, empathy: 4 }, { tangibles: 1 })).toThrow(/^weights\.empathy: missing/);
  });
});

import { describe, expect, it } from 'vitest';
import { correlationMatrix, pearsonCorrelation } from './correlation-matrix.ts';
import { SWISS } from './reference-datasets.ts';

describe('correlations', () => {
  it('matches R’s cor(swiss) (Fertility with Education −0.6637889, with Examination −0.6458827)', () => {
    const m = correlationMatrix(SWISS.map((r) => r.slice(1) as number[]));
    expect(m[0]![3]).toBeCloseTo(-0.6637889, 7);
    expect(m[0]![2]).toBeCloseTo(-0.6458827, 7);
    expect(m[3]![0]).toBe(m[0]![3]);
    expect(m[1]![1]).toBe(1);
    expect(pearsonCorrelation(SWISS.map((r) => r[1]), SWISS.map((r) => r[4]))).toBeCloseTo(-0.6637889, 7);
  });
  it('names bad input', () => {
    expect(() => pearsonCorrelation([1, 2, 3], [1, 2])).toThrow(/^y: has 2 values but x has 3/);
    expect(() => pearsonCorrelation([1, 1, 1], [1, 2, 3])).toThrow(/^x: column 0 has no variance/);
    expect(() => pearsonCorrelation([1], [1])).toThrow(/^x: a correlation needs at least 2 pairs/);
  });
});

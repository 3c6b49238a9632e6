import { describe, expect, it } from 'vitest';
import { linearRegression } from './linear-regression.ts';
import { SWISS } from './reference-datasets.ts';

const X = SWISS.map((r) => [r[2], r[3], r[4], r[5], r[6]]);
const y = SWISS.map((r) => r[1]);

describe('linearRegression', () => {
  it('matches R’s summary(lm(Fertility ~ ., data = swiss))', () => {
    // R prints: (Intercept) 66.91518 (10.70604), Agriculture −0.17211 (0.07030), Examination −0.25801 (0.25388),
    // Education −0.87094 (0.18303), Catholic 0.10412 (0.03526), Infant.Mortality 1.07705 (0.38172);
    // Multiple R² 0.7067, adjusted 0.671, F 19.76 on 5 and 41 DF, p-value 5.594e-10.
    const r = linearRegression(X, y);
    const coefficients = [66.91518, -0.17211, -0.25801, -0.87094, 0.10412, 1.07705];
    const errors = [10.70604, 0.0703, 0.25388, 0.18303, 0.03526, 0.38172];
    coefficients.forEach((b, j) => expect(r.coefficients[j]).toBeCloseTo(b, 5));
    errors.forEach((se, j) => expect(r.standardErrors[j]).toBeCloseTo(se, 5));
    expect(r.rSquared).toBeCloseTo(0.706735001593, 11);
    expect(r.adjustedRSquared).toBeCloseTo(0.670970977397, 11);
    expect(r.fStatistic).toBeCloseTo(19.7610592622, 8);
    expect(r.fPValue).toBeCloseTo(5.594e-10, 12);
    expect(r.df).toBe(41);
    // Coefficient p-values as R computes them (Agriculture … Infant.Mortality).
    const p = [1.87271543852e-2, 0.315461723144, 2.43060459074e-5, 5.19007854517e-3, 7.3357153206e-3];
    p.forEach((v, j) => expect(r.pValues[j + 1]! / v).toBeCloseTo(1, 6));
  });

  it('rejects singular, ragged and mismatched input with a RangeError naming the argument', () => {
    const collinear = X.map((row) => [row[0]!, row[1]!, row[0]! + row[1]!]);
    expect(() => linearRegression(collinear, y)).toThrow(/^X: the predictors are collinear — column 2/);
    expect(() => linearRegression(X, y.slice(1))).toThrow(/^y: has 46 values but X has 47 rows/);
    expect(() => linearRegression([[1, 2], [3]], [1, 2])).toThrow(/^X\[1\]: has 1 columns but row 0 has 2/);
    expect(() => linearRegression([], [])).toThrow(/^X: is empty/);
    expect(() => linearRegression([[1], [2], [Number.NaN]], [1, 2, 3])).toThrow(/^X\[2\]\[0\]: .*NaN/);
    expect(() => linearRegression([[1], [2]], [1, 3])).toThrow(/^X: 2 rows for 1 predictors; at least predictors \+ 2 = 3/);
    expect(() => linearRegression([[1], [1], [1], [1]], [1, 2, 3, 4])).toThrow(/^X: column 0 has no variance/);
    expect(() => linearRegression([[1], [2], [3], [4]], [2, 2, 2, 2])).toThrow(/^y: has no variance/);
  });
});

import fc from 'fast-check';
import jStat from 'jstat';
import { describe, expect, it } from 'vitest';
import { npsDifference, npsFromCounts, proportionDifferenceTest, wilsonInterval } from '../stats/index.ts';
import { addCounters, COUNTER_FIELDS, emptyCounters, type Counters } from './model.ts';
import { groupedScoreRows, LEAGUE_SORTS, leagueScoreRows, pageLeagueRows } from './scores.ts';
import type { GroupedCounters } from './store.ts';

/*
 * groupedScoreRows (the CPU of the scores API's league tables) was sped up by memoizing the Student-t
 * quantile, skipping the unused Welch interval and spelling out object literals (docs/insights.md,
 * "Performance"). This checks that not one number moved: the rows equal, byte for byte as JSON, a
 * reference built here the way the code was before — every t quantile straight from jstat (no memo),
 * Welch's p from its formula, the original rounding `Math.round(x·10^d)/10^d` and object spreads.
 */

const LEVEL = 0.95;
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const roundCi = (ci: [number, number] | null, digits = 2): [number, number] | null => (ci ? [round(ci[0], digits), round(ci[1], digits)] : null);

/** Mean and Student-t interval as meanFromSummary computes them, with the quantile from jstat directly. */
function meanInterval(n: number, sum: number, sumSquares: number): { mean: number; ci: [number, number] | null } {
  const mean = sum / n;
  if (n < 2) return { mean, ci: null };
  const se = Math.sqrt(Math.max(0, sumSquares - mean * sum) / (n - 1)) / Math.sqrt(n);
  const half = jStat.studentt.inv(1 - (1 - LEVEL) / 2, n - 1) * se;
  return { mean, ci: [mean - half, mean + half] };
}

function referenceScores(c: Counters, minN: number) {
  const npsN = c.npsPromoters + c.npsPassives + c.npsDetractors;
  const counts = { promoters: c.npsPromoters, passives: c.npsPassives, detractors: c.npsDetractors };
  const nps = { score: null as number | null, n: npsN, ci: null as [number, number] | null, ...counts };
  if (npsN > 0 && npsN >= minN) {
    const result = npsFromCounts(counts, { method: 'adjusted-wald', level: LEVEL });
    nps.score = round(result.score);
    nps.ci = roundCi(result.ci);
  }
  const csat = { score: null as number | null, n: c.csatN, ci: null as [number, number] | null, mean: null as number | null };
  if (c.csatN > 0 && c.csatN >= minN) {
    const share = wilsonInterval(c.csatTopBox, c.csatN, { level: LEVEL });
    csat.score = round(100 * share.proportion);
    csat.ci = roundCi([100 * share.ci[0], 100 * share.ci[1]]);
    csat.mean = round(c.csatSum / c.csatN, 3);
  }
  const ces = { score: null as number | null, n: c.cesN, ci: null as [number, number] | null, easyShare: null as number | null };
  if (c.cesN > 0 && c.cesN >= minN) {
    const mean = meanInterval(c.cesN, c.cesSum, c.cesSumSquares);
    ces.score = round(mean.mean, 3);
    ces.ci = roundCi(mean.ci, 3);
    ces.easyShare = round(100 * (c.cesEasy / c.cesN));
  }
  return { nps, csat, ces };
}

/** Welch's two-sided p from its definition (null when a side has fewer than 2 answers). */
function welchP(a: { n: number; sum: number; sumSquares: number }, b: { n: number; sum: number; sumSquares: number }): number | null {
  if (a.n < 2 || b.n < 2) return null;
  const meanA = a.sum / a.n;
  const meanB = b.sum / b.n;
  const va = Math.max(0, a.sumSquares - meanA * a.sum) / (a.n - 1) / a.n;
  const vb = Math.max(0, b.sumSquares - meanB * b.sum) / (b.n - 1) / b.n;
  const difference = meanA - meanB;
  const se = Math.sqrt(va + vb);
  if (se === 0) return difference === 0 ? 1 : 0;
  const df = (va + vb) ** 2 / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  const t = difference / se;
  return t === 0 ? 1 : Math.min(1, 2 * jStat.studentt.cdf(-Math.abs(t), df));
}

function referenceComparisons(current: Counters, previous: Counters, minN: number) {
  const now = referenceScores(current, minN);
  const before = referenceScores(previous, minN);
  const build = (metric: 'nps' | 'csat' | 'ces', test: () => number | null) => {
    const a = now[metric];
    const b = before[metric];
    const base = { score: b.score, n: b.n, difference: null as number | null, pValue: null as number | null, significant: false };
    if (a.score === null || b.score === null) return base;
    const pValue = test();
    const difference = round(a.score - b.score, metric === 'ces' ? 3 : 2);
    if (pValue === null || !Number.isFinite(pValue)) return { ...base, difference };
    return { ...base, difference, pValue: round(pValue, 6), significant: pValue < 1 - LEVEL };
  };
  const npsOf = (c: Counters) => ({ promoters: c.npsPromoters, passives: c.npsPassives, detractors: c.npsDetractors });
  return {
    now,
    comparisons: {
      nps: build('nps', () => npsDifference(npsOf(current), npsOf(previous), { method: 'adjusted-wald', level: LEVEL }).pValue),
      csat: build('csat', () => proportionDifferenceTest({ successes: current.csatTopBox, n: current.csatN }, { successes: previous.csatTopBox, n: previous.csatN }, { level: LEVEL }).pValue),
      ces: build('ces', () => welchP({ n: current.cesN, sum: current.cesSum, sumSquares: current.cesSumSquares }, { n: previous.cesN, sum: previous.cesSum, sumSquares: previous.cesSumSquares })),
    },
  };
}

function referenceRow(staffId: string | undefined, current: Counters, previous: Counters, range: { from: string; to: string }, minN: number) {
  const { now, comparisons } = referenceComparisons(current, previous, minN);
  const row: Record<string, unknown> = { ...now, responses: current.responses, comments: current.comments, previous: { ...comparisons, ...range } };
  if (staffId !== undefined) row.staffId = staffId === '' ? null : staffId;
  return row;
}

const sumAll = (rows: readonly GroupedCounters[]) => {
  const sum = emptyCounters();
  for (const row of rows) for (const field of COUNTER_FIELDS) sum[field] += row.counters[field];
  return sum;
};

/** Rollup-like counters from answer histograms (NPS groups, CSAT 1–5, CES 1–7): always consistent. */
function countersOf(h: { nps: number[]; csat: number[]; ces: number[]; extra: number; comments: number }): Counters {
  const c = emptyCounters();
  [c.npsDetractors, c.npsPassives, c.npsPromoters] = h.nps as [number, number, number];
  h.csat.forEach((count, i) => {
    c.csatN += count;
    c.csatSum += count * (i + 1);
    c.csatSumSquares += count * (i + 1) ** 2;
    if (i + 1 >= 4) c.csatTopBox += count;
  });
  h.ces.forEach((count, i) => {
    c.cesN += count;
    c.cesSum += count * (i + 1);
    c.cesSumSquares += count * (i + 1) ** 2;
    if (i + 1 >= 5) c.cesEasy += count;
  });
  c.responses = Math.max(c.npsPromoters + c.npsPassives + c.npsDetractors, c.csatN, c.cesN) + h.extra;
  c.comments = Math.min(c.responses, h.comments);
  return c;
}

// Small counts (below and around the minimum n, n = 1, zero variance) as often as large ones.
const count = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 4000 }));
const histogram = fc.record({
  nps: fc.array(count, { minLength: 3, maxLength: 3 }),
  csat: fc.array(count, { minLength: 5, maxLength: 5 }),
  ces: fc.array(count, { minLength: 7, maxLength: 7 }),
  extra: fc.integer({ min: 0, max: 5 }),
  comments: fc.integer({ min: 0, max: 50 }),
});
const group = fc.record({ current: histogram, previous: fc.option(histogram, { nil: undefined }) });

describe('groupedScoreRows', () => {
  it('equals the un-memoized reference to the last bit, on random tables (property)', () => {
    const range = { from: '2026-09-26', to: '2026-10-25' };
    let rowsChecked = 0;
    fc.assert(
      fc.property(fc.array(group, { minLength: 1, maxLength: 25 }), fc.constantFrom(0, 1, 5, 30), (groups, minN) => {
        const current: GroupedCounters[] = [];
        const before: GroupedCounters[] = [];
        groups.forEach((g, i) => {
          current.push({ staffId: `staff-${i}`, counters: countersOf(g.current) });
          if (g.previous) before.push({ staffId: `staff-${i}`, counters: countersOf(g.previous) });
        });
        // A group only in the previous period counts in the previous total, not as a row.
        before.push({ staffId: 'gone', counters: countersOf(groups[0]!.current) });
        const report = groupedScoreRows(current, before, range, minN);
        const previousOf = new Map(before.map((row) => [row.staffId, row.counters]));
        const expected = {
          total: referenceRow(undefined, sumAll(current), sumAll(before), range, minN),
          rows: current.map((row) => referenceRow(row.staffId, row.counters, previousOf.get(row.staffId) ?? emptyCounters(), range, minN)),
        };
        expect(JSON.stringify(report)).toBe(JSON.stringify(expected));
        expect(report).toEqual(expected);
        rowsChecked += report.rows.length;
      }),
      // 40 runs checked ≤ 200 rows in 5 % of seeds (fast-check favours short arrays: 163–~330 rows);
      // 80 runs check ~480 rows, never fewer than 390 in 2,000 samples.
      { numRuns: 80 },
    );
    expect(rowsChecked).toBeGreaterThan(200);
  });

  it('sums counters field by field over exactly COUNTER_FIELDS, in their order', () => {
    expect(Object.keys(emptyCounters())).toEqual([...COUNTER_FIELDS]);
    expect(Object.values(emptyCounters()).every((value) => value === 0)).toBe(true);
    const a = emptyCounters();
    const b = emptyCounters();
    COUNTER_FIELDS.forEach((field, i) => {
      a[field] = i + 1;
      b[field] = 100 * (i + 1);
    });
    const sum = addCounters(a, b);
    expect(sum).toBe(a);
    expect(Object.keys(sum)).toEqual([...COUNTER_FIELDS]);
    COUNTER_FIELDS.forEach((field, i) => expect(sum[field]).toBe(101 * (i + 1)));
  });
});

describe('leagueScoreRows', () => {
  /*
   * A league page computes full statistics for its own rows only and sorts by one number a group; it
   * must be exactly the page cut from the full table (order, ties by id, withheld rows last, global
   * ranks, totalRows, the total row) for every sort, order, filter and page.
   */
  it('equals the page cut from every row, for every sort, order, answered filter and page (property)', () => {
    const range = { from: '2026-09-26', to: '2026-10-25' };
    let pagesChecked = 0;
    fc.assert(
      fc.property(
        fc.array(group, { minLength: 0, maxLength: 40 }),
        fc.constantFrom(0, 1, 5, 30),
        fc.record({
          sort: fc.option(fc.constantFrom(...LEAGUE_SORTS), { nil: undefined }),
          order: fc.option(fc.constantFrom('asc' as const, 'desc' as const), { nil: undefined }),
          answered: fc.option(fc.constantFrom('nps' as const, 'csat' as const, 'ces' as const), { nil: undefined }),
          limit: fc.option(fc.integer({ min: 1, max: 15 }), { nil: undefined }),
          offset: fc.option(fc.integer({ min: 0, max: 45 }), { nil: undefined }),
        }),
        fc.boolean(),
        (groups, minN, paging, byLocation) => {
          const current: GroupedCounters[] = [];
          const before: GroupedCounters[] = [];
          // Ids in a shuffled order and with duplicates of scores, so ties by id are exercised.
          groups.forEach((g, i) => {
            const id = `g-${(i * 7919) % 97}-${i}`;
            const keys = byLocation ? { locationId: id } : { staffId: id };
            current.push({ ...keys, counters: countersOf(g.current) });
            if (g.previous) before.push({ ...keys, counters: countersOf(g.previous) });
            if (i % 5 === 4) current.push({ ...(byLocation ? { locationId: `${id}-twin` } : { staffId: `${id}-twin` }), counters: countersOf(g.current) });
          });
          const full = groupedScoreRows(current, before, range, minN);
          const expected = { total: full.total, ...pageLeagueRows(full.rows, paging) };
          const page = leagueScoreRows(current, before, range, minN, paging);
          expect(JSON.stringify(page)).toBe(JSON.stringify(expected));
          pagesChecked += 1;
        },
      ),
      { numRuns: 300 },
    );
    expect(pagesChecked).toBe(300);
  });
});

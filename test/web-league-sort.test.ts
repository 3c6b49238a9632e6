import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScoreMetric } from '../src/insights/model.ts';
import { pageLeagueRows, sortLeagueRows, type LeagueSort, type ScoreRow } from '../src/insights/scores.ts';

// The web's league rules, loaded at run time: a static import would make the server's tsc check the
// web's extensionless imports (the web compiles with bundler resolution).
type SortKey = 'name' | 'score' | 'n' | 'change';
interface WebModel {
  sortRows<T extends { row: ScoreRow; name: string }>(items: T[], metric: ScoreMetric, sort: { key: SortKey; descending: boolean }, collator: Intl.Collator): T[];
}
const WEB_MODEL = '../web/src/insights/insights-model.ts';
const { sortRows } = (await import(/* @vite-ignore */ WEB_MODEL)) as WebModel;

/*
 * The server's league order (sortLeagueRows, for paged tables) must be the web's (sortRows, which
 * sorted whole tables before): the same rows first, withheld scores and insignificant changes last in
 * either direction. The web breaks ties by name, the server by id; with names equal to the ids the two
 * orders are identical.
 */

const METRICS: ScoreMetric[] = ['nps', 'csat', 'ces'];

const metricArb = fc.record({
  // Few distinct values, so ties are common.
  score: fc.option(fc.integer({ min: -3, max: 3 }).map((value) => value * 10), { nil: null }),
  n: fc.integer({ min: 0, max: 4 }),
  significant: fc.boolean(),
  difference: fc.integer({ min: -2, max: 2 }),
});

const rowsArb = fc.array(fc.tuple(metricArb, metricArb, metricArb, fc.integer({ min: 0, max: 5 })), { maxLength: 40 }).map((groups) =>
  groups.map(([nps, csat, ces, responses], index) => {
    const view = (m: typeof nps) => ({ score: m.score, n: m.n, ci: null });
    const change = (m: typeof nps) => ({ score: null, n: 0, difference: m.significant ? m.difference : null, pValue: null, significant: m.significant });
    return {
      staffId: `s-${String(index).padStart(3, '0')}`,
      responses,
      comments: 0,
      nps: view(nps),
      csat: view(csat),
      ces: view(ces),
      previous: { from: '2026-01-01', to: '2026-01-31', nps: change(nps), csat: change(csat), ces: change(ces) },
    } as unknown as ScoreRow;
  }),
);

const collator = new Intl.Collator('en');
const webKeys: [SortKey, (metric: ScoreMetric) => LeagueSort][] = [
  ['score', (metric) => metric],
  ['n', (metric) => `${metric}.n`],
  ['change', (metric) => `${metric}.change`],
];

describe('sortLeagueRows', () => {
  it('orders rows exactly as the web’s sortRows does, for every metric, column and direction', () => {
    fc.assert(
      fc.property(rowsArb, fc.constantFrom(...METRICS), fc.constantFrom(...webKeys), fc.boolean(), (rows, metric, [key, serverSort], descending) => {
        const web = sortRows(
          rows.map((row) => ({ row, name: row.staffId! })),
          metric,
          { key, descending },
          collator,
        ).map((item) => item.name);
        const server = sortLeagueRows(rows, serverSort(metric), descending ? 'desc' : 'asc').map((row) => row.staffId);
        expect(server).toEqual(web);
      }),
    );
  });

  it('puts withheld scores last whatever the order', () => {
    const rows = [
      { staffId: 'a', nps: { score: null, n: 2 } },
      { staffId: 'b', nps: { score: 10, n: 9 } },
      { staffId: 'c', nps: { score: -20, n: 9 } },
    ] as unknown as ScoreRow[];
    expect(sortLeagueRows(rows, 'nps', 'desc').map((row) => row.staffId)).toEqual(['b', 'c', 'a']);
    expect(sortLeagueRows(rows, 'nps', 'asc').map((row) => row.staffId)).toEqual(['c', 'b', 'a']);
  });
});

describe('pageLeagueRows', () => {
  it('gives pages that put together are the whole sorted table, with global ranks', () => {
    fc.assert(
      fc.property(rowsArb, fc.integer({ min: 1, max: 9 }), fc.constantFrom(...METRICS), (rows, limit, metric) => {
        const whole = pageLeagueRows(rows, { sort: `${metric}.n`, order: 'asc' });
        const pages = [];
        for (let offset = 0; offset < rows.length; offset += limit) {
          const page = pageLeagueRows(rows, { sort: `${metric}.n`, order: 'asc', limit, offset });
          expect(page.totalRows).toBe(rows.length);
          pages.push(...page.rows);
        }
        expect(pages).toEqual(whole.rows);
        // Ranks: 1 … k over the rows with a score, by score (highest first), whatever the sort.
        const byScore = sortLeagueRows(rows, metric, 'desc').filter((row) => row[metric].score !== null);
        const rankOf = new Map(whole.rows.map((row) => [row.staffId, row.rank]));
        expect(byScore.map((row) => rankOf.get(row.staffId))).toEqual(byScore.map((_, index) => index + 1));
        expect(whole.rows.filter((row) => row[metric].score === null).every((row) => row.rank === null)).toBe(true);
      }),
    );
  });

  it('keeps only the groups answered on a metric when asked', () => {
    const rows = [
      { staffId: 'a', nps: { score: null, n: 0 }, csat: { score: 80, n: 6 } },
      { staffId: 'b', nps: { score: 10, n: 9 }, csat: { score: null, n: 0 } },
    ] as unknown as ScoreRow[];
    expect(pageLeagueRows(rows, { answered: 'nps' })).toEqual({ rows: [rows[1]], totalRows: 1 });
  });
});

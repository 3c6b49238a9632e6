import { describe, expect, it } from 'vitest';
import { analyzeTable, type Cell, type ParsedTable } from './analyze-table.ts';
import { cesFromScores } from './ces-from-scores.ts';
import { csatFromScores } from './csat-from-scores.ts';
import { countNpsAnswers } from './count-nps-answers.ts';
import { npsFromCounts } from './nps-from-counts.ts';
import { SERVICE_HALL_MOMENTS as MOMENTS, serviceHallSample as serviceHallRows } from './service-hall-sample.ts';

function tableOf(rows: Cell[][]): ParsedTable {
  return { header: rows[0]!, rows: rows.slice(1).map((values, i) => ({ line: i + 2, values })) };
}

describe('analyzeTable', () => {
  const rows = serviceHallRows();
  const result = analyzeTable(tableOf(rows));

  it('computes overall and per-moment NPS, CSAT and CES exactly as the library functions do', () => {
    expect(result.rows).toEqual({ total: 320, used: 320, rejected: 0 });
    const data = rows.slice(1);
    expect(result.overall.nps).toEqual(npsFromCounts(countNpsAnswers(data.map((r) => r[2] as number))));
    const queue = result.byMoment.find((g) => g.key === 'queue')!;
    const queueRows = data.filter((r) => r[1] === 'queue');
    expect(queue.responses).toBe(80);
    expect(queue.csat).toEqual(csatFromScores(queueRows.map((r) => r[3] as number)));
    expect(queue.ces).toBeNull();
    const counter = result.byMoment.find((g) => g.key === 'counter')!;
    expect(counter.ces).toEqual(cesFromScores(data.filter((r) => r[1] === 'counter').map((r) => r[4] as number)));
    expect(result.byMoment.map((g) => g.key)).toEqual(MOMENTS);
    expect(result.byLocation!.map((g) => g.key)).toEqual(['North', 'South']);
    expect(result.byStaff).toBeNull();
    expect(result.overall.overallRating!.visits).toBe(80);
  });

  it('finds the counter and leaving moments as the drivers and the peak–end pattern', () => {
    const d = result.drivers!;
    expect(d.ratingColumn).toBe('csat');
    expect(d.visits).toBe(80);
    expect(d.moments.slice(0, 2).map((m) => m.moment).sort()).toEqual(['counter', 'leave']);
    expect(d.moments.reduce((s, m) => s + m.weight, 0)).toBeCloseTo(d.rSquared, 10);
    expect(d.moments.reduce((s, m) => s + m.shapley!, 0)).toBeCloseTo(d.rSquared, 10);
    const p = result.peakEnd!;
    expect(p.visits).toBe(80);
    expect(p.withOverall).toBe(80);
    expect(p.meanMomentsPerVisit).toBe(4);
    expect(p.endMoments).toEqual([{ moment: 'leave', visits: 80 }]);
    expect(p.regression).not.toBeNull();
    expect(result.notes.filter((n) => n.startsWith('drivers'))).toEqual([]);
  });

  it('rates moments with the column asked for', () => {
    const r = analyzeTable(tableOf(rows), { ratingColumn: 'nps' });
    expect(r.drivers!.ratingColumn).toBe('nps');
    expect(r.peakEnd!.ratingColumn).toBe('nps');
    expect(() => analyzeTable(tableOf(rows), { ratingColumn: 'overall' as never })).toThrow(/^options\.ratingColumn/);
  });

  it('orders a visit’s moments by date when every row has one', () => {
    const shuffled = [rows[0]!, ...rows.slice(1).reverse()];
    const r = analyzeTable(tableOf(shuffled));
    expect(r.peakEnd!.endMoments).toEqual([{ moment: 'leave', visits: 80 }]);
  });

  it('rejects bad rows with their line and keeps the good ones', () => {
    const bad: Cell[][] = [
      ['Moment', 'NPS', 'CSAT', 'visit', 'overall'],
      ['queue', '9', '4', 'a', '8'],
      ['counter', '11', '5', 'a', '8'],
      ['', '5', '3', 'b', ''],
      ['counter', 'nine', '', 'b', ''],
      ['leave', '7', '6', 'b', ''],
      ['leave', '7.5', '', 'c', ''],
      ['leave', '', '', 'c', ''],
      ['leave', '8', '', 'a', '9'],
      ['leave', '10', '5', '', ''],
    ];
    const r = analyzeTable(tableOf(bad));
    expect(r.rows).toEqual({ total: 9, used: 2, rejected: 7 });
    expect(r.errors).toEqual([
      { line: 3, column: 'nps', message: 'nps: 11 is outside 0–10 (an integer answer from 0 to 10)' },
      { line: 4, column: 'moment', message: 'moment: is empty; every row needs the moment it rates' },
      { line: 5, column: 'nps', message: 'nps: "nine" is not a number' },
      { line: 6, column: 'csat', message: 'csat: 6 is outside 1–5 (an integer answer from 1 to 5)' },
      { line: 7, column: 'nps', message: 'nps: 7.5 is outside 0–10 (an integer answer from 0 to 10)' },
      { line: 8, column: 'moment', message: 'moment: the row has no score (nps, csat, ces or overall)' },
      { line: 9, column: 'overall', message: 'overall: 9 differs from 8 given for visit "a" on line 2' },
    ]);
    expect(r.overall.nps!.n).toBe(2);
    expect(r.drivers).toBeNull();
  });

  it('refuses a table without the required columns', () => {
    expect(() => analyzeTable({ header: ['visit', 'score'], rows: [] })).toThrow(/^columns: the header has no "moment" column \(found: visit, score\)/);
    expect(() => analyzeTable({ header: ['moment', 'overall'], rows: [] })).toThrow(/^columns: the header needs at least one of "nps", "csat", "ces"/);
  });

  it('explains why drivers and peak–end are missing without visits', () => {
    const r = analyzeTable(tableOf([['moment', 'csat'], ['queue', 4], ['counter', 5]]));
    expect(r.drivers).toBeNull();
    expect(r.peakEnd).toBeNull();
    expect(r.notes[0]).toMatch(/no "visit" column/);
  });
});

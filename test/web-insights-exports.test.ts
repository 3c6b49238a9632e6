import { describe, expect, it } from 'vitest';
import {
  csvText,
  exportFileName,
  heatmapExportTable,
  isWithheld,
  leagueExportTable,
  staffDisplayName,
  trendExportTable,
  type HeatmapMomentLike,
  type LeagueItem,
  type ScoreRowLike,
  type Translate,
} from '../web/src/insights/table-export.ts';

// The pure halves of the dashboards' exports (issue #5.4): what a CSV/XLSX of a table contains.

/** A translation stub that shows the key and its values, so tests see which text a cell got. */
const t: Translate = (key, options) => (options ? `${key}${JSON.stringify(options)}` : key);

const noChange = { score: null, difference: null, pValue: null, significant: false };

function row(parts: { staffId?: string | null; locationId?: string | null; n: number; score: number | null; ci?: [number, number] | null; periodStart?: string }): ScoreRowLike {
  const view: { score: number | null; n: number; ci: [number, number] | null } = { score: parts.score, n: parts.n, ci: parts.ci === undefined ? (parts.score === null ? null : [parts.score - 10, parts.score + 10]) : parts.ci };
  return {
    staffId: parts.staffId,
    locationId: parts.locationId,
    periodStart: parts.periodStart,
    periodEnd: parts.periodStart,
    nps: view,
    csat: { score: null, n: 0, ci: null },
    ces: { score: null, n: 0, ci: null },
    previous: { nps: { score: 20, difference: 15, pValue: 0.01, significant: true }, csat: noChange, ces: noChange },
  };
}

describe('exportFileName', () => {
  it('names the area, journey, period and export day, in ASCII', () => {
    expect(exportFileName('outlets', { journey: 'service-hall', from: '2026-01-01', to: '2026-01-31' }, 'xlsx', new Date(2026, 1, 3, 12))).toBe(
      'keymoment-outlets-service-hall-2026-01-01_2026-01-31-2026-02-03.xlsx',
    );
    expect(exportFileName('Trend NPS', { journey: null, from: '2026-01-01', to: '2026-01-31' }, 'png', new Date(2026, 1, 3, 12))).toBe('keymoment-trend-nps-2026-01-01_2026-01-31-2026-02-03.png');
  });
});

describe('staffDisplayName', () => {
  const names = new Map([
    ['S-17', '王小明'],
    ['S-18', '  '],
  ]);
  it('shows the directory name, else the id, and null for no staff member', () => {
    expect(staffDisplayName('S-17', names)).toBe('王小明');
    expect(staffDisplayName('S-99', names)).toBe('S-99');
    expect(staffDisplayName('S-18', names)).toBe('S-18');
    expect(staffDisplayName(null, names)).toBeNull();
    expect(staffDisplayName('S-17', new Map())).toBe('S-17');
  });
});

describe('leagueExportTable', () => {
  const metric = 'nps' as const;
  const ranked = row({ staffId: 'S-17', n: 40, score: 35 });
  const second = row({ staffId: 'S-20', n: 12, score: 10 });
  const withheld = row({ staffId: 'S-18', n: 3, score: null, ci: null });
  // A score the server sent although n is under the reader's minimum (say, an older cached answer): still withheld.
  const belowMinN = row({ staffId: 'S-19', n: 4, score: 80 });
  const empty = row({ staffId: 'S-21', n: 0, score: null, ci: null });
  const names = new Map([['S-17', 'Анна Петрова']]);
  const items: LeagueItem[] = [ranked, second, withheld, belowMinN, empty].map((r) => ({ row: r, name: staffDisplayName(r.staffId, names)! }));
  const table = leagueExportTable({ groupBy: 'staff', metric, minN: 5, items, ranks: new Map([[ranked, 1], [second, 2]]), t });

  it('has name and id columns', () => {
    expect(table.header.slice(0, 5)).toEqual(['insights.league.columns.rank', 'insights.league.staff', 'insights.export.staffId', 'insights.league.columns.n', 'insights.metrics.nps']);
    expect(table.rows[0]!.slice(0, 3)).toEqual([1, 'Анна Петрова', 'S-17']);
    expect(table.rows[1]!.slice(0, 3)).toEqual([2, 'S-20', 'S-20']);
  });

  it('exports ranked scores with their interval and change', () => {
    expect(table.rows[0]).toEqual([1, 'Анна Петрова', 'S-17', 40, 35, 25, 45, 'insights.export.ranked', 20, 15, 0.01, true]);
  });

  it('never exports a score the minimum-n rule withholds, and marks the row', () => {
    const rowOf = (id: string) => table.rows.find((cells) => cells[2] === id)!;
    for (const id of ['S-18', 'S-19']) {
      const cells = rowOf(id);
      expect(cells[0]).toBeNull();
      expect(cells.slice(4, 7)).toEqual([null, null, null]);
      expect(cells[7]).toBe('insights.league.tooFew{"minN":5}');
    }
    expect(rowOf('S-19')[3]).toBe(4);
    expect(isWithheld(belowMinN, metric, 5)).toBe(true);
    expect(isWithheld(ranked, metric, 5)).toBe(false);
  });

  it('leaves out rows without answers, as the screen does', () => {
    expect(table.rows.map((cells) => cells[2])).toEqual(['S-17', 'S-20', 'S-18', 'S-19']);
  });

  it('names outlets by location and their id', () => {
    const outlet = row({ locationId: '0190-loc', n: 30, score: 12 });
    const outlets = leagueExportTable({ groupBy: 'location', metric, minN: 5, items: [{ row: outlet, name: 'East / Harbour' }], ranks: new Map([[outlet, 1]]), t });
    expect(outlets.header[2]).toBe('insights.export.locationId');
    expect(outlets.rows[0]!.slice(1, 5)).toEqual(['East / Harbour', '0190-loc', 30, 12]);
    expect(outlets.name).toBe('insights.league.locationTitle');
  });
});

describe('trendExportTable and heatmapExportTable', () => {
  it('exports every period, withheld ones without a score', () => {
    const table = trendExportTable({ rows: [row({ n: 30, score: 20, periodStart: '2026-01-05' }), row({ n: 2, score: null, ci: null, periodStart: '2026-01-12' })], metric: 'nps', minN: 5, t });
    expect(table.rows).toEqual([
      ['2026-01-05', '2026-01-05', 30, 20, 10, 30],
      ['2026-01-12', '2026-01-12', 2, null, null, null],
    ]);
  });

  it('exports each moment with stage, flags, target and status', () => {
    const moment = (key: string, scores: ScoreRowLike, peak: boolean): HeatmapMomentLike => ({
      momentKey: key,
      stageKey: 'arrive',
      peak,
      end: false,
      scores,
      benchmarks: { nps: { comparator: 'gte', value: 30 } },
    });
    const table = heatmapExportTable({
      moments: [moment('greeting', row({ n: 40, score: 35 }), true), moment('queue', row({ n: 2, score: null, ci: null }), false)],
      metric: 'nps',
      minN: 5,
      stageName: (key) => (key === 'arrive' ? '到达' : key),
      momentName: (m) => m.momentKey,
      status: () => 'ok',
      t,
    });
    expect(table.rows).toEqual([
      ['到达', 'greeting', 'greeting', true, false, 40, 35, 25, 45, 'gte', 30, 'ok'],
      ['到达', 'queue', 'queue', false, false, 2, null, null, null, 'gte', 30, 'ok'],
    ]);
  });
});

describe('csvText', () => {
  it('neutralises cells a spreadsheet would run as a formula and keeps CJK and Cyrillic', () => {
    const text = csvText(['name', 'score'], [['=HYPERLINK("x")', 1], ['营业厅 Анна', -5], ['@SUM(A1)', null]]);
    expect(text.split('\r\n')).toEqual(['name,score', `"'=HYPERLINK(""x"")",1`, '营业厅 Анна,-5', "'@SUM(A1),"]);
  });
});

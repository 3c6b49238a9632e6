import { cesFromSummary, easyThreshold, type CesResult, type CesSummary } from './ces-from-scores.ts';
import { csatFromSummary, validateScale, type CsatResult, type CsatSummary } from './csat-from-scores.ts';
import { importancePerformance, type IpaQuadrant } from './importance-performance.ts';
import { meanFromSummary, type MeanEstimate, type ScoreSummary } from './mean-from-summary.ts';
import { npsFromCounts, validateNpsMethod, type NpsCounts, type NpsMethod, type NpsResult } from './nps-from-counts.ts';
import { peakEnd, type PeakEndRegression, type PeakRule } from './peak-end.ts';
import { relativeWeights } from './relative-weights.ts';
import { SHAPLEY_MAX_PREDICTORS, shapleyR2 } from './shapley-r2.ts';
import { validateLevel } from './validate.ts';

/** A cell as a reader delivers it (CSV text, or XLSX numbers/strings/booleans; dates as ISO text). */
export type Cell = string | number | boolean | null | undefined;

/** A parsed table: its header and its data rows, each with the file line (CSV) or sheet row (XLSX) it came from. */
export interface ParsedTable {
  header: readonly Cell[];
  rows: readonly { line: number; values: readonly Cell[] }[];
}

export interface AnalyzeOptions {
  /** Confidence level of every interval (default 0.95). */
  level?: number;
  /** NPS interval method (default 'adjusted-wald'). */
  method?: NpsMethod;
  /** Highest CSAT answer (default 5: answers 1–5). */
  csatScale?: number;
  /** Highest CES answer (default 7: answers 1–7). */
  cesScale?: number;
  /** Peak rule for the peak–end analysis (default 'extreme'). */
  peak?: PeakRule;
  /**
   * Score column that rates the moments for drivers and peak–end. Default: the first of csat, nps, ces
   * that rates at least 80 % as many rows inside visits as the best-covered of the three.
   */
  ratingColumn?: RatingColumn;
  /** At most this many row errors are kept in `errors` (all are counted in rows.rejected). Default 1000. */
  maxErrors?: number;
}

export interface RowError {
  line: number;
  column: string | null;
  message: string;
}

export interface GroupScores {
  key: string;
  /** Rows (answers) of this group. */
  responses: number;
  nps: NpsResult | null;
  csat: CsatResult | null;
  ces: CesResult | null;
}

export type RatingColumn = 'csat' | 'nps' | 'ces';

export interface DriverMoment {
  moment: string;
  /** Johnson relative weight (share of R², ≥ 0; the weights sum to rSquared). */
  weight: number;
  /** Weight as percent of R² (sum 100). */
  rescaled: number;
  /** LMG/Shapley share of R² (null beyond 15 moments). */
  shapley: number | null;
  /** Mean rating of the moment over the visits used. */
  performance: number;
  /** Importance–performance quadrant (split: mean weight and mean performance). */
  quadrant: IpaQuadrant;
}

export interface DriversResult {
  method: 'relative-weights';
  /** Which score column rated the moments. */
  ratingColumn: RatingColumn;
  /** Visits used: those with an overall rating that rated every moment listed. */
  visits: number;
  rSquared: number;
  /** Moments by decreasing weight. */
  moments: DriverMoment[];
}

export interface PeakEndSummary {
  ratingColumn: RatingColumn;
  peakRule: PeakRule;
  /** Visits with at least one rated moment. */
  visits: number;
  /** Of those, visits with an overall rating (used for correlations and regression). */
  withOverall: number;
  /** Mean number of rated moments per visit. */
  meanMomentsPerVisit: number;
  correlationPeakEnd: number | null;
  correlationMean: number | null;
  regression: PeakEndRegression | null;
  regressionNote: string | null;
  /** How often each moment was the peak of a visit, most frequent first. */
  peakMoments: { moment: string; visits: number }[];
  /** How often each moment ended a visit, most frequent first. */
  endMoments: { moment: string; visits: number }[];
}

export interface AnalyzeResult {
  rows: { total: number; used: number; rejected: number };
  errors: RowError[];
  overall: {
    responses: number;
    nps: NpsResult | null;
    csat: CsatResult | null;
    ces: CesResult | null;
    /** The per-visit `overall` column: one rating per visit. */
    overallRating: { visits: number; mean: MeanEstimate; nps: NpsResult | null } | null;
  };
  byMoment: GroupScores[];
  byLocation: GroupScores[] | null;
  byStaff: GroupScores[] | null;
  drivers: DriversResult | null;
  peakEnd: PeakEndSummary | null;
  /** Why an optional section is null or limited. */
  notes: string[];
  settings: { level: number; method: NpsMethod; csatScale: number; cesScale: number };
}

export const ANALYZE_COLUMNS = ['moment', 'nps', 'csat', 'ces', 'visit', 'overall', 'location', 'staff', 'date'] as const;
type ColumnName = (typeof ANALYZE_COLUMNS)[number];

interface CleanRow {
  line: number;
  moment: string;
  nps: number | null;
  csat: number | null;
  ces: number | null;
  visit: string | null;
  overall: number | null;
  location: string | null;
  staff: string | null;
  time: number | null;
}

class Accumulator {
  responses = 0;
  nps: NpsCounts = { promoters: 0, passives: 0, detractors: 0 };
  csat: CsatSummary = { n: 0, sum: 0, sumSquares: 0, topBox: 0 };
  ces: CesSummary = { n: 0, sum: 0, sumSquares: 0, easy: 0 };
  constructor(readonly key: string) {}
  add(row: CleanRow, csatScale: number, cesScale: number): void {
    this.responses++;
    if (row.nps !== null) {
      if (row.nps >= 9) this.nps.promoters++;
      else if (row.nps >= 7) this.nps.passives++;
      else this.nps.detractors++;
    }
    if (row.csat !== null) {
      addTo(this.csat, row.csat);
      if (row.csat >= csatScale - 1) this.csat.topBox++;
    }
    if (row.ces !== null) {
      addTo(this.ces, row.ces);
      if (row.ces >= easyThreshold(cesScale)) this.ces.easy++;
    }
  }
  result(options: Required<Pick<AnalyzeOptions, 'level' | 'method' | 'csatScale' | 'cesScale'>>): GroupScores {
    const npsN = this.nps.promoters + this.nps.passives + this.nps.detractors;
    return {
      key: this.key,
      responses: this.responses,
      nps: npsN > 0 ? npsFromCounts(this.nps, { method: options.method, level: options.level }) : null,
      csat: this.csat.n > 0 ? csatFromSummary(this.csat, { scale: options.csatScale, level: options.level }) : null,
      ces: this.ces.n > 0 ? cesFromSummary(this.ces, { scale: options.cesScale, level: options.level }) : null,
    };
  }
}

function addTo(summary: ScoreSummary, x: number): void {
  summary.n++;
  summary.sum += x;
  summary.sumSquares += x * x;
}

function text(value: Cell): string | null {
  if (value === null || value === undefined) return null;
  const s = String(value).trim();
  return s === '' ? null : s;
}

class CellError extends Error {
  constructor(
    readonly column: ColumnName,
    message: string,
  ) {
    super(message);
  }
}

function numberCell(column: ColumnName, value: Cell): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new CellError(column, `${value} is not a number`);
    return value;
  }
  if (typeof value === 'boolean') throw new CellError(column, `${value} is not a number`);
  const s = value.trim();
  if (s === '') return null;
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s)) throw new CellError(column, `${JSON.stringify(s.length > 30 ? `${s.slice(0, 30)}…` : s)} is not a number`);
  return Number(s);
}

function integerAnswer(column: ColumnName, value: Cell, min: number, max: number): number | null {
  const x = numberCell(column, value);
  if (x === null) return null;
  if (!Number.isInteger(x) || x < min || x > max) throw new CellError(column, `${x} is outside ${min}–${max} (an integer answer from ${min} to ${max})`);
  return x;
}

function timeCell(value: Cell): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new CellError('date', `${value} is not a date`);
    return value; // already a time stamp or serial; only its order matters
  }
  const s = String(value).trim();
  if (s === '') return null;
  const t = Date.parse(s);
  if (Number.isNaN(t)) throw new CellError('date', `${JSON.stringify(s.length > 30 ? `${s.slice(0, 30)}…` : s)} is not a date (use ISO 8601, e.g. 2026-03-01 or 2026-03-01T10:15)`);
  return t;
}

function countBy(values: string[]): { moment: string; visits: number }[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].map(([moment, visits]) => ({ moment, visits })).sort((a, b) => b.visits - a.visits);
}

/**
 * Analyses a table of moment ratings (the engine of `keymoment analyze`). Pure: takes parsed rows.
 *
 * Columns (header names are case-insensitive; others are ignored): `moment` (required), `nps` (0–10),
 * `csat` (1–csatScale), `ces` (1–cesScale) — at least one of these three columns — and optional
 * `visit` (id grouping the rows of one visit), `overall` (the visit's overall rating, 0–10),
 * `location`, `staff`, `date` (orders the moments within a visit; file order otherwise).
 * A row with a bad value is rejected whole and reported with its line and column; good rows are kept.
 * Results: pooled and per-moment NPS ({@link npsFromCounts}), CSAT ({@link csatFromSummary}) and CES
 * ({@link cesFromSummary}); drivers = Johnson relative weights ({@link relativeWeights}) and LMG shares
 * ({@link shapleyR2}) of the moment ratings on the visit's overall rating; and the peak–end analysis
 * ({@link peakEnd}) of each visit's ordered moment ratings. The moment rating used for drivers and
 * peak–end is `options.ratingColumn`, by default the first of csat, nps, ces that rates at least 80 % as
 * many rows inside visits as the best-covered one.
 * Throws RangeError only for a table it cannot read at all (no `moment` column, no score column).
 */
export function analyzeTable(table: ParsedTable, options: AnalyzeOptions = {}): AnalyzeResult {
  const level = validateLevel(options.level);
  const method: NpsMethod = options.method ?? 'adjusted-wald';
  const csatScale = validateScale(options.csatScale, 5, 'options.csatScale');
  const cesScale = validateScale(options.cesScale, 7, 'options.cesScale');
  if (options.method !== undefined) validateNpsMethod(options.method);
  const settings = { level, method, csatScale, cesScale };
  const maxErrors = options.maxErrors ?? 1000;

  const index = new Map<ColumnName, number>();
  table.header.forEach((cell, i) => {
    const name = text(cell)?.toLowerCase() as ColumnName | undefined;
    if (name && (ANALYZE_COLUMNS as readonly string[]).includes(name) && !index.has(name)) index.set(name, i);
  });
  const found = table.header.map((c) => text(c) ?? '').filter(Boolean).join(', ') || 'none';
  if (!index.has('moment')) throw new RangeError(`columns: the header has no "moment" column (found: ${found})`);
  if (!index.has('nps') && !index.has('csat') && !index.has('ces')) {
    throw new RangeError(`columns: the header needs at least one of "nps", "csat", "ces" (found: ${found})`);
  }
  const cell = (values: readonly Cell[], name: ColumnName): Cell => {
    const i = index.get(name);
    return i === undefined ? undefined : values[i];
  };

  const errors: RowError[] = [];
  let rejected = 0;
  const reject = (line: number, column: string | null, message: string) => {
    rejected++;
    if (errors.length < maxErrors) errors.push({ line, column, message });
  };
  const rows: CleanRow[] = [];
  const overallOfVisit = new Map<string, { value: number; line: number }>();
  for (const { line, values } of table.rows) {
    try {
      const moment = text(cell(values, 'moment'));
      if (moment === null) throw new CellError('moment', 'is empty; every row needs the moment it rates');
      const row: CleanRow = {
        line,
        moment,
        nps: integerAnswer('nps', cell(values, 'nps'), 0, 10),
        csat: integerAnswer('csat', cell(values, 'csat'), 1, csatScale),
        ces: integerAnswer('ces', cell(values, 'ces'), 1, cesScale),
        visit: text(cell(values, 'visit')),
        overall: numberCell('overall', cell(values, 'overall')),
        location: text(cell(values, 'location')),
        staff: text(cell(values, 'staff')),
        time: timeCell(cell(values, 'date')),
      };
      if (row.overall !== null && (row.overall < 0 || row.overall > 10)) throw new CellError('overall', `${row.overall} is outside 0–10`);
      if (row.nps === null && row.csat === null && row.ces === null && row.overall === null) {
        throw new CellError('moment', 'the row has no score (nps, csat, ces or overall)');
      }
      if (row.visit !== null && row.overall !== null) {
        const seen = overallOfVisit.get(row.visit);
        if (seen && seen.value !== row.overall) {
          throw new CellError('overall', `${row.overall} differs from ${seen.value} given for visit "${row.visit}" on line ${seen.line}`);
        }
        if (!seen) overallOfVisit.set(row.visit, { value: row.overall, line });
      }
      rows.push(row);
    } catch (error) {
      if (error instanceof CellError) reject(line, error.column, `${error.column}: ${error.message}`);
      else throw error;
    }
  }

  const notes: string[] = [];
  const groupOptions = { level, method, csatScale, cesScale };
  const pooled = new Accumulator('all');
  const group = (key: (r: CleanRow) => string | null) => {
    const map = new Map<string, Accumulator>();
    for (const r of rows) {
      const k = key(r);
      if (k === null) continue;
      let acc = map.get(k);
      if (!acc) map.set(k, (acc = new Accumulator(k)));
      acc.add(r, csatScale, cesScale);
    }
    return [...map.values()].map((a) => a.result(groupOptions));
  };
  for (const r of rows) pooled.add(r, csatScale, cesScale);
  const pooledResult = pooled.result(groupOptions);

  // Visits: rows sharing a `visit` id, in date order when every row of the visit has a date.
  const visits = new Map<string, CleanRow[]>();
  for (const r of rows) {
    if (r.visit === null) continue;
    let list = visits.get(r.visit);
    if (!list) visits.set(r.visit, (list = []));
    list.push(r);
  }
  if (rows.some((r) => r.visit === null && r.overall !== null)) notes.push('overall ratings on rows without a visit id were ignored (overall belongs to a visit)');
  for (const list of visits.values()) {
    if (list.every((r) => r.time !== null)) list.sort((a, b) => a.time! - b.time! || a.line - b.line);
  }
  const overallRatings = [...visits.keys()].map((v) => overallOfVisit.get(v)?.value).filter((x): x is number => x !== undefined);
  let overallRating: AnalyzeResult['overall']['overallRating'] = null;
  if (overallRatings.length > 0) {
    const summary = overallRatings.reduce((s, x) => ({ n: s.n + 1, sum: s.sum + x, sumSquares: s.sumSquares + x * x }), { n: 0, sum: 0, sumSquares: 0 });
    const integers = overallRatings.every((x) => Number.isInteger(x));
    const counts = { promoters: 0, passives: 0, detractors: 0 };
    for (const x of overallRatings) counts[x >= 9 ? 'promoters' : x >= 7 ? 'passives' : 'detractors']++;
    overallRating = {
      visits: overallRatings.length,
      mean: meanFromSummary(summary, { level }),
      nps: integers ? npsFromCounts(counts, { method, level }) : null,
    };
  }

  // The moment rating for drivers and peak–end: the score column with the most answers inside visits.
  const visitRows = rows.filter((r) => r.visit !== null);
  const columns: RatingColumn[] = ['csat', 'nps', 'ces'];
  const coverage = new Map(columns.map((c) => [c, visitRows.filter((r) => r[c] !== null).length]));
  const most = Math.max(...coverage.values());
  const ratingColumn: RatingColumn = options.ratingColumn ?? columns.find((c) => coverage.get(c)! >= 0.8 * most)!;
  if (options.ratingColumn !== undefined && !columns.includes(options.ratingColumn)) {
    throw new RangeError(`options.ratingColumn: expected 'csat', 'nps' or 'ces', got ${JSON.stringify(options.ratingColumn)}`);
  }
  const ratedRows = visitRows.filter((r) => r[ratingColumn] !== null);
  const scale = ratingColumn === 'nps' ? { min: 0, max: 10 } : { min: 1, max: ratingColumn === 'csat' ? csatScale : cesScale };

  let drivers: DriversResult | null = null;
  let peakEndSummary: PeakEndSummary | null = null;
  if (visits.size === 0) {
    notes.push('no "visit" column (or no visit ids): drivers and peak–end need the rows of each visit grouped by a visit id');
  } else if (ratedRows.length === 0) {
    notes.push('no moment ratings inside visits: drivers and peak–end were skipped');
  } else {
    drivers = computeDrivers(visits, overallOfVisit, ratingColumn, notes);
    peakEndSummary = computePeakEnd(visits, overallOfVisit, ratingColumn, scale, options.peak ?? 'extreme', notes);
  }

  return {
    rows: { total: table.rows.length, used: rows.length, rejected },
    errors,
    overall: { responses: rows.length, nps: pooledResult.nps, csat: pooledResult.csat, ces: pooledResult.ces, overallRating },
    byMoment: group((r) => r.moment),
    byLocation: index.has('location') ? group((r) => r.location) : null,
    byStaff: index.has('staff') ? group((r) => r.staff) : null,
    drivers,
    peakEnd: peakEndSummary,
    notes,
    settings,
  };
}

function computeDrivers(
  visits: Map<string, CleanRow[]>,
  overallOfVisit: Map<string, { value: number }>,
  column: RatingColumn,
  notes: string[],
): DriversResult | null {
  // Mean rating per (visit, moment) for visits with an overall rating.
  const perVisit: { overall: number; ratings: Map<string, number> }[] = [];
  for (const [id, list] of visits) {
    const overall = overallOfVisit.get(id)?.value;
    if (overall === undefined) continue;
    const sums = new Map<string, { sum: number; n: number }>();
    for (const r of list) {
      const x = r[column];
      if (x === null) continue;
      const s = sums.get(r.moment) ?? { sum: 0, n: 0 };
      s.sum += x;
      s.n++;
      sums.set(r.moment, s);
    }
    if (sums.size > 0) perVisit.push({ overall, ratings: new Map([...sums].map(([m, s]) => [m, s.sum / s.n])) });
  }
  if (perVisit.length === 0) {
    notes.push('drivers: no visit has both an overall rating and moment ratings');
    return null;
  }
  // Moments rated in at least half of these visits, most rated first; drop the least rated until
  // enough visits rate all of them (listwise deletion).
  const frequency = new Map<string, number>();
  for (const v of perVisit) for (const m of v.ratings.keys()) frequency.set(m, (frequency.get(m) ?? 0) + 1);
  let moments = [...frequency.entries()].filter(([, f]) => f >= perVisit.length / 2).sort((a, b) => b[1] - a[1]).map(([m]) => m);
  while (moments.length >= 2) {
    const complete = perVisit.filter((v) => moments.every((m) => v.ratings.has(m)));
    const needed = Math.max(moments.length + 2, 10);
    if (complete.length >= needed) {
      const X = complete.map((v) => moments.map((m) => v.ratings.get(m)!));
      const y = complete.map((v) => v.overall);
      try {
        const rw = relativeWeights(X, y);
        const lmg = moments.length <= SHAPLEY_MAX_PREDICTORS ? shapleyR2(X, y).shares : null;
        const performance = moments.map((_, j) => X.reduce((s, row) => s + row[j]!, 0) / X.length);
        const ipa = importancePerformance(
          Object.fromEntries(moments.map((m, j) => [m, rw.weights[j]!])),
          Object.fromEntries(moments.map((m, j) => [m, performance[j]!])),
        );
        const list = moments.map((moment, j) => ({
          moment,
          weight: rw.weights[j]!,
          rescaled: rw.rescaled[j]!,
          shapley: lmg ? lmg[j]! : null,
          performance: performance[j]!,
          quadrant: ipa.moments[j]!.quadrant,
        }));
        list.sort((a, b) => b.weight - a.weight);
        if (complete.length < 30) notes.push(`drivers: only ${complete.length} complete visits; treat the weights as indicative`);
        return { method: 'relative-weights', ratingColumn: column, visits: complete.length, rSquared: rw.rSquared, moments: list };
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
        notes.push(`drivers: ${error.message.replace(/^X: /, 'moment ratings: ').replace(/^y: /, 'overall: ')}`);
        return null;
      }
    }
    moments = moments.slice(0, -1);
  }
  notes.push('drivers: not enough visits rate the same two or more moments together with an overall rating (at least 10 are needed)');
  return null;
}

function computePeakEnd(
  visits: Map<string, CleanRow[]>,
  overallOfVisit: Map<string, { value: number }>,
  column: RatingColumn,
  scale: { min: number; max: number },
  rule: PeakRule,
  notes: string[],
): PeakEndSummary | null {
  const episodes: { scores: number[]; moments: string[]; overall: number | null }[] = [];
  for (const [id, list] of visits) {
    const rated = list.filter((r) => r[column] !== null);
    if (rated.length === 0) continue;
    episodes.push({ scores: rated.map((r) => r[column]!), moments: rated.map((r) => r.moment), overall: overallOfVisit.get(id)?.value ?? null });
  }
  if (episodes.length === 0) return null;
  const result = peakEnd(episodes, { scale, peak: rule });
  if (result.n === 0) notes.push('peak–end: no visit has an overall rating, so only the per-visit peaks and ends are reported');
  return {
    ratingColumn: column,
    peakRule: rule,
    visits: episodes.length,
    withOverall: result.n,
    meanMomentsPerVisit: episodes.reduce((s, e) => s + e.scores.length, 0) / episodes.length,
    correlationPeakEnd: result.correlationPeakEnd,
    correlationMean: result.correlationMean,
    regression: result.regression,
    regressionNote: result.regressionNote,
    peakMoments: countBy(result.episodes.map((e, i) => episodes[i]!.moments[e.peakIndex]!)),
    endMoments: countBy(episodes.map((e) => e.moments[e.moments.length - 1]!)),
  };
}

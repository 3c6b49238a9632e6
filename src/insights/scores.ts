import { effectiveBlueprintOfVersion, type Blueprint, type EffectiveBlueprint } from '../journeys/index.ts';
import type { Db } from '../platform/database.ts';
import { isAreaLadderCurrent, refreshAreaLadderInBackground } from './area-ladder.ts';
import { badRequest, NotFoundError } from '../platform/errors.ts';
import { orgReferenceCache } from '../platform/org-reference-cache.ts';
import {
  addDays,
  addCounters,
  compareCounters,
  daysBetween,
  emptyCounters,
  isIsoDate,
  LEVEL,
  MAX_RANGE_DAYS,
  meetsBenchmark,
  metricAnswersOf,
  metricScoreOf,
  periodEnd,
  periodStart,
  previousPeriodStart,
  previousRange,
  scoresOf,
  SCORE_METRICS,
  type Comparator,
  type Comparisons,
  type Counters,
  type GroupBy,
  type Period,
  type ScoreMetric,
  type Scores,
} from './model.ts';
import { findPublishedJourney, sumRollupsOf, sumThemes, type GroupedCounters, type RollupFilter, type ThemeFilter, type ThemeRow } from './store.ts';

/*
 * The scores API and the journey heatmap: rollup counters → keymoment/stats scores, each compared with
 * the previous period of equal length.
 */

export interface ScoreRequest {
  groupBy: GroupBy;
  period: Period;
  from: string;
  to: string;
  journeyKey?: string | undefined;
  momentKey?: string | undefined;
  locationIds?: string[] | undefined;
  /** `locationIds` is every location of the organisation (RollupFilter.everyLocation). */
  everyLocation?: boolean | undefined;
  staffId?: string | undefined;
  channel?: string | undefined;
  minN: number;
}

export interface ScoreRow extends Scores {
  journeyKey?: string | null;
  momentKey?: string | null;
  locationId?: string | null;
  staffId?: string | null;
  periodStart?: string;
  periodEnd?: string;
  responses: number;
  comments: number;
  previous: Comparisons & { from: string; to: string };
}

export interface ScoreReport {
  groupBy: GroupBy;
  period: Period;
  from: string;
  to: string;
  previousFrom: string;
  previousTo: string;
  minN: number;
  level: number;
  total: ScoreRow;
  rows: ScoreRow[];
}

/** Checks and completes a date range: defaults to the 30 days up to `today`; 400s name the field. */
export async function resolveRange(from: string | undefined, to: string | undefined, today: () => Promise<string>): Promise<{ from: string; to: string }> {
  if (from !== undefined && !isIsoDate(from)) throw badRequest('from', 'from must be a date (YYYY-MM-DD)');
  if (to !== undefined && !isIsoDate(to)) throw badRequest('to', 'to must be a date (YYYY-MM-DD)');
  // Today (a read of the organisation's time zone) is only asked for when `to` is left out.
  const end = to ?? defaultEnd(from, await today());
  const start = from ?? addDays(end, -29);
  if (start > end) throw badRequest('from', `from (${start}) is after to (${end})`);
  if (daysBetween(start, end) > MAX_RANGE_DAYS) throw badRequest('from', `the range from ${start} to ${end} is longer than ${MAX_RANGE_DAYS} days`);
  return { from: start, to: end };
}

/** The default last day: today, or `from` when that lies in the future. */
function defaultEnd(from: string | undefined, today: string): string {
  return from !== undefined && from > today ? from : today;
}

function filterOf(request: ScoreRequest, from: string, to: string): RollupFilter {
  return {
    from,
    to,
    journeyKey: request.journeyKey,
    momentKey: request.momentKey,
    locationIds: request.locationIds,
    everyLocation: request.everyLocation,
    staffId: request.staffId,
    channel: request.channel,
  };
}

const keyOf = (row: GroupedCounters) => `${row.journeyKey ?? ''}\u0000${row.momentKey ?? ''}\u0000${row.locationId ?? ''}\u0000${row.staffId ?? ''}`;
const orNull = (value: string | undefined) => (value === undefined || value === '' ? null : value);

function rowOf(keys: Partial<GroupedCounters>, current: Counters, previous: Counters, previousRangeOf: { from: string; to: string }, minN: number): ScoreRow {
  const scores = scoresOf(current, minN);
  const comparisons = compareCounters(current, previous, minN, scores);
  // Spelled out rather than spread (`{ ...scores, … }`): V8's object spread cost ~2 µs a row here, as
  // much as all the statistics of the row (bench/scores-rows.ts). Same keys in the same order.
  const row: ScoreRow = {
    nps: scores.nps,
    csat: scores.csat,
    ces: scores.ces,
    responses: current.responses,
    comments: current.comments,
    previous: { nps: comparisons.nps, csat: comparisons.csat, ces: comparisons.ces, from: previousRangeOf.from, to: previousRangeOf.to },
  };
  if (keys.journeyKey !== undefined) row.journeyKey = orNull(keys.journeyKey);
  if (keys.momentKey !== undefined) row.momentKey = orNull(keys.momentKey);
  if (keys.locationId !== undefined) row.locationId = orNull(keys.locationId);
  if (keys.staffId !== undefined) row.staffId = orNull(keys.staffId);
  return row;
}

function total(rows: readonly GroupedCounters[]): Counters {
  return rows.reduce((sum, row) => addCounters(sum, row.counters), emptyCounters());
}

/**
 * The scores of a request. With `paging` (groupBy location or staff only) the rows are one sorted page
 * of the league and `totalRows` counts them all; without it, every group in the rollup's order.
 */
export async function scoreReport(db: Db, orgId: string, request: ScoreRequest): Promise<ScoreReport>;
export async function scoreReport(db: Db, orgId: string, request: ScoreRequest, paging: LeaguePaging): Promise<ScoreReport & { rows: LeagueRow[]; totalRows: number }>;
export async function scoreReport(db: Db, orgId: string, request: ScoreRequest, paging?: LeaguePaging): Promise<ScoreReport & { totalRows?: number }> {
  let { from, to } = request;
  if (request.groupBy === 'period') {
    // Whole periods only, so every bucket compares like with like (a week with the week before).
    from = periodStart(from, request.period);
    to = periodEnd(periodStart(to, request.period), request.period);
  }
  const previous = previousRange(from, to);
  const report = { groupBy: request.groupBy, period: request.period, from, to, previousFrom: previous.from, previousTo: previous.to, minN: request.minN, level: LEVEL };

  if (request.groupBy === 'period') {
    const earliest = previousPeriodStart(from, request.period);
    const [buckets = [], prior = []] = await sumRollupsOf(db, orgId, [
      { filter: filterOf(request, earliest, to), grouping: { period: request.period } },
      { filter: filterOf(request, previous.from, previous.to), grouping: 'none' },
    ]);
    const byStart = new Map(buckets.map((bucket) => [bucket.periodStart!, bucket.counters] as const));
    const rows: ScoreRow[] = [];
    for (let start = from; start <= to; start = addDays(periodEnd(start, request.period), 1)) {
      const current = byStart.get(start) ?? emptyCounters();
      const before = previousPeriodStart(start, request.period);
      const row = rowOf({}, current, byStart.get(before) ?? emptyCounters(), { from: before, to: addDays(start, -1) }, request.minN);
      rows.push({ periodStart: start, periodEnd: periodEnd(start, request.period), ...row });
    }
    const inRange = buckets.filter((bucket) => bucket.periodStart! >= from);
    return { ...report, total: rowOf({}, total(inRange), total(prior), previous, request.minN), rows };
  }

  const [current = [], before = []] = await sumRollupsOf(db, orgId, [
    { filter: filterOf(request, from, to), grouping: request.groupBy },
    { filter: filterOf(request, previous.from, previous.to), grouping: request.groupBy },
  ]);
  if (paging) {
    if (request.groupBy !== 'location' && request.groupBy !== 'staff') throw new Error(`league paging is for groupBy location or staff, not ${request.groupBy}`);
    return { ...report, ...leagueScoreRows(current, before, previous, request.minN, paging) };
  }
  return { ...report, ...groupedScoreRows(current, before, previous, request.minN) };
}

/**
 * The rows of a grouped report (moment, location or staff) and their total, from the current and the
 * previous period's grouped counters: pure CPU, no I/O (what bench/scores-rows.ts measures). A group
 * missing from the previous period is compared with empty counters.
 */
export function groupedScoreRows(
  current: readonly GroupedCounters[],
  before: readonly GroupedCounters[],
  previous: { from: string; to: string },
  minN: number,
): { total: ScoreRow; rows: ScoreRow[] } {
  const beforeByKey = new Map(before.map((row) => [keyOf(row), row.counters] as const));
  const rows = current.map((row) => rowOf(row, row.counters, beforeByKey.get(keyOf(row)) ?? emptyCounters(), previous, minN));
  return { total: rowOf({}, total(current), total(before), previous, minN), rows };
}

// ---------- league pages: outlet and staff tables sorted and paged by the server ----------

/**
 * What a league table (groupBy location | staff) can be sorted by: a metric's score (`nps`), its
 * number of answers (`nps.n`), its significant change against the previous period (`nps.change`),
 * the responses, or the group's id. Names are not here: the insights room does not know staff names
 * (the web sorts by name itself, on the whole table).
 */
export const LEAGUE_SORTS = [
  'nps', 'csat', 'ces',
  'nps.n', 'csat.n', 'ces.n',
  'nps.change', 'csat.change', 'ces.change',
  'responses', 'id',
] as const;
export type LeagueSort = (typeof LEAGUE_SORTS)[number];
export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];
export const MAX_LEAGUE_LIMIT = 500;

export interface LeaguePaging {
  sort?: LeagueSort | undefined;
  /** Default `desc`, `asc` for `id`. */
  order?: SortOrder | undefined;
  /** Only groups with at least one answer on this metric (the web hides the others). */
  answered?: ScoreMetric | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

export interface LeagueRow extends ScoreRow {
  /** Place by the sort metric's score, best (highest) first, over all groups; null when withheld. */
  rank?: number | null;
}

const groupIdOf = (row: ScoreRow) => row.locationId ?? row.staffId ?? '';

function sortValue(sort: LeagueSort): (row: ScoreRow) => number | string | null {
  if (sort === 'responses') return (row) => row.responses;
  if (sort === 'id') return groupIdOf;
  const [metric, part] = sort.split('.') as [ScoreMetric, 'n' | 'change' | undefined];
  if (part === 'n') return (row) => row[metric].n;
  if (part === 'change') return (row) => (row.previous[metric].significant ? row.previous[metric].difference : null);
  return (row) => row[metric].score;
}

/**
 * The web's league order (web/src/insights/insights-model.ts#sortRows), with the group id where the
 * web has the name: rows without a value (a score withheld under the minimum n, a change that is not
 * significant) come last whatever the order; ties and the valueless rows by id, ascending.
 */
export function sortLeagueRows<T extends ScoreRow>(rows: readonly T[], sort: LeagueSort, order: SortOrder): T[] {
  const value = sortValue(sort);
  return sortedIndexes(rows.length, (index) => value(rows[index]!), (index) => groupIdOf(rows[index]!), order).map((index) => rows[index]!);
}

/**
 * Sorts a league's computed rows and keeps one page: every group's statistics are still computed
 * (the totals and ranks need them), but only the page is serialised. `totalRows` counts the groups
 * before paging (after `answered`). With a metric sort each row carries its global `rank` by that
 * metric's score, so page 2 starts at rank 51.
 */
export function pageLeagueRows(rows: readonly ScoreRow[], paging: LeaguePaging): { rows: LeagueRow[]; totalRows: number } {
  const candidates = paging.answered ? rows.filter((row) => row[paging.answered!].n > 0) : rows;
  const sort = paging.sort ?? 'id';
  // Without `sort`, by id: pages of the rollup's own order would not be stable from one request to the next.
  const sorted = sortLeagueRows(candidates, sort, paging.order ?? (sort === 'id' ? 'asc' : 'desc'));
  const start = paging.offset ?? 0;
  const page: LeagueRow[] = sorted.slice(start, paging.limit === undefined ? undefined : start + paging.limit);
  const metric = sort.split('.')[0] as ScoreMetric;
  if ((SCORE_METRICS as readonly string[]).includes(metric)) {
    const ranked = sortLeagueRows(candidates, metric, 'desc');
    const rankOf = new Map<ScoreRow, number>();
    for (const [index, row] of ranked.entries()) {
      if (row[metric].score === null) break;
      rankOf.set(row, index + 1);
    }
    return { rows: page.map((row) => ({ ...row, rank: rankOf.get(row) ?? null })), totalRows: candidates.length };
  }
  return { rows: page, totalRows: candidates.length };
}

/**
 * A league's page from the grouped counters, with the statistics of the page's rows only: the sort
 * needs one number a group (a metric's score, its answers, the responses), not every interval and
 * p-value of 1,200 staff members in two periods (~10 ms of CPU on the network-wide staff league,
 * docs/insights.md "Performance"). The same answer as `pageLeagueRows(groupedScoreRows(…).rows)`
 * (score-rows.test.ts compares them on random tables); a sort by significant change needs every
 * row's comparison, so it takes that path.
 */
export function leagueScoreRows(
  current: readonly GroupedCounters[],
  before: readonly GroupedCounters[],
  previous: { from: string; to: string },
  minN: number,
  paging: LeaguePaging,
): { total: ScoreRow; rows: LeagueRow[]; totalRows: number } {
  const sort = paging.sort ?? 'id';
  if (sort.endsWith('.change')) {
    const report = groupedScoreRows(current, before, previous, minN);
    return { total: report.total, ...pageLeagueRows(report.rows, paging) };
  }
  const candidates = paging.answered ? current.filter((group) => metricAnswersOf(group.counters, paging.answered!) > 0) : current;
  const [metric, part] = sort.split('.') as [string, string | undefined];
  const scored = (SCORE_METRICS as readonly string[]).includes(metric) ? (metric as ScoreMetric) : undefined;
  const scoreOf = scored ? candidates.map((group) => metricScoreOf(group.counters, scored, minN).score) : undefined;
  const valueAt = (index: number): number | string | null => {
    const group = candidates[index]!;
    if (sort === 'responses') return group.counters.responses;
    if (sort === 'id') return group.locationId ?? group.staffId ?? '';
    if (part === 'n') return metricAnswersOf(group.counters, scored!);
    return scoreOf![index]!;
  };
  const idAt = (index: number) => candidates[index]!.locationId ?? candidates[index]!.staffId ?? '';
  const sorted = sortedIndexes(candidates.length, valueAt, idAt, paging.order ?? (sort === 'id' ? 'asc' : 'desc'));
  const start = paging.offset ?? 0;
  const pageIndexes = sorted.slice(start, paging.limit === undefined ? undefined : start + paging.limit);
  const beforeByKey = new Map(before.map((row) => [keyOf(row), row.counters] as const));
  const rowAt = (index: number) => rowOf(candidates[index]!, candidates[index]!.counters, beforeByKey.get(keyOf(candidates[index]!)) ?? emptyCounters(), previous, minN);
  const totalRow = rowOf({}, total(current), total(before), previous, minN);
  if (!scored) return { total: totalRow, rows: pageIndexes.map(rowAt), totalRows: candidates.length };
  // The global rank by the metric's score, best first (ties by id), withheld scores unranked.
  const rankOf = new Map<number, number>();
  const ranked = part === undefined && (paging.order ?? 'desc') === 'desc' ? sorted : sortedIndexes(candidates.length, (index) => scoreOf![index]!, idAt, 'desc');
  for (const [place, index] of ranked.entries()) {
    if (scoreOf![index] === null) break;
    rankOf.set(index, place + 1);
  }
  return { total: totalRow, rows: pageIndexes.map((index) => ({ ...rowAt(index), rank: rankOf.get(index) ?? null })), totalRows: candidates.length };
}

/**
 * Indexes 0…count−1 in the league order (sortLeagueRows over rows, leagueScoreRows over counters):
 * valueless last whatever the order, ties and valueless by id ascending. Values and ids are read once
 * per index, not once per comparison (n log n reads on 1,200 rows).
 */
function sortedIndexes(count: number, valueAt: (index: number) => number | string | null, idAt: (index: number) => string, order: SortOrder): number[] {
  const sign = order === 'desc' ? -1 : 1;
  const values = Array.from({ length: count }, (_, index) => valueAt(index));
  const ids = Array.from({ length: count }, (_, index) => idAt(index));
  const byId = (a: number, b: number) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0);
  return Array.from({ length: count }, (_, index) => index).sort((a, b) => {
    const x = values[a]!;
    const y = values[b]!;
    if (x === null && y === null) return byId(a, b);
    if (x === null) return 1;
    if (y === null) return -1;
    const difference = typeof x === 'string' || typeof y === 'string' ? (x < y ? -1 : x > y ? 1 : 0) : x - y;
    return difference === 0 ? byId(a, b) : sign * difference;
  });
}

// ---------- the journey heatmap ----------

export type BenchmarkStatus = 'meets' | 'below' | 'insufficient' | 'no_benchmark';

export interface HeatmapMoment {
  momentKey: string;
  name: Record<string, string>;
  stageKey: string;
  order: number;
  flags: string[];
  peak: boolean;
  end: boolean;
  /** Visit purposes that mark this moment as their peak. */
  peakForPurposes: string[];
  responsibleRole: Record<string, string> | null;
  scores: ScoreRow;
  benchmarks: Partial<Record<ScoreMetric, { comparator: Comparator; value: number; status: BenchmarkStatus }>>;
  /** The worst status over the moment's NPS / CSAT / CES benchmarks. */
  status: BenchmarkStatus;
}

export interface Heatmap {
  journeyKey: string;
  version: number;
  from: string;
  to: string;
  previousFrom: string;
  previousTo: string;
  minN: number;
  stages: { key: string; kind: string; name?: Record<string, string> }[];
  moments: HeatmapMoment[];
}

const STATUS_ORDER: BenchmarkStatus[] = ['below', 'insufficient', 'meets', 'no_benchmark'];

export async function journeyHeatmap(
  db: Db,
  orgId: string,
  request: {
    journeyKey: string;
    from: string;
    to: string;
    locationId?: string | undefined;
    locationIds?: string[] | undefined;
    everyLocation?: boolean | undefined;
    channel?: string | undefined;
    minN: number;
  },
): Promise<Heatmap | undefined> {
  // The published version and a location's effective targets are reference data, remembered for a moment
  // as ingest does (src/platform/org-reference-cache.ts; publishing, overrides and moving a location
  // forget them): three of the six statements of an outlet's heatmap.
  const journey = await orgReferenceCache.remember(orgId, `published-journey\u0000${request.journeyKey}`, () => findPublishedJourney(db, orgId, request.journeyKey));
  if (!journey) return undefined;
  const report = await scoreReport(db, orgId, {
    groupBy: 'moment',
    period: 'day',
    from: request.from,
    to: request.to,
    journeyKey: request.journeyKey,
    locationIds: request.locationIds,
    everyLocation: request.everyLocation,
    channel: request.channel,
    minN: request.minN,
  });
  const byMoment = new Map(report.rows.map((row) => [row.momentKey ?? '', row] as const));
  const empty = rowOf({ journeyKey: request.journeyKey }, emptyCounters(), emptyCounters(), { from: report.previousFrom, to: report.previousTo }, request.minN);
  // One location asked for: its effective targets (regions and outlets may move them within limits),
  // the effective blueprint computed once for every moment, on the version just read.
  let effective: EffectiveBlueprint | undefined;
  if (request.locationId) {
    try {
      const locationId = request.locationId;
      effective = await orgReferenceCache.remember(orgId, `effective-blueprint\u0000${journey.journeyId}\u0000${journey.version}\u0000${locationId}`, () =>
        effectiveBlueprintOfVersion(db, orgId, journey.journeyId, journey.document as unknown as Blueprint, locationId),
      );
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
  }
  const moments: HeatmapMoment[] = [];
  for (const [index, moment] of journey.document.moments.entries()) {
    const benchmarks = effective?.moments.find((candidate) => candidate.key === moment.key)?.benchmarks ?? moment.benchmarks;
    const scores = byMoment.get(moment.key) ?? { ...empty, momentKey: moment.key };
    const targets: HeatmapMoment['benchmarks'] = {};
    for (const benchmark of benchmarks) {
      if (!(SCORE_METRICS as readonly string[]).includes(benchmark.metric)) continue;
      const metric = benchmark.metric as ScoreMetric;
      const score = scores[metric].score;
      const comparator = benchmark.comparator as Comparator;
      const status: BenchmarkStatus = score === null ? 'insufficient' : meetsBenchmark(score, comparator, benchmark.value) ? 'meets' : 'below';
      targets[metric] = { comparator, value: benchmark.value, status };
    }
    const statuses = Object.values(targets).map((target) => target.status);
    const peakForPurposes = journey.document.purposes.filter((purpose) => purpose.peakMomentKeys.includes(moment.key)).map((purpose) => purpose.key);
    moments.push({
      momentKey: moment.key,
      name: moment.name,
      stageKey: moment.stageKey,
      order: index + 1,
      flags: moment.flags,
      peak: moment.flags.includes('peak') || peakForPurposes.length > 0,
      end: moment.flags.includes('end'),
      peakForPurposes,
      responsibleRole: moment.responsibleRole ?? null,
      scores,
      benchmarks: targets,
      status: STATUS_ORDER.find((status) => statuses.includes(status)) ?? 'no_benchmark',
    });
  }
  return {
    journeyKey: journey.journeyKey,
    version: journey.version,
    from: report.from,
    to: report.to,
    previousFrom: report.previousFrom,
    previousTo: report.previousTo,
    minN: request.minN,
    stages: journey.document.stages,
    moments,
  };
}

// ---------- themes ----------

export interface ThemeTrendRow {
  periodStart: string | null;
  theme: string;
  mentions: number;
  positive: number;
  neutral: number;
  negative: number;
  /** Mean sentiment of the sentences that mentioned the theme, −1 … 1. */
  meanSentiment: number;
}

/**
 * Theme mentions and sentiment (per period). `areaId`: the location `locationIds` is the whole subtree
 * of, when the reader sees all of it — then the area rung answers, if it is current for the
 * organisation's location tree; if not, the outlet rows answer and a rebuild of the rung starts in the
 * background (`onRebuildError` hears of its failure).
 */
export async function themeTrend(
  db: Db,
  orgId: string,
  request: ThemeFilter & { period: Period | null },
  onRebuildError: (error: unknown) => void,
): Promise<{ comments: ThemeTrendRow[]; themes: ThemeTrendRow[] }> {
  let areaId = request.momentKey === undefined ? request.areaId : undefined;
  if (areaId !== undefined && !(await isAreaLadderCurrent(db, orgId))) {
    void refreshAreaLadderInBackground(db, orgId, onRebuildError);
    areaId = undefined;
  }
  return themeTrendOf(await sumThemes(db, orgId, { ...request, areaId }, request.period));
}

/** Summed theme rows as the API shows them: every analysed comment (theme '') apart from the themes. */
export function themeTrendOf(rows: readonly ThemeRow[]): { comments: ThemeTrendRow[]; themes: ThemeTrendRow[] } {
  const view = (row: ThemeRow): ThemeTrendRow => ({
    periodStart: row.periodStart,
    theme: row.theme,
    mentions: row.mentions,
    positive: row.positive,
    neutral: row.neutral,
    negative: row.negative,
    meanSentiment: row.mentions > 0 ? Math.round((row.scoreSum / row.mentions) * 1000) / 1000 : 0,
  });
  return { comments: rows.filter((row) => row.theme === '').map(view), themes: rows.filter((row) => row.theme !== '').map(view) };
}

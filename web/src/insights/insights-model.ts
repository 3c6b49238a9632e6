/**
 * Pure rules of the dashboards: what colour a moment gets against its target, default dates,
 * sorting of league tables. Kept apart from React so they read (and can be tested) on their own.
 */
import type { BenchmarkStatus, HeatmapBenchmark, HeatmapMoment, LeagueSort, MetricKey, ScoreRow, ScoreView } from './insights-api';

/**
 * How a moment's score stands against its target for one metric:
 * - `meets`: the server says the target is met;
 * - `near`: the score misses the target but its 95 % interval still reaches it — the data cannot
 *   tell it apart from meeting the target, so it is not painted as a failure;
 * - `below`: the whole interval misses the target;
 * - `insufficient`: fewer answers than the minimum n (the score is withheld);
 * - `no_benchmark`: a score without a target for this metric.
 */
export type HeatStatus = 'meets' | 'near' | 'below' | 'insufficient' | 'no_benchmark';
export const HEAT_STATUSES: readonly HeatStatus[] = ['meets', 'near', 'below', 'insufficient', 'no_benchmark'];

export function heatStatus(score: ScoreView, benchmark: HeatmapBenchmark | undefined): HeatStatus {
  if (score.score === null) return 'insufficient';
  if (!benchmark) return 'no_benchmark';
  if (benchmark.status === 'meets' || benchmark.status === 'insufficient' || benchmark.status === 'no_benchmark') return benchmark.status as BenchmarkStatus & HeatStatus;
  // `below`: "near" when the interval still reaches the target on the side the comparator wants.
  const ci = score.ci;
  if (ci) {
    const higherIsBetter = benchmark.comparator === 'gte' || benchmark.comparator === 'gt';
    const lowerIsBetter = benchmark.comparator === 'lte' || benchmark.comparator === 'lt';
    if (higherIsBetter && ci[1] >= benchmark.value) return 'near';
    if (lowerIsBetter && ci[0] <= benchmark.value) return 'near';
  }
  return 'below';
}

export function momentHeat(moment: HeatmapMoment, metric: MetricKey): HeatStatus {
  return heatStatus(moment.scores[metric], moment.benchmarks[metric]);
}

/** `YYYY-MM-DD` of a date in the browser's time zone. */
export function isoDay(date: Date): string {
  const y = date.getFullYear();
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** The last 30 days, today included (the API's default too). */
export function defaultRange(now = new Date()): { from: string; to: string } {
  const from = new Date(now);
  from.setDate(from.getDate() - 29);
  return { from: isoDay(from), to: isoDay(now) };
}

/** A calendar day as a Date at local noon, so formatting in any zone shows the same day. */
export function dayAsDate(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, (m ?? 1) - 1, d ?? 1, 12);
}

export type SortKey = 'name' | 'score' | 'n' | 'change';
export interface Sort {
  key: SortKey;
  descending: boolean;
}

/**
 * League order: rows with a score first (withheld scores cannot be ranked), then by the chosen key.
 * For CES a lower effort is better, but "descending" still means larger numbers first: the reader
 * picks the direction, the table does not guess.
 */
export function sortRows<T extends { row: ScoreRow; name: string }>(items: T[], metric: MetricKey, sort: Sort, collator: Intl.Collator): T[] {
  const value = (item: T): number | string | null => {
    if (sort.key === 'name') return item.name;
    if (sort.key === 'n') return item.row[metric].n;
    if (sort.key === 'score') return item.row[metric].score;
    const change = item.row.previous[metric];
    return change.significant ? change.difference : null;
  };
  const sign = sort.descending ? -1 : 1;
  return [...items].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === null && y === null) return collator.compare(a.name, b.name);
    if (x === null) return 1;
    if (y === null) return -1;
    const order = typeof x === 'string' || typeof y === 'string' ? collator.compare(String(x), String(y)) : x - y;
    return order === 0 ? collator.compare(a.name, b.name) : sign * order;
  });
}

/**
 * The server's `sort` for a league column, so the server sorts and pages the table by the same
 * rules as sortRows (ties by id there, by name here). Null for names: only the browser knows staff
 * names, so a table sorted by name is fetched whole and sorted here.
 */
export function leagueServerSort(metric: MetricKey, key: SortKey): LeagueSort | null {
  if (key === 'name') return null;
  if (key === 'score') return metric;
  return `${metric}.${key}`;
}

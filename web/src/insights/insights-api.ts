/**
 * Types and query keys of the insights API (src/insights/routes.ts, docs/insights.md). The
 * dashboards only read: every number comes from the server's rollups and keymoment/stats.
 */
import { orgKey } from '../query-client';
import type { TranslatableText } from '../journeys/journeys-api';

export type MetricKey = 'nps' | 'csat' | 'ces';
export const METRIC_KEYS: readonly MetricKey[] = ['nps', 'csat', 'ces'];
export type GroupBy = 'moment' | 'location' | 'staff' | 'period';
export type Period = 'day' | 'week' | 'month' | 'quarter';
export const PERIODS: readonly Period[] = ['day', 'week', 'month', 'quarter'];
export type BenchmarkStatus = 'meets' | 'below' | 'insufficient' | 'no_benchmark';

export interface ScoreView {
  score: number | null;
  n: number;
  ci: [number, number] | null;
}

export interface Comparison {
  score: number | null;
  n: number;
  difference: number | null;
  pValue: number | null;
  significant: boolean;
}

export interface ScoreRow {
  journeyKey?: string | null;
  momentKey?: string | null;
  locationId?: string | null;
  staffId?: string | null;
  periodStart?: string;
  periodEnd?: string;
  responses: number;
  comments: number;
  nps: ScoreView & { promoters: number; passives: number; detractors: number };
  csat: ScoreView & { mean: number | null };
  ces: ScoreView & { easyShare: number | null };
  previous: { from: string; to: string; nps: Comparison; csat: Comparison; ces: Comparison };
  /** With a metric `sort` (league tables): the place by that metric's score over all groups; null when withheld. */
  rank?: number | null;
}

/** How the server sorts a league table (`sort` of /scores; names are sorted in the browser). */
export type LeagueSort = MetricKey | `${MetricKey}.n` | `${MetricKey}.change`;

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
  /** With sort / limit / offset: the groups before paging. */
  totalRows?: number;
}

export interface HeatmapBenchmark {
  comparator: string;
  value: number;
  status: BenchmarkStatus;
}

export interface HeatmapMoment {
  momentKey: string;
  name: TranslatableText;
  stageKey: string;
  order: number;
  flags: string[];
  peak: boolean;
  end: boolean;
  peakForPurposes: string[];
  responsibleRole: TranslatableText | null;
  scores: ScoreRow;
  benchmarks: Partial<Record<MetricKey, HeatmapBenchmark>>;
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
  stages: { key: string; kind: string; name?: TranslatableText }[];
  moments: HeatmapMoment[];
}

export interface AlertFinding {
  kind: 'below_benchmark' | 'significant_drop';
  metric: MetricKey;
  score: number;
  n: number;
  benchmark?: { comparator: string; value: number };
  previous?: { score: number; n: number; difference: number; pValue: number };
}

export interface InsightAlert {
  alertId: string;
  journeyKey: string;
  momentKey: string;
  locationId: string | null;
  periodStart: string;
  periodEnd: string;
  findings: AlertFinding[];
  responsibleRole: string | null;
  recipients: string[];
  mailedAt: string | null;
  createdAt: string;
}

export type Quadrant = 'fix-first' | 'keep-up' | 'low-priority' | 'overkill';

/**
 * Drivers and peak–end are computed by a server job and stored per scope: a 200 carries `computedAt`
 * (and `stale` while a newer computation runs), a 202 says nothing is stored yet — ask again shortly.
 */
export interface StoredAnalysis {
  computedAt: string;
  stale?: boolean;
}

/** The 202 answer of /insights/drivers and /insights/peak-end. */
export interface AnalysisComputing {
  status: 'computing';
}

/** GET /insights/drivers: relative weights of the moments' CSAT on the visit's likelihood to recommend. */
export interface DriversReport extends StoredAnalysis {
  journeyKey: string;
  from: string;
  to: string;
  respondents: number;
  candidates: number;
  minRespondents: number;
  status: 'ok' | 'insufficient';
  reason: string | null;
  truncated: boolean;
  rSquared: number | null;
  rSquaredCi: [number, number] | null;
  /** How the 95% intervals were bootstrapped; null when insufficient. */
  bootstrap: { method: 'percentile'; level: number; seed: number; resamples: number; used: number; rowsPerResample: number } | null;
  /** Some neighbouring ranks are not distinguishable (a moment's differsFromNext is false). */
  tiedRanks: boolean;
  importanceSplit: number | null;
  performanceSplit: number | null;
  moments: DriverMoment[];
}

export interface DriverMoment {
  momentKey: string;
  name: TranslatableText | null;
  weight: number;
  share: number;
  /** 95% bootstrap interval of the raw weight / of the share (percent of R²). */
  weightCi: [number, number];
  shareCi: [number, number];
  /** The weight differs from the next ranked moment's (95% interval of the difference excludes 0); null for the last. */
  differsFromNext: boolean | null;
  differenceFromNextCi: [number, number] | null;
  performance: number;
  quadrant: Quadrant;
}

/** GET /insights/peak-end: does the overall rating follow the peak and end moments or their mean? */
export interface PeakEndReport extends StoredAnalysis {
  journeyKey: string;
  respondents: number;
  minRespondents: number;
  status: 'ok' | 'insufficient';
  reason: string | null;
  truncated: boolean;
  correlationPeakEnd: number | null;
  correlationMean: number | null;
  regression: { terms: string[]; coefficients: number[]; standardErrors: number[]; pValues: number[]; rSquared: number; adjustedRSquared: number; n: number } | null;
  regressionNote: string | null;
  peakMoments: { momentKey: string; name: TranslatableText | null; visits: number }[];
  endMoments: { momentKey: string; name: TranslatableText | null; visits: number }[];
}

export interface InsightFilters {
  journey: string | null;
  location: string | null;
  from: string;
  to: string;
}

export function insightsKey(orgId: string, ...parts: unknown[]): unknown[] {
  return orgKey(orgId, 'insights', ...parts);
}

/*
 * Ranking improvement actions: impact = driver importance × gap to benchmark (issue #7 point 5).
 *
 * - importance: the moment's share of the explained variance of the visit's likelihood to recommend
 *   (Johnson relative weights of the moments' CSAT on NPS, from the insights door), rescaled to 0–1
 *   (the shares of one journey sum to 1), over the IMPACT_WINDOW_DAYS days up to today;
 * - gap: how far the moment's current score (same window, whole organisation or the action's
 *   location subtree) is on the wrong side of its benchmark, divided by the metric's range so NPS
 *   (−100…100, range 200), CSAT (% satisfied, 0…100, range 100) and CES (mean 1…7, range 6) gaps are
 *   comparable; 0 when the benchmark is met. A moment with several benchmarks takes its largest gap.
 * - impact = importance × gap, a dimensionless 0–1 number (1 = the only driver, at the far end of its
 *   scale from the target). Shown ×100 in the UI.
 *
 * When it cannot be computed, impact is null with a reason and such actions rank last:
 *   'drivers_insufficient' — fewer than the drivers' minimum of complete visits in the window;
 *   'moment_not_a_driver' — the drivers were computed but this moment is not among them (too few of
 *                            the visits rated it);
 *   'no_benchmark'        — the moment has no NPS, CSAT or CES benchmark;
 *   'score_insufficient'  — the moment's benchmarked scores have too few responses in the window.
 */

export const IMPACT_WINDOW_DAYS = 90;
export const IMPACT_METRICS = ['nps', 'csat', 'ces'] as const;
export type ImpactMetric = (typeof IMPACT_METRICS)[number];
export type ImpactComparator = 'gte' | 'lte' | 'gt' | 'lt' | 'eq';
export const IMPACT_NULL_REASONS = ['drivers_insufficient', 'moment_not_a_driver', 'no_benchmark', 'score_insufficient'] as const;
export type ImpactNullReason = (typeof IMPACT_NULL_REASONS)[number];

/** Width of each metric's scale in its score unit (NPS points, CSAT percentage points, CES points). */
export const METRIC_RANGE: Record<ImpactMetric, number> = { nps: 200, csat: 100, ces: 6 };

export interface BenchmarkInput {
  metric: ImpactMetric;
  comparator: ImpactComparator;
  value: number;
  /** The moment's current score in the metric's unit; null below the minimum number of responses. */
  score: number | null;
}

/** What an impact was computed from (stored with it, shown in the UI). */
export interface ImpactInputs {
  windowFrom: string;
  windowTo: string;
  /** Relative-weight share 0–1; null when the drivers could not be computed for the moment. */
  importance: number | null;
  /** The benchmark the gap was measured against (the largest normalised gap); null when none. */
  metric: ImpactMetric | null;
  comparator: ImpactComparator | null;
  benchmark: number | null;
  score: number | null;
  /** Normalised gap 0–1; null when it could not be measured. */
  gap: number | null;
  reason: ImpactNullReason | null;
}

/** How far `score` is on the wrong side of the target, in the metric's unit (0 when it is met). */
export function rawGap(score: number, comparator: ImpactComparator, value: number): number {
  switch (comparator) {
    case 'gte':
    case 'gt':
      return Math.max(0, value - score);
    case 'lte':
    case 'lt':
      return Math.max(0, score - value);
    case 'eq':
      return Math.abs(score - value);
  }
}

export function normalisedGap(metric: ImpactMetric, score: number, comparator: ImpactComparator, value: number): number {
  return Math.min(1, rawGap(score, comparator, value) / METRIC_RANGE[metric]);
}

/**
 * The impact of acting on one moment. `importanceShare` is the relative-weight share in percent (as
 * the drivers report gives it) or null when the drivers are insufficient / do not list the moment.
 */
export function computeImpact(input: {
  windowFrom: string;
  windowTo: string;
  driversStatus: 'ok' | 'insufficient';
  importanceShare: number | null;
  benchmarks: BenchmarkInput[];
}): { impact: number | null; inputs: ImpactInputs } {
  const importance = input.importanceShare === null ? null : Math.min(1, Math.max(0, input.importanceShare / 100));
  let best: { benchmark: BenchmarkInput; gap: number } | undefined;
  let scoredBenchmark = false;
  for (const benchmark of input.benchmarks) {
    if (benchmark.score === null) continue;
    scoredBenchmark = true;
    const gap = normalisedGap(benchmark.metric, benchmark.score, benchmark.comparator, benchmark.value);
    if (!best || gap > best.gap) best = { benchmark, gap };
  }
  // With no measurable gap, still show the first benchmark so the reader sees what is missing.
  const shown = best?.benchmark ?? input.benchmarks[0];
  const reason: ImpactNullReason | null =
    input.driversStatus === 'insufficient'
      ? 'drivers_insufficient'
      : importance === null
        ? 'moment_not_a_driver'
        : input.benchmarks.length === 0
          ? 'no_benchmark'
          : !scoredBenchmark
            ? 'score_insufficient'
            : null;
  const inputs: ImpactInputs = {
    windowFrom: input.windowFrom,
    windowTo: input.windowTo,
    importance: importance === null ? null : round(importance),
    metric: shown?.metric ?? null,
    comparator: shown?.comparator ?? null,
    benchmark: shown?.value ?? null,
    score: shown?.score ?? null,
    gap: best ? round(best.gap) : null,
    reason,
  };
  const impact = reason === null && importance !== null && best ? round(importance * best.gap) : null;
  return { impact, inputs };
}

const round = (value: number) => Math.round(value * 1e6) / 1e6;

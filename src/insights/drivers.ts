import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/database.ts';
import { bootstrapRelativeWeights, importancePerformance, peakEnd, weightDifference, type IpaQuadrant, type PeakRule } from '../stats/index.ts';
import { addDays, CSAT_SCALE } from './model.ts';
import { rowsOf } from './rollups.ts';
import { findPublishedJourney } from './store.ts';

/*
 * "Which moments drive loyalty" and the peak–end panel. Both need the moments of ONE visit together
 * (the respondent's CSAT per moment and the visit's likelihood to recommend), which the rollups cannot
 * give: they sum answers, they do not keep who answered what. So these two read responses — but only
 * through one bounded, grouped query per scope (at most MAX_VISITS visits, the newest). The dashboard
 * never waits for that: a job computes each scope (computeDriversReport / computePeakEndReport) and
 * stores it, and the endpoints answer from the stored table (stored-analyses.ts). driversReport and
 * peakEndReport, for other callers, cache per scope for CACHE_TTL_MS.
 *
 * The mapping from answers to the model (the same as `keymoment analyze`):
 *   - a visit = responses sharing `visit_id` inside the journey;
 *   - its overall rating = the NPS answer ("how likely to recommend", 0–10) given in that visit (the
 *     mean if several moments asked it);
 *   - a moment's score in the visit = the CSAT answer (1–5) of that moment (the mean if repeated).
 * The maths is keymoment/stats: relativeWeights (Johnson 2000), importancePerformance, peakEnd, and
 * bootstrapRelativeWeights (Tonidandel, LeBreton & Johnson 2009) for the 95% intervals of the weights
 * and whether neighbouring ranks really differ.
 *
 * The bootstrap is the expensive part (synchronous CPU). Its cost grows with rows × (moments + 1)² ×
 * resamples, so it is bounded: each resample draws at most BOOTSTRAP_MAX_ROWS visits (an m-out-of-n
 * bootstrap, rescaled — see docs/stats.md) and the number of resamples falls with the number of
 * moments (bootstrapResamples). Measured times: docs/insights.md. The seed is fixed, so the same data
 * always gives the same intervals.
 */

/** Fewer visits than this (rated moments + overall) give "not enough data", not numbers. */
export const MIN_DRIVER_VISITS = 30;
/** The newest visits read per request: bounds the query on a large organisation. */
export const MAX_VISITS = 20_000;
const CACHE_TTL_MS = 5 * 60_000;
/** Visits drawn per bootstrap resample (m of the m-out-of-n bootstrap). */
export const BOOTSTRAP_MAX_ROWS = 2_000;
export const BOOTSTRAP_SEED = 20_240_601;
export const BOOTSTRAP_LEVEL = 0.95;

/** Resamples for p moments: 1000 for a usual journey, fewer for very long ones (the cost grows with p²). */
export function bootstrapResamples(moments: number): number {
  return moments <= 12 ? 1000 : moments <= 24 ? 500 : 300;
}
const CACHE_ENTRIES = 200;

export interface VisitScope {
  journeyKey: string;
  from: string;
  to: string;
  /** The location filter expanded to its subtree and cut to the reader's scope (undefined = all). */
  locationIds?: string[] | undefined;
}

/** One visit: its moments' rows as parallel arrays (one row per visit keeps the transfer small). */
interface VisitRow {
  visitId: string;
  visitRank: number;
  momentKeys: string[];
  ratings: (number | null)[];
  overalls: (number | null)[];
  /** Epoch milliseconds of each moment's first answer. */
  firstAts: number[];
}

interface Visit {
  visitId: string;
  overall: number | null;
  /** Moment → mean CSAT, in the order the moments were answered (then journey order). */
  ratings: Map<string, number>;
}

/**
 * The visits of the scope, newest first, at most MAX_VISITS. Local days as in the rollups: the
 * response's location's time zone, else the organisation's. The submitted_at bounds (one day wider
 * than any time zone can shift) let the index on (org_id, submitted_at) do the cutting.
 */
async function loadVisits(db: Db, orgId: string, scope: VisitScope, momentOrder: Map<string, number>): Promise<{ visits: Visit[]; truncated: boolean }> {
  if (scope.locationIds !== undefined && scope.locationIds.length === 0) return { visits: [], truncated: false };
  const locationFilter: SQL = scope.locationIds === undefined ? sql`` : sql`and r.location_id in (${sql.join(scope.locationIds.map((id) => sql`${id}`), sql`, `)})`;
  const result = await db.execute(sql`
    with scoped as (
      select r.visit_id, r.moment_key, r.csat, r.nps, r.submitted_at
      from responses r
      join organizations o on o.org_id = r.org_id
      left join locations l on l.org_id = r.org_id and l.location_id = r.location_id
      where r.org_id = ${orgId} and r.journey_key = ${scope.journeyKey} and r.visit_id is not null
        and r.submitted_at >= ${addDays(scope.from, -1)}::date and r.submitted_at < ${addDays(scope.to, 2)}::date
        and (r.submitted_at at time zone coalesce(l.timezone, o.timezone, 'UTC'))::date between ${scope.from}::date and ${scope.to}::date
        ${locationFilter}
    ),
    -- One row per visit × moment, each with its visit's newest answer; the newest visits are picked by
    -- rank. (A join of scoped with a "chosen visits" CTE made the planner pick a nested loop right after
    -- bulk inserts — no statistics yet — and took 60 s on PGlite for the 12-month demo; this takes 4 s.)
    grouped as (
      select visit_id, coalesce(moment_key, '') as moment_key, avg(csat)::float8 as rating, avg(nps)::float8 as overall,
        min(submitted_at) as first_at, max(max(submitted_at)) over (partition by visit_id) as last_at
      from scoped group by visit_id, moment_key
    ),
    ranked as (
      select *, dense_rank() over (order by last_at desc, visit_id) as visit_rank from grouped
    )
    -- One row per visit (arrays of its moments): a fifth of the rows to send and parse than one per
    -- moment, and no final sort (measured in docs/insights.md).
    select visit_id as "visitId", min(visit_rank)::int as "visitRank", array_agg(moment_key) as "momentKeys", array_agg(rating) as ratings,
      array_agg(overall) as overalls, array_agg(floor(extract(epoch from first_at) * 1000)::float8) as "firstAts"
    from ranked where visit_rank <= ${MAX_VISITS + 1}
    group by visit_id`);
  const rows = rowsOf<VisitRow>(result);
  // The newest MAX_VISITS (rank 1 = newest), then by visit id (code points) so the order never depends on the plan.
  const truncated = rows.length > MAX_VISITS;
  const kept = rows.filter((row) => Number(row.visitRank) <= MAX_VISITS).sort((a, b) => (a.visitId < b.visitId ? -1 : a.visitId > b.visitId ? 1 : 0));
  const visits: Visit[] = [];
  for (const row of kept) {
    // Moments answered at the same instant (one form) follow the blueprint's order.
    const list = row.momentKeys.map((momentKey, i) => ({ momentKey, rating: row.ratings[i] ?? null, overall: row.overalls[i] ?? null, firstAt: Number(row.firstAts[i]) }));
    list.sort((a, b) => a.firstAt - b.firstAt || (momentOrder.get(a.momentKey) ?? 1e9) - (momentOrder.get(b.momentKey) ?? 1e9));
    const overalls = list.map((m) => m.overall).filter((x): x is number => x !== null);
    const ratings = new Map<string, number>();
    for (const m of list) if (m.rating !== null && m.momentKey !== '') ratings.set(m.momentKey, Number(m.rating));
    visits.push({ visitId: row.visitId, overall: overalls.length > 0 ? overalls.reduce((s, x) => s + Number(x), 0) / overalls.length : null, ratings });
  }
  return { visits, truncated };
}

export interface DriverMoment {
  momentKey: string;
  name: Record<string, string> | null;
  /** Raw relative weight ε_j (the weights sum to R²). */
  weight: number;
  /** Share of R² in percent (sums to 100). */
  share: number;
  /** 95% bootstrap percentile interval of `weight`. */
  weightCi: [number, number];
  /** 95% bootstrap percentile interval of `share` (percent of R²). */
  shareCi: [number, number];
  /**
   * Whether this moment's weight differs from the next one in the ranking (the 95% interval of the
   * difference of their weights excludes 0); null for the last moment.
   */
  differsFromNext: boolean | null;
  /** The 95% interval of this weight − the next one's; null for the last moment. */
  differenceFromNextCi: [number, number] | null;
  /** Mean CSAT (1–5) of the moment over the visits used. */
  performance: number;
  quadrant: IpaQuadrant;
}

export interface DriversBootstrap {
  method: 'percentile';
  level: number;
  seed: number;
  resamples: number;
  used: number;
  /** Visits drawn per resample (fewer than `respondents`: m-out-of-n, intervals rescaled by √(m/n)). */
  rowsPerResample: number;
}

export interface DriversReport {
  journeyKey: string;
  from: string;
  to: string;
  method: 'relative-weights';
  rating: 'csat';
  overall: 'nps';
  /** Visits used: rated every moment listed and gave an overall rating. */
  respondents: number;
  /** Visits in scope with an overall rating and at least one moment rating. */
  candidates: number;
  minRespondents: number;
  status: 'ok' | 'insufficient';
  reason: string | null;
  truncated: boolean;
  rSquared: number | null;
  rSquaredCi: [number, number] | null;
  /** How the intervals were computed; null when status is insufficient. */
  bootstrap: DriversBootstrap | null;
  /** True when some neighbouring ranks are not distinguishable (differsFromNext false). */
  tiedRanks: boolean;
  importanceSplit: number | null;
  performanceSplit: number | null;
  moments: DriverMoment[];
}

export interface PeakEndReport {
  journeyKey: string;
  from: string;
  to: string;
  peakRule: PeakRule;
  scale: { min: number; max: number };
  /** Visits with an overall rating and at least one moment rating. */
  respondents: number;
  minRespondents: number;
  status: 'ok' | 'insufficient';
  reason: string | null;
  truncated: boolean;
  correlationPeakEnd: number | null;
  correlationMean: number | null;
  regression: { terms: string[]; coefficients: number[]; standardErrors: number[]; pValues: number[]; rSquared: number; adjustedRSquared: number; n: number } | null;
  regressionNote: string | null;
  /** How often each moment was the visit's peak / its end, most frequent first. */
  peakMoments: { momentKey: string; name: Record<string, string> | null; visits: number }[];
  endMoments: { momentKey: string; name: Record<string, string> | null; visits: number }[];
}

const cache = new Map<string, { at: number; value: unknown }>();

/** Per-process cache of the answers by organisation and scope; `now` decides the age. */
async function cached<T>(key: string, now: number, compute: () => Promise<T>): Promise<T> {
  const hit = cache.get(key);
  if (hit && now - hit.at < CACHE_TTL_MS && now >= hit.at) return hit.value as T;
  const value = await compute();
  cache.delete(key);
  cache.set(key, { at: now, value });
  while (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  return value;
}

/** Empties the cache (tests that post data and read again within the TTL). */
export function clearInsightAnalysisCache(): void {
  cache.clear();
}

const scopeKey = (kind: string, orgId: string, scope: VisitScope) =>
  JSON.stringify([kind, orgId, scope.journeyKey, scope.from, scope.to, scope.locationIds === undefined ? null : [...scope.locationIds].sort()]);

async function journeyMoments(db: Db, orgId: string, journeyKey: string) {
  const journey = await findPublishedJourney(db, orgId, journeyKey);
  const names = new Map<string, Record<string, string>>();
  const order = new Map<string, number>();
  for (const [index, moment] of (journey?.document.moments ?? []).entries()) {
    names.set(moment.key, moment.name);
    order.set(moment.key, index);
  }
  return { names, order };
}

/**
 * Relative weights of the moments' CSAT on the visit's likelihood to recommend, cached per process for
 * CACHE_TTL_MS (callers outside the dashboard, e.g. the improvement-impact report). The dashboard's
 * endpoints answer from the stored analyses instead (stored-analyses.ts).
 */
export async function driversReport(db: Db, orgId: string, scope: VisitScope, now: Date): Promise<DriversReport> {
  return cached(scopeKey('drivers', orgId, scope), now.getTime(), () => computeDriversReport(db, orgId, scope));
}

/** The drivers report computed now, from the responses (no cache): what the analysis job stores. */
export async function computeDriversReport(db: Db, orgId: string, scope: VisitScope): Promise<DriversReport> {
  const { names, order } = await journeyMoments(db, orgId, scope.journeyKey);
  const { visits, truncated } = await loadVisits(db, orgId, scope, order);
  const rated = visits.filter((v) => v.overall !== null && v.ratings.size > 0);
  const base: DriversReport = {
    journeyKey: scope.journeyKey,
    from: scope.from,
    to: scope.to,
    method: 'relative-weights',
    rating: 'csat',
    overall: 'nps',
    respondents: 0,
    candidates: rated.length,
    minRespondents: MIN_DRIVER_VISITS,
    status: 'insufficient',
    reason: null,
    truncated,
    rSquared: null,
    rSquaredCi: null,
    bootstrap: null,
    tiedRanks: false,
    importanceSplit: null,
    performanceSplit: null,
    moments: [],
  };
  // Moments rated in at least half of the visits, most rated first; drop the least rated until
  // enough visits rated all of them (listwise deletion), as `keymoment analyze` does.
  const frequency = new Map<string, number>();
  for (const v of rated) for (const m of v.ratings.keys()) frequency.set(m, (frequency.get(m) ?? 0) + 1);
  let moments = [...frequency.entries()]
    .filter(([, f]) => f >= rated.length / 2)
    .sort((a, b) => b[1] - a[1] || (order.get(a[0]) ?? 1e9) - (order.get(b[0]) ?? 1e9))
    .map(([m]) => m);
  let best = 0;
  while (moments.length >= 2) {
    // Ordered by visit id (code points, not the database's collation): the bootstrap draws rows by
    // position, so a fixed order makes the intervals the same on both engines and on every run.
    const complete = rated.filter((v) => moments.every((m) => v.ratings.has(m))).sort((a, b) => (a.visitId < b.visitId ? -1 : a.visitId > b.visitId ? 1 : 0));
    best = Math.max(best, complete.length);
    if (complete.length >= Math.max(MIN_DRIVER_VISITS, moments.length + 2)) {
      const X = complete.map((v) => moments.map((m) => v.ratings.get(m)!));
      const y = complete.map((v) => v.overall!);
      let weights;
      try {
        weights = bootstrapRelativeWeights(X, y, {
          resamples: bootstrapResamples(moments.length),
          level: BOOTSTRAP_LEVEL,
          seed: BOOTSTRAP_SEED,
          maxRows: Math.max(BOOTSTRAP_MAX_ROWS, moments.length + 2),
        });
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
        // A constant or collinear moment: drop the last one and try with fewer.
        moments = moments.slice(0, -1);
        continue;
      }
      const performance = moments.map((_, j) => X.reduce((s, row) => s + row[j]!, 0) / X.length);
      const ipa = importancePerformance(
        Object.fromEntries(moments.map((m, j) => [m, weights.weights[j]!])),
        Object.fromEntries(moments.map((m, j) => [m, performance[j]!])),
      );
      const ranked = moments.map((_, j) => j).sort((a, b) => weights.weights[b]! - weights.weights[a]!);
      const list: DriverMoment[] = ranked.map((j, rank) => {
        const next = ranked[rank + 1];
        const difference = next === undefined ? null : weightDifference(weights, j, next);
        return {
          momentKey: moments[j]!,
          name: names.get(moments[j]!) ?? null,
          weight: weights.weights[j]!,
          share: weights.rescaled[j]!,
          weightCi: weights.predictors[j]!.ci,
          shareCi: weights.predictors[j]!.rescaledCi,
          differsFromNext: difference ? difference.significant : null,
          differenceFromNextCi: difference ? difference.ci : null,
          performance: performance[j]!,
          quadrant: ipa.moments[j]!.quadrant,
        };
      });
      return {
        ...base,
        respondents: complete.length,
        status: 'ok',
        rSquared: weights.rSquared,
        rSquaredCi: weights.rSquaredCi,
        bootstrap: { method: 'percentile', level: weights.level, seed: BOOTSTRAP_SEED, resamples: weights.resamples, used: weights.used, rowsPerResample: weights.rowsPerResample },
        tiedRanks: list.some((m) => m.differsFromNext === false),
        importanceSplit: ipa.importanceSplit,
        performanceSplit: ipa.meanPerformance,
        moments: list,
      };
    }
    moments = moments.slice(0, -1);
  }
  return {
    ...base,
    respondents: best,
    reason:
      rated.length === 0
        ? 'no visit in this scope has both an overall rating (NPS) and moment ratings (CSAT)'
        : `needs at least ${MIN_DRIVER_VISITS} visits that rated the same two or more moments and gave an overall rating; found ${best}`,
  };
}

function countBy(keys: string[], names: Map<string, Record<string, string>>) {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([momentKey, visits]) => ({ momentKey, name: names.get(momentKey) ?? null, visits }));
}

/** The peak–end rule on the visits: does the overall rating follow the peak and end moments or the mean? */
export async function peakEndReport(db: Db, orgId: string, scope: VisitScope, now: Date, rule: PeakRule = 'extreme'): Promise<PeakEndReport> {
  return cached(scopeKey(`peak-end:${rule}`, orgId, scope), now.getTime(), () => computePeakEndReport(db, orgId, scope, rule));
}

/** The peak–end report computed now, from the responses (no cache): what the analysis job stores. */
export async function computePeakEndReport(db: Db, orgId: string, scope: VisitScope, rule: PeakRule = 'extreme'): Promise<PeakEndReport> {
  const { names, order } = await journeyMoments(db, orgId, scope.journeyKey);
  const { visits, truncated } = await loadVisits(db, orgId, scope, order);
  const rated = visits.filter((v) => v.overall !== null && v.ratings.size > 0);
  const scale = { min: 1, max: CSAT_SCALE };
  const base: PeakEndReport = {
    journeyKey: scope.journeyKey,
    from: scope.from,
    to: scope.to,
    peakRule: rule,
    scale,
    respondents: rated.length,
    minRespondents: MIN_DRIVER_VISITS,
    status: 'insufficient',
    reason: null,
    truncated,
    correlationPeakEnd: null,
    correlationMean: null,
    regression: null,
    regressionNote: null,
    peakMoments: [],
    endMoments: [],
  };
  if (rated.length < MIN_DRIVER_VISITS) {
    return { ...base, reason: `needs at least ${MIN_DRIVER_VISITS} visits with an overall rating (NPS) and moment ratings (CSAT); found ${rated.length}` };
  }
  const episodes = rated.map((v) => ({ keys: [...v.ratings.keys()], scores: [...v.ratings.values()], overall: v.overall }));
  const result = peakEnd(episodes, { scale, peak: rule });
  return {
    ...base,
    status: 'ok',
    correlationPeakEnd: result.correlationPeakEnd,
    correlationMean: result.correlationMean,
    regression: result.regression,
    regressionNote: result.regressionNote,
    peakMoments: countBy(result.episodes.map((e, i) => episodes[i]!.keys[e.peakIndex]!), names),
    endMoments: countBy(episodes.map((e) => e.keys[e.keys.length - 1]!), names),
  };
}

import { sql } from 'drizzle-orm';
import { findEffectiveMoment } from '../journeys/index.ts';
import { journeyHeatmap, scoreReport, type ScoreRow } from '../insights/index.ts';
import type { Db } from '../platform/database.ts';
import { badRequest } from '../platform/errors.ts';
import { benchmarkStatus, type Target } from './model.ts';
import { auditComplianceRollups } from './schema.ts';
import type { ImprovementRow } from './actions.ts';

/*
 * What audits learn from the customers' side: the before/after effect of an improvement action on its
 * moment's customer score, and the moment × outlet cells where the checks pass but customers still
 * suffer (or the reverse). The scores and their significance tests come from the insights room
 * (scoreReport / journeyHeatmap over its rollups, tests from keymoment/stats); nothing is computed
 * from raw responses here.
 */

export const DEFAULT_EFFECT_WINDOW_DAYS = 28;
export const MIN_EFFECT_WINDOW_DAYS = 7;
export const MAX_EFFECT_WINDOW_DAYS = 182;
/** Fewer answers than this on either side: a score is shown as null and nothing is called significant. */
export const DEFAULT_MIN_N = 5;

const DAY_MS = 86_400_000;
const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const daysFromTo = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;

export type EffectMetric = 'nps' | 'csat';
export const EFFECT_METRICS: readonly EffectMetric[] = ['nps', 'csat'];

export interface MetricEffect {
  before: { score: number | null; n: number };
  after: { score: number | null; n: number };
  /** after − before (points); null when either side is below the minimum n. */
  difference: number | null;
  pValue: number | null;
  significant: boolean;
}

export interface ImprovementEffect {
  /** `not_started`: the start date is in the future; `measuring`: the after-window is not over yet; `complete`. */
  state: 'not_started' | 'measuring' | 'complete';
  windowDays: number;
  /** Days of the after-window that have passed (the before-window has the same length). */
  measuredDays: number;
  before: { from: string; to: string } | null;
  after: { from: string; to: string } | null;
  minN: number;
  level: number;
  metrics: Record<EffectMetric, MetricEffect>;
}

function metricOf(row: ScoreRow | undefined, metric: EffectMetric): MetricEffect {
  if (!row) return { before: { score: null, n: 0 }, after: { score: null, n: 0 }, difference: null, pValue: null, significant: false };
  const previous = row.previous[metric];
  return {
    before: { score: previous.score, n: previous.n },
    after: { score: row[metric].score, n: row[metric].n },
    difference: previous.difference,
    pValue: previous.pValue,
    significant: previous.significant,
  };
}

/**
 * The moment's customer score in the `windowDays` from the start date against the same number of days
 * just before it, in the action's location subtree (`locationIds`, undefined = the whole organisation).
 * While the after-window is still running, both windows are as long as the days that have passed, so
 * like is compared with like. Insights' scoreReport compares a range with the equal range before it:
 * NPS with the adjusted-Wald difference, CSAT with the two-proportion z-test.
 */
export async function improvementEffect(
  db: Db,
  orgId: string,
  improvement: Pick<ImprovementRow, 'journeyKey' | 'momentKey' | 'startDate'>,
  options: { today: string; windowDays?: number; minN?: number; locationIds?: string[] | undefined },
): Promise<ImprovementEffect> {
  const windowDays = options.windowDays ?? DEFAULT_EFFECT_WINDOW_DAYS;
  if (!Number.isInteger(windowDays) || windowDays < MIN_EFFECT_WINDOW_DAYS || windowDays > MAX_EFFECT_WINDOW_DAYS) {
    throw badRequest('windowDays', `windowDays must be a whole number from ${MIN_EFFECT_WINDOW_DAYS} to ${MAX_EFFECT_WINDOW_DAYS}`);
  }
  const minN = options.minN ?? DEFAULT_MIN_N;
  const start = improvement.startDate;
  const empty = (state: ImprovementEffect['state']): ImprovementEffect => ({
    state,
    windowDays,
    measuredDays: 0,
    before: null,
    after: null,
    minN,
    level: 0.95,
    metrics: { nps: metricOf(undefined, 'nps'), csat: metricOf(undefined, 'csat') },
  });
  // The start day itself counts as measured only once it is over: "today" is never complete.
  if (start >= options.today) return empty('not_started');
  const fullEnd = addDays(start, windowDays - 1);
  const yesterday = addDays(options.today, -1);
  const end = fullEnd <= yesterday ? fullEnd : yesterday;
  const measuredDays = daysFromTo(start, end);
  if (options.locationIds && options.locationIds.length === 0) return { ...empty(fullEnd <= yesterday ? 'complete' : 'measuring'), measuredDays };
  const report = await scoreReport(db, orgId, {
    groupBy: 'moment',
    period: 'day',
    from: start,
    to: end,
    journeyKey: improvement.journeyKey,
    momentKey: improvement.momentKey,
    locationIds: options.locationIds,
    minN,
  });
  return {
    state: fullEnd <= yesterday ? 'complete' : 'measuring',
    windowDays,
    measuredDays,
    before: { from: report.previousFrom, to: report.previousTo },
    after: { from: report.from, to: report.to },
    minN,
    level: report.level,
    metrics: { nps: metricOf(report.total, 'nps'), csat: metricOf(report.total, 'csat') },
  };
}

// ---------- compliance vs satisfaction ----------

export type CellFlag = 'passes_checks_customers_suffer' | 'fails_checks_customers_happy';
export const CELL_FLAGS: readonly CellFlag[] = ['passes_checks_customers_suffer', 'fails_checks_customers_happy'];

export interface ComplianceSatisfactionCell {
  journeyKey: string;
  momentKey: string;
  locationId: string;
  audit: { compliance: number | null; answered: number; target: Target; targetSource: 'benchmark' | 'default'; status: 'met' | 'missed' | 'not_applicable' };
  customers: {
    /** Worst over the moment's NPS/CSAT/CES benchmarks at this outlet. */
    status: 'meets' | 'below' | 'insufficient' | 'no_benchmark';
    metrics: { metric: 'nps' | 'csat' | 'ces'; score: number | null; n: number; comparator: string; value: number; status: string }[];
  };
  flag: CellFlag | null;
}

export interface ComplianceSatisfactionQuery {
  /** First and last month, YYYY-MM (audit compliance is kept per month). */
  from: string;
  to: string;
  journeyKey?: string | undefined;
  within?: string[] | undefined;
  /** Used for moments without an audit_compliance benchmark. */
  defaultTarget: number;
  minN: number;
}

function monthEnd(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10);
}

/**
 * Every moment × outlet with submitted audits in the months asked for: weighted compliance against the
 * moment's audit_compliance target at that outlet (else `defaultTarget` %), next to the customers'
 * scores over the same days against the moment's NPS/CSAT/CES benchmarks at that outlet. Flags cells
 * whose audits meet the target while customers are below a benchmark (the standard is wrong or
 * incomplete) and the reverse. Sorted: flagged first, then by outlet and moment.
 */
export async function complianceVsSatisfaction(db: Db, orgId: string, query: ComplianceSatisfactionQuery): Promise<ComplianceSatisfactionCell[]> {
  if (query.from > query.to) throw badRequest('from', `from (${query.from}) is after to (${query.to})`);
  if (query.within && query.within.length === 0) return [];
  const r = auditComplianceRollups;
  const conditions = [sql`${r.orgId} = ${orgId}`, sql`${r.periodMonth} >= ${`${query.from}-01`}`, sql`${r.periodMonth} <= ${`${query.to}-01`}`];
  if (query.journeyKey) conditions.push(sql`${r.journeyKey} = ${query.journeyKey}`);
  if (query.within) conditions.push(sql`${r.locationId} in (${sql.join(query.within.map((id) => sql`${id}`), sql`, `)})`);
  const result = await db.execute(sql`
    select ${r.locationId} as location_id, ${r.journeyKey} as journey_key, ${r.momentKey} as moment_key,
      sum(${r.answered})::int as answered, sum(${r.earned})::float8 as earned, sum(${r.possible})::float8 as possible
    from ${r}
    where ${sql.join(conditions, sql` and `)}
    group by 1, 2, 3
    order by 1, 2, 3
    limit 2000`);
  // PGlite's and node-pg's drivers both return `{ rows }` from execute().
  const rows = (result as unknown as { rows: unknown[] }).rows as {
    location_id: string;
    journey_key: string;
    moment_key: string;
    answered: number;
    earned: number;
    possible: number;
  }[];
  const from = `${query.from}-01`;
  const to = monthEnd(query.to);
  const heatmaps = new Map<string, Awaited<ReturnType<typeof journeyHeatmap>>>();
  const cells: ComplianceSatisfactionCell[] = [];
  for (const row of rows) {
    const heatKey = `${row.journey_key}\u0000${row.location_id}`;
    if (!heatmaps.has(heatKey)) {
      heatmaps.set(
        heatKey,
        await journeyHeatmap(db, orgId, { journeyKey: row.journey_key, from, to, locationId: row.location_id, locationIds: [row.location_id], minN: query.minN }),
      );
    }
    const moment = heatmaps.get(heatKey)?.moments.find((candidate) => candidate.momentKey === row.moment_key);
    const effective = await findEffectiveMoment(db, orgId, row.journey_key, row.moment_key, row.location_id);
    const benchmark = effective?.moment.benchmarks.find((candidate) => candidate.metric === 'audit_compliance');
    const target: Target = benchmark ? { comparator: benchmark.comparator, value: benchmark.value } : { comparator: 'gte', value: query.defaultTarget };
    const possible = Number(row.possible);
    const compliance = possible > 0 ? Math.round((10_000 * Number(row.earned)) / possible) / 100 : null;
    const auditStatus = benchmarkStatus(compliance, target) as 'met' | 'missed' | 'not_applicable';
    const metrics = moment
      ? (['nps', 'csat', 'ces'] as const).flatMap((metric) => {
          const goal = moment.benchmarks[metric];
          return goal ? [{ metric, score: moment.scores[metric].score, n: moment.scores[metric].n, comparator: goal.comparator, value: goal.value, status: goal.status }] : [];
        })
      : [];
    const customerStatus = moment?.status ?? 'no_benchmark';
    const flag: CellFlag | null =
      auditStatus === 'met' && customerStatus === 'below'
        ? 'passes_checks_customers_suffer'
        : auditStatus === 'missed' && customerStatus === 'meets'
          ? 'fails_checks_customers_happy'
          : null;
    cells.push({
      journeyKey: row.journey_key,
      momentKey: row.moment_key,
      locationId: row.location_id,
      audit: { compliance, answered: Number(row.answered), target, targetSource: benchmark ? 'benchmark' : 'default', status: auditStatus },
      customers: { status: customerStatus, metrics },
      flag,
    });
  }
  const rank = (cell: ComplianceSatisfactionCell) => (cell.flag === 'passes_checks_customers_suffer' ? 0 : cell.flag ? 1 : 2);
  return cells.sort((a, b) => rank(a) - rank(b));
}

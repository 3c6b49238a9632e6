import type { FastifyRequest } from 'fastify';
import { Type, type TSchema } from 'typebox';
import { actorOf, countLocations, getOrganization, listLocationSubtreeIds, type Actor } from '../access/index.ts';
import type { Database } from '../platform/database.ts';
import { badRequest, NotFoundError } from '../platform/errors.ts';
import { orgReferenceCache } from '../platform/org-reference-cache.ts';
import type { HttpServer } from '../platform/http-server.ts';
import { PageQuery, pageOf } from '../platform/pagination.ts';
import { Nullable, oneOf, Timestamp } from '../platform/schema-types.ts';
import { listAlerts, localDay } from './alerts.ts';
import { answerAnalysis } from './stored-analyses.ts';
import { DEFAULT_MIN_N, GROUP_BYS, PERIODS, SCORE_METRICS, type GroupBy, type Period } from './model.ts';
import { journeyHeatmap, LEAGUE_SORTS, MAX_LEAGUE_LIMIT, resolveRange, scoreReport, SORT_ORDERS, themeTrend } from './scores.ts';
import { findCommentAnalyses } from './store.ts';

export interface InsightRouteDeps {
  database: Database;
  now: () => Date;
  /** Default minimum n below which scores are withheld (requests may ask for another with `minN`). */
  minN?: number;
}

const errors = {
  400: { $ref: 'ErrorBody' },
  401: { $ref: 'ErrorBody' },
  403: { $ref: 'ErrorBody' },
  404: { $ref: 'ErrorBody' },
};

const Slug = (description: string) => Type.String({ minLength: 1, maxLength: 64, description });
const Day = (description: string) => Type.String({ minLength: 1, maxLength: 10, description: `${description} (YYYY-MM-DD, a local calendar day)` });
const Interval = Nullable(Type.Array(Type.Number(), { minItems: 2, maxItems: 2, description: '95% interval [low, high]' }));
const ScoreFields = { score: Nullable(Type.Number()), n: Type.Integer(), ci: Interval };
const NpsView = Type.Object({ ...ScoreFields, promoters: Type.Integer(), passives: Type.Integer(), detractors: Type.Integer() }, { description: 'NPS in points (−100…100), adjusted-Wald interval' });
const CsatView = Type.Object({ ...ScoreFields, mean: Nullable(Type.Number()) }, { description: 'CSAT: % top-2-box (4–5 of 5), Wilson interval; mean answer' });
const CesView = Type.Object({ ...ScoreFields, easyShare: Nullable(Type.Number()) }, { description: 'CES: mean answer on 1–7, t interval; % of answers 5–7' });
const ComparisonView = Type.Object({
  score: Nullable(Type.Number()),
  n: Type.Integer(),
  difference: Nullable(Type.Number({ description: 'current − previous' })),
  pValue: Nullable(Type.Number({ description: 'two-sided' })),
  significant: Type.Boolean({ description: 'p < 0.05 with both periods at or above the minimum n' }),
});
const ScoreRowView = Type.Object({
  journeyKey: Type.Optional(Nullable(Type.String())),
  momentKey: Type.Optional(Nullable(Type.String())),
  locationId: Type.Optional(Nullable(Type.String())),
  staffId: Type.Optional(Nullable(Type.String())),
  periodStart: Type.Optional(Type.String()),
  periodEnd: Type.Optional(Type.String()),
  responses: Type.Integer(),
  comments: Type.Integer(),
  nps: NpsView,
  csat: CsatView,
  ces: CesView,
  previous: Type.Object({ from: Type.String(), to: Type.String(), nps: ComparisonView, csat: ComparisonView, ces: ComparisonView }),
  rank: Type.Optional(Nullable(Type.Integer({ description: 'with a metric `sort`: place by that metric’s score over all groups, best first; null when withheld' }))),
});
const ReportHead = {
  from: Type.String(),
  to: Type.String(),
  previousFrom: Type.String(),
  previousTo: Type.String(),
  minN: Type.Integer(),
};
const ScoreReportView = Type.Object({
  groupBy: oneOf(GROUP_BYS),
  period: oneOf(PERIODS),
  ...ReportHead,
  level: Type.Number(),
  total: ScoreRowView,
  rows: Type.Array(ScoreRowView),
  totalRows: Type.Optional(Type.Integer({ description: 'with sort / order / answered / limit / offset: the groups before paging' })),
});
const BenchmarkView = Type.Object({ comparator: Type.String(), value: Type.Number(), status: oneOf(['meets', 'below', 'insufficient', 'no_benchmark'] as const) });
const Text = Type.Record(Type.String(), Type.String());
const HeatmapView = Type.Object({
  journeyKey: Type.String(),
  version: Type.Integer(),
  ...ReportHead,
  stages: Type.Array(Type.Object({ key: Type.String(), kind: Type.String(), name: Type.Optional(Text) })),
  moments: Type.Array(
    Type.Object({
      momentKey: Type.String(),
      name: Text,
      stageKey: Type.String(),
      order: Type.Integer(),
      flags: Type.Array(Type.String()),
      peak: Type.Boolean(),
      end: Type.Boolean(),
      peakForPurposes: Type.Array(Type.String()),
      responsibleRole: Nullable(Text),
      scores: ScoreRowView,
      benchmarks: Type.Object({ nps: Type.Optional(BenchmarkView), csat: Type.Optional(BenchmarkView), ces: Type.Optional(BenchmarkView) }),
      status: oneOf(['meets', 'below', 'insufficient', 'no_benchmark'] as const),
    }),
  ),
});
const ThemeRowView = Type.Object({
  periodStart: Nullable(Type.String()),
  theme: Type.String(),
  mentions: Type.Integer(),
  positive: Type.Integer(),
  neutral: Type.Integer(),
  negative: Type.Integer(),
  meanSentiment: Type.Number(),
});
const CommentAnalysisView = Type.Object({
  responseId: Type.String(),
  status: oneOf(['pending', 'analysed'] as const),
  analysedAt: Nullable(Timestamp),
  lang: Nullable(Type.String()),
  sentiment: Nullable(Type.Object({ score: Type.Number(), label: Type.String() })),
  themes: Type.Array(Type.Object({ theme: Type.String(), matches: Type.Array(Type.String()), score: Type.Number(), label: Type.String() })),
  keyPhrases: Type.Array(Type.String()),
});
const FindingView = Type.Object({
  kind: oneOf(['below_benchmark', 'significant_drop'] as const),
  metric: oneOf(['nps', 'csat', 'ces'] as const),
  score: Type.Number(),
  n: Type.Integer(),
  benchmark: Type.Optional(Type.Object({ comparator: Type.String(), value: Type.Number() })),
  previous: Type.Optional(Type.Object({ score: Type.Number(), n: Type.Integer(), difference: Type.Number(), pValue: Type.Number() })),
});
const AlertView = Type.Object({
  alertId: Type.String(),
  journeyKey: Type.String(),
  momentKey: Type.String(),
  locationId: Nullable(Type.String({ description: 'null: organisation-wide' })),
  periodStart: Type.String(),
  periodEnd: Type.String(),
  findings: Type.Array(FindingView),
  responsibleRole: Nullable(Type.String()),
  recipients: Type.Array(Type.String()),
  mailedAt: Nullable(Timestamp),
  createdAt: Timestamp,
});

const MinN = Type.Integer({ minimum: 1, maximum: 10_000, description: `Scores with fewer answers are null (n still shown); default ${DEFAULT_MIN_N}` });
const FilterQuery = {
  from: Type.Optional(Day('First day; default 29 days before `to`')),
  to: Type.Optional(Day('Last day, included; default today in the organisation’s time zone')),
  journey: Type.Optional(Slug('Journey key')),
  moment: Type.Optional(Slug('Moment key')),
  location: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'This location and everything under it' })),
  channel: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
};

function query<T extends Record<string, TSchema>>(properties: T) {
  return Type.Object(properties, { additionalProperties: false });
}

/** The location whose subtree a member is limited to; undefined = everything (API keys, unscoped members). */
function locationScopeOf(actor: Actor): string | undefined {
  return actor.kind === 'user' && actor.locationScope !== null ? actor.locationScope : undefined;
}

/**
 * The subtree of a location asked for as a filter (empty when there is no such location), remembered for a
 * moment like the other reference data (src/platform/org-reference-cache.ts: creating or moving a location
 * through this process forgets it; another server's change is seen within REFERENCE_CACHE_MS): every
 * location-filtered dashboard question starts with it, and the walk of a 200-outlet region cost ~1 ms of
 * a question answered in a few. What a member may see is never taken from here: visibleLocationIds reads
 * it fresh, and the filter is cut to it. The array is shared: callers do not change it.
 */
function subtreeOf(database: Database, orgId: string, rootId: string): Promise<readonly string[]> {
  return orgReferenceCache.remember(orgId, `location-subtree\u0000${rootId}`, () => listLocationSubtreeIds(database.db, orgId, rootId), (ids) => ids.length > 0);
}

/** A member limited to a location subtree reads only that subtree (undefined = no limit). */
async function visibleLocationIds(database: Database, actor: Actor): Promise<string[] | undefined> {
  const scope = locationScopeOf(actor);
  return scope === undefined ? undefined : listLocationSubtreeIds(database.db, actor.orgId, scope);
}

/**
 * What an insights answer depends on besides its URL (the answer cache's scope): the organisation, the
 * subtree the reader may see, and the day — `to` defaults to today in the organisation's time zone, and
 * every zone's offset is a multiple of 15 minutes, so a local day can only turn at such a boundary.
 */
function answerScopeOf(request: FastifyRequest, now: Date): string {
  const actor = actorOf(request);
  return `${actor.orgId} ${locationScopeOf(actor) ?? '*'} ${Math.floor(now.getTime() / 900_000)}`;
}

/** The location filter expanded to its subtree, cut to what the reader may see. */
async function locationFilter(database: Database, actor: Actor, locationId: string | undefined): Promise<string[] | undefined> {
  return (await locationSubtreeFilter(database, actor, locationId)).locationIds;
}

/**
 * The location filter of a rollup question, and whether its ids are every location of the organisation
 * (`everyLocation`: the root of a one-tree network, or a member scoped to it). The rollups then filter
 * on "has a location" instead of the list: the same rows, without the planner weighing hundreds of ids
 * for each ladder piece (4 ms of planning in the 30-day league of a 200-outlet root region on PGlite,
 * BENCHMARKS.md session 9).
 */
async function rollupLocationFilter(database: Database, actor: Actor, locationId: string | undefined): Promise<{ locationIds: string[] | undefined; everyLocation: boolean }> {
  const locationIds = await locationFilter(database, actor, locationId);
  return { locationIds, everyLocation: await coversOrganization(database, actor.orgId, locationIds) };
}

/** locationFilter, and whether the reader sees the asked location's whole subtree (`whole`). */
async function locationSubtreeFilter(database: Database, actor: Actor, locationId: string | undefined): Promise<{ locationIds: string[] | undefined; whole: boolean }> {
  const visible = await visibleLocationIds(database, actor);
  if (locationId === undefined) return { locationIds: visible, whole: false };
  const subtree = await subtreeOf(database, actor.orgId, locationId);
  // The subtree holds the location itself: empty means no such location in this organisation.
  if (subtree.length === 0) throw badRequest('location', `no location with id ${locationId} in this organisation`);
  const visibleIds = visible ? new Set(visible) : undefined;
  const seen = visibleIds ? subtree.filter((id) => visibleIds.has(id)) : [...subtree];
  return { locationIds: seen, whole: seen.length === subtree.length };
}

/**
 * Whether the ids (distinct, all of this organisation) are every location it has. Counted fresh, never
 * remembered: a stale count would widen a filter to locations created since. Only asked for long lists,
 * where matching the list costs more than the count (~0.3 ms on PGlite).
 */
async function coversOrganization(database: Database, orgId: string, ids: readonly string[] | undefined): Promise<boolean> {
  if (ids === undefined || ids.length < EVERY_LOCATION_MIN_IDS) return false;
  return ids.length === (await countLocations(database.db, orgId));
}

/** From how many ids on the "is it every location" check is made (a region of a few outlets: not worth it). */
const EVERY_LOCATION_MIN_IDS = 32;

export function registerInsightRoutes(app: HttpServer, deps: InsightRouteDeps): void {
  const { database } = deps;
  const db = database.db;
  const defaultMinN = deps.minN ?? DEFAULT_MIN_N;
  const today = async (orgId: string) => localDay(deps.now(), (await getOrganization(db, orgId)).timezone);
  const rangeOf = (q: { from?: string | undefined; to?: string | undefined }, orgId: string) => resolveRange(q.from, q.to, () => today(orgId));
  // Scores, heatmap and themes read only rollups and reference data: remembered until the next write.
  const answerCache = (request: FastifyRequest) => answerScopeOf(request, deps.now());

  app.get('/api/v1/scores', {
    config: { access: { permission: 'responses.read' }, answerCache },
    schema: {
      tags: ['insights'],
      summary:
        'NPS, CSAT and CES with 95% intervals, grouped by moment, location, staff member or period, each compared with the previous period of equal length ' +
        '(difference, p-value, significant). Computed from rollups, never raw responses. Days are local to each location.',
      querystring: query({
        groupBy: Type.Optional(oneOf(GROUP_BYS, 'default moment')),
        period: Type.Optional(oneOf(PERIODS, 'bucket for groupBy=period (default month); from/to widen to whole periods')),
        ...FilterQuery,
        staff: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Staff id as ingested' })),
        minN: Type.Optional(MinN),
        // League tables (groupBy location | staff) sorted and paged here, so a 1,200-row staff table
        // does not have to travel and render whole.
        sort: Type.Optional(oneOf(LEAGUE_SORTS, 'groupBy location|staff: `nps` = by score, `nps.n` = by answers, `nps.change` = by significant change (same for csat, ces), `responses`, `id`; rows without a value last')),
        order: Type.Optional(oneOf(SORT_ORDERS, 'default desc (asc for sort=id)')),
        answered: Type.Optional(oneOf(SCORE_METRICS, 'groupBy location|staff: only groups with at least one answer on this metric')),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LEAGUE_LIMIT, description: 'groupBy location|staff: rows per page (default: all)' })),
        offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'rows to skip (default 0)' })),
      }),
      response: { 200: ScoreReportView, ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const q = request.query;
    const { from, to } = await rangeOf(q, actor.orgId);
    const groupBy = (q.groupBy ?? 'moment') as GroupBy;
    const paging = { sort: q.sort, order: q.order, answered: q.answered, limit: q.limit, offset: q.offset };
    const pagingField = (Object.keys(paging) as (keyof typeof paging)[]).find((key) => paging[key] !== undefined);
    if (pagingField && groupBy !== 'location' && groupBy !== 'staff') throw badRequest(pagingField, `${pagingField} is for groupBy=location or groupBy=staff`);
    const scoreRequest = {
      groupBy,
      period: (q.period ?? 'month') as Period,
      from,
      to,
      journeyKey: q.journey,
      momentKey: q.moment,
      ...(await rollupLocationFilter(database, actor, q.location)),
      staffId: q.staff,
      channel: q.channel,
      minN: q.minN ?? defaultMinN,
    };
    // Without any of them the answer is exactly as before: every group, in the rollup's order.
    return pagingField ? scoreReport(db, actor.orgId, scoreRequest, paging) : scoreReport(db, actor.orgId, scoreRequest);
  });

  app.get('/api/v1/insights/heatmap', {
    config: { access: { permission: 'responses.read' }, answerCache },
    schema: {
      tags: ['insights'],
      summary:
        'The journey heatmap: every moment of the published journey in order, its scores against its NPS / CSAT / CES benchmarks (a location’s own targets ' +
        'when `location` is given), peak and end moments flagged',
      querystring: query({ ...FilterQuery, journey: Slug('Journey key'), minN: Type.Optional(MinN) }),
      response: { 200: HeatmapView, ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const q = request.query;
    if (q.moment !== undefined) throw badRequest('moment', 'the heatmap shows every moment of the journey; leave moment out');
    const { from, to } = await rangeOf(q, actor.orgId);
    const heatmap = await journeyHeatmap(db, actor.orgId, {
      journeyKey: q.journey,
      from,
      to,
      locationId: q.location,
      ...(await rollupLocationFilter(database, actor, q.location)),
      channel: q.channel,
      minN: q.minN ?? defaultMinN,
    });
    if (!heatmap) throw new NotFoundError('Published journey');
    return heatmap;
  });

  const AnalysisQuery = query({
    journey: Slug('Journey key'),
    from: FilterQuery.from,
    to: FilterQuery.to,
    location: FilterQuery.location,
  });
  const Status = oneOf(['ok', 'insufficient'] as const, '`insufficient`: fewer visits than `minRespondents`; `reason` says what is missing');
  const MomentName = Nullable(Text);
  // Drivers and peak–end are computed by a job and stored per scope (stored-analyses.ts).
  const STORED =
    'Answered from the stored analysis of the scope: 200 with `computedAt` (and `stale: true` while a newer computation runs because responses in ' +
    'the scope changed since); 202 `{ status: "computing" }` when nothing is stored yet — ask again in a few seconds';
  const StoredFields = {
    computedAt: Timestamp,
    stale: Type.Optional(Type.Literal(true, { description: 'Responses in the scope changed since computedAt; a recomputation is queued' })),
  };
  const Computing = Type.Object({ status: Type.Literal('computing') }, { description: 'Nothing stored for this scope yet; the computation is queued' });

  app.get('/api/v1/insights/drivers', {
    config: { access: { permission: 'responses.read' } },
    schema: {
      tags: ['insights'],
      summary:
        'Which moments drive loyalty: Johnson relative weights of each moment’s CSAT on the visit’s likelihood to recommend (NPS answer), over visits ' +
        '(responses sharing a visit id) that rated every listed moment, with each moment’s mean CSAT and importance–performance quadrant, ' +
        '95% bootstrap intervals of the weights and whether neighbouring ranks differ. ' +
        'At most the newest 20,000 visits. ' +
        STORED,
      querystring: AnalysisQuery,
      response: {
        200: Type.Object({
          ...StoredFields,
          journeyKey: Type.String(),
          from: Type.String(),
          to: Type.String(),
          method: Type.Literal('relative-weights'),
          rating: Type.Literal('csat'),
          overall: Type.Literal('nps'),
          respondents: Type.Integer({ description: 'Visits used' }),
          candidates: Type.Integer({ description: 'Visits with an overall rating and at least one moment rating' }),
          minRespondents: Type.Integer(),
          status: Status,
          reason: Nullable(Type.String()),
          truncated: Type.Boolean({ description: 'More visits than the 20,000 read' }),
          rSquared: Nullable(Type.Number()),
          rSquaredCi: Interval,
          bootstrap: Nullable(Type.Object({
            method: Type.Literal('percentile'),
            level: Type.Number(),
            seed: Type.Integer(),
            resamples: Type.Integer(),
            used: Type.Integer({ description: 'Resamples usable (non-constant, non-collinear moments)' }),
            rowsPerResample: Type.Integer({ description: 'Visits drawn per resample; below respondents the intervals are m-out-of-n, rescaled by √(m/n)' }),
          }, { description: 'How the intervals were computed (Tonidandel, LeBreton & Johnson 2009); null when insufficient' })),
          tiedRanks: Type.Boolean({ description: 'Some neighbouring ranks are not distinguishable (a differsFromNext is false)' }),
          importanceSplit: Nullable(Type.Number()),
          performanceSplit: Nullable(Type.Number()),
          moments: Type.Array(Type.Object({
            momentKey: Type.String(),
            name: MomentName,
            weight: Type.Number({ description: 'Raw relative weight; the weights sum to rSquared' }),
            share: Type.Number({ description: 'Percent of R² (sums to 100)' }),
            weightCi: Type.Array(Type.Number(), { minItems: 2, maxItems: 2, description: '95% bootstrap percentile interval of weight' }),
            shareCi: Type.Array(Type.Number(), { minItems: 2, maxItems: 2, description: '95% bootstrap percentile interval of share' }),
            differsFromNext: Nullable(Type.Boolean({ description: 'The 95% interval of (this weight − the next ranked one) excludes 0; null for the last' })),
            differenceFromNextCi: Interval,
            performance: Type.Number({ description: 'Mean CSAT 1–5' }),
            quadrant: oneOf(['fix-first', 'keep-up', 'low-priority', 'overkill'] as const),
          }), { description: 'Most important first' }),
        }),
        202: Computing,
        ...errors,
      },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const q = request.query;
    const { from, to } = await rangeOf(q, actor.orgId);
    const scope = { journeyKey: q.journey, from, to, locationIds: await locationFilter(database, actor, q.location) };
    const answer = await answerAnalysis(database, actor.orgId, { kind: 'drivers', scope }, deps.now());
    return answer.status === 'computing' ? reply.code(202).send({ status: 'computing' }) : answer.result;
  });

  const MomentCount = Type.Object({ momentKey: Type.String(), name: MomentName, visits: Type.Integer() });
  app.get('/api/v1/insights/peak-end', {
    config: { access: { permission: 'responses.read' } },
    schema: {
      tags: ['insights'],
      summary:
        'The peak–end rule on visits: correlation of the visit’s likelihood to recommend with (peak + end)/2 of its moments’ CSAT versus with their mean, ' +
        'and the regression overall ~ peak + end + mean. At most the newest 20,000 visits. ' +
        STORED,
      querystring: Type.Object({ ...AnalysisQuery.properties, peak: Type.Optional(oneOf(['extreme', 'max', 'min'] as const, 'which moment is the peak (default extreme)')) }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          ...StoredFields,
          journeyKey: Type.String(),
          from: Type.String(),
          to: Type.String(),
          peakRule: oneOf(['extreme', 'max', 'min'] as const),
          scale: Type.Object({ min: Type.Number(), max: Type.Number() }),
          respondents: Type.Integer({ description: 'Visits with an overall rating and at least one moment rating' }),
          minRespondents: Type.Integer(),
          status: Status,
          reason: Nullable(Type.String()),
          truncated: Type.Boolean(),
          correlationPeakEnd: Nullable(Type.Number()),
          correlationMean: Nullable(Type.Number()),
          regression: Nullable(Type.Object({
            terms: Type.Array(Type.String()),
            coefficients: Type.Array(Type.Number()),
            standardErrors: Type.Array(Type.Number()),
            pValues: Type.Array(Type.Number()),
            rSquared: Type.Number(),
            adjustedRSquared: Type.Number(),
            n: Type.Integer(),
          })),
          regressionNote: Nullable(Type.String()),
          peakMoments: Type.Array(MomentCount),
          endMoments: Type.Array(MomentCount),
        }),
        202: Computing,
        ...errors,
      },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const q = request.query;
    const { from, to } = await rangeOf(q, actor.orgId);
    const scope = { journeyKey: q.journey, from, to, locationIds: await locationFilter(database, actor, q.location) };
    const answer = await answerAnalysis(database, actor.orgId, { kind: 'peak-end', scope, peakRule: q.peak ?? 'extreme' }, deps.now());
    return answer.status === 'computing' ? reply.code(202).send({ status: 'computing' }) : answer.result;
  });

  app.get('/api/v1/insights/themes', {
    config: { access: { permission: 'responses.read' }, answerCache },
    schema: {
      tags: ['insights'],
      summary:
        'Comment themes and sentiment from analysed comments: totals, or a trend with `period`. `comments` holds every analysed comment (theme ""), ' +
        '`themes` each theme’s mentions with the sentiment of the sentence that mentioned it',
      querystring: query({ ...FilterQuery, period: Type.Optional(oneOf(PERIODS)) }),
      response: { 200: Type.Object({ from: Type.String(), to: Type.String(), comments: Type.Array(ThemeRowView), themes: Type.Array(ThemeRowView) }), ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const q = request.query;
    if (q.channel !== undefined) throw badRequest('channel', 'theme rollups are kept per moment, location and day, not per channel');
    const { from, to } = await rangeOf(q, actor.orgId);
    const locations = await locationSubtreeFilter(database, actor, q.location);
    const trend = await themeTrend(
      db,
      actor.orgId,
      {
        from,
        to,
        journeyKey: q.journey,
        momentKey: q.moment,
        locationIds: locations.locationIds,
        everyLocation: await coversOrganization(database, actor.orgId, locations.locationIds),
        // A location's whole subtree: its themes may come from the area rung.
        areaId: locations.whole ? q.location : undefined,
        period: (q.period ?? null) as Period | null,
      },
      (error) => request.log.error({ err: error }, 'rebuilding the area theme ladder failed'),
    );
    return { from, to, ...trend };
  });

  app.get('/api/v1/insights/comments', {
    config: { access: { permission: 'responses.read' } },
    schema: {
      tags: ['insights'],
      summary: 'Sentiment, language and themes of the comments of the given responses (for the response inbox). Responses without a comment are absent.',
      querystring: query({ responseIds: Type.String({ minLength: 1, maxLength: 200 * 65, description: 'Comma-separated response ids, at most 200' }) }),
      response: { 200: Type.Object({ items: Type.Array(CommentAnalysisView) }), ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const ids = [...new Set(request.query.responseIds.split(',').map((id) => id.trim()).filter((id) => id !== ''))];
    if (ids.length === 0) throw badRequest('responseIds', 'responseIds names no response');
    if (ids.length > 200) throw badRequest('responseIds', `at most 200 response ids; got ${ids.length}`);
    const rows = await findCommentAnalyses(db, actor.orgId, ids, await visibleLocationIds(database, actor));
    return {
      items: rows.map((row) => ({
        responseId: row.responseId,
        status: row.analysedAt ? ('analysed' as const) : ('pending' as const),
        analysedAt: row.analysedAt,
        lang: row.lang,
        sentiment: row.sentimentLabel !== null && row.sentimentScore !== null ? { score: row.sentimentScore, label: row.sentimentLabel } : null,
        themes: row.themes ?? [],
        keyPhrases: row.keyPhrases ?? [],
      })),
    };
  });

  app.get('/api/v1/insights/alerts', {
    config: { access: { permission: 'responses.read' } },
    schema: {
      tags: ['insights'],
      summary: 'Alerts raised by the daily check (a moment below its benchmark or significantly down at a location or organisation-wide), newest first',
      querystring: PageQuery,
      response: { 200: pageOf(AlertView), ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const locationIds = await visibleLocationIds(database, actor);
    return listAlerts(db, actor.orgId, { limit: request.query.limit ?? 50, ...(request.query.cursor ? { cursor: request.query.cursor } : {}), ...(locationIds ? { locationIds } : {}) });
  });
}

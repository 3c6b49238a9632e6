import { sql, type SQL } from 'drizzle-orm';
import { answersOneStatementAtATime, type Db } from '../platform/database.ts';
import { anyOfTexts } from '../platform/sql-lists.ts';
import { addDays, COUNTER_FIELDS, emptyCounters, periodEnd, periodStart, type Counters, type GroupBy, type Period } from './model.ts';
import { rowsOf } from './rollups.ts';

/*
 * Reading the rollups (never the raw responses). Each question goes to the coarsest table that can
 * answer it: questions without a moment or channel (outlet and staff league tables, trends by week,
 * month or quarter, an outlet's trend) to the outlet ladder (rollups-outlet.ts: whole months, whole
 * weeks and single days of insight_rollups_outlet_* / insight_rollups_people_*); otherwise
 * whole-organisation questions to insight_rollups_moment (a few rows a day), location questions to
 * insight_rollups_location, anything about staff to insight_rollups_fine. Themes without a moment
 * filter read the theme ladder (insight_theme_rollups_network_* / _outlet_*), with one insight_theme_rollups.
 */

export interface RollupFilter {
  /** Local days, both included ('YYYY-MM-DD'). */
  from: string;
  to: string;
  journeyKey?: string | undefined;
  momentKey?: string | undefined;
  /** Already expanded to a subtree and cut to the reader's scope; undefined = every location. */
  locationIds?: string[] | undefined;
  /**
   * `locationIds` holds every location of the organisation: read rows that have a location instead of
   * matching the list (the same rows — a rollup's location is one of the organisation's or '' for none —
   * without the planner weighing, and each row testing, hundreds of ids).
   */
  everyLocation?: boolean | undefined;
  staffId?: string | undefined;
  channel?: string | undefined;
}

export type Grouping = Exclude<GroupBy, 'period'> | { period: Period } | 'none';

export interface GroupedCounters {
  journeyKey?: string;
  momentKey?: string;
  locationId?: string;
  staffId?: string;
  periodStart?: string;
  counters: Counters;
}

const COLUMN_OF: Record<keyof Counters, string> = {
  responses: 'responses',
  npsPromoters: 'nps_promoters',
  npsPassives: 'nps_passives',
  npsDetractors: 'nps_detractors',
  csatN: 'csat_n',
  csatSum: 'csat_sum',
  csatSumSquares: 'csat_sum_squares',
  csatTopBox: 'csat_top_box',
  cesN: 'ces_n',
  cesSum: 'ces_sum',
  cesSumSquares: 'ces_sum_squares',
  cesEasy: 'ces_easy',
  comments: 'comments',
};

// float8: exact for integers below 2^53, and both drivers return it as a number (int8 comes as text).
const SUMS = sql.raw(COUNTER_FIELDS.map((field) => `sum(${COLUMN_OF[field]})::float8 as "${field}"`).join(', '));

/** The coarsest rollup table that holds every column the question needs. */
export function tableFor(filter: RollupFilter, grouping: Grouping): string {
  if (grouping === 'staff' || filter.staffId !== undefined) return 'insight_rollups_fine';
  if (grouping === 'location' || filter.locationIds !== undefined) return 'insight_rollups_location';
  return 'insight_rollups_moment';
}

function conditions(orgId: string, filter: RollupFilter, dayColumn: 'day' | 'week' | 'month' = 'day'): SQL {
  const parts: SQL[] = [sql`org_id = ${orgId}`, sql`${sql.raw(dayColumn)} between ${filter.from}::date and ${filter.to}::date`];
  if (filter.journeyKey !== undefined) parts.push(sql`journey_key = ${filter.journeyKey}`);
  if (filter.momentKey !== undefined) parts.push(sql`moment_key = ${filter.momentKey}`);
  if (filter.locationIds !== undefined) {
    // One array parameter, not one per location: a region's subtree is hundreds of ids, and a question
    // sends the list once per ladder piece and period.
    parts.push(filter.everyLocation ? sql`location_id <> ''` : sql`location_id = ${anyOfTexts(filter.locationIds)}`);
  }
  if (filter.staffId !== undefined) parts.push(sql`staff_id = ${filter.staffId}`);
  if (filter.channel !== undefined) parts.push(sql`channel = ${filter.channel}`);
  return sql.join(parts, sql` and `);
}

function groupColumns(grouping: Grouping, day = 'day'): { select: string; names: string[] } {
  if (grouping === 'none') return { select: '', names: [] };
  if (grouping === 'moment') return { select: 'journey_key as "journeyKey", moment_key as "momentKey", ', names: ['1', '2'] };
  if (grouping === 'location') return { select: 'location_id as "locationId", ', names: ['1'] };
  if (grouping === 'staff') return { select: 'staff_id as "staffId", ', names: ['1'] };
  return { select: `date_trunc('${grouping.period}', ${day})::date::text as "periodStart", `, names: ['1'] };
}

/**
 * [from, to] cut into whole ISO weeks (read from the weekly table) and the days before and after them
 * (read from the daily one); undefined when the range holds no whole week.
 */
export function splitIntoWeeks(from: string, to: string): { weeks: [string, string]; days: [string, string][] } | undefined {
  const firstMonday = periodStart(from, 'week') === from ? from : addDays(periodStart(from, 'week'), 7);
  const lastSunday = addDays(periodStart(addDays(to, 1), 'week'), -1);
  if (firstMonday > lastSunday) return undefined;
  const days: [string, string][] = [];
  if (from < firstMonday) days.push([from, addDays(firstMonday, -1)]);
  if (lastSunday < to) days.push([addDays(lastSunday, 1), to]);
  return { weeks: [firstMonday, lastSunday], days };
}

/**
 * The rows of the filter with whole weeks from a weekly table and the rest from its daily one (the
 * day or week in column `d`): insight_rollups_location_week over insight_rollups_location, and
 * insight_rollups_staff_week (no channel) over insight_rollups_fine.
 */
function weeklySource(orgId: string, filter: RollupFilter, daily: string): SQL | undefined {
  const split = splitIntoWeeks(filter.from, filter.to);
  if (!split) return undefined;
  const weekly = daily === 'insight_rollups_fine' ? 'insight_rollups_staff_week' : 'insight_rollups_location_week';
  const columns = sql.raw(`journey_key, moment_key, location_id, ${daily === 'insight_rollups_fine' ? 'staff_id, ' : ''}${COUNTER_FIELDS.map((f) => COLUMN_OF[f]).join(', ')}`);
  const parts = [
    sql`select week as d, ${columns} from ${sql.raw(weekly)} where ${conditions(orgId, { ...filter, from: split.weeks[0], to: split.weeks[1] }, 'week')}`,
    ...split.days.map(([from, to]) => sql`select day as d, ${columns} from ${sql.raw(daily)} where ${conditions(orgId, { ...filter, from, to })}`),
  ];
  return sql`(${sql.join(parts, sql` union all `)}) as source`;
}

export type Segment = { unit: 'month' | 'week' | 'day'; from: string; to: string };

/**
 * [from, to] cut into whole calendar months, then whole ISO weeks, then single days (the coarsest
 * pieces first, so a 90-day range is ~2 months + a few weeks + a few days). `units` says which of
 * months and weeks may be used: a month bucket cannot take weeks (a week may straddle two months),
 * a week bucket cannot take months.
 */
export function ladderOf(from: string, to: string, units: { months: boolean; weeks: boolean }): Segment[] {
  const segments: Segment[] = [];
  const byWeeks = (a: string, b: string) => {
    if (a > b) return;
    const split = units.weeks ? splitIntoWeeks(a, b) : undefined;
    if (!split) {
      segments.push({ unit: 'day', from: a, to: b });
      return;
    }
    segments.push({ unit: 'week', from: split.weeks[0], to: split.weeks[1] });
    for (const [x, y] of split.days) segments.push({ unit: 'day', from: x, to: y });
  };
  const firstMonth = periodStart(from, 'month') === from ? from : addDays(periodEnd(periodStart(from, 'month'), 'month'), 1);
  const lastMonthEnd = addDays(periodStart(addDays(to, 1), 'month'), -1);
  if (units.months && firstMonth <= lastMonthEnd) {
    segments.push({ unit: 'month', from: firstMonth, to: periodStart(lastMonthEnd, 'month') });
    byWeeks(from, addDays(firstMonth, -1));
    byWeeks(addDays(lastMonthEnd, 1), to);
  } else {
    byWeeks(from, to);
  }
  return segments;
}

/**
 * The outlet ladder as one source (the period's first day in column `d`), when it can answer: no
 * moment and no channel in the question, and a grouping that months / weeks / days do not cut across.
 * Undefined otherwise, or when the daily moment table is as cheap (day buckets for the whole network).
 */
function ladderSource(orgId: string, filter: RollupFilter, grouping: Grouping): SQL | undefined {
  if (grouping === 'moment' || filter.momentKey !== undefined || filter.channel !== undefined) return undefined;
  const period = typeof grouping === 'object' ? grouping.period : undefined;
  const staff = grouping === 'staff' || filter.staffId !== undefined;
  const located = grouping === 'location' || staff || filter.locationIds !== undefined;
  if (period === 'day' && !located) return undefined;
  const units = { months: period === undefined || period === 'month' || period === 'quarter', weeks: period === undefined || period === 'week' };
  const family = staff ? 'insight_rollups_people' : 'insight_rollups_outlet';
  const columns = sql.raw(`journey_key, location_id, ${staff ? 'staff_id, ' : ''}${COUNTER_FIELDS.map((f) => COLUMN_OF[f]).join(', ')}`);
  const parts = ladderOf(filter.from, filter.to, units).map(
    (segment) =>
      sql`select ${sql.raw(segment.unit)} as d, ${columns} from ${sql.raw(`${family}_${segment.unit}`)} where ${conditions(orgId, { ...filter, from: segment.from, to: segment.to }, segment.unit)}`,
  );
  return sql`(${sql.join(parts, sql` union all `)}) as source`;
}

/** Summed counters per group (groups with no responses are absent). */
export async function sumRollups(db: Db, orgId: string, filter: RollupFilter, grouping: Grouping): Promise<GroupedCounters[]> {
  return (await sumRollupsOf(db, orgId, [{ filter, grouping }]))[0]!;
}

/**
 * Several rollup questions at once (a period and the one before it), answered in order. On a database
 * that runs one statement at a time (embedded PGlite) they go as ONE statement: parallel statements
 * would only queue there, and each costs ~0.5 ms of its own besides planning and execution (protocol,
 * parsing: measured on the outlet heatmap, BENCHMARKS.md session 9). Elsewhere (PostgreSQL) they run in
 * parallel on the pool's connections, so the answer takes the longer of them, not their sum.
 */
export async function sumRollupsOf(db: Db, orgId: string, questions: readonly { filter: RollupFilter; grouping: Grouping }[]): Promise<GroupedCounters[][]> {
  const selects = questions.map(({ filter, grouping }) => groupedSelectOf(orgId, filter, grouping));
  if (!answersOneStatementAtATime(db)) {
    return Promise.all(selects.map((select, index) => (select ? groupedOf(db, questions[index]!.grouping, select) : [])));
  }
  const columns = selects.map((select, index) => (select ? sql`(${groupsJsonOf(questions[index]!.grouping, select)}) as ${sql.raw(`"g${index}"`)}` : sql`'[]' as ${sql.raw(`"g${index}"`)}`));
  const row = rowsOf<Record<string, unknown>>(await db.execute(sql`select ${sql.join(columns, sql`, `)}`))[0] ?? {};
  return questions.map(({ grouping }, index) => groupsOf(grouping, row[`g${index}`]));
}

/** The grouped select of one question; undefined when nothing can match (an empty location list). */
function groupedSelectOf(orgId: string, filter: RollupFilter, grouping: Grouping): SQL | undefined {
  if (filter.locationIds !== undefined && filter.locationIds.length === 0) return undefined;
  const ladder = ladderSource(orgId, filter, grouping);
  if (ladder) return sql`select ${sql.raw(groupColumns(grouping, 'd').select)}${SUMS} from ${ladder}${groupByOf(grouping)}`;
  const table = tableFor(filter, grouping);
  // Weeks only serve groupings that weeks do not cut across; the staff weeks carry no channel.
  const weeksFit = (typeof grouping === 'string' || grouping.period === 'week') && !(table === 'insight_rollups_fine' && filter.channel !== undefined);
  const weekly = weeksFit && table !== 'insight_rollups_moment' ? weeklySource(orgId, filter, table) : undefined;
  const group = groupColumns(grouping, weekly ? 'd' : 'day');
  const groupBy = groupByOf(grouping);
  return weekly
    ? sql`select ${sql.raw(group.select)}${SUMS} from ${weekly}${groupBy}`
    : sql`select ${sql.raw(group.select)}${SUMS} from ${sql.raw(table)} where ${conditions(orgId, filter)}${groupBy}`;
}

function groupByOf(grouping: Grouping): SQL {
  const names = groupColumns(grouping).names;
  return names.length > 0 ? sql.raw(` group by ${names.join(', ')}`) : sql``;
}

const KEYS_OF: Record<string, (keyof GroupedCounters)[]> = { none: [], moment: ['journeyKey', 'momentKey'], location: ['locationId'], staff: ['staffId'] };

/**
 * Runs a grouped select and reads its groups, in the order of their keys. The groups come back as ONE
 * json value (an array of [keys…, counters…] arrays) rather than one row each: a network-wide staff
 * league is ~1,200 groups × 14 columns a period, and decoding that many fields one by one was the
 * largest cost of the question on PGlite (its protocol parser in JS, ~30 ms) and a few ms with pg;
 * one JSON.parse of the same numbers takes ~1 ms. float8 sums print exactly in JSON (integers < 2^53).
 */
async function groupedOf(db: Db, grouping: Grouping, grouped: SQL): Promise<GroupedCounters[]> {
  const result = await db.execute(sql`${groupsJsonOf(grouping, grouped)}`);
  return groupsOf(grouping, rowsOf<{ groups: unknown }>(result)[0]?.groups);
}

const keysOf = (grouping: Grouping): readonly (keyof GroupedCounters)[] => (typeof grouping === 'object' ? ['periodStart'] : KEYS_OF[grouping]!);

/** The select that folds a grouped select into one json array `groups`, in the order of the keys. */
function groupsJsonOf(grouping: Grouping, grouped: SQL): SQL {
  const keys = keysOf(grouping);
  const columns = [...keys, ...COUNTER_FIELDS].map((name) => `"${name}"`).join(', ');
  const order = keys.length > 0 ? ` order by ${keys.map((name) => `"${name}"`).join(', ')}` : '';
  return sql`select coalesce(json_agg(json_build_array(${sql.raw(columns)})${sql.raw(order)}), '[]') as "groups" from (${grouped}) as grouped`;
}

/** The groups of a `groups` json value (text from one driver, parsed from another). */
function groupsOf(grouping: Grouping, value: unknown): GroupedCounters[] {
  const keys = keysOf(grouping);
  const groups = (typeof value === 'string' ? JSON.parse(value) : (value ?? [])) as unknown[][];
  const out: GroupedCounters[] = [];
  for (const group of groups) {
    const counters = emptyCounters();
    for (const [index, field] of COUNTER_FIELDS.entries()) counters[field] = Number(group[keys.length + index] ?? 0);
    if (counters.responses === 0) continue;
    const row: GroupedCounters = { counters };
    for (const [index, key] of keys.entries()) (row as unknown as Record<string, string>)[key] = String(group[index]);
    out.push(row);
  }
  return out;
}

/** Themes per period (and in total), for a theme trend of a moment or outlet. */
export interface ThemeRow {
  periodStart: string | null;
  theme: string;
  mentions: number;
  positive: number;
  neutral: number;
  negative: number;
  scoreSum: number;
}

/**
 * Where a themes question is read: without a moment filter, the theme ladder (whole months, whole weeks
 * and leftover days of insight_theme_rollups_network_*, or _outlet_* with a location filter, as
 * ladderSource does for scores; months are not
 * used for `period=week`, weeks not for month or quarter); with one, insight_theme_rollups. Undefined
 * when the range holds no day. Each piece yields the period's first day as `d`.
 */
function themeSource(orgId: string, filter: ThemeFilter, period: Period | null, source: 'auto' | 'fine'): SQL | undefined {
  if (source === 'fine' || filter.momentKey !== undefined) {
    return sql`(select day as d, theme, mentions, positive, neutral, negative, score_sum from insight_theme_rollups where ${conditions(orgId, filter)}) as source`;
  }
  const units = { months: period === null || period === 'month' || period === 'quarter', weeks: period === null || period === 'week' };
  if (filter.areaId !== undefined) {
    // An area: its rows on the area rung (everything beneath it) and its own on the outlet rung.
    const area = filter.areaId;
    const parts = ladderOf(filter.from, filter.to, units).flatMap((segment) => {
      const unit = sql.raw(segment.unit);
      const within = { from: segment.from, to: segment.to, journeyKey: filter.journeyKey };
      return [
        sql`select ${unit} as d, theme, mentions, positive, neutral, negative, score_sum from ${sql.raw(`insight_theme_rollups_area_${segment.unit}`)}
          where area_id = ${area} and ${conditions(orgId, within, segment.unit)}`,
        sql`select ${unit} as d, theme, mentions, positive, neutral, negative, score_sum from ${sql.raw(`insight_theme_rollups_outlet_${segment.unit}`)}
          where ${conditions(orgId, { ...within, locationIds: [area] }, segment.unit)}`,
      ];
    });
    return parts.length > 0 ? sql`(${sql.join(parts, sql` union all `)}) as source` : undefined;
  }
  // Without a location filter the network rung (no location column) answers: one row per journey,
  // theme and period instead of one per outlet too.
  const family = filter.locationIds === undefined ? 'insight_theme_rollups_network' : 'insight_theme_rollups_outlet';
  const parts = ladderOf(filter.from, filter.to, units).map(
    (segment) =>
      sql`select ${sql.raw(segment.unit)} as d, theme, mentions, positive, neutral, negative, score_sum from ${sql.raw(`${family}_${segment.unit}`)}
        where ${conditions(orgId, { ...filter, from: segment.from, to: segment.to }, segment.unit)}`,
  );
  return parts.length > 0 ? sql`(${sql.join(parts, sql` union all `)}) as source` : undefined;
}

/**
 * A themes question's filter. `areaId`: the location whose subtree `locationIds` is, when the area rung
 * (area-ladder.ts) may answer — the caller checked that it is current and that the reader sees the
 * whole subtree; without a moment filter it replaces `locationIds`.
 */
export type ThemeFilter = Omit<RollupFilter, 'staffId' | 'channel'> & { areaId?: string | undefined };

/**
 * Theme mentions and sentiment per theme (and period). `source: 'fine'` forces insight_theme_rollups
 * (the tests compare it with the ladder); the answer is the same either way.
 */

export async function sumThemes(
  db: Db,
  orgId: string,
  filter: ThemeFilter,
  period: Period | null,
  source: 'auto' | 'fine' = 'auto',
): Promise<ThemeRow[]> {
  if (filter.locationIds !== undefined && filter.locationIds.length === 0) return [];
  const from = themeSource(orgId, filter, period, source);
  if (!from) return [];
  const bucket = period ? sql.raw(`date_trunc('${period}', d)::date::text`) : sql`null::text`;
  // A float sum depends on the order of addition (ladder or fine table, the plan): rounded to 9
  // decimals, every source gives the same score sum, so the same mean sentiment at a rounding edge.
  const result = await db.execute(sql`
    select ${bucket} as "periodStart", theme, sum(mentions)::float8 as mentions, sum(positive)::float8 as positive,
      sum(neutral)::float8 as neutral, sum(negative)::float8 as negative, round(sum(score_sum)::numeric, 9)::float8 as "scoreSum"
    from ${from}
    group by 1, 2 order by 1, 3 desc, 2`);
  return rowsOf<ThemeRow>(result).map((row) => ({
    periodStart: row.periodStart,
    theme: row.theme,
    mentions: Number(row.mentions),
    positive: Number(row.positive),
    neutral: Number(row.neutral),
    negative: Number(row.negative),
    scoreSum: Number(row.scoreSum),
  }));
}

export interface CommentAnalysisRow {
  responseId: string;
  locationId: string;
  analysedAt: Date | null;
  lang: string | null;
  sentimentScore: number | null;
  sentimentLabel: string | null;
  themes: { theme: string; matches: string[]; score: number; label: string }[] | null;
  keyPhrases: string[] | null;
}

export async function findCommentAnalyses(db: Db, orgId: string, responseIds: readonly string[], locationIds?: string[]): Promise<CommentAnalysisRow[]> {
  if (responseIds.length === 0 || (locationIds && locationIds.length === 0)) return [];
  const scope = locationIds ? sql` and location_id in (${sql.join(locationIds.map((id) => sql`${id}`), sql`, `)})` : sql``;
  const result = await db.execute(sql`
    select response_id as "responseId", location_id as "locationId", analysed_at as "analysedAt", lang,
      sentiment_score as "sentimentScore", sentiment_label as "sentimentLabel", themes, key_phrases as "keyPhrases"
    from insight_comment_analyses
    where org_id = ${orgId} and response_id in (${sql.join(responseIds.map((id) => sql`${id}`), sql`, `)})${scope}`);
  return rowsOf<CommentAnalysisRow>(result).map((row) => ({ ...row, analysedAt: row.analysedAt ? new Date(row.analysedAt) : null }));
}

export interface JourneyDocument {
  journeyId: string;
  journeyKey: string;
  version: number;
  fallbackLocale: string;
  document: {
    stages: { key: string; kind: string; name?: Record<string, string> }[];
    moments: {
      key: string;
      name: Record<string, string>;
      stageKey: string;
      flags: string[];
      responsibleRole?: Record<string, string>;
      benchmarks: { metric: string; comparator: string; value: number; customKey?: string }[];
    }[];
    purposes: { key: string; peakMomentKeys: string[] }[];
  };
}

/**
 * The published blueprint of a journey (the latest version, or the one named). The journeys room's
 * index exposes single moments only, so the moment list is read here, read-only, by org and key.
 */
export async function findPublishedJourney(db: Db, orgId: string, journeyKey: string, version?: number): Promise<JourneyDocument | undefined> {
  const result = await db.execute(sql`
    select j.journey_id as "journeyId", j.key as "journeyKey", v.version, v.fallback_locale as "fallbackLocale", v.document
    from journeys j join journey_versions v on v.org_id = j.org_id and v.journey_id = j.journey_id
    where j.org_id = ${orgId} and j.key = ${journeyKey} and v.version = coalesce(${version ?? null}::int, j.published_version)`);
  return rowsOf<JourneyDocument>(result)[0];
}

/** Every journey with a published version: the alert job walks their moments. */
export async function listPublishedJourneyKeys(db: Db, orgId: string): Promise<string[]> {
  const result = await db.execute(sql`select key from journeys where org_id = ${orgId} and published_version is not null and archived_at is null order by key`);
  return rowsOf<{ key: string }>(result).map((row) => row.key);
}

import { sql, type SQL } from 'drizzle-orm';
import { runStatementParts, type ResponseRow, type ResponsesDeletedListener, type ResponsesRecordedPart } from '../feedback/index.ts';
import { rowsOfResult, type Db } from '../platform/database.ts';
import { prepared } from '../platform/prepared-statements.ts';
import { AREA_CLOSURE_NAME, AREA_THEME_TABLES, areaClosure, areaLadderUpsert, recordAreaLadderTree } from './area-ladder.ts';
import { addExcluded, counterAggregates, ROLLUP_COUNTER_COLUMNS } from './rollup-counters.ts';
import { periodStart } from './model.ts';
import { clearOutletRollups, outletLadderUpserts, removeEmptyOutletCells } from './rollups-outlet.ts';

/*
 * Rollups kept in step with the responses, inside the transaction that writes them (the feedback room
 * calls these listeners with exactly the rows inserted or deleted, so a retried ingest that inserted
 * nothing adds nothing). One statement per chunk maintains all three grains: the rows are sent once
 * as VALUES, each response's local day is computed from its location's time zone (else the
 * organisation's), and data-modifying CTEs upsert the deltas (ON CONFLICT … DO UPDATE adding them).
 * Rows are upserted in key order so two concurrent batches touching the same cells wait, not deadlock.
 */

/** Rows per statement that lists them as parameters (deletions, theme rollups, the rebuild's pages). */
const CHUNK = 1000;
/** Rows per statement that sends them as one jsonb parameter (sourceOf): a whole ingest batch. */
const SOURCE_CHUNK = 10_000;

type RollupSource = Pick<
  ResponseRow,
  'responseId' | 'submittedAt' | 'journeyKey' | 'journeyVersion' | 'momentKey' | 'locationId' | 'staffId' | 'channel' | 'nps' | 'csat' | 'ces' | 'comment' | 'locale'
>;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function hasComment(comment: string | null): boolean {
  return comment !== null && comment.trim() !== '';
}

/**
 * The responses as a recordset, their local day resolved (column names as in the rollups). The rows
 * go as ONE jsonb parameter (jsonb_to_recordset), not 13 parameters a row: the statement's size
 * does not grow with the batch, and neither Drizzle nor the driver handles each value.
 */
function sourceOf(orgId: string, rows: readonly RollupSource[], only?: (responseId: SQL) => SQL): SQL {
  const records = rows.map((r) => ({
    response_id: r.responseId,
    submitted_at: r.submittedAt,
    journey_key: r.journeyKey ?? '',
    journey_version: r.journeyVersion ?? 0,
    moment_key: r.momentKey ?? '',
    location_id: r.locationId ?? '',
    staff_id: r.staffId ?? '',
    channel: r.channel,
    nps: r.nps,
    csat: r.csat,
    ces: r.ces,
    has_comment: hasComment(r.comment),
    locale: r.locale,
  }));
  return sql`select v.*, (v.submitted_at at time zone coalesce(l.timezone, o.timezone, 'UTC'))::date as day
    from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as v(response_id text, submitted_at timestamptz, journey_key text, journey_version int,
      moment_key text, location_id text, staff_id text, channel text, nps int, csat int, ces int, has_comment boolean, locale text)
    join organizations o on o.org_id = ${orgId}
    left join locations l on l.org_id = ${orgId} and l.location_id = v.location_id${only ? sql` where ${only(sql`v.response_id`)}` : sql``}`;
}


/** The counter deltas of a group of source rows, multiplied by `sign` (+1 insert, −1 delete). */

const sums = sql.raw(ROLLUP_COUNTER_COLUMNS.map((c) => `sum(${c}) as ${c}`).join(', '));
const counterList = sql.raw(ROLLUP_COUNTER_COLUMNS.join(', '));

/**
 * The common-table expressions that add the deltas of `source` (sourceOf) to the fine, location,
 * moment and outlet-ladder rollups: one statement with whatever else it is part of.
 */
function deltaUpserts(orgId: string, source: SQL, sign: 1 | -1): SQL {
  return sql`src as (${source}),
      agg as (
        select day, journey_key, moment_key, location_id, staff_id, channel, journey_version, ${counterAggregates(sign)}
        from src group by day, journey_key, moment_key, location_id, staff_id, channel, journey_version
      ),
      fine as (
        insert into insight_rollups_fine (org_id, day, journey_key, moment_key, location_id, staff_id, channel, journey_version, ${counterList})
        select ${orgId}, day, journey_key, moment_key, location_id, staff_id, channel, journey_version, ${counterList}
        from agg order by day, journey_key, moment_key, location_id, staff_id, channel, journey_version
        on conflict (org_id, day, journey_key, moment_key, location_id, staff_id, channel, journey_version)
        do update set ${addExcluded('insight_rollups_fine')}
      ),
      by_location as (
        insert into insight_rollups_location (org_id, day, journey_key, moment_key, location_id, channel, ${counterList})
        select ${orgId}, day, journey_key, moment_key, location_id, channel, ${sums}
        from agg group by day, journey_key, moment_key, location_id, channel order by day, journey_key, moment_key, location_id, channel
        on conflict (org_id, day, journey_key, moment_key, location_id, channel)
        do update set ${addExcluded('insight_rollups_location')}
      ),
      by_location_week as (
        insert into insight_rollups_location_week (org_id, week, journey_key, moment_key, location_id, channel, ${counterList})
        select ${orgId}, date_trunc('week', day)::date, journey_key, moment_key, location_id, channel, ${sums}
        from agg group by 2, 3, 4, 5, 6 order by 2, 3, 4, 5, 6
        on conflict (org_id, week, journey_key, moment_key, location_id, channel)
        do update set ${addExcluded('insight_rollups_location_week')}
      ),
      by_staff_week as (
        insert into insight_rollups_staff_week (org_id, week, journey_key, moment_key, location_id, staff_id, ${counterList})
        select ${orgId}, date_trunc('week', day)::date, journey_key, moment_key, location_id, staff_id, ${sums}
        from agg group by 2, 3, 4, 5, 6 order by 2, 3, 4, 5, 6
        on conflict (org_id, week, journey_key, moment_key, location_id, staff_id)
        do update set ${addExcluded('insight_rollups_staff_week')}
      ),
      ${outletLadderUpserts(orgId)},
      by_moment as (
        insert into insight_rollups_moment (org_id, day, journey_key, moment_key, channel, ${counterList})
        select ${orgId}, day, journey_key, moment_key, channel, ${sums}
        from agg group by day, journey_key, moment_key, channel order by day, journey_key, moment_key, channel
        on conflict (org_id, day, journey_key, moment_key, channel)
        do update set ${addExcluded('insight_rollups_moment')}
      )`;
}

/** One statement per chunk: the deltas of `rows` times `sign` added to the rollups (deletions; inserts go through responseRollups). */
async function applyDeltas(tx: Db, orgId: string, rows: readonly RollupSource[], sign: 1 | -1): Promise<void> {
  for (const chunk of chunks(rows, SOURCE_CHUNK)) {
    await tx.execute(prepared(sql`with ${deltaUpserts(orgId, sourceOf(orgId, chunk), sign)} select 1`));
  }
  if (sign === -1 && rows.length > 0) {
    // Cells emptied by deletions go, so the tables hold only cells with responses (as a rebuild would).
    // Local days lie within a day of the UTC instant, which bounds the scan.
    let min = Infinity;
    let max = -Infinity;
    for (const row of rows) {
      min = Math.min(min, row.submittedAt.getTime());
      max = Math.max(max, row.submittedAt.getTime());
    }
    const first = new Date(min - 86_400_000).toISOString().slice(0, 10);
    const last = new Date(max + 86_400_000).toISOString().slice(0, 10);
    for (const table of ['insight_rollups_fine', 'insight_rollups_location', 'insight_rollups_moment']) {
      await tx.execute(sql`delete from ${sql.raw(table)} where org_id = ${orgId} and day between ${first}::date and ${last}::date and responses <= 0`);
    }
    for (const table of ['insight_rollups_location_week', 'insight_rollups_staff_week']) {
      await tx.execute(sql`delete from ${sql.raw(table)} where org_id = ${orgId}
        and week between date_trunc('week', ${first}::date)::date and ${last}::date and responses <= 0`);
    }
    await removeEmptyOutletCells(tx, orgId, first, last);
  }
}

/**
 * Listener for `onResponsesRecorded`: adds the inserted responses to the rollups, as part of a
 * statement the feedback room sends anyway (ResponsesRecordedPart).
 */
export const responseRollups: ResponsesRecordedPart = {
  statementPart: (orgId, rows, _now, onlyInserted) => deltaUpserts(orgId, sourceOf(orgId, rows, onlyInserted), 1),
};

/**
 * Listener for `onResponsesRecorded`: a cheap pending row per response with a comment; the analysis
 * job (comments.ts) fills it in. Text analysis (~10k comments/s) is too slow for bulk ingest.
 */
export const commentAnalysisQueue: ResponsesRecordedPart = {
  statementPart(orgId, rows, now, onlyInserted) {
    const commented = rows.filter((row) => hasComment(row.comment));
    if (commented.length === 0) return undefined;
    return sql`comment_queue as (
      insert into insight_comment_analyses (org_id, response_id, day, journey_key, moment_key, location_id, locale, created_at)
      select ${orgId}, response_id, day, journey_key, moment_key, location_id, locale, ${now.toISOString()}::timestamptz
      from (${sourceOf(orgId, commented, onlyInserted)}) commented
      on conflict (org_id, response_id) do nothing
    )`;
  },
};

/**
 * Listener for `onResponsesDeleted`: subtracts the deleted responses from the rollups, removes their
 * comment analyses and subtracts those from the theme rollups.
 */
export const removeResponseRollups: ResponsesDeletedListener = async (tx, orgId, rows) => {
  await applyDeltas(tx, orgId, rows, -1);
  for (const chunk of chunks(rows)) {
    const ids = sql.join(
      chunk.map((row) => sql`${row.responseId}`),
      sql`, `,
    );
    const gone = await tx.execute<AnalysedRow>(sql`
      delete from insight_comment_analyses where org_id = ${orgId} and response_id in (${ids}) and analysed_at is not null
      returning day::text as day, journey_key, moment_key, location_id, sentiment_label, sentiment_score, themes`);
    await tx.execute(sql`delete from insight_comment_analyses where org_id = ${orgId} and response_id in (${ids})`);
    await applyThemeDeltas(tx, orgId, themeItemsOf(rowsOf(gone)), -1);
  }
};

// ---------- theme rollups (written by the analysis job, subtracted on deletion) ----------

export interface AnalysedRow {
  day: string;
  journey_key: string;
  moment_key: string;
  location_id: string;
  sentiment_label: string | null;
  sentiment_score: number | null;
  themes: { theme: string; score: number; label: string }[] | null;
  [key: string]: unknown;
}

/** The rows of an execute() result (platform/database.ts#rowsOfResult), under the name this room uses. */
export const rowsOf = rowsOfResult;

export interface ThemeItem {
  day: string;
  journeyKey: string;
  momentKey: string;
  locationId: string;
  /** '' = the comment as a whole. */
  theme: string;
  label: string;
  score: number;
}

export function themeItemsOf(rows: readonly AnalysedRow[]): ThemeItem[] {
  const items: ThemeItem[] = [];
  for (const row of rows) {
    const base = { day: row.day, journeyKey: row.journey_key, momentKey: row.moment_key, locationId: row.location_id };
    items.push({ ...base, theme: '', label: row.sentiment_label ?? 'neutral', score: row.sentiment_score ?? 0 });
    for (const mention of row.themes ?? []) items.push({ ...base, theme: mention.theme, label: mention.label, score: mention.score });
  }
  return items;
}

/**
 * The theme ladder (schema.ts): insight_theme_rollups without the moment (outlet) and without the
 * location too (network), by day, ISO week and month.
 */
export const THEME_LADDER_TABLES = [
  'insight_theme_rollups_outlet_day',
  'insight_theme_rollups_outlet_week',
  'insight_theme_rollups_outlet_month',
  'insight_theme_rollups_network_day',
  'insight_theme_rollups_network_week',
  'insight_theme_rollups_network_month',
] as const;

const THEME_COUNTERS = 'mentions, positive, neutral, negative, score_sum';
const themeSums = sql.raw('sum(mentions), sum(positive), sum(neutral), sum(negative), sum(score_sum)');
const addThemeExcluded = (table: string) =>
  sql.raw(THEME_COUNTERS.split(', ').map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', '));

/**
 * One statement per chunk: the items' counts (× sign) grouped once, then added to insight_theme_rollups
 * and, summed again from the same groups (no re-reading), to the six theme-ladder tables. Rows are
 * upserted in key order so concurrent writers wait instead of deadlocking.
 */
export async function applyThemeDeltas(tx: Db, orgId: string, items: readonly ThemeItem[], sign: 1 | -1): Promise<void> {
  if (items.length === 0) return;
  const ladder = (table: string, period: 'day' | 'week' | 'month') => {
    const column = sql.raw(period);
    const bucket = period === 'day' ? sql.raw('day') : sql.raw(`date_trunc('${period}', day)::date`);
    const keys = sql.raw(table.includes('_network_') ? 'journey_key, theme' : 'journey_key, location_id, theme');
    const groups = sql.raw(table.includes('_network_') ? '1, 2, 3' : '1, 2, 3, 4');
    return sql`insert into ${sql.raw(table)} (org_id, ${column}, ${keys}, ${sql.raw(THEME_COUNTERS)})
      select ${orgId}, * from (select ${bucket}, ${keys}, ${themeSums} from agg group by ${groups} order by ${groups}) g
      on conflict (org_id, ${column}, ${keys}) do update set ${addThemeExcluded(table)}`;
  };
  for (const chunk of chunks(items)) {
    const values = sql.join(
      chunk.map((i) => sql`(${i.day}::date, ${i.journeyKey}::text, ${i.momentKey}::text, ${i.locationId}::text, ${i.theme}::text, ${i.label}::text, ${i.score}::float8)`),
      sql`, `,
    );
    const s = sql.raw(String(sign));
    await tx.execute(sql`
      with recursive ${sql.raw(AREA_CLOSURE_NAME)} as (${areaClosure(orgId)}),
      agg as (
        select day, journey_key, moment_key, location_id, theme,
          count(*) * ${s} as mentions, count(*) filter (where label = 'positive') * ${s} as positive,
          count(*) filter (where label = 'neutral') * ${s} as neutral, count(*) filter (where label = 'negative') * ${s} as negative,
          sum(score) * ${s} as score_sum
        from (values ${values}) as v(day, journey_key, moment_key, location_id, theme, label, score)
        group by day, journey_key, moment_key, location_id, theme
      ),
      fine as (
        insert into insight_theme_rollups (org_id, day, journey_key, moment_key, location_id, theme, ${sql.raw(THEME_COUNTERS)})
        select ${orgId}, day, journey_key, moment_key, location_id, theme, ${sql.raw(THEME_COUNTERS)}
        from agg order by day, journey_key, moment_key, location_id, theme
        on conflict (org_id, day, journey_key, moment_key, location_id, theme) do update set ${addThemeExcluded('insight_theme_rollups')}
      ),
      outlet_day as (${ladder('insight_theme_rollups_outlet_day', 'day')}),
      outlet_week as (${ladder('insight_theme_rollups_outlet_week', 'week')}),
      outlet_month as (${ladder('insight_theme_rollups_outlet_month', 'month')}),
      network_day as (${ladder('insight_theme_rollups_network_day', 'day')}),
      network_week as (${ladder('insight_theme_rollups_network_week', 'week')}),
      network_month as (${ladder('insight_theme_rollups_network_month', 'month')}),
      area_day as (${areaLadderUpsert(orgId, 'day', 'agg')}),
      area_week as (${areaLadderUpsert(orgId, 'week', 'agg')})
      ${areaLadderUpsert(orgId, 'month', 'agg')}`);
  }
  if (sign === -1) {
    // Cells emptied by deletions go (a rebuild would not create them), only in the periods touched.
    const days = [...new Set(items.map((item) => item.day))];
    const list = (column: 'day' | 'week' | 'month') =>
      sql.join(
        [...new Set(days.map((day) => (column === 'day' ? day : periodStart(day, column))))].map((d) => sql`${d}::date`),
        sql`, `,
      );
    await tx.execute(sql`delete from insight_theme_rollups where org_id = ${orgId} and day in (${list('day')}) and mentions <= 0`);
    for (const table of [...THEME_LADDER_TABLES, ...AREA_THEME_TABLES]) {
      const column = table.endsWith('_day') ? 'day' : table.endsWith('_week') ? 'week' : 'month';
      await tx.execute(sql`delete from ${sql.raw(table)} where org_id = ${orgId} and ${sql.raw(column)} in (${list(column)}) and mentions <= 0`);
    }
  }
}

/**
 * Recomputes the organisation's theme rollups (insight_theme_rollups and the theme ladder) from its
 * analysed comments, through applyThemeDeltas: first each analysis's local day is taken again from its
 * response (a location's time zone may have changed since it was queued).
 */
export async function rebuildThemeRollups(tx: Db, orgId: string): Promise<void> {
  for (const table of ['insight_theme_rollups', ...THEME_LADDER_TABLES, ...AREA_THEME_TABLES]) await tx.execute(sql`delete from ${sql.raw(table)} where org_id = ${orgId}`);
  // The area rung is rebuilt below for the tree as it is now.
  await recordAreaLadderTree(tx, orgId);
  await tx.execute(sql`
    update insight_comment_analyses a set day = r.day
    from (select r.response_id, (r.submitted_at at time zone coalesce(l.timezone, o.timezone, 'UTC'))::date as day
      from responses r join organizations o on o.org_id = r.org_id
      left join locations l on l.org_id = r.org_id and l.location_id = r.location_id
      where r.org_id = ${orgId}) r
    where a.org_id = ${orgId} and a.response_id = r.response_id and a.day <> r.day`);
  let after = '';
  for (;;) {
    const page = rowsOf<AnalysedRow & { response_id: string }>(
      await tx.execute(sql`
        select response_id, day::text as day, journey_key, moment_key, location_id, sentiment_label, sentiment_score, themes
        from insight_comment_analyses where org_id = ${orgId} and analysed_at is not null and response_id > ${after}
        order by response_id limit ${CHUNK}`),
    );
    if (page.length === 0) break;
    await applyThemeDeltas(tx, orgId, themeItemsOf(page), 1);
    after = page[page.length - 1]!.response_id;
  }
}

/**
 * Recomputes an organisation's rollups from its raw responses (and queues comments never queued; the
 * theme rollups from its analysed comments, rebuildThemeRollups):
 * for responses stored before the insights room existed, or after a location's time zone changed.
 */
export async function rebuildRollups(tx: Db, orgId: string, now: Date): Promise<void> {
  for (const table of ['insight_rollups_fine', 'insight_rollups_location', 'insight_rollups_location_week', 'insight_rollups_staff_week', 'insight_rollups_moment']) {
    await tx.execute(sql`delete from ${sql.raw(table)} where org_id = ${orgId}`);
  }
  await clearOutletRollups(tx, orgId);
  await rebuildThemeRollups(tx, orgId);
  let after = '';
  for (;;) {
    const page = rowsOf<RawResponse>(
      await tx.execute(sql`
        select response_id, submitted_at, journey_key, journey_version, moment_key, location_id, staff_id, channel, nps, csat, ces, comment, locale
        from responses where org_id = ${orgId} and response_id > ${after} order by response_id limit ${CHUNK}`),
    );
    if (page.length === 0) break;
    const rows = page.map(fromRaw);
    await runStatementParts(tx, orgId, [responseRollups, commentAnalysisQueue], rows as ResponseRow[], now);
    after = page[page.length - 1]!.response_id;
  }
}

interface RawResponse {
  response_id: string;
  submitted_at: Date | string;
  journey_key: string | null;
  journey_version: number | null;
  moment_key: string | null;
  location_id: string | null;
  staff_id: string | null;
  channel: string;
  nps: number | null;
  csat: number | null;
  ces: number | null;
  comment: string | null;
  locale: string | null;
  [key: string]: unknown;
}

function fromRaw(raw: RawResponse): RollupSource {
  return {
    responseId: raw.response_id,
    submittedAt: new Date(raw.submitted_at),
    journeyKey: raw.journey_key,
    journeyVersion: raw.journey_version,
    momentKey: raw.moment_key,
    locationId: raw.location_id,
    staffId: raw.staff_id,
    channel: raw.channel,
    nps: raw.nps,
    csat: raw.csat,
    ces: raw.ces,
    comment: raw.comment,
    locale: raw.locale,
  };
}

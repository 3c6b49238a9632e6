/**
 * The benchmark's bulk SQL loader (`--load sql`): millions of responses written straight into the real
 * schema with set-based SQL (generate_series), then the insights rollups built from the raw rows with
 * set-based SQL equal to what the write path (src/insights/rollups.ts) maintains. The HTTP ingest path
 * is measured separately (and far too slow to fill 10 million rows in a session).
 *
 * Every rollup is inserted in its primary-key order (period first), as a live server writes it: day
 * after day. Without the ORDER BY the rows land in hash-aggregate order, one row per page for a period's
 * question (the 30-day staff league read 5,000 pages for 4,800 rows: 27 ms instead of a few).
 *
 * The data follow the same world as the HTTP loader (bench/run.ts, benchWorld): one organisation, 200
 * outlets with Zipf-like traffic (outlet i gets 1/i^0.8 of the flagship's visits), 40 moments in 8
 * stages with a long tail (earlier moments of a stage more common), two years with weekday traffic
 * (Sunday quiet, Monday and Saturday busy) and weekday crowding that hurts the waiting stage, six staff
 * per outlet with their own effect, per-outlet effects, per-visit mood, a visit of five moments (one per
 * stage group, in journey order; the visit's staff member named on every response — harder on the staff
 * rollups than real data, where only staffed moments name one) ending with the likelihood to recommend, CSAT on every moment, CES on
 * the waiting moments, comments on 30 % of responses in five languages. Pseudo-random numbers come from
 * hashint8extended(row, salt), so a size and seed always give the same rows on both engines.
 *
 * Shortcuts (said in BENCHMARKS.md): responses carry no interaction and no customer (both nullable; the
 * dashboards do not read them); comments get a synthetic analysis (sentiment from the rating, one theme)
 * instead of the text-analysis job, so the theme rollups have realistic volume.
 */

import { THEME_LADDER_TABLES as WRITE_PATH_THEME_LADDER } from '../src/insights/rollups.ts';

export interface Exec {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

export interface LoadTarget {
  orgId: string;
  surveyId: string;
  surveyVersion: number;
  journeyId: string;
  journeyKey: string;
  journeyVersion: number;
  /** Outlets in traffic order (flagship first). */
  outlets: { locationId: string; code: string; locale: string; effect: number; traffic: number }[];
  /** Moments in journey order, 5 per stage, 8 stages. */
  moments: { key: string; quality: number; share: number }[];
  weekdayTraffic: number[];
  weekdayCrowding: number[];
  /** First local day (UTC outlets) and number of days. */
  firstDay: string;
  days: number;
  responses: number;
  seed: number;
  commentRate: number;
}

const COMMENTS = {
  good: ['Quick and friendly service.', '服务很快，态度很好。', '服務很快，態度很好。', 'Быстро и вежливо.', 'Gyors és kedves kiszolgálás.'],
  bad: ['I waited far too long.', '等了太久了。', '等太久了。', 'Ждал слишком долго.', 'Túl sokat kellett várni.'],
};
const THEMES = ['waiting', 'staff', 'price', 'cleanliness', 'queue', 'app', 'product', 'speed'];
const LOCALES = ['en', 'zh-CN', 'zh-TW', 'ru', 'hu'];

/** Slot arrays: index drawn uniformly → value drawn with the given weights. */
function slots(weights: number[], size: number): number[] {
  const total = weights.reduce((s, w) => s + w, 0);
  const out: number[] = [];
  let acc = 0;
  weights.forEach((weight, i) => {
    acc += weight;
    while (out.length < Math.round((acc / total) * size)) out.push(i + 1);
  });
  while (out.length < size) out.push(weights.length);
  return out;
}

const VISIT = 5;

/**
 * Inserts the responses in chunks of `chunk` rows (one statement each); returns how many. `onChunk`
 * reports progress.
 */
export async function loadResponses(db: Exec, t: LoadTarget, options: { chunk?: number; onChunk?: (done: number) => void } = {}): Promise<number> {
  const chunk = options.chunk ?? 500_000;
  const dayWeights = Array.from({ length: t.days }, (_, d) => t.weekdayTraffic[new Date(Date.parse(`${t.firstDay}T00:00:00Z`) + d * 86_400_000).getUTCDay()]!);
  const daySlots = slots(dayWeights, t.days * 20).map((d) => d - 1);
  const dayCrowding = Array.from({ length: t.days }, (_, d) => t.weekdayCrowding[new Date(Date.parse(`${t.firstDay}T00:00:00Z`) + d * 86_400_000).getUTCDay()]!);
  const outletSlots = slots(t.outlets.map((o) => o.traffic), 2000);
  // 100 slots per stage: stage s occupies [s*100+1, s*100+100], each pointing at a moment (1-based).
  const momentSlots: number[] = [];
  for (let s = 0; s < 8; s++) momentSlots.push(...slots(t.moments.slice(s * 5, s * 5 + 5).map((m) => m.share), 100).map((m) => s * 5 + m));
  const params = [
    t.orgId, // 1
    t.surveyId,
    t.surveyVersion,
    t.journeyId,
    t.journeyKey, // 5
    t.journeyVersion,
    t.outlets.map((o) => o.locationId),
    t.outlets.map((o) => o.code),
    t.outlets.map((o) => o.locale),
    t.outlets.map((o) => o.effect), // 10
    outletSlots,
    daySlots,
    dayCrowding,
    momentSlots,
    t.moments.map((m) => m.key), // 15
    t.moments.map((m) => m.quality),
    t.firstDay,
    t.seed,
    COMMENTS.good,
    COMMENTS.bad, // 20
    t.commentRate,
  ];
  const hash = (of: string, salt: number) => `((hashint8extended(${of}, $18::bigint * 1000 + ${salt}) & 140737488355327)::float8 / 140737488355328.0)`;
  let done = 0;
  for (let lo = 0; lo < t.responses; lo += chunk) {
    const hi = Math.min(t.responses, lo + chunk) - 1;
    await db.query(
      `insert into responses (org_id, response_id, external_id, content_hash, survey_id, survey_version, journey_id, journey_key, journey_version,
         moment_key, visit_id, location_id, staff_id, channel, locale, answers, nps, csat, ces, comment, source, submitted_at)
       select $1, substr(t.hex, 1, 8) || '-' || substr(t.hex, 9, 4) || '-7' || lpad(to_hex(g.k), 3, '0') || '-8000-' || lpad(to_hex(g.i), 12, '0'),
         'b-' || g.i, md5(g.i::text), $2, $3, $4, $5, $6,
         ($15::text[])[m.moment], 'visit-' || g.v, ($7::text[])[v.outlet], ($8::text[])[v.outlet] || '-S' || v.staff, 'in_person', ($9::text[])[v.outlet],
         jsonb_strip_nulls(jsonb_build_object('csat', s.csat, 'ces', s.ces, 'nps', s.nps, 'comment', s.comment)),
         s.nps, s.csat, s.ces, s.comment, 'api', m.at
       from (select i, i / ${VISIT} as v, (i % ${VISIT})::int as k from generate_series(${lo}::bigint, ${hi}::bigint) as i) g
       cross join lateral (
         select ($12::int[])[1 + floor(${hash('g.v', 1)} * ${daySlots.length})::int] as day,
           ($11::int[])[1 + floor(${hash('g.v', 2)} * ${outletSlots.length})::int] as outlet,
           1 + floor(${hash('g.v', 3)} * 6)::int as staff,
           ${hash('g.v', 4)} as start_share,
           (${hash('g.v', 5)} - 0.5) * 0.2 as mood,
           ${hash('g.v', 6)} as pair
       ) v
       cross join lateral (
         select case g.k when 0 then 0 when 1 then 2 when 2 then 4 when 3 then 6 else 7 end
           + case when g.k < 3 and v.pair >= 0.5 then 1 else 0 end as stage
       ) st
       cross join lateral (
         select ($14::int[])[st.stage * 100 + 1 + floor(${hash('g.i', 7)} * 100)::int] as moment,
           $17::date + v.day + interval '8 hours' + (v.start_share * interval '11 hours') + g.k * interval '10 minutes' as at
       ) m
       cross join lateral (
         select ($16::float8[])[m.moment] + ($10::float8[])[v.outlet] + ((hashint8extended((v.outlet * 10 + v.staff)::bigint, $18::bigint) % 1000) / 1000.0) * 0.04 + v.mood
           - case when st.stage = 2 then ($13::float8[])[v.day + 1] * 2 else 0 end
           + (${hash('g.i', 8)} + ${hash('g.i', 9)} + ${hash('g.i', 10)} - 1.5) * 0.25 as q
       ) quality
       cross join lateral (
         select greatest(1, least(5, round(1 + quality.q * 4.4)))::smallint as csat,
           case when st.stage = 2 then greatest(1, least(7, round(1 + quality.q * 6.6)))::smallint end as ces,
           case when g.k = 4 then greatest(0, least(10, round(quality.q * 11.5 + (${hash('g.i', 11)} - 0.5) * 3)))::smallint end as nps,
           case when ${hash('g.i', 12)} < $21 then
             (case when quality.q >= 0.6 then $19::text[] else $20::text[] end)[1 + (v.outlet - 1) % 5] end as comment
       ) s
       cross join lateral (select lpad(to_hex((extract(epoch from m.at) * 1000)::bigint), 12, '0') as hex) t`,
      params,
    );
    done = hi + 1;
    options.onChunk?.(done);
  }
  return done;
}

const COUNTERS = `count(*) as responses,
  count(*) filter (where nps >= 9) as nps_promoters,
  count(*) filter (where nps between 7 and 8) as nps_passives,
  count(*) filter (where nps <= 6) as nps_detractors,
  count(csat) as csat_n, coalesce(sum(csat), 0) as csat_sum, coalesce(sum(csat * csat), 0) as csat_sum_squares,
  count(*) filter (where csat >= 4) as csat_top_box,
  count(ces) as ces_n, coalesce(sum(ces), 0) as ces_sum, coalesce(sum(ces * ces), 0) as ces_sum_squares,
  count(*) filter (where ces >= 5) as ces_easy,
  count(*) filter (where comment is not null and btrim(comment) <> '') as comments`;
const COUNTER_LIST =
  'responses, nps_promoters, nps_passives, nps_detractors, csat_n, csat_sum, csat_sum_squares, csat_top_box, ces_n, ces_sum, ces_sum_squares, ces_easy, comments';
const SUMS = COUNTER_LIST.split(', ')
  .map((c) => `sum(${c})`)
  .join(', ');

/** The raw rows with their local day and the rollups' '' / 0 for "none". */
const SOURCE = `select r.*, (r.submitted_at at time zone coalesce(l.timezone, o.timezone, 'UTC'))::date as day,
    coalesce(r.journey_key, '') as jk, coalesce(r.moment_key, '') as mk, coalesce(r.location_id, '') as lk, coalesce(r.staff_id, '') as sk,
    coalesce(r.journey_version, 0) as jv
  from responses r join organizations o on o.org_id = r.org_id
  left join locations l on l.org_id = r.org_id and l.location_id = r.location_id
  where r.org_id = $1`;

export const ROLLUP_TABLES = [
  'insight_rollups_fine',
  'insight_rollups_staff_week',
  'insight_rollups_location',
  'insight_rollups_location_week',
  'insight_rollups_moment',
  'insight_rollups_people_day',
  'insight_rollups_people_week',
  'insight_rollups_people_month',
  'insight_rollups_outlet_day',
  'insight_rollups_outlet_week',
  'insight_rollups_outlet_month',
];

/**
 * Every rollup grain from the raw rows, set-based: the fine grain from the responses, every coarser
 * grain from the fine one (sums of sums are the sums). Also the comment-analysis rows the write path
 * queues (here already "analysed" synthetically) and the theme rollups from them.
 */
export async function buildRollups(db: Exec, orgId: string, now: Date, log: (text: string) => void = () => undefined): Promise<void> {
  for (const table of [...ROLLUP_TABLES, 'insight_comment_analyses', 'insight_theme_rollups', ...THEME_LADDER_TABLES]) await db.query(`delete from ${table} where org_id = $1`, [orgId]);
  let t0 = performance.now();
  await db.query(
    `insert into insight_rollups_fine (org_id, day, journey_key, moment_key, location_id, staff_id, channel, journey_version, ${COUNTER_LIST})
     select $1, day, jk, mk, lk, sk, channel, jv, ${COUNTERS} from (${SOURCE}) src group by day, jk, mk, lk, sk, channel, jv order by day, jk, mk, lk, sk, channel, jv`,
    [orgId],
  );
  log(`fine rollup ${Math.round(performance.now() - t0)} ms`);
  t0 = performance.now();
  await db.query(
    `insert into insight_rollups_location (org_id, day, journey_key, moment_key, location_id, channel, ${COUNTER_LIST})
     select org_id, day, journey_key, moment_key, location_id, channel, ${SUMS} from insight_rollups_fine where org_id = $1 group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6`,
    [orgId],
  );
  await db.query(
    `insert into insight_rollups_staff_week (org_id, week, journey_key, moment_key, location_id, staff_id, ${COUNTER_LIST})
     select org_id, date_trunc('week', day)::date, journey_key, moment_key, location_id, staff_id, ${SUMS} from insight_rollups_fine where org_id = $1 group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6`,
    [orgId],
  );
  await db.query(
    `insert into insight_rollups_location_week (org_id, week, journey_key, moment_key, location_id, channel, ${COUNTER_LIST})
     select org_id, date_trunc('week', day)::date, journey_key, moment_key, location_id, channel, ${SUMS} from insight_rollups_location where org_id = $1 group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6`,
    [orgId],
  );
  await db.query(
    `insert into insight_rollups_moment (org_id, day, journey_key, moment_key, channel, ${COUNTER_LIST})
     select org_id, day, journey_key, moment_key, channel, ${SUMS} from insight_rollups_location where org_id = $1 group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`,
    [orgId],
  );
  await buildLadder(db, orgId);
  log(`coarser rollups ${Math.round(performance.now() - t0)} ms`);
  await buildCommentRollups(db, orgId, now, log);
}

/** The outlet ladder (src/insights/rollups-outlet.ts): people by day from the fine grain, the rest from it. */
export async function buildLadder(db: Exec, orgId: string): Promise<void> {
  for (const table of ROLLUP_TABLES.filter((name) => /_(outlet|people)_/.test(name))) await db.query(`delete from ${table} where org_id = $1`, [orgId]);
  await db.query(
    `insert into insight_rollups_people_day (org_id, day, journey_key, location_id, staff_id, ${COUNTER_LIST})
     select org_id, day, journey_key, location_id, staff_id, ${SUMS} from insight_rollups_fine where org_id = $1 group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`,
    [orgId],
  );
  for (const unit of ['week', 'month']) {
    await db.query(
      `insert into insight_rollups_people_${unit} (org_id, ${unit}, journey_key, location_id, staff_id, ${COUNTER_LIST})
       select org_id, date_trunc('${unit}', day)::date, journey_key, location_id, staff_id, ${SUMS} from insight_rollups_people_day where org_id = $1 group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`,
      [orgId],
    );
  }
  for (const unit of ['day', 'week', 'month']) {
    await db.query(
      `insert into insight_rollups_outlet_${unit} (org_id, ${unit}, journey_key, location_id, ${COUNTER_LIST})
       select org_id, ${unit}, journey_key, location_id, ${SUMS} from insight_rollups_people_${unit} where org_id = $1 group by 1, 2, 3, 4 order by 1, 2, 3, 4`,
      [orgId],
    );
  }
}

async function buildCommentRollups(db: Exec, orgId: string, now: Date, log: (text: string) => void): Promise<void> {
  const t0 = performance.now();
  // What queueCommentAnalysis writes, plus a synthetic analysis: sentiment from the rating, one theme.
  await db.query(
    `insert into insight_comment_analyses (org_id, response_id, day, journey_key, moment_key, location_id, locale, created_at,
       analysed_at, lang, sentiment_score, sentiment_label, themes, key_phrases)
     select $1, response_id, day, jk, mk, lk, locale, $2::timestamptz, $2::timestamptz, locale,
       a.score, a.label,
       jsonb_build_array(jsonb_build_object('theme', ($3::text[])[1 + abs(hashtext(response_id)) % ${THEMES.length}],
         'matches', '[]'::jsonb, 'score', a.score, 'label', a.label)),
       '[]'::jsonb
     from (${SOURCE} and r.comment is not null and btrim(r.comment) <> '') src
     cross join lateral (select case when csat >= 4 then 0.6 when csat <= 2 then -0.6 else 0 end as score,
       case when csat >= 4 then 'positive' when csat <= 2 then 'negative' else 'neutral' end as label) a`,
    [orgId, now.toISOString(), THEMES],
  );
  await db.query(
    `insert into insight_theme_rollups (org_id, day, journey_key, moment_key, location_id, theme, mentions, positive, neutral, negative, score_sum)
     select $1, day, journey_key, moment_key, location_id, theme, count(*), count(*) filter (where label = 'positive'), count(*) filter (where label = 'neutral'),
       count(*) filter (where label = 'negative'), sum(score)
     from (
       select day, journey_key, moment_key, location_id, '' as theme, sentiment_label as label, sentiment_score as score from insight_comment_analyses where org_id = $1
       union all
       select day, journey_key, moment_key, location_id, m->>'theme', m->>'label', (m->>'score')::float8
       from insight_comment_analyses, jsonb_array_elements(themes) m where org_id = $1
     ) t group by day, journey_key, moment_key, location_id, theme order by day, journey_key, moment_key, location_id, theme`,
    [orgId],
  );
  await buildThemeLadder(db, orgId);
  log(`comment analyses and theme rollups ${Math.round(performance.now() - t0)} ms`);
}

/** The theme ladder (src/insights/schema.ts, applyThemeDeltas): outlet and network rungs. */
export const THEME_LADDER_TABLES: readonly string[] = WRITE_PATH_THEME_LADDER;
const THEME_COUNTERS = 'mentions, positive, neutral, negative, score_sum';
const THEME_SUMS = 'sum(mentions), sum(positive), sum(neutral), sum(negative), sum(score_sum)';

/**
 * The theme ladder: outlet days from insight_theme_rollups, network days from the outlet days, weeks
 * and months from the days. Idempotent: the organisation's ladder rows are deleted first, so it also
 * builds the ladder of a database kept from before it existed (bench/run.ts --build-ladder).
 */
export async function buildThemeLadder(db: Exec, orgId: string): Promise<void> {
  for (const table of THEME_LADDER_TABLES) await db.query(`delete from ${table} where org_id = $1`, [orgId]);
  await db.query(
    `insert into insight_theme_rollups_outlet_day (org_id, day, journey_key, location_id, theme, ${THEME_COUNTERS})
     select org_id, day, journey_key, location_id, theme, ${THEME_SUMS} from insight_theme_rollups where org_id = $1 group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`,
    [orgId],
  );
  await db.query(
    `insert into insight_theme_rollups_network_day (org_id, day, journey_key, theme, ${THEME_COUNTERS})
     select org_id, day, journey_key, theme, ${THEME_SUMS} from insight_theme_rollups_outlet_day where org_id = $1 group by 1, 2, 3, 4 order by 1, 2, 3, 4`,
    [orgId],
  );
  for (const unit of ['week', 'month']) {
    await db.query(
      `insert into insight_theme_rollups_outlet_${unit} (org_id, ${unit}, journey_key, location_id, theme, ${THEME_COUNTERS})
       select org_id, date_trunc('${unit}', day)::date, journey_key, location_id, theme, ${THEME_SUMS}
       from insight_theme_rollups_outlet_day where org_id = $1 group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`,
      [orgId],
    );
    await db.query(
      `insert into insight_theme_rollups_network_${unit} (org_id, ${unit}, journey_key, theme, ${THEME_COUNTERS})
       select org_id, date_trunc('${unit}', day)::date, journey_key, theme, ${THEME_SUMS}
       from insight_theme_rollups_network_day where org_id = $1 group by 1, 2, 3, 4 order by 1, 2, 3, 4`,
      [orgId],
    );
  }
}

export { LOCALES };

/**
 * The responses table's secondary indexes (all but the primary key), dropped before a bulk load and
 * built again after it: one sort per index instead of ten million random inserts into each.
 */
export async function dropSecondaryIndexes(db: Exec): Promise<string[]> {
  const { rows } = await db.query<{ indexname: string; indexdef: string }>(
    `select i.indexname, i.indexdef from pg_indexes i
     where i.tablename = 'responses' and i.schemaname = current_schema()
       and not exists (select 1 from pg_constraint c where c.conname = i.indexname and c.contype = 'p')`,
  );
  for (const row of rows) await db.query(`drop index ${row.indexname}`);
  return rows.map((row) => row.indexdef);
}

export async function createIndexes(db: Exec, definitions: readonly string[]): Promise<void> {
  for (const definition of definitions) await db.query(definition);
}

/**
 * Proves the set-based rollups equal the write path's: copies what buildRollups made, runs
 * rebuildRollups (the write path's own recomputation, chunk by chunk through applyDeltas), and
 * compares every grain row for row (both directions of EXCEPT). Then the synthetic comment analyses
 * are put back on the re-queued rows and `rebuildThemes` (rebuildThemeRollups: applyThemeDeltas page
 * by page) recomputes the theme rollups and the theme ladder, compared the same way (score sums to 9
 * decimals: float sums depend on the order of addition). Returns the differences found.
 */
export async function compareWithRebuild(db: Exec, orgId: string, rebuild: () => Promise<void>, rebuildThemes: () => Promise<void>): Promise<Record<string, number>> {
  const themeTables = ['insight_theme_rollups', ...THEME_LADDER_TABLES];
  for (const table of [...ROLLUP_TABLES, ...themeTables]) {
    await db.query(`drop table if exists bench_copy_${table}`);
    await db.query(`create table bench_copy_${table} as select * from ${table} where org_id = $1`, [orgId]);
  }
  await db.query('drop table if exists bench_copy_analyses');
  await db.query(
    `create table bench_copy_analyses as select response_id, day, journey_key, moment_key, location_id, locale,
       analysed_at, lang, sentiment_score, sentiment_label, themes, key_phrases from insight_comment_analyses where org_id = $1`,
    [orgId],
  );
  await db.query('delete from insight_comment_analyses where org_id = $1', [orgId]);
  await rebuild();
  const differences: Record<string, number> = {};
  const compare = async (table: string, columns = '*') => {
    const { rows } = await db.query<{ n: number }>(
      `select (select count(*) from (select ${columns} from ${table} where org_id = $1 except all select ${columns} from bench_copy_${table}) a)::int
        + (select count(*) from (select ${columns} from bench_copy_${table} except all select ${columns} from ${table} where org_id = $1) b)::int as n`,
      [orgId],
    );
    const { rows: size } = await db.query<{ n: number }>(`select count(*)::int as n from ${table} where org_id = $1`, [orgId]);
    differences[`${table} (${size[0]!.n} rows)`] = rows[0]!.n;
    await db.query(`drop table bench_copy_${table}`);
  };
  for (const table of ROLLUP_TABLES) await compare(table);
  const keys = 'response_id, day, journey_key, moment_key, location_id, locale';
  const { rows } = await db.query<{ n: number }>(
    `select (select count(*) from (select ${keys} from insight_comment_analyses where org_id = $1 except all select ${keys} from bench_copy_analyses) a)::int
      + (select count(*) from (select ${keys} from bench_copy_analyses except all select ${keys} from insight_comment_analyses where org_id = $1) b)::int as n`,
    [orgId],
  );
  differences.insight_comment_analyses = rows[0]!.n;
  await db.query(
    `update insight_comment_analyses a set analysed_at = c.analysed_at, lang = c.lang, sentiment_score = c.sentiment_score,
       sentiment_label = c.sentiment_label, themes = c.themes, key_phrases = c.key_phrases
     from bench_copy_analyses c where a.org_id = $1 and a.response_id = c.response_id`,
    [orgId],
  );
  await db.query('drop table bench_copy_analyses');
  await rebuildThemes();
  for (const table of themeTables) {
    const period = table.endsWith('_week') ? 'week' : table.endsWith('_month') ? 'month' : 'day';
    const keys = table === 'insight_theme_rollups' ? 'journey_key, moment_key, location_id' : table.includes('_network_') ? 'journey_key' : 'journey_key, location_id';
    await compare(table, `org_id, ${period}, ${keys}, theme, mentions, positive, neutral, negative, round(score_sum::numeric, 9) as score_sum`);
  }
  return differences;
}

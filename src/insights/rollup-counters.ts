import { sql, type SQL } from 'drizzle-orm';

/**
 * The counters every rollup row carries: enough to compute NPS, CSAT and CES with their intervals
 * (counts, sums and sums of squares), plus the number of responses and of comments. One list, so the
 * tables of every grain and the code that fills them cannot drift apart.
 */
export const ROLLUP_COUNTER_COLUMNS = [
  'responses',
  'nps_promoters',
  'nps_passives',
  'nps_detractors',
  'csat_n',
  'csat_sum',
  'csat_sum_squares',
  'csat_top_box',
  'ces_n',
  'ces_sum',
  'ces_sum_squares',
  'ces_easy',
  'comments',
] as const;

/**
 * The counters of a group of response rows (columns nps, csat, ces, has_comment), times `sign` (+1 when
 * rows are added, −1 when deleted). The one place that says what a promoter (9–10), a passive (7–8), a
 * detractor (0–6), a satisfied CSAT answer (4–5 of 5) and an easy CES answer (5–7 of 7) are.
 */
export function counterAggregates(sign: 1 | -1): SQL {
  const s = sql.raw(String(sign));
  return sql`count(*) * ${s} as responses,
    count(*) filter (where nps >= 9) * ${s} as nps_promoters,
    count(*) filter (where nps between 7 and 8) * ${s} as nps_passives,
    count(*) filter (where nps <= 6) * ${s} as nps_detractors,
    count(csat) * ${s} as csat_n,
    coalesce(sum(csat), 0) * ${s} as csat_sum,
    coalesce(sum(csat * csat), 0) * ${s} as csat_sum_squares,
    count(*) filter (where csat >= 4) * ${s} as csat_top_box,
    count(ces) * ${s} as ces_n,
    coalesce(sum(ces), 0) * ${s} as ces_sum,
    coalesce(sum(ces * ces), 0) * ${s} as ces_sum_squares,
    count(*) filter (where ces >= 5) * ${s} as ces_easy,
    count(*) filter (where has_comment) * ${s} as comments`;
}

/** `SET` list of an upsert that adds the incoming counters to a rollup row. */
export const addExcluded = (table: string) => sql.raw(ROLLUP_COUNTER_COLUMNS.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', '));

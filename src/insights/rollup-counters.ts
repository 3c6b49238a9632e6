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

/**
 * The dashboard questions the web app asks, each timed through HTTP (authentication, scope, rollups,
 * statistics, serialisation) and — where one exists — the same question as plain SQL over the raw
 * `responses` rows (current and previous period, as the API answers both). The raw SQL runs without
 * HTTP, so the comparison flatters the raw rows.
 */
import { ANSWER_CACHE_HEADER } from '../src/platform/answer-cache.ts';
import type { Exec } from './sql-loader.ts';

export interface QuestionContext {
  base: string;
  key: string;
  orgId: string;
  journeyKey: string;
  regionId: string;
  flagshipId: string;
  /** The last day with data ('YYYY-MM-DD'). */
  to: string;
  db: Exec;
  apiRuns: number;
  rawRuns: number;
  /**
   * Rounds over every question (each answer computed: a write before it) before anything is timed, as a
   * server that has run a while has done. On PGlite this matters: V8 first runs the database's
   * WebAssembly from quickly compiled baseline code and swaps each hot function for optimised code in
   * the background, so a query path's first few hundred runs on a fresh process have 4–9 ms stalls
   * (measured: 28 of 200 runs of one rollup read > 3 ms on a fresh process, none after; none with
   * `node --no-liftoff`). Without these rounds the "computed" runs, which follow cached repeats that ran
   * no SQL, timed that warm-up.
   */
  warmRuns: number;
  /**
   * A write that changes nothing (the answer cache cannot tell): before each "computed" run, so those
   * runs time the answer being worked out, not remembered (only where the server has an answer cache).
   */
  invalidate: () => Promise<void>;
  log: (text: string) => void;
}

export interface QuestionResult {
  question: string;
  url: string;
  apiP50ms: number;
  apiP95ms: number;
  apiMaxMs: number;
  /** Where the server has an answer cache (PGlite): apiP50ms etc. are the question asked again (from the cache), these the first answer after a write. */
  computedP50ms?: number;
  computedP95ms?: number;
  computedMaxMs?: number;
  rawSqlP50ms?: number;
  rawSqlP95ms?: number;
  speedupP50?: number;
  computedSpeedupP50?: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
const round = (n: number) => +n.toFixed(1);

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

const RAW_COUNTERS = `count(*) n, count(*) filter (where nps >= 9) p, count(*) filter (where nps <= 6) d, count(nps) nn,
  count(csat) cn, count(*) filter (where csat >= 4) ct, sum(csat) cs, sum(csat * csat) css, count(ces) en, sum(ces) es, sum(ces * ces) ess`;

export async function measureQuestions(ctx: QuestionContext): Promise<QuestionResult[]> {
  const { to } = ctx;
  const days = (n: number) => ({ from: addDays(to, -(n - 1)), to, previousFrom: addDays(to, -(2 * n - 1)) });
  const d30 = days(30);
  const d90 = days(90);
  const y2 = days(728);
  const range = (r: { from: string; to: string }) => `from=${r.from}&to=${r.to}`;
  // Raw rows of the current and the previous period: `cur` tells them apart.
  const rawWhere = (r: { from: string; to: string; previousFrom: string }, extra = '') =>
    `from responses where org_id = '${ctx.orgId}' and submitted_at >= '${r.previousFrom}'::date and submitted_at < '${addDays(r.to, 1)}'::date ${extra}`;
  const cur = (r: { from: string }) => `(submitted_at >= '${r.from}'::date)`;
  const subtree = `and location_id in (select location_id from locations where org_id = '${ctx.orgId}' and (location_id = '${ctx.regionId}' or parent_id = '${ctx.regionId}'))`;

  const questions: { name: string; url: string; raw?: string; cold?: (i: number) => string }[] = [
    { name: 'scores by moment, 30 days', url: `/api/v1/scores?groupBy=moment&${range(d30)}`, raw: `select journey_key, moment_key, ${cur(d30)} c, ${RAW_COUNTERS} ${rawWhere(d30)} group by 1, 2, 3` },
    { name: 'scores by outlet, 90 days (league table)', url: `/api/v1/scores?groupBy=location&${range(d90)}`, raw: `select location_id, ${cur(d90)} c, ${RAW_COUNTERS} ${rawWhere(d90)} group by 1, 2` },
    {
      name: 'scores by outlet in a region subtree, 30 days',
      url: `/api/v1/scores?groupBy=location&location=${ctx.regionId}&${range(d30)}`,
      raw: `select location_id, ${cur(d30)} c, ${RAW_COUNTERS} ${rawWhere(d30, subtree)} group by 1, 2`,
    },
    { name: 'scores by staff, 30 days (staff league, all rows)', url: `/api/v1/scores?groupBy=staff&${range(d30)}`, raw: `select staff_id, ${cur(d30)} c, ${RAW_COUNTERS} ${rawWhere(d30)} group by 1, 2` },
    {
      // What the dashboard's league table asks for: one page of 50, best NPS first.
      name: 'staff league page, 30 days (50 rows by NPS)',
      url: `/api/v1/scores?groupBy=staff&sort=nps&order=desc&limit=50&answered=nps&${range(d30)}`,
      raw: `select staff_id, ${cur(d30)} c, ${RAW_COUNTERS} ${rawWhere(d30)} group by 1, 2`,
    },
    {
      name: 'scores by staff at the flagship, 90 days',
      url: `/api/v1/scores?groupBy=staff&location=${ctx.flagshipId}&${range(d90)}`,
      raw: `select staff_id, ${cur(d90)} c, ${RAW_COUNTERS} ${rawWhere(d90, `and location_id = '${ctx.flagshipId}'`)} group by 1, 2`,
    },
    {
      name: 'trend by day, 90 days',
      url: `/api/v1/scores?groupBy=period&period=day&${range(d90)}`,
      raw: `select submitted_at::date, ${RAW_COUNTERS} ${rawWhere({ ...d90, previousFrom: addDays(d90.from, -1) })} group by 1`,
    },
    {
      name: 'trend by week, 26 weeks',
      url: `/api/v1/scores?groupBy=period&period=week&${range(days(182))}`,
      raw: `select date_trunc('week', submitted_at), ${RAW_COUNTERS} ${rawWhere({ ...days(182), previousFrom: addDays(days(182).from, -14) })} group by 1`,
    },
    {
      name: 'trend by month, two years',
      url: `/api/v1/scores?groupBy=period&period=month&${range(y2)}`,
      raw: `select date_trunc('month', submitted_at), ${RAW_COUNTERS} ${rawWhere(y2)} group by 1`,
    },
    {
      name: 'trend by quarter, two years',
      url: `/api/v1/scores?groupBy=period&period=quarter&${range(y2)}`,
      raw: `select date_trunc('quarter', submitted_at), ${RAW_COUNTERS} ${rawWhere(y2)} group by 1`,
    },
    {
      name: 'moment trend by month, one moment, one year',
      url: `/api/v1/scores?groupBy=period&period=month&journey=${ctx.journeyKey}&moment=transact-1&${range(days(365))}`,
      raw: `select date_trunc('month', submitted_at), ${RAW_COUNTERS} ${rawWhere(days(365), `and journey_key = '${ctx.journeyKey}' and moment_key = 'transact-1'`)} group by 1`,
    },
    {
      name: 'heatmap, whole network, 30 days',
      url: `/api/v1/insights/heatmap?journey=${ctx.journeyKey}&${range(d30)}`,
      raw: `select moment_key, ${cur(d30)} c, ${RAW_COUNTERS} ${rawWhere(d30, `and journey_key = '${ctx.journeyKey}'`)} group by 1, 2`,
    },
    {
      name: 'heatmap, one outlet, 90 days',
      url: `/api/v1/insights/heatmap?journey=${ctx.journeyKey}&location=${ctx.flagshipId}&${range(d90)}`,
      raw: `select moment_key, ${cur(d90)} c, ${RAW_COUNTERS} ${rawWhere(d90, `and journey_key = '${ctx.journeyKey}' and location_id = '${ctx.flagshipId}'`)} group by 1, 2`,
    },
    {
      name: 'themes, 30 days',
      url: `/api/v1/insights/themes?${range(d30)}`,
      raw: `select m->>'theme', count(*) from insight_comment_analyses a, jsonb_array_elements(a.themes) m where a.org_id = '${ctx.orgId}' and a.day between '${d30.from}' and '${d30.to}' group by 1`,
    },
    {
      name: 'theme trend by week, 90 days',
      url: `/api/v1/insights/themes?period=week&${range(d90)}`,
      raw: `select date_trunc('week', a.day), m->>'theme', count(*) from insight_comment_analyses a, jsonb_array_elements(a.themes) m where a.org_id = '${ctx.orgId}' and a.day between '${d90.from}' and '${d90.to}' group by 1, 2`,
    },
    {
      name: 'themes in a region subtree, 90 days',
      url: `/api/v1/insights/themes?location=${ctx.regionId}&${range(d90)}`,
      raw: `select m->>'theme', count(*) from insight_comment_analyses a, jsonb_array_elements(a.themes) m where a.org_id = '${ctx.orgId}' and a.day between '${d90.from}' and '${d90.to}' ${subtree.replace('location_id', 'a.location_id')} group by 1`,
    },
    { name: 'alerts list', url: '/api/v1/insights/alerts?limit=20' },
    { name: 'peak–end, 90 days (stored after the first call)', url: `/api/v1/insights/peak-end?journey=${ctx.journeyKey}&${range(d90)}`, cold: (i) => `/api/v1/insights/peak-end?journey=${ctx.journeyKey}&from=${addDays(d90.from, -1 - i)}&to=${to}` },
    { name: 'drivers, 90 days (stored after the first call)', url: `/api/v1/insights/drivers?journey=${ctx.journeyKey}&${range(d90)}`, cold: (i) => `/api/v1/insights/drivers?journey=${ctx.journeyKey}&from=${addDays(d90.from, -1 - i)}&to=${to}` },
  ];

  const get = async (url: string): Promise<{ ms: number; from: string | null }> => {
    // A kept-alive connection the server closed while the loader ran: retried once (not timed).
    await fetch(`${ctx.base}/healthz`).catch(() => undefined);
    const t0 = performance.now();
    const response = await fetch(`${ctx.base}${url}`, { headers: { authorization: `Bearer ${ctx.key}` } });
    const body = await response.arrayBuffer();
    const ms = performance.now() - t0;
    if (response.status !== 200) throw new Error(`${url}: ${response.status} ${Buffer.from(body).toString('utf8').slice(0, 300)}`);
    return { ms, from: response.headers.get(ANSWER_CACHE_HEADER) };
  };

  for (let round = 0; round < ctx.warmRuns; round++) {
    for (const question of questions) {
      await ctx.invalidate();
      await get(question.url);
    }
  }

  const results: QuestionResult[] = [];
  for (const question of questions) {
    if (question.cold) {
      // First request of a scope never asked before (one day more each time): with jobs off (as here) it
      // computes inline and stores; with jobs on it answers 202 at once and a job computes. Later: stored.
      const cold: number[] = [];
      for (let i = 0; i < 5; i++) cold.push((await get(question.cold(i))).ms);
      cold.sort((a, b) => a - b);
      results.push({ question: question.name.replace(' (stored after the first call)', ', first request computes'), url: question.cold(0), apiP50ms: round(percentile(cold, 50)), apiP95ms: round(percentile(cold, 95)), apiMaxMs: round(cold.at(-1)!) });
    }
    const api: number[] = [];
    const computed: number[] = [];
    let cached = 0;
    for (let i = 0; i < ctx.apiRuns + 2; i++) {
      const answer = await get(question.url);
      if (i >= 2) api.push(answer.ms); // two warm-up runs
      if (answer.from === 'cached') cached += 1;
    }
    // A server with an answer cache answered the repeats from it: time the first answer after a write too.
    if (cached > 0) {
      for (let i = 0; i < ctx.apiRuns + 2; i++) {
        await ctx.invalidate();
        const answer = await get(question.url);
        if (answer.from !== 'computed') throw new Error(`${question.url}: answered from ${answer.from} right after a write`);
        if (i >= 2) computed.push(answer.ms);
      }
      computed.sort((a, b) => a - b);
    }
    api.sort((a, b) => a - b);
    const row: QuestionResult = {
      question: question.cold ? question.name.replace(' (stored after the first call)', ', stored') : question.name,
      url: question.url,
      apiP50ms: round(percentile(api, 50)),
      apiP95ms: round(percentile(api, 95)),
      apiMaxMs: round(api.at(-1)!),
      ...(computed.length > 0 ? { computedP50ms: round(percentile(computed, 50)), computedP95ms: round(percentile(computed, 95)), computedMaxMs: round(computed.at(-1)!) } : {}),
    };
    if (question.raw) {
      const raw: number[] = [];
      // One warm-up run, except when a single run is asked for (ten million raw rows take seconds each).
      const warmUps = ctx.rawRuns > 1 ? 1 : 0;
      for (let i = 0; i < ctx.rawRuns + warmUps; i++) {
        const t0 = performance.now();
        await ctx.db.query(question.raw);
        if (i >= warmUps) raw.push(performance.now() - t0);
      }
      raw.sort((a, b) => a - b);
      row.rawSqlP50ms = round(percentile(raw, 50));
      row.rawSqlP95ms = round(percentile(raw, 95));
      row.speedupP50 = round(row.rawSqlP50ms / row.apiP50ms);
      if (row.computedP50ms !== undefined) row.computedSpeedupP50 = round(row.rawSqlP50ms / row.computedP50ms);
    }
    ctx.log(`${JSON.stringify(row)} rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`);
    results.push(row);
  }
  return results;
}

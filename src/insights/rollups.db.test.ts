import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithMember } from '../../test/support/actors.ts';
import { HALL_JOURNEY, publishSurvey, setUpFeedbackOrg, type FeedbackOrg } from '../../test/support/feedback-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import { cesFromScores, countNpsAnswers, csatFromScores, npsFromCounts } from '../stats/index.ts';
import { localDay } from './alerts.ts';
import { drainPendingComments } from './comments.ts';
import { addCounters, COUNTER_FIELDS, countersOf, emptyCounters, periodStart, type Counters } from './model.ts';
import { rebuildRollups } from './rollups.ts';

/*
 * The rollups must always equal a recomputation from the raw responses table. Random operations —
 * API batches (with time stamps around local midnight), retries of earlier batches, answers given on
 * the survey page, deletions through the API — then every rollup cell is compared with counters
 * computed here from the raw rows (local days by Intl, not by the SQL the rollups use).
 */

let km: TestKeymoment;
let org: FeedbackOrg;
const SURVEY = 'visit-scores';
const PREFIX = 'R';

function scoresSurvey() {
  return {
    kind: 'transactional',
    about: { journeyKey: HALL_JOURNEY, momentKey: 'counter' },
    title: { en: 'Your visit' },
    questions: [
      { id: 'recommend', type: 'nps', title: { en: 'Recommend?' } },
      { id: 'satisfied', type: 'csat', title: { en: 'Satisfied?' } },
      { id: 'effort', type: 'ces', title: { en: 'Easy?' } },
      { id: 'comment', type: 'text', title: { en: 'Anything else?' } },
    ],
  };
}

beforeAll(async () => {
  km = await startTestKeymoment();
  org = await setUpFeedbackOrg(km, await createOrgWithMember(km, 'admin', 'Rollup Telecom'), PREFIX);
  // The city outlet runs on Taipei time, the other on Budapest time, the organisation on UTC.
  await org.call('PATCH', `/api/v1/locations/${org.locations.outletA}`, { timezone: 'Asia/Taipei' });
  await publishSurvey(org, SURVEY, scoresSurvey());
  // The machine is shared; setting up two organisations can take a while under load.
}, 180_000);
afterAll(async () => km?.dispose());

const COMMENTS = ['The staff were very friendly', '排队时间太长了', 'Очень долго ждал', '', 'Nagyon kedves volt az ügyintéző', '   '];

const responseArb = fc.record({
  nps: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
  csat: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
  ces: fc.option(fc.integer({ min: 1, max: 7 }), { nil: undefined }),
  comment: fc.constantFrom(...COMMENTS),
  location: fc.constantFrom('001', '002', undefined),
  staff: fc.constantFrom('s1', 's2', undefined),
  channel: fc.constantFrom('kiosk', 'email', 'qr'),
  moment: fc.constantFrom('counter', 'greeting', 'leave'),
  // Days around 2026-11-10, any minute: many land near a local midnight somewhere.
  minute: fc.integer({ min: 0, max: 4 * 24 * 60 }),
});

const stepArb = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('batch' as const), items: fc.array(responseArb, { minLength: 1, maxLength: 12 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('retry' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('page' as const), item: responseArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), picks: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }) }) },
  // The comment-analysis job: later deletions then subtract analysed comments from the theme rollups.
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('analyse' as const) }) },
);

let sequence = 0;
const sentBatches: object[][] = [];

type Item = typeof responseArb extends fc.Arbitrary<infer T> ? T : never;

function toInput(item: Item) {
  const answers: Record<string, unknown> = {};
  if (item.nps !== undefined) answers.recommend = item.nps;
  if (item.csat !== undefined) answers.satisfied = item.csat;
  if (item.ces !== undefined) answers.effort = item.ces;
  if (item.comment !== '') answers.comment = item.comment;
  if (Object.keys(answers).length === 0) answers.recommend = 8;
  return {
    externalId: `r-${++sequence}`,
    surveyKey: SURVEY,
    channel: item.channel,
    journeyKey: HALL_JOURNEY,
    momentKey: item.moment,
    ...(item.location ? { locationCode: `${PREFIX}-${item.location}` } : {}),
    ...(item.staff ? { staffId: item.staff } : {}),
    submittedAt: new Date(Date.UTC(2026, 10, 9) + item.minute * 60_000).toISOString(),
    answers,
  };
}

type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

async function run(step: Step): Promise<void> {
  if (step.kind === 'batch') {
    const batch = step.items.map(toInput);
    const response = await org.ingest('POST', '/api/v1/responses', batch);
    expect(response.statusCode, response.body).toBe(201);
    sentBatches.push(batch);
  } else if (step.kind === 'retry') {
    if (sentBatches.length === 0) return;
    const batch = sentBatches[step.pick % sentBatches.length]!;
    const response = await org.ingest('POST', '/api/v1/responses', batch);
    expect(response.statusCode, response.body).toBe(200);
    // Items still stored answer "existing"; a deleted one's external id is free again and is re-created.
  } else if (step.kind === 'page') {
    const item = step.item;
    const invited = await org.ingest('POST', `/api/v1/surveys/${SURVEY}/invitations`, {
      channel: item.channel,
      journeyKey: HALL_JOURNEY,
      momentKey: item.moment,
      ...(item.location ? { locationCode: `${PREFIX}-${item.location}` } : {}),
      ...(item.staff ? { staffId: item.staff } : {}),
    });
    expect(invited.statusCode, invited.body).toBe(201);
    const answers = toInput(item).answers;
    const submit = () => km.app.inject({ method: 'POST', url: `/api/v1/public/surveys/${invited.json().token}/submit`, payload: { answers } });
    expect((await submit()).statusCode).toBe(201);
    // A double submission is refused and must not count twice.
    expect((await submit()).statusCode).toBe(409);
  } else if (step.kind === 'analyse') {
    await drainPendingComments(km.database, () => new Date());
  } else {
    const { rows } = await km.database.query<{ response_id: string }>('select response_id from responses where org_id = $1 order by response_id', [org.member.orgId]);
    if (rows.length === 0) return;
    for (const pick of step.picks) {
      const id = rows[pick % rows.length]!.response_id;
      const response = await org.call('DELETE', `/api/v1/responses/${id}`);
      expect([204, 404]).toContain(response.statusCode);
    }
  }
}

interface RawRow {
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
}

async function rawRows(): Promise<RawRow[]> {
  const { rows } = await km.database.query<RawRow>(
    'select response_id, submitted_at, journey_key, journey_version, moment_key, location_id, staff_id, channel, nps, csat, ces, comment from responses where org_id = $1',
    [org.member.orgId],
  );
  return rows;
}

async function zones(): Promise<Map<string, string>> {
  const { rows } = await km.database.query<{ location_id: string; timezone: string }>('select location_id, timezone from locations where org_id = $1', [org.member.orgId]);
  return new Map(rows.map((row) => [row.location_id, row.timezone]));
}

type Grain = 'fine' | 'location' | 'location_week' | 'staff_week' | 'moment' | 'outlet_day' | 'outlet_week' | 'outlet_month' | 'people_day' | 'people_week' | 'people_month';
const KEYS: Record<Grain, string[]> = {
  fine: ['day', 'journey_key', 'moment_key', 'location_id', 'staff_id', 'channel', 'journey_version'],
  location: ['day', 'journey_key', 'moment_key', 'location_id', 'channel'],
  location_week: ['week', 'journey_key', 'moment_key', 'location_id', 'channel'],
  staff_week: ['week', 'journey_key', 'moment_key', 'location_id', 'staff_id'],
  moment: ['day', 'journey_key', 'moment_key', 'channel'],
  outlet_day: ['day', 'journey_key', 'location_id'],
  outlet_week: ['week', 'journey_key', 'location_id'],
  outlet_month: ['month', 'journey_key', 'location_id'],
  people_day: ['day', 'journey_key', 'location_id', 'staff_id'],
  people_week: ['week', 'journey_key', 'location_id', 'staff_id'],
  people_month: ['month', 'journey_key', 'location_id', 'staff_id'],
};
const SNAKE: Record<keyof Counters, string> = {
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

async function expectRollupsEqualRaw(): Promise<void> {
  const raw = await rawRows();
  const zoneOf = await zones();
  for (const grain of Object.keys(KEYS) as Grain[]) {
    const expected = new Map<string, Counters>();
    for (const row of raw) {
      const day = localDay(new Date(row.submitted_at), zoneOf.get(row.location_id ?? '') ?? 'UTC');
      const cell: Record<string, string> = {
        day,
        week: periodStart(day, 'week'),
        month: periodStart(day, 'month'),
        journey_key: row.journey_key ?? '',
        moment_key: row.moment_key ?? '',
        location_id: row.location_id ?? '',
        staff_id: row.staff_id ?? '',
        channel: row.channel,
        journey_version: String(row.journey_version ?? 0),
      };
      const key = KEYS[grain].map((k) => cell[k]).join('|');
      expected.set(key, addCounters(expected.get(key) ?? emptyCounters(), countersOf(row)));
    }
    const { rows } = await km.database.query<Record<string, unknown>>(
      `select ${KEYS[grain].map((k) => (k === 'day' || k === 'week' || k === 'month' ? `${k}::text as ${k}` : k)).join(', ')}, ${COUNTER_FIELDS.map((f) => SNAKE[f]).join(', ')}
       from insight_rollups_${grain} where org_id = $1`,
      [org.member.orgId],
    );
    const actual = new Map<string, Counters>();
    for (const row of rows) {
      const counters = emptyCounters();
      for (const field of COUNTER_FIELDS) counters[field] = Number(row[SNAKE[field]]);
      actual.set(KEYS[grain].map((k) => String(row[k])).join('|'), counters);
    }
    expect(Object.fromEntries(actual), `rollup grain ${grain}`).toEqual(Object.fromEntries(expected));
  }
}

type ThemeGrain =
  | 'theme_rollups'
  | 'theme_rollups_outlet_day'
  | 'theme_rollups_outlet_week'
  | 'theme_rollups_outlet_month'
  | 'theme_rollups_network_day'
  | 'theme_rollups_network_week'
  | 'theme_rollups_network_month'
  | 'theme_rollups_area_day'
  | 'theme_rollups_area_week'
  | 'theme_rollups_area_month';
const THEME_KEYS: Record<ThemeGrain, string[]> = {
  theme_rollups: ['day', 'journey_key', 'moment_key', 'location_id', 'theme'],
  theme_rollups_outlet_day: ['day', 'journey_key', 'location_id', 'theme'],
  theme_rollups_outlet_week: ['week', 'journey_key', 'location_id', 'theme'],
  theme_rollups_outlet_month: ['month', 'journey_key', 'location_id', 'theme'],
  theme_rollups_network_day: ['day', 'journey_key', 'theme'],
  theme_rollups_network_week: ['week', 'journey_key', 'theme'],
  theme_rollups_network_month: ['month', 'journey_key', 'theme'],
  // The area rung: once per ancestor of the comment's location (area_id).
  theme_rollups_area_day: ['area_id', 'day', 'journey_key', 'theme'],
  theme_rollups_area_week: ['area_id', 'week', 'journey_key', 'theme'],
  theme_rollups_area_month: ['area_id', 'month', 'journey_key', 'theme'],
};
interface ThemeCell {
  mentions: number;
  positive: number;
  neutral: number;
  negative: number;
  scoreSum: number;
}
/** Float sums depend on the order of addition: compared to 6 decimals (+ 0 turns −0 into 0). */
const roundScore = (x: number) => Math.round(x * 1e6) / 1e6 + 0;

/**
 * The theme rollups and the theme ladder against a recomputation from the analysed comments, each
 * placed on its response's local day (by Intl) and keys from the raw responses row.
 */
async function expectThemesEqualRaw(): Promise<void> {
  const byId = new Map((await rawRows()).map((row) => [row.response_id, row]));
  const zoneOf = await zones();
  const { rows: analyses } = await km.database.query<{ response_id: string; sentiment_label: string | null; sentiment_score: number | null; themes: { theme: string; score: number; label: string }[] | null }>(
    'select response_id, sentiment_label, sentiment_score, themes from insight_comment_analyses where org_id = $1 and analysed_at is not null',
    [org.member.orgId],
  );
  const { rows: tree } = await km.database.query<{ location_id: string; parent_id: string | null }>('select location_id, parent_id from locations where org_id = $1', [org.member.orgId]);
  const parentOf = new Map(tree.map((row) => [row.location_id, row.parent_id]));
  const ancestorsOf = (location: string | null) => {
    const found: string[] = [];
    for (let at = parentOf.get(location ?? '') ?? null; at !== null; at = parentOf.get(at) ?? null) found.push(at);
    return found;
  };
  expect(ancestorsOf(org.locations.outletA).length, 'the test tree has areas').toBeGreaterThan(1);
  for (const grain of Object.keys(THEME_KEYS) as ThemeGrain[]) {
    const expected = new Map<string, ThemeCell>();
    for (const analysis of analyses) {
      const row = byId.get(analysis.response_id);
      expect(row, `analysis of a response that no longer exists: ${analysis.response_id}`).toBeDefined();
      const day = localDay(new Date(row!.submitted_at), zoneOf.get(row!.location_id ?? '') ?? 'UTC');
      const mentions = [
        { theme: '', label: analysis.sentiment_label ?? 'neutral', score: analysis.sentiment_score ?? 0 },
        ...(analysis.themes ?? []).map((mention) => ({ theme: mention.theme, label: mention.label, score: mention.score })),
      ];
      for (const mention of mentions) {
        const cell: Record<string, string> = {
          day,
          week: periodStart(day, 'week'),
          month: periodStart(day, 'month'),
          journey_key: row!.journey_key ?? '',
          moment_key: row!.moment_key ?? '',
          location_id: row!.location_id ?? '',
          theme: mention.theme,
        };
        for (const area of grain.includes('_area_') ? ancestorsOf(row!.location_id) : ['']) {
          const key = THEME_KEYS[grain].map((k) => (k === 'area_id' ? area : cell[k])).join('|');
          const sum = expected.get(key) ?? { mentions: 0, positive: 0, neutral: 0, negative: 0, scoreSum: 0 };
          sum.mentions += 1;
          if (mention.label === 'positive' || mention.label === 'neutral' || mention.label === 'negative') sum[mention.label] += 1;
          sum.scoreSum += mention.score;
          expected.set(key, sum);
        }
      }
    }
    for (const cell of expected.values()) cell.scoreSum = roundScore(cell.scoreSum);
    const { rows } = await km.database.query<Record<string, unknown>>(
      `select ${THEME_KEYS[grain].map((k) => (k === 'day' || k === 'week' || k === 'month' ? `${k}::text as ${k}` : k)).join(', ')}, mentions, positive, neutral, negative, score_sum
       from insight_${grain} where org_id = $1`,
      [org.member.orgId],
    );
    const actual = new Map<string, ThemeCell>();
    for (const row of rows) {
      actual.set(THEME_KEYS[grain].map((k) => String(row[k])).join('|'), {
        mentions: Number(row.mentions),
        positive: Number(row.positive),
        neutral: Number(row.neutral),
        negative: Number(row.negative),
        scoreSum: roundScore(Number(row.score_sum)),
      });
    }
    expect(Object.fromEntries(actual), `theme grain ${grain}`).toEqual(Object.fromEntries(expected));
  }
}

describe('rollups maintained on write', () => {
  it('equal a raw recomputation after random ingests, retries, survey-page answers and deletions', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 6 }), async (steps) => {
        for (const step of steps) await run(step);
        await expectRollupsEqualRaw();
        await expectThemesEqualRaw();
      }),
      { numRuns: 8, seed: 20261124, endOnFailure: true },
    );
    const { rows } = await km.database.query<{ n: number }>('select count(*)::int as n from responses where org_id = $1', [org.member.orgId]);
    expect(rows[0]!.n).toBeGreaterThan(10);
    // Dozens of API round trips and full comparisons: minutes on a busy two-core machine.
  }, 240_000);

  it('serve scores equal to keymoment/stats on the raw answers, whatever the grouping', async () => {
    const raw = await rawRows();
    const from = '2026-11-01';
    const to = '2026-11-30';
    const nps = raw.flatMap((row) => (row.nps === null ? [] : [row.nps]));
    const csat = raw.flatMap((row) => (row.csat === null ? [] : [row.csat]));
    const ces = raw.flatMap((row) => (row.ces === null ? [] : [row.ces]));
    const expectedNps = npsFromCounts(countNpsAnswers(nps), { method: 'adjusted-wald' });
    for (const groupBy of ['moment', 'location', 'staff', 'period']) {
      const response = await org.call('GET', `/api/v1/scores?groupBy=${groupBy}&period=week&from=${from}&to=${to}&minN=1`);
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json();
      expect(body.total.responses).toBe(raw.length);
      expect(body.total.nps.n).toBe(nps.length);
      expect(body.total.nps.score).toBeCloseTo(expectedNps.score, 2);
      expect(body.total.nps.ci[0]).toBeCloseTo(expectedNps.ci[0], 2);
      expect(body.total.csat.score).toBeCloseTo(csatFromScores(csat).score, 2);
      // The API rounds CES to 3 decimals: a mean such as 3.6875 comes back as 3.688, 0.0005 away.
      expect(body.total.ces.score).toBeCloseTo(cesFromScores(ces, { scale: 7 }).score, 2);
      const summed = (body.rows as { responses: number }[]).reduce((sum, row) => sum + row.responses, 0);
      expect(summed, groupBy).toBe(raw.length);
    }
    // The channel filter, for every grouping (staff reads its own grain, location and moment theirs):
    // each channel's answers only, and the channels together make the whole.
    const channels = [...new Set(raw.map((row) => row.channel))];
    expect(channels.length, 'the random ingests used several channels').toBeGreaterThan(1);
    for (const groupBy of ['moment', 'location', 'staff', 'period']) {
      let together = 0;
      for (const channel of channels) {
        const rows = raw.filter((row) => row.channel === channel);
        const answers = rows.flatMap((row) => (row.nps === null ? [] : [row.nps]));
        const response = await org.call('GET', `/api/v1/scores?groupBy=${groupBy}&period=week&from=${from}&to=${to}&minN=1&channel=${channel}`);
        expect(response.statusCode, response.body).toBe(200);
        const body = response.json();
        expect(body.total.responses, `${groupBy} ${channel}`).toBe(rows.length);
        expect(body.total.nps.n, `${groupBy} ${channel}`).toBe(answers.length);
        if (answers.length > 0) expect(body.total.nps.score, `${groupBy} ${channel}`).toBeCloseTo(npsFromCounts(countNpsAnswers(answers)).score, 2);
        together += body.total.responses;
      }
      expect(together, groupBy).toBe(raw.length);
    }
  });

  it('analyses queued comments into sentiment and theme rollups, and deleting a response takes its themes away', async () => {
    await drainPendingComments(km.database, () => new Date());
    const { rows: pending } = await km.database.query<{ n: number }>('select count(*)::int as n from insight_comment_analyses where org_id = $1 and analysed_at is null', [
      org.member.orgId,
    ]);
    expect(pending[0]!.n).toBe(0);
    const commented = (await rawRows()).filter((row) => row.comment !== null && row.comment.trim() !== '');
    const { rows: analysed } = await km.database.query<{ n: number }>('select count(*)::int as n from insight_comment_analyses where org_id = $1', [org.member.orgId]);
    expect(analysed[0]!.n).toBe(commented.length);
    const themes = async () => (await org.call('GET', '/api/v1/insights/themes?from=2026-11-01&to=2026-11-30')).json();
    const before = await themes();
    expect(before.comments.reduce((sum: number, row: { mentions: number }) => sum + row.mentions, 0)).toBe(commented.length);

    const victim = commented[0]!;
    const analysis = (await org.call('GET', `/api/v1/insights/comments?responseIds=${victim.response_id}`)).json().items[0];
    expect(analysis).toMatchObject({ responseId: victim.response_id, status: 'analysed' });
    expect(['positive', 'neutral', 'negative']).toContain(analysis.sentiment.label);
    expect((await org.call('DELETE', `/api/v1/responses/${victim.response_id}`)).statusCode).toBe(204);
    expect((await org.call('DELETE', `/api/v1/responses/${victim.response_id}`)).statusCode).toBe(404);
    const after = await themes();
    expect(after.comments.reduce((sum: number, row: { mentions: number }) => sum + row.mentions, 0)).toBe(commented.length - 1);
    const { rows: totals } = await km.database.query<{ mentions: number; analysed: number }>(
      `select (select coalesce(sum(mentions), 0)::int from insight_theme_rollups where org_id = $1 and theme <> '') as mentions,
              (select coalesce(sum(jsonb_array_length(themes)), 0)::int from insight_comment_analyses where org_id = $1) as analysed`,
      [org.member.orgId],
    );
    expect(totals[0]!.mentions).toBe(totals[0]!.analysed);
    await expectRollupsEqualRaw();
    await expectThemesEqualRaw();

    // The only comment of its month: deleting it must empty its day, week and month cells of every
    // theme table (not leave rows of zero mentions behind).
    const lone = { ...toInput({ nps: 9, csat: 5, ces: undefined, comment: 'The staff were very friendly', location: '002', staff: undefined, channel: 'qr', moment: 'counter', minute: 0 }), submittedAt: '2026-05-13T10:00:00Z' };
    const created = await org.ingest('POST', '/api/v1/responses', [lone]);
    expect(created.statusCode, created.body).toBe(201);
    await drainPendingComments(km.database, () => new Date());
    const may = async () => (await org.call('GET', '/api/v1/insights/themes?from=2026-05-01&to=2026-05-31')).json();
    expect((await may()).comments).toEqual([expect.objectContaining({ mentions: 1 })]);
    const { rows: loneRow } = await km.database.query<{ response_id: string }>(`select response_id from responses where org_id = $1 and external_id = $2`, [org.member.orgId, lone.externalId]);
    expect((await org.call('DELETE', `/api/v1/responses/${loneRow[0]!.response_id}`)).statusCode).toBe(204);
    expect(await may()).toMatchObject({ comments: [], themes: [] });
    await expectThemesEqualRaw();
  });

  it('can be rebuilt from the raw responses with the same result', async () => {
    await km.database.query('update insight_rollups_moment set responses = responses + 5 where org_id = $1', [org.member.orgId]);
    await km.database.query('update insight_theme_rollups_outlet_week set mentions = mentions + 5 where org_id = $1', [org.member.orgId]);
    await km.database.query(`delete from insight_theme_rollups_outlet_month where org_id = $1 and theme = ''`, [org.member.orgId]);
    await km.database.query('update insight_theme_rollups_network_day set negative = negative + 1 where org_id = $1', [org.member.orgId]);
    await km.database.query('update insight_theme_rollups_area_month set mentions = mentions + 2 where org_id = $1', [org.member.orgId]);
    // A comment analysed on a day its response no longer falls on (a location's time zone changed).
    await km.database.query(`update insight_comment_analyses set day = day + 3 where org_id = $1 and analysed_at is not null`, [org.member.orgId]);
    await km.database.db.transaction((tx) => rebuildRollups(tx, org.member.orgId, new Date()));
    await expectRollupsEqualRaw();
    await expectThemesEqualRaw();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithMember } from '../../test/support/actors.ts';
import { publishSurvey, setUpFeedbackOrg, type FeedbackOrg } from '../../test/support/feedback-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';

/*
 * League tables sorted and paged by the server (`/api/v1/scores?groupBy=staff&sort&order&limit&offset`):
 * pages put together are the whole sorted table, withheld rows come last, ranks stay global, and the
 * answer without paging parameters is what it always was.
 */

let km: TestKeymoment;
let org: FeedbackOrg;
const SURVEY = 'league-pages';
const JOURNEY = 'league-visit';
const RANGE = 'from=2026-11-16&to=2026-11-22';
let sequence = 0;

interface Row {
  staffId?: string | null;
  locationId?: string | null;
  responses: number;
  rank?: number | null;
  nps: { score: number | null; n: number };
  csat: { score: number | null; n: number };
  previous: { nps: { significant: boolean; difference: number | null } };
}
interface Report {
  rows: Row[];
  total: Row;
  totalRows?: number;
}

function answer(staffId: string, day: string, answers: Record<string, number>) {
  return {
    externalId: `lp-${++sequence}`,
    surveyKey: SURVEY,
    channel: 'kiosk',
    journeyKey: JOURNEY,
    momentKey: 'counter',
    locationCode: 'L-001',
    submittedAt: `${day}T10:00:00Z`,
    staffId,
    answers,
  };
}

async function scores(query: string): Promise<Report> {
  const response = await org.call('GET', `/api/v1/scores?groupBy=staff&${RANGE}&${query}`);
  expect(response.statusCode, `${query}: ${response.body}`).toBe(200);
  return response.json() as Report;
}

const repeat = <T>(n: number, make: (i: number) => T) => Array.from({ length: n }, (_, i) => make(i));

beforeAll(async () => {
  km = await startTestKeymoment();
  org = await setUpFeedbackOrg(km, await createOrgWithMember(km, 'admin', 'League Pages'), 'L');
  const blueprint = { stages: [{ key: 'visit', kind: 'first' }], moments: [{ key: 'counter', name: { en: 'Counter' }, stageKey: 'visit' }] };
  expect((await org.call('POST', '/api/v1/journeys', { key: JOURNEY, name: { en: 'League visit' }, blueprint })).statusCode).toBe(201);
  expect((await org.call('POST', `/api/v1/journeys/${JOURNEY}/publish`, {})).statusCode).toBe(201);
  await publishSurvey(org, SURVEY, {
    kind: 'transactional',
    about: { journeyKey: JOURNEY, momentKey: 'counter' },
    title: { en: 'Your visit' },
    questions: [
      { id: 'recommend', type: 'nps', title: { en: 'Recommend?' } },
      { id: 'satisfied', type: 'csat', title: { en: 'Satisfied?' } },
    ],
  });
  // 23 staff with NPS: s-00 … s-19 with 6 answers each (some with equal scores, so ties need the id),
  // s-20 … s-22 with 2 answers (withheld under minN 5), and c-0, c-1 with CSAT only (no NPS answer).
  const items = [
    ...repeat(20, (s) => repeat(6, (i) => answer(`s-${String(s).padStart(2, '0')}`, `2026-11-${16 + (i % 7)}`, { recommend: i < s % 7 ? 3 : 10 }))).flat(),
    ...repeat(3, (s) => repeat(2, () => answer(`s-${20 + s}`, '2026-11-18', { recommend: 10 }))).flat(),
    ...repeat(2, (s) => repeat(6, () => answer(`c-${s}`, '2026-11-19', { satisfied: 4 }))).flat(),
    // The week before: s-01 was all detractors, so its NPS rose significantly.
    ...repeat(12, (i) => answer('s-01', `2026-11-${String(9 + (i % 7)).padStart(2, '0')}`, { recommend: 0 })),
  ];
  const response = await org.ingest('POST', '/api/v1/responses', items);
  expect(response.statusCode, response.body).toBe(201);
}, 180_000);
afterAll(async () => km?.dispose());

const ids = (rows: Row[]) => rows.map((row) => row.staffId);

describe('GET /api/v1/scores league pages', () => {
  it('answers without paging parameters exactly as before: every group, no totalRows, no rank', async () => {
    const all = await scores('');
    expect(all.rows).toHaveLength(25);
    expect(all.totalRows).toBeUndefined();
    expect(all.rows.every((row) => !('rank' in row))).toBe(true);
  });

  it('pages put together are the whole table sorted the same way, withheld rows last in both orders', async () => {
    const all = await scores('');
    for (const order of ['desc', 'asc'] as const) {
      const whole = await scores(`sort=nps&order=${order}&answered=nps`);
      expect(whole.totalRows).toBe(23);
      expect(whole.rows).toHaveLength(23);
      // The same rows as the unpaged answer (the CSAT-only staff left out by `answered`), sorted by the rule.
      const scored = all.rows.filter((row) => row.nps.n > 0 && row.nps.score !== null);
      const expected = [...scored]
        .sort((a, b) => (order === 'desc' ? b.nps.score! - a.nps.score! : a.nps.score! - b.nps.score!) || (a.staffId! < b.staffId! ? -1 : 1))
        .map((row) => row.staffId);
      expect(ids(whole.rows).slice(0, 20)).toEqual(expected);
      expect(ids(whole.rows).slice(20)).toEqual(['s-20', 's-21', 's-22']);
      expect(whole.rows.slice(20).every((row) => row.nps.score === null && row.rank === null)).toBe(true);
      const pages: Row[] = [];
      for (let offset = 0; offset < 23; offset += 7) {
        const page = await scores(`sort=nps&order=${order}&answered=nps&limit=7&offset=${offset}`);
        expect(page.totalRows).toBe(23);
        expect(page.rows.length).toBe(Math.min(7, 23 - offset));
        // The total is over every group, whatever the page.
        expect(page.total).toEqual(all.total);
        pages.push(...page.rows);
      }
      expect(pages).toEqual(whole.rows);
    }
  });

  it('ranks globally by the metric’s score whatever the sort, so page 2 goes on where page 1 ended', async () => {
    const second = await scores('sort=nps&limit=5&offset=5&answered=nps');
    expect(second.rows.map((row) => row.rank)).toEqual([6, 7, 8, 9, 10]);
    const byScore = await scores('sort=nps&answered=nps');
    const rankOf = new Map(byScore.rows.map((row) => [row.staffId, row.rank]));
    const byAnswers = await scores('sort=nps.n&order=asc&answered=nps');
    // Two answers first (ascending n), each still unranked; every row keeps its rank by score.
    expect(ids(byAnswers.rows).slice(0, 3)).toEqual(['s-20', 's-21', 's-22']);
    expect(byAnswers.rows.every((row) => row.rank === rankOf.get(row.staffId))).toBe(true);
  });

  it('sorts by significant change with the others last, by responses and by id', async () => {
    const change = await scores('sort=nps.change&limit=2');
    expect(change.rows[0]!.staffId).toBe('s-01');
    expect(change.rows[0]!.previous.nps.significant).toBe(true);
    expect(change.totalRows).toBe(25);
    const responses = await scores('sort=responses&order=asc&limit=3');
    expect(ids(responses.rows)).toEqual(['s-20', 's-21', 's-22']);
    const byId = await scores('sort=id&limit=3');
    expect(ids(byId.rows)).toEqual(['c-0', 'c-1', 's-00']);
    expect(byId.rows.every((row) => !('rank' in row))).toBe(true);
    const last = await scores('sort=id&order=desc&offset=24');
    expect(ids(last.rows)).toEqual(['c-0']);
    const beyond = await scores('sort=id&offset=100&limit=10');
    expect(beyond.rows).toEqual([]);
    expect(beyond.totalRows).toBe(25);
  });

  it('pages the outlet league too', async () => {
    const response = await org.call('GET', `/api/v1/scores?groupBy=location&${RANGE}&sort=csat&limit=1`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().totalRows).toBe(1);
    expect(response.json().rows).toHaveLength(1);
  });

  it('answers 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['groupBy=staff&limit=0', 'limit'],
      ['groupBy=staff&limit=501', 'limit'],
      ['groupBy=staff&limit=ten', 'limit'],
      ['groupBy=staff&offset=-1', 'offset'],
      ['groupBy=staff&sort=name', 'sort'],
      ['groupBy=staff&order=up', 'order'],
      ['groupBy=staff&answered=stars', 'answered'],
      ['groupBy=moment&limit=10', 'limit'],
      ['groupBy=period&sort=nps', 'sort'],
      ['limit=10', 'limit'],
    ];
    for (const [queryString, field] of cases) {
      const response = await org.call('GET', `/api/v1/scores?${RANGE}&${queryString}`);
      expect(response.statusCode, queryString).toBe(400);
      expect(response.json().error.field ?? response.json().error.message, queryString).toContain(field);
    }
  });
});

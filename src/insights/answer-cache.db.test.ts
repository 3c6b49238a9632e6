import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSignedInMember, createOrgWithMember, type TestMember } from '../../test/support/actors.ts';
import { counterSurvey, HALL_JOURNEY, publishSurvey, setUpFeedbackOrg, type FeedbackOrg } from '../../test/support/feedback-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import { ANSWER_CACHE_HEADER } from '../platform/answer-cache.ts';
import { drainPendingComments } from './comments.ts';

/*
 * Dashboard answers remembered until the next write (src/platform/answer-cache.ts), seen from the API:
 * a repeated question is answered from the cache on PGlite, every kind of write — an ingested response,
 * a deletion, a job's comment analysis, a journey change — makes the next answer new, and one reader's
 * answer never reaches a reader who may see less. On PostgreSQL there is no cache: every answer is
 * computed (and must still be right).
 */

let km: TestKeymoment;
let org: FeedbackOrg;
let manager: TestMember;
const SURVEY = 'counter';
let sequence = 0;
const range = 'from=2026-11-01&to=2026-11-30';

function response(answers: Record<string, unknown>, outlet: '001' | '002' = '001') {
  return {
    externalId: `c-${++sequence}`,
    surveyKey: SURVEY,
    submittedAt: '2026-11-17T10:00:00Z',
    channel: 'kiosk',
    locationCode: `C-${outlet}`,
    answers: { recommend: 10, 'counter-rating': 5, ...answers },
  };
}

async function post(items: object[]) {
  const stored = await org.ingest('POST', '/api/v1/responses', items);
  expect(stored.statusCode, stored.body).toBe(201);
  return stored.json().items as { id: string }[];
}

async function get(url: string, member: TestMember = org.member) {
  const answer = await km.app.inject({ method: 'GET', url, headers: member.headers });
  expect(answer.statusCode, answer.body).toBe(200);
  return { from: answer.headers[ANSWER_CACHE_HEADER], body: answer.json(), text: answer.body };
}

/** What the engine answers from: 'cached' where there is a cache (PGlite), else nothing is said. */
const cachedOn = () => (km.database.engine === 'pglite' ? 'cached' : undefined);
const computedOn = () => (km.database.engine === 'pglite' ? 'computed' : undefined);

beforeAll(async () => {
  km = await startTestKeymoment();
  org = await setUpFeedbackOrg(km, await createOrgWithMember(km, 'admin', 'Cache Telecom'), 'C');
  await publishSurvey(org, SURVEY, counterSurvey());
  manager = await addSignedInMember(km, org.member.orgId, 'outlet_manager', org.locations.outletB);
  await post([response({}), response({}), response({ recommend: 3, 'what-went-wrong': ['waiting'] }, '002')]);
}, 180_000);
afterAll(async () => km?.dispose());

describe('the answer cache of the dashboards', () => {
  it('answers a repeated question from the cache, the same bytes', async () => {
    const url = `/api/v1/scores?groupBy=location&${range}`;
    const first = await get(url);
    expect(first.from).toBe(computedOn());
    const second = await get(url);
    expect(second.from).toBe(cachedOn());
    expect(second.text).toBe(first.text);
    expect(second.body.total.responses).toBe(3);
    // A public request counts against the rate limit (a write of its counter): no data changed.
    expect((await km.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await get(url)).from).toBe(cachedOn());
    // Neither does the planner-statistics upkeep's ANALYZE, which runs in the background any time.
    await km.database.exec('analyze');
    expect((await get(url)).from).toBe(cachedOn());
  });

  it('computes anew after a response is ingested and after one is deleted', async () => {
    const url = `/api/v1/scores?${range}`;
    await get(url);
    expect((await get(url)).from).toBe(cachedOn());
    // A promoter without a customer: stored by one statement outside any transaction (the fast path).
    const [added] = await post([response({ recommend: 10 })]);
    const after = await get(url);
    expect(after.from).toBe(computedOn());
    expect(after.body.total.responses).toBe(4);
    expect(after.body.total.nps.promoters).toBe(3);
    expect((await get(url)).from).toBe(cachedOn());
    const deleted = await org.call('DELETE', `/api/v1/responses/${added!.id}`);
    expect(deleted.statusCode, deleted.body).toBeLessThan(300);
    const afterDelete = await get(url);
    expect(afterDelete.from).toBe(computedOn());
    expect(afterDelete.body.total.responses).toBe(3);
  });

  it('gives a reader limited to one outlet only that outlet, though an admin asked the same URL a moment before', async () => {
    const url = `/api/v1/scores?groupBy=location&${range}&minN=1`;
    expect((await get(url)).body.total.responses).toBe(3);
    expect((await get(url)).from).toBe(cachedOn());
    const scoped = await get(url, manager);
    expect(scoped.from).toBe(computedOn());
    expect(scoped.body.rows.map((row: { locationId: string }) => row.locationId)).toEqual([org.locations.outletB]);
    expect(scoped.body.total.responses).toBe(1);
    // And the other way round: the admin's answer is still the admin's.
    expect((await get(url)).body.total.responses).toBe(3);
  });

  it('shows a job’s work (comment analysis) in the next themes answer', async () => {
    await post([response({ comment: 'The queue was far too long and nobody helped.' })]);
    const url = `/api/v1/insights/themes?${range}`;
    const before = await get(url);
    expect((await get(url)).from).toBe(cachedOn());
    const analysedBefore = before.body.comments.reduce((sum: number, row: { mentions: number }) => sum + row.mentions, 0);
    await drainPendingComments(km.database, () => new Date());
    const after = await get(url);
    expect(after.from).toBe(computedOn());
    expect(after.body.comments.reduce((sum: number, row: { mentions: number }) => sum + row.mentions, 0)).toBe(analysedBefore + 1);
  });

  it('shows a newly published journey version in the next heatmap', async () => {
    const url = `/api/v1/insights/heatmap?${range}&journey=${HALL_JOURNEY}`;
    const before = await get(url);
    expect((await get(url)).from).toBe(cachedOn());
    const draft = (await org.call('GET', `/api/v1/journeys/${HALL_JOURNEY}/draft`)).json();
    const blueprint = { ...draft.blueprint, moments: [...draft.blueprint.moments, { key: 'parking', name: { en: 'Parking' }, stageKey: 'visit' }] };
    const saved = await org.call('PUT', `/api/v1/journeys/${HALL_JOURNEY}/draft`, blueprint, { 'if-match': `"${draft.revision}"` });
    expect(saved.statusCode, saved.body).toBeLessThan(300);
    expect((await org.call('POST', `/api/v1/journeys/${HALL_JOURNEY}/publish`, {})).statusCode).toBe(201);
    const after = await get(url);
    expect(after.from).toBe(computedOn());
    expect(after.body.version).toBe(before.body.version + 1);
    expect(after.body.moments.map((moment: { momentKey: string }) => moment.momentKey)).toContain('parking');
  });

  it('does not remember a refused request', async () => {
    const bad = await km.app.inject({ method: 'GET', url: `/api/v1/scores?${range}&groupBy=nonsense`, headers: org.member.headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers[ANSWER_CACHE_HEADER]).toBeUndefined();
    const outsider = await km.app.inject({ method: 'GET', url: `/api/v1/scores?${range}` });
    expect(outsider.statusCode).toBe(401);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSignedInMember, createOrgWithMember } from '../../test/support/actors.ts';
import { HALL_JOURNEY, publishSurvey, setUpFeedbackOrg, type FeedbackOrg } from '../../test/support/feedback-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';

/*
 * A location filter that names the root of the organisation's only tree covers every location: the
 * rollups are then read as "has a location" instead of matching the list of ids (store.ts,
 * RollupFilter.everyLocation). The answers must be those of the list: feedback without a location is
 * left out, and a location created or a second tree started turns the shortcut off at once.
 * Tree of the fixture: North (region) → Taipei (city) → outlet A; North → outlet B; and 30 more outlets
 * under North, as the check is only made for lists of 32 ids or more.
 */

let km: TestKeymoment;
let org: FeedbackOrg;
const SURVEY = 'counter-visit';
const range = 'from=2026-11-16&to=2026-11-22';
let sequence = 0;

function response(day: string, recommend: number, locationCode?: string) {
  return {
    externalId: `lf-${++sequence}`,
    surveyKey: SURVEY,
    channel: 'kiosk',
    journeyKey: HALL_JOURNEY,
    momentKey: 'counter',
    ...(locationCode ? { locationCode } : {}),
    submittedAt: `${day}T10:00:00Z`,
    answers: { recommend, 'counter-rating': 5 },
  };
}

async function post(items: object[]) {
  const posted = await org.ingest('POST', '/api/v1/responses', items);
  expect(posted.statusCode, posted.body).toBe(201);
}

async function json(url: string) {
  const answer = await org.call('GET', url);
  expect(answer.statusCode, answer.body).toBe(200);
  return answer.json();
}

beforeAll(async () => {
  km = await startTestKeymoment();
  org = await setUpFeedbackOrg(km, await createOrgWithMember(km, 'admin', 'Root Filter Telecom'), 'R');
  await publishSurvey(org, SURVEY);
  for (let i = 0; i < 30; i++) {
    const outlet = await org.call('POST', '/api/v1/locations', { name: `Hall ${i}`, level: 'outlet', parentId: org.locations.region, code: `R-H${i}` });
    expect(outlet.statusCode, outlet.body).toBe(201);
  }
  await post([
    response('2026-11-17', 10, 'R-001'),
    response('2026-11-18', 9, 'R-001'),
    response('2026-11-18', 3, 'R-002'),
    // Feedback from the web widget, not tied to any outlet: counted for the organisation, never for a location.
    response('2026-11-19', 0),
    response('2026-11-20', 1),
  ]);
}, 120_000);
afterAll(async () => km?.dispose());

describe('a location filter that covers the whole organisation', () => {
  it('leaves out feedback without a location, for scores, the league, the heatmap and a scoped reader', async () => {
    const everything = await json(`/api/v1/scores?groupBy=moment&${range}`);
    expect(everything.total.responses).toBe(5);
    const root = await json(`/api/v1/scores?groupBy=moment&${range}&location=${org.locations.region}`);
    expect(root.total.responses).toBe(3);
    expect(root.total.nps).toMatchObject({ n: 3, promoters: 2, detractors: 1 });
    const league = await json(`/api/v1/scores?groupBy=location&${range}&location=${org.locations.region}`);
    expect(league.rows.map((row: { locationId: string }) => row.locationId).sort()).toEqual([org.locations.outletA, org.locations.outletB].sort());
    expect(league.rows.some((row: { locationId: string | null }) => row.locationId === null)).toBe(false);
    const heatmap = await json(`/api/v1/insights/heatmap?journey=${HALL_JOURNEY}&${range}&location=${org.locations.region}&minN=1`);
    const counter = heatmap.moments.find((moment: { momentKey: string }) => moment.momentKey === 'counter');
    expect(counter.scores.responses).toBe(3);
    // A member limited to the root sees every location, but not the feedback that has none.
    const scopedToRoot = await addSignedInMember(km, org.member.orgId, 'cx_manager', org.locations.region);
    const scoped = await km.app.inject({ method: 'GET', url: `/api/v1/scores?groupBy=moment&${range}`, headers: scopedToRoot.headers });
    expect(scoped.statusCode, scoped.body).toBe(200);
    expect(scoped.json().total.responses).toBe(3);
  });

  it('gives the same answers once the root no longer covers everything, and sees an outlet created a moment ago', async () => {
    const covering = await json(`/api/v1/scores?groupBy=location&${range}&location=${org.locations.region}`);
    expect(covering.total.responses).toBe(3);
    // A second tree: North is no longer every location, so the list answers — with the same numbers.
    const south = await org.call('POST', '/api/v1/locations', { name: 'South', level: 'region', code: 'R-S' });
    expect(south.statusCode, south.body).toBe(201);
    const listed = await json(`/api/v1/scores?groupBy=location&${range}&location=${org.locations.region}`);
    expect(listed.total).toEqual(covering.total);
    expect(listed.rows).toEqual(covering.rows);

    const created = await org.call('POST', '/api/v1/locations', { name: 'New hall', level: 'outlet', parentId: org.locations.region, code: 'R-003' });
    expect(created.statusCode, created.body).toBe(201);
    await post([response('2026-11-21', 10, 'R-003')]);
    // Asked again within the reference cache's lifetime: the new outlet is in North's subtree all the same.
    const after = await json(`/api/v1/scores?groupBy=location&${range}&location=${org.locations.region}`);
    expect(after.total.responses).toBe(4);
    expect(after.rows.map((row: { locationId: string }) => row.locationId)).toContain(created.json().locationId);
    expect((await json(`/api/v1/scores?groupBy=moment&${range}`)).total.responses).toBe(6);
  });
});

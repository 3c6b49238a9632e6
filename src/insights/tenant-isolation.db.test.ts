import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithMember } from '../../test/support/actors.ts';
import { counterSurvey, HALL_JOURNEY, publishSurvey, setUpFeedbackOrg, type FeedbackOrg } from '../../test/support/feedback-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import { runAlerts } from './alerts.ts';
import { drainPendingComments } from './comments.ts';

/*
 * The tenant guard's promise for the insights room: nothing of organisation B — scores, heatmap,
 * themes, comment analyses, alerts, responses to delete — can be read or changed by a person or an
 * API key of organisation A, even naming B's locations and response ids or sharing B's journey key;
 * B's insight rows are byte-for-byte the same afterwards.
 */

let km: TestKeymoment;
let a: FeedbackOrg;
let b: FeedbackOrg;
const SURVEY = 'counter';
const ids = { bResponse: '', bLocation: '' };
const aKeys: Record<string, string> = {};

// Every table of the room: the ladders too (what organisation A does must change none of B's rows).
const INSIGHT_TABLES = [
  'insight_rollups_fine', 'insight_rollups_staff_week', 'insight_rollups_location', 'insight_rollups_location_week', 'insight_rollups_moment',
  'insight_rollups_outlet_day', 'insight_rollups_outlet_week', 'insight_rollups_outlet_month',
  'insight_rollups_people_day', 'insight_rollups_people_week', 'insight_rollups_people_month',
  'insight_comment_analyses', 'insight_theme_rollups',
  'insight_theme_rollups_outlet_day', 'insight_theme_rollups_outlet_week', 'insight_theme_rollups_outlet_month',
  'insight_theme_rollups_network_day', 'insight_theme_rollups_network_week', 'insight_theme_rollups_network_month',
  'insight_theme_rollups_area_day', 'insight_theme_rollups_area_week', 'insight_theme_rollups_area_month', 'insight_area_ladder_state',
  'insight_alerts', 'insight_analyses',
];

async function snapshotOf(orgId: string): Promise<string> {
  const parts: unknown[] = [];
  for (const table of INSIGHT_TABLES) {
    // The ladder state has one row an organisation (and three columns).
    const { rows } = await km.database.query(`select * from ${table} where org_id = $1 order by ${table === 'insight_area_ladder_state' ? '1' : '1, 2, 3, 4, 5'}`, [orgId]);
    parts.push(rows);
  }
  const { rows } = await km.database.query('select response_id from responses where org_id = $1 order by 1', [orgId]);
  parts.push(rows);
  return JSON.stringify(parts);
}

beforeAll(async () => {
  km = await startTestKeymoment();
  a = await setUpFeedbackOrg(km, await createOrgWithMember(km, 'admin', 'Shenzhen Shop'), 'A');
  b = await setUpFeedbackOrg(km, await createOrgWithMember(km, 'admin', 'Kazan Telecom'), 'K');
  await publishSurvey(a, SURVEY);
  await publishSurvey(b, SURVEY, { ...counterSurvey(), title: { en: 'Kazan survey' } });
  ids.bLocation = b.locations.outletA;
  const items = Array.from({ length: 12 }, (_, i) => ({
    externalId: `shared-${i}`,
    visitId: `shared-visit-${i}`,
    surveyKey: SURVEY,
    submittedAt: `2026-11-${i < 6 ? '10' : '17'}T10:00:00Z`,
    channel: 'kiosk',
    locationCode: 'K-001',
    answers: { recommend: i < 6 ? 10 : 0, ...(i >= 6 ? { 'what-went-wrong': ['waiting'] } : {}), comment: 'Очень долго ждал в очереди', 'counter-rating': i < 6 ? 5 : 2 },
  }));
  const stored = await b.ingest('POST', '/api/v1/responses', items);
  expect(stored.statusCode, stored.body).toBe(201);
  ids.bResponse = stored.json().items[0].id;
  await drainPendingComments(km.database, () => new Date());
  await runAlerts({ database: km.database, mailer: km.mail, publicUrl: 'http://keymoment.test', now: () => new Date('2026-11-25T08:00:00Z'), minN: 5 });
  for (const scope of ['read', 'admin']) {
    aKeys[scope] = (await a.call('POST', '/api/v1/api-keys', { name: `A ${scope}`, scopes: [scope] })).json().key;
  }
  // The machine is shared; setting up two organisations can take a while under load.
}, 180_000);
afterAll(async () => km?.dispose());

const range = 'from=2026-11-01&to=2026-11-30';
const reads = () => [
  `/api/v1/scores?${range}`,
  `/api/v1/scores?${range}&groupBy=location&location=${ids.bLocation}`,
  `/api/v1/scores?${range}&groupBy=staff`,
  `/api/v1/scores?${range}&groupBy=period&period=week&journey=${HALL_JOURNEY}`,
  `/api/v1/insights/heatmap?${range}&journey=${HALL_JOURNEY}&location=${ids.bLocation}`,
  `/api/v1/insights/themes?${range}&location=${ids.bLocation}`,
  `/api/v1/insights/themes?${range}&period=week`,
  `/api/v1/insights/comments?responseIds=${ids.bResponse}`,
  '/api/v1/insights/alerts',
  `/api/v1/insights/drivers?${range}&journey=${HALL_JOURNEY}`,
  `/api/v1/insights/drivers?${range}&journey=${HALL_JOURNEY}&location=${ids.bLocation}`,
  `/api/v1/insights/peak-end?${range}&journey=${HALL_JOURNEY}&location=${ids.bLocation}`,
];

describe('insights tenant isolation', () => {
  it('watches every table of the room (a new table must be added to the list above)', async () => {
    const { rows } = await km.database.query<{ name: string }>(`select table_name as name from information_schema.tables where table_schema = 'public' and table_name like 'insight\\_%' order by 1`);
    expect(rows.map((row) => row.name)).toEqual([...INSIGHT_TABLES].sort());
  });

  it('B has data to protect', async () => {
    const scores = (await b.call('GET', `/api/v1/scores?${range}`)).json();
    expect(scores.total.responses).toBe(12);
    expect((await b.call('GET', '/api/v1/insights/alerts')).json().items.length).toBeGreaterThan(0);
    expect((await b.call('GET', `/api/v1/insights/comments?responseIds=${ids.bResponse}`)).json().items).toHaveLength(1);
    const drivers = (await b.call('GET', `/api/v1/insights/drivers?${range}&journey=${HALL_JOURNEY}`)).json();
    expect(drivers.candidates, JSON.stringify(drivers)).toBe(12);
    expect((await b.call('GET', `/api/v1/insights/peak-end?${range}&journey=${HALL_JOURNEY}`)).json().respondents).toBe(12);
  });

  for (const who of ['session', 'read key', 'admin key'] as const) {
    it(`A's ${who} reads nothing of B and deletes nothing of B`, async () => {
      const before = await snapshotOf(b.member.orgId);
      const headers = who === 'session' ? a.member.headers : { authorization: `Bearer ${aKeys[who === 'read key' ? 'read' : 'admin']}` };
      for (const url of reads()) {
        const response = await km.app.inject({ method: 'GET', url, headers });
        if (response.statusCode === 404) continue; // A's own journey of the same key may simply not match B's location
        // B's location is not one of A's: the same 400 as an id that does not exist (nothing of B told).
        if (url.includes(`location=${ids.bLocation}`)) {
          expect(response.statusCode, `${url}: ${response.body}`).toBe(400);
          expect(response.json().error, url).toMatchObject({ field: 'location', message: `no location with id ${ids.bLocation} in this organisation` });
          continue;
        }
        expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
        const body = response.json();
        if ('total' in body) expect(body.total.responses, url).toBe(0);
        // Period rows list every bucket of the range, empty ones included.
        if ('rows' in body) for (const row of body.rows) expect(row.responses, url).toBe(0);
        if ('items' in body) expect(body.items, url).toEqual([]);
        if ('comments' in body) expect([...body.comments, ...body.themes], url).toEqual([]);
        if ('moments' in body && 'rSquared' in body) expect(body.moments, url).toEqual([]);
        else if ('moments' in body) for (const moment of body.moments) expect(moment.scores.responses, url).toBe(0);
        // Drivers and peak–end count B's visits (each of B's responses is its own visit) if they leak.
        if ('candidates' in body) expect(body.candidates, url).toBe(0);
        if ('peakRule' in body) expect([body.respondents, body.peakMoments.length], url).toEqual([0, 0]);
      }
      const remove = await km.app.inject({ method: 'DELETE', url: `/api/v1/responses/${ids.bResponse}`, headers });
      expect(remove.statusCode, remove.body).toBe(who === 'read key' ? 403 : 404);
      expect(await snapshotOf(b.member.orgId)).toBe(before);
    });
  }
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithMember } from '../../test/support/actors.ts';
import { publishSurvey, setUpFeedbackOrg, type FeedbackOrg } from '../../test/support/feedback-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import { ANALYSIS_QUEUE, ANALYSIS_REFRESH_QUEUE, analysisScopeKey } from './stored-analyses.ts';

/*
 * The stored analyses on the real pg-boss queue, as the server runs with jobs on: a burst of requests
 * for one scope queues one computation, the worker stores it, and the endpoint then answers 200.
 */

let km: TestKeymoment;
let org: FeedbackOrg;
const JOURNEY = 'queued-visit';
const url = `/api/v1/insights/peak-end?journey=${JOURNEY}&from=2026-11-01&to=2026-11-30`;

beforeAll(async () => {
  km = await startTestKeymoment({ jobs: true });
  org = await setUpFeedbackOrg(km, await createOrgWithMember(km, 'admin', 'Queue Telecom'), 'Q');
  const blueprint = { stages: [{ key: 'visit', kind: 'first' }], moments: ['greeting', 'counter'].map((key) => ({ key, name: { en: key }, stageKey: 'visit' })) };
  expect((await org.call('POST', '/api/v1/journeys', { key: JOURNEY, name: { en: 'Queued visit' }, blueprint })).statusCode).toBe(201);
  expect((await org.call('POST', `/api/v1/journeys/${JOURNEY}/publish`, {})).statusCode).toBe(201);
  await publishSurvey(org, 'queued-survey', {
    kind: 'transactional',
    about: { journeyKey: JOURNEY, momentKey: 'counter' },
    title: { en: 'Your visit' },
    questions: [
      { id: 'satisfied', type: 'csat', title: { en: 'Satisfied?' } },
      { id: 'recommend', type: 'nps', title: { en: 'Recommend?' } },
    ],
  });
  const items = Array.from({ length: 35 }, (_, v) =>
    (['greeting', 'counter'] as const).map((moment, m) => ({
      externalId: `queued-${v}-${moment}`,
      surveyKey: 'queued-survey',
      channel: 'kiosk',
      journeyKey: JOURNEY,
      momentKey: moment,
      visitId: `queued-visit-${v}`,
      locationCode: 'Q-001',
      submittedAt: `2026-11-1${v % 5}T0${2 + m}:00:00Z`,
      answers: { satisfied: 1 + ((v + m) % 5), ...(moment === 'counter' ? { recommend: (v * 3) % 11 } : {}) },
    })),
  ).flat();
  expect((await org.ingest('POST', '/api/v1/responses', items)).statusCode).toBe(201);
}, 180_000);
afterAll(async () => km?.dispose());

describe('stored analyses on the job queue', () => {
  it('schedules the refresh at start-up', async () => {
    expect((await km.queue!.getSchedules()).map((schedule) => schedule.name)).toContain(ANALYSIS_REFRESH_QUEUE);
  });

  it('queues one computation for a burst of requests, then answers 200 from the stored result', async () => {
    const burst = await Promise.all(Array.from({ length: 5 }, () => org.call('GET', url)));
    expect(burst.map((response) => response.statusCode)).toEqual([202, 202, 202, 202, 202]);
    // `stately`: at most one queued job per scope (a second may exist only once the first is active).
    const key = analysisScopeKey({ kind: 'peak-end', scope: { journeyKey: JOURNEY, from: '2026-11-01', to: '2026-11-30' }, peakRule: 'extreme' });
    const { rows } = await km.database.query<{ n: number }>(`select count(*)::int as n from pgboss.job where name = $1 and singleton_key = $2`, [
      ANALYSIS_QUEUE,
      `${org.member.orgId}:peak-end:${key}`,
    ]);
    expect(rows[0]!.n).toBeGreaterThanOrEqual(1);
    expect(rows[0]!.n).toBeLessThanOrEqual(2);
    const deadline = Date.now() + 60_000;
    let response = await org.call('GET', url);
    while (response.statusCode === 202 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      response = await org.call('GET', url);
    }
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', respondents: 35, peakRule: 'extreme', computedAt: expect.any(String) });
    expect(response.json().stale).toBeUndefined();
  }, 90_000);
});

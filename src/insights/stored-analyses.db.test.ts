import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithMember } from '../../test/support/actors.ts';
import { publishSurvey, setUpFeedbackOrg, type FeedbackOrg } from '../../test/support/feedback-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import { computeDriversReport, computePeakEndReport, driversReport } from './drivers.ts';
import { ANALYSIS_QUEUE, bindAnalysisQueue, findStoredAnalysis, refreshAnalyses, runAnalysisJob, type AnalysisJob, type AnalysisSender } from './stored-analyses.ts';
import { seededRandom } from '../stats/seeded-random.ts';

/*
 * Drivers and peak–end answered from stored, job-computed analyses. The queue is replaced by a recorder
 * (bound as registerInsightJobs binds pg-boss) and the job handler is called directly, so each step —
 * 202, computed, answered from the table, stale, recomputed — is observed exactly.
 */

let km: TestKeymoment;
let a: FeedbackOrg;
let b: FeedbackOrg;
const SURVEY = 'stored-visit-survey';
const JOURNEY = 'stored-visit';
const MOMENTS = ['greeting', 'counter', 'leave'] as const;
const range = 'from=2026-11-01&to=2026-11-30';
const scope = { journeyKey: JOURNEY, from: '2026-11-01', to: '2026-11-30' };
const sent: { name: string; data: AnalysisJob; options: { singletonKey?: string } }[] = [];
const recorder = {
  async send(name: string, data: object, options: { singletonKey?: string }) {
    sent.push({ name, data: data as AnalysisJob, options });
    return `job-${sent.length}`;
  },
} as unknown as AnalysisSender;

async function setUpJourney(org: FeedbackOrg) {
  const blueprint = {
    stages: [{ key: 'visit', kind: 'first' }],
    moments: MOMENTS.map((key) => ({ key, name: { en: key }, stageKey: 'visit' })),
  };
  expect((await org.call('POST', '/api/v1/journeys', { key: JOURNEY, name: { en: 'Stored visit' }, blueprint })).statusCode).toBe(201);
  expect((await org.call('POST', `/api/v1/journeys/${JOURNEY}/publish`, {})).statusCode).toBe(201);
  await publishSurvey(org, SURVEY, {
    kind: 'transactional',
    about: { journeyKey: JOURNEY, momentKey: 'counter' },
    title: { en: 'Your visit' },
    questions: [
      { id: 'satisfied', type: 'csat', title: { en: 'Satisfied?' } },
      { id: 'recommend', type: 'nps', title: { en: 'Recommend?' } },
    ],
  });
}

async function postVisits(org: FeedbackOrg, first: number, count: number, seed: number) {
  const next = seededRandom(seed);
  const rating = () => 1 + Math.floor(next() * 5);
  const items = Array.from({ length: count }, (_, i) => first + i).flatMap((v) => {
    const counter = rating();
    const ratings = { greeting: rating(), counter, leave: rating() };
    return MOMENTS.map((moment, m) => ({
      externalId: `stored-${v}-${moment}`,
      surveyKey: SURVEY,
      channel: 'kiosk',
      journeyKey: JOURNEY,
      momentKey: moment,
      visitId: `stored-visit-${v}`,
      locationCode: 'S-001',
      submittedAt: `2026-11-${String(10 + (v % 5)).padStart(2, '0')}T0${2 + m}:00:00Z`,
      answers: { satisfied: ratings[moment], ...(moment === 'leave' ? { recommend: Math.min(10, 2 * counter - 1 + (next() < 0.3 ? 1 : 0)) } : {}) },
    }));
  });
  const response = await org.ingest('POST', '/api/v1/responses', items);
  expect(response.statusCode, response.body).toBe(201);
}

/** The stored answer without the fields the storing adds. */
function withoutStoredFields(body: Record<string, unknown>) {
  const { computedAt: _computedAt, stale: _stale, ...rest } = body;
  return rest;
}

async function runSent(name = ANALYSIS_QUEUE, now = new Date()) {
  const jobs = sent.splice(0).filter((job) => job.name === name);
  for (const job of jobs) await runAnalysisJob(km.database, job.data, now);
  return jobs;
}

beforeAll(async () => {
  km = await startTestKeymoment();
  a = await setUpFeedbackOrg(km, await createOrgWithMember(km, 'admin', 'Stored Telecom'), 'S');
  b = await setUpFeedbackOrg(km, await createOrgWithMember(km, 'admin', 'Other Telecom'), 'O');
  await setUpJourney(a);
  await setUpJourney(b);
  await postVisits(a, 0, 40, 11);
  bindAnalysisQueue(km.database, recorder);
}, 180_000);
afterAll(async () => km?.dispose());

describe('stored drivers and peak–end analyses', () => {
  it('answers 202 first, enqueues one job per scope, and after the job the stored result equals the computation', async () => {
    const first = await a.call('GET', `/api/v1/insights/drivers?journey=${JOURNEY}&${range}`);
    expect(first.statusCode, first.body).toBe(202);
    expect(first.json()).toEqual({ status: 'computing' });
    const again = await a.call('GET', `/api/v1/insights/drivers?journey=${JOURNEY}&${range}`);
    expect(again.statusCode).toBe(202);
    // Both requests name the same scope: pg-boss (stately) keeps one queued job per singletonKey.
    expect(sent).toHaveLength(2);
    expect(sent[0]!.name).toBe(ANALYSIS_QUEUE);
    expect(sent[0]!.options.singletonKey).toBe(sent[1]!.options.singletonKey);
    expect(sent[0]!.data).toMatchObject({ orgId: a.member.orgId, kind: 'drivers', scope: { ...scope, locationIds: null }, peakRule: null });
    const computedAt = new Date('2026-11-25T01:00:00Z');
    await runSent(ANALYSIS_QUEUE, computedAt);

    const stored = await a.call('GET', `/api/v1/insights/drivers?journey=${JOURNEY}&${range}`);
    expect(stored.statusCode, stored.body).toBe(200);
    const body = stored.json();
    expect(body.computedAt).toBe(computedAt.toISOString());
    expect(body.stale).toBeUndefined();
    expect(body).toMatchObject({ status: 'ok', respondents: 40 });
    expect(withoutStoredFields(body)).toEqual(JSON.parse(JSON.stringify(await computeDriversReport(km.database.db, a.member.orgId, scope))));
    expect(withoutStoredFields(body)).toEqual(JSON.parse(JSON.stringify(await driversReport(km.database.db, a.member.orgId, scope, new Date()))));
    expect(sent).toHaveLength(0);

    const peak = await a.call('GET', `/api/v1/insights/peak-end?journey=${JOURNEY}&${range}&peak=max`);
    expect(peak.statusCode).toBe(202);
    expect(sent[0]!.data).toMatchObject({ kind: 'peak-end', peakRule: 'max' });
    await runSent();
    const peakStored = await a.call('GET', `/api/v1/insights/peak-end?journey=${JOURNEY}&${range}&peak=max`);
    expect(peakStored.statusCode).toBe(200);
    expect(withoutStoredFields(peakStored.json())).toEqual(JSON.parse(JSON.stringify(await computePeakEndReport(km.database.db, a.member.orgId, scope, 'max'))));
    // Another peak rule is another scope.
    expect((await a.call('GET', `/api/v1/insights/peak-end?journey=${JOURNEY}&${range}`)).statusCode).toBe(202);
    sent.splice(0);
  });

  it('answers a stored scope from the table without reading responses', async () => {
    const before = (await a.call('GET', `/api/v1/insights/drivers?journey=${JOURNEY}&${range}`)).json();
    // With the responses table out of the way any read of it would fail the request.
    await km.database.query('alter table responses rename to responses_hidden');
    try {
      const response = await a.call('GET', `/api/v1/insights/drivers?journey=${JOURNEY}&${range}`);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual(before);
    } finally {
      await km.database.query('alter table responses_hidden rename to responses');
    }
    expect(sent).toHaveLength(0);
  });

  it('marks the stored result stale when responses arrive in the scope, and the job recomputes it', async () => {
    const before = (await a.call('GET', `/api/v1/insights/drivers?journey=${JOURNEY}&${range}`)).json();
    await postVisits(a, 40, 6, 12);
    const stale = await a.call('GET', `/api/v1/insights/drivers?journey=${JOURNEY}&${range}`);
    expect(stale.statusCode).toBe(200);
    expect(stale.json()).toEqual({ ...before, stale: true });
    expect(sent.map((job) => job.data.kind)).toEqual(['drivers']);
    await runSent();
    const fresh = (await a.call('GET', `/api/v1/insights/drivers?journey=${JOURNEY}&${range}`)).json();
    expect(fresh.stale).toBeUndefined();
    expect(fresh.respondents).toBe(46);
    expect(withoutStoredFields(fresh)).toEqual(JSON.parse(JSON.stringify(await computeDriversReport(km.database.db, a.member.orgId, scope))));
    // A scope without the new days is not touched by them.
    sent.splice(0);
  });

  it('keeps each organisation to its own stored analyses', async () => {
    const request = { kind: 'drivers' as const, scope };
    expect(await findStoredAnalysis(km.database.db, a.member.orgId, request)).toBeDefined();
    expect(await findStoredAnalysis(km.database.db, b.member.orgId, request)).toBeUndefined();
    // B asks for the very same scope (same journey key and range): it gets its own computation, never A's row.
    const response = await b.call('GET', `/api/v1/insights/drivers?journey=${JOURNEY}&${range}`);
    expect(response.statusCode).toBe(202);
    expect(sent.map((job) => job.data.orgId)).toEqual([b.member.orgId]);
    await runSent();
    const own = (await b.call('GET', `/api/v1/insights/drivers?journey=${JOURNEY}&${range}`)).json();
    expect(own).toMatchObject({ status: 'insufficient', candidates: 0 });
    expect((await a.call('GET', `/api/v1/insights/drivers?journey=${JOURNEY}&${range}`)).json()).toMatchObject({ status: 'ok', respondents: 46 });
  });

  it('refreshes the default dashboard scopes that are missing or stale, once', async () => {
    const now = new Date('2026-11-20T12:00:00Z');
    await refreshAnalyses(km.database, recorder, now);
    // (Also queued: recently read stored scopes that went stale, such as the peak-end one above.)
    const mine = sent.filter((job) => job.data.orgId === a.member.orgId && job.data.scope.journeyKey === JOURNEY && job.data.scope.from === '2026-10-22');
    expect(mine.map((job) => [job.data.kind, job.data.scope.from, job.data.scope.to, job.data.scope.locationIds, job.data.peakRule])).toEqual([
      ['drivers', '2026-10-22', '2026-11-20', null, null],
      ['peak-end', '2026-10-22', '2026-11-20', null, 'extreme'],
    ]);
    await runSent(ANALYSIS_QUEUE, now);
    await refreshAnalyses(km.database, recorder, now);
    expect(sent).toEqual([]);
    const stored = await findStoredAnalysis(km.database.db, a.member.orgId, { kind: 'drivers', scope: { journeyKey: JOURNEY, from: '2026-10-22', to: '2026-11-20' } });
    expect(stored?.result).toMatchObject({ status: 'ok', respondents: 46 });
  });

  it('documents the 202 and the stored fields in the OpenAPI description', async () => {
    const spec = (await km.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    for (const path of ['/api/v1/insights/drivers', '/api/v1/insights/peak-end']) {
      const responses = spec.paths[path].get.responses;
      expect(JSON.stringify(responses['202']), path).toContain('computing');
      expect(Object.keys(responses['200'].content['application/json'].schema.properties), path).toEqual(expect.arrayContaining(['computedAt', 'stale']));
    }
  });

  it('computes inline and stores when jobs are off', async () => {
    bindAnalysisQueue(km.database, undefined);
    try {
      const response = await a.call('GET', `/api/v1/insights/drivers?journey=${JOURNEY}&from=2026-11-10&to=2026-11-12&location=${a.locations.outletA}`);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().computedAt).toEqual(expect.any(String));
      const locationIds = [a.locations.outletA];
      const stored = await findStoredAnalysis(km.database.db, a.member.orgId, { kind: 'drivers', scope: { journeyKey: JOURNEY, from: '2026-11-10', to: '2026-11-12', locationIds } });
      expect(withoutStoredFields(response.json())).toEqual(stored?.result);
    } finally {
      bindAnalysisQueue(km.database, recorder);
    }
  });
});

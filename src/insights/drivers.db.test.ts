import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSignedInMember, createOrgWithMember, type TestMember } from '../../test/support/actors.ts';
import { publishSurvey, setUpFeedbackOrg, type FeedbackOrg } from '../../test/support/feedback-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import { bootstrapRelativeWeights, peakEnd, relativeWeights, weightDifference } from '../stats/index.ts';
import { BOOTSTRAP_LEVEL, BOOTSTRAP_MAX_ROWS, BOOTSTRAP_SEED, bootstrapResamples, MIN_DRIVER_VISITS } from './drivers.ts';

/*
 * Drivers and peak–end from visits posted through the public API. Journey "drive-visit": greeting,
 * counter, leave. The visit's likelihood to recommend (asked at leave) follows the counter's CSAT
 * almost exactly; greeting and leave CSAT are noise — so the counter must come out first, and the
 * numbers must equal keymoment/stats on the same visits computed here without SQL.
 */

let km: TestKeymoment;
let org: FeedbackOrg;
let managerB: TestMember;
const SURVEY = 'drive-visit-survey';
const JOURNEY = 'drive-visit';
const MOMENTS = ['greeting', 'counter', 'leave'] as const;

function blueprint() {
  return {
    stages: [{ key: 'visit', kind: 'first' }],
    moments: [
      { key: 'greeting', name: { en: 'Greeting', hu: 'Fogadás' }, stageKey: 'visit' },
      { key: 'counter', name: { en: 'Counter', 'zh-CN': '柜台' }, stageKey: 'visit', flags: ['peak'] },
      { key: 'leave', name: { en: 'Leave' }, stageKey: 'visit', flags: ['end'] },
    ],
  };
}

function survey() {
  return {
    kind: 'transactional',
    about: { journeyKey: JOURNEY, momentKey: 'counter' },
    title: { en: 'Your visit' },
    questions: [
      { id: 'satisfied', type: 'csat', title: { en: 'Satisfied?' } },
      { id: 'recommend', type: 'nps', title: { en: 'Recommend?' } },
    ],
  };
}

/** mulberry32: the same visits on every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface SyntheticVisit {
  id: string;
  outlet: '001' | '002';
  ratings: Record<(typeof MOMENTS)[number], number>;
  overall: number;
}

const visits: SyntheticVisit[] = [];

beforeAll(async () => {
  km = await startTestKeymoment();
  org = await setUpFeedbackOrg(km, await createOrgWithMember(km, 'admin', 'Driver Telecom'), 'D');
  expect((await org.call('POST', '/api/v1/journeys', { key: JOURNEY, name: { en: 'Drive visit' }, blueprint: blueprint() })).statusCode).toBe(201);
  expect((await org.call('POST', `/api/v1/journeys/${JOURNEY}/publish`, {})).statusCode).toBe(201);
  await publishSurvey(org, SURVEY, survey());
  managerB = await addSignedInMember(km, org.member.orgId, 'outlet_manager', org.locations.outletB);
  const next = random(7);
  const rating = () => 1 + Math.floor(next() * 5);
  for (let v = 0; v < 60; v++) {
    const counter = rating();
    const overall = Math.min(10, Math.max(0, 2 * counter - 1 + (next() < 0.3 ? (next() < 0.5 ? -1 : 1) : 0)));
    visits.push({ id: `visit-${v}`, outlet: v < 48 ? '001' : '002', ratings: { greeting: rating(), counter, leave: rating() }, overall });
  }
  const items = visits.flatMap((visit, v) =>
    MOMENTS.map((moment, m) => ({
      externalId: `${visit.id}-${moment}`,
      surveyKey: SURVEY,
      channel: 'kiosk',
      journeyKey: JOURNEY,
      momentKey: moment,
      visitId: visit.id,
      locationCode: `D-${visit.outlet}`,
      submittedAt: `2026-11-${String(10 + (v % 5)).padStart(2, '0')}T0${2 + m}:00:00Z`,
      answers: { satisfied: visit.ratings[moment], ...(moment === 'leave' ? { recommend: visit.overall } : {}) },
    })),
  );
  const response = await org.ingest('POST', '/api/v1/responses', items);
  expect(response.statusCode, response.body).toBe(201);
}, 180_000);
afterAll(async () => km?.dispose());

const range = 'from=2026-11-01&to=2026-11-30';

describe('GET /api/v1/insights/drivers', () => {
  it('ranks the moment that drives the overall rating first, with the weights of keymoment/stats', async () => {
    const response = await org.call('GET', `/api/v1/insights/drivers?journey=${JOURNEY}&${range}`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ status: 'ok', respondents: 60, candidates: 60, minRespondents: MIN_DRIVER_VISITS, truncated: false });
    expect(body.moments.map((m: { momentKey: string }) => m.momentKey)[0]).toBe('counter');
    expect(body.moments[0].share).toBeGreaterThan(80);
    expect(body.moments[0].name).toEqual({ en: 'Counter', 'zh-CN': '柜台' });
    expect(body.moments[0].quadrant).toMatch(/^(keep-up|fix-first)$/);
    // The same numbers from the synthetic visits directly (no SQL): order of the answer's moments.
    const keys = body.moments.map((m: { momentKey: string }) => m.momentKey) as (typeof MOMENTS)[number][];
    const expected = relativeWeights(visits.map((v) => keys.map((k) => v.ratings[k])), visits.map((v) => v.overall));
    expect(body.rSquared).toBeCloseTo(expected.rSquared, 9);
    keys.forEach((_, j) => {
      expect(body.moments[j].weight).toBeCloseTo(expected.weights[j]!, 9);
      expect(body.moments[j].performance).toBeCloseTo(visits.reduce((s, v) => s + v.ratings[keys[j]!], 0) / visits.length, 9);
    });
  });

  it('gives each weight the 95% bootstrap interval of keymoment/stats and says which neighbouring ranks differ', async () => {
    const body = (await org.call('GET', `/api/v1/insights/drivers?journey=${JOURNEY}&${range}`)).json();
    const keys = body.moments.map((m: { momentKey: string }) => m.momentKey) as (typeof MOMENTS)[number][];
    // The API bootstraps the visits ordered by id (code points) with a fixed seed; the column order does
    // not change which rows are drawn.
    const byId = [...visits].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const expected = bootstrapRelativeWeights(byId.map((v) => keys.map((k) => v.ratings[k])), byId.map((v) => v.overall), {
      resamples: bootstrapResamples(keys.length),
      level: BOOTSTRAP_LEVEL,
      seed: BOOTSTRAP_SEED,
      maxRows: BOOTSTRAP_MAX_ROWS,
    });
    expect(body.bootstrap).toEqual({ method: 'percentile', level: 0.95, seed: BOOTSTRAP_SEED, resamples: 1000, used: expected.used, rowsPerResample: 60 });
    body.rSquaredCi.forEach((x: number, i: number) => expect(x).toBeCloseTo(expected.rSquaredCi[i]!, 9));
    keys.forEach((_, j) => {
      const m = body.moments[j];
      m.weightCi.forEach((x: number, i: number) => expect(x).toBeCloseTo(expected.predictors[j]!.ci[i]!, 9));
      m.shareCi.forEach((x: number, i: number) => expect(x).toBeCloseTo(expected.predictors[j]!.rescaledCi[i]!, 7));
      expect(m.weightCi[0]).toBeLessThanOrEqual(m.weightCi[1]);
      if (j === keys.length - 1) {
        expect(m).toMatchObject({ differsFromNext: null, differenceFromNextCi: null });
      } else {
        const difference = weightDifference(expected, j, j + 1);
        expect(m.differsFromNext).toBe(difference.significant);
        m.differenceFromNextCi.forEach((x: number, i: number) => expect(x).toBeCloseTo(difference.ci[i]!, 9));
      }
    });
    // The counter drives the rating; greeting and leave are noise: counter clearly first, the other two tied.
    expect(body.moments[0].differsFromNext).toBe(true);
    expect(body.moments[0].weightCi[0]).toBeGreaterThan(body.moments[1].weightCi[1]);
    expect(body.moments[1].differsFromNext).toBe(false);
    expect(body.tiedRanks).toBe(true);
  });

  it('answers "insufficient" with the count below the minimum (one outlet, or a reader scoped to it)', async () => {
    const outlet = await org.call('GET', `/api/v1/insights/drivers?journey=${JOURNEY}&${range}&location=${org.locations.outletB}`);
    expect(outlet.statusCode, outlet.body).toBe(200);
    expect(outlet.json()).toMatchObject({ status: 'insufficient', respondents: 12, candidates: 12, moments: [], rSquared: null, rSquaredCi: null, bootstrap: null, tiedRanks: false });
    expect(outlet.json().reason).toContain(String(MIN_DRIVER_VISITS));
    const scoped = await km.app.inject({ method: 'GET', url: `/api/v1/insights/drivers?journey=${JOURNEY}&${range}`, headers: managerB.headers });
    expect(scoped.json()).toMatchObject({ status: 'insufficient', candidates: 12 });
    const empty = await org.call('GET', `/api/v1/insights/drivers?journey=${JOURNEY}&from=2026-10-01&to=2026-10-31`);
    expect(empty.json()).toMatchObject({ status: 'insufficient', respondents: 0, candidates: 0 });
  });

  it('answers 400 naming the field', async () => {
    const cases: [string, string][] = [
      [range, 'journey'],
      [`journey=${JOURNEY}&from=2026-13-40`, 'from'],
      [`journey=${JOURNEY}&from=2026-11-30&to=2026-11-01`, 'from'],
      [`journey=${JOURNEY}&bogus=1`, 'bogus'],
    ];
    for (const path of ['drivers', 'peak-end']) {
      for (const [queryString, field] of cases) {
        const response = await org.call('GET', `/api/v1/insights/${path}?${queryString}`);
        expect(response.statusCode, `${path}?${queryString}: ${response.body}`).toBe(400);
        expect(response.json().error.field ?? response.json().error.message, queryString).toContain(field);
      }
    }
    const peak = await org.call('GET', `/api/v1/insights/peak-end?journey=${JOURNEY}&peak=highest`);
    expect(peak.statusCode).toBe(400);
    expect(peak.json().error.field ?? peak.json().error.message).toContain('peak');
  });
});

describe('GET /api/v1/insights/peak-end', () => {
  it('gives the correlations and regression of keymoment/stats peakEnd on the visits in journey order', async () => {
    const response = await org.call('GET', `/api/v1/insights/peak-end?journey=${JOURNEY}&${range}`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    const expected = peakEnd(visits.map((v) => ({ scores: MOMENTS.map((m) => v.ratings[m]), overall: v.overall })), { scale: { min: 1, max: 5 } });
    expect(body).toMatchObject({ status: 'ok', respondents: 60, peakRule: 'extreme', scale: { min: 1, max: 5 } });
    expect(body.correlationPeakEnd).toBeCloseTo(expected.correlationPeakEnd!, 9);
    expect(body.correlationMean).toBeCloseTo(expected.correlationMean!, 9);
    expect(body.regression.coefficients).toHaveLength(4);
    body.regression.coefficients.forEach((c: number, i: number) => expect(c).toBeCloseTo(expected.regression!.coefficients[i]!, 9));
    expect(body.endMoments).toEqual([{ momentKey: 'leave', name: { en: 'Leave' }, visits: 60 }]);
    expect(body.peakMoments.reduce((s: number, m: { visits: number }) => s + m.visits, 0)).toBe(60);
  });

  it('answers "insufficient" below the minimum', async () => {
    const response = await org.call('GET', `/api/v1/insights/peak-end?journey=${JOURNEY}&${range}&location=${org.locations.outletB}`);
    expect(response.json()).toMatchObject({ status: 'insufficient', respondents: 12, correlationMean: null, regression: null });
  });
});

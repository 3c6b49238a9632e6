import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithMember } from '../../test/support/actors.ts';
import { publishSurvey, setUpFeedbackOrg, type FeedbackOrg } from '../../test/support/feedback-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import { clearInsightAnalysisCache, driversReport } from '../insights/index.ts';
import { relativeWeights } from '../stats/index.ts';
import { refreshOpenImprovementImpacts } from './improvement-impact-store.ts';
import { IMPACT_WINDOW_DAYS, METRIC_RANGE } from './improvement-impact.ts';

/*
 * Impact = driver importance × gap to benchmark, end to end: visits posted through the public API, the
 * daily job's function run, the stored numbers compared with keymoment/stats on the same synthetic
 * visits computed here without SQL, and the list ranked by impact.
 * Journey "impact-visit": the visit's likelihood to recommend follows the counter's CSAT; greeting and
 * leave are noise. Counter and greeting both have a CSAT ≥ 90 benchmark that they miss by a similar
 * amount, so the counter (high importance) must rank above the greeting (low importance). Journey
 * "impact-sparse" has only 10 visits: its action gets no impact and ranks last.
 */

let km: TestKeymoment;
let org: FeedbackOrg;
const now = new Date('2026-11-20T04:00:00Z');
const SURVEY = 'impact-visit-survey';
const JOURNEY = 'impact-visit';
const SPARSE = 'impact-sparse';
const MOMENTS = ['greeting', 'counter', 'leave'] as const;
type MomentKey = (typeof MOMENTS)[number];

function blueprint() {
  const target = [{ metric: 'csat', comparator: 'gte', value: 90 }];
  return {
    stages: [{ key: 'visit', kind: 'first' }],
    moments: [
      { key: 'greeting', name: { en: 'Greeting' }, stageKey: 'visit', benchmarks: target },
      { key: 'counter', name: { en: 'Counter' }, stageKey: 'visit', benchmarks: target },
      { key: 'leave', name: { en: 'Leave' }, stageKey: 'visit' },
    ],
  };
}

function survey(journeyKey: string) {
  return {
    kind: 'transactional',
    about: { journeyKey, momentKey: 'counter' },
    title: { en: 'Your visit' },
    questions: [
      { id: 'satisfied', type: 'csat', title: { en: 'Satisfied?' } },
      { id: 'recommend', type: 'nps', title: { en: 'Recommend?' } },
    ],
  };
}

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
  ratings: Record<MomentKey, number>;
  overall: number;
}
const visits: SyntheticVisit[] = [];
const ids: Record<'counter' | 'greeting' | 'sparse', string> = { counter: '', greeting: '', sparse: '' };

function responses(journeyKey: string, surveyKey: string, list: SyntheticVisit[]) {
  return list.flatMap((visit, v) =>
    MOMENTS.map((moment, m) => ({
      externalId: `${journeyKey}-${visit.id}-${moment}`,
      surveyKey,
      channel: 'kiosk',
      journeyKey,
      momentKey: moment,
      visitId: visit.id,
      locationCode: 'I-001',
      submittedAt: `2026-11-${String(10 + (v % 5)).padStart(2, '0')}T0${2 + m}:00:00Z`,
      answers: { satisfied: visit.ratings[moment], ...(moment === 'leave' ? { recommend: visit.overall } : {}) },
    })),
  );
}

async function improvement(journeyKey: string, momentKey: string, title: string): Promise<string> {
  const response = await org.call('POST', '/api/v1/improvement-actions', {
    title,
    journeyKey,
    momentKey,
    source: { kind: 'moment' },
    hypothesis: 'Acting on this moment lifts loyalty',
    startDate: '2026-11-20',
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().improvementId as string;
}

beforeAll(async () => {
  km = await startTestKeymoment({}, { now: () => now });
  org = await setUpFeedbackOrg(km, await createOrgWithMember(km, 'admin', 'Impact Telecom'), 'I');
  for (const key of [JOURNEY, SPARSE]) {
    expect((await org.call('POST', '/api/v1/journeys', { key, name: { en: key }, blueprint: blueprint() })).statusCode).toBe(201);
    expect((await org.call('POST', `/api/v1/journeys/${key}/publish`, {})).statusCode).toBe(201);
  }
  await publishSurvey(org, SURVEY, survey(JOURNEY));
  await publishSurvey(org, `${SPARSE}-survey`, survey(SPARSE));
  const next = random(11);
  const rating = () => 1 + Math.floor(next() * 5);
  for (let v = 0; v < 60; v++) {
    const counter = rating();
    const overall = Math.min(10, Math.max(0, 2 * counter - 1 + (next() < 0.3 ? (next() < 0.5 ? -1 : 1) : 0)));
    visits.push({ id: `visit-${v}`, ratings: { greeting: rating(), counter, leave: rating() }, overall });
  }
  const sparse = visits.slice(0, 10);
  let response = await org.ingest('POST', '/api/v1/responses', responses(JOURNEY, SURVEY, visits));
  expect(response.statusCode, response.body).toBe(201);
  response = await org.ingest('POST', '/api/v1/responses', responses(SPARSE, `${SPARSE}-survey`, sparse));
  expect(response.statusCode, response.body).toBe(201);
  ids.sparse = await improvement(SPARSE, 'counter', 'Sparse counter');
  ids.greeting = await improvement(JOURNEY, 'greeting', 'Warmer greeting');
  ids.counter = await improvement(JOURNEY, 'counter', 'Read the fees back');
}, 180_000);
afterAll(async () => km?.dispose());

/** CSAT score as the insights room gives it: % of answers 4–5, two decimals. */
function csatScore(moment: MomentKey): number {
  const satisfied = visits.filter((v) => v.ratings[moment] >= 4).length;
  return Math.round((10_000 * satisfied) / visits.length) / 100;
}

function expectedImpact(moment: MomentKey) {
  const fit = relativeWeights(visits.map((v) => MOMENTS.map((k) => v.ratings[k])), visits.map((v) => v.overall));
  const importance = fit.weights[MOMENTS.indexOf(moment)]! / fit.rSquared;
  const score = csatScore(moment);
  const gap = Math.max(0, 90 - score) / METRIC_RANGE.csat;
  return { importance, score, gap, impact: importance * gap };
}

describe('improvement impact', () => {
  it('computes it after creation without making the create request wait', async () => {
    // The create answered 201 before; the impact arrives shortly after.
    let body: { impactComputedAt: string | null } = { impactComputedAt: null };
    for (let i = 0; i < 300 && body.impactComputedAt === null; i++) {
      body = (await org.call('GET', `/api/v1/improvement-actions/${ids.counter}`)).json();
      if (body.impactComputedAt === null) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(body.impactComputedAt).toBe(now.toISOString());
  }, 60_000);

  it('stores importance × gap equal to keymoment/stats on the same visits, and is idempotent', async () => {
    clearInsightAnalysisCache();
    const db = km.database.db;
    expect(await refreshOpenImprovementImpacts(db, now)).toBe(3);
    const first = (await org.call('GET', '/api/v1/improvement-actions?sort=created')).json().items;
    expect(await refreshOpenImprovementImpacts(db, now)).toBe(3);
    const second = (await org.call('GET', '/api/v1/improvement-actions?sort=created')).json().items;
    expect(second).toEqual(first);

    const byId = new Map(second.map((item: { improvementId: string }) => [item.improvementId, item]));
    for (const moment of ['counter', 'greeting'] as const) {
      const expected = expectedImpact(moment);
      const item = byId.get(ids[moment]) as { impact: number; impactInputs: Record<string, unknown> };
      expect(item.impact).toBeCloseTo(expected.impact, 5);
      expect(item.impactInputs).toMatchObject({ metric: 'csat', comparator: 'gte', benchmark: 90, score: expected.score, reason: null, windowTo: '2026-11-20' });
      expect(item.impactInputs.importance).toBeCloseTo(expected.importance, 5);
      expect(item.impactInputs.gap).toBeCloseTo(expected.gap, 5);
    }
    expect(expectedImpact('counter').importance).toBeGreaterThan(0.8);

    // The same importance the insights door reports over the same window.
    const drivers = await driversReport(db, org.member.orgId, { journeyKey: JOURNEY, from: '2026-08-23', to: '2026-11-20' }, now);
    expect(IMPACT_WINDOW_DAYS).toBe(90);
    expect((byId.get(ids.counter) as { impactInputs: { importance: number } }).impactInputs.importance).toBeCloseTo(
      drivers.moments.find((m) => m.momentKey === 'counter')!.share / 100,
      5,
    );

    const sparse = byId.get(ids.sparse) as { impact: number | null; impactInputs: Record<string, unknown> };
    expect(sparse.impact).toBeNull();
    expect(sparse.impactInputs).toMatchObject({ reason: 'drivers_insufficient', importance: null, metric: 'csat', benchmark: 90 });
  });

  it('lists the highest impact first and the ones without an impact last, across pages', async () => {
    const all = (await org.call('GET', '/api/v1/improvement-actions')).json();
    expect(all.items.map((item: { improvementId: string }) => item.improvementId)).toEqual([ids.counter, ids.greeting, ids.sparse]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=1&cursor=${cursor}` : '?limit=1';
      const page = (await org.call('GET', `/api/v1/improvement-actions${query}`)).json();
      seen.push(...page.items.map((item: { improvementId: string }) => item.improvementId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([ids.counter, ids.greeting, ids.sparse]);
    expect((await org.call('GET', '/api/v1/improvement-actions?cursor=bm90LWEtY3Vyc29y')).statusCode).toBe(400);
  });

  it('recomputes one action on request', async () => {
    const response = await org.call('POST', `/api/v1/improvement-actions/${ids.greeting}/impact`, {});
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().impact).toBeCloseTo(expectedImpact('greeting').impact, 5);
  });
});

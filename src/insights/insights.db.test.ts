import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSignedInMember, createOrgWithMember, type TestMember } from '../../test/support/actors.ts';
import { publishSurvey, setUpFeedbackOrg, type FeedbackOrg } from '../../test/support/feedback-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import { runAlerts } from './alerts.ts';

/*
 * The scores API, the heatmap and the alert job against data posted through the public API.
 * Journey "branch-visit": greeting (NPS ≥ 30), counter (peak, CSAT ≥ 90), leave (end).
 */

let km: TestKeymoment;
let org: FeedbackOrg;
let managerA: TestMember;
let managerB: TestMember;
let readKey: string;
const SURVEY = 'branch-scores';
const JOURNEY = 'branch-visit';
let sequence = 0;

function blueprint() {
  return {
    stages: [{ key: 'visit', kind: 'first' }],
    moments: [
      { key: 'greeting', name: { en: 'Greeting', hu: 'Fogadás' }, stageKey: 'visit', benchmarks: [{ metric: 'nps', comparator: 'gte', value: 30 }], responsibleRole: { en: 'Floor guide', hu: 'Teremvezető' } },
      { key: 'counter', name: { en: 'Counter' }, stageKey: 'visit', flags: ['peak'], benchmarks: [{ metric: 'csat', comparator: 'gte', value: 90, localMin: 80, localMax: 95 }], responsibleRole: { en: 'Counter agent' } },
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
      { id: 'recommend', type: 'nps', title: { en: 'Recommend?' } },
      { id: 'satisfied', type: 'csat', title: { en: 'Satisfied?' } },
      { id: 'effort', type: 'ces', title: { en: 'Easy?' } },
    ],
  };
}

function answer(moment: string, day: string, answers: Record<string, number>, outlet: '001' | '002' = '001', extra: Record<string, unknown> = {}) {
  return {
    externalId: `i-${++sequence}`,
    surveyKey: SURVEY,
    channel: 'kiosk',
    journeyKey: JOURNEY,
    momentKey: moment,
    locationCode: `I-${outlet}`,
    submittedAt: `${day}T10:00:00Z`,
    answers,
    ...extra,
  };
}

async function post(items: object[]) {
  const response = await org.ingest('POST', '/api/v1/responses', items);
  expect(response.statusCode, response.body).toBe(201);
}

const repeat = <T>(n: number, make: (i: number) => T) => Array.from({ length: n }, (_, i) => make(i));

beforeAll(async () => {
  km = await startTestKeymoment();
  org = await setUpFeedbackOrg(km, await createOrgWithMember(km, 'admin', 'Insight Telecom'), 'I');
  expect((await org.call('POST', '/api/v1/journeys', { key: JOURNEY, name: { en: 'Branch visit' }, blueprint: blueprint() })).statusCode).toBe(201);
  expect((await org.call('POST', `/api/v1/journeys/${JOURNEY}/publish`, {})).statusCode).toBe(201);
  await publishSurvey(org, SURVEY, survey());
  managerA = await addSignedInMember(km, org.member.orgId, 'outlet_manager', org.locations.outletA);
  managerB = await addSignedInMember(km, org.member.orgId, 'outlet_manager', org.locations.outletB);
  readKey = (await org.call('POST', '/api/v1/api-keys', { name: 'BI', scopes: ['read'] })).json().key;

  // Week of 9–15 Nov: greeting loved (NPS 100). Week of 16–22 Nov: greeting hated, counter CSAT low.
  await post([
    ...repeat(15, (i) => answer('greeting', `2026-11-${String(9 + (i % 7)).padStart(2, '0')}`, { recommend: 10 })),
    ...repeat(15, (i) => answer('greeting', `2026-11-${String(16 + (i % 7))}`, { recommend: i % 3 })),
    ...repeat(12, (i) => answer('counter', `2026-11-${String(16 + (i % 7))}`, { satisfied: i < 6 ? 5 : 2, effort: 6, recommend: 8 }, '001', { staffId: i % 2 ? 'anna' : 'bela' })),
    ...repeat(3, () => answer('counter', '2026-11-18', { satisfied: 5 }, '002')),
  ]);
  // The machine is shared; setting up two organisations can take a while under load.
}, 180_000);
afterAll(async () => km?.dispose());

describe('GET /api/v1/scores', () => {
  it('groups by moment with scores, intervals and a significant drop against the previous week', async () => {
    const response = await org.call('GET', `/api/v1/scores?groupBy=moment&from=2026-11-16&to=2026-11-22&journey=${JOURNEY}`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ from: '2026-11-16', to: '2026-11-22', previousFrom: '2026-11-09', previousTo: '2026-11-15', minN: 5 });
    const greeting = body.rows.find((row: { momentKey: string }) => row.momentKey === 'greeting');
    expect(greeting.nps).toMatchObject({ score: -100, n: 15, detractors: 15 });
    expect(greeting.nps.ci[0]).toBeLessThan(greeting.nps.ci[1]);
    expect(greeting.previous.nps).toMatchObject({ score: 100, n: 15, difference: -200, significant: true });
    expect(greeting.previous.nps.pValue).toBeLessThan(0.001);
    const counter = body.rows.find((row: { momentKey: string }) => row.momentKey === 'counter');
    expect(counter.csat).toMatchObject({ n: 15, score: 60 });
    expect(counter.ces).toMatchObject({ n: 12, score: 6, easyShare: 100 });
    expect(counter.previous.csat).toMatchObject({ n: 0, score: null, significant: false });
  });

  it('withholds scores below the minimum n but shows n', async () => {
    const body = (await org.call('GET', `/api/v1/scores?groupBy=location&from=2026-11-16&to=2026-11-22&moment=counter`)).json();
    const outletB = body.rows.find((row: { locationId: string }) => row.locationId === org.locations.outletB);
    expect(outletB.csat).toMatchObject({ score: null, n: 3, ci: null });
    const lowered = (await org.call('GET', `/api/v1/scores?groupBy=location&from=2026-11-16&to=2026-11-22&moment=counter&minN=3`)).json();
    expect(lowered.rows.find((row: { locationId: string }) => row.locationId === org.locations.outletB).csat.score).toBe(100);
  });

  it('expands a location to its subtree and cuts it to the reader’s scope', async () => {
    const region = (await org.call('GET', `/api/v1/scores?groupBy=location&from=2026-11-16&to=2026-11-22&location=${org.locations.region}`)).json();
    expect(region.rows.map((row: { locationId: string }) => row.locationId).sort()).toEqual([org.locations.outletA, org.locations.outletB].sort());
    const city = (await org.call('GET', `/api/v1/scores?groupBy=location&from=2026-11-16&to=2026-11-22&location=${org.locations.city}`)).json();
    expect(city.rows.map((row: { locationId: string }) => row.locationId)).toEqual([org.locations.outletA]);
    const scoped = await km.app.inject({ method: 'GET', url: '/api/v1/scores?groupBy=location&from=2026-11-16&to=2026-11-22', headers: managerB.headers });
    expect(scoped.statusCode, scoped.body).toBe(200);
    expect(scoped.json().rows.map((row: { locationId: string }) => row.locationId)).toEqual([org.locations.outletB]);
    expect(scoped.json().total.responses).toBe(3);
    const outside = await km.app.inject({ method: 'GET', url: `/api/v1/scores?from=2026-11-16&to=2026-11-22&location=${org.locations.outletA}`, headers: managerB.headers });
    expect(outside.json().total.responses).toBe(0);
  });

  it('groups by staff and by period (whole weeks, each against the week before), for a read API key too', async () => {
    const staff = await km.app.inject({ method: 'GET', url: '/api/v1/scores?groupBy=staff&from=2026-11-16&to=2026-11-22&moment=counter', headers: { authorization: `Bearer ${readKey}` } });
    expect(staff.statusCode, staff.body).toBe(200);
    expect(staff.json().rows.map((row: { staffId: string | null; responses: number }) => [row.staffId, row.responses])).toEqual([
      [null, 3],
      ['anna', 6],
      ['bela', 6],
    ]);
    const weeks = (await org.call('GET', `/api/v1/scores?groupBy=period&period=week&from=2026-11-11&to=2026-11-20&moment=greeting`)).json();
    expect(weeks).toMatchObject({ from: '2026-11-09', to: '2026-11-22' });
    expect(weeks.rows.map((row: { periodStart: string; nps: { score: number } }) => [row.periodStart, row.nps.score])).toEqual([
      ['2026-11-09', 100],
      ['2026-11-16', -100],
    ]);
    expect(weeks.rows[1].previous).toMatchObject({ from: '2026-11-09', to: '2026-11-15', nps: { significant: true } });
  });

  it('answers 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['from=2026-11-20&to=2026-11-10', 'from'],
      ['from=2026-13-01', 'from'],
      ['to=yesterday', 'to'],
      ['groupBy=weather', 'groupBy'],
      ['period=fortnight', 'period'],
      ['minN=0', 'minN'],
      ['colour=red', 'colour'],
      ['from=2020-01-01&to=2026-01-01', 'from'],
      ['location=no-such-location', 'location'],
    ];
    for (const [queryString, field] of cases) {
      const response = await org.call('GET', `/api/v1/scores?${queryString}`);
      expect(response.statusCode, queryString).toBe(400);
      expect(response.json().error.field ?? response.json().error.message, queryString).toContain(field);
    }
    // Every insights question with a location filter: an unknown location is named, not answered with nothing.
    for (const path of [`/api/v1/insights/heatmap?journey=${JOURNEY}`, '/api/v1/insights/themes?', `/api/v1/insights/drivers?journey=${JOURNEY}`]) {
      const response = await org.call('GET', `${path}&location=no-such-location`);
      expect(response.statusCode, path).toBe(400);
      expect(response.json().error.field, path).toBe('location');
    }
  });
});

describe('GET /api/v1/insights/heatmap', () => {
  it('shows every moment against its benchmark, with peak and end flags and the location’s own targets', async () => {
    const response = await org.call('GET', `/api/v1/insights/heatmap?journey=${JOURNEY}&from=2026-11-16&to=2026-11-22`);
    expect(response.statusCode, response.body).toBe(200);
    const moments = response.json().moments;
    expect(moments.map((m: { momentKey: string; peak: boolean; end: boolean; status: string }) => [m.momentKey, m.peak, m.end, m.status])).toEqual([
      ['greeting', false, false, 'below'],
      ['counter', true, false, 'below'],
      ['leave', false, true, 'no_benchmark'],
    ]);
    expect(moments[1].benchmarks.csat).toEqual({ comparator: 'gte', value: 90, status: 'below' });
    expect(moments[2].scores.responses).toBe(0);

    // Outlet B lowers its CSAT target to 80 and meets it with minN 3 — seen at once, though the heatmap
    // remembers a location's effective targets for a moment (asked for just before the change).
    const outletB = `/api/v1/insights/heatmap?journey=${JOURNEY}&from=2026-11-16&to=2026-11-22&location=${org.locations.outletB}&minN=3`;
    expect((await org.call('GET', outletB)).json().moments[1].benchmarks.csat).toEqual({ comparator: 'gte', value: 90, status: 'meets' });
    const override = await org.call('PUT', `/api/v1/journeys/${JOURNEY}/overrides/${org.locations.outletB}`, {
      benchmarkAdjustments: [{ momentKey: 'counter', metric: 'csat', value: 80 }],
    });
    expect(override.statusCode, override.body).toBeLessThan(300);
    const local = (await org.call('GET', `/api/v1/insights/heatmap?journey=${JOURNEY}&from=2026-11-16&to=2026-11-22&location=${org.locations.outletB}&minN=3`)).json();
    expect(local.moments[1].benchmarks.csat).toEqual({ comparator: 'gte', value: 80, status: 'meets' });
    expect((await org.call('DELETE', `/api/v1/journeys/${JOURNEY}/overrides/${org.locations.outletB}`)).statusCode).toBeLessThan(300);
    expect((await org.call('GET', outletB)).json().moments[1].benchmarks.csat).toEqual({ comparator: 'gte', value: 90, status: 'meets' });
    expect((await org.call('GET', `/api/v1/insights/heatmap?journey=nope`)).statusCode).toBe(404);
    expect((await org.call('GET', `/api/v1/insights/heatmap`)).statusCode).toBe(400);
  });
});

describe('alerts', () => {
  const now = new Date('2026-11-25T08:00:00Z');

  it('raise once per moment, location and week, mail the responsible manager and show in the app', async () => {
    const deps = { database: km.database, mailer: km.mail, publicUrl: 'http://keymoment.test', now: () => now };
    const first = await runAlerts(deps);
    expect(first.created).toBeGreaterThanOrEqual(2);
    const again = await runAlerts(deps);
    expect(again).toEqual({ created: 0, mailed: 0 });

    const list = (await org.call('GET', '/api/v1/insights/alerts')).json().items as {
      momentKey: string;
      locationId: string | null;
      periodStart: string;
      findings: { kind: string; metric: string }[];
      mailedAt: string | null;
    }[];
    const greetingAtA = list.find((alert) => alert.momentKey === 'greeting' && alert.locationId === org.locations.outletA)!;
    expect(greetingAtA.periodStart).toBe('2026-11-16');
    expect(greetingAtA.findings.map((f) => `${f.kind}:${f.metric}`).sort()).toEqual(['below_benchmark:nps', 'significant_drop:nps']);
    expect(greetingAtA.mailedAt).not.toBeNull();
    const counterAtA = list.find((alert) => alert.momentKey === 'counter' && alert.locationId === org.locations.outletA)!;
    expect(counterAtA.findings.map((f) => `${f.kind}:${f.metric}`)).toEqual(['below_benchmark:csat']);
    // Organisation-wide alerts too (location null); nothing for outlet B (n 3 < 10).
    expect(list.some((alert) => alert.locationId === null && alert.momentKey === 'greeting')).toBe(true);
    expect(list.some((alert) => alert.locationId === org.locations.outletB)).toBe(false);

    const mails = km.mail.sent.filter((m) => m.to === managerA.email);
    expect(mails).toHaveLength(2);
    const greetingMail = mails.find((m) => m.subject.includes('Greeting'))!;
    expect(greetingMail.subject).toContain('Keymoment alert');
    expect(greetingMail.text).toContain('Floor guide');
    expect(greetingMail.text).toContain('2026-11-16 – 2026-11-22');
    expect(mails.find((m) => m.subject.includes('Counter'))!.text).toContain('Counter agent');
    expect(km.mail.lastTo(managerB.email)).toBeUndefined();
    // The responsible manager also finds them in the shared inbox (the bell), in the app only.
    const inbox = (await km.app.inject({ method: 'GET', url: '/api/v1/notifications?locale=en', headers: managerA.headers })).json().items as { kind: string; title: string; link: string }[];
    const alerts = inbox.filter((item) => item.kind === 'insights.alert');
    expect(alerts).toHaveLength(2);
    expect(alerts.map((item) => item.title)).toContainEqual(expect.stringMatching(/^Keymoment alert: Greeting/));
    expect(alerts[0]!.link).toMatch(/^\/insights\?journey=.*&from=2026-11-16&to=2026-11-22&location=/);
    expect((await km.app.inject({ method: 'GET', url: '/api/v1/notifications', headers: managerB.headers })).json().items).toEqual([]);

    // Outlet B's manager sees none of outlet A's alerts.
    const scoped = await km.app.inject({ method: 'GET', url: '/api/v1/insights/alerts', headers: managerB.headers });
    expect(scoped.json().items).toEqual([]);
    const next = await runAlerts({ ...deps, now: () => new Date('2026-12-02T08:00:00Z') });
    expect(next.created).toBe(0);
  });
});

describe('DELETE /api/v1/responses/:id', () => {
  it('is for admins and CX managers, and the scores drop at once', async () => {
    const { rows } = await km.database.query<{ response_id: string }>(
      "select response_id from responses where org_id = $1 and moment_key = 'greeting' and submitted_at >= '2026-11-16' order by response_id limit 1",
      [org.member.orgId],
    );
    const id = rows[0]!.response_id;
    const url = `/api/v1/scores?from=2026-11-16&to=2026-11-22&moment=greeting`;
    const before = (await org.call('GET', url)).json().total;
    expect((await km.app.inject({ method: 'DELETE', url: `/api/v1/responses/${id}`, headers: managerA.headers })).statusCode).toBe(403);
    const cx = await addSignedInMember(km, org.member.orgId, 'cx_manager');
    expect((await km.app.inject({ method: 'DELETE', url: `/api/v1/responses/${id}`, headers: cx.headers })).statusCode).toBe(204);
    const after = (await org.call('GET', url)).json().total;
    expect(after.responses).toBe(before.responses - 1);
    expect(after.nps.n).toBe(before.nps.n - 1);
    expect((await org.call('GET', `/api/v1/responses/${id}`)).statusCode).toBe(404);
  });
});

describe('OpenAPI', () => {
  it('documents the insights endpoints with their parameters', async () => {
    const spec = (await km.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    for (const path of ['/api/v1/scores', '/api/v1/insights/heatmap', '/api/v1/insights/themes', '/api/v1/insights/comments', '/api/v1/insights/alerts']) {
      expect(spec.paths[path]?.get, path).toBeDefined();
    }
    const groupBy = spec.paths['/api/v1/scores'].get.parameters.find((p: { name: string }) => p.name === 'groupBy');
    expect(groupBy.schema.enum).toEqual(['moment', 'location', 'staff', 'period']);
    expect(spec.paths['/api/v1/responses/{responseId}'].delete).toBeDefined();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSignedInMember, type TestMember } from '../../test/support/actors.ts';
import { caller, expectStatus, passingHallAnswers, setUpAuditOrg, type AuditOrg } from '../../test/support/audit-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';

/*
 * The before/after effect of improvement actions and the compliance-vs-satisfaction table, against
 * responses posted through the public API (so the insights rollups are the real ones).
 * Counter-transaction (CSAT ≥ 90 in the template): unhappy customers on 1–5 Nov, happy ones on 6–19 Nov.
 */

let km: TestKeymoment;
let org: AuditOrg;
let call: ReturnType<typeof caller>;
let ingestKey: string;
let outletId: string;
let otherOutletId: string;
let scoped: TestMember;
const now = new Date('2026-11-20T04:00:00Z'); // noon in Shanghai: today is 20 Nov, yesterday 19 Nov
let sequence = 0;
const JOURNEY = 'telecom-service-hall';
const MOMENT = 'counter-transaction';

const day = (n: number) => `2026-11-${String(n).padStart(2, '0')}`;

async function post(items: object[]) {
  const response = await km.app.inject({ method: 'POST', url: '/api/v1/responses', headers: { authorization: `Bearer ${ingestKey}` }, payload: items });
  expect(response.statusCode, response.body).toBe(201);
}

function answer(date: string, answers: Record<string, number>) {
  return { externalId: `e-${++sequence}`, surveyKey: 'counter-visit', channel: 'kiosk', journeyKey: JOURNEY, momentKey: MOMENT, locationCode: 'EFF-1', submittedAt: `${date}T03:00:00Z`, answers };
}

async function improvement(startDate: string, locationId: string | null = outletId): Promise<string> {
  return expectStatus(
    await call(org.admin, 'POST', '/api/v1/improvement-actions', {
      title: `Confirm fees from ${startDate}`,
      journeyKey: JOURNEY,
      momentKey: MOMENT,
      locationId,
      source: { kind: 'moment' },
      hypothesis: 'Reading the fees back makes customers trust the result',
      startDate,
    }),
    201,
  ).json().improvementId as string;
}

beforeAll(async () => {
  km = await startTestKeymoment({}, { now: () => now });
  call = caller(km);
  org = await setUpAuditOrg(km, 'Effect Telecom');
  outletId = expectStatus(await call(org.admin, 'POST', '/api/v1/locations', { name: 'Effect hall', level: 'outlet', parentId: org.regionId, code: 'EFF-1' }), 201).json().locationId;
  otherOutletId = expectStatus(await call(org.admin, 'POST', '/api/v1/locations', { name: 'Quiet hall', level: 'outlet', parentId: org.regionId, code: 'EFF-2' }), 201).json().locationId;
  scoped = await addSignedInMember(km, org.admin.orgId, 'outlet_manager', otherOutletId);
  ingestKey = expectStatus(await call(org.admin, 'POST', '/api/v1/api-keys', { name: 'POS', scopes: ['ingest'] }), 201).json().key;
  const survey = {
    kind: 'transactional',
    about: { journeyKey: JOURNEY, momentKey: MOMENT },
    title: { en: 'Your visit' },
    questions: [
      { id: 'recommend', type: 'nps', title: { en: 'Recommend?' } },
      { id: 'satisfied', type: 'csat', title: { en: 'Satisfied?' } },
    ],
  };
  expectStatus(await call(org.admin, 'POST', '/api/v1/surveys', { key: 'counter-visit', name: { en: 'Counter visit' }, definition: survey }), 201);
  expectStatus(await call(org.admin, 'POST', '/api/v1/surveys/counter-visit/publish', {}), 201);
  await post([
    ...Array.from({ length: 20 }, (_, i) => answer(day(1 + (i % 5)), { recommend: 3, satisfied: 2 })),
    ...Array.from({ length: 20 }, (_, i) => answer(day(6 + (i % 14)), { recommend: 10, satisfied: 5 })),
  ]);
  // An audit at the outlet that passes every check, counter transaction included.
  const runId = expectStatus(await call(org.admin, 'POST', '/api/v1/audits/runs', { checklistKey: org.checklistKey, locationId: outletId, kind: 'walk_through' }), 201).json().runId;
  expectStatus(await call(org.admin, 'POST', `/api/v1/audits/runs/${runId}/submit`, { answers: passingHallAnswers() }), 201);
});
afterAll(async () => km?.dispose());

describe('the effect of an improvement action', () => {
  it('compares the finished window with as many days before it, with significance', async () => {
    const id = await improvement(day(6));
    const effect = expectStatus(await call(org.admin, 'GET', `/api/v1/improvement-actions/${id}/effect?windowDays=14`), 200).json();
    expect(effect).toMatchObject({
      state: 'complete',
      windowDays: 14,
      measuredDays: 14,
      after: { from: day(6), to: day(19) },
      before: { from: '2026-10-23', to: day(5) },
      metrics: {
        csat: { before: { score: 0, n: 20 }, after: { score: 100, n: 20 }, difference: 100, significant: true },
        nps: { before: { score: -100, n: 20 }, after: { score: 100, n: 20 }, difference: 200, significant: true },
      },
    });
    expect(effect.metrics.csat.pValue).toBeLessThan(0.001);
  });

  it('while the window runs, compares only the days passed with as many before', async () => {
    const id = await improvement(day(15));
    const effect = expectStatus(await call(org.admin, 'GET', `/api/v1/improvement-actions/${id}/effect`), 200).json();
    expect(effect).toMatchObject({ state: 'measuring', windowDays: 28, measuredDays: 5, after: { from: day(15), to: day(19) }, before: { from: day(10), to: day(14) } });
    // Only happy customers on both sides: no difference, nothing significant.
    expect(effect.metrics.csat).toMatchObject({ before: { score: 100 }, after: { score: 100 }, difference: 0, significant: false });
  });

  it('counts only the action’s location subtree, and says when it has not started', async () => {
    const elsewhere = await improvement(day(6), otherOutletId);
    const quiet = expectStatus(await call(org.admin, 'GET', `/api/v1/improvement-actions/${elsewhere}/effect?windowDays=14`), 200).json();
    expect(quiet.metrics.csat).toMatchObject({ before: { score: null, n: 0 }, after: { score: null, n: 0 }, difference: null, significant: false });
    const future = await improvement('2026-12-01');
    expect(expectStatus(await call(org.admin, 'GET', `/api/v1/improvement-actions/${future}/effect`), 200).json()).toMatchObject({ state: 'not_started', before: null, after: null });
  });

  it('an organisation-wide action seen by a member of one outlet shows only that outlet', async () => {
    const wide = await improvement(day(6), null);
    const all = expectStatus(await call(org.admin, 'GET', `/api/v1/improvement-actions/${wide}/effect?windowDays=14`), 200).json();
    expect(all.metrics.csat.after.n).toBe(20);
    const mine = expectStatus(await call(scoped, 'GET', `/api/v1/improvement-actions/${wide}/effect?windowDays=14`), 200).json();
    expect(mine.metrics.csat.after.n).toBe(0);
    // An action at an outlet outside the member's subtree does not exist for them.
    const other = await improvement(day(6));
    expect((await call(scoped, 'GET', `/api/v1/improvement-actions/${other}/effect`)).statusCode).toBe(404);
  });

  it('names the field of a bad window', async () => {
    const id = await improvement(day(6));
    const bad = await call(org.admin, 'GET', `/api/v1/improvement-actions/${id}/effect?windowDays=3`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('windowDays');
  });
});

describe('we pass our checks, customers still suffer', () => {
  it('flags the moment whose audits pass while its customer score is below the benchmark', async () => {
    const body = expectStatus(await call(org.admin, 'GET', '/api/v1/audits/compliance-vs-satisfaction?from=2026-11&to=2026-11'), 200).json();
    expect(body).toMatchObject({ from: '2026-11', to: '2026-11' });
    const counter = body.items.find((cell: { momentKey: string }) => cell.momentKey === MOMENT);
    expect(counter).toMatchObject({
      locationId: outletId,
      // 'served-skilfully' scored 3 of 4.
      audit: { compliance: 93.75, target: { comparator: 'gte', value: 80 }, targetSource: 'default', status: 'met' },
      customers: { status: 'below', metrics: [{ metric: 'csat', score: 50, n: 40, comparator: 'gte', value: 90, status: 'below' }] },
      flag: 'passes_checks_customers_suffer',
    });
    // Flagged cells come first; a moment without customer benchmarks is never flagged.
    expect(body.items[0].momentKey).toBe(MOMENT);
    const leave = body.items.find((cell: { momentKey: string }) => cell.momentKey === 'leave');
    expect(leave).toMatchObject({ audit: { target: { value: 95 }, targetSource: 'benchmark' }, customers: { status: 'no_benchmark' }, flag: null });
    const onlyFlagged = expectStatus(await call(org.admin, 'GET', '/api/v1/audits/compliance-vs-satisfaction?from=2026-11&to=2026-11&flag=passes_checks_customers_suffer'), 200).json();
    expect(onlyFlagged.items.map((cell: { momentKey: string }) => cell.momentKey)).toEqual([MOMENT]);
  });

  it('with a stricter default target the same audit no longer counts as passing', async () => {
    const body = expectStatus(await call(org.admin, 'GET', '/api/v1/audits/compliance-vs-satisfaction?defaultTarget=100&minN=50'), 200).json();
    // Default months: September to November. 40 answers < minN 50: the customer score is unknown, nothing flagged.
    expect(body).toMatchObject({ from: '2026-09', to: '2026-11' });
    const counter = body.items.find((cell: { momentKey: string }) => cell.momentKey === MOMENT);
    expect(counter).toMatchObject({ customers: { status: 'insufficient' }, flag: null });
  });

  it('shows a scoped member only their subtree, and refuses a location outside it', async () => {
    const mine = expectStatus(await call(scoped, 'GET', '/api/v1/audits/compliance-vs-satisfaction'), 200).json();
    expect(mine.items).toEqual([]);
    expect((await call(scoped, 'GET', `/api/v1/audits/compliance-vs-satisfaction?locationId=${outletId}`)).statusCode).toBe(404);
    const reversed = await call(org.admin, 'GET', '/api/v1/audits/compliance-vs-satisfaction?from=2026-11&to=2026-10');
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.field).toBe('from');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterSurvey } from '../../test/support/feedback-fixtures.ts';
import { createRecoveryWorld, JOURNEY, ok, type RecoveryWorld } from '../../test/support/recovery-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import { followUpInvitationId } from './index.ts';

/*
 * The recovery listener as the feedback room runs it (wired in main.ts): answers given on the public
 * survey page or sent by API open cases in the same transaction — one per customer and visit — and
 * the follow-up re-survey closes or reopens its case.
 */

let km: TestKeymoment;
let w: RecoveryWorld;
const SURVEY = 'counter-visit';

beforeAll(async () => {
  km = await startTestKeymoment();
  w = await createRecoveryWorld(km);
  await ok(w.call(w.admin, 'PATCH', `/api/v1/locations/${w.locations.hall}`, { code: 'XJH' }));
  const definition = { ...counterSurvey(), about: { journeyKey: JOURNEY, momentKey: 'counter' } };
  await ok(w.call(w.admin, 'POST', '/api/v1/surveys', { key: SURVEY, name: { en: 'Counter' }, definition }));
  await ok(w.call(w.admin, 'POST', `/api/v1/surveys/${SURVEY}/publish`, {}));
});
afterAll(async () => km?.dispose());

let n = 0;
/** A counter visit of a customer (the interaction carries visit, outlet, staff and customer). */
async function visit(customer = `C-${++n}`) {
  const externalId = `ix-${++n}`;
  await ok(
    w.call(w.ingestKey, 'POST', '/api/v1/interactions', {
      externalId,
      momentKey: 'counter',
      journeyKey: JOURNEY,
      visitId: `v-${externalId}`,
      occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
      locationCode: 'XJH',
      staffId: 'S-017',
      channel: 'in_person',
      customer: { externalId: customer, name: '王女士', email: `${customer.toLowerCase()}@example.com`, phone: '+86 139 0000 0000' },
    }),
  );
  return { interactionExternalId: externalId, visitId: `v-${externalId}`, customer };
}

async function invite(body: Record<string, unknown>): Promise<string> {
  return (await ok(w.call(w.ingestKey, 'POST', `/api/v1/surveys/${SURVEY}/invitations`, { locale: 'zh-CN', ...body }))).json().token;
}

async function answerOnPage(token: string, fields: [string, string][]) {
  const response = await km.app.inject({
    method: 'POST',
    url: `/s/${token}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams([...fields, ['_action', 'submit']]).toString(),
  });
  expect(response.statusCode, response.body).toBeLessThan(400);
}

type CaseJson = Record<string, unknown> & { caseId: string; details: Record<string, unknown> & { sentiment: number; matches: { reason: string }[] } };
const casesOf = async (customerRef: string) => (await ok(w.call(w.cx, 'GET', `/api/v1/cases?customerRef=${customerRef}`))).json().items as CaseJson[];

describe('answers on the survey page', () => {
  it('a detractor answer opens exactly one case, owned by the outlet’s manager, with the customer and the comment', async () => {
    const v = await visit();
    await answerOnPage(await invite({ interactionExternalId: v.interactionExternalId }), [
      ['q.recommend', '2'],
      ['q.what-went-wrong', 'staff'],
      ['q.comment', '柜台工作人员态度非常差，让我等了很久'],
    ]);
    const cases = await casesOf(v.customer);
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({
      source: 'rule',
      reason: 'detractor',
      status: 'open',
      ownerId: w.manager.userId,
      customerRef: v.customer,
      customerName: '王女士',
      customerEmail: `${v.customer.toLowerCase()}@example.com`,
      visitId: v.visitId,
      journeyKey: JOURNEY,
      momentKey: 'counter',
      journeyVersion: 1,
      locationId: w.locations.hall,
      staffRef: 'S-017',
      summary: '柜台工作人员态度非常差，让我等了很久',
    });
    expect(cases[0]!.details).toMatchObject({ nps: 2, comment: '柜台工作人员态度非常差，让我等了很久' });
    // The comment was analysed: negative, and the sentiment rule failed too.
    expect(cases[0]!.details.sentiment).toBeLessThan(-0.4);
    expect(cases[0]!.details.matches.map((m: { reason: string }) => m.reason)).toEqual(['detractor', 'negative_sentiment']);
  });

  it('a promoter answer opens nothing, and no sentiment is computed without a comment', async () => {
    const v = await visit();
    await answerOnPage(await invite({ interactionExternalId: v.interactionExternalId }), [['q.recommend', '9']]);
    expect(await casesOf(v.customer)).toHaveLength(0);
  });

  it('two failed answers of the same visit make one case; the second is attached to it', async () => {
    const v = await visit();
    await answerOnPage(await invite({ interactionExternalId: v.interactionExternalId }), [['q.recommend', '3'], ['q.what-went-wrong', 'waiting']]);
    await answerOnPage(await invite({ interactionExternalId: v.interactionExternalId }), [['q.recommend', '8'], ['q.counter-rating', '1']]);
    const cases = await casesOf(v.customer);
    expect(cases).toHaveLength(1);
    const detail = (await ok(w.call(w.cx, 'GET', `/api/v1/cases/${cases[0]!.caseId}`))).json();
    expect(detail.events.map((e: { kind: string }) => e.kind)).toContain('attached');
  });
});

describe('answers sent by API', () => {
  it('a batch with several failed answers of one visit and a retry opens one case', async () => {
    const v = await visit();
    const answer = (externalId: string, recommend: number) => ({
      externalId,
      surveyKey: SURVEY,
      submittedAt: new Date().toISOString(),
      channel: 'sms',
      interactionExternalId: v.interactionExternalId,
      answers: { recommend, 'what-went-wrong': ['result'] },
    });
    const batch = [answer(`${v.visitId}-a`, 1), answer(`${v.visitId}-b`, 0)];
    await ok(w.call(w.ingestKey, 'POST', '/api/v1/responses', batch));
    await ok(w.call(w.ingestKey, 'POST', '/api/v1/responses', batch));
    const cases = await casesOf(v.customer);
    expect(cases).toHaveLength(1);
    const detail = (await ok(w.call(w.cx, 'GET', `/api/v1/cases/${cases[0]!.caseId}`))).json();
    // The retry inserted nothing, so nothing more was attached.
    expect(detail.events.filter((e: { kind: string }) => e.kind === 'attached')).toHaveLength(1);
  });
});

describe('the follow-up re-survey', () => {
  /** A detractor case worked to step 6 with a re-survey asked for. */
  async function caseAwaitingResurvey() {
    const v = await visit();
    await answerOnPage(await invite({ interactionExternalId: v.interactionExternalId }), [['q.recommend', '1'], ['q.what-went-wrong', 'staff']]);
    const [opened] = await casesOf(v.customer);
    const step = (path: string, body: object) => ok(w.call(w.manager, 'POST', `/api/v1/cases/${opened!.caseId}${path}`, body));
    await step('/steps/vent', { customerWords: '态度太差' });
    await step('/steps/apologise', {});
    await step('/steps/gather', { answers: { descriptive: '办理时被催促' } });
    await step('/steps/propose', { solution: '店长亲自致歉' });
    await step('/steps/agree', { choice: 'accepted', customerChoice: '接受' });
    await step('/steps/follow_up', { scheduledFor: new Date(Date.now() + 86_400_000).toISOString(), channel: 'email', resurvey: true });
    return { ...v, caseId: opened!.caseId as string };
  }
  const caseOf = async (caseId: string) => (await ok(w.call(w.manager, 'GET', `/api/v1/cases/${caseId}`))).json().case;

  it('an invitation marked with the case id closes the case as recovered on a passive or promoter answer', async () => {
    const c = await caseAwaitingResurvey();
    await answerOnPage(await invite({ externalId: followUpInvitationId(c.caseId), customerExternalId: c.customer, locationId: w.locations.hall }), [['q.recommend', '8']]);
    expect(await caseOf(c.caseId)).toMatchObject({ status: 'closed', closeReason: 'recovered', followUp: { recovered: true, score: 8 } });
    // The re-survey answer did not open a case of its own.
    expect(await casesOf(c.customer)).toHaveLength(1);
  });

  it('the customer’s next answer is the re-survey when the case asked for one; unhappy sends it back to work', async () => {
    const c = await caseAwaitingResurvey();
    await answerOnPage(await invite({ customerExternalId: c.customer, locationId: w.locations.hall }), [['q.recommend', '3'], ['q.what-went-wrong', 'result']]);
    expect(await caseOf(c.caseId)).toMatchObject({ status: 'in_progress', currentStep: 'propose', followUp: { recovered: false, score: 3 } });
    expect(await casesOf(c.customer)).toHaveLength(1);
  });

  it('an unhappy re-survey reopens a case that was closed meanwhile', async () => {
    const c = await caseAwaitingResurvey();
    await ok(w.call(w.manager, 'POST', `/api/v1/cases/${c.caseId}/close`, { reason: 'unreachable' }));
    await answerOnPage(await invite({ externalId: followUpInvitationId(c.caseId), customerExternalId: c.customer, locationId: w.locations.hall }), [
      ['q.recommend', '2'],
      ['q.what-went-wrong', 'staff'],
    ]);
    expect(await caseOf(c.caseId)).toMatchObject({ status: 'in_progress', reopenCount: 1 });
  });
});

describe('silent detractors', () => {
  it('lists detractors with no complaint and no case per outlet, until someone reaches out', async () => {
    // Cases open from detractor answers by default; switch the rules off so these answers stay silent.
    await ok(w.call(w.cx, 'PUT', '/api/v1/recovery-rules', { rules: ['detractor', 'low_csat', 'negative_sentiment'].map((kind) => ({ kind, enabled: false })) }));
    try {
      const quiet = await visit();
      const complained = await visit();
      const happy = await visit();
      await answerOnPage(await invite({ interactionExternalId: quiet.interactionExternalId }), [['q.recommend', '4'], ['q.what-went-wrong', 'waiting']]);
      await answerOnPage(await invite({ interactionExternalId: complained.interactionExternalId }), [['q.recommend', '5'], ['q.what-went-wrong', 'waiting']]);
      await answerOnPage(await invite({ interactionExternalId: happy.interactionExternalId }), [['q.recommend', '10']]);
      // The second customer phoned in a complaint: they did speak up.
      await ok(w.call(w.agent, 'POST', '/api/v1/cases', { channel: 'phone', summary: '电话投诉排队太久', customerRef: complained.customer, locationId: w.locations.hall }));

      const silent = async (who = w.cx) => (await ok(w.call(who, 'GET', '/api/v1/recovery/silent-detractors?limit=500'))).json();
      const before = await silent();
      const refs = before.items.map((item: { customerRef: string }) => item.customerRef);
      expect(refs).toContain(quiet.customer);
      expect(refs).not.toContain(complained.customer);
      expect(refs).not.toContain(happy.customer);
      const hall = before.byLocation.find((row: { locationId: string }) => row.locationId === w.locations.hall);
      expect(hall.silent).toBe(before.items.filter((item: { locationId: string }) => item.locationId === w.locations.hall).length);
      expect(hall.detractors).toBeGreaterThan(hall.silent);
      // Another outlet's agent sees none of the hall's customers.
      expect((await silent(w.pudongAgent)).items).toEqual([]);

      const item = before.items.find((row: { customerRef: string }) => row.customerRef === quiet.customer);
      const reached = await ok(
        w.call(w.agent, 'POST', '/api/v1/cases', {
          channel: 'phone',
          reason: 'detractor',
          summary: '主动回访沉默的贬损者',
          responseId: item.responseId,
          customerRef: quiet.customer,
          visitId: quiet.visitId,
          locationId: w.locations.hall,
        }),
      );
      expect(reached.json().case).toMatchObject({ ownerId: w.agent.userId, responseId: item.responseId });
      expect((await silent()).items.map((row: { customerRef: string }) => row.customerRef)).not.toContain(quiet.customer);

      const bad = await w.call(w.cx, 'GET', '/api/v1/recovery/silent-detractors?cursor=nonsense');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.field).toBe('cursor');
    } finally {
      await ok(w.call(w.cx, 'PUT', '/api/v1/recovery-rules', { rules: [] }));
    }
  });
});

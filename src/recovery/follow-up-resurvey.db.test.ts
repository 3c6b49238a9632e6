import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterSurvey } from '../../test/support/feedback-fixtures.ts';
import { createRecoveryWorld, JOURNEY, ok, recoveryDepsOf, type RecoveryWorld } from '../../test/support/recovery-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import { sendFollowUpInvitation } from '../feedback/index.ts';
import { followUpInvitationId, type FollowUpSurveySender } from './index.ts';
import { checkCaseSla } from './service.ts';

/*
 * The automatic re-survey of step 6: the organisation chooses a published survey in the recovery
 * settings; when a follow-up with `resurvey: true` falls due, the feedback room's invitation
 * (`recovery:<caseId>`, the sender main.ts wires) is e-mailed to the customer, and their answer on the
 * survey page closes the case as recovered.
 */

let km: TestKeymoment;
let w: RecoveryWorld;
const SURVEY = 'counter-resurvey';
const DRAFT = 'counter-draft';
const PUBLIC_URL = 'http://keymoment.test';

beforeAll(async () => {
  km = await startTestKeymoment();
  w = await createRecoveryWorld(km);
  await ok(w.call(w.admin, 'PATCH', `/api/v1/locations/${w.locations.hall}`, { code: 'XJH' }));
  const definition = { ...counterSurvey(), about: { journeyKey: JOURNEY, momentKey: 'counter' } };
  await ok(w.call(w.admin, 'POST', '/api/v1/surveys', { key: SURVEY, name: { en: 'Counter' }, definition }));
  await ok(w.call(w.admin, 'POST', `/api/v1/surveys/${SURVEY}/publish`, {}));
  await ok(w.call(w.admin, 'POST', '/api/v1/surveys', { key: DRAFT, name: { en: 'Draft' }, definition }));
});
afterAll(async () => km?.dispose());

let n = 0;
async function caseAwaitingResurvey() {
  const customer = `RS-${++n}`;
  const externalId = `ix-rs-${n}`;
  await ok(
    w.call(w.ingestKey, 'POST', '/api/v1/interactions', {
      externalId,
      momentKey: 'counter',
      journeyKey: JOURNEY,
      visitId: `v-${externalId}`,
      occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
      locationCode: 'XJH',
      channel: 'in_person',
      customer: { externalId: customer, name: '李先生', email: `${customer.toLowerCase()}@example.com` },
    }),
  );
  await ok(
    w.call(w.ingestKey, 'POST', '/api/v1/responses', [
      { externalId: `r-${externalId}`, surveyKey: SURVEY, submittedAt: new Date().toISOString(), channel: 'sms', interactionExternalId: externalId, answers: { recommend: 2, 'what-went-wrong': ['staff'] } },
    ]),
  );
  const [opened] = (await ok(w.call(w.cx, 'GET', `/api/v1/cases?customerRef=${customer}`))).json().items;
  const step = (path: string, body: object) => ok(w.call(w.manager, 'POST', `/api/v1/cases/${opened.caseId}${path}`, body));
  await step('/steps/vent', { customerWords: '态度太差' });
  await step('/steps/apologise', {});
  await step('/steps/gather', { answers: { descriptive: '办理时被催促' } });
  await step('/steps/propose', { solution: '店长亲自致歉' });
  await step('/steps/agree', { choice: 'accepted', customerChoice: '接受' });
  await step('/steps/follow_up', { scheduledFor: new Date(Date.now() + 86_400_000).toISOString(), channel: 'email', resurvey: true });
  return { caseId: opened.caseId as string, customer, email: `${customer.toLowerCase()}@example.com` };
}

/** The recovery deps as main.ts builds them, on a clock past the follow-up date. */
function depsAfterFollowUpDate() {
  const clock = () => new Date(Date.now() + 86_400_000 + 30 * 60_000);
  const sender: FollowUpSurveySender = async (request) => {
    await sendFollowUpInvitation({ database: km.database, mailer: km.mailer, publicUrl: PUBLIC_URL, now: clock }, request.orgId, request);
  };
  return { ...recoveryDepsOf(km, clock), followUpSurveySender: sender };
}

const caseOf = async (caseId: string) => (await ok(w.call(w.manager, 'GET', `/api/v1/cases/${caseId}`))).json().case;

describe('the follow-up survey setting', () => {
  it('accepts only a published survey of the organisation, and null to switch the re-survey off', async () => {
    expect((await ok(w.call(w.cx, 'GET', '/api/v1/recovery/settings'))).json().followUpSurveyKey).toBeNull();
    for (const surveyKey of ['no-such-survey', DRAFT]) {
      const refused = await w.call(w.admin, 'PUT', '/api/v1/recovery/follow-up-survey', { surveyKey });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.field).toBe('surveyKey');
    }
    expect((await w.call(w.agent, 'PUT', '/api/v1/recovery/follow-up-survey', { surveyKey: SURVEY })).statusCode).toBe(403);
    expect((await ok(w.call(w.admin, 'PUT', '/api/v1/recovery/follow-up-survey', { surveyKey: null }))).json().followUpSurveyKey).toBeNull();
    expect((await ok(w.call(w.admin, 'PUT', '/api/v1/recovery/follow-up-survey', { surveyKey: SURVEY }))).json().followUpSurveyKey).toBe(SURVEY);
  });
});

describe('the automatic re-survey', () => {
  it('without a chosen survey, the due follow-up only reminds the owner', async () => {
    await ok(w.call(w.admin, 'PUT', '/api/v1/recovery/follow-up-survey', { surveyKey: null }));
    try {
      const c = await caseAwaitingResurvey();
      await checkCaseSla(depsAfterFollowUpDate(), w.orgId, c.caseId);
      expect(km.mail.lastTo(c.email)).toBeUndefined();
      const { rows } = await km.database.query('select 1 from survey_invitations where org_id = $1 and external_id = $2', [w.orgId, followUpInvitationId(c.caseId)]);
      expect(rows).toHaveLength(0);
    } finally {
      await ok(w.call(w.admin, 'PUT', '/api/v1/recovery/follow-up-survey', { surveyKey: SURVEY }));
    }
  });

  it('is e-mailed when the follow-up falls due, once, and a happy answer closes the case as recovered', async () => {
    const c = await caseAwaitingResurvey();
    const deps = depsAfterFollowUpDate();
    await checkCaseSla(deps, w.orgId, c.caseId);

    const mail = km.mail.lastTo(c.email);
    expect(mail).toBeDefined();
    const token = /\/s\/([A-Za-z0-9_-]+)/.exec(mail!.text ?? '')?.[1];
    expect(token).toBeDefined();
    expect(mail!.text).toContain('李先生');
    const { rows } = await km.database.query<{ survey_id: string; n: number }>(
      'select count(*)::int as n from survey_invitations where org_id = $1 and external_id = $2',
      [w.orgId, followUpInvitationId(c.caseId)],
    );
    expect(rows[0]!.n).toBe(1);
    // Running the due job again sends nothing more.
    const sent = km.mail.sent.filter((m) => m.to === c.email).length;
    await checkCaseSla(deps, w.orgId, c.caseId);
    expect(km.mail.sent.filter((m) => m.to === c.email)).toHaveLength(sent);

    const answered = await km.app.inject({
      method: 'POST',
      url: `/s/${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams([['q.recommend', '9'], ['_action', 'submit']]).toString(),
    });
    expect(answered.statusCode, answered.body).toBeLessThan(400);
    expect(await caseOf(c.caseId)).toMatchObject({ status: 'closed', closeReason: 'recovered', followUp: { recovered: true, score: 9 } });
  });

  it('an unhappy answer to the e-mailed re-survey sends the case back to work', async () => {
    const c = await caseAwaitingResurvey();
    await checkCaseSla(depsAfterFollowUpDate(), w.orgId, c.caseId);
    const token = /\/s\/([A-Za-z0-9_-]+)/.exec(km.mail.lastTo(c.email)?.text ?? '')?.[1];
    const answered = await km.app.inject({
      method: 'POST',
      url: `/s/${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams([['q.recommend', '3'], ['q.what-went-wrong', 'result'], ['_action', 'submit']]).toString(),
    });
    expect(answered.statusCode, answered.body).toBeLessThan(400);
    expect(await caseOf(c.caseId)).toMatchObject({ status: 'in_progress', currentStep: 'propose', followUp: { recovered: false, score: 3 } });
  });
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterSurvey } from '../../test/support/feedback-fixtures.ts';
import { createRecoveryWorld, JOURNEY, ok, recoveryDepsOf, type RecoveryWorld } from '../../test/support/recovery-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import { onFollowUpSurveyAnswered, openCaseFromFailedMoment, recoverFailedMoment, type FailedMoment } from './index.ts';
import { checkCaseSla, sweep } from './service.ts';

/*
 * What the feedback room calls from its response-write transaction: a failed moment opens exactly one
 * case per customer and visit, owned by the right person, and the follow-up re-survey closes or
 * reopens it.
 */

let km: TestKeymoment;
let w: RecoveryWorld;

beforeAll(async () => {
  km = await startTestKeymoment();
  w = await createRecoveryWorld(km);
});
afterAll(async () => km?.dispose());

let visits = 0;
function detractor(extra: Partial<FailedMoment> = {}): FailedMoment {
  visits++;
  return {
    customerRef: `cust-${visits}`,
    visitId: `visit-${visits}`,
    journeyKey: JOURNEY,
    momentKey: 'counter',
    journeyVersion: 1,
    locationId: w.locations.hall,
    staffRef: 'S-017',
    responseId: `resp-${visits}`,
    reason: 'detractor',
    details: { nps: 2, comment: '柜台服务态度太差' },
    ...extra,
  };
}

const inTransaction = <T>(fn: (tx: typeof km.database.db) => Promise<T>) => km.database.db.transaction((tx) => fn(tx));
const countCases = async (customerRef: string) =>
  Number((await km.database.query<{ n: number }>('select count(*)::int as n from cases where org_id = $1 and customer_ref = $2', [w.orgId, customerRef])).rows[0]!.n);

describe('openCaseFromFailedMoment', () => {
  it('opens a case owned by the outlet’s manager, with the comment as its summary and the SLA running', async () => {
    const moment = detractor();
    const opened = await inTransaction((tx) => openCaseFromFailedMoment(tx, w.orgId, moment, new Date()));
    expect(opened).toMatchObject({ outcome: 'created', ownerId: w.manager.userId });
    const detail = (await ok(w.call(w.manager, 'GET', `/api/v1/cases/${opened.caseId}`))).json();
    expect(detail.case).toMatchObject({ source: 'rule', reason: 'detractor', channel: 'survey', summary: '柜台服务态度太差', status: 'open', responseId: moment.responseId, staffRef: 'S-017' });
    expect(detail.case.sla.firstResponseDueAt).not.toBeNull();
    expect(detail.events[0]).toMatchObject({ kind: 'opened', actorKind: 'system' });
  });

  it('attaches several failing answers of one visit to its one open case, even when they arrive at once', async () => {
    const moment = detractor();
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        inTransaction((tx) => openCaseFromFailedMoment(tx, w.orgId, { ...moment, responseId: `resp-burst-${i}`, reason: i % 2 ? 'low_csat' : 'detractor' }, new Date())),
      ),
    );
    expect(outcomes.filter((o) => o.outcome === 'created')).toHaveLength(1);
    expect(outcomes.filter((o) => o.outcome === 'attached')).toHaveLength(7);
    expect(new Set(outcomes.map((o) => o.caseId)).size).toBe(1);
    expect(await countCases(moment.customerRef!)).toBe(1);
    const { rows } = await km.database.query<{ kind: string }>('select kind from case_events where org_id = $1 and case_id = $2', [w.orgId, outcomes[0]!.caseId]);
    expect(rows.filter((r) => r.kind === 'attached')).toHaveLength(7);
  });

  it('keeps an attached failure from aborting the caller’s transaction', async () => {
    const moment = detractor();
    await inTransaction((tx) => openCaseFromFailedMoment(tx, w.orgId, moment, new Date()));
    const after = await inTransaction(async (tx) => {
      await openCaseFromFailedMoment(tx, w.orgId, { ...moment, responseId: 'another' }, new Date());
      // The caller goes on using its transaction: it must not be in an aborted state.
      const result = await tx.execute(sql`select 1 as one`);
      return (result as unknown as { rows: unknown[] }).rows;
    });
    expect(after).toHaveLength(1);
  });

  it('opens a new case once the visit’s case is closed', async () => {
    const moment = detractor();
    const first = await inTransaction((tx) => openCaseFromFailedMoment(tx, w.orgId, moment, new Date()));
    await ok(w.call(w.manager, 'POST', `/api/v1/cases/${first.caseId}/close`, { reason: 'duplicate' }));
    const second = await inTransaction((tx) => openCaseFromFailedMoment(tx, w.orgId, moment, new Date()));
    expect(second.outcome).toBe('created');
    expect(second.caseId).not.toBe(first.caseId);
  });

  it('falls back to the response when there is no visit, so one response makes one case', async () => {
    const moment = detractor({ visitId: null, responseId: 'resp-novisit' });
    const a = await inTransaction((tx) => openCaseFromFailedMoment(tx, w.orgId, moment, new Date()));
    const b = await inTransaction((tx) => openCaseFromFailedMoment(tx, w.orgId, { ...moment, reason: 'negative_sentiment' }, new Date()));
    expect(b).toMatchObject({ outcome: 'attached', caseId: a.caseId });
  });

  it('gives the case to the staff member of the moment or to the team queue when the rule says so', async () => {
    const staff = await inTransaction((tx) => openCaseFromFailedMoment(tx, w.orgId, detractor({ staffRef: w.agent.email, assignTo: 'staff' }), new Date()));
    expect(staff.ownerId).toBe(w.agent.userId);
    const unknownStaff = await inTransaction((tx) => openCaseFromFailedMoment(tx, w.orgId, detractor({ staffRef: 'nobody@example.com', assignTo: 'staff' }), new Date()));
    expect(unknownStaff.ownerId).toBe(w.manager.userId);
    const queue = await inTransaction((tx) => openCaseFromFailedMoment(tx, w.orgId, detractor({ assignTo: 'team_queue' }), new Date()));
    expect(queue.ownerId).toBeNull();
    const centralOnly = await inTransaction((tx) => openCaseFromFailedMoment(tx, w.orgId, detractor({ locationId: null }), new Date()));
    expect(centralOnly.ownerId).toBe(w.cx.userId);
  });

  it('tells the owner by e-mail once the outbox is swept (no mail is sent inside the caller’s transaction)', async () => {
    const before = km.mail.sent.length;
    const opened = await inTransaction((tx) => openCaseFromFailedMoment(tx, w.orgId, detractor({ details: { nps: 1, comment: '再也不来了' } }), new Date()));
    expect(km.mail.sent.length).toBe(before);
    await sweep(recoveryDepsOf(km, () => new Date()));
    const mail = km.mail.lastTo(w.manager.email);
    expect(mail?.subject).toContain('再也不来了');
    expect(mail?.text).toContain(opened.caseId);
  });
});

describe('recovery rules', () => {
  it('are read and replaced whole through the API, and validated field by field', async () => {
    const put = (who: typeof w.admin, rules: object[]) => w.call(who, 'PUT', '/api/v1/recovery-rules', { rules });
    const saved = await ok(
      put(w.cx, [
        { kind: 'detractor' },
        { kind: 'low_csat', threshold: 2 },
        { kind: 'negative_sentiment', journeyKey: JOURNEY, momentKey: 'counter', threshold: -0.5, assignTo: 'staff' },
        { kind: 'detractor', journeyKey: JOURNEY, momentKey: 'leave', enabled: false },
      ]),
    );
    expect(saved.json().rules.map((r: { kind: string; threshold: number | null }) => [r.kind, r.threshold])).toEqual([
      ['detractor', 6],
      ['low_csat', 2],
      ['negative_sentiment', -0.5],
      ['detractor', 6],
    ]);
    expect((await ok(w.call(w.agent, 'GET', '/api/v1/recovery-rules'))).json().rules).toHaveLength(4);
    expect((await put(w.manager, [])).statusCode).toBe(403);
    const bad = await put(w.cx, [{ kind: 'detractor' }, { kind: 'detractor', momentKey: 'counter' }]);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('rules.1.journeyKey');
    const duplicate = await put(w.cx, [{ kind: 'detractor' }, { kind: 'detractor' }]);
    expect(duplicate.json().error.field).toBe('rules.1.kind');
    const range = await put(w.cx, [{ kind: 'low_csat', threshold: 7 }]);
    expect(range.json().error.field).toBe('rules.0.threshold');
  });

  it('open a case through recoverFailedMoment only when a rule fails, listing every failed rule', async () => {
    const base = { ...detractor(), reason: undefined, assignTo: undefined };
    const passed = await inTransaction((tx) => recoverFailedMoment(tx, w.orgId, { ...base, nps: 8, csat: 4 }, new Date()));
    expect(passed).toBeUndefined();
    const left = await inTransaction((tx) => recoverFailedMoment(tx, w.orgId, { ...base, momentKey: 'leave', nps: 0 }, new Date()));
    expect(left).toBeUndefined();
    const failed = await inTransaction((tx) => recoverFailedMoment(tx, w.orgId, { ...base, nps: 3, csat: 1 }, new Date()));
    expect(failed).toMatchObject({ outcome: 'created', ownerId: w.manager.userId });
    const detail = (await ok(w.call(w.cx, 'GET', `/api/v1/cases/${failed!.caseId}`))).json();
    expect(detail.case.reason).toBe('detractor');
    expect(detail.case.details.matches.map((m: { reason: string }) => m.reason)).toEqual(['detractor', 'low_csat']);
  });
});

describe('the follow-up re-survey hook', () => {
  async function caseAwaitingFollowUp() {
    const opened = await inTransaction((tx) => openCaseFromFailedMoment(tx, w.orgId, detractor(), new Date()));
    const step = (path: string, body: object) => ok(w.call(w.manager, 'POST', `/api/v1/cases/${opened.caseId}${path}`, body));
    await step('/steps/vent', { customerWords: '等太久' });
    await step('/steps/apologise', {});
    await step('/steps/gather', { answers: { descriptive: '等了一个小时' } });
    await step('/steps/propose', { solution: '下次优先办理' });
    await step('/steps/agree', { choice: 'accepted', customerChoice: '好的' });
    await step('/steps/follow_up', { scheduledFor: new Date(Date.now() + 86_400_000).toISOString(), channel: 'email', resurvey: true });
    return opened.caseId;
  }

  it('closes the case as recovered when the customer answers as a passive or promoter', async () => {
    const caseId = await caseAwaitingFollowUp();
    const outcome = await inTransaction((tx) => onFollowUpSurveyAnswered(tx, w.orgId, { caseId, score: { kind: 'nps', value: 7 }, responseId: 'fu-1' }, new Date()));
    expect(outcome).toEqual({ caseId, outcome: 'recovered' });
    const detail = (await ok(w.call(w.manager, 'GET', `/api/v1/cases/${caseId}`))).json();
    expect(detail.case).toMatchObject({ status: 'closed', closeReason: 'recovered', followUp: { recovered: true, score: 7 } });
    expect(detail.events.slice(-2).map((e: { kind: string }) => e.kind)).toEqual(['follow_up_answered', 'closed']);
  });

  it('sends the case back to work when the customer is still unhappy, and reopens a closed one', async () => {
    const caseId = await caseAwaitingFollowUp();
    const unhappy = await inTransaction((tx) => onFollowUpSurveyAnswered(tx, w.orgId, { caseId, score: { kind: 'nps', value: 4 } }, new Date()));
    expect(unhappy?.outcome).toBe('reopened');
    const back = (await ok(w.call(w.manager, 'GET', `/api/v1/cases/${caseId}`))).json().case;
    expect(back).toMatchObject({ status: 'in_progress', currentStep: 'propose', followUp: { recovered: false } });

    await ok(w.call(w.manager, 'POST', `/api/v1/cases/${caseId}/close`, { reason: 'unreachable' }));
    const later = await inTransaction((tx) => onFollowUpSurveyAnswered(tx, w.orgId, { caseId, score: { kind: 'csat', value: 1 } }, new Date()));
    expect(later?.outcome).toBe('reopened');
    const reopened = (await ok(w.call(w.manager, 'GET', `/api/v1/cases/${caseId}`))).json().case;
    expect(reopened).toMatchObject({ status: 'in_progress', reopenCount: 1 });
    const notifications = (await ok(w.call(w.manager, 'GET', '/api/v1/notifications'))).json().items;
    expect(notifications.some((n: { kind: string; data: { caseId?: string } }) => n.kind === 'recovery.case_reopened' && n.data.caseId === caseId)).toBe(true);
  });

  it('on the scheduled date reminds the owner and asks the feedback room to send the re-survey', async () => {
    // The re-survey is sent only once the organisation chose its survey.
    await ok(w.call(w.admin, 'POST', '/api/v1/surveys', { key: 'resurvey', name: { en: 'Re-survey' }, definition: { ...counterSurvey(), about: { journeyKey: JOURNEY, momentKey: 'counter' } } }));
    await ok(w.call(w.admin, 'POST', '/api/v1/surveys/resurvey/publish', {}));
    await ok(w.call(w.admin, 'PUT', '/api/v1/recovery/follow-up-survey', { surveyKey: 'resurvey' }));
    const caseId = await caseAwaitingFollowUp();
    const sent: { caseId: string; customerRef: string | null }[] = [];
    const deps = { ...recoveryDepsOf(km, () => new Date(Date.now() + 86_400_000 + 30 * 60_000)), followUpSurveySender: async (request: { caseId: string; customerRef: string | null }) => void sent.push(request) };
    await checkCaseSla(deps, w.orgId, caseId);
    expect(sent).toEqual([expect.objectContaining({ caseId, surveyKey: 'resurvey', customerRef: expect.stringMatching(/^cust-/) })]);
    expect(km.mail.lastTo(w.manager.email)?.subject).toMatch(/Follow-up due today/);
    // The reminder is recorded: running the job again sends nothing more.
    await checkCaseSla(deps, w.orgId, caseId);
    expect(sent).toHaveLength(1);
  });

  it('finds the case by customer when the survey carries no case id, and ignores unknown ones', async () => {
    const caseId = await caseAwaitingFollowUp();
    const { rows } = await km.database.query<{ customer_ref: string }>('select customer_ref from cases where org_id = $1 and case_id = $2', [w.orgId, caseId]);
    const outcome = await inTransaction((tx) => onFollowUpSurveyAnswered(tx, w.orgId, { customerRef: rows[0]!.customer_ref, score: { kind: 'nps', value: 10 } }, new Date()));
    expect(outcome).toEqual({ caseId, outcome: 'recovered' });
    expect(await inTransaction((tx) => onFollowUpSurveyAnswered(tx, w.orgId, { customerRef: 'nobody', score: { kind: 'nps', value: 10 } }, new Date()))).toBeUndefined();
  });
});

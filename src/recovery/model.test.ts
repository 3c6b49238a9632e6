import { describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors.ts';
import { ALWAYS_OPEN, type BusinessCalendar } from './business-time.ts';
import {
  DEFAULT_SLA_POLICY,
  allowedActions,
  currentStep,
  decide,
  decideFollowUpSurvey,
  decideSlaWork,
  dedupeKeyOf,
  derivedSlaColumns,
  dueSlaWork,
  evaluateRecoveryRules,
  normaliseRule,
  openingDeadlines,
  pendingTimers,
  ruleProblems,
  slaStateOf,
  type CaseCommand,
  type CaseState,
  type DecideContext,
  type Relation,
  type RecoveryRule,
} from './model.ts';

const calendar: BusinessCalendar = { timezone: 'Asia/Shanghai', weekHours: ALWAYS_OPEN, holidays: [] };
const policy = { ...DEFAULT_SLA_POLICY, weekHours: ALWAYS_OPEN, firstResponseMinutes: 60, resolutionMinutes: 600, followUpMinutes: 1440, followUpGraceMinutes: 120, escalationMinutes: 30 };
const T0 = new Date('2026-05-04T02:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);
const ctx = (at: Date = minutes(10)): DecideContext => ({ now: at, calendar, policy });

function fresh(overrides: Partial<CaseState> = {}): CaseState {
  return {
    status: 'open',
    ownerId: 'agent-1',
    pendingTransferTo: null,
    pendingTransferBy: null,
    escalationLevel: 0,
    escalatedTo: null,
    playbook: {},
    openedAt: T0,
    ...openingDeadlines(T0, policy, calendar),
    firstRespondedAt: null,
    firstResponseMinutes: null,
    firstResponseBreachedAt: null,
    resolvedAt: null,
    resolutionMinutes: null,
    resolutionBreachedAt: null,
    followUpScheduledFor: null,
    followUpRemindedAt: null,
    followUpDueAt: null,
    followUpDoneAt: null,
    followUpBreachedAt: null,
    followUpScoreKind: null,
    followUpScore: null,
    followUpRecovered: null,
    nextEscalationAt: null,
    compensationCost: null,
    compensationCurrency: null,
    compensationStatus: null,
    compensationGranted: 0,
    closedAt: null,
    closeReason: null,
    reopenCount: 0,
    ...overrides,
  };
}

const agent: Relation = { userId: 'agent-1', canWork: true, canManage: false, approvalLimit: 0 };
const otherAgent: Relation = { userId: 'agent-2', canWork: true, canManage: false, approvalLimit: 0 };
const manager: Relation = { userId: 'manager-1', canWork: true, canManage: true, approvalLimit: 200 };
const central: Relation = { userId: 'cx-1', canWork: true, canManage: true, approvalLimit: null };
const viewer: Relation = { userId: 'viewer-1', canWork: false, canManage: false, approvalLimit: 0 };

/** Applies commands in turn, as the store would, each a minute after the last. */
function run(state: CaseState, steps: [Relation, CaseCommand][], startMinute = 10): CaseState {
  let current = state;
  steps.forEach(([who, command], index) => {
    current = { ...current, ...decide(current, who, command, ctx(minutes(startMinute + index))).patch };
  });
  return current;
}

function refusedWith(fn: () => unknown): { status: number; field: string | undefined } {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return { status: error.status, field: error.field };
    throw error;
  }
  throw new Error('expected a refusal');
}

const upToGather: [Relation, CaseCommand][] = [
  [agent, { action: 'vent', customerWords: '排了四十分钟的队，柜台还说系统故障。' }],
  [agent, { action: 'apologise' }],
  [agent, { action: 'gather', answers: { identity: '王女士 138…', descriptive: 'Waited 40 minutes' } }],
];

describe('the six-step playbook', () => {
  it('walks the steps in order: first response, resolution, follow-up, recovered', () => {
    let state = run(fresh(), upToGather);
    expect(state.status).toBe('in_progress');
    expect(state.firstRespondedAt).toEqual(minutes(10));
    expect(state.firstResponseMinutes).toBe(10);
    expect(currentStep(state)).toBe('propose');
    state = run(state, [
      [agent, { action: 'propose', solution: 'Priority service next visit', compensation: { kind: 'personal_apology', cost: 0 }, currency: 'CNY' }],
      [agent, { action: 'agree', choice: 'accepted', customerChoice: 'OK, priority next time' }],
    ], 20);
    expect(state.status).toBe('awaiting_follow_up');
    expect(state.resolvedAt).toEqual(minutes(21));
    expect(state.resolutionMinutes).toBe(21);
    expect(state.followUpDueAt).toEqual(minutes(21 + 1440));
    expect(currentStep(state)).toBe('follow_up');
    state = run(state, [
      [agent, { action: 'schedule_follow_up', scheduledFor: minutes(2000), channel: 'phone', resurvey: false }],
      [agent, { action: 'record_follow_up', reached: true, score: { kind: 'nps', value: 8 } }],
    ], 30);
    expect(state).toMatchObject({ status: 'closed', closeReason: 'recovered', followUpRecovered: true, followUpScore: 8, followUpScoreKind: 'nps' });
    expect(currentStep(state)).toBeNull();
  });

  it('refuses steps out of order, naming what is missing', () => {
    expect(refusedWith(() => decide(fresh(), agent, { action: 'apologise' }, ctx())).status).toBe(409);
    expect(refusedWith(() => decide(fresh(), agent, { action: 'propose', solution: 'x', currency: 'CNY' }, ctx())).status).toBe(409);
    const gathered = run(fresh(), upToGather);
    expect(refusedWith(() => decide(gathered, agent, { action: 'agree', choice: 'accepted', customerChoice: 'x' }, ctx())).status).toBe(409);
    expect(refusedWith(() => decide(gathered, agent, { action: 'schedule_follow_up', scheduledFor: minutes(100), channel: 'email', resurvey: true }, ctx())).status).toBe(409);
  });

  it('lets only the owner, a manager or the escalation contact record steps', () => {
    expect(refusedWith(() => decide(fresh(), otherAgent, { action: 'vent', customerWords: 'x' }, ctx())).status).toBe(403);
    expect(refusedWith(() => decide(fresh(), viewer, { action: 'vent', customerWords: 'x' }, ctx())).status).toBe(403);
    expect(decide(fresh(), manager, { action: 'vent', customerWords: 'x' }, ctx()).patch.ownerId).toBeUndefined();
    expect(allowedActions(fresh(), otherAgent)).toEqual(['note']);
    expect(allowedActions(fresh(), viewer)).toEqual([]);
  });

  it('gives an unowned case to whoever records its first step (first-contact ownership)', () => {
    const { patch, events } = decide(fresh({ ownerId: null }), otherAgent, { action: 'vent', customerWords: 'x' }, ctx());
    expect(patch.ownerId).toBe('agent-2');
    expect(events.map((e) => e.kind)).toEqual(['accepted', 'step_recorded']);
  });

  it('asks for at least one checklist answer', () => {
    const apologised = run(fresh(), upToGather.slice(0, 2));
    expect(refusedWith(() => decide(apologised, agent, { action: 'gather', answers: { identity: '  ' } }, ctx())).field).toBe('answers');
  });

  it('holds compensation above the proposer’s limit for a manager whose limit covers it', () => {
    const gathered = run(fresh(), upToGather);
    const proposed = run(gathered, [[agent, { action: 'propose', solution: 'Refund the fee', compensation: { kind: 'discount', cost: 500 }, currency: 'CNY' }]], 20);
    expect(proposed).toMatchObject({ status: 'pending_approval', compensationStatus: 'pending', compensationCost: 500, compensationCurrency: 'CNY' });
    expect(refusedWith(() => decide(proposed, agent, { action: 'agree', choice: 'accepted', customerChoice: 'x' }, ctx())).status).toBe(409);
    expect(refusedWith(() => decide(proposed, manager, { action: 'approve' }, ctx())).status).toBe(403);
    expect(allowedActions(proposed, manager)).not.toContain('approve');
    expect(allowedActions(proposed, central)).toContain('approve');
    const approved = run(proposed, [[central, { action: 'approve', note: 'fine' }]], 21);
    expect(approved).toMatchObject({ status: 'in_progress', compensationStatus: 'approved' });
    const agreed = run(approved, [[agent, { action: 'agree', choice: 'accepted', customerChoice: 'Refund accepted' }]], 22);
    expect(agreed.compensationGranted).toBe(500);
  });

  it('approves compensation within the proposer’s own limit at once', () => {
    const gathered = run(fresh(), upToGather);
    const { patch, events } = decide(gathered, manager, { action: 'propose', solution: 'Gift', compensation: { kind: 'gift', cost: 150 }, currency: 'CNY' }, ctx());
    expect(patch).toMatchObject({ status: 'in_progress', compensationStatus: 'approved' });
    expect(events.map((e) => e.kind)).toEqual(['step_recorded', 'compensation_proposed', 'compensation_approved']);
  });

  it('after a rejected compensation or a declined proposal, asks for a new proposal', () => {
    const gathered = run(fresh(), upToGather);
    const rejected = run(gathered, [
      [agent, { action: 'propose', solution: 'x', compensation: { kind: 'discount', cost: 50 }, currency: 'CNY' }],
      [central, { action: 'reject', note: 'too much for this' }],
    ], 20);
    expect(currentStep(rejected)).toBe('propose');
    expect(refusedWith(() => decide(rejected, agent, { action: 'agree', choice: 'accepted', customerChoice: 'x' }, ctx(minutes(30)))).status).toBe(409);
    const declined = run(gathered, [
      [agent, { action: 'propose', solution: 'a', currency: 'CNY' }],
      [agent, { action: 'agree', choice: 'declined', customerChoice: 'No' }],
    ], 20);
    expect(declined.status).toBe('in_progress');
    expect(currentStep(declined)).toBe('propose');
    expect(refusedWith(() => decide(declined, agent, { action: 'agree', choice: 'accepted', customerChoice: 'x' }, ctx(minutes(30)))).status).toBe(409);
    const again = run(declined, [[agent, { action: 'propose', solution: 'b', currency: 'CNY' }], [agent, { action: 'agree', choice: 'accepted', customerChoice: 'Yes' }]], 40);
    expect(again.status).toBe('awaiting_follow_up');
  });

  it('keeps looking when the follow-up finds the customer still unhappy', () => {
    const agreed = run(fresh(), [...upToGather, [agent, { action: 'propose', solution: 'a', currency: 'CNY' }], [agent, { action: 'agree', choice: 'accepted', customerChoice: 'ok' }]]);
    const unhappy = run(agreed, [[agent, { action: 'record_follow_up', reached: true, satisfied: false, notes: 'Still broken' }]], 100);
    expect(unhappy).toMatchObject({ status: 'in_progress', resolvedAt: null, followUpRecovered: false, resolutionDueAt: minutes(100 + 600) });
    expect(unhappy.playbook.propose).toBeUndefined();
    expect(unhappy.playbook.vent).toBeDefined();
    expect(currentStep(unhappy)).toBe('propose');
    const unreached = decide(agreed, agent, { action: 'record_follow_up', reached: false }, ctx(minutes(100)));
    expect(unreached.patch.status).toBeUndefined();
    expect(refusedWith(() => decide(agreed, agent, { action: 'record_follow_up', reached: true }, ctx())).field).toBe('satisfied');
    expect(refusedWith(() => decide(agreed, agent, { action: 'record_follow_up', reached: true, score: { kind: 'nps', value: 11 } }, ctx())).field).toBe('score.value');
    expect(refusedWith(() => decide(agreed, agent, { action: 'schedule_follow_up', scheduledFor: minutes(-100), channel: 'phone', resurvey: false }, ctx(minutes(30)))).field).toBe('scheduledFor');
  });

  it('closes as recovered only after a satisfied follow-up; reopens with a new resolution deadline', () => {
    expect(refusedWith(() => decide(fresh(), agent, { action: 'close', reason: 'recovered' }, ctx())).field).toBe('reason');
    const closed = run(fresh(), [[agent, { action: 'close', reason: 'unreachable', note: 'three calls, no answer' }]]);
    expect(closed).toMatchObject({ status: 'closed', closeReason: 'unreachable' });
    expect(allowedActions(closed, agent)).toEqual(['note', 'reopen']);
    expect(refusedWith(() => decide(closed, agent, { action: 'vent', customerWords: 'x' }, ctx())).status).toBe(409);
    const reopened = run(closed, [[agent, { action: 'reopen', reason: 'customer called back' }]], 50);
    expect(reopened).toMatchObject({ status: 'in_progress', closedAt: null, reopenCount: 1, resolutionDueAt: minutes(50 + 600) });
  });
});

describe('first-contact ownership: transfers', () => {
  it('keeps the owner until the new owner accepts; a decline leaves everything as it was', () => {
    const offered = run(fresh(), [[agent, { action: 'transfer', toUserId: 'agent-2', reason: 'she speaks Hungarian' }]]);
    expect(offered).toMatchObject({ ownerId: 'agent-1', pendingTransferTo: 'agent-2', pendingTransferBy: 'agent-1' });
    expect(refusedWith(() => decide(offered, otherAgent, { action: 'vent', customerWords: 'x' }, ctx())).status).toBe(403);
    expect(allowedActions(offered, otherAgent)).toEqual(expect.arrayContaining(['accept', 'decline']));
    const accepted = run(offered, [[otherAgent, { action: 'accept' }]], 20);
    expect(accepted).toMatchObject({ ownerId: 'agent-2', pendingTransferTo: null });
    const declined = run(offered, [[otherAgent, { action: 'decline', reason: 'off tomorrow' }]], 20);
    expect(declined).toMatchObject({ ownerId: 'agent-1', pendingTransferTo: null });
  });

  it('lets only the person offered accept a transfer, and nobody accept an owned case', () => {
    const offered = run(fresh(), [[agent, { action: 'transfer', toUserId: 'agent-2' }]]);
    expect(refusedWith(() => decide(offered, { ...otherAgent, userId: 'agent-3' }, { action: 'accept' }, ctx())).status).toBe(409);
    expect(refusedWith(() => decide(fresh(), otherAgent, { action: 'transfer', toUserId: 'agent-3' }, ctx())).status).toBe(403);
    expect(refusedWith(() => decide(fresh(), agent, { action: 'transfer', toUserId: 'agent-1' }, ctx())).field).toBe('toUserId');
  });

  it('gives a queued case to the first who accepts it', () => {
    expect(decide(fresh({ ownerId: null }), otherAgent, { action: 'accept' }, ctx()).patch.ownerId).toBe('agent-2');
  });
});

describe('the follow-up re-survey', () => {
  const awaiting = () => run(fresh(), [...upToGather, [agent, { action: 'propose', solution: 'a', currency: 'CNY' }], [agent, { action: 'agree', choice: 'accepted', customerChoice: 'ok' }]]);

  it('closes the case as recovered for a passive or promoter', () => {
    const { patch, events } = decideFollowUpSurvey(awaiting(), { kind: 'nps', value: 7 }, 'resp-1', ctx(minutes(500)));
    expect(patch).toMatchObject({ status: 'closed', closeReason: 'recovered', followUpRecovered: true });
    expect(events.map((e) => e.kind)).toEqual(['follow_up_answered', 'closed']);
  });

  it('sends a still unhappy customer’s case back to work, reopening it if closed', () => {
    const open = decideFollowUpSurvey(awaiting(), { kind: 'csat', value: 2 }, null, ctx(minutes(500)));
    expect(open.patch).toMatchObject({ status: 'in_progress', followUpRecovered: false });
    expect(open.patch).not.toHaveProperty('reopenCount');
    const closed = { ...fresh(), status: 'closed' as const, closedAt: minutes(400), closeReason: 'unreachable' as const };
    const reopened = decideFollowUpSurvey(closed, { kind: 'nps', value: 3 }, null, ctx(minutes(500)));
    expect(reopened.patch).toMatchObject({ status: 'in_progress', closedAt: null, reopenCount: 1 });
    expect(reopened.events.map((e) => e.kind)).toEqual(['follow_up_answered', 'reopened']);
  });
});

describe('SLA timers and escalation', () => {
  it('schedules the first response and resolution deadlines, then the follow-up', () => {
    const state = fresh();
    expect(pendingTimers(state).map((t) => [t.kind, t.dueAt])).toEqual([
      ['first_response', minutes(60)],
      ['resolution', minutes(600)],
    ]);
    expect(derivedSlaColumns(state)).toEqual({ nextDueAt: minutes(60), nextTimerAt: minutes(60) });
    const responded = run(state, upToGather);
    expect(pendingTimers(responded).map((t) => t.kind)).toEqual(['resolution']);
    expect(derivedSlaColumns({ ...state, status: 'closed' })).toEqual({ nextDueAt: null, nextTimerAt: null });
  });

  it('breaches a missed deadline once, escalates one level, and calls the next level if it stays missed', () => {
    const state = fresh();
    expect(dueSlaWork(state, minutes(59)).breaches).toEqual([]);
    const work = dueSlaWork(state, minutes(61));
    expect(work.breaches).toEqual(['first_response']);
    const first = decideSlaWork(state, work, { level: 1, userId: 'manager-1' }, ctx(minutes(61)));
    const escalated = { ...state, ...first.patch };
    expect(escalated).toMatchObject({ escalationLevel: 1, escalatedTo: 'manager-1', firstResponseBreachedAt: minutes(61), nextEscalationAt: minutes(91) });
    expect(first.events.map((e) => e.kind)).toEqual(['sla_breached', 'escalated']);
    expect(dueSlaWork(escalated, minutes(70))).toEqual({ breaches: [], escalateAgain: false, remindFollowUp: false });
    expect(pendingTimers(escalated).map((t) => t.kind)).toEqual(['escalation', 'resolution']);
    const again = dueSlaWork(escalated, minutes(92));
    expect(again.escalateAgain).toBe(true);
    const second = { ...escalated, ...decideSlaWork(escalated, again, { level: 2, userId: 'regional-1' }, ctx(minutes(92))).patch };
    expect(second).toMatchObject({ escalationLevel: 2, escalatedTo: 'regional-1' });
    expect(slaStateOf(derivedSlaColumns(second).nextDueAt, minutes(92))).toBe('breached');
    // Responding now stops the escalation timer: the breached deadline is met.
    const responded = run(second, upToGather.slice(0, 1), 93);
    expect(pendingTimers(responded).map((t) => t.kind)).toEqual(['resolution']);
  });

  it('reminds the owner on the scheduled follow-up date', () => {
    const agreed = run(fresh(), [...upToGather, [agent, { action: 'propose', solution: 'a', currency: 'CNY' }], [agent, { action: 'agree', choice: 'accepted', customerChoice: 'ok' }], [agent, { action: 'schedule_follow_up', scheduledFor: minutes(300), channel: 'email', resurvey: true }]]);
    expect(pendingTimers(agreed).map((t) => t.kind)).toEqual(['follow_up_reminder', 'follow_up']);
    const work = dueSlaWork(agreed, minutes(301));
    expect(work.remindFollowUp).toBe(true);
    const { patch, events } = decideSlaWork(agreed, work, undefined, ctx(minutes(301)));
    expect(patch.followUpRemindedAt).toEqual(minutes(301));
    expect(events[0]).toMatchObject({ kind: 'follow_up_due', data: { resurvey: true, channel: 'email' } });
  });

  it('labels how close the next deadline is', () => {
    expect(slaStateOf(null, T0)).toBe('none');
    expect(slaStateOf(minutes(200), T0)).toBe('on_track');
    expect(slaStateOf(minutes(100), T0)).toBe('due_soon');
    expect(slaStateOf(minutes(-1), T0)).toBe('breached');
  });
});

describe('recovery rules', () => {
  const rules: RecoveryRule[] = [
    normaliseRule({ kind: 'detractor' }, 'org-detractor'),
    normaliseRule({ kind: 'low_csat', threshold: 2 }, 'org-csat'),
    normaliseRule({ kind: 'detractor', journeyKey: 'hall', threshold: 4 }, 'hall-detractor'),
    normaliseRule({ kind: 'detractor', journeyKey: 'hall', momentKey: 'leave', enabled: false }, 'leave-off'),
    normaliseRule({ kind: 'negative_sentiment', journeyKey: 'hall', momentKey: 'counter', threshold: -0.5, assignTo: 'staff' }, 'counter-sentiment'),
    normaliseRule({ kind: 'failed_audit_item' }, 'audit'),
  ];

  it('uses the most specific rule per kind: moment over journey over organisation', () => {
    expect(evaluateRecoveryRules(rules, { journeyKey: 'shop', momentKey: 'pay', nps: 6 }).map((m) => m.ruleId)).toEqual(['org-detractor']);
    expect(evaluateRecoveryRules(rules, { journeyKey: 'hall', momentKey: 'counter', nps: 6 })).toEqual([]);
    expect(evaluateRecoveryRules(rules, { journeyKey: 'hall', momentKey: 'counter', nps: 4 }).map((m) => m.ruleId)).toEqual(['hall-detractor']);
    expect(evaluateRecoveryRules(rules, { journeyKey: 'hall', momentKey: 'leave', nps: 0 })).toEqual([]);
  });

  it('reports every kind that fails, with the value and who should own the case', () => {
    const matches = evaluateRecoveryRules(rules, { journeyKey: 'hall', momentKey: 'counter', nps: 2, csat: 1, sentiment: -0.8 });
    expect(matches.map((m) => [m.reason, m.value, m.assignTo])).toEqual([
      ['detractor', 2, 'outlet_manager'],
      ['low_csat', 1, 'outlet_manager'],
      ['negative_sentiment', -0.8, 'staff'],
    ]);
    expect(evaluateRecoveryRules(rules, { failedAuditItems: [{ key: 'greet', critical: false }, { key: 'safety', critical: true }] }).map((m) => m.value)).toEqual(['safety']);
    expect(evaluateRecoveryRules(rules, { failedAuditItems: [{ key: 'greet', critical: false }] })).toEqual([]);
    expect(evaluateRecoveryRules(rules, { nps: null, csat: 5 })).toEqual([]);
  });

  it('validates rules and names the field', () => {
    expect(ruleProblems([normaliseRule({ kind: 'detractor', momentKey: 'counter' }, 'a')])?.field).toBe('rules.0.journeyKey');
    expect(ruleProblems([normaliseRule({ kind: 'low_csat', threshold: 9 }, 'a')])?.field).toBe('rules.0.threshold');
    expect(ruleProblems([normaliseRule({ kind: 'detractor' }, 'a'), normaliseRule({ kind: 'detractor', threshold: 5 }, 'b')])?.field).toBe('rules.1.kind');
    expect(ruleProblems(rules)).toBeUndefined();
    expect(normaliseRule({ kind: 'negative_sentiment' }, 'x').threshold).toBe(-0.4);
  });

  it('keys one open case per customer and visit, falling back to the response', () => {
    expect(dedupeKeyOf({ visitId: 'v1', responseId: 'r1' })).toBe('visit:v1');
    expect(dedupeKeyOf({ visitId: null, responseId: 'r1' })).toBe('response:r1');
    expect(dedupeKeyOf({})).toBeNull();
  });
});

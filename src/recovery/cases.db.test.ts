import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecoveryWorld, JOURNEY, ok, type RecoveryWorld } from '../../test/support/recovery-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import type { TestMember } from '../../test/support/actors.ts';
import { openCaseFromFailedMoment } from './index.ts';

let km: TestKeymoment;
let w: RecoveryWorld;

beforeAll(async () => {
  km = await startTestKeymoment();
  w = await createRecoveryWorld(km);
});
afterAll(async () => km?.dispose());

let visits = 0;
/** A complaint logged at the counter by `who` at the Xujiahui hall. */
async function logComplaint(who: TestMember, extra: Record<string, unknown> = {}) {
  const response = await ok(
    w.call(who, 'POST', '/api/v1/cases', {
      channel: 'counter',
      summary: 'Waited 40 minutes, then told the system was down',
      customerWords: '排了四十分钟的队，柜台还说系统故障，太过分了！',
      customerRef: `C-${++visits}`,
      customerName: '王女士',
      customerPhone: '13800000000',
      visitId: `V-${visits}`,
      journeyKey: JOURNEY,
      momentKey: 'counter',
      locationId: w.locations.hall,
      ...extra,
    }),
  );
  return response.json().case as { caseId: string; [key: string]: unknown };
}

const getCase = async (who: TestMember, caseId: string) => (await ok(w.call(who, 'GET', `/api/v1/cases/${caseId}`))).json();
const act = (who: TestMember | string, caseId: string, path: string, body?: unknown) => w.call(who, 'POST', `/api/v1/cases/${caseId}${path}`, body);
const kinds = (detail: { events: { kind: string }[] }) => detail.events.map((e) => e.kind);

describe('a complaint logged at the counter', () => {
  it('belongs to whoever logged it, with the customer’s words as step 1 and the first response met', async () => {
    const opened = await w.call(w.agent, 'POST', '/api/v1/cases', {
      channel: 'counter',
      summary: 'Bill charged twice',
      customerWords: 'You charged me twice!',
      locationId: w.locations.hall,
      journeyKey: JOURNEY,
      momentKey: 'counter',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const { outcome, case: created } = opened.json();
    expect(outcome).toBe('created');
    expect(created).toMatchObject({
      source: 'staff',
      reason: 'complaint',
      status: 'in_progress',
      ownerId: w.agent.userId,
      createdBy: w.agent.userId,
      currentStep: 'apologise',
      journeyVersion: 1,
      escalationLevel: 0,
      escalationLevelName: 'none',
    });
    expect(created.sla.firstResponseMinutes).toBe(0);
    expect(created.sla.state).toBe('on_track');
    expect(created.allowedActions).toEqual(expect.arrayContaining(['apologise', 'transfer', 'note', 'close']));
    const detail = await getCase(w.agent, created.caseId);
    expect(kinds(detail)).toEqual(['opened', 'step_recorded']);
    expect(detail.events[1].data).toEqual({ step: 'vent', customerWords: 'You charged me twice!' });
  });

  it('refuses bad input with a 400 naming the field', async () => {
    const post = (body: object) => w.call(w.agent, 'POST', '/api/v1/cases', { channel: 'phone', summary: 'x', ...body });
    const cases: [object, string][] = [
      [{ summary: '' }, 'summary'],
      [{ channel: 'pigeon' }, 'channel'],
      [{ momentKey: 'counter' }, 'journeyKey'],
      [{ journeyKey: JOURNEY, momentKey: 'nowhere', locationId: w.locations.hall }, 'momentKey'],
      [{ customerEmail: 'not-an-email' }, 'customerEmail'],
      [{ ownerId: w.agent2.userId }, 'ownerId'],
      [{ surprise: true }, 'surprise'],
    ];
    for (const [body, field] of cases) {
      const response = await post(body);
      expect(response.statusCode, `${field}: ${response.body}`).toBe(400);
      expect(response.json().error.field).toBe(field);
    }
    expect((await post({ locationId: w.locations.pudong })).statusCode).toBe(404);
  });

  it('opens by API with an external id, idempotently; the outlet’s manager owns it and is told by e-mail', async () => {
    const body = { channel: 'email', summary: 'Letter of complaint', externalId: 'crm-7781', customerRef: 'C-crm', locationId: w.locations.hall };
    const first = await w.call(w.ingestKey, 'POST', '/api/v1/cases', body);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().case).toMatchObject({ source: 'api', ownerId: w.manager.userId, status: 'open', currentStep: 'vent' });
    const retry = await w.call(w.ingestKey, 'POST', '/api/v1/cases', body);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toMatchObject({ outcome: 'existing', case: { caseId: first.json().case.caseId } });
    const mail = km.mail.lastTo(w.manager.email);
    expect(mail?.subject).toContain('Letter of complaint');
    expect(mail?.text).toContain(`/cases/${first.json().case.caseId}`);
    // An ingest key opens cases but cannot read them.
    expect((await w.call(w.ingestKey, 'GET', `/api/v1/cases/${first.json().case.caseId}`)).statusCode).toBe(403);
  });

  it('attaches a second complaint about the same customer and visit to the open case', async () => {
    const first = await logComplaint(w.agent);
    const again = await w.call(w.agent2, 'POST', '/api/v1/cases', {
      channel: 'phone',
      summary: 'Called again about the queue',
      customerRef: `C-${visits}`,
      visitId: `V-${visits}`,
      locationId: w.locations.hall,
    });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ outcome: 'attached', case: { caseId: first.caseId, ownerId: w.agent.userId } });
    expect(kinds(await getCase(w.agent, first.caseId))).toContain('attached');
  });
});

describe('the six steps through the API', () => {
  it('walks a case from venting to a recovered close, with compensation approved by the central team', async () => {
    const { caseId } = await logComplaint(w.agent);
    await ok(act(w.agent, caseId, '/steps/apologise', { note: 'Apologised at the counter' }));
    const gathered = await ok(act(w.agent, caseId, '/steps/gather', { answers: { identity: '王女士 138…', descriptive: '等了四十分钟', clarifying: '下午三点，柜台', anything_else: '希望以后能预约' } }));
    expect(gathered.json().currentStep).toBe('propose');

    const proposed = await ok(act(w.agent, caseId, '/steps/propose', { solution: '退还本月服务费', compensation: { kind: 'discount', cost: 500, description: '本月服务费' } }));
    expect(proposed.json()).toMatchObject({ status: 'pending_approval', compensation: { cost: 500, currency: 'CNY', status: 'pending' } });
    // 500 is above the outlet and regional managers' limit (200): the central CX manager is asked.
    expect(km.mail.lastTo(w.cx.email)?.subject).toMatch(/500/);
    expect((await act(w.agent, caseId, '/compensation/approve', {})).statusCode).toBe(403);
    expect((await act(w.manager, caseId, '/compensation/approve', {})).statusCode).toBe(403);
    const early = await act(w.agent, caseId, '/steps/agree', { choice: 'accepted', customerChoice: 'x' });
    expect(early.statusCode).toBe(409);
    await ok(act(w.cx, caseId, '/compensation/approve', { note: '同意' }));

    const agreed = await ok(act(w.agent, caseId, '/steps/agree', { choice: 'accepted', customerChoice: '接受退还服务费，并希望下次可以预约' }));
    expect(agreed.json()).toMatchObject({ status: 'awaiting_follow_up', currentStep: 'follow_up', compensation: { granted: 500 } });
    expect(agreed.json().sla.resolvedAt).not.toBeNull();

    const past = await act(w.agent, caseId, '/steps/follow_up', { scheduledFor: '2020-01-01T00:00:00Z', channel: 'phone' });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.field).toBe('scheduledFor');
    const when = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const scheduled = await ok(act(w.agent, caseId, '/steps/follow_up', { scheduledFor: when, channel: 'phone', resurvey: false }));
    expect(scheduled.json().sla.followUpScheduledFor).toBe(when);

    const closedEarly = await act(w.agent, caseId, '/close', { reason: 'recovered' });
    expect(closedEarly.statusCode).toBe(400);
    expect(closedEarly.json().error.field).toBe('reason');
    const result = await ok(act(w.agent, caseId, '/steps/follow_up/result', { reached: true, score: { kind: 'nps', value: 9 }, notes: '客户很满意' }));
    expect(result.json()).toMatchObject({ status: 'closed', closeReason: 'recovered', followUp: { recovered: true, score: 9, scoreKind: 'nps' } });

    const detail = await getCase(w.agent, caseId);
    expect(kinds(detail)).toEqual([
      'opened',
      'step_recorded',
      'step_recorded',
      'step_recorded',
      'step_recorded',
      'compensation_proposed',
      'compensation_approved',
      'step_recorded',
      'follow_up_scheduled',
      'follow_up_done',
      'closed',
    ]);
    expect(detail.events.find((e: { kind: string }) => e.kind === 'compensation_approved').actorId).toBe(w.cx.userId);
  });

  it('shows the playbook in the asker’s language, with the checklist, phrases and phrases never to use', async () => {
    const { caseId } = await logComplaint(w.agent);
    const zh = (await ok(w.call(w.agent, 'GET', `/api/v1/cases/${caseId}/playbook?locale=zh-CN`))).json();
    expect(zh.locale).toBe('zh-CN');
    expect(zh.currentStep).toBe('apologise');
    expect(zh.steps.map((s: { key: string }) => s.key)).toEqual(['vent', 'apologise', 'gather', 'propose', 'agree', 'follow_up']);
    expect(zh.steps[0]).toMatchObject({ order: 1, title: '让客户宣泄', done: true, record: { customerWords: expect.stringContaining('四十分钟') } });
    expect(zh.steps[0].neverSay).toContain('您先冷静一下');
    expect(zh.steps[2].questions.map((q: { key: string }) => q.key)).toEqual(['identity', 'descriptive', 'clarifying', 'outcome', 'anything_else']);
    expect(zh.steps[3].compensationKinds).toHaveLength(5);
    expect(zh.alwaysAvoid).toContain('推卸责任');
    const hu = (await ok(km.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/playbook`, headers: { ...w.agent.headers, 'accept-language': 'hu-HU,hu;q=0.9' } }))).json();
    expect(hu.locale).toBe('hu');
    expect(hu.steps[1].title).toBe('Kérjen őszintén bocsánatot');
    const bad = await w.call(w.agent, 'GET', `/api/v1/cases/${caseId}/playbook?locale=de`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('locale');
  });
});

describe('first-contact ownership', () => {
  it('keeps the owner until the colleague accepts a transfer, and keeps every step in the history', async () => {
    const { caseId } = await logComplaint(w.agent);
    const offered = await ok(act(w.agent, caseId, '/transfer', { toUserId: w.agent2.userId, reason: '她负责宽带业务' }));
    expect(offered.json()).toMatchObject({ ownerId: w.agent.userId, pendingTransferTo: w.agent2.userId });
    expect(km.mail.lastTo(w.agent2.email)?.text).toContain('她负责宽带业务');

    // Not yet the owner: the colleague may read it and accept or decline, not work it.
    const asColleague = await getCase(w.agent2, caseId);
    expect(asColleague.case.allowedActions).toEqual(expect.arrayContaining(['accept', 'decline', 'note']));
    expect(asColleague.case.allowedActions).not.toContain('apologise');
    expect((await act(w.agent2, caseId, '/steps/apologise', {})).statusCode).toBe(403);
    // The owner keeps working it meanwhile.
    await ok(act(w.agent, caseId, '/steps/apologise', {}));

    const declined = await ok(act(w.agent2, caseId, '/decline', { reason: '今天休假' }));
    expect(declined.json()).toMatchObject({ ownerId: w.agent.userId, pendingTransferTo: null });
    await ok(act(w.agent, caseId, '/transfer', { toUserId: w.agent2.userId }));
    const accepted = await ok(act(w.agent2, caseId, '/accept'));
    expect(accepted.json()).toMatchObject({ ownerId: w.agent2.userId, pendingTransferTo: null });
    expect((await act(w.agent, caseId, '/steps/gather', { answers: { identity: 'x' } })).statusCode).toBe(403);

    const detail = await getCase(w.agent, caseId);
    expect(kinds(detail)).toEqual(['opened', 'step_recorded', 'transfer_requested', 'step_recorded', 'transfer_declined', 'transfer_requested', 'transfer_accepted']);
    const notifications = (await ok(w.call(w.agent, 'GET', '/api/v1/notifications'))).json();
    expect(notifications.items.map((n: { kind: string }) => n.kind)).toEqual(expect.arrayContaining(['recovery.transfer_declined', 'recovery.transfer_accepted']));
  });

  it('refuses a transfer to someone who does not work cases', async () => {
    const { caseId } = await logComplaint(w.agent);
    const response = await act(w.agent, caseId, '/transfer', { toUserId: w.viewer.userId });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe('toUserId');
  });

  it('escalates by hand one level up the path: the outlet manager first, then the region', async () => {
    const { caseId } = await logComplaint(w.agent);
    const first = await ok(act(w.agent, caseId, '/escalate', { reason: '客户要求见经理' }));
    expect(first.json()).toMatchObject({ escalationLevel: 1, escalationLevelName: 'outlet_manager', escalatedTo: w.manager.userId, ownerId: w.agent.userId });
    expect(km.mail.lastTo(w.manager.email)?.subject).toContain('Waited 40 minutes');
    const second = await ok(act(w.manager, caseId, '/escalate', { reason: '需要区域协调' }));
    expect(second.json()).toMatchObject({ escalationLevel: 2, escalatedTo: w.regional.userId });
    const third = await ok(act(w.regional, caseId, '/escalate', { reason: '总部' }));
    expect(third.json()).toMatchObject({ escalationLevel: 3, escalatedTo: w.cx.userId });
    expect((await act(w.cx, caseId, '/escalate', { reason: 'again' })).statusCode).toBe(409);
  });

  it('notes notify the people mentioned; an unknown mention is a 400', async () => {
    const { caseId } = await logComplaint(w.agent);
    await ok(act(w.agent, caseId, '/notes', { text: '@经理 请帮忙看看退费权限', mentions: [w.manager.userId] }));
    const mail = km.mail.lastTo(w.manager.email);
    expect(mail?.text).toContain('请帮忙看看退费权限');
    const bad = await act(w.agent, caseId, '/notes', { text: 'x', mentions: [w.manager.userId, '00000000-0000-7000-8000-000000000000'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('mentions.1');
  });
});

describe('who sees and works which cases', () => {
  it('frontline staff see their own cases and their team queue; managers their subtree; central everything', async () => {
    const mine = await logComplaint(w.agent);
    const pudongCase = (await ok(w.call(w.ingestKey, 'POST', '/api/v1/cases', { channel: 'web', summary: 'Web form', locationId: w.locations.pudong, ownerId: null }))).json().case;
    const ids = async (who: TestMember, query = '') => (await ok(w.call(who, 'GET', `/api/v1/cases?limit=500${query}`))).json().items.map((c: { caseId: string }) => c.caseId);

    expect(await ids(w.agent, '&view=mine')).toContain(mine.caseId);
    expect(await ids(w.agent2)).not.toContain(mine.caseId);
    expect((await w.call(w.agent2, 'GET', `/api/v1/cases/${mine.caseId}`)).statusCode).toBe(404);
    expect((await w.call(w.pudongAgent, 'GET', `/api/v1/cases/${mine.caseId}`)).statusCode).toBe(404);
    expect(await ids(w.manager)).toContain(mine.caseId);
    expect(await ids(w.regional)).toContain(mine.caseId);
    expect(await ids(w.cx)).toEqual(expect.arrayContaining([mine.caseId, pudongCase.caseId]));
    expect(await ids(w.viewer)).toContain(mine.caseId);
    expect((await act(w.viewer, mine.caseId, '/notes', { text: 'x' })).statusCode).toBe(403);

    // The Pudong hall's case went to its manager; without one there it is the region's.
    expect(pudongCase.ownerId).toBe(w.regional.userId);
    expect(await ids(w.manager)).not.toContain(pudongCase.caseId);
  });

  it('lets the first agent who accepts a queued case own it', async () => {
    const opened = await km.database.db.transaction((tx) =>
      openCaseFromFailedMoment(tx, w.orgId, { customerRef: 'Q-1', visitId: 'QV-1', journeyKey: JOURNEY, momentKey: 'counter', journeyVersion: 1, locationId: w.locations.hall, reason: 'detractor', details: { nps: 2 }, assignTo: 'team_queue' }, new Date()),
    );
    expect(opened.ownerId).toBeNull();
    const team = (await ok(w.call(w.agent2, 'GET', '/api/v1/cases?view=team'))).json().items.map((c: { caseId: string }) => c.caseId);
    expect(team).toContain(opened.caseId);
    expect((await w.call(w.pudongAgent, 'GET', `/api/v1/cases/${opened.caseId}`)).statusCode).toBe(404);
    await ok(act(w.agent2, opened.caseId, '/accept'));
    expect((await act(w.agent, opened.caseId, '/accept')).statusCode).toBe(404);
    expect((await getCase(w.agent2, opened.caseId)).case.ownerId).toBe(w.agent2.userId);
  });

  it('filters by status, location subtree, moment and SLA state, and pages', async () => {
    await logComplaint(w.agent);
    await logComplaint(w.agent);
    const list = async (query: string) => (await ok(w.call(w.cx, 'GET', `/api/v1/cases?${query}`))).json();
    const page1 = await list('limit=2&status=active');
    expect(page1.items).toHaveLength(2);
    const page2 = await list(`limit=2&status=active&cursor=${page1.nextCursor}`);
    expect(page2.items[0].caseId < page1.items[1].caseId).toBe(true);
    expect((await list(`locationId=${w.locations.city}&limit=500`)).items.length).toBeGreaterThanOrEqual((await list(`locationId=${w.locations.hall}&limit=500`)).items.length);
    expect((await list(`locationId=${w.locations.pudong}&limit=500`)).items.every((c: { locationId: string }) => c.locationId === w.locations.pudong)).toBe(true);
    expect((await list('momentKey=counter&limit=500')).items.every((c: { momentKey: string }) => c.momentKey === 'counter')).toBe(true);
    expect((await list('slaState=breached&limit=500')).items).toEqual([]);
    expect((await list('slaState=on_track&limit=1')).items).toHaveLength(1);
    const bad = await w.call(w.cx, 'GET', '/api/v1/cases?slaState=late');
    expect(bad.json().error.field).toBe('slaState');
  });
});

describe('closing and reopening', () => {
  it('closes with a reason and reopens with a new resolution deadline, the owner unchanged', async () => {
    const { caseId } = await logComplaint(w.agent);
    await ok(act(w.agent, caseId, '/close', { reason: 'withdrawn', note: '客户撤回' }));
    expect((await act(w.agent, caseId, '/steps/apologise', {})).statusCode).toBe(409);
    const reopened = await ok(act(w.agent, caseId, '/reopen', { reason: '客户又来电' }));
    expect(reopened.json()).toMatchObject({ status: 'in_progress', ownerId: w.agent.userId, reopenCount: 1, closedAt: null });
  });
});

describe('notifications', () => {
  it('lists a person’s notifications with the unread count and marks them read', async () => {
    const { caseId } = await logComplaint(w.agent);
    await ok(act(w.agent, caseId, '/transfer', { toUserId: w.agent2.userId }));
    const list = (await ok(w.call(w.agent2, 'GET', '/api/v1/notifications?unread=true'))).json();
    const offer = list.items.find((n: { link: string; kind: string }) => n.link === `/cases/${caseId}` && n.kind === 'recovery.transfer_requested');
    expect(offer).toBeDefined();
    expect(list.unreadCount).toBeGreaterThan(0);
    const read = await ok(w.call(w.agent2, 'POST', `/api/v1/notifications/${offer.notificationId}/read`));
    expect(read.json().readAt).not.toBeNull();
    expect((await w.call(w.agent, 'POST', `/api/v1/notifications/${offer.notificationId}/read`)).statusCode).toBe(404);
    await ok(w.call(w.agent2, 'POST', '/api/v1/notifications/read-all'));
    expect((await ok(w.call(w.agent2, 'GET', '/api/v1/notifications'))).json().unreadCount).toBe(0);
    expect((await w.call(w.ingestKey, 'GET', '/api/v1/notifications')).statusCode).toBe(403);
  });
});

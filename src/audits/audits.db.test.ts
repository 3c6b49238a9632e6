import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSignedInMember } from '../../test/support/actors.ts';
import { caller, expectStatus, multipartFile, passingHallAnswers, setUpAuditOrg, TINY_PNG, type AuditOrg } from '../../test/support/audit-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import { escalateOverdueActions } from './actions.ts';
import { createDueScheduledRuns } from './store.ts';

let km: TestKeymoment;
let org: AuditOrg;
let call: ReturnType<typeof caller>;
let now = new Date('2026-11-03T01:00:00Z');

beforeAll(async () => {
  km = await startTestKeymoment({}, { now: () => now });
  call = caller(km);
  org = await setUpAuditOrg(km, 'Shanghai Telecom');
});
afterAll(async () => km?.dispose());

async function newRun(kind: 'self_inspection' | 'walk_through', extra: Record<string, unknown> = {}): Promise<string> {
  return expectStatus(await call(org.admin, 'POST', '/api/v1/audits/runs', { checklistKey: org.checklistKey, locationId: org.outletId, kind, ...extra }), 201).json()
    .runId as string;
}

describe('checklists', () => {
  it('lists the shipped templates in the caller’s language', async () => {
    const list = expectStatus(await call(org.agent, 'GET', '/api/v1/audits/checklist-templates', undefined, { 'accept-language': 'zh-TW' }), 200).json();
    expect(list.items.map((t: { key: string }) => t.key)).toEqual(['car-dealership-sales-steps', 'telecom-service-hall-visit']);
    expect(list.items[1]).toMatchObject({ name: '營業廳服務檢查表', locale: 'zh-TW', journeyKey: 'telecom-service-hall', momentKeys: ['greeting', 'queue-triage', 'counter-transaction', 'leave'] });
  });

  it('will not publish against a journey the organisation has not published', async () => {
    const refused = await call(org.admin, 'POST', '/api/v1/audits/checklists/from-template', { templateKey: 'car-dealership-sales-steps', publish: true });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.field).toBe('journeyKey');
    // Nothing half-made was left behind.
    expect((await call(org.admin, 'GET', '/api/v1/audits/checklists/car-dealership-sales-steps')).statusCode).toBe(404);
    const draft = expectStatus(await call(org.admin, 'POST', '/api/v1/audits/checklists/from-template', { templateKey: 'car-dealership-sales-steps' }), 201).json();
    expect(draft).toMatchObject({ publishedVersion: null, journeyKey: 'car-dealership-sales', templateKey: 'car-dealership-sales-steps' });
    const problems = expectStatus(await call(org.admin, 'GET', '/api/v1/audits/checklists/car-dealership-sales-steps/draft'), 200).json().problems;
    expect(problems[0]).toMatchObject({ severity: 'error', field: 'journeyKey' });
  });

  it('edits a draft, publishes immutable versions, and names the field of bad input', async () => {
    const definition = {
      journeyKey: 'telecom-service-hall',
      sections: [{ momentKey: 'greeting', items: [{ key: 'smile', text: { en: 'Smiled', 'zh-CN': '微笑' }, type: 'yes_no' }] }],
    };
    const created = expectStatus(await call(org.admin, 'POST', '/api/v1/audits/checklists', { key: 'quick-check', name: { en: 'Quick check' }, definition }), 201).json();
    expect(created).toMatchObject({ key: 'quick-check', fallbackLocale: 'en', draftRevision: 1, hasUnpublishedChanges: true });
    const badWeight = await call(org.admin, 'PUT', '/api/v1/audits/checklists/quick-check/draft', {
      ...definition,
      sections: [{ momentKey: 'greeting', items: [{ key: 'smile', text: { en: 'Smiled' }, type: 'yes_no', weight: -1 }] }],
    });
    expect(badWeight.statusCode).toBe(400);
    expect(badWeight.json().error.field).toBe('sections.0.items.0.weight');
    const unknownField = await call(org.admin, 'POST', '/api/v1/audits/checklists', { key: 'x', name: { en: 'X' }, definition, colour: 'red' });
    expect(unknownField.json().error.field).toBe('colour');
    const duplicate = await call(org.admin, 'POST', '/api/v1/audits/checklists', { key: 'quick-check', name: { en: 'Again' }, definition });
    expect(duplicate.statusCode).toBe(409);

    const stale = await call(org.admin, 'PUT', '/api/v1/audits/checklists/quick-check/draft', definition, { 'if-match': '"7"' });
    expect(stale.statusCode).toBe(412);
    const v1 = expectStatus(await call(org.admin, 'POST', '/api/v1/audits/checklists/quick-check/publish', { note: 'first' }), 201).json();
    expect(v1).toMatchObject({ version: 1, itemCount: 1, journeyKey: 'telecom-service-hall' });
    expect((await call(org.admin, 'POST', '/api/v1/audits/checklists/quick-check/publish')).statusCode).toBe(409);
    const withMore = { ...definition, sections: [{ ...definition.sections[0], items: [...definition.sections[0]!.items, { key: 'eye-contact', text: { en: 'Eye contact' }, type: 'yes_no' }] }] };
    expectStatus(await call(org.admin, 'PUT', '/api/v1/audits/checklists/quick-check/draft', withMore, { 'if-match': '"1"' }), 200);
    expectStatus(await call(org.admin, 'POST', '/api/v1/audits/checklists/quick-check/publish'), 201);
    const versions = expectStatus(await call(org.agent, 'GET', '/api/v1/audits/checklists/quick-check/versions'), 200).json();
    expect(versions.items.map((v: { version: number; itemCount: number }) => [v.version, v.itemCount])).toEqual([
      [2, 2],
      [1, 1],
    ]);
    // The database itself refuses to change a published version.
    await expect(km.database.query(`update audit_checklist_versions set note = 'edited' where org_id = $1`, [org.admin.orgId])).rejects.toThrow(/published and cannot be changed/);
    // Runs take the latest version unless told otherwise.
    const run = expectStatus(await call(org.admin, 'POST', '/api/v1/audits/runs', { checklistKey: 'quick-check', locationId: org.outletId, kind: 'self_inspection', version: 1 }), 201).json();
    expect(run).toMatchObject({ checklistVersion: 1, journeyKey: 'telecom-service-hall', journeyVersion: 1 });
  });

  it('lets only managers of audits change checklists', async () => {
    const denied = await call(org.manager, 'POST', '/api/v1/audits/checklists', { key: 'mine', name: { en: 'Mine' }, definition: { journeyKey: 'x', sections: [] } });
    expect(denied.statusCode).toBe(403);
    expect((await call(org.agent, 'GET', '/api/v1/audits/checklists')).statusCode).toBe(200);
  });
});

describe('runs', () => {
  it('creates runs idempotently, only at outlets, and assigns them with a notification', async () => {
    const body = { checklistKey: org.checklistKey, locationId: org.outletId, kind: 'self_inspection', assigneeUserId: org.agent.userId, idempotencyKey: 'nov-self-1' };
    const first = await call(org.admin, 'POST', '/api/v1/audits/runs', body);
    expect(first.statusCode).toBe(201);
    const retry = await call(org.admin, 'POST', '/api/v1/audits/runs', body);
    expect(retry.statusCode).toBe(200);
    expect(retry.json().runId).toBe(first.json().runId);
    const atRegion = await call(org.admin, 'POST', '/api/v1/audits/runs', { ...body, idempotencyKey: undefined, locationId: org.regionId });
    expect(atRegion.statusCode).toBe(400);
    expect(atRegion.json().error.field).toBe('locationId');
    const strangerAssignee = await call(org.admin, 'POST', '/api/v1/audits/runs', { ...body, idempotencyKey: 'other', assigneeUserId: '00000000-0000-7000-8000-000000000000' });
    expect(strangerAssignee.json().error.field).toBe('assigneeUserId');
    const mine = expectStatus(await call(org.agent, 'GET', '/api/v1/audits/runs?assignee=me'), 200).json().items;
    expect(mine.map((r: { runId: string }) => r.runId)).toEqual([first.json().runId]);
    const inbox = expectStatus(await call(org.agent, 'GET', '/api/v1/notifications'), 200).json().items;
    expect(inbox[0]).toMatchObject({ kind: 'audits.run_assigned', link: `/audits/runs/${first.json().runId}`, data: { runId: first.json().runId }, readAt: null });
    const read = expectStatus(await call(org.agent, 'POST', `/api/v1/notifications/${inbox[0].notificationId}/read`), 200).json();
    expect(read.readAt).not.toBeNull();
    expect(expectStatus(await call(org.agent, 'GET', '/api/v1/notifications?unread=true'), 200).json().items).toEqual([]);
  });

  it('staff do self-inspections; walk-throughs are for managers; an assigned run is its assignee’s', async () => {
    const walk = await newRun('walk_through');
    const byAgent = await call(org.agent, 'PUT', `/api/v1/audits/runs/${walk}/answers`, { answers: { 'greeted-at-door': { value: 'yes' } } });
    expect(byAgent.statusCode).toBe(403);
    expectStatus(await call(org.manager, 'PUT', `/api/v1/audits/runs/${walk}/answers`, { answers: { 'greeted-at-door': { value: 'yes' } } }), 200);
    const assigned = await newRun('self_inspection', { assigneeUserId: org.manager.userId });
    expect((await call(org.agent, 'PUT', `/api/v1/audits/runs/${assigned}/answers`, { answers: {} })).statusCode).toBe(403);
    const open = await newRun('self_inspection');
    expectStatus(await call(org.agent, 'PUT', `/api/v1/audits/runs/${open}/answers`, { answers: { 'greeted-at-door': { value: 'yes' } } }), 200);
    const viewer = await addSignedInMember(km, org.admin.orgId, 'viewer');
    expect((await call(viewer, 'PUT', `/api/v1/audits/runs/${open}/answers`, { answers: {} })).statusCode).toBe(403);
    expect((await call(viewer, 'GET', `/api/v1/audits/runs/${open}`)).statusCode).toBe(200);
  });

  it('a manager’s walk-through with a photo: scored, compared with the benchmarks, actions opened', async () => {
    const run = await newRun('walk_through');
    const upload = multipartFile(TINY_PNG);
    const photo = await km.app.inject({
      method: 'POST',
      url: `/api/v1/audits/runs/${run}/evidence?itemKey=manager-hotline`,
      headers: { ...org.manager.headers, ...upload.headers },
      payload: upload.payload,
    });
    expect(photo.statusCode, photo.body).toBe(201);
    const answers = { ...passingHallAnswers(), 'manager-hotline': { value: 'no' as const }, thanked: { value: 'no' as const, note: 'nobody at the exit' } };
    const submitted = expectStatus(await call(org.manager, 'POST', `/api/v1/audits/runs/${run}/submit`, { answers }), 201).json();
    // No critical item failed, but 16 of 19.5 weighted points (82.05 %) is under the checklist's 85 %.
    expect(submitted.run).toMatchObject({ status: 'submitted', passed: false, criticalFailed: false, compliance: 82.05 });
    expect(submitted.run.result.failedItems).toEqual(['thanked', 'manager-hotline']);
    const leave = submitted.run.result.moments.find((m: { momentKey: string }) => m.momentKey === 'leave');
    // Leave: (0 + 1 + 0.5 + 0) of (2 + 1 + 0.5 + 1) = 33.33 %, target ≥ 95 → missed.
    expect(leave).toMatchObject({ compliance: 33.33, target: { comparator: 'gte', value: 95 }, benchmark: 'missed' });
    const greeting = submitted.run.result.moments.find((m: { momentKey: string }) => m.momentKey === 'greeting');
    expect(greeting).toMatchObject({ compliance: 100, target: null, benchmark: 'no_target' });
    expect(submitted.actions.opened).toHaveLength(2);
    const evidence = await call(org.agent, 'GET', `/api/v1/audits/runs/${run}/evidence/${photo.json().evidenceId}`);
    expect(evidence.statusCode).toBe(200);
    expect(evidence.headers['content-type']).toBe('image/png');
  });
});

describe('compliance trends', () => {
  it('sums per item, moment and outlet from the rollups, equal to a raw recomputation', async () => {
    now = new Date('2026-12-02T01:00:00Z');
    const december = await newRun('self_inspection');
    const answers = { ...passingHallAnswers(), 'wait-shown': { value: 'no' as const, note: 'screen off' } };
    expectStatus(await call(org.agent, 'POST', `/api/v1/audits/runs/${december}/submit`, { answers }), 201);

    const byMoment = expectStatus(await call(org.agent, 'GET', `/api/v1/audits/compliance?groupBy=moment&checklistKey=${org.checklistKey}`), 200).json();
    expect(byMoment.period).toBe('month');
    const leaveNovember = byMoment.items.find((row: { period: string; key: string }) => row.period === '2026-11' && row.key === 'leave');
    expect(leaveNovember).toMatchObject({ journeyKey: 'telecom-service-hall', compliance: 33.33, benchmark: 'missed', target: { comparator: 'gte', value: 95 } });
    const queueDecember = byMoment.items.find((row: { period: string; key: string }) => row.period === '2026-12' && row.key === 'queue-triage');
    expect(queueDecember).toMatchObject({ answered: 3, failed: 1, notApplicable: 1, compliance: 66.67 });

    const byItem = expectStatus(await call(org.agent, 'GET', '/api/v1/audits/compliance?groupBy=item&period=quarter'), 200).json();
    const waitShown = byItem.items.find((row: { key: string }) => row.key === 'wait-shown');
    expect(waitShown).toMatchObject({ period: '2026-Q4', momentKey: 'queue-triage', checklistKey: org.checklistKey, answered: 2, passed: 1, failed: 1, compliance: 50 });

    // The agent works at the outlet and cannot see the region; the administrator can.
    expect((await call(org.agent, 'GET', `/api/v1/audits/compliance?groupBy=location&locationId=${org.regionId}`)).statusCode).toBe(404);
    const byLocation = expectStatus(await call(org.admin, 'GET', `/api/v1/audits/compliance?groupBy=location&from=2026-12&to=2026-12&locationId=${org.regionId}`), 200).json();
    expect(byLocation.items).toHaveLength(1);
    expect(byLocation.items[0]).toMatchObject({ period: '2026-12', key: org.outletId });

    // The rollups equal the raw answers (the dashboards rule of DESIGN.md).
    const raw = await km.database.query<{ moment_key: string; month: string; earned: number; possible: number; answered: number }>(
      `select moment_key, to_char(date_trunc('month', submitted_at at time zone 'Asia/Shanghai'), 'YYYY-MM') as month,
              sum(earned)::float8 as earned, sum(possible)::float8 as possible, count(*) filter (where passed is not null)::int as answered
       from audit_answers where org_id = $1 group by 1, 2`,
      [org.admin.orgId],
    );
    const rolled = await km.database.query<{ moment_key: string; month: string; earned: number; possible: number; answered: number }>(
      `select moment_key, to_char(period_month, 'YYYY-MM') as month, sum(earned)::float8 as earned, sum(possible)::float8 as possible, sum(answered)::int as answered
       from audit_compliance_rollups where org_id = $1 group by 1, 2`,
      [org.admin.orgId],
    );
    const key = (row: { moment_key: string; month: string }) => `${row.month} ${row.moment_key}`;
    const normalise = (rows: { moment_key: string; month: string; earned: number; possible: number; answered: number }[]) =>
      rows.map((row) => ({ key: key(row), earned: Number(row.earned).toFixed(6), possible: Number(row.possible).toFixed(6), answered: Number(row.answered) })).sort((a, b) => a.key.localeCompare(b.key));
    expect(raw.rows.length).toBeGreaterThan(3);
    expect(normalise(rolled.rows)).toEqual(normalise(raw.rows));
  });

  it('names the field of a bad query', async () => {
    const bad = await call(org.agent, 'GET', '/api/v1/audits/compliance?groupBy=staff');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('groupBy');
    const badMonth = await call(org.agent, 'GET', '/api/v1/audits/compliance?groupBy=item&from=2026-13');
    expect(badMonth.json().error.field).toBe('from');
  });
});

describe('schedules and escalation', () => {
  it('creates each scheduled run once, in the outlet’s time zone, with its due date', async () => {
    now = new Date('2026-12-06T12:00:00Z');
    const schedule = expectStatus(
      await call(org.admin, 'POST', '/api/v1/audits/schedules', {
        checklistKey: org.checklistKey,
        locationId: org.outletId,
        kind: 'self_inspection',
        frequency: 'monthly',
        dayOfMonth: 7,
        dueDays: 5,
        assigneeUserId: org.agent.userId,
      }),
      201,
    ).json();
    expect(schedule).toMatchObject({ nextRunOn: '2026-12-07', active: true, frequency: 'monthly' });
    const weeklyWithoutDay = await call(org.admin, 'POST', '/api/v1/audits/schedules', { checklistKey: org.checklistKey, locationId: org.outletId, kind: 'walk_through', frequency: 'weekly' });
    expect(weeklyWithoutDay.json().error.field).toBe('weekday');

    expect(await createDueScheduledRuns(km.database.db, now)).toEqual([]);
    // 16:30 UTC on 6 December is 00:30 on 7 December in Shanghai.
    now = new Date('2026-12-06T16:30:00Z');
    const created = await createDueScheduledRuns(km.database.db, now);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ scheduleId: schedule.scheduleId, scheduledFor: '2026-12-07', assigneeUserId: org.agent.userId, kind: 'self_inspection' });
    // Due at the end of the 5th day: midnight of 12 December in Shanghai.
    expect(created[0]!.dueAt?.toISOString()).toBe('2026-12-11T16:00:00.000Z');
    expect(await createDueScheduledRuns(km.database.db, now)).toEqual([]);
    const after = expectStatus(await call(org.admin, 'GET', '/api/v1/audits/schedules'), 200).json().items.find((s: { scheduleId: string }) => s.scheduleId === schedule.scheduleId);
    expect(after).toMatchObject({ nextRunOn: '2027-01-07', lastRunOn: '2026-12-07' });
    const overdue = expectStatus(await call(org.agent, 'GET', '/api/v1/audits/runs?overdue=true'), 200).json().items;
    expect(overdue.map((r: { runId: string }) => r.runId)).not.toContain(created[0]!.runId);
  });

  it('escalates overdue actions to the owner and the CX managers above the outlet, once per step', async () => {
    const cx = await addSignedInMember(km, org.admin.orgId, 'cx_manager', org.regionId);
    const open = expectStatus(await call(org.manager, 'GET', '/api/v1/audits/actions?status=open'), 200).json().items;
    expect(open.length).toBeGreaterThan(0);
    now = new Date('2027-01-10T00:00:00Z');
    const first = await escalateOverdueActions(km.database.db, now);
    expect(first.map((e) => e.level)).toEqual(open.map(() => 1));
    expect(await escalateOverdueActions(km.database.db, now)).toEqual([]);
    const inbox = expectStatus(await call(cx, 'GET', '/api/v1/notifications'), 200).json().items;
    expect(inbox.filter((n: { kind: string }) => n.kind === 'audits.action_overdue')).toHaveLength(open.length);
    const detail = expectStatus(await call(org.manager, 'GET', `/api/v1/audits/actions/${open[0].actionId}`), 200).json();
    expect(detail).toMatchObject({ escalationLevel: 1, overdue: true });
    expect(detail.events.map((e: { kind: string }) => e.kind)).toContain('escalated');
    now = new Date('2027-01-16T00:00:00Z');
    expect(await escalateOverdueActions(km.database.db, now)).toEqual([]);
    now = new Date('2027-01-17T00:00:00Z');
    expect((await escalateOverdueActions(km.database.db, now)).map((e) => e.level)).toEqual(open.map(() => 2));
  });
});

describe('improvement actions', () => {
  it('walks plan → do → check → act and round again, from an audit or a moment', async () => {
    const run = (await call(org.admin, 'GET', '/api/v1/audits/runs?status=submitted')).json().items[0].runId;
    const body = {
      title: 'Thank every customer at the exit',
      journeyKey: 'telecom-service-hall',
      momentKey: 'leave',
      locationId: org.outletId,
      source: { kind: 'audit', runId: run },
      hypothesis: 'A greeter at the door in peak hours lifts the "leave" compliance and the end-of-visit score',
      ownerUserId: org.manager.userId,
      startDate: '2027-01-11',
      idempotencyKey: 'leave-greeter',
    };
    const created = await call(org.manager, 'POST', '/api/v1/improvement-actions', body);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ status: 'plan', cycle: 1, impact: null, source: { kind: 'audit', runId: run, caseId: null } });
    expect((await call(org.manager, 'POST', '/api/v1/improvement-actions', body)).statusCode).toBe(200);
    const id = created.json().improvementId;
    const skip = await call(org.manager, 'PATCH', `/api/v1/improvement-actions/${id}`, { status: 'act' });
    expect(skip.statusCode).toBe(400);
    expect(skip.json().error.field).toBe('status');
    for (const status of ['do', 'check', 'act']) expectStatus(await call(org.manager, 'PATCH', `/api/v1/improvement-actions/${id}`, { status }), 200);
    const again = expectStatus(await call(org.manager, 'PATCH', `/api/v1/improvement-actions/${id}`, { status: 'plan', notes: 'Extend to weekends' }), 200).json();
    expect(again).toMatchObject({ status: 'plan', cycle: 2, notes: 'Extend to weekends' });

    const fromCase = await call(org.manager, 'POST', '/api/v1/improvement-actions', { ...body, idempotencyKey: undefined, source: { kind: 'case' } });
    expect(fromCase.json().error.field).toBe('source.caseId');
    const badDate = await call(org.manager, 'POST', '/api/v1/improvement-actions', { ...body, idempotencyKey: undefined, source: { kind: 'moment' }, startDate: '2027-02-30' });
    expect(badDate.json().error.field).toBe('startDate');
    expect((await call(org.agent, 'POST', '/api/v1/improvement-actions', { ...body, idempotencyKey: 'agent' })).statusCode).toBe(403);
    const list = expectStatus(await call(org.agent, 'GET', '/api/v1/improvement-actions?momentKey=leave'), 200).json().items;
    expect(list.map((i: { improvementId: string }) => i.improvementId)).toEqual([id]);
  });
});

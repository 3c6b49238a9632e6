import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caller, expectStatus, setUpAuditOrg, type AuditOrg } from '../../test/support/audit-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import { ESCALATION_QUEUE, SCHEDULED_RUNS_QUEUE } from './jobs.ts';

/* The jobs as the server runs them: registered on the real pg-boss queue at start-up (config.jobs). */

let km: TestKeymoment;
let org: AuditOrg;
let call: ReturnType<typeof caller>;

beforeAll(async () => {
  km = await startTestKeymoment({ jobs: true });
  call = caller(km);
  org = await setUpAuditOrg(km, 'Budapest Telecom', 'Europe/Budapest');
});
afterAll(async () => km?.dispose());

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const found = await probe();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('audit jobs on the queue', () => {
  it('are scheduled at start-up', async () => {
    const schedules = (await km.queue!.getSchedules()).map((schedule) => schedule.name);
    expect(schedules).toEqual(expect.arrayContaining([ESCALATION_QUEUE, SCHEDULED_RUNS_QUEUE]));
  });

  it('create the runs whose date has come when the job runs', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Budapest' }).format(new Date());
    const weekday = ((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
    const schedule = expectStatus(
      await call(org.admin, 'POST', '/api/v1/audits/schedules', { checklistKey: org.checklistKey, locationId: org.outletId, kind: 'walk_through', frequency: 'weekly', weekday }),
      201,
    ).json();
    expect(schedule.nextRunOn).toBe(today);
    await km.queue!.send(SCHEDULED_RUNS_QUEUE, {});
    const run = await waitFor(async () => {
      const items = (await call(org.admin, 'GET', '/api/v1/audits/runs?kind=walk_through')).json().items as { scheduleId: string; scheduledFor: string }[];
      return items.find((item) => item.scheduleId === schedule.scheduleId);
    }, 'the scheduled run');
    expect(run.scheduledFor).toBe(today);
  });

  it('escalate overdue actions when the job runs', async () => {
    const run = expectStatus(await call(org.admin, 'POST', '/api/v1/audits/runs', { checklistKey: org.checklistKey, locationId: org.outletId, kind: 'walk_through' }), 201).json();
    const answers = {
      'greeted-at-door': { value: 'no', note: 'nobody' },
      'acknowledge-when-busy': { value: 'na' },
      'purpose-asked': { value: 'yes' },
      'neat-appearance': { value: 4 },
      'ticket-triage': { value: 'yes' },
      'wait-shown': { value: 'yes' },
      'long-wait-check': { value: 'na' },
      'waiting-area': { value: 'yes' },
      'served-skilfully': { value: 4 },
      'fees-confirmed': { value: 'yes' },
      'money-announced': { value: 'na' },
      'relevant-offer': { value: 'yes' },
      'counter-goodbye': { value: 'yes' },
      'open-issue-owned': { value: 'na' },
      thanked: { value: 'yes' },
      'warm-reminder': { value: 'yes' },
      'personal-card': { value: 'na' },
      'manager-hotline': { value: 'yes' },
    };
    const submitted = expectStatus(await call(org.manager, 'POST', `/api/v1/audits/runs/${run.runId}/submit`, { answers }), 201).json();
    const actionId = submitted.actions.opened[0] as string;
    expectStatus(await call(org.manager, 'PATCH', `/api/v1/audits/actions/${actionId}`, { dueAt: new Date(Date.now() - 60_000).toISOString() }), 200);
    await km.queue!.send(ESCALATION_QUEUE, {});
    const escalated = await waitFor(async () => {
      const action = (await call(org.manager, 'GET', `/api/v1/audits/actions/${actionId}`)).json();
      return action.escalationLevel === 1 ? action : undefined;
    }, 'the escalation');
    expect(escalated.events.map((event: { kind: string }) => event.kind)).toEqual(['opened', 'rescheduled', 'escalated']);
    const inbox = (await call(org.manager, 'GET', '/api/v1/notifications?unread=true')).json().items;
    expect(inbox.map((n: { kind: string; data: { actionId?: string } }) => [n.kind, n.data.actionId])).toContainEqual(['audits.action_overdue', actionId]);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aroundTheClockPolicy, createRecoveryWorld, JOURNEY, ok, recoveryDepsOf, startKeymomentOn, type RecoveryWorld } from '../../test/support/recovery-fixtures.ts';
import { createTestDatabaseUrl, MemoryMailer, startTestKeymoment, TEST_ENGINE, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import { openCaseFromFailedMoment } from './index.ts';
import { checkCaseSla, sweep } from './service.ts';

/*
 * SLA deadlines in business time, breaches that escalate outlet manager → regional → central, and
 * timers that live in the database: a breach still escalates after the server restarts.
 */

let km: TestKeymoment;
let w: RecoveryWorld;
/** The server's clock; null = real time. */
let clock: Date | null = null;

beforeAll(async () => {
  km = await startTestKeymoment({}, { now: () => clock ?? new Date() });
  w = await createRecoveryWorld(km);
});
afterAll(async () => km?.dispose());

const MINUTE = 60_000;

async function openAtHall(extra: object = {}) {
  const response = await ok(w.call(w.agent, 'POST', '/api/v1/cases', { channel: 'phone', summary: 'Nobody called back', locationId: w.locations.hall, ...extra }));
  return response.json().case as { caseId: string; openedAt: string; sla: { firstResponseDueAt: string } };
}

async function caseRow(caseId: string) {
  const { rows } = await km.database.query<{ escalation_level: number; escalated_to: string | null; first_response_breached_at: Date | null; next_timer_at: Date | null }>(
    'select escalation_level, escalated_to, first_response_breached_at, next_timer_at from cases where org_id = $1 and case_id = $2',
    [w.orgId, caseId],
  );
  return rows[0]!;
}

async function eventKinds(caseId: string): Promise<string[]> {
  const { rows } = await km.database.query<{ kind: string }>('select kind from case_events where org_id = $1 and case_id = $2 order by event_id', [w.orgId, caseId]);
  return rows.map((row) => row.kind);
}

describe('SLA breaches escalate up the path', () => {
  it('outlet manager, then regional, then central, each after the escalation interval, then stops', async () => {
    const opened = await openAtHall();
    const at = (minutes: number) => new Date(new Date(opened.openedAt).getTime() + minutes * MINUTE);
    const check = (minutes: number) => checkCaseSla(recoveryDepsOf(km, () => at(minutes)), w.orgId, opened.caseId);

    await check(59);
    expect((await caseRow(opened.caseId)).escalation_level).toBe(0);
    await check(61);
    expect(await caseRow(opened.caseId)).toMatchObject({ escalation_level: 1, escalated_to: w.manager.userId });
    expect(km.mail.lastTo(w.manager.email)?.subject).toContain('Nobody called back');
    expect(km.mail.lastTo(w.agent.email)?.text).toContain('first response');
    // Run twice at the same moment: nothing more happens.
    await check(62);
    await check(92);
    expect(await caseRow(opened.caseId)).toMatchObject({ escalation_level: 2, escalated_to: w.regional.userId });
    await check(123);
    expect(await caseRow(opened.caseId)).toMatchObject({ escalation_level: 3, escalated_to: w.cx.userId });
    await check(500);
    expect((await eventKinds(opened.caseId)).filter((kind) => kind === 'escalated')).toHaveLength(3);
    expect((await eventKinds(opened.caseId)).filter((kind) => kind === 'sla_breached')).toHaveLength(1);
    const breachedAt = async (minutes: number) => {
      clock = at(minutes);
      try {
        return (await ok(w.call(w.cx, 'GET', '/api/v1/cases?slaState=breached&limit=500'))).json().items.map((c: { caseId: string }) => c.caseId);
      } finally {
        clock = null;
      }
    };
    expect(await breachedAt(500)).toContain(opened.caseId);
    expect(await breachedAt(30)).not.toContain(opened.caseId);
  });

  it('stops escalating once the missed deadline is met', async () => {
    const opened = await openAtHall();
    const at = (minutes: number) => new Date(new Date(opened.openedAt).getTime() + minutes * MINUTE);
    await checkCaseSla(recoveryDepsOf(km, () => at(61)), w.orgId, opened.caseId);
    await ok(w.call(w.agent, 'POST', `/api/v1/cases/${opened.caseId}/steps/vent`, { customerWords: '终于有人回电话了' }));
    await checkCaseSla(recoveryDepsOf(km, () => at(200)), w.orgId, opened.caseId);
    expect((await caseRow(opened.caseId)).escalation_level).toBe(1);
  });

  it('skips the owner on the path: a case the outlet manager owns goes to the region', async () => {
    const response = await ok(w.call(w.manager, 'POST', '/api/v1/cases', { channel: 'counter', summary: 'Manager’s own case', locationId: w.locations.hall }));
    const opened = response.json().case;
    await checkCaseSla(recoveryDepsOf(km, () => new Date(new Date(opened.openedAt).getTime() + 61 * MINUTE)), w.orgId, opened.caseId);
    expect(await caseRow(opened.caseId)).toMatchObject({ escalation_level: 2, escalated_to: w.regional.userId });
  });

  it('the sweeper finds cases that no job was scheduled for (opened inside another room’s transaction)', async () => {
    const twoHoursAgo = new Date(Date.now() - 120 * MINUTE);
    const opened = await km.database.db.transaction((tx) =>
      openCaseFromFailedMoment(tx, w.orgId, { customerRef: 'sweep-1', visitId: 'sweep-v1', journeyKey: JOURNEY, momentKey: 'counter', journeyVersion: 1, locationId: w.locations.hall, reason: 'low_csat', details: { csat: 1 }, assignTo: 'team_queue' }, twoHoursAgo),
    );
    const result = await sweep(recoveryDepsOf(km, () => new Date()));
    expect(result.cases).toBeGreaterThanOrEqual(1);
    expect(await caseRow(opened.caseId)).toMatchObject({ escalation_level: 1, escalated_to: w.manager.userId });
  });
});

describe('SLA settings', () => {
  it('count due times in the outlet’s opening hours and skip the organisation’s holidays', async () => {
    await ok(w.call(w.admin, 'PUT', '/api/v1/recovery/sla-policy', {
      ...aroundTheClockPolicy({ firstResponseMinutes: 120 }),
      weekHours: { mon: [{ start: '09:00', end: '18:00' }], tue: [{ start: '09:00', end: '18:00' }], wed: [{ start: '09:00', end: '18:00' }], thu: [{ start: '09:00', end: '18:00' }], fri: [{ start: '09:00', end: '18:00' }], sat: [], sun: [] },
    }));
    const days = [1, 2, 3, 4, 5, 6, 7].map((d) => ({ date: `2026-10-0${d}`, kind: 'holiday', name: '国庆节' }));
    const saved = await ok(w.call(w.admin, 'PUT', '/api/v1/recovery/holidays', { days: [...days, { date: '2026-10-10', kind: 'workday', name: '调休' }] }));
    expect(saved.json().days).toHaveLength(8);
    try {
      // Wednesday 30 September 2026, 17:00 in Shanghai: one hour today, then the National Day week is closed.
      clock = new Date('2026-09-30T09:00:00Z');
      const opened = await openAtHall();
      expect(opened.sla.firstResponseDueAt).toBe('2026-10-08T02:00:00.000Z');
    } finally {
      clock = null;
      await ok(w.call(w.admin, 'PUT', '/api/v1/recovery/sla-policy', aroundTheClockPolicy()));
      await ok(w.call(w.admin, 'PUT', '/api/v1/recovery/holidays', { days: [] }));
    }
  });

  it('refuse bad settings with the field named, and only for those who may configure', async () => {
    const put = (url: string, body: object, who = w.admin) => w.call(who, 'PUT', url, body);
    const policy = aroundTheClockPolicy();
    const cases: [string, object, string][] = [
      ['/api/v1/recovery/sla-policy', { ...policy, weekHours: { ...policy.weekHours, mon: [{ start: '18:00', end: '09:00' }] } }, 'weekHours.mon.0.end'],
      ['/api/v1/recovery/sla-policy', { ...policy, weekHours: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } }, 'weekHours'],
      ['/api/v1/recovery/sla-policy', { ...policy, firstResponseMinutes: 0 }, 'firstResponseMinutes'],
      ['/api/v1/recovery/holidays', { days: [{ date: '2026-02-30', kind: 'holiday' }] }, 'days.0.date'],
      ['/api/v1/recovery/approval-limits', { currency: 'cny', limits: { agent: 0, outlet_manager: 1, cx_manager: 2, admin: null } }, 'currency'],
    ];
    for (const [url, body, field] of cases) {
      const response = await put(url, body);
      expect(response.statusCode, `${field}: ${response.body}`).toBe(400);
      expect(response.json().error.field).toBe(field);
    }
    expect((await put('/api/v1/recovery/sla-policy', policy, w.manager)).statusCode).toBe(403);
    const settings = (await ok(w.call(w.agent, 'GET', '/api/v1/recovery/settings'))).json();
    expect(settings).toMatchObject({ slaPolicy: { firstResponseMinutes: 60 }, approval: { currency: 'CNY' }, days: [] });
  });
});

describe('timers survive a restart', () => {
  it('escalates a breach after the server that opened the case has stopped and a new one started', async () => {
    const dir = TEST_ENGINE === 'pglite' ? mkdtempSync(path.join(tmpdir(), 'km-recovery-')) : undefined;
    const database = dir ? { url: `pglite://${dir}`, drop: async () => rmSync(dir, { recursive: true, force: true }) } : await createTestDatabaseUrl();
    const start = (mailer: MemoryMailer, now?: () => Date) =>
      startKeymomentOn(database.url, { jobs: true }, { mailer, ...(now ? { now } : {}) });
    let first: Awaited<ReturnType<typeof startKeymomentOn>> | undefined;
    let second: typeof first;
    try {
      // The first server's clock runs 45 s behind, so a one-minute first-response deadline falls 15 s from now.
      first = await start(new MemoryMailer(), () => new Date(Date.now() - 45_000));
      const world = await createRecoveryWorld(first, 'Restart Telecom');
      await ok(world.call(world.admin, 'PUT', '/api/v1/recovery/sla-policy', aroundTheClockPolicy({ firstResponseMinutes: 1 })));
      const opened = (await ok(world.call(world.agent, 'POST', '/api/v1/cases', { channel: 'phone', summary: 'Line dead for three days', locationId: world.locations.hall }))).json().case;
      const jobs = await first.database.query<{ state: string; data: { kind: string } }>(`select state, data from pgboss.job where name = 'recovery.sla' and data->>'caseId' = $1`, [opened.caseId]);
      expect(jobs.rows.map((job) => [job.data.kind, job.state]).sort()).toEqual([['first_response', 'created'], ['resolution', 'created']]);
      // Not yet due when the first server stops: only the next server can escalate it.
      const before = await first.database.query<{ escalation_level: number }>('select escalation_level from cases where case_id = $1', [opened.caseId]);
      expect(before.rows[0]!.escalation_level).toBe(0);
      await first.close();
      first = undefined;

      const mailer = new MemoryMailer();
      second = await start(mailer);
      const escalated = async () =>
        (await second!.database.query<{ escalation_level: number; escalated_to: string | null }>('select escalation_level, escalated_to from cases where case_id = $1', [opened.caseId])).rows[0]!;
      const deadline = Date.now() + 60_000;
      while ((await escalated()).escalation_level === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await escalated()).toEqual({ escalation_level: 1, escalated_to: world.manager.userId });
      const { rows } = await second.database.query<{ kind: string; actor_kind: string }>('select kind, actor_kind from case_events where case_id = $1 order by event_id', [opened.caseId]);
      expect(rows.slice(-2)).toEqual([
        { kind: 'sla_breached', actor_kind: 'system' },
        { kind: 'escalated', actor_kind: 'system' },
      ]);
      // The e-mails went out from the new server.
      const waitForMail = Date.now() + 10_000;
      while (!mailer.lastTo(world.manager.email) && Date.now() < waitForMail) await new Promise((resolve) => setTimeout(resolve, 200));
      expect(mailer.lastTo(world.manager.email)?.subject).toContain('Line dead for three days');
    } finally {
      await first?.close();
      await second?.close();
      await database.drop();
    }
  }, 180_000);
});

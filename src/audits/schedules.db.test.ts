import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSignedInMember } from '../../test/support/actors.ts';
import { caller, expectStatus, setUpAuditOrg, type AuditOrg } from '../../test/support/audit-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';

/*
 * What the web checklist editor and schedules page rely on: authoring a checklist from scratch through
 * its draft (If-Match, problems naming the field, publish), deleting a schedule without losing the runs
 * it made, and "create due runs now" for one organisation only.
 */

let km: TestKeymoment;
let org: AuditOrg;
let other: AuditOrg;
let call: ReturnType<typeof caller>;
// 7 December 2026, 10:00 in Shanghai.
const now = new Date('2026-12-07T02:00:00Z');

beforeAll(async () => {
  km = await startTestKeymoment({}, { now: () => now });
  call = caller(km);
  org = await setUpAuditOrg(km, 'Wuhan Telecom');
  other = await setUpAuditOrg(km, 'Boston Telecom', 'America/New_York');
  // Two organisations with journeys and published checklists: slow on a busy machine with PGlite.
}, 240_000);
afterAll(async () => km?.dispose());

describe('authoring a checklist from scratch', () => {
  it('creates an empty draft, refuses a stale save, names the field of each problem and publishes', async () => {
    const created = expectStatus(
      await call(org.admin, 'POST', '/api/v1/audits/checklists', {
        key: 'counter-standards',
        name: { en: 'Counter standards' },
        definition: { journeyKey: 'telecom-service-hall', sections: [] },
      }),
      201,
    ).json();
    expect(created).toMatchObject({ publishedVersion: null, draftRevision: 1 });
    const draft = expectStatus(await call(org.admin, 'GET', '/api/v1/audits/checklists/counter-standards/draft'), 200).json();
    expect(draft.problems).toContainEqual(expect.objectContaining({ severity: 'error', field: 'sections' }));

    const definition = {
      journeyKey: 'telecom-service-hall',
      sections: [
        {
          momentKey: 'counter-transaction',
          items: [
            { key: 'fees-read-back', text: { en: 'Fees read back', ru: 'Плата названа' }, type: 'yes_no', critical: true, allowNa: false, evidenceOnFailure: 'photo_and_note', weight: 3 },
            { key: 'eye-contact', text: { ru: 'Только по-русски' }, type: 'score', maxScore: 4, passScore: 3 },
          ],
        },
      ],
    };
    const saved = expectStatus(await call(org.admin, 'PUT', '/api/v1/audits/checklists/counter-standards/draft', definition, { 'if-match': `"${draft.revision}"` }), 200).json();
    expect(saved.revision).toBe(draft.revision + 1);
    // The second item has no English (the fallback language) text: the problem names that very field.
    expect(saved.problems).toContainEqual(expect.objectContaining({ severity: 'error', field: 'sections.0.items.1.text.en' }));
    const refusedPublish = await call(org.admin, 'POST', '/api/v1/audits/checklists/counter-standards/publish', {});
    expect(refusedPublish.statusCode).toBe(400);

    // A save based on the old revision would overwrite the one above: refused, the stored draft unchanged.
    const stale = await call(org.admin, 'PUT', '/api/v1/audits/checklists/counter-standards/draft', { journeyKey: 'telecom-service-hall', sections: [] }, { 'if-match': `"${draft.revision}"` });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().error.field).toBe('If-Match');
    const kept = expectStatus(await call(org.admin, 'GET', '/api/v1/audits/checklists/counter-standards/draft'), 200).json();
    expect(kept.definition.sections[0].items).toHaveLength(2);

    definition.sections[0]!.items[1]!.text = { en: 'Eye contact', ru: 'Зрительный контакт' };
    const fixed = expectStatus(await call(org.admin, 'PUT', '/api/v1/audits/checklists/counter-standards/draft', definition, { 'if-match': `"${saved.revision}"` }), 200).json();
    expect(fixed.problems.filter((problem: { severity: string }) => problem.severity === 'error')).toEqual([]);
    const version = expectStatus(await call(org.admin, 'POST', '/api/v1/audits/checklists/counter-standards/publish', { note: 'first' }), 201).json();
    expect(version).toMatchObject({ version: 1, itemCount: 2, note: 'first' });
    const versions = expectStatus(await call(org.admin, 'GET', '/api/v1/audits/checklists/counter-standards/versions'), 200).json().items;
    expect(versions.map((row: { version: number; publishedAt: string }) => [row.version, row.publishedAt])).toEqual([[1, now.toISOString()]]);

    const emptyName = await call(org.admin, 'PATCH', '/api/v1/audits/checklists/counter-standards', { name: { en: '  ', ru: 'Стандарты' } });
    expect(emptyName.statusCode).toBe(400);
    expect(emptyName.json().error.field).toBe('name.en');
  });
});

describe('schedules', () => {
  it('creates due runs now for the caller’s organisation only, then deletes a schedule and keeps its runs', async () => {
    const schedule = expectStatus(
      await call(org.admin, 'POST', '/api/v1/audits/schedules', { checklistKey: org.checklistKey, locationId: org.outletId, kind: 'self_inspection', frequency: 'monthly', dayOfMonth: 7, dueDays: 3 }),
      201,
    ).json();
    expect(schedule.nextRunOn).toBe('2026-12-07');
    // Boston is still on 6 December (21:00): its schedule for the 6th is due now too, but belongs to another organisation.
    const otherSchedule = expectStatus(
      await call(other.admin, 'POST', '/api/v1/audits/schedules', { checklistKey: other.checklistKey, locationId: other.outletId, kind: 'self_inspection', frequency: 'monthly', dayOfMonth: 6 }),
      201,
    ).json();
    expect(otherSchedule.nextRunOn).toBe('2026-12-06');

    const forbidden = await call(org.agent, 'POST', '/api/v1/audits/schedules/run-due', {});
    expect(forbidden.statusCode).toBe(403);
    const ran = expectStatus(await call(org.admin, 'POST', '/api/v1/audits/schedules/run-due'), 200).json();
    expect(ran.created).toHaveLength(1);
    expect(ran.created[0]).toMatchObject({ scheduleId: schedule.scheduleId, scheduledFor: '2026-12-07', locationId: org.outletId, status: 'open' });
    // Due at the end of the 3rd day, Shanghai time: midnight starting 10 December.
    expect(ran.created[0].dueAt).toBe('2026-12-09T16:00:00.000Z');
    // Twice is once; the other organisation's due schedule was not touched.
    expect(expectStatus(await call(org.admin, 'POST', '/api/v1/audits/schedules/run-due', {}), 200).json().created).toEqual([]);
    const otherNow = expectStatus(await call(other.admin, 'GET', '/api/v1/audits/schedules'), 200).json().items[0];
    expect(otherNow).toMatchObject({ nextRunOn: '2026-12-06', lastRunOn: null });

    // A manager limited to another subtree of the organisation neither sees nor deletes the schedule.
    const elsewhere = expectStatus(await call(org.admin, 'POST', '/api/v1/locations', { name: 'Elsewhere', level: 'region' }), 201).json().locationId as string;
    const outsider = await addSignedInMember(km, org.admin.orgId, 'cx_manager', elsewhere);
    expect((await call(outsider, 'DELETE', `/api/v1/audits/schedules/${schedule.scheduleId}`)).statusCode).toBe(404);
    expect(expectStatus(await call(outsider, 'POST', '/api/v1/audits/schedules/run-due', {}), 200).json().created).toEqual([]);

    expect((await call(org.agent, 'DELETE', `/api/v1/audits/schedules/${schedule.scheduleId}`)).statusCode).toBe(403);
    expectStatus(await call(org.admin, 'DELETE', `/api/v1/audits/schedules/${schedule.scheduleId}`), 204);
    expect((await call(org.admin, 'DELETE', `/api/v1/audits/schedules/${schedule.scheduleId}`)).statusCode).toBe(404);
    const schedules = expectStatus(await call(org.admin, 'GET', '/api/v1/audits/schedules'), 200).json().items;
    expect(schedules.map((row: { scheduleId: string }) => row.scheduleId)).not.toContain(schedule.scheduleId);
    const run = expectStatus(await call(org.admin, 'GET', `/api/v1/audits/runs/${ran.created[0].runId}`), 200).json();
    expect(run).toMatchObject({ status: 'open', scheduleId: null, scheduledFor: '2026-12-07', dueAt: '2026-12-09T16:00:00.000Z' });
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caller, expectStatus, multipartFile, passingHallAnswers, setUpAuditOrg, TINY_PNG, type AuditOrg } from '../../test/support/audit-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';

/*
 * Nothing of organisation B's audits can be read, listed, changed or filled in by a person or an API
 * key of organisation A, and B's rows are exactly the same afterwards.
 */

let km: TestKeymoment;
let a: AuditOrg;
let b: AuditOrg;
let uploads: string;
let call: ReturnType<typeof caller>;
const bIds = { openRun: '', submittedRun: '', action: '', schedule: '', evidence: '', improvement: '', notification: '', shopperToken: '' };
const aKeys: Record<string, string> = {};

const TENANT_TABLES = [
  'audit_checklists',
  'audit_checklist_versions',
  'audit_schedules',
  'audit_runs',
  'audit_answers',
  'audit_compliance_rollups',
  'audit_evidence',
  'audit_actions',
  'audit_action_events',
  'notifications',
  'improvement_actions',
];

async function snapshotOf(orgId: string): Promise<string> {
  const parts: unknown[] = [];
  for (const table of TENANT_TABLES) parts.push((await km.database.query(`select * from ${table} where org_id = $1 order by 1, 2, 3`, [orgId])).rows);
  return JSON.stringify(parts);
}

beforeAll(async () => {
  uploads = await mkdtemp(path.join(tmpdir(), 'km-uploads-'));
  process.env.KEYMOMENT_UPLOADS_DIR = uploads;
  km = await startTestKeymoment();
  call = caller(km);
  a = await setUpAuditOrg(km, 'Shenzhen Shop');
  b = await setUpAuditOrg(km, 'Kazan Telecom');
  const run = (kind: string) => call(b.admin, 'POST', '/api/v1/audits/runs', { checklistKey: b.checklistKey, locationId: b.outletId, kind });
  bIds.openRun = expectStatus(await run('mystery_shopping'), 201).json().runId;
  bIds.shopperToken = expectStatus(await call(b.admin, 'POST', `/api/v1/audits/runs/${bIds.openRun}/shopper-link`, {}), 201).json().token;
  const upload = multipartFile(TINY_PNG);
  bIds.evidence = expectStatus(
    await km.app.inject({ method: 'POST', url: `/api/v1/public/audits/${bIds.shopperToken}/evidence?itemKey=waiting-area`, headers: upload.headers, payload: upload.payload }),
    201,
  ).json().evidenceId;
  bIds.submittedRun = expectStatus(await run('walk_through'), 201).json().runId;
  const failing = { ...passingHallAnswers(), thanked: { value: 'no', note: 'secret Kazan finding' } };
  const submitted = expectStatus(await call(b.manager, 'POST', `/api/v1/audits/runs/${bIds.submittedRun}/submit`, { answers: failing }), 201).json();
  bIds.action = submitted.actions.opened[0];
  bIds.schedule = expectStatus(
    await call(b.admin, 'POST', '/api/v1/audits/schedules', { checklistKey: b.checklistKey, locationId: b.outletId, kind: 'self_inspection', frequency: 'monthly' }),
    201,
  ).json().scheduleId;
  bIds.improvement = expectStatus(
    await call(b.admin, 'POST', '/api/v1/improvement-actions', {
      title: 'Kazan greeter',
      journeyKey: 'telecom-service-hall',
      momentKey: 'leave',
      source: { kind: 'audit', runId: bIds.submittedRun },
      hypothesis: 'secret',
      startDate: '2026-12-01',
    }),
    201,
  ).json().improvementId;
  bIds.notification = expectStatus(await call(b.manager, 'GET', '/api/v1/notifications'), 200).json().items.find((n: { kind: string }) => n.kind.startsWith('audits.')).notificationId;
  for (const scope of ['read', 'admin', 'ingest']) {
    aKeys[scope] = expectStatus(await call(a.admin, 'POST', '/api/v1/api-keys', { name: `A ${scope}`, scopes: [scope] }), 201).json().key;
  }
});
afterAll(async () => {
  await km?.dispose();
  delete process.env.KEYMOMENT_UPLOADS_DIR;
  await rm(uploads, { recursive: true, force: true });
});

type Attack = { what: string; method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; url: () => string; payload?: () => object; allowed: number[] };

const attacks: Attack[] = [
  { what: 'read a run', method: 'GET', url: () => `/api/v1/audits/runs/${bIds.submittedRun}`, allowed: [403, 404] },
  { what: 'save answers to a run', method: 'PUT', url: () => `/api/v1/audits/runs/${bIds.openRun}/answers`, payload: () => ({ answers: {} }), allowed: [403, 404] },
  { what: 'submit a run', method: 'POST', url: () => `/api/v1/audits/runs/${bIds.openRun}/submit`, payload: () => ({ answers: passingHallAnswers() }), allowed: [403, 404] },
  { what: 'cancel a run', method: 'POST', url: () => `/api/v1/audits/runs/${bIds.openRun}/cancel`, allowed: [403, 404] },
  { what: 'issue a shopper link for a run', method: 'POST', url: () => `/api/v1/audits/runs/${bIds.openRun}/shopper-link`, payload: () => ({}), allowed: [403, 404] },
  { what: 'read a photo', method: 'GET', url: () => `/api/v1/audits/runs/${bIds.openRun}/evidence/${bIds.evidence}`, allowed: [403, 404] },
  { what: 'delete a photo', method: 'DELETE', url: () => `/api/v1/audits/runs/${bIds.openRun}/evidence/${bIds.evidence}`, allowed: [403, 404] },
  { what: 'read an action', method: 'GET', url: () => `/api/v1/audits/actions/${bIds.action}`, allowed: [403, 404] },
  { what: 'close an action', method: 'PATCH', url: () => `/api/v1/audits/actions/${bIds.action}`, payload: () => ({ status: 'done' }), allowed: [403, 404] },
  { what: 'pause a schedule', method: 'PATCH', url: () => `/api/v1/audits/schedules/${bIds.schedule}`, payload: () => ({ active: false }), allowed: [403, 404] },
  { what: 'delete a schedule', method: 'DELETE', url: () => `/api/v1/audits/schedules/${bIds.schedule}`, allowed: [403, 404] },
  // Answers 200 to A's admin, with only A's due runs (none): B's due schedule must stay untouched.
  { what: 'create due runs now', method: 'POST', url: () => '/api/v1/audits/schedules/run-due', payload: () => ({}), allowed: [200, 403, 404] },
  { what: 'read an improvement', method: 'GET', url: () => `/api/v1/improvement-actions/${bIds.improvement}`, allowed: [403, 404] },
  { what: 'move an improvement', method: 'PATCH', url: () => `/api/v1/improvement-actions/${bIds.improvement}`, payload: () => ({ status: 'do' }), allowed: [403, 404] },
  { what: 'read a notification', method: 'POST', url: () => `/api/v1/notifications/${bIds.notification}/read`, allowed: [403, 404] },
  { what: 'audit an outlet of B', method: 'POST', url: () => '/api/v1/audits/runs', payload: () => ({ checklistKey: a.checklistKey, locationId: b.outletId, kind: 'self_inspection' }), allowed: [400, 403, 404] },
  { what: 'schedule audits at an outlet of B', method: 'POST', url: () => '/api/v1/audits/schedules', payload: () => ({ checklistKey: a.checklistKey, locationId: b.outletId, kind: 'self_inspection', frequency: 'monthly' }), allowed: [400, 403, 404] },
  { what: 'start an improvement from a run of B', method: 'POST', url: () => '/api/v1/improvement-actions', payload: () => ({ title: 't', journeyKey: 'telecom-service-hall', momentKey: 'leave', source: { kind: 'audit', runId: bIds.submittedRun }, hypothesis: 'h', startDate: '2026-12-01' }), allowed: [400, 403, 404] },
  { what: 'read compliance of a location of B', method: 'GET', url: () => `/api/v1/audits/compliance?groupBy=item&locationId=${b.outletId}`, allowed: [403, 404] },
  { what: 'read the effect of an improvement', method: 'GET', url: () => `/api/v1/improvement-actions/${bIds.improvement}/effect`, allowed: [403, 404] },
  { what: 'recompute the impact of an improvement', method: 'POST', url: () => `/api/v1/improvement-actions/${bIds.improvement}/impact`, payload: () => ({}), allowed: [403, 404] },
  { what: 'read compliance vs satisfaction of a location of B', method: 'GET', url: () => `/api/v1/audits/compliance-vs-satisfaction?locationId=${b.outletId}`, allowed: [403, 404] },
  { what: 'print the morning sheet of an outlet of B', method: 'GET', url: () => `/api/v1/audits/morning-sheet?location=${b.outletId}`, allowed: [403, 404] },
  { what: 'read the morning sheet of an outlet of B as data', method: 'GET', url: () => `/api/v1/audits/morning-sheet?location=${b.outletId}&format=json`, allowed: [403, 404] },
];

function actorsOfA(): { who: string; headers: () => Record<string, string> }[] {
  return [
    { who: 'A admin', headers: () => a.admin.headers },
    { who: 'A admin naming org B', headers: () => ({ cookie: a.admin.cookie, 'x-org-id': b.admin.orgId }) },
    { who: 'A admin key', headers: () => ({ authorization: `Bearer ${aKeys.admin}` }) },
    { who: 'A read key', headers: () => ({ authorization: `Bearer ${aKeys.read}` }) },
    { who: 'A ingest key', headers: () => ({ authorization: `Bearer ${aKeys.ingest}` }) },
  ];
}

describe('organisation A cannot touch the audits of organisation B', () => {
  for (const actor of actorsOfA()) {
    it(`${actor.who} is refused every attack and B is unchanged`, async () => {
      const before = await snapshotOf(b.admin.orgId);
      for (const attack of attacks) {
        const response = await km.app.inject({ method: attack.method, url: attack.url(), headers: actor.headers(), ...(attack.payload ? { payload: attack.payload() } : {}) });
        expect(attack.allowed, `${attack.what}: ${response.statusCode} ${response.body}`).toContain(response.statusCode);
      }
      expect(await snapshotOf(b.admin.orgId)).toBe(before);
    });

    it(`${actor.who} sees none of B in any list`, async () => {
      const lists = [
        '/api/v1/audits/checklists?includeArchived=true',
        '/api/v1/audits/runs',
        '/api/v1/audits/schedules',
        '/api/v1/audits/actions',
        '/api/v1/audits/compliance?groupBy=location',
        '/api/v1/audits/compliance?groupBy=item',
        '/api/v1/improvement-actions',
        '/api/v1/improvement-actions?sort=created',
        '/api/v1/notifications',
        '/api/v1/audits/compliance-vs-satisfaction?from=2026-01&to=2026-12',
      ];
      for (const url of lists) {
        const response = await km.app.inject({ method: 'GET', url, headers: actor.headers() });
        expect([200, 403, 404], `${url} ${response.statusCode}`).toContain(response.statusCode);
        for (const secret of [b.admin.orgId, b.outletId, bIds.openRun, bIds.submittedRun, bIds.action, bIds.schedule, bIds.improvement, 'Kazan', 'secret']) {
          expect(response.body, `${url} leaks ${secret}`).not.toContain(secret);
        }
      }
    });
  }

  it('a shopper link of B opens only B’s run, and no run of A', async () => {
    const own = await km.app.inject({ method: 'GET', url: `/api/v1/public/audits/${bIds.shopperToken}` });
    expect(own.statusCode).toBe(200);
    expect(own.json().organization).toMatch(/Kazan/);
    expect(own.body).not.toContain(a.admin.orgId);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterSurvey } from '../../test/support/feedback-fixtures.ts';
import { createRecoveryWorld, JOURNEY, ok, type RecoveryWorld } from '../../test/support/recovery-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';

/*
 * The tenant guard's promise for the recovery room: nothing of organisation B (cases, their timeline,
 * rules, settings, notifications) can be read, listed, changed or worked by a person or an API key of
 * organisation A, and B's rows are the same afterwards.
 */

let km: TestKeymoment;
let a: RecoveryWorld;
let b: RecoveryWorld;
const bIds = { case: '', notification: '', webhook: '' };
const aKeys: Record<string, string> = {};

const TENANT_TABLES = ['cases', 'case_events', 'case_participants', 'notifications', 'recovery_rules', 'recovery_settings', 'recovery_calendar_days', 'recovery_webhooks', 'recovery_webhook_deliveries'];

async function snapshotOf(orgId: string): Promise<string> {
  const parts: unknown[] = [];
  for (const table of TENANT_TABLES) {
    const { rows } = await km.database.query(`select * from ${table} where org_id = $1 order by 1, 2`, [orgId]);
    parts.push(rows);
  }
  return JSON.stringify(parts);
}

beforeAll(async () => {
  km = await startTestKeymoment();
  a = await createRecoveryWorld(km, 'Shenzhen Shop');
  b = await createRecoveryWorld(km, 'Kazan Telecom');
  const opened = await ok(b.call(b.agent, 'POST', '/api/v1/cases', { channel: 'counter', summary: 'Kazan secret complaint', customerWords: 'Secret words', customerRef: 'kazan-cust', locationId: b.locations.hall }));
  bIds.case = opened.json().case.caseId;
  await ok(b.call(b.agent, 'POST', `/api/v1/cases/${bIds.case}/transfer`, { toUserId: b.agent2.userId }));
  bIds.notification = (await ok(b.call(b.agent2, 'GET', '/api/v1/notifications'))).json().items[0].notificationId;
  await ok(b.call(b.admin, 'PUT', '/api/v1/recovery-rules', { rules: [{ kind: 'detractor', threshold: 5 }] }));
  await ok(b.call(b.admin, 'PUT', '/api/v1/recovery/holidays', { days: [{ date: '2026-11-04', kind: 'holiday', name: 'Kazan day' }] }));
  // B's webhook listens for reopened cases only, so these tests post nothing anywhere.
  bIds.webhook = (await ok(b.call(b.admin, 'POST', '/api/v1/recovery/webhooks', { url: 'https://hooks.kazan.example/keymoment', events: ['case.reopened'] }))).json().webhookId;
  // A silent detractor of B: NPS 6 is a detractor, but B's only rule opens cases at 5 or less.
  await ok(b.call(b.admin, 'PATCH', `/api/v1/locations/${b.locations.hall}`, { code: 'KZN' }));
  await ok(b.call(b.admin, 'POST', '/api/v1/surveys', { key: 'kazan-survey', name: { en: 'Kazan survey' }, definition: { ...counterSurvey(), about: { journeyKey: JOURNEY, momentKey: 'counter' } } }));
  await ok(b.call(b.admin, 'POST', '/api/v1/surveys/kazan-survey/publish', {}));
  await ok(b.call(b.admin, 'PUT', '/api/v1/recovery/follow-up-survey', { surveyKey: 'kazan-survey' }));
  await ok(
    b.call(b.ingestKey, 'POST', '/api/v1/responses', {
      externalId: 'kazan-r1',
      surveyKey: 'kazan-survey',
      submittedAt: new Date().toISOString(),
      channel: 'sms',
      locationCode: 'KZN',
      customer: { externalId: 'kazan-silent', name: 'Kazan quiet customer' },
      answers: { recommend: 6 },
    }),
  );
  expect((await ok(b.call(b.cx, 'GET', '/api/v1/recovery/silent-detractors'))).json().items).toHaveLength(1);
  for (const scope of ['read', 'admin']) {
    aKeys[scope] = (await ok(a.call(a.admin, 'POST', '/api/v1/api-keys', { name: `A ${scope}`, scopes: [scope] }))).json().key;
  }
  aKeys.ingest = a.ingestKey;
});
afterAll(async () => km?.dispose());

type Attack = { what: string; method: 'GET' | 'POST' | 'PUT' | 'DELETE'; url: () => string; payload?: () => object; allowed: number[] };

const onCase = (what: string, path: string, payload?: () => object): Attack => ({
  what,
  method: 'POST',
  url: () => `/api/v1/cases/${bIds.case}${path}`,
  ...(payload ? { payload } : {}),
  allowed: [403, 404],
});

const attacks: Attack[] = [
  { what: 'read a case', method: 'GET', url: () => `/api/v1/cases/${bIds.case}`, allowed: [403, 404] },
  { what: 'read a case’s playbook', method: 'GET', url: () => `/api/v1/cases/${bIds.case}/playbook`, allowed: [403, 404] },
  onCase('accept a case', '/accept'),
  onCase('decline its transfer', '/decline', () => ({})),
  onCase('transfer a case', '/transfer', () => ({ toUserId: b.agent.userId })),
  onCase('escalate a case', '/escalate', () => ({ reason: 'x' })),
  onCase('add a note', '/notes', () => ({ text: 'pwned' })),
  onCase('record a step', '/steps/apologise', () => ({})),
  onCase('approve compensation', '/compensation/approve', () => ({})),
  onCase('close a case', '/close', () => ({ reason: 'withdrawn' })),
  onCase('reopen a case', '/reopen', () => ({ reason: 'x' })),
  { what: 'open a case at a location of B', method: 'POST', url: () => '/api/v1/cases', payload: () => ({ channel: 'phone', summary: 'x', locationId: b.locations.hall }), allowed: [400, 403, 404, 409] },
  { what: 'delete a webhook of B', method: 'DELETE', url: () => `/api/v1/recovery/webhooks/${bIds.webhook}`, allowed: [403, 404] },
  { what: 'read the deliveries of B’s webhook', method: 'GET', url: () => `/api/v1/recovery/webhooks/${bIds.webhook}/deliveries`, allowed: [403, 404] },
  { what: 'choose B’s survey as its follow-up re-survey', method: 'PUT', url: () => '/api/v1/recovery/follow-up-survey', payload: () => ({ surveyKey: 'kazan-survey' }), allowed: [400, 403, 404] },
  { what: 'mark a notification of B read', method: 'POST', url: () => `/api/v1/notifications/${bIds.notification}/read`, allowed: [403, 404] },
];

function actorsOfA(): { who: string; headers: () => Record<string, string> }[] {
  return [
    { who: 'A admin', headers: () => a.admin.headers },
    { who: 'A admin naming org B', headers: () => ({ cookie: a.admin.cookie, 'x-org-id': b.orgId }) },
    { who: 'A agent', headers: () => a.agent.headers },
    { who: 'A admin key', headers: () => ({ authorization: `Bearer ${aKeys.admin}` }) },
    { who: 'A read key', headers: () => ({ authorization: `Bearer ${aKeys.read}` }) },
    { who: 'A ingest key', headers: () => ({ authorization: `Bearer ${aKeys.ingest}` }) },
  ];
}

describe('organisation A cannot touch organisation B’s recovery', () => {
  for (const actor of actorsOfA()) {
    for (const attack of attacks) {
      it(`${actor.who} cannot ${attack.what}`, async () => {
        const before = await snapshotOf(b.orgId);
        const response = await km.app.inject({ method: attack.method, url: attack.url(), headers: actor.headers(), ...(attack.payload ? { payload: attack.payload() } : {}) });
        expect(attack.allowed, `${response.statusCode} ${response.body}`).toContain(response.statusCode);
        expect(await snapshotOf(b.orgId)).toBe(before);
      });
    }

    it(`${actor.who} sees none of B in any list, setting or metric`, async () => {
      const urls = ['/api/v1/cases?limit=500', '/api/v1/cases?view=team', '/api/v1/recovery-rules', '/api/v1/recovery/settings', '/api/v1/recovery/metrics?groupBy=location', '/api/v1/recovery/metrics?groupBy=staff', '/api/v1/notifications', '/api/v1/recovery/silent-detractors?limit=500', '/api/v1/recovery/people', '/api/v1/recovery/webhooks'];
      for (const url of urls) {
        const response = await km.app.inject({ method: 'GET', url, headers: actor.headers() });
        expect([200, 403, 404]).toContain(response.statusCode);
        for (const secret of [b.orgId, bIds.case, bIds.notification, b.locations.hall, b.agent.userId, 'Kazan', 'kazan-cust', 'kazan-silent', 'kazan-survey', 'kazan.example', bIds.webhook]) {
          expect(response.body, `${url} leaks ${secret}`).not.toContain(secret);
        }
      }
    });
  }

  it('refuses B’s people as transfer targets or mentions on A’s cases', async () => {
    const mine = (await ok(a.call(a.agent, 'POST', '/api/v1/cases', { channel: 'phone', summary: 'A case', locationId: a.locations.hall }))).json().case;
    const transfer = await a.call(a.agent, 'POST', `/api/v1/cases/${mine.caseId}/transfer`, { toUserId: b.agent.userId });
    expect(transfer.statusCode).toBe(400);
    expect(transfer.json().error.field).toBe('toUserId');
    const note = await a.call(a.agent, 'POST', `/api/v1/cases/${mine.caseId}/notes`, { text: 'hi', mentions: [b.manager.userId] });
    expect(note.json().error.field).toBe('mentions.0');
  });
});

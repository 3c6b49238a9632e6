import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithMember } from '../../test/support/actors.ts';
import { multipartFile } from '../../test/support/audit-fixtures.ts';
import { counterSurvey, interaction, publishSurvey, setUpFeedbackOrg, type FeedbackOrg } from '../../test/support/feedback-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';

/*
 * The tenant guard's promise for the feedback room: nothing of organisation B — surveys, versions,
 * links, invitations, interactions, customers, responses — can be read, listed, exported, changed or
 * referred to by a person or an API key of organisation A, and B's rows are byte-for-byte the same
 * afterwards. A has a survey with the same key as one of B's and reuses B's external ids, so "same
 * key" or "same external id" must never mean "same record".
 */

let km: TestKeymoment;
let a: FeedbackOrg;
let b: FeedbackOrg;
const SHARED = 'counter';
const B_ONLY = 'kazan-secret-survey';
const ids = { bLink: '', bInvitation: '', bInteraction: '', bResponse: '', bLocation: '', bImport: '' };
const aKeys: Record<string, string> = {};
// B's webhook endpoint, kiosk device and widget (channels).
const channelIds = { bWebhook: '', bDevice: '', bDeviceToken: '', bWidget: '', bWidgetToken: '' };

const FEEDBACK_TABLES = ['customers', 'interactions', 'surveys', 'survey_versions', 'survey_links', 'survey_invitations', 'responses', 'import_runs'];

FEEDBACK_TABLES.push('webhook_endpoints', 'webhook_deliveries', 'kiosk_devices', 'survey_widgets');
// B's survey trigger and the invitation-log entry it made (triggers).
const triggerIds = { bTrigger: '', bDelivery: '' };
FEEDBACK_TABLES.push('survey_triggers', 'invitation_deliveries', 'customer_opt_outs');

async function snapshotOf(orgId: string): Promise<string> {
  const parts: unknown[] = [];
  for (const table of FEEDBACK_TABLES) {
    const { rows } = await km.database.query(`select * from ${table} where org_id = $1 order by 1, 2`, [orgId]);
    parts.push(rows);
  }
  return JSON.stringify(parts);
}

beforeAll(async () => {
  km = await startTestKeymoment();
  a = await setUpFeedbackOrg(km, await createOrgWithMember(km, 'admin', 'Shenzhen Shop'), 'A');
  b = await setUpFeedbackOrg(km, await createOrgWithMember(km, 'admin', 'Kazan Telecom'), 'K');
  await publishSurvey(a, SHARED);
  await publishSurvey(b, SHARED);
  await publishSurvey(b, B_ONLY, { ...counterSurvey(), title: { en: 'Kazan survey' } });
  ids.bLocation = b.locations.outletA;
  ids.bInteraction = (await b.ingest('POST', '/api/v1/interactions', interaction('shared-ext', { customer: { externalId: 'kazan-cust', name: 'Kazan customer' } }, 'K'))).json().interactionId;
  ids.bLink = (await b.call('POST', `/api/v1/surveys/${B_ONLY}/links`, { label: 'Kazan QR' })).json().linkId;
  const invitation = (await b.ingest('POST', `/api/v1/surveys/${B_ONLY}/invitations`, { interactionId: ids.bInteraction })).json();
  ids.bInvitation = invitation.invitationId;
  const submitted = await km.app.inject({ method: 'POST', url: `/api/v1/public/surveys/${invitation.token}/submit`, payload: { answers: { recommend: 10, comment: 'Kazan comment' } } });
  ids.bResponse = submitted.json().responseId;
  await b.ingest('POST', '/api/v1/responses', { externalId: 'shared-resp', surveyKey: SHARED, submittedAt: '2026-11-20T10:00:00Z', channel: 'kiosk', answers: { recommend: 1, comment: 'Kazan kiosk' } });
  channelIds.bWebhook = (await b.call('POST', '/api/v1/webhooks', { url: 'https://kazan.example/hooks', eventTypes: ['response.created'] })).json().endpointId;
  const bDevice = (await b.call('POST', '/api/v1/kiosk-devices', { name: 'Kazan kiosk', surveyKey: B_ONLY, locationId: b.locations.outletA })).json();
  [channelIds.bDevice, channelIds.bDeviceToken] = [bDevice.deviceId, bDevice.token];
  const bWidget = (await b.call('POST', `/api/v1/surveys/${B_ONLY}/widgets`, { name: 'Kazan widget', allowedOrigins: ['https://kazan.example'] })).json();
  [channelIds.bWidget, channelIds.bWidgetToken] = [bWidget.widgetId, bWidget.token];
  if (Object.values(channelIds).some((id) => !id)) throw new Error(`B's channels were not all created: ${JSON.stringify(channelIds)}`);
  const csv = multipartFile(Buffer.from('externalId,momentKey,locationCode,occurredAt,channel,customer.externalId\nkazan-row,counter,K-001,2026-11-20 10:00,web,kazan-cust\n'), 'kazan-import.csv', 'text/csv');
  ids.bImport = (await km.app.inject({ method: 'POST', url: '/api/v1/imports?kind=interactions', headers: { ...csv.headers, authorization: `Bearer ${b.ingestKey}` }, payload: csv.payload })).json().importId;
  if (!ids.bImport) throw new Error('B’s import was not created');
  triggerIds.bTrigger = (await b.call('POST', '/api/v1/triggers', { name: 'Kazan trigger', surveyKey: B_ONLY, journeyKey: 'service-hall', momentKey: 'counter', channel: 'link' })).json().triggerId;
  await b.ingest('POST', '/api/v1/interactions', interaction('kazan-fresh', { occurredAt: new Date().toISOString(), customer: { externalId: 'kazan-fresh-cust', name: 'Kazan fresh' } }, 'K'));
  triggerIds.bDelivery = (await b.call('GET', `/api/v1/survey-invitations?triggerId=${triggerIds.bTrigger}`)).json().items[0]?.deliveryId ?? '';
  if (Object.values(triggerIds).some((id) => !id)) throw new Error(`B's trigger did not fire: ${JSON.stringify(triggerIds)}`);
  for (const scope of ['read', 'admin', 'ingest']) {
    aKeys[scope] = (await a.call('POST', '/api/v1/api-keys', { name: `A ${scope}`, scopes: [scope] })).json().key;
  }
  // Two organisations with every kind of record take a while on a busy two-core machine.
}, 180_000);
afterAll(async () => km?.dispose());

type Attack = { what: string; method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; url: () => string; payload?: () => unknown; mustFail: boolean };

const surveyAttacks = (key: string, mustFail: boolean): Attack[] => [
  { what: `read survey ${key}`, method: 'GET', url: () => `/api/v1/surveys/${key}`, mustFail },
  { what: `rename survey ${key}`, method: 'PATCH', url: () => `/api/v1/surveys/${key}`, payload: () => ({ name: { en: 'pwned' } }), mustFail },
  { what: `read the draft of ${key}`, method: 'GET', url: () => `/api/v1/surveys/${key}/draft`, mustFail },
  { what: `overwrite the draft of ${key}`, method: 'PUT', url: () => `/api/v1/surveys/${key}/draft`, payload: () => ({ ...counterSurvey(), title: { en: 'pwned' } }), mustFail },
  { what: `publish ${key}`, method: 'POST', url: () => `/api/v1/surveys/${key}/publish`, payload: () => ({}), mustFail },
  { what: `list the versions of ${key}`, method: 'GET', url: () => `/api/v1/surveys/${key}/versions`, mustFail },
  { what: `read version 1 of ${key}`, method: 'GET', url: () => `/api/v1/surveys/${key}/versions/1`, mustFail },
  { what: `preview ${key}`, method: 'GET', url: () => `/api/v1/surveys/${key}/preview`, mustFail },
  { what: `list the links of ${key}`, method: 'GET', url: () => `/api/v1/surveys/${key}/links`, mustFail },
  { what: `create a link to ${key}`, method: 'POST', url: () => `/api/v1/surveys/${key}/links`, payload: () => ({}), mustFail },
  { what: `revoke B's link through ${key}`, method: 'DELETE', url: () => `/api/v1/surveys/${key}/links/${ids.bLink}`, mustFail: true },
  { what: `invite to ${key}`, method: 'POST', url: () => `/api/v1/surveys/${key}/invitations`, payload: () => ({}), mustFail },
  { what: `list the invitations of ${key}`, method: 'GET', url: () => `/api/v1/surveys/${key}/invitations`, mustFail },
  { what: `archive survey ${key}`, method: 'DELETE', url: () => `/api/v1/surveys/${key}`, mustFail },
];

const attacks: Attack[] = [
  ...surveyAttacks(B_ONLY, true),
  // Same key as A's own survey: what works acts on A's survey, never on B's rows.
  ...surveyAttacks(SHARED, false),
  { what: "invite about B's interaction", method: 'POST', url: () => `/api/v1/surveys/${SHARED}/invitations`, payload: () => ({ interactionId: ids.bInteraction }), mustFail: true },
  { what: "invite at B's location", method: 'POST', url: () => `/api/v1/surveys/${SHARED}/invitations`, payload: () => ({ locationId: ids.bLocation }), mustFail: true },
  { what: "invite B's customer", method: 'POST', url: () => `/api/v1/surveys/${SHARED}/invitations`, payload: () => ({ customerExternalId: 'kazan-cust' }), mustFail: true },
  { what: "link at B's location", method: 'POST', url: () => `/api/v1/surveys/${SHARED}/links`, payload: () => ({ locationId: ids.bLocation }), mustFail: true },
  { what: "read B's interaction", method: 'GET', url: () => `/api/v1/interactions/${ids.bInteraction}`, mustFail: true },
  { what: "read B's response", method: 'GET', url: () => `/api/v1/responses/${ids.bResponse}`, mustFail: true },
  { what: "record an interaction at B's outlet code", method: 'POST', url: () => '/api/v1/interactions', payload: () => interaction('a-at-b', {}, 'K'), mustFail: true },
  { what: "answer B's survey", method: 'POST', url: () => '/api/v1/responses', payload: () => ({ externalId: 'a-resp', surveyKey: B_ONLY, submittedAt: '2026-11-20T10:00:00Z', channel: 'web', answers: { recommend: 0 } }), mustFail: true },
  { what: "answer about B's interaction", method: 'POST', url: () => '/api/v1/responses', payload: () => ({ externalId: 'a-resp-2', surveyKey: SHARED, submittedAt: '2026-11-20T10:00:00Z', channel: 'web', interactionExternalId: 'shared-ext-b', answers: { recommend: 0 } }), mustFail: true },
  { what: "list the answer fields of B's survey", method: 'GET', url: () => `/api/v1/imports/fields?kind=responses&surveyKey=${B_ONLY}`, mustFail: true },
  { what: "read B's import", method: 'GET', url: () => `/api/v1/imports/${ids.bImport}`, mustFail: true },
  { what: "preview B's import", method: 'POST', url: () => `/api/v1/imports/${ids.bImport}/preview`, payload: () => ({ mapping: { externalId: 'externalId' } }), mustFail: true },
  { what: "run B's import", method: 'POST', url: () => `/api/v1/imports/${ids.bImport}/run`, payload: () => ({ mapping: { externalId: 'externalId' }, mode: 'keep-good' }), mustFail: true },
  { what: 'replace the draft of the shared key by an import', method: 'POST', url: () => '/api/v1/surveys/import', payload: () => ({ key: SHARED, replaceDraft: true, source: '{"pages":[{"elements":[{"type":"comment","name":"pwned"}]}]}' }), mustFail: false },
  // Channels: webhooks, kiosk devices, widgets, QR codes.
  { what: "read B's webhook", method: 'GET', url: () => `/api/v1/webhooks/${channelIds.bWebhook}`, mustFail: true },
  { what: "repoint B's webhook", method: 'PATCH', url: () => `/api/v1/webhooks/${channelIds.bWebhook}`, payload: () => ({ url: 'https://evil.example/x' }), mustFail: true },
  { what: "rotate B's webhook secret", method: 'POST', url: () => `/api/v1/webhooks/${channelIds.bWebhook}/rotate-secret`, mustFail: true },
  { what: "send a test event to B's webhook", method: 'POST', url: () => `/api/v1/webhooks/${channelIds.bWebhook}/test`, mustFail: true },
  { what: "read B's webhook deliveries", method: 'GET', url: () => `/api/v1/webhooks/${channelIds.bWebhook}/deliveries`, mustFail: true },
  { what: "delete B's webhook", method: 'DELETE', url: () => `/api/v1/webhooks/${channelIds.bWebhook}`, mustFail: true },
  { what: "read B's kiosk device", method: 'GET', url: () => `/api/v1/kiosk-devices/${channelIds.bDevice}`, mustFail: true },
  { what: "change B's kiosk device", method: 'PATCH', url: () => `/api/v1/kiosk-devices/${channelIds.bDevice}`, payload: () => ({ name: 'pwned' }), mustFail: true },
  { what: "take over B's kiosk device", method: 'POST', url: () => `/api/v1/kiosk-devices/${channelIds.bDevice}/token`, mustFail: true },
  { what: "revoke B's kiosk device", method: 'DELETE', url: () => `/api/v1/kiosk-devices/${channelIds.bDevice}`, mustFail: true },
  { what: "put a kiosk at B's location", method: 'POST', url: () => '/api/v1/kiosk-devices', payload: () => ({ name: 'x', surveyKey: SHARED, locationId: ids.bLocation }), mustFail: true },
  { what: "put a kiosk on B's survey", method: 'POST', url: () => '/api/v1/kiosk-devices', payload: () => ({ name: 'x', surveyKey: B_ONLY, locationCode: 'A-001' }), mustFail: true },
  { what: "list B's widgets", method: 'GET', url: () => `/api/v1/surveys/${B_ONLY}/widgets`, mustFail: true },
  { what: "embed B's survey", method: 'POST', url: () => `/api/v1/surveys/${B_ONLY}/widgets`, payload: () => ({ name: 'x', allowedOrigins: ['https://evil.example'] }), mustFail: true },
  { what: "allow framing B's widget", method: 'PATCH', url: () => `/api/v1/surveys/${SHARED}/widgets/${channelIds.bWidget}`, payload: () => ({ allowedOrigins: ['https://evil.example'] }), mustFail: true },
  { what: "remove B's widget", method: 'DELETE', url: () => `/api/v1/surveys/${SHARED}/widgets/${channelIds.bWidget}`, mustFail: true },
  { what: "make a QR link for B's survey", method: 'POST', url: () => `/api/v1/surveys/${B_ONLY}/qr-links`, payload: () => ({}), mustFail: true },
  { what: "make a QR link at B's location", method: 'POST', url: () => `/api/v1/surveys/${SHARED}/qr-links`, payload: () => ({ locationId: ids.bLocation }), mustFail: true },
  { what: "draw B's link as a QR code", method: 'GET', url: () => `/api/v1/surveys/${SHARED}/links/${ids.bLink}/qr`, mustFail: true },
  { what: "draw B's link through B's survey key", method: 'GET', url: () => `/api/v1/surveys/${B_ONLY}/links/${ids.bLink}/qr?format=png`, mustFail: true },
  // Triggers and the invitation log.
  { what: "read B's trigger", method: 'GET', url: () => `/api/v1/triggers/${triggerIds.bTrigger}`, mustFail: true },
  { what: "change B's trigger", method: 'PATCH', url: () => `/api/v1/triggers/${triggerIds.bTrigger}`, payload: () => ({ enabled: false }), mustFail: true },
  { what: "delete B's trigger", method: 'DELETE', url: () => `/api/v1/triggers/${triggerIds.bTrigger}`, mustFail: true },
  { what: "trigger with B's survey", method: 'POST', url: () => '/api/v1/triggers', payload: () => ({ name: 'x', surveyKey: B_ONLY, journeyKey: 'service-hall', momentKey: 'counter', channel: 'email' }), mustFail: true },
  { what: "trigger at B's location", method: 'POST', url: () => '/api/v1/triggers', payload: () => ({ name: 'x', surveyKey: SHARED, journeyKey: 'service-hall', momentKey: 'counter', channel: 'email', locationId: ids.bLocation }), mustFail: true },
  { what: "read B's invitation log entry", method: 'GET', url: () => `/api/v1/survey-invitations/${triggerIds.bDelivery}`, mustFail: true },
  { what: "opt B's customer out", method: 'POST', url: () => '/api/v1/survey-invitations/opt-outs', payload: () => ({ customerExternalId: 'kazan-fresh-cust', channel: 'email' }), mustFail: true },
  { what: "report B's delivery as delivered", method: 'POST', url: () => '/api/v1/survey-invitations/receipts', payload: () => ({ deliveryId: triggerIds.bDelivery, status: 'delivered' }), mustFail: true },
  // Reusing B's external ids creates A's own records.
  { what: "reuse B's interaction external id", method: 'POST', url: () => '/api/v1/interactions', payload: () => interaction('shared-ext', { customer: { externalId: 'kazan-cust', name: 'A’s own' } }, 'A'), mustFail: false },
  { what: "reuse B's response external id", method: 'POST', url: () => '/api/v1/responses', payload: () => ({ externalId: 'shared-resp', surveyKey: SHARED, submittedAt: '2026-11-20T10:00:00Z', channel: 'web', answers: { recommend: 5 } }), mustFail: false },
];

function actorsOfA(): { who: string; headers: () => Record<string, string> }[] {
  return [
    { who: 'A admin', headers: () => a.member.headers },
    { who: 'A admin naming org B', headers: () => ({ cookie: a.member.cookie, 'x-org-id': b.member.orgId }) },
    { who: 'A admin key', headers: () => ({ authorization: `Bearer ${aKeys.admin}` }) },
    { who: 'A admin key naming org B', headers: () => ({ authorization: `Bearer ${aKeys.admin}`, 'x-org-id': b.member.orgId }) },
    { who: 'A read key', headers: () => ({ authorization: `Bearer ${aKeys.read}` }) },
    { who: 'A ingest key', headers: () => ({ authorization: `Bearer ${aKeys.ingest}` }) },
  ];
}

const B_SECRETS = () => [...Object.values(triggerIds), ...Object.values(channelIds), b.member.orgId, ids.bLocation, ids.bLink, ids.bInvitation, ids.bInteraction, ids.bResponse, ids.bImport, 'kazan-import', 'Kazan', B_ONLY];

describe('organisation A cannot touch organisation B’s feedback', () => {
  for (const actor of actorsOfA()) {
    it(`${actor.who}: every attempt fails or acts on A, and B is unchanged`, async () => {
      for (const attack of attacks) {
        const before = await snapshotOf(b.member.orgId);
        const response = await km.app.inject({
          method: attack.method,
          url: attack.url(),
          headers: actor.headers(),
          ...(attack.payload ? { payload: attack.payload() as object } : {}),
        });
        expect(await snapshotOf(b.member.orgId), `${attack.what}: ${response.statusCode}`).toBe(before);
        // An error may repeat what the caller sent (the key it asked for); anything else of B is a leak.
        const sent = attack.url() + JSON.stringify(attack.payload?.() ?? '');
        for (const secret of B_SECRETS().filter((candidate) => !sent.includes(candidate))) {
          expect(response.body, `${attack.what} leaks ${secret}`).not.toContain(secret);
        }
        if (attack.mustFail) expect([400, 403, 404, 409], `${attack.what}: ${response.body}`).toContain(response.statusCode);
      }
    });

    it(`${actor.who} sees none of B in any list or export`, async () => {
      const lists = [
        '/api/v1/surveys?includeArchived=true',
        '/api/v1/interactions',
        '/api/v1/interactions?visitId=visit-shared-ext',
        '/api/v1/responses',
        `/api/v1/responses?q=Kazan`,
        '/api/v1/responses/export?format=csv',
        '/api/v1/webhooks',
        '/api/v1/kiosk-devices?includeRevoked=true',
        `/api/v1/surveys/${SHARED}/widgets`,
        `/api/v1/surveys/${SHARED}/links`,
        `/api/v1/surveys/${SHARED}/invitations`,
        `/api/v1/surveys/${SHARED}/versions`,
        '/api/v1/imports',
        '/api/v1/imports?kind=interactions',
        '/api/v1/triggers',
        '/api/v1/survey-invitations',
        `/api/v1/survey-invitations?locationId=${ids.bLocation}`,
      ];
      for (const url of lists) {
        const response = await km.app.inject({ method: 'GET', url, headers: actor.headers() });
        expect([200, 403, 404], `${url}: ${response.statusCode}`).toContain(response.statusCode);
        for (const secret of B_SECRETS()) expect(response.body, `${url} leaks ${secret}`).not.toContain(secret);
      }
    });
  }

  it('keeps the same survey key and the same external ids in two organisations as separate records', async () => {
    await a.ingest('POST', '/api/v1/responses', { externalId: 'shared-resp', surveyKey: SHARED, submittedAt: '2026-11-20T10:00:00Z', channel: 'web', answers: { recommend: 5 } });
    await a.ingest('POST', '/api/v1/interactions', interaction('shared-ext', { customer: { externalId: 'kazan-cust', name: 'A’s own' } }, 'A'));
    const mine = (await a.call('GET', `/api/v1/responses?surveyKey=${SHARED}`)).json().items;
    const theirs = (await b.call('GET', `/api/v1/responses?surveyKey=${SHARED}`)).json().items;
    expect(mine.map((r: { externalId: string; nps: number }) => [r.externalId, r.nps])).toEqual([['shared-resp', 5]]);
    expect(theirs.map((r: { externalId: string; nps: number }) => [r.externalId, r.nps])).toEqual([['shared-resp', 1]]);
    const { rows } = await km.database.query<{ org_id: string; name: string }>("select org_id, name from customers where external_id = 'kazan-cust' order by name");
    expect(rows).toEqual([
      { org_id: a.member.orgId, name: 'A’s own' },
      { org_id: b.member.orgId, name: 'Kazan customer' },
    ]);
  });
});

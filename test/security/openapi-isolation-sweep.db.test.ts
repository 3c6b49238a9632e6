import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSignedInMember, createOrgWithMember, type TestMember } from '../support/actors.ts';
import { caller, expectStatus, multipartFile, passingHallAnswers, setUpAuditOrg, TINY_PNG, type AuditOrg } from '../support/audit-fixtures.ts';
import { counterSurvey, hallBlueprint, interaction, publishSurvey, setUpFeedbackOrg, type FeedbackOrg } from '../support/feedback-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../support/test-keymoment.ts';

/*
 * The isolation sweep: every operation in the OpenAPI document is called with organisation A's
 * admin credentials — a session cookie and an admin API key — using the ids of organisation B's
 * records, and once more with A's session naming B in X-Org-Id. A may get errors, or its own (empty)
 * data; it may never get a 2xx for one of B's records, never see one of B's ids or names in any
 * answer, and B's rows (every table with an org_id, and B's people) are the same afterwards.
 *
 * Coverage is enforced, not hoped for: every path parameter must be listed in PARAMS below with the
 * B record it stands for. A new route with a parameter nobody has thought about fails this test until
 * someone adds it here (and creates that kind of record for B in beforeAll). The room tests
 * (src/<room>/tenant-isolation.db.test.ts) go deeper on request bodies that refer to other records.
 */

let km: TestKeymoment;
let uploads: string;
let a: TestMember;
let aKey = '';
let b: AuditOrg;
let bFeedback: FeedbackOrg;
const B_SURVEY = 'kazan-only-survey';
const B_JOURNEY = 'kazan-only-journey';
const B = {
  orgId: '', action: '', apiKey: '', case: '', caseNotification: '', auditNotification: '', device: '', deviceToken: '', webhookEndpoint: '',
  evidence: '', importRun: '', improvement: '', interaction: '', memberInvitation: '', link: '', location: '',
  response: '', run: '', schedule: '', trigger: '', triggerDelivery: '', userId: '', recoveryWebhook: '', widget: '', widgetToken: '', shopperToken: '', surveyToken: '',
};

type Resolver = { kind: 'b'; value: (route: string) => string } | { kind: 'global'; value: (route: string) => string } | { kind: 'public' };

/** Every path parameter of the API and what of B's it stands for. An unknown name fails the sweep. */
const PARAMS: Record<string, Resolver> = {
  actionId: { kind: 'b', value: () => B.action },
  apiKeyId: { kind: 'b', value: () => B.apiKey },
  caseId: { kind: 'b', value: () => B.case },
  // Webhook deliveries and survey-invitation deliveries share the name; B has an invitation delivery.
  deliveryId: { kind: 'b', value: () => B.triggerDelivery },
  deviceId: { kind: 'b', value: () => B.device },
  endpointId: { kind: 'b', value: () => B.webhookEndpoint },
  evidenceId: { kind: 'b', value: () => B.evidence },
  importId: { kind: 'b', value: () => B.importRun },
  improvementId: { kind: 'b', value: () => B.improvement },
  interactionId: { kind: 'b', value: () => B.interaction },
  invitationId: { kind: 'b', value: () => B.memberInvitation },
  key: {
    kind: 'b',
    value: (route) => {
      if (route.startsWith('/api/v1/journeys/')) return B_JOURNEY;
      if (route.startsWith('/api/v1/surveys/')) return B_SURVEY;
      if (route.startsWith('/api/v1/audits/checklists/')) return b.checklistKey;
      throw new Error(`{key} in ${route}: which of B's records does it name? Add it to PARAMS.key`);
    },
  },
  linkId: { kind: 'b', value: () => B.link },
  locationId: { kind: 'b', value: () => B.location },
  momentKey: { kind: 'b', value: () => 'counter' },
  notificationId: { kind: 'b', value: (route) => (route.startsWith('/api/v1/audits/') ? B.auditNotification : B.caseNotification) },
  responseId: { kind: 'b', value: () => B.response },
  runId: { kind: 'b', value: () => B.run },
  scheduleId: { kind: 'b', value: () => B.schedule },
  triggerId: { kind: 'b', value: () => B.trigger },
  userId: { kind: 'b', value: () => B.userId },
  version: { kind: 'b', value: () => '1' },
  webhookId: { kind: 'b', value: () => B.recoveryWebhook },
  widgetId: { kind: 'b', value: () => B.widget },
  // The coaching room is being built as this is written: B has no coaching records yet, so these
  // names get random UUIDs (still never A's), and keys name B's journey. Create B records for them
  // in beforeAll when the room lands.
  staffId: { kind: 'b', value: () => '' },
  journeyKey: { kind: 'b', value: () => B_JOURNEY },
  phraseId: { kind: 'b', value: () => '' },
  examId: { kind: 'b', value: () => '' },
  questionId: { kind: 'b', value: () => '' },
  certificateId: { kind: 'b', value: () => '' },
  assignmentId: { kind: 'b', value: () => '' },
  scenarioId: { kind: 'b', value: () => '' },
  // Built-in templates belong to no organisation: anyone signed in may read them.
  templateKey: { kind: 'global', value: () => 'telecom-service-hall' },
  // Public routes are reached with a token, not a credential: the token is the authority, by design.
  token: { kind: 'public' },
  deviceToken: { kind: 'public' },
};

/** Query parameters that name a record: filled with B's. */
const QUERY_PARAMS: Record<string, () => string> = {
  locationId: () => B.location,
  surveyKey: () => B_SURVEY,
  journeyKey: () => B_JOURNEY,
  triggerId: () => B.trigger,
  runId: () => B.run,
  caseId: () => B.case,
  interactionId: () => B.interaction,
  responseId: () => B.response,
  checklistKey: () => b.checklistKey,
  userId: () => B.userId,
  assigneeId: () => B.userId,
};

/** Operations that act on the signed-in person, not an organisation: a 2xx is fine even when X-Org-Id names B. */
const PERSON_LEVEL = new Set(['GET /api/v1/me', 'PATCH /api/v1/me', 'POST /api/v1/orgs', 'POST /api/v1/auth/sign-out', 'GET /api/v1/journey-templates', 'GET /api/v1/journey-templates/{templateKey}', 'GET /api/v1/audits/checklist-templates', 'GET /api/v1/imports/fields']);

interface Operation {
  method: string;
  route: string;
  public: boolean;
  parameters: { name: string; in: string; required?: boolean }[];
  body: JsonSchema | undefined;
  multipart: boolean;
}
interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  minLength?: number;
  minimum?: number;
  minItems?: number;
  pattern?: string;
  $ref?: string;
}

const operations: Operation[] = [];
let components: Record<string, JsonSchema> = {};
let bSnapshot = '';
let bMarkers: string[] = [];

/** A small body that passes the schema where it can, naming B's records in fields named like our params. */
function bodyFrom(schema: JsonSchema | undefined, name = '', depth = 0): unknown {
  if (!schema || depth > 6) return undefined;
  if (schema.$ref) return bodyFrom(components[schema.$ref.split('/').pop()!], name, depth + 1);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const choice = schema.anyOf ?? schema.oneOf;
  if (choice) return bodyFrom(choice.find((s) => s.type !== 'null') ?? choice[0], name, depth + 1);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s) => bodyFrom(s, name, depth + 1) as object));
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  const param = PARAMS[name];
  const byName = QUERY_PARAMS[name]?.() ?? (name !== 'key' && param?.kind === 'b' ? param.value('') || undefined : undefined);
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? Object.keys(schema.properties ?? {}).slice(0, 0)) out[key] = bodyFrom(schema.properties?.[key], key, depth + 1);
      return out;
    }
    case 'array':
      return schema.minItems ? [bodyFrom(schema.items, name, depth + 1)] : [];
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    case 'string':
      if (byName) return byName;
      if (schema.format === 'uuid') return randomUUID();
      if (schema.format === 'date-time') return new Date().toISOString();
      if (schema.format === 'date') return '2026-11-20';
      if (schema.format === 'email') return 'sweep@example.com';
      if (schema.format === 'uri') return 'https://sweep.example/hook';
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    default:
      return byName ?? {};
  }
}

/** Operations whose every path parameter is known (the first test fails for the others). */
function known(op: Operation): boolean {
  return [...op.route.matchAll(/\{(\w+)\}/g)].every(([, name]) => PARAMS[name!] !== undefined);
}

/** Ends A's session: swept on its own at the very end, or every later call would be a trivial 401. */
const SIGN_OUT = 'POST /api/v1/auth/sign-out';
function swept(op: Operation): boolean {
  return !op.public && known(op) && `${op.method} ${op.route}` !== SIGN_OUT;
}

function urlOf(op: Operation): string {
  let url = op.route.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const resolver = PARAMS[name];
    if (!resolver) throw new Error(`unknown path parameter {${name}} in ${op.method} ${op.route}: add it to PARAMS with the B record it names`);
    if (resolver.kind === 'public') return 'not-a-real-token';
    return encodeURIComponent(resolver.value(op.route) || randomUUID());
  });
  const query = op.parameters.filter((p) => p.in === 'query' && QUERY_PARAMS[p.name]).map((p) => `${p.name}=${encodeURIComponent(QUERY_PARAMS[p.name]!())}`);
  if (query.length > 0) url += `?${query.join('&')}`;
  return url;
}

async function snapshotOfB(): Promise<string> {
  const { rows: tables } = await km.database.query<{ table_name: string }>(
    `select table_name from information_schema.columns where column_name = 'org_id' and table_schema = 'public' order by table_name`,
  );
  const parts: Record<string, string[]> = {};
  for (const { table_name } of tables) {
    const { rows } = await km.database.query(`select * from "${table_name}" where org_id = $1`, [B.orgId]);
    parts[table_name] = rows.map((r) => JSON.stringify(r)).sort();
  }
  const people = await km.database.query(`select * from auth_user where id in (select user_id from memberships where org_id = $1)`, [B.orgId]);
  parts.auth_user = people.rows.map((r) => JSON.stringify(r)).sort();
  return JSON.stringify(parts);
}

/** One of B's markers in the answer that A did not send itself (an error may quote A's own input). */
function leakOf(response: LightMyRequestResponse, sent: string): string | undefined {
  const body = response.body;
  return bMarkers.find((marker) => body.includes(marker) && !sent.includes(marker));
}

/** Whether the URL names one of B's actual records (not a random UUID stand-in). */
function namesB(op: Operation): boolean {
  return [...op.route.matchAll(/\{(\w+)\}/g)].some(([, name]) => {
    const resolver = PARAMS[name!]!;
    return resolver.kind === 'b' && resolver.value(op.route) !== '';
  });
}

/** Routes that work without an organisation (sign-in, set-up, accepting an invitation). */
const WITHOUT_ORG = /^(GET|POST) \/api\/v1\/(auth\/|setup$|invitations\/(by-token\/|accept$))/;

beforeAll(async () => {
  uploads = await mkdtemp(path.join(tmpdir(), 'km-sweep-uploads-'));
  process.env.KEYMOMENT_UPLOADS_DIR = uploads;
  km = await startTestKeymoment();
  const call = caller(km);
  // A: an admin and an admin API key, nothing else (so any B data in an answer is unmistakable).
  a = await createOrgWithMember(km, 'admin', 'Shenzhen Shop');
  aKey = expectStatus(await call(a, 'POST', '/api/v1/api-keys', { name: 'A admin', scopes: ['admin'] }), 201).json().key;

  // B: one record of every kind.
  b = await setUpAuditOrg(km, 'Kazan Telecom');
  B.orgId = b.admin.orgId;
  B.userId = b.admin.userId;
  bFeedback = await setUpFeedbackOrg(km, b.admin, 'K');
  B.location = b.outletId;
  expectStatus(await call(b.admin, 'POST', '/api/v1/journeys', { key: B_JOURNEY, name: { en: 'Kazan journey' }, blueprint: hallBlueprint() }), 201);
  expectStatus(await call(b.admin, 'POST', `/api/v1/journeys/${B_JOURNEY}/publish`, {}), 201);
  await publishSurvey(bFeedback, B_SURVEY, { ...counterSurvey(), title: { en: 'Kazan survey' } });
  B.apiKey = expectStatus(await call(b.admin, 'GET', '/api/v1/api-keys'), 200).json().items[0].apiKeyId;
  B.interaction = expectStatus(await bFeedback.ingest('POST', '/api/v1/interactions', interaction('kazan-ext', { customer: { externalId: 'kazan-cust', name: 'Kazan customer' } }, 'K')), 201).json().interactionId;
  B.link = expectStatus(await call(b.admin, 'POST', `/api/v1/surveys/${B_SURVEY}/links`, { label: 'Kazan QR' }), 201).json().linkId;
  const invitation = expectStatus(await bFeedback.ingest('POST', `/api/v1/surveys/${B_SURVEY}/invitations`, { interactionId: B.interaction }), 201).json();
  B.surveyToken = invitation.token;
  B.response = expectStatus(
    await km.app.inject({ method: 'POST', url: `/api/v1/public/surveys/${invitation.token}/submit`, payload: { answers: { recommend: 9, comment: 'Kazan comment' } } }),
    201,
  ).json().responseId;
  B.memberInvitation = expectStatus(await call(b.admin, 'POST', '/api/v1/invitations', { email: 'kazan-newbie@example.com', role: 'agent' }), 201).json().invitation.invitationId;
  B.webhookEndpoint = expectStatus(await call(b.admin, 'POST', '/api/v1/webhooks', { url: 'https://kazan.example/hooks', eventTypes: ['response.created'] }), 201).json().endpointId;
  const device = expectStatus(await call(b.admin, 'POST', '/api/v1/kiosk-devices', { name: 'Kazan kiosk', surveyKey: B_SURVEY, locationId: bFeedback.locations.outletA }), 201).json();
  [B.device, B.deviceToken] = [device.deviceId, device.token];
  const widget = expectStatus(await call(b.admin, 'POST', `/api/v1/surveys/${B_SURVEY}/widgets`, { name: 'Kazan widget', allowedOrigins: ['https://kazan.example'] }), 201).json();
  [B.widget, B.widgetToken] = [widget.widgetId, widget.token];
  const csv = multipartFile(Buffer.from('externalId,momentKey,locationCode,occurredAt,channel,customer.externalId\nkazan-row,counter,K-001,2026-11-20 10:00,web,kazan-cust\n'), 'kazan.csv', 'text/csv');
  B.importRun = expectStatus(
    await km.app.inject({ method: 'POST', url: '/api/v1/imports?kind=interactions', headers: { ...csv.headers, authorization: `Bearer ${bFeedback.ingestKey}` }, payload: csv.payload }),
    201,
  ).json().importId;
  B.trigger = expectStatus(await call(b.admin, 'POST', '/api/v1/triggers', { name: 'Kazan trigger', surveyKey: B_SURVEY, journeyKey: 'service-hall', momentKey: 'counter', channel: 'link' }), 201).json().triggerId;
  await bFeedback.ingest('POST', '/api/v1/interactions', interaction('kazan-fresh', { occurredAt: new Date().toISOString(), customer: { externalId: 'kazan-fresh-cust', name: 'Kazan fresh' } }, 'K'));
  B.triggerDelivery = expectStatus(await call(b.admin, 'GET', `/api/v1/survey-invitations?triggerId=${B.trigger}`), 200).json().items[0]?.deliveryId ?? '';
  // Audits: a mystery-shopping run with a photo, a submitted walk-through with a failed point (an action, a notification), a schedule, an improvement.
  const run = (kind: string) => call(b.admin, 'POST', '/api/v1/audits/runs', { checklistKey: b.checklistKey, locationId: b.outletId, kind });
  B.run = expectStatus(await run('mystery_shopping'), 201).json().runId;
  B.shopperToken = expectStatus(await call(b.admin, 'POST', `/api/v1/audits/runs/${B.run}/shopper-link`, {}), 201).json().token;
  const photo = multipartFile(TINY_PNG);
  B.evidence = expectStatus(
    await km.app.inject({ method: 'POST', url: `/api/v1/public/audits/${B.shopperToken}/evidence?itemKey=waiting-area`, headers: photo.headers, payload: photo.payload }),
    201,
  ).json().evidenceId;
  const walk = expectStatus(await run('walk_through'), 201).json().runId;
  const submitted = expectStatus(await call(b.manager, 'POST', `/api/v1/audits/runs/${walk}/submit`, { answers: { ...passingHallAnswers(), thanked: { value: 'no', note: 'Kazan finding' } } }), 201).json();
  B.action = submitted.actions.opened[0];
  B.schedule = expectStatus(await call(b.admin, 'POST', '/api/v1/audits/schedules', { checklistKey: b.checklistKey, locationId: b.outletId, kind: 'self_inspection', frequency: 'monthly' }), 201).json().scheduleId;
  B.improvement = expectStatus(
    await call(b.admin, 'POST', '/api/v1/improvement-actions', { title: 'Kazan greeter', journeyKey: 'telecom-service-hall', momentKey: 'leave', source: { kind: 'audit', runId: walk }, hypothesis: 'Kazan', startDate: '2026-12-01' }),
    201,
  ).json().improvementId;
  B.auditNotification = expectStatus(await call(b.manager, 'GET', '/api/v1/notifications'), 200).json().items.find((n: { kind: string }) => n.kind.startsWith('audits.'))?.notificationId ?? '';
  // Recovery: a case handed to a second agent (a notification), a webhook.
  const agent2 = await addSignedInMember(km, B.orgId, 'agent', b.outletId);
  B.case = expectStatus(await call(b.agent, 'POST', '/api/v1/cases', { channel: 'counter', summary: 'Kazan complaint', customerWords: 'Kazan words', customerRef: 'kazan-cust', locationId: b.outletId }), 201).json().case.caseId;
  expectStatus(await call(b.agent, 'POST', `/api/v1/cases/${B.case}/transfer`, { toUserId: agent2.userId }), 200);
  B.caseNotification = expectStatus(await call(agent2, 'GET', '/api/v1/notifications'), 200).json().items[0]?.notificationId ?? '';
  B.recoveryWebhook = expectStatus(await call(b.admin, 'POST', '/api/v1/recovery/webhooks', { url: 'https://hooks.kazan.example/keymoment', events: ['case.reopened'] }), 201).json().webhookId;
  const missing = Object.entries(B).filter(([, v]) => !v).map(([k]) => k);
  if (missing.length > 0) throw new Error(`B's records were not all created: ${missing.join(', ')}`);

  const doc = expectStatus(await km.app.inject({ method: 'GET', url: '/api/v1/openapi.json' }), 200).json();
  components = doc.components?.schemas ?? {};
  for (const [route, ops] of Object.entries<Record<string, { security?: unknown[]; parameters?: { name: string; in: string }[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const content = op.requestBody?.content ?? {};
      operations.push({
        method: method.toUpperCase(),
        route,
        public: Array.isArray(op.security) && op.security.length === 0,
        parameters: op.parameters ?? [],
        body: content['application/json']?.schema,
        multipart: 'multipart/form-data' in content,
      });
    }
  }
  bSnapshot = await snapshotOfB();
  // B's markers: every UUID in B's rows (B's org, people and records), B's keys and tokens, B's names.
  const uuids = new Set(bSnapshot.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? []);
  bMarkers = [...uuids, B_SURVEY, B_JOURNEY, 'Kazan', B.surveyToken, B.deviceToken, B.widgetToken, B.shopperToken];
}, 300_000);

afterAll(async () => {
  await km?.dispose();
  delete process.env.KEYMOMENT_UPLOADS_DIR;
  await rm(uploads, { recursive: true, force: true });
});

describe('the OpenAPI isolation sweep', () => {
  it('knows every path parameter of every operation (a new one must be added to PARAMS)', () => {
    expect(operations.length).toBeGreaterThan(150);
    const unknown = new Set<string>();
    for (const op of operations) for (const [, name] of op.route.matchAll(/\{(\w+)\}/g)) if (!PARAMS[name!]) unknown.add(`{${name}} in ${op.method} ${op.route}`);
    expect([...unknown], 'path parameters without an entry in PARAMS').toEqual([]);
    for (const op of operations) expect(() => urlOf(op)).not.toThrow();
  });

  it("gives A's session and A's admin API key none of B's records, and changes none of B's rows", async () => {
    const credentials = { session: a.headers, 'api key': { authorization: `Bearer ${aKey}` } };
    const failures: string[] = [];
    let checked = 0;
    for (const op of operations.filter(swept)) {
      const url = urlOf(op);
      const isB = namesB(op);
      for (const [who, headers] of Object.entries(credentials)) {
        const payload = op.method === 'GET' || op.method === 'DELETE' ? undefined : op.multipart ? undefined : (bodyFrom(op.body) ?? {});
        const response = await km.app.inject({ method: op.method as 'GET', url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
        checked++;
        const what = `${who} ${op.method} ${url} → ${response.statusCode}`;
        if (response.statusCode >= 500) failures.push(`${what}: server error ${response.body.slice(0, 200)}`);
        if (isB && response.statusCode < 300) failures.push(`${what}: succeeded on B's record ${response.body.slice(0, 200)}`);
        // A read of B's record has no body to fail validation on: it must be refused as not found (or forbidden),
        // which proves the lookup itself ran and was scoped, not that the request died earlier.
        const needsQuery = op.parameters.some((p) => p.in === 'query' && p.required);
        if (isB && op.method === 'GET' && !needsQuery && ![403, 404].includes(response.statusCode)) failures.push(`${what}: a read of B's record should be 404`);
        const leak = leakOf(response, url + JSON.stringify(payload ?? ''));
        if (leak) failures.push(`${what}: answer contains B's "${leak}"`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(300);
    // The session must have stayed valid throughout, or the session half of the sweep proved nothing.
    expect((await km.app.inject({ method: 'GET', url: '/api/v1/org', headers: a.headers })).statusCode).toBe(200);
    expect(await snapshotOfB(), "B's rows changed").toBe(bSnapshot);
  }, 240_000);

  it("refuses A's session acting in B through X-Org-Id on every organisation route", async () => {
    const failures: string[] = [];
    const headers = { cookie: a.cookie, 'x-org-id': B.orgId };
    for (const op of operations.filter(swept)) {
      const url = urlOf(op);
      const payload = op.method === 'GET' || op.method === 'DELETE' || op.multipart ? undefined : (bodyFrom(op.body) ?? {});
      const response = await km.app.inject({ method: op.method as 'GET', url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
      const what = `${op.method} ${op.route} → ${response.statusCode}`;
      if (response.statusCode >= 500) failures.push(`${what}: server error`);
      const orgRoute = !PERSON_LEVEL.has(`${op.method} ${op.route}`) && !WITHOUT_ORG.test(`${op.method} ${op.route}`);
      if (response.statusCode < 300 && orgRoute) failures.push(`${what}: A's session acted in B`);
      // The tenant guard runs before validation: naming an organisation one does not belong to is a 404, as if it did not exist.
      if (orgRoute && response.statusCode !== 404) failures.push(`${what}: expected the guard's 404`);
      const leak = leakOf(response, url + JSON.stringify(payload ?? ''));
      if (leak) failures.push(`${what}: answer contains B's "${leak}"`);
    }
    expect(failures).toEqual([]);
    expect((await km.app.inject({ method: 'GET', url: '/api/v1/org', headers: a.headers })).statusCode).toBe(200);
    // Last: signing out while naming B ends A's own session only.
    const bSession = await km.app.inject({ method: 'GET', url: '/api/v1/org', headers: b.admin.headers });
    expect((await km.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers })).statusCode).toBeLessThan(300);
    expect((await km.app.inject({ method: 'GET', url: '/api/v1/org', headers: b.admin.headers })).statusCode).toBe(bSession.statusCode);
    expect(await snapshotOfB(), "B's rows changed").toBe(bSnapshot);
  }, 240_000);

  it('names no public operation it does not know (public routes are token-scoped, covered by the abuse tests)', () => {
    const publicOps = operations.filter((o) => o.public).map((o) => `${o.method} ${o.route}`);
    const allowedPublic = /^(GET|POST|PUT|DELETE) \/api\/v1\/(auth\/|setup|invitations\/(by-token|accept)|public\/)/;
    expect(publicOps.filter((o) => !allowedPublic.test(o))).toEqual([]);
  });
});

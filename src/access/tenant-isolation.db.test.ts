import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import { addSignedInMember, createOrgWithMember, type TestMember } from '../../test/support/actors.ts';

/*
 * The tenant guard's promise: nothing of organisation B can be read, listed, changed or deleted by a
 * person or an API key of organisation A, and B's rows are byte-for-byte the same afterwards.
 */

let km: TestKeymoment;
let a: TestMember;
let b: TestMember;
const bIds = { location: '', member: '', invitation: '', apiKey: '' };
const aKeys: Record<string, string> = {};

const TENANT_TABLES = ['organizations', 'locations', 'memberships', 'invitations', 'api_keys'];

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
  a = await createOrgWithMember(km, 'admin', 'Shenzhen Shop');
  b = await createOrgWithMember(km, 'admin', 'Kazan Telecom');
  const post = (who: TestMember, url: string, payload: object) => km.app.inject({ method: 'POST', url, headers: who.headers, payload });
  bIds.location = (await post(b, '/api/v1/locations', { name: 'Kazan service hall', level: 'outlet' })).json().locationId;
  bIds.member = (await addSignedInMember(km, b.orgId, 'agent')).userId;
  bIds.invitation = (await post(b, '/api/v1/invitations', { email: 'secret-hire@kazan.example', role: 'viewer' })).json().invitation.invitationId;
  bIds.apiKey = (await post(b, '/api/v1/api-keys', { name: 'B key', scopes: ['admin'] })).json().apiKey.apiKeyId;
  for (const scope of ['read', 'admin', 'ingest']) {
    aKeys[scope] = (await post(a, '/api/v1/api-keys', { name: `A ${scope}`, scopes: [scope] })).json().key;
  }
});
afterAll(async () => km?.dispose());

type Attack = { what: string; method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: () => string; payload?: () => object; allowed: number[] };

const attacks: Attack[] = [
  { what: 'read a location', method: 'GET', url: () => `/api/v1/locations/${bIds.location}`, allowed: [403, 404] },
  { what: 'change a location', method: 'PATCH', url: () => `/api/v1/locations/${bIds.location}`, payload: () => ({ name: 'pwned' }), allowed: [403, 404] },
  { what: 'delete a location', method: 'DELETE', url: () => `/api/v1/locations/${bIds.location}`, allowed: [403, 404] },
  { what: 'create a location under one of B', method: 'POST', url: () => '/api/v1/locations', payload: () => ({ name: 'child', level: 'outlet', parentId: bIds.location }), allowed: [400, 403, 404] },
  { what: 'move own location under one of B', method: 'PATCH', url: () => `/api/v1/locations/${bIds.location}`, payload: () => ({ parentId: null }), allowed: [403, 404] },
  { what: 'change a member', method: 'PATCH', url: () => `/api/v1/members/${bIds.member}`, payload: () => ({ role: 'admin' }), allowed: [403, 404] },
  { what: 'deactivate a member', method: 'PATCH', url: () => `/api/v1/members/${bIds.member}`, payload: () => ({ active: false }), allowed: [403, 404] },
  { what: 'revoke an invitation', method: 'DELETE', url: () => `/api/v1/invitations/${bIds.invitation}`, allowed: [403, 404] },
  { what: 'invite into a location of B', method: 'POST', url: () => '/api/v1/invitations', payload: () => ({ email: 'x@example.com', role: 'viewer', locationId: bIds.location }), allowed: [400, 403, 404] },
  { what: 'revoke an API key', method: 'DELETE', url: () => `/api/v1/api-keys/${bIds.apiKey}`, allowed: [403, 404] },
];

/** Every way A can present itself, including naming B's organisation in the header. */
function actorsOfA(): { who: string; headers: () => Record<string, string> }[] {
  return [
    { who: 'A admin', headers: () => a.headers },
    { who: 'A admin naming org B', headers: () => ({ cookie: a.cookie, 'x-org-id': b.orgId }) },
    { who: 'A admin key', headers: () => ({ authorization: `Bearer ${aKeys.admin}` }) },
    { who: 'A admin key naming org B', headers: () => ({ authorization: `Bearer ${aKeys.admin}`, 'x-org-id': b.orgId }) },
    { who: 'A read key', headers: () => ({ authorization: `Bearer ${aKeys.read}` }) },
    { who: 'A ingest key', headers: () => ({ authorization: `Bearer ${aKeys.ingest}` }) },
  ];
}

describe('organisation A cannot touch organisation B', () => {
  for (const actor of actorsOfA()) {
    for (const attack of attacks) {
      it(`${actor.who} cannot ${attack.what}`, async () => {
        const before = await snapshotOf(b.orgId);
        const response = await km.app.inject({
          method: attack.method,
          url: attack.url(),
          headers: actor.headers(),
          ...(attack.payload ? { payload: attack.payload() } : {}),
        });
        expect(attack.allowed, `${response.statusCode} ${response.body}`).toContain(response.statusCode);
        expect(await snapshotOf(b.orgId)).toBe(before);
      });
    }

    it(`${actor.who} sees none of B in any list or in the organisation`, async () => {
      const headers = actor.headers();
      const lists = ['/api/v1/locations?includeArchived=true', '/api/v1/members', '/api/v1/invitations', '/api/v1/api-keys', '/api/v1/org'];
      for (const url of lists) {
        const response = await km.app.inject({ method: 'GET', url, headers });
        expect([200, 403, 404]).toContain(response.statusCode);
        const body = response.body;
        for (const secret of [b.orgId, bIds.location, bIds.member, bIds.invitation, bIds.apiKey, 'Kazan']) {
          expect(body, `${url} leaks ${secret}`).not.toContain(secret);
        }
      }
    });
  }

  it('answers a foreign organisation in X-Org-Id exactly like a missing one', async () => {
    const foreign = await km.app.inject({ method: 'GET', url: '/api/v1/org', headers: { cookie: a.cookie, 'x-org-id': b.orgId } });
    const missing = await km.app.inject({ method: 'GET', url: '/api/v1/org', headers: { cookie: a.cookie, 'x-org-id': '00000000-0000-7000-8000-000000000000' } });
    expect(foreign.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(foreign.json().error.message).toBe(missing.json().error.message);
  });

  it('an API key acts in its own organisation whatever X-Org-Id says', async () => {
    const response = await km.app.inject({ method: 'GET', url: '/api/v1/org', headers: { authorization: `Bearer ${aKeys.read}`, 'x-org-id': b.orgId } });
    expect(response.json().orgId).toBe(a.orgId);
  });
});

describe('every non-public API route needs credentials', () => {
  it('answers 401 without a session or key, for every operation in the OpenAPI document', async () => {
    const spec = (await km.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
      paths: Record<string, Record<string, { tags?: string[] }>>;
    };
    const checked: string[] = [];
    for (const [path, operations] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (operation.tags?.includes('session') && !['/api/v1/me', '/api/v1/orgs'].includes(path)) continue;
        const url = path.replace(/\{[^}]+\}/g, '00000000-0000-7000-8000-000000000000');
        const response = await km.app.inject({ method: method.toUpperCase() as 'GET', url, payload: method === 'get' || method === 'delete' ? undefined : {} });
        expect(response.statusCode, `${method} ${path}`).toBe(401);
        checked.push(`${method} ${path}`);
      }
    }
    expect(checked.length).toBeGreaterThan(10);
  });
});

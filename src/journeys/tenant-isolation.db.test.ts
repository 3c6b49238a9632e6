import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithMember, type TestMember } from '../../test/support/actors.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';

/*
 * The tenant guard's promise for the journeys room: nothing of organisation B — journeys, drafts,
 * versions, overrides — can be read, listed, changed or deleted by a person or an API key of
 * organisation A, and B's rows are byte-for-byte the same afterwards. A also has a journey with the
 * same key as one of B's, so "same key" must never mean "same journey".
 */

let km: TestKeymoment;
let a: TestMember;
let b: TestMember;
const ids = { bLocation: '', aLocation: '' };
const aKeys: Record<string, string> = {};
const SHARED_KEY = 'service-hall';
const B_ONLY_KEY = 'kazan-secret-journey';

const JOURNEY_TABLES = ['journeys', 'journey_versions', 'journey_overrides'];

async function snapshotOf(orgId: string): Promise<string> {
  const parts: unknown[] = [];
  for (const table of JOURNEY_TABLES) {
    const { rows } = await km.database.query(`select * from ${table} where org_id = $1 order by 1, 2, 3`, [orgId]);
    parts.push(rows);
  }
  return JSON.stringify(parts);
}

const blueprint = (momentName: string) => ({
  stages: [{ key: 'visit', kind: 'first' }],
  moments: [
    {
      key: 'counter',
      name: { en: momentName },
      stageKey: 'visit',
      flags: ['peak', 'end'],
      benchmarks: [{ metric: 'wait_seconds', comparator: 'lte', value: 300, localMin: 60, localMax: 900 }],
    },
  ],
});

beforeAll(async () => {
  km = await startTestKeymoment();
  a = await createOrgWithMember(km, 'admin', 'Shenzhen Shop');
  b = await createOrgWithMember(km, 'admin', 'Kazan Telecom');
  const post = async (who: TestMember, url: string, payload: object) => {
    const response = await km.app.inject({ method: 'POST', url, headers: who.headers, payload });
    expect(response.statusCode, response.body).toBeLessThan(300);
    return response.json();
  };
  const put = (who: TestMember, url: string, payload: object) => km.app.inject({ method: 'PUT', url, headers: who.headers, payload });
  ids.aLocation = (await post(a, '/api/v1/locations', { name: 'Shenzhen outlet', level: 'outlet' })).locationId;
  ids.bLocation = (await post(b, '/api/v1/locations', { name: 'Kazan service hall', level: 'outlet' })).locationId;
  for (const key of [SHARED_KEY, B_ONLY_KEY]) {
    await post(b, '/api/v1/journeys', { key, name: { en: 'Kazan journey' }, blueprint: blueprint('Kazan counter') });
    await post(b, `/api/v1/journeys/${key}/publish`, { note: 'Kazan v1' });
    await put(b, `/api/v1/journeys/${key}/overrides/${ids.bLocation}`, { addedMoments: [{ key: 'kazan-tea', name: { en: 'Kazan tea' }, stageKey: 'visit' }] });
  }
  await post(a, '/api/v1/journeys', { key: SHARED_KEY, name: { en: 'Shenzhen journey' }, blueprint: blueprint('Shenzhen counter') });
  await post(a, `/api/v1/journeys/${SHARED_KEY}/publish`, {});
  for (const scope of ['read', 'admin', 'ingest']) {
    aKeys[scope] = (await post(a, '/api/v1/api-keys', { name: `A ${scope}`, scopes: [scope] })).key;
  }
});
afterAll(async () => km?.dispose());

type Attack = { what: string; method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; url: () => string; payload?: () => object };

const journeyAttacks = (key: string): Attack[] => [
  { what: `read journey ${key}`, method: 'GET', url: () => `/api/v1/journeys/${key}` },
  { what: `rename journey ${key}`, method: 'PATCH', url: () => `/api/v1/journeys/${key}`, payload: () => ({ name: { en: 'pwned' } }) },
  { what: `archive journey ${key}`, method: 'DELETE', url: () => `/api/v1/journeys/${key}` },
  { what: `read the draft of ${key}`, method: 'GET', url: () => `/api/v1/journeys/${key}/draft` },
  { what: `overwrite the draft of ${key}`, method: 'PUT', url: () => `/api/v1/journeys/${key}/draft`, payload: () => blueprint('pwned') },
  { what: `publish ${key}`, method: 'POST', url: () => `/api/v1/journeys/${key}/publish`, payload: () => ({}) },
  { what: `list the versions of ${key}`, method: 'GET', url: () => `/api/v1/journeys/${key}/versions` },
  { what: `read version 1 of ${key}`, method: 'GET', url: () => `/api/v1/journeys/${key}/versions/1` },
  { what: `diff ${key}`, method: 'GET', url: () => `/api/v1/journeys/${key}/diff?from=1&to=draft` },
  { what: `export ${key}`, method: 'GET', url: () => `/api/v1/journeys/${key}/export` },
  { what: `list the overrides of ${key}`, method: 'GET', url: () => `/api/v1/journeys/${key}/overrides` },
  { what: `read B's override of ${key}`, method: 'GET', url: () => `/api/v1/journeys/${key}/overrides/${ids.bLocation}` },
  { what: `replace B's override of ${key}`, method: 'PUT', url: () => `/api/v1/journeys/${key}/overrides/${ids.bLocation}`, payload: () => ({}) },
  { what: `delete B's override of ${key}`, method: 'DELETE', url: () => `/api/v1/journeys/${key}/overrides/${ids.bLocation}` },
  { what: `remove a moment from B's override of ${key}`, method: 'DELETE', url: () => `/api/v1/journeys/${key}/overrides/${ids.bLocation}/moments/kazan-tea` },
  { what: `read the effective blueprint of B's outlet for ${key}`, method: 'GET', url: () => `/api/v1/journeys/${key}/effective/${ids.bLocation}` },
];

const attacks: Attack[] = [
  ...journeyAttacks(B_ONLY_KEY),
  // Same key as A's own journey: anything that works acts on A's journey, never on B's rows.
  ...journeyAttacks(SHARED_KEY),
  { what: "override own journey at B's location", method: 'PUT', url: () => `/api/v1/journeys/${SHARED_KEY}/overrides/${ids.bLocation}`, payload: () => ({}) },
];

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

const B_SECRETS = () => [b.orgId, ids.bLocation, 'Kazan', B_ONLY_KEY, 'kazan-tea'];

describe('organisation A cannot touch organisation B’s journeys', () => {
  for (const actor of actorsOfA()) {
    it(`${actor.who}: every attempt fails or acts on A, and B is unchanged`, async () => {
      for (const attack of attacks) {
        const before = await snapshotOf(b.orgId);
        const response = await km.app.inject({
          method: attack.method,
          url: attack.url(),
          headers: actor.headers(),
          ...(attack.payload ? { payload: attack.payload() } : {}),
        });
        expect(await snapshotOf(b.orgId), `${attack.what}: ${response.statusCode}`).toBe(before);
        for (const secret of B_SECRETS()) expect(response.body, `${attack.what} leaks ${secret}`).not.toContain(secret);
        if (attack.url().includes(B_ONLY_KEY) || attack.url().includes(ids.bLocation)) {
          expect([400, 403, 404, 409], `${attack.what}: ${response.body}`).toContain(response.statusCode);
        }
      }
    });

    it(`${actor.who} sees none of B in any list`, async () => {
      for (const url of ['/api/v1/journeys?includeArchived=true', `/api/v1/journeys/${SHARED_KEY}/overrides`, `/api/v1/journeys/${SHARED_KEY}/versions`]) {
        const response = await km.app.inject({ method: 'GET', url, headers: actor.headers() });
        expect([200, 403, 404]).toContain(response.statusCode);
        for (const secret of B_SECRETS()) expect(response.body, `${url} leaks ${secret}`).not.toContain(secret);
      }
    });
  }

  it('keeps the same key in two organisations as two journeys', async () => {
    const mine = (await km.app.inject({ method: 'GET', url: `/api/v1/journeys/${SHARED_KEY}/versions/1`, headers: a.headers })).json();
    const theirs = (await km.app.inject({ method: 'GET', url: `/api/v1/journeys/${SHARED_KEY}/versions/1`, headers: b.headers })).json();
    expect(mine.blueprint.moments[0].name.en).toBe('Shenzhen counter');
    expect(theirs.blueprint.moments[0].name.en).toBe('Kazan counter');
  });
});

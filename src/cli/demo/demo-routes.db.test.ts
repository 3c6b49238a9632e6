import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSignedInMember, createOrgWithMember, type TestMember } from '../../../test/support/actors.ts';
import { startTestKeymoment, type TestKeymoment } from '../../../test/support/test-keymoment.ts';
import { demoRunOf, registerDemoRoutes } from './demo-routes.ts';

/*
 * The "Load demo data" endpoint: fills only the caller's EMPTY organisation, admins only, in the
 * background with progress; refuses (409) when the organisation has any data or a run is going, and
 * never touches another organisation.
 */

let km: TestKeymoment;
let adminA: TestMember;
let adminB: TestMember;
let adminC: TestMember;
const TABLES = ['responses', 'interactions', 'journeys', 'surveys', 'locations'] as const;

beforeAll(async () => {
  km = await startTestKeymoment({}, { routes: [registerDemoRoutes] });
  adminA = await createOrgWithMember(km, 'admin', 'Empty A');
  adminB = await createOrgWithMember(km, 'admin', 'Empty B');
  adminC = await createOrgWithMember(km, 'admin', 'Has data C');
  const location = await call(adminC, 'POST', '/api/v1/locations', { name: 'Real outlet', level: 'outlet', code: 'REAL-1' });
  expect(location.statusCode, location.body).toBe(201);
}, 120_000);
afterAll(async () => km?.dispose());

function call(member: TestMember, method: 'GET' | 'POST', url: string, payload?: object) {
  return km.app.inject({ method, url, headers: member.headers, ...(payload ? { payload } : {}) });
}

async function counts(orgId: string): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const table of TABLES) {
    const { rows } = await km.database.query<{ n: number }>(`select count(*)::int as n from ${table} where org_id = $1`, [orgId]);
    result[table] = rows[0]!.n;
  }
  return result;
}

describe('/api/v1/demo', () => {
  it('says an empty organisation is empty, and one with a location is not', async () => {
    const a = await call(adminA, 'GET', '/api/v1/demo');
    expect(a.statusCode, a.body).toBe(200);
    expect(a.json()).toEqual({ empty: true, counts: { responses: 0, interactions: 0, journeys: 0, surveys: 0, locations: 0 }, run: null });
    expect((await call(adminC, 'GET', '/api/v1/demo')).json()).toMatchObject({ empty: false, counts: { locations: 1 }, run: null });
  });

  it('is for admins only (403 for a CX manager, and for a viewer)', async () => {
    for (const role of ['cx_manager', 'viewer'] as const) {
      const member = await addSignedInMember(km, adminA.orgId, role);
      const response = await call(member, 'POST', '/api/v1/demo', { months: 1, scale: 0.05 });
      expect(response.statusCode, `${role}: ${response.body}`).toBe(403);
      // Reading the state is fine for every member (the empty page asks it).
      expect((await call(member, 'GET', '/api/v1/demo')).statusCode).toBe(200);
    }
    expect(await counts(adminA.orgId)).toEqual({ responses: 0, interactions: 0, journeys: 0, surveys: 0, locations: 0 });
  });

  it('refuses 409 when the organisation already has data, and changes nothing', async () => {
    const before = await counts(adminC.orgId);
    const response = await call(adminC, 'POST', '/api/v1/demo', {});
    expect(response.statusCode, response.body).toBe(409);
    expect(response.json().error).toMatchObject({ code: 'organization_not_empty' });
    expect(response.json().error.message).toContain('1 locations');
    expect(demoRunOf(adminC.orgId)).toBeUndefined();
    expect(await counts(adminC.orgId)).toEqual(before);
    expect((await call(adminC, 'GET', '/api/v1/demo')).json().run).toBeNull();
  });

  it('answers 401 without a session or key', async () => {
    for (const method of ['GET', 'POST'] as const) {
      expect((await km.app.inject({ method, url: '/api/v1/demo', ...(method === 'POST' ? { payload: {} } : {}) })).statusCode).toBe(401);
    }
  });

  it('answers 400 naming the field for a bad size', async () => {
    for (const [payload, field] of [[{ months: 13 }, 'months'], [{ scale: 0 }, 'scale'], [{ bogus: 1 }, 'bogus']] as const) {
      const response = await call(adminA, 'POST', '/api/v1/demo', payload);
      expect(response.statusCode, response.body).toBe(400);
      expect(JSON.stringify(response.json().error)).toContain(field);
    }
  });

  it('fills the empty organisation in the background with progress, then refuses a second run; other organisations untouched', async () => {
    const otherBefore = { B: await counts(adminB.orgId), C: await counts(adminC.orgId) };
    const started = await call(adminA, 'POST', '/api/v1/demo', { months: 1, scale: 0.05 });
    expect(started.statusCode, started.body).toBe(202);
    expect(started.json()).toMatchObject({ status: 'running', months: 1, finishedAt: null, error: null });
    // A second click while it runs.
    const again = await call(adminA, 'POST', '/api/v1/demo', { months: 1, scale: 0.05 });
    expect(again.statusCode, again.body).toBe(409);
    expect(again.json().error.code).toBe('demo_running');
    expect((await call(adminA, 'GET', '/api/v1/demo')).json().run.status).toBe('running');

    await demoRunOf(adminA.orgId);
    const state = (await call(adminA, 'GET', '/api/v1/demo')).json();
    expect(state.run, JSON.stringify(state.run)).toMatchObject({ status: 'done', months: 1, error: null });
    expect(state.run.day).toBe(state.run.days);
    expect(state.run.days).toBeGreaterThanOrEqual(29);
    expect(state.empty).toBe(false);
    const filled = await counts(adminA.orgId);
    expect(filled).toMatchObject({ locations: 3 + 9 + 30, journeys: 1, surveys: 9 });
    expect(filled.responses).toBe(state.run.responses);
    expect(filled.interactions).toBe(state.run.interactions);
    expect(filled.responses).toBeGreaterThan(10);
    expect(state.counts).toEqual(filled);

    // The dashboards answer from the rollups the demo fed.
    const from = new Date(Date.now() - 62 * 86_400_000).toISOString().slice(0, 10);
    const scores = await call(adminA, 'GET', `/api/v1/scores?groupBy=moment&from=${from}`);
    expect(scores.statusCode, scores.body).toBe(200);
    expect(scores.json().total.responses).toBe(filled.responses);
    // The temporary API key of the run is revoked.
    const { rows } = await km.database.query<{ n: number }>('select count(*)::int as n from api_keys where org_id = $1 and revoked_at is null', [adminA.orgId]);
    expect(rows[0]!.n).toBe(0);

    // Tenant isolation: the other organisations are exactly as before.
    expect(await counts(adminB.orgId)).toEqual(otherBefore.B);
    expect(await counts(adminC.orgId)).toEqual(otherBefore.C);
    expect((await call(adminB, 'GET', '/api/v1/demo')).json()).toMatchObject({ empty: true, run: null });

    // Now it has data: never a second demo on top.
    const second = await call(adminA, 'POST', '/api/v1/demo', { months: 1, scale: 0.05 });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('organization_not_empty');
    expect((await call(adminA, 'GET', '/api/v1/demo')).json().run.status).toBe('done');
  }, 300_000);
});

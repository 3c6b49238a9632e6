import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../access/index.ts';
import { startTestKeymoment, type TestKeymoment } from '../../../test/support/test-keymoment.ts';
import { DEMO_REGIONS } from './data.ts';
import { demoWorld, followUpsOf, generateDays } from './generator.ts';
import { DemoExistsError, runDemo, type DemoSummary } from './run-demo.ts';

/*
 * `keymoment demo` at a tiny scale on a real database, through the API: the counts stored are the
 * counts generated, the journey and surveys are published, the rollups were fed (scores answer),
 * the run's API key is revoked, and a second run into the same organisation name is refused.
 */

let km: TestKeymoment;
let summary: DemoSummary;
const NOW = new Date();
const OPTIONS = { orgName: 'Demo Telecom (test)', months: 1, scale: 0.05, seed: 7, now: NOW, adminEmail: 'demo-admin@example.com' };

beforeAll(async () => {
  km = await startTestKeymoment();
  const days: number[] = [];
  summary = await runDemo(km, { ...OPTIONS, progress: (state) => days.push(state.day) });
  expect(days.at(-1)).toBe(days.length);
}, 180_000);
afterAll(async () => km?.dispose());

/** What the generator makes for the same options, counted independently of the runner. */
function expectedCounts() {
  const today = Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth(), NOW.getUTCDate());
  const start = new Date(today);
  start.setUTCMonth(start.getUTCMonth() - OPTIONS.months);
  const days = Math.round((today - start.getTime()) / 86_400_000) + 1;
  const notAfter = new Date(NOW.getTime() - 60_000);
  let interactions = 0;
  let responses = 0;
  for (const day of generateDays(demoWorld(OPTIONS.seed), { seed: OPTIONS.seed, start, days, scale: OPTIONS.scale, notAfter })) {
    const followUps = followUpsOf(day, OPTIONS.seed, notAfter);
    interactions += day.interactions.length + followUps.interactions.length;
    responses += day.responses.length + followUps.responses.length;
  }
  return { interactions, responses };
}

async function count(table: string): Promise<number> {
  const { rows } = await km.database.query<{ n: number }>(`select count(*)::int as n from ${table} where org_id = $1`, [summary.orgId]);
  return rows[0]!.n;
}

describe('keymoment demo', () => {
  it('stores exactly what the seeded generator makes: locations, journey, surveys, interactions, responses', async () => {
    const expected = expectedCounts();
    expect(expected.interactions).toBeGreaterThan(50);
    expect(expected.responses).toBeGreaterThan(10);
    expect(summary).toMatchObject({ regions: 3, cities: 9, outlets: 30, surveys: 9, ...expected });
    expect(await count('interactions')).toBe(expected.interactions);
    expect(await count('responses')).toBe(expected.responses);
    expect(await count('locations')).toBe(3 + 9 + 30);
    const outlets = await km.database.query<{ code: string }>(`select code from locations where org_id = $1 and level = 'outlet' order by code`, [summary.orgId]);
    expect(outlets.rows.map((row) => row.code)).toContain('CE-DB-01');
    expect(DEMO_REGIONS.flatMap((region) => region.cities.flatMap((city) => city.outlets))).toHaveLength(30);
    const published = await km.database.query<{ n: number }>(`select count(distinct survey_id)::int as n from survey_versions where org_id = $1`, [summary.orgId]);
    expect(published.rows[0]!.n).toBe(9);
    const journeys = await km.database.query<{ key: string }>(`select key from journeys where org_id = $1`, [summary.orgId]);
    expect(journeys.rows.map((row) => row.key)).toEqual(['telecom-service-hall']);
  });

  it('fed the listeners (scores come from rollups), made the admin, and revoked its API key', async () => {
    const admin = await km.database.query<{ role: string }>(
      `select m.role from memberships m join auth_user u on u.id = m.user_id where m.org_id = $1 and u.email = $2`,
      [summary.orgId, 'demo-admin@example.com'],
    );
    expect(admin.rows).toEqual([{ role: 'admin' }]);
    expect(summary.admin).toMatchObject({ email: 'demo-admin@example.com', created: true });
    const keys = await km.database.query<{ revoked: boolean }>(`select revoked_at is not null as revoked from api_keys where org_id = $1`, [summary.orgId]);
    expect(keys.rows).toEqual([{ revoked: true }]);
    // The scores API reads rollups only: answers there mean the insights listener ran on every batch.
    const { key } = await createApiKey(km.database.db, summary.orgId, { name: 'reader', scopes: ['read'], createdBy: null });
    const scores = await km.app.inject({ method: 'GET', url: `/api/v1/scores?groupBy=moment&from=${summary.from}&to=${summary.to}&minN=1`, headers: { authorization: `Bearer ${key}` } });
    expect(scores.statusCode, scores.body).toBe(200);
    const report = scores.json() as { total: { responses: number }; rows: { momentKey: string; responses: number }[] };
    expect(report.total.responses).toBeGreaterThan(0);
    expect(report.total.responses).toBeLessThanOrEqual(summary.responses);
    expect(report.rows.map((row) => row.momentKey)).toEqual(expect.arrayContaining(['queue-triage', 'counter-transaction', 'leave']));
  });

  it('refuses to run twice into the same organisation name and changes nothing', async () => {
    const before = await count('interactions');
    await expect(runDemo(km, { ...OPTIONS, orgName: OPTIONS.orgName.toUpperCase() })).rejects.toBeInstanceOf(DemoExistsError);
    await expect(runDemo(km, OPTIONS)).rejects.toThrow(/already exists.*nothing was changed/);
    const orgs = await km.database.query<{ n: number }>(`select count(*)::int as n from organizations where lower(name) = lower($1)`, [OPTIONS.orgName]);
    expect(orgs.rows[0]!.n).toBe(1);
    expect(await count('interactions')).toBe(before);
  });
});

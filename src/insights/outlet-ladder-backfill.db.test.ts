import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithMember } from '../../test/support/actors.ts';
import { publishSurvey, setUpFeedbackOrg, type FeedbackOrg } from '../../test/support/feedback-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import { OUTLET_TABLES } from './rollups-outlet.ts';

/*
 * Migration 0026 rebuilds the outlet ladder from the fine rollups (an installation upgraded past 0021
 * had responses the ladder never saw). Emptying the ladder and running the migration's statements must
 * give back exactly what the write path keeps.
 */

let km: TestKeymoment;
let org: FeedbackOrg;
const MIGRATION = new URL('../../drizzle/0026_outlet_ladder_backfill.sql', import.meta.url);

beforeAll(async () => {
  km = await startTestKeymoment();
  org = await setUpFeedbackOrg(km, await createOrgWithMember(km, 'admin', 'Ladder Telecom'), 'L');
  await publishSurvey(org, 'counter');
  const items = Array.from({ length: 60 }, (_, i) => ({
    externalId: `l-${i}`,
    surveyKey: 'counter',
    channel: i % 2 ? 'kiosk' : 'sms',
    locationCode: 'L-001',
    staffId: `s-${i % 4}`,
    // Across two months, several weeks, and a local midnight (Asia/Shanghai org time zone or UTC).
    submittedAt: new Date(Date.UTC(2026, 8, 20, 15, 30) + i * 26 * 3_600_000).toISOString(),
    answers: { recommend: i % 11, 'counter-rating': 1 + (i % 5), comment: i % 3 ? `comment ${i}` : '', ...(i % 11 <= 6 ? { 'what-went-wrong': ['waiting'] } : {}) },
  }));
  const stored = await org.ingest('POST', '/api/v1/responses', items);
  expect(stored.json().created).toBe(60);
});
afterAll(async () => km?.dispose());

async function ladder(): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of OUTLET_TABLES) {
    out[table] = (await km.database.query(`select * from ${table} where org_id = $1 order by 2, 3, 4, 5`, [org.member.orgId])).rows.map((row) => ({ ...row }));
  }
  return out;
}

describe('migration 0026: the outlet ladder rebuilt from the fine rollups', () => {
  it('gives back exactly the rows the write path keeps, from an empty ladder and from a full one', async () => {
    const kept = await ladder();
    expect(kept.insight_rollups_people_day!.length).toBeGreaterThan(10);
    const statements = readFileSync(MIGRATION, 'utf8').split('--> statement-breakpoint').map((part) => part.trim()).filter(Boolean);
    for (const table of OUTLET_TABLES) await km.database.query(`delete from ${table}`);
    for (const statement of statements) await km.database.query(statement);
    expect(await ladder()).toEqual(kept);
    for (const statement of statements) await km.database.query(statement);
    expect(await ladder()).toEqual(kept);
  });
});

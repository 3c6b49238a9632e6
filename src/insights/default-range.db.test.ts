import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSignedInMember, type TestMember } from '../../test/support/actors.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import { createOrganization } from '../access/index.ts';

/*
 * The default range of the insights questions: `to` = today in the organisation's time zone, `from` =
 * 29 days before. A remembered answer (answer cache, PGlite) must not outlive the local day it was
 * computed for: asked again after local midnight, with nothing written, the answer is for the new day.
 */

let km: TestKeymoment;
let member: TestMember;
let clock = new Date('2026-11-30T15:50:00Z'); // 23:50 in Taipei

beforeAll(async () => {
  km = await startTestKeymoment({}, { now: () => clock });
  const organization = await createOrganization(km.database.db, { name: 'Taipei Telecom', timezone: 'Asia/Taipei' });
  member = await addSignedInMember(km, organization.orgId, 'admin');
}, 120_000);
afterAll(async () => km?.dispose());

async function range(url: string) {
  const answer = await km.app.inject({ method: 'GET', url, headers: member.headers });
  expect(answer.statusCode, answer.body).toBe(200);
  const body = answer.json();
  return `${body.from}…${body.to}`;
}

describe('the default range', () => {
  it('ends today in the organisation’s time zone, and turns at its midnight even when nothing was written', async () => {
    expect(await range('/api/v1/scores')).toBe('2026-11-01…2026-11-30');
    expect(await range('/api/v1/scores')).toBe('2026-11-01…2026-11-30');
    clock = new Date('2026-11-30T16:05:00Z'); // 00:05 on 1 December in Taipei, still 30 November in UTC
    expect(await range('/api/v1/scores')).toBe('2026-11-02…2026-12-01');
    expect(await range('/api/v1/insights/themes')).toBe('2026-11-02…2026-12-01');
  });

  it('takes the days named, whatever today is', async () => {
    expect(await range('/api/v1/scores?from=2026-10-01&to=2026-10-31')).toBe('2026-10-01…2026-10-31');
    expect(await range('/api/v1/scores?to=2026-10-31')).toBe('2026-10-02…2026-10-31');
  });
});

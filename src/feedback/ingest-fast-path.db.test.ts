import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithMember } from '../../test/support/actors.ts';
import { publishSurvey, setUpFeedbackOrg, type FeedbackOrg } from '../../test/support/feedback-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';

/*
 * The fast ingest path: single posts written together (group commit), API keys remembered by the
 * process, rows sent as one jsonb parameter. Behaviour must be what it was one request at a time.
 */

let km: TestKeymoment;
let org: FeedbackOrg;
const SURVEY = 'counter';

beforeAll(async () => {
  km = await startTestKeymoment();
  org = await setUpFeedbackOrg(km, await createOrgWithMember(km, 'admin', 'Fast Telecom'), 'F');
  await publishSurvey(org, SURVEY);
});
afterAll(async () => km?.dispose());

function response(externalId: string, extra: Record<string, unknown> = {}) {
  return { externalId, surveyKey: SURVEY, submittedAt: '2026-11-20T10:00:00Z', channel: 'kiosk', locationCode: 'F-001', answers: { recommend: 9 }, ...extra };
}

async function count(sql: string, values: unknown[] = []): Promise<number> {
  const { rows } = await km.database.query<{ n: number }>(sql, [org.member.orgId, ...values]);
  return Number(rows[0]!.n);
}

describe('single posts written together (group commit)', () => {
  it('stores N concurrent posts as N rows, each answered with its own record; a bad item fails alone naming its field', async () => {
    const bodies = Array.from({ length: 24 }, (_, i) =>
      response(`gc-${i}`, i === 7 ? { locationCode: 'F-404' } : { staffId: `s-${i}`, answers: { recommend: i % 11, ...(i % 11 <= 6 ? { 'what-went-wrong': ['waiting'] } : {}), comment: `comment ${i}` } }),
    );
    const answers = await Promise.all(bodies.map((body) => org.ingest('POST', '/api/v1/responses', body)));
    answers.forEach((answer, i) => {
      if (i === 7) {
        expect(answer.statusCode).toBe(400);
        expect(answer.json().error).toMatchObject({ field: 'locationCode', message: 'there is no location with the code "F-404"' });
      } else {
        expect(answer.statusCode, answer.body).toBe(201);
        expect(answer.json()).toMatchObject({ externalId: `gc-${i}`, staffId: `s-${i}`, nps: i % 11, comment: `comment ${i}`, locationId: org.locations.outletA });
      }
    });
    expect(new Set(answers.filter((_, i) => i !== 7).map((answer) => answer.json().responseId)).size).toBe(23);
    expect(await count(`select count(*) as n from responses where org_id = $1 and external_id like 'gc-%'`)).toBe(23);
    // The rollups and the comment-analysis queue got each stored response exactly once.
    expect(await count(`select coalesce(sum(responses), 0) as n from insight_rollups_moment where org_id = $1`)).toBe(await count(`select count(*) as n from responses where org_id = $1`));
    expect(await count(`select count(*) as n from insight_comment_analyses where org_id = $1`)).toBe(await count(`select count(*) as n from responses where org_id = $1 and comment is not null`));
  });

  it('stores one row when the same externalId is posted many times at once; a different content under that id is refused', async () => {
    const body = response('gc-same', { answers: { recommend: 10 } });
    const answers = await Promise.all([
      ...Array.from({ length: 10 }, () => org.ingest('POST', '/api/v1/responses', body)),
      org.ingest('POST', '/api/v1/responses', { ...body, answers: { recommend: 1, 'what-went-wrong': ['staff'] } }),
    ]);
    const stored = answers.slice(0, 10);
    expect(stored.filter((answer) => answer.statusCode === 201)).toHaveLength(1);
    expect(stored.filter((answer) => answer.statusCode === 200)).toHaveLength(9);
    expect(new Set(stored.map((answer) => answer.json().responseId)).size).toBe(1);
    // The odd one out either lost the race (400: the id belongs to other content) or won it (then the ten are the odd ones).
    const odd = answers[10]!;
    if (odd.statusCode === 400) expect(odd.json().error.field).toBe('externalId');
    expect(await count(`select count(*) as n from responses where org_id = $1 and external_id = 'gc-same'`)).toBe(1);
  });

  it('acknowledges a post only with what was committed: a value the database refuses fails that post alone', async () => {
    // PostgreSQL text cannot hold U+0000: the group's transaction fails, each post is retried alone.
    const answers = await Promise.all([
      org.ingest('POST', '/api/v1/responses', response('gc-nul-ok-1')),
      org.ingest('POST', '/api/v1/responses', response('gc-nul', { answers: { recommend: 5, 'what-went-wrong': ['staff'], comment: 'bad\u0000text' } })),
      org.ingest('POST', '/api/v1/responses', response('gc-nul-ok-2')),
    ]);
    expect(answers[0]!.statusCode).toBe(201);
    expect(answers[1]!.statusCode).toBeGreaterThanOrEqual(400);
    expect(answers[2]!.statusCode).toBe(201);
    expect(await count(`select count(*) as n from responses where org_id = $1 and external_id like 'gc-nul%'`)).toBe(2);
  });

  it('groups single interactions the same way', async () => {
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        org.ingest('POST', '/api/v1/interactions', {
          externalId: `gi-${i}`, momentKey: 'counter', journeyKey: 'service-hall', locationCode: i === 3 ? 'F-404' : 'F-001', occurredAt: '2026-11-20T09:00:00Z',
          channel: 'in_person', customer: { externalId: `gc-cust-${i % 4}` },
        }),
      ),
    );
    expect(answers.map((answer) => answer.statusCode)).toEqual(answers.map((_, i) => (i === 3 ? 400 : 201)));
    expect(await count(`select count(*) as n from interactions where org_id = $1 and external_id like 'gi-%'`)).toBe(11);
    expect(await count(`select count(*) as n from customers where org_id = $1 and external_id like 'gc-cust-%'`)).toBe(4);
  });
});

describe('API keys remembered by the process', () => {
  it('refuses a revoked key at once even right after it was used (and so cached)', async () => {
    const created = await org.call('POST', '/api/v1/api-keys', { name: 'cached', scopes: ['ingest'] });
    const { key, apiKey } = created.json() as { key: string; apiKey: { apiKeyId: string } };
    const post = (externalId: string) => km.app.inject({ method: 'POST', url: '/api/v1/responses', headers: { authorization: `Bearer ${key}` }, payload: response(externalId) });
    expect((await post('key-1')).statusCode).toBe(201);
    expect((await post('key-2')).statusCode).toBe(201);
    expect((await org.call('DELETE', `/api/v1/api-keys/${apiKey.apiKeyId}`)).statusCode).toBe(204);
    const refused = await post('key-3');
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('invalid_api_key');
    expect(await count(`select count(*) as n from responses where org_id = $1 and external_id = 'key-3'`)).toBe(0);
  });
});

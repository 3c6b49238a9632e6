import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithMember } from '../../test/support/actors.ts';
import { counterSurvey, publishSurvey, setUpFeedbackOrg, type FeedbackOrg } from '../../test/support/feedback-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import { putInstanceSetting } from '../platform/instance-settings.ts';
import { ALLOW_PRIVATE_SETTING } from '../platform/webhooks.ts';

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

/*
 * Survey versions, location codes, moments, recovery rules and webhook endpoints are remembered per
 * organisation for a moment (src/platform/org-reference-cache.ts). A change through the API must be
 * seen by the very next post, each case right after a post that filled the cache.
 */
describe('reference data remembered between groups', () => {
  it('answers a single post with exactly the record a read gives', async () => {
    const posted = await org.ingest('POST', '/api/v1/responses', response('ref-record', { staffId: 's-9', answers: { recommend: 3, 'what-went-wrong': ['staff'], comment: 'slow', contact: true } }));
    expect(posted.statusCode).toBe(201);
    const read = await org.call('GET', `/api/v1/responses/${posted.json().responseId}`);
    expect(read.statusCode).toBe(200);
    expect(posted.json()).toEqual(read.json());
  });

  it('uses a newly published survey version at once', async () => {
    expect((await org.ingest('POST', '/api/v1/responses', response('ref-v1'))).json().surveyVersion).toBe(1);
    const draft = counterSurvey();
    const withExtra = { ...draft, questions: [...draft.questions, { id: 'extra', type: 'csat', title: { en: 'And the app?' } }] };
    expect((await org.call('PUT', `/api/v1/surveys/${SURVEY}/draft`, withExtra)).statusCode).toBe(200);
    expect((await org.call('POST', `/api/v1/surveys/${SURVEY}/publish`, {})).statusCode).toBe(201);
    const next = await org.ingest('POST', '/api/v1/responses', response('ref-v2', { answers: { recommend: 9, extra: 4 } }));
    expect(next.statusCode, next.body).toBe(201);
    expect(next.json().surveyVersion).toBe(2);
  });

  it('sees a changed location code at once: the new code is found, the old one refused', async () => {
    expect((await org.ingest('POST', '/api/v1/responses', response('ref-loc-1'))).statusCode).toBe(201);
    expect((await org.call('PATCH', `/api/v1/locations/${org.locations.outletA}`, { code: 'F-001-NEW' })).statusCode).toBe(200);
    try {
      const old = await org.ingest('POST', '/api/v1/responses', response('ref-loc-2'));
      expect(old.statusCode).toBe(400);
      expect(old.json().error.field).toBe('locationCode');
      const renamed = await org.ingest('POST', '/api/v1/responses', response('ref-loc-3', { locationCode: 'F-001-NEW' }));
      expect(renamed.statusCode).toBe(201);
      expect(renamed.json().locationId).toBe(org.locations.outletA);
    } finally {
      expect((await org.call('PATCH', `/api/v1/locations/${org.locations.outletA}`, { code: 'F-001' })).statusCode).toBe(200);
    }
  });

  it('queues events for a webhook endpoint created right after a post, and applies changed recovery rules at once', async () => {
    expect((await org.ingest('POST', '/api/v1/responses', response('ref-hook-1'))).statusCode).toBe(201);
    await putInstanceSetting(km.database.db, ALLOW_PRIVATE_SETTING, 'true');
    const endpoint = await org.call('POST', '/api/v1/webhooks', { url: 'http://127.0.0.1:9/hooks', eventTypes: ['response.created'] });
    expect(endpoint.statusCode).toBe(201);
    expect((await org.ingest('POST', '/api/v1/responses', response('ref-hook-2'))).statusCode).toBe(201);
    expect(await count(`select count(*) as n from webhook_deliveries where org_id = $1 and event_type = 'response.created'`)).toBe(1);

    const detractor = (externalId: string) => response(externalId, { visitId: `visit-${externalId}`, answers: { recommend: 1, 'what-went-wrong': ['staff'] } });
    expect((await org.ingest('POST', '/api/v1/responses', detractor('ref-rule-1'))).statusCode).toBe(201);
    const cases = () => count(`select count(*) as n from cases where org_id = $1`);
    const before = await cases();
    expect(before).toBeGreaterThan(0);
    expect((await org.call('PUT', '/api/v1/recovery-rules', { rules: [{ kind: 'detractor', enabled: false }] })).statusCode).toBe(200);
    expect((await org.ingest('POST', '/api/v1/responses', detractor('ref-rule-2'))).statusCode).toBe(201);
    expect(await cases()).toBe(before);
  });
});

/**
 * Batch ingest through the whole HTTP stack (fastify.inject → validation → SQL):
 * POST /api/v1/interactions and POST /api/v1/responses with 10,000 items each, first as new items,
 * then the same batch again (every item already stored: the idempotent retry path).
 *
 *   node --import tsx bench/feedback-ingest.ts [items=10000]
 *   KEYMOMENT_TEST_ENGINE=postgres TEST_DATABASE_URL=postgres://… node --import tsx bench/feedback-ingest.ts
 *
 * Items spread over 50 outlets, 3 moments and 10,000 distinct customers, which is what a day of a
 * mid-size service network sends.
 */
import { createOrgWithMember } from '../test/support/actors.ts';
import { counterSurvey, interaction, publishSurvey, setUpFeedbackOrg } from '../test/support/feedback-fixtures.ts';
import { startTestKeymoment, TEST_ENGINE } from '../test/support/test-keymoment.ts';

const size = Number(process.argv[2] ?? 10_000);
const km = await startTestKeymoment();
try {
  const org = await setUpFeedbackOrg(km, await createOrgWithMember(km, 'admin', 'Bench'), 'B');
  for (let i = 0; i < 50; i += 1) await org.call('POST', '/api/v1/locations', { name: `Outlet ${i}`, level: 'outlet', parentId: org.locations.city, code: `B-X${i}` });
  await publishSurvey(org, 'bench', counterSurvey());
  const moments = ['greeting', 'counter', 'leave'];
  const interactions = Array.from({ length: size }, (_, i) =>
    interaction(`bench-${i}`, { momentKey: moments[i % 3], locationCode: `B-X${i % 50}`, customer: { externalId: `c-${i}`, name: `Customer ${i}`, locale: 'hu' } }, 'B'),
  );
  const responses = Array.from({ length: size }, (_, i) => ({
    externalId: `bench-r-${i}`,
    surveyKey: 'bench',
    submittedAt: '2026-11-20T10:00:00Z',
    channel: 'sms',
    interactionExternalId: `bench-${i}`,
    answers: { recommend: i % 11, 'counter-rating': 1 + (i % 5), comment: i % 7 === 0 ? `Comment number ${i}` : '' },
  }));

  const time = async (label: string, url: string, body: unknown[]) => {
    const started = performance.now();
    const response = await org.ingest('POST', url, body);
    const seconds = (performance.now() - started) / 1000;
    const result = response.json() as { created: number; existing: number; failed: number };
    console.log(`${label.padEnd(34)} ${seconds.toFixed(2).padStart(6)} s   created ${result.created}, existing ${result.existing}, failed ${result.failed}`);
  };
  console.log(`engine ${TEST_ENGINE}, ${size} items per batch`);
  await time('interactions, new', '/api/v1/interactions', interactions);
  await time('interactions, same batch again', '/api/v1/interactions', interactions);
  await time('responses, new', '/api/v1/responses', responses);
  await time('responses, same batch again', '/api/v1/responses', responses);
} finally {
  await km.dispose();
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithMember } from '../../test/support/actors.ts';
import { publishSurvey, setUpFeedbackOrg, type FeedbackOrg } from '../../test/support/feedback-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import { ALERTS_QUEUE, COMMENTS_QUEUE } from './jobs.ts';

/* The insights jobs as the server runs them: registered on the real pg-boss queue at start-up. */

let km: TestKeymoment;
let org: FeedbackOrg;

beforeAll(async () => {
  km = await startTestKeymoment({ jobs: true });
  org = await setUpFeedbackOrg(km, await createOrgWithMember(km, 'admin', 'Job Telecom'), 'J');
  await publishSurvey(org, 'counter');
}, 180_000);
afterAll(async () => km?.dispose());

describe('insights jobs on the queue', () => {
  it('are scheduled at start-up', async () => {
    const schedules = (await km.queue!.getSchedules()).map((schedule) => schedule.name);
    expect(schedules).toEqual(expect.arrayContaining([ALERTS_QUEUE, COMMENTS_QUEUE]));
  });

  it('analyse a new comment soon after it arrives (sweep or queued job)', async () => {
    const stored = await org.ingest('POST', '/api/v1/responses', {
      externalId: 'job-1',
      surveyKey: 'counter',
      submittedAt: '2026-11-20T10:00:00Z',
      channel: 'kiosk',
      answers: { recommend: 2, 'what-went-wrong': ['waiting'], comment: '排队时间太长了，服务态度也很差' },
    });
    expect(stored.statusCode, stored.body).toBe(201);
    const id = stored.json().responseId as string;
    await km.queue!.send(COMMENTS_QUEUE, {});
    const deadline = Date.now() + 60_000;
    let item: { status: string; lang: string; sentiment: { label: string } } | undefined;
    while (Date.now() < deadline) {
      item = (await org.call('GET', `/api/v1/insights/comments?responseIds=${id}`)).json().items[0];
      if (item?.status === 'analysed') break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(item).toMatchObject({ status: 'analysed', lang: 'zh-CN', sentiment: { label: 'negative' } });
  }, 90_000);
});

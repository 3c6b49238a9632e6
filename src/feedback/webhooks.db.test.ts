import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithMember } from '../../test/support/actors.ts';
import { publishSurvey, setUpFeedbackOrg, type FeedbackOrg } from '../../test/support/feedback-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import { deleteInstanceSetting, putInstanceSetting } from '../platform/instance-settings.ts';
import { drainWebhookOutbox, WEBHOOK_QUEUE } from './webhook-jobs.ts';
import { ALLOW_PRIVATE_SETTING, isPrivateAddress } from '../platform/webhooks.ts';
import { retryDelaySeconds } from './webhooks.ts';

/*
 * Webhooks end to end against a real local HTTP receiver: the event is in the outbox as soon as the
 * response is stored, the signature verifies with the endpoint's secret, a 500 is retried with
 * backoff, and the delivery log shows every attempt.
 */

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

let km: TestKeymoment;
let org: FeedbackOrg;
let receiver: http.Server;
let receiverUrl: string;
const received: Received[] = [];
/** Status codes the receiver answers with, in turn (then 200). */
const script: number[] = [];
let clock = new Date('2026-11-24T10:00:00Z');

beforeAll(async () => {
  receiver = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.writeHead(script.shift() ?? 200).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  km = await startTestKeymoment({}, { now: () => clock });
  org = await setUpFeedbackOrg(km, await createOrgWithMember(km, 'admin', 'Hook Telecom'));
  await publishSurvey(org, 'counter');
});
afterAll(async () => {
  await km?.dispose();
  await new Promise((resolve) => receiver?.close(resolve));
});

function verify(secret: string, header: string, body: string): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match) return false;
  const expected = createHmac('sha256', secret).update(`${match[1]}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(match[2]!, 'hex'));
}

const ingestResponse = (externalId: string) =>
  org.ingest('POST', '/api/v1/responses', { externalId, surveyKey: 'counter', submittedAt: '2026-11-24T09:00:00Z', channel: 'kiosk', answers: { recommend: 4, comment: 'slow' } });

describe('webhook endpoints', () => {
  it('refuses URLs that are not http(s), carry credentials, or point to private addresses unless the instance allows it', async () => {
    for (const url of ['ftp://example.com/x', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url', 'https://user:pw@example.com/']) {
      const response = await org.call('POST', '/api/v1/webhooks', { url, eventTypes: ['response.created'] });
      expect(response.statusCode, url).toBe(400);
      expect(response.json().error.field).toBe('url');
    }
    for (const url of ['http://127.0.0.1:9/x', 'http://localhost/x', 'http://169.254.169.254/latest/meta-data', 'http://10.1.2.3/', 'http://[::1]/', 'http://[fd00::1]/']) {
      const response = await org.call('POST', '/api/v1/webhooks', { url, eventTypes: ['response.created'] });
      expect(response.statusCode, url).toBe(400);
      expect(response.json().error.message).toContain('webhooks_allow_private_addresses');
    }
    const unknownEvent = await org.call('POST', '/api/v1/webhooks', { url: 'https://example.com/x', eventTypes: ['response.exploded'] });
    expect(unknownEvent.statusCode).toBe(400);
    expect(isPrivateAddress('::ffff:127.0.0.1')).toBe(true);
    expect(isPrivateAddress('93.184.216.34')).toBe(false);
    expect(isPrivateAddress('2606:2800:220:1:248:1893:25c8:1946')).toBe(false);
  });

  it('refuses a public name that resolves to a private address at delivery time', async () => {
    // localhost.localtest.me-style names are not available offline; "localhost" itself is refused by name,
    // so an endpoint is created while private addresses are allowed and the setting is withdrawn after.
    await putInstanceSetting(km.database.db, ALLOW_PRIVATE_SETTING, 'true');
    const created = (await org.call('POST', '/api/v1/webhooks', { url: receiverUrl.replace('127.0.0.1', 'localhost'), eventTypes: ['response.created'] })).json();
    await deleteInstanceSetting(km.database.db, ALLOW_PRIVATE_SETTING);
    const before = received.length;
    const test = await org.call('POST', `/api/v1/webhooks/${created.endpointId}/test`);
    expect(test.statusCode).toBe(201);
    expect(test.json().status).toBe('pending');
    expect(test.json().attemptLog[0].error).toMatch(/private|localhost/);
    expect(received.length).toBe(before);
    await org.call('DELETE', `/api/v1/webhooks/${created.endpointId}`);
  });
});

describe('webhook delivery', () => {
  let endpoint: { endpointId: string; secret: string };

  beforeAll(async () => {
    await putInstanceSetting(km.database.db, ALLOW_PRIVATE_SETTING, 'true');
    const response = await org.call('POST', '/api/v1/webhooks', { url: receiverUrl, eventTypes: ['response.created', 'response.deleted'], description: 'CRM' });
    expect(response.statusCode).toBe(201);
    endpoint = response.json();
    expect(endpoint.secret).toMatch(/^whsec_/);
    const listed = (await org.call('GET', '/api/v1/webhooks')).json();
    expect(listed.items.map((item: { endpointId: string }) => item.endpointId)).toContain(endpoint.endpointId);
    expect(JSON.stringify(listed)).not.toContain(endpoint.secret);
  });

  it('writes the event with the response, signs it, retries a 500 with backoff and logs every attempt', async () => {
    received.length = 0;
    expect((await ingestResponse('hook-1')).statusCode).toBe(201);
    const { rows } = await km.database.query<{ status: string; event_type: string }>('select status, event_type from webhook_deliveries where org_id = $1 and event_type = $2', [org.member.orgId, 'response.created']);
    expect(rows).toEqual([{ status: 'pending', event_type: 'response.created' }]);
    // A retry of the same response stores nothing and enqueues nothing.
    expect((await ingestResponse('hook-1')).statusCode).toBe(200);
    expect((await km.database.query('select 1 from webhook_deliveries where event_type = $1', ['response.created'])).rows).toHaveLength(1);

    script.push(500);
    expect(await drainWebhookOutbox({ database: km.database, now: () => clock })).toBe(1);
    expect(received).toHaveLength(1);
    // Not due yet: nothing more happens until the backoff has passed.
    expect(await drainWebhookOutbox({ database: km.database, now: () => clock })).toBe(0);
    clock = new Date(clock.getTime() + retryDelaySeconds(1) * 1000);
    expect(await drainWebhookOutbox({ database: km.database, now: () => clock })).toBe(1);
    expect(received).toHaveLength(2);

    const [first, second] = received;
    expect(first!.body).toBe(second!.body);
    const event = JSON.parse(second!.body);
    expect(event).toMatchObject({ type: 'response.created', organizationId: org.member.orgId, data: { response: { externalId: 'hook-1', channel: 'kiosk', nps: 4, comment: 'slow' } } });
    expect(second!.headers['keymoment-event']).toBe('response.created');
    expect(second!.headers['keymoment-event-id']).toBe(event.id);
    expect(second!.headers['keymoment-attempt']).toBe('2');
    const signature = second!.headers['keymoment-signature'] as string;
    expect(verify(endpoint.secret, signature, second!.body)).toBe(true);
    expect(verify(endpoint.secret, signature, second!.body.replace('slow', 'fast'))).toBe(false);
    expect(verify('whsec_wrong', signature, second!.body)).toBe(false);

    const log = (await org.call('GET', `/api/v1/webhooks/${endpoint.endpointId}/deliveries`)).json();
    const delivery = log.items.find((item: { eventType: string }) => item.eventType === 'response.created');
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 200, lastError: null });
    expect(delivery.attemptLog.map((attempt: { attempt: number; statusCode: number; error: string | null }) => [attempt.attempt, attempt.statusCode, attempt.error])).toEqual([
      [1, 500, 'HTTP 500'],
      [2, 200, null],
    ]);
    for (const attempt of delivery.attemptLog) expect(attempt.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('gives up after the last attempt and marks the delivery failed', async () => {
    received.length = 0;
    expect((await ingestResponse('hook-2')).statusCode).toBe(201);
    for (let attempt = 1; attempt <= 8; attempt++) {
      script.push(503);
      expect(await drainWebhookOutbox({ database: km.database, now: () => clock }), `attempt ${attempt}`).toBe(1);
      clock = new Date(clock.getTime() + retryDelaySeconds(attempt) * 1000);
    }
    expect(await drainWebhookOutbox({ database: km.database, now: () => clock })).toBe(0);
    expect(received).toHaveLength(8);
    const failed = (await org.call('GET', `/api/v1/webhooks/${endpoint.endpointId}/deliveries?status=failed`)).json().items;
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ status: 'failed', attempts: 8, lastStatusCode: 503, nextAttemptAt: null });
    expect(failed[0].attemptLog).toHaveLength(8);
    // Backoff doubles: 30 s, 60 s, 120 s, …
    expect([1, 2, 3, 4].map(retryDelaySeconds)).toEqual([30, 60, 120, 240]);
  });

  it('sends response.deleted when a response is deleted, and a test event on request', async () => {
    received.length = 0;
    const responseId = (await ingestResponse('hook-3')).json().responseId as string;
    expect((await org.call('DELETE', `/api/v1/responses/${responseId}`)).statusCode).toBe(204);
    await drainWebhookOutbox({ database: km.database, now: () => clock });
    expect(received.map((item) => JSON.parse(item.body).type).sort()).toEqual(['response.created', 'response.deleted']);
    const deleted = received.map((item) => JSON.parse(item.body)).find((event) => event.type === 'response.deleted');
    expect(deleted.data.response.responseId).toBe(responseId);

    const test = await org.call('POST', `/api/v1/webhooks/${endpoint.endpointId}/test`);
    expect(test.statusCode).toBe(201);
    expect(test.json()).toMatchObject({ eventType: 'webhook.test', status: 'delivered', attempts: 1, attemptLog: [{ attempt: 1, statusCode: 200 }] });
    const last = received.at(-1)!;
    expect(verify(endpoint.secret, last.headers['keymoment-signature'] as string, last.body)).toBe(true);
  });

  it('pauses, rotates the secret and deletes an endpoint', async () => {
    const paused = await org.call('PATCH', `/api/v1/webhooks/${endpoint.endpointId}`, { active: false });
    expect(paused.json().active).toBe(false);
    const before = (await km.database.query('select 1 from webhook_deliveries')).rows.length;
    await ingestResponse('hook-4');
    expect((await km.database.query('select 1 from webhook_deliveries')).rows.length).toBe(before);
    const rotated = (await org.call('POST', `/api/v1/webhooks/${endpoint.endpointId}/rotate-secret`)).json();
    expect(rotated.secret).not.toBe(endpoint.secret);
    expect(rotated.secretHint).toBe(rotated.secret.slice(-4));
    expect((await org.call('PATCH', `/api/v1/webhooks/${endpoint.endpointId}`, { url: 'gopher://x' })).statusCode).toBe(400);
    expect((await org.call('DELETE', `/api/v1/webhooks/${endpoint.endpointId}`)).statusCode).toBe(204);
    expect((await org.call('GET', `/api/v1/webhooks/${endpoint.endpointId}/deliveries`)).statusCode).toBe(404);
    expect((await km.database.query('select 1 from webhook_deliveries where endpoint_id = $1', [endpoint.endpointId])).rows).toHaveLength(0);
  });
});

describe('the delivery job (pg-boss, as wired in main.ts)', () => {
  it('delivers a response’s event when the feedback-webhooks job runs', async () => {
    const jobs = await startTestKeymoment({ jobs: true });
    try {
      const shop = await setUpFeedbackOrg(jobs, await createOrgWithMember(jobs, 'admin', 'Job Telecom'));
      await publishSurvey(shop, 'counter');
      await putInstanceSetting(jobs.database.db, ALLOW_PRIVATE_SETTING, 'true');
      const endpoint = (await shop.call('POST', '/api/v1/webhooks', { url: receiverUrl, eventTypes: ['response.created'] })).json();
      received.length = 0;
      const stored = await shop.ingest('POST', '/api/v1/responses', { externalId: 'job-1', surveyKey: 'counter', submittedAt: '2026-11-24T09:00:00Z', channel: 'web', answers: { recommend: 10 } });
      expect(stored.statusCode).toBe(201);
      // The cron runs every minute; sending the job by hand runs the same worker now.
      await jobs.queue!.send(WEBHOOK_QUEUE, {});
      await expect.poll(() => received.length, { timeout: 20_000 }).toBe(1);
      expect(verify(endpoint.secret, received[0]!.headers['keymoment-signature'] as string, received[0]!.body)).toBe(true);
      expect(JSON.parse(received[0]!.body).data.response.externalId).toBe('job-1');
      const { rows } = await jobs.database.query<{ name: string }>("select name from pgboss.schedule where name = $1", [WEBHOOK_QUEUE]);
      expect(rows).toHaveLength(1);
    } finally {
      await jobs.dispose();
    }
  });
});

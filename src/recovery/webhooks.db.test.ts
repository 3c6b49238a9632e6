import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecoveryWorld, ok, recoveryDepsOf, type RecoveryWorld } from '../../test/support/recovery-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import { putInstanceSetting } from '../platform/instance-settings.ts';
import { sweep } from './service.ts';

/* Case events reach webhooks: signed, from an outbox written with the event, retried until accepted. */

let km: TestKeymoment;
let w: RecoveryWorld;
let server: Server;
let url = '';
let status = 200;
const received: { headers: IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  km = await startTestKeymoment();
  w = await createRecoveryWorld(km);
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await km?.dispose();
});

describe('webhooks for case events', () => {
  it('refuses loopback and private addresses unless the installation allows them', async () => {
    const refused = await w.call(w.cx, 'POST', '/api/v1/recovery/webhooks', { url });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.field).toBe('url');
    // This test's receiver listens on 127.0.0.1: allow private addresses from here on.
    await putInstanceSetting(km.database.db, 'webhooks_allow_private_addresses', 'true');
  });

  it('posts every case event, signed with the webhook’s secret, right after the commit', async () => {
    const created = await ok(w.call(w.cx, 'POST', '/api/v1/recovery/webhooks', { url }));
    expect(created.statusCode).toBe(201);
    const { secret, webhookId } = created.json();
    expect(secret).toMatch(/^whsec_/);
    // The secret is shown once; the list never shows it.
    expect((await ok(w.call(w.cx, 'GET', '/api/v1/recovery/webhooks'))).body).not.toContain(secret);

    const opened = (await ok(w.call(w.agent, 'POST', '/api/v1/cases', { channel: 'phone', summary: '电话投诉', customerRef: 'hook-1', locationId: w.locations.hall }))).json().case;
    await ok(w.call(w.agent, 'POST', `/api/v1/cases/${opened.caseId}/steps/vent`, { customerWords: '太慢了' }));
    const mine = received.filter((r) => r.body.includes(opened.caseId));
    expect(mine.map((r) => r.headers['keymoment-event'])).toEqual(['case.opened', 'case.step_recorded']);
    for (const r of mine) {
      // Checked as a receiver would, with the same scheme as the feedback room's webhooks.
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(r.headers['keymoment-signature'])) ?? [];
      expect(v1).toBe(createHmac('sha256', secret).update(`${t}.${r.body}`).digest('hex'));
      expect(r.headers['keymoment-event-id']).toBe(JSON.parse(r.body).id);
      expect(r.headers['keymoment-attempt']).toBe('1');
    }
    expect(JSON.parse(mine[1]!.body)).toMatchObject({ type: 'case.step_recorded', caseId: opened.caseId, orgId: w.orgId, actor: { kind: 'user', id: w.agent.userId }, data: { step: 'vent', customerWords: '太慢了' } });

    const deliveries = (await ok(w.call(w.cx, 'GET', `/api/v1/recovery/webhooks/${webhookId}/deliveries`))).json().items;
    expect(deliveries.filter((d: { caseId: string }) => d.caseId === opened.caseId).every((d: { status: string }) => d.status === 'sent')).toBe(true);
    await ok(w.call(w.cx, 'DELETE', `/api/v1/recovery/webhooks/${webhookId}`));
  });

  it('keeps a refused delivery in the outbox and retries it with backoff until accepted', async () => {
    const { webhookId } = (await ok(w.call(w.cx, 'POST', '/api/v1/recovery/webhooks', { url, events: ['case.note'] }))).json();
    const opened = (await ok(w.call(w.agent, 'POST', '/api/v1/cases', { channel: 'counter', summary: 'note me', locationId: w.locations.hall }))).json().case;
    status = 503;
    await ok(w.call(w.agent, 'POST', `/api/v1/cases/${opened.caseId}/notes`, { text: '稍后回电' }));
    const failed = (await ok(w.call(w.cx, 'GET', `/api/v1/recovery/webhooks/${webhookId}/deliveries`))).json().items;
    expect(failed).toHaveLength(1); // only the note: the filter left out case.opened
    expect(failed[0]).toMatchObject({ eventType: 'case.note', status: 'pending', attempts: 1, lastError: 'HTTP 503' });

    status = 200;
    // Not yet due: the sweeper leaves it alone…
    await sweep(recoveryDepsOf(km, () => new Date()));
    expect((await ok(w.call(w.cx, 'GET', `/api/v1/recovery/webhooks/${webhookId}/deliveries`))).json().items[0].status).toBe('pending');
    // …and sends it once the backoff has passed.
    await sweep(recoveryDepsOf(km, () => new Date(Date.now() + 2 * 60_000)));
    expect((await ok(w.call(w.cx, 'GET', `/api/v1/recovery/webhooks/${webhookId}/deliveries`))).json().items[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('validates the URL and event types, and is for recovery settings only', async () => {
    const bad = await w.call(w.cx, 'POST', '/api/v1/recovery/webhooks', { url: 'ftp://example.com/x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('url');
    const badEvent = await w.call(w.cx, 'POST', '/api/v1/recovery/webhooks', { url, events: ['case.opened', 'case.exploded'] });
    expect(badEvent.json().error.field).toBe('events.1');
    expect((await w.call(w.agent, 'POST', '/api/v1/recovery/webhooks', { url })).statusCode).toBe(403);
    expect((await w.call(w.manager, 'GET', '/api/v1/recovery/webhooks')).statusCode).toBe(403);
  });
});

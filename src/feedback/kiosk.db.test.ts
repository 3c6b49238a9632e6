import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithMember } from '../../test/support/actors.ts';
import { HALL_JOURNEY, publishSurvey, setUpFeedbackOrg, type FeedbackOrg } from '../../test/support/feedback-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';

/*
 * Kiosk devices: registration (token shown once), the kiosk page in the device's language, uploads
 * authenticated by the device token and idempotent by client id, revocation.
 */

let km: TestKeymoment;
let org: FeedbackOrg;
let device: { deviceId: string; token: string; kioskUrl: string };

const upload = (token: string, responses: unknown[], headers: Record<string, string> = {}) =>
  km.app.inject({ method: 'POST', url: `/api/v1/public/kiosk/${token}/responses`, payload: { responses }, headers });

const item = (clientId: string, answers: Record<string, unknown> = { recommend: 9, 'counter-rating': 5 }) => ({ clientId, answeredAt: '2026-11-24T08:00:00Z', answers });

beforeAll(async () => {
  km = await startTestKeymoment();
  org = await setUpFeedbackOrg(km, await createOrgWithMember(km, 'admin', 'Kiosk Telecom'));
  await publishSurvey(org, 'counter');
  const created = await org.call('POST', '/api/v1/kiosk-devices', {
    name: 'Counter 3',
    surveyKey: 'counter',
    locationCode: 'T-001',
    journeyKey: HALL_JOURNEY,
    momentKey: 'counter',
    staffId: 'staff-42',
    locale: 'zh-TW',
    resetSeconds: 15,
  });
  expect(created.statusCode).toBe(201);
  device = created.json();
});
afterAll(async () => km?.dispose());

describe('kiosk devices', () => {
  it('registers a device with a token shown once', async () => {
    expect(device.token).toMatch(/^kd_[\w-]{43}$/);
    expect(device.kioskUrl).toBe(`http://keymoment.test/k/${device.token}`);
    const listed = await org.call('GET', '/api/v1/kiosk-devices');
    expect(listed.json().items).toEqual([expect.objectContaining({ deviceId: device.deviceId, name: 'Counter 3', surveyKey: 'counter', locationId: org.locations.outletA, staffId: 'staff-42', locale: 'zh-TW', resetSeconds: 15 })]);
    expect(listed.body).not.toContain(device.token);
    const { rows } = await km.database.query<{ token_hash: string }>('select token_hash from kiosk_devices');
    expect(rows[0]!.token_hash).not.toContain(device.token);
  });

  it('refuses bad registrations naming the field', async () => {
    const cases: [object, string][] = [
      [{ name: 'x', surveyKey: 'nothing', locationCode: 'T-001' }, 'surveyKey'],
      [{ name: 'x', surveyKey: 'counter' }, 'locationId'],
      [{ name: 'x', surveyKey: 'counter', locationCode: 'NOPE' }, 'locationCode'],
      [{ name: 'x', surveyKey: 'counter', locationCode: 'T-001', journeyKey: HALL_JOURNEY, momentKey: 'nowhere' }, 'momentKey'],
      [{ name: 'x', surveyKey: 'counter', locationCode: 'T-001', resetSeconds: 1 }, 'resetSeconds'],
    ];
    for (const [body, field] of cases) {
      const response = await org.call('POST', '/api/v1/kiosk-devices', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error.field ?? '', JSON.stringify(body)).toContain(field);
    }
    // A survey with a required SERVQUAL grid cannot run on big buttons.
    await publishSurvey(org, 'grid', {
      kind: 'relationship',
      title: { en: 'Grid' },
      questions: [{ id: 'quality', type: 'servqual', required: true, title: { en: 'Agree?' } }],
    });
    const grid = await org.call('POST', '/api/v1/kiosk-devices', { name: 'x', surveyKey: 'grid', locationCode: 'T-001' });
    expect(grid.statusCode).toBe(400);
    expect(grid.json().error.field).toBe('surveyKey');
  });

  it('serves the kiosk page in the device’s language with a strict CSP and a small script', async () => {
    const page = await km.app.inject({ method: 'GET', url: `/k/${device.token}`, headers: { 'accept-language': 'en' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).toContain('<html lang="zh-TW">');
    const config = JSON.parse(/<script type="application\/json" id="km-config">(.*?)<\/script>/.exec(page.body)![1]!);
    expect(config).toMatchObject({ locale: 'zh-TW', version: 1, resetSeconds: 15, uploadUrl: `/api/v1/public/kiosk/${device.token}/responses` });
    expect(config.words.faces).toEqual(['非常不滿意', '不滿意', '普通', '滿意', '非常滿意']);
    expect(config.questions.map((question: { id: string }) => question.id)).toEqual(['recommend', 'what-went-wrong', 'counter-rating', 'comment', 'contact']);
    expect(config.questions[0].title).toBe('您有多大可能向朋友推薦我們？');
    const script = await km.app.inject({ method: 'GET', url: '/k/assets/kiosk.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
    const { gzipSync } = await import('node:zlib');
    expect(gzipSync(script.rawPayload).length).toBeLessThan(6 * 1024);

    const unknown = await km.app.inject({ method: 'GET', url: '/k/kd_nothing' });
    expect(unknown.statusCode).toBe(404);
  });

  it('stores uploads once, with channel, location, moment, staff and device, however often they are re-sent', async () => {
    const first = await upload(device.token, [item('client-0001'), item('client-0002', { recommend: 3, 'what-went-wrong': ['waiting'] })]);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ received: 2, created: 2, existing: 0, failed: 0 });
    // The answer to the first upload was lost: the device sends its queue again, plus a new answer.
    const again = await upload(device.token, [item('client-0001'), item('client-0002'), item('client-0003', { 'counter-rating': 1 })]);
    expect(again.json()).toMatchObject({ received: 3, created: 1, existing: 2, failed: 0 });
    expect(again.json().results[0].responseId).toBe(first.json().results[0].responseId);

    const stored = (await org.call('GET', '/api/v1/responses?channel=kiosk')).json().items;
    expect(stored).toHaveLength(3);
    for (const response of stored) {
      expect(response).toMatchObject({ channel: 'kiosk', locationId: org.locations.outletA, journeyKey: HALL_JOURNEY, momentKey: 'counter', staffId: 'staff-42', locale: 'zh-TW' });
      expect(response.externalId).toMatch(new RegExp(`^kiosk:${device.deviceId}:client-000[123]$`));
    }
    expect(stored.find((response: { externalId: string }) => response.externalId.endsWith('0003')).csat).toBe(1);
  });

  it('reports bad items by index and field and keeps the good ones', async () => {
    const response = await upload(device.token, [item('client-0101', { recommend: 11 }), item('client-0102', {}), item('client-0103', { nonsense: 1 }), item('client-0104')]);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ created: 1, failed: 3 });
    expect(body.results[0]).toMatchObject({ index: 0, status: 'failed', error: { field: 'responses.0.answers.recommend' } });
    expect(body.results[1].error.field).toBe('responses.1.answers');
    expect(body.results[3]).toMatchObject({ index: 3, status: 'created' });
    const malformed = await upload(device.token, [{ clientId: 'x', answeredAt: 'yesterday', answers: {} }]);
    expect(malformed.statusCode).toBe(400);
  });

  it('refuses uploads without a valid token, and stops a revoked device', async () => {
    expect((await upload('kd_forged', [item('client-0201')])).statusCode).toBe(401);
    const rotated = (await org.call('POST', `/api/v1/kiosk-devices/${device.deviceId}/token`)).json();
    expect(rotated.token).not.toBe(device.token);
    expect((await upload(device.token, [item('client-0202')])).statusCode).toBe(401);
    expect((await upload(rotated.token, [item('client-0202')])).json().created).toBe(1);
    expect((await org.call('DELETE', `/api/v1/kiosk-devices/${device.deviceId}`)).statusCode).toBe(204);
    expect((await upload(rotated.token, [item('client-0203')])).statusCode).toBe(401);
    expect((await km.app.inject({ method: 'GET', url: `/k/${rotated.token}` })).statusCode).toBe(404);
    expect((await org.call('GET', '/api/v1/kiosk-devices')).json().items).toHaveLength(0);
    expect((await org.call('GET', '/api/v1/kiosk-devices?includeRevoked=true')).json().items[0].revokedAt).not.toBeNull();
  });

  it('rate-limits uploads per address', async () => {
    const created = (await org.call('POST', '/api/v1/kiosk-devices', { name: 'Busy', surveyKey: 'counter', locationCode: 'T-002' })).json();
    const headers = { 'x-forwarded-for': '203.0.113.9' };
    let limited = 0;
    for (let i = 0; i < 62; i++) {
      const response = await km.app.inject({ method: 'POST', url: `/api/v1/public/kiosk/${created.token}/responses`, payload: { responses: [item(`rate-${String(i).padStart(4, '0')}`)] }, headers, remoteAddress: '203.0.113.9' });
      if (response.statusCode === 429) limited++;
    }
    expect(limited).toBeGreaterThan(0);
  });
});

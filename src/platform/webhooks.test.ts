import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, isPrivateAddress, signWebhook, SIGNATURE_TOLERANCE_SECONDS, verifyWebhookSignature, webhookHeaders } from './webhooks.ts';

/* The signature every Keymoment webhook carries, checked the way a receiver would. */

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body = '{"id":"e1","type":"case.opened"}';

  it('sign HMAC-SHA256 of "<t>.<body>" in the t=,v1= form', () => {
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(signWebhook(secret, 1_700_000_000, body)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('verify only the same body under the same secret, within the tolerance', () => {
    const header = signWebhook(secret, 1_700_000_000, body);
    expect(verifyWebhookSignature(secret, header, body, 1_700_000_010)).toBe(true);
    expect(verifyWebhookSignature(secret, header, body.replace('opened', 'closed'), 1_700_000_010)).toBe(false);
    expect(verifyWebhookSignature('whsec_other', header, body, 1_700_000_010)).toBe(false);
    expect(verifyWebhookSignature(secret, header, body, 1_700_000_000 + SIGNATURE_TOLERANCE_SECONDS + 1)).toBe(false);
    expect(verifyWebhookSignature(secret, 'sha256=abc', body, 1_700_000_000)).toBe(false);
  });

  it('go out with the same headers whichever room sends them', () => {
    const headers = webhookHeaders({ secret, timestamp: 1_700_000_000, body, eventType: 'case.opened', eventId: 'e1', deliveryId: 'd1', attempt: 2 });
    expect(headers).toMatchObject({ 'keymoment-event': 'case.opened', 'keymoment-event-id': 'e1', 'keymoment-delivery-id': 'd1', 'keymoment-attempt': '2' });
    expect(verifyWebhookSignature(secret, headers['keymoment-signature']!, body, 1_700_000_000)).toBe(true);
  });
});

describe('webhook addresses', () => {
  it('count loopback, private, link-local and mapped IPv4 as private', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '169.254.169.254', '192.168.0.1', '::1', '::ffff:10.0.0.1', 'fd00::1']) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    expect(isPrivateAddress('93.184.216.34')).toBe(false);
  });

  it('refuse non-http URLs, credentials and private hosts with the field named', () => {
    expect(() => checkWebhookUrl('ftp://example.com/x', false)).toThrow(/https/);
    expect(() => checkWebhookUrl('https://user:pw@example.com/x', false)).toThrow(/user name/);
    expect(() => checkWebhookUrl('http://localhost:8080/x', false, 'target')).toThrow(/private/);
    expect(checkWebhookUrl('http://localhost:8080/x', true).port).toBe('8080');
  });
});

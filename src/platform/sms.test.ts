import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from './config.ts';
import { createSmsProvider, createWebhookSmsProvider, smsSegments } from './sms.ts';

describe('smsSegments', () => {
  it('counts plain Latin text as GSM-7: 160 in one message, 153 per part after that', () => {
    expect(smsSegments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1, perSegment: 160 });
    expect(smsSegments('a'.repeat(161))).toEqual({ encoding: 'GSM-7', units: 161, segments: 2, perSegment: 153 });
    expect(smsSegments('a'.repeat(306)).segments).toBe(2);
    expect(smsSegments('a'.repeat(307)).segments).toBe(3);
  });

  it('counts extension-table characters (€ [ ] { } ~ ^ | \\) as two septets', () => {
    expect(smsSegments('€').units).toBe(2);
    expect(smsSegments('{x}').units).toBe(5);
    // 79 euro signs = 158 septets fit one message; 81 = 162 do not.
    expect(smsSegments('€'.repeat(79)).segments).toBe(1);
    expect(smsSegments('€'.repeat(81))).toMatchObject({ encoding: 'GSM-7', units: 162, segments: 2 });
  });

  it('sends Chinese as UCS-2: 70 characters in one message, 67 per part', () => {
    const zh = '您對本次服務滿意嗎？歡迎花2分鐘評價';
    expect(smsSegments(zh)).toEqual({ encoding: 'UCS-2', units: zh.length, segments: 1, perSegment: 70 });
    expect(smsSegments('好'.repeat(70)).segments).toBe(1);
    expect(smsSegments('好'.repeat(71))).toMatchObject({ segments: 2, perSegment: 67 });
    expect(smsSegments('好'.repeat(134)).segments).toBe(2);
    expect(smsSegments('好'.repeat(135)).segments).toBe(3);
  });

  it('sends Russian as UCS-2', () => {
    const ru = 'Как прошёл ваш визит? Ответьте за 2 минуты';
    expect(smsSegments(ru)).toMatchObject({ encoding: 'UCS-2', units: ru.length, segments: 1 });
  });

  it('keeps Hungarian with only ö/ü/é in GSM-7, but ő and ű force UCS-2', () => {
    expect(smsSegments('Köszönjük, üdvözlettel').encoding).toBe('GSM-7');
    expect(smsSegments('Milyen volt a látogatása?').encoding).toBe('UCS-2'); // á is not GSM-7 either
    expect(smsSegments('ő').encoding).toBe('UCS-2');
    expect(smsSegments('Válaszoljon kérdőívünkre').encoding).toBe('UCS-2');
    expect(smsSegments('gyűrű').encoding).toBe('UCS-2');
    expect(smsSegments('ö'.repeat(100) + 'ű')).toMatchObject({ encoding: 'UCS-2', units: 101, segments: 2 });
  });

  it('counts an emoji as two UCS-2 units', () => {
    expect(smsSegments('👍').units).toBe(2);
  });
});

describe('the webhook SMS provider', () => {
  it('posts the filled JSON template with the auth header and returns the gateway’s message id', async () => {
    const received: { headers: IncomingMessage['headers']; body: string }[] = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        received.push({ headers: request.headers, body });
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ message_id: 'gw-42' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const provider = createWebhookSmsProvider({
        url: `http://127.0.0.1:${port}/send`,
        authHeader: { name: 'X-Api-Key', value: 'secret-1' },
        bodyTemplate: '{"messages":[{"destination":"{{to}}","content":"{{text}}"}],"sender":"{{from}}"}',
        from: 'Keymoment',
      });
      const sent = await provider.send({ to: '+886912345678', text: '您好 "quoted" \\ https://km.test/s/x' });
      expect(sent).toEqual({ messageId: 'gw-42' });
      expect(received[0]!.headers['x-api-key']).toBe('secret-1');
      expect(JSON.parse(received[0]!.body)).toEqual({
        messages: [{ destination: '+886912345678', content: '您好 "quoted" \\ https://km.test/s/x' }],
        sender: 'Keymoment',
      });
    } finally {
      server.close();
    }
  });

  it('reports a gateway error with its status', async () => {
    const server = createServer((_request, response) => {
      response.statusCode = 503;
      response.end('busy');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      await expect(createWebhookSmsProvider({ url: `http://127.0.0.1:${port}` }).send({ to: '+1', text: 'x' })).rejects.toThrow(/503: busy/);
    } finally {
      server.close();
    }
  });

  it('is configured from the environment, and the log provider stands in without a URL', () => {
    expect(resolveConfig({}, {}).sms).toBeUndefined();
    expect(createSmsProvider(undefined, pino({ level: 'silent' })).name).toBe('log');
    const config = resolveConfig({}, { SMS_WEBHOOK_URL: 'https://sms.example/send', SMS_WEBHOOK_AUTH: 'Bearer t', SMS_FROM: 'KM' });
    expect(config.sms).toEqual({ url: 'https://sms.example/send', authHeader: { name: 'Authorization', value: 'Bearer t' }, from: 'KM' });
    expect(() => resolveConfig({}, { SMS_WEBHOOK_URL: 'ftp://x' })).toThrow(/SMS_WEBHOOK_URL/);
    expect(() => resolveConfig({}, { SMS_WEBHOOK_URL: 'https://x', SMS_WEBHOOK_BODY: '{"to":"{{to}}"' })).toThrow(/SMS_WEBHOOK_BODY/);
    expect(() => resolveConfig({}, { SMS_WEBHOOK_URL: 'https://x', SMS_WEBHOOK_BODY: '{"to":"{{to}}"}' })).toThrow(/\{\{text\}\}/);
  });
});

import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from './mail.ts';

/* A loopback SMTP sink: the real nodemailer transport talks real SMTP to it. */
const received: { to: string[]; raw: string }[] = [];
let server: SMTPServer;
let port: number;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

describe('createMailer', () => {
  it('delivers over SMTP with non-Latin subjects and bodies intact', async () => {
    const mailer = createMailer(`smtp://127.0.0.1:${port}`, 'Keymoment <no-reply@keymoment.test>', pino({ level: 'silent' }));
    await mailer.send({ to: 'olga@example.com', subject: 'Сброс пароля Keymoment', text: '重置密码: https://km.test/reset-password?token=abc' });
    expect(received).toHaveLength(1);
    expect(received[0]!.to).toEqual(['olga@example.com']);
    // Subjects are MIME-encoded words; the body is quoted-printable or base64 UTF-8.
    expect(received[0]!.raw).toMatch(/^Subject: =\?UTF-8\?/m);
    expect(received[0]!.raw).toContain('From: Keymoment <no-reply@keymoment.test>');
  });

  it('writes the message to the log when no SMTP server is configured', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    await createMailer(undefined, 'x@y.z', logger).send({ to: 'a@b.c', subject: 'Hello', text: 'link: https://km.test/x' });
    expect(lines.join('')).toContain('https://km.test/x');
  });
});

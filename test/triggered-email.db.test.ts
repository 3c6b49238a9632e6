import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithMember } from './support/actors.ts';
import { interaction, publishSurvey, setUpFeedbackOrg, type FeedbackOrg } from './support/feedback-fixtures.ts';
import { createTestDatabaseUrl, startTestKeymoment, testConfig, TEST_ENGINE, type TestKeymoment } from './support/test-keymoment.ts';
import { createKeymoment, type Keymoment } from '../src/main.ts';
import { createMailer } from '../src/platform/mail.ts';

/*
 * The whole path with real SMTP: POST an interaction → a trigger schedules the invitation → the
 * pg-boss job sends it through nodemailer to a loopback SMTP server, in the customer's language, with
 * the survey link and the one-click unsubscribe headers. And it survives a restart: scheduled while
 * the queue is off, the app closed, reopened → sent.
 */

const received: ParsedMail[] = [];
let smtp: SMTPServer;
let smtpUrl: string;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
});
afterAll(async () => new Promise<void>((resolve) => smtp.close(() => resolve())));

async function waitForMail(to: string, timeoutMs = 90_000): Promise<ParsedMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = received.find((mail) => mail.to && !Array.isArray(mail.to) && mail.to.value.some((address) => address.address === to));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no e-mail to ${to} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const silent = pino({ level: 'silent' });
const FROM = 'Keymoment <no-reply@keymoment.test>';

async function setUpTrigger(km: Keymoment): Promise<FeedbackOrg> {
  const org = await setUpFeedbackOrg(km, await createOrgWithMember(km, 'admin', 'Budapest Telecom'));
  await publishSurvey(org, 'counter');
  const trigger = await org.call('POST', '/api/v1/triggers', { name: 'After the counter', surveyKey: 'counter', journeyKey: 'service-hall', momentKey: 'counter', channel: 'email' });
  expect(trigger.statusCode, trigger.body).toBe(201);
  return org;
}

function visit(externalId: string, customer: Record<string, unknown>) {
  return interaction(externalId, { occurredAt: new Date(Date.now() - 60_000).toISOString(), customer });
}

describe('a triggered invitation by e-mail', () => {
  let km: TestKeymoment;
  let org: FeedbackOrg;
  beforeAll(async () => {
    km = await startTestKeymoment({ jobs: true, smtpUrl }, { mailer: createMailer(smtpUrl, FROM, silent) });
    org = await setUpTrigger(km);
  }, 180_000);
  afterAll(async () => km?.dispose());

  it('arrives at the SMTP server in the customer’s language with the link and List-Unsubscribe', async () => {
    const posted = await org.ingest('POST', '/api/v1/interactions', visit('pos-hu-1', { externalId: 'anna', name: 'Kovács Anna', locale: 'hu-HU', email: 'anna@example.hu' }));
    expect(posted.statusCode, posted.body).toBe(201);
    const mail = await waitForMail('anna@example.hu');
    expect(mail.subject).toMatch(/^Budapest Telecom[^:]*: kíváncsiak vagyunk, hogyan sikerült$/);
    expect(mail.text).toContain('Kedves Kovács Anna!');
    expect(mail.html).toContain('<html lang="hu">');
    expect(mail.headers.get('content-language')).toBe('hu');
    const header = (name: string) => mail.headerLines.find((line) => line.key === name)?.line;
    const unsubscribe = /^List-Unsubscribe:\s+<(http:\/\/keymoment\.test\/u\/[A-Za-z0-9_-]{64})>$/.exec(header('list-unsubscribe') ?? '')?.[1];
    expect(unsubscribe, header('list-unsubscribe')).toBeDefined();
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(mail.text).toContain(unsubscribe);

    // The link opens the survey in Hungarian.
    const link = /http:\/\/keymoment\.test(\/s\/[A-Za-z0-9_-]{96})/.exec(mail.text!)![1]!;
    const page = await km.app.inject({ method: 'GET', url: link });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('lang="hu"');
    expect(page.body).toContain('Mennyire valószínű, hogy ajánlana minket?');

    const log = (await org.call('GET', '/api/v1/survey-invitations?channel=email')).json().items;
    expect(log[0]).toMatchObject({ status: 'opened', recipient: 'anna@example.hu', locale: 'hu' });
  }, 120_000);

  it('writes Chinese for a zh-TW customer and falls back to the organisation’s language otherwise', async () => {
    await org.ingest('POST', '/api/v1/interactions', [
      visit('pos-tw-1', { externalId: 'lin', name: '林小姐', locale: 'zh-TW', email: 'lin@example.tw' }),
      visit('pos-xx-1', { externalId: 'hans', locale: 'de-DE', email: 'hans@example.de' }),
    ]);
    const tw = await waitForMail('lin@example.tw');
    expect(tw.subject).toContain('想聽聽您的體驗');
    expect(tw.text).toContain('林小姐，您好：');
    const de = await waitForMail('hans@example.de');
    expect(de.subject).toContain('would like to hear how it went');
  }, 120_000);
});

describe('scheduled invitations survive a restart', () => {
  it('is scheduled with the queue off, the app closes, and the reopened app sends it', async () => {
    const dir = TEST_ENGINE === 'pglite' ? mkdtempSync(path.join(tmpdir(), 'km-restart-')) : undefined;
    const database = dir ? { url: `pglite://${dir}`, drop: async () => rmSync(dir, { recursive: true, force: true }) } : await createTestDatabaseUrl();
    const options = { logger: silent, mailer: createMailer(smtpUrl, FROM, silent), serveWeb: false };
    try {
      const first = await createKeymoment(testConfig(database.url, { jobs: false, dataDir: dir ?? '/nonexistent' }), options);
      try {
        const org = await setUpTrigger(first);
        await org.ingest('POST', '/api/v1/interactions', visit('pos-restart-1', { externalId: 'olga', locale: 'ru', email: 'olga@example.ru' }));
        const [queued] = (await org.call('GET', '/api/v1/survey-invitations')).json().items;
        expect(queued).toMatchObject({ status: 'queued' });
      } finally {
        await first.close();
      }
      expect(received.some((mail) => mail.subject?.includes('расскажите'))).toBe(false);

      const second = await createKeymoment(testConfig(database.url, { jobs: true, dataDir: dir ?? '/nonexistent' }), options);
      try {
        const mail = await waitForMail('olga@example.ru');
        expect(mail.subject).toContain('расскажите, как всё прошло');
      } finally {
        await second.close();
      }
    } finally {
      await database.drop();
    }
  }, 120_000);
});

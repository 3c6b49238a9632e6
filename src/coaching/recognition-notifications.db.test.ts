import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSignedInMember, createOrgWithMember, type TestMember } from '../../test/support/actors.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import { deliverNotificationEmails } from '../notifications/index.ts';
import { createMailer } from '../platform/mail.ts';
import { monthOf } from './engagement.ts';
import { recordRecognition } from './recognition.ts';

/*
 * Issue #10: a compliment must reach the named staff member and their manager, in the app and by
 * e-mail, each in their own language. The e-mails go through a real SMTP conversation (a loopback sink).
 */

const received: ParsedMail[] = [];
let smtp: SMTPServer;
let km: TestKeymoment;
let admin: TestMember;
let manager: TestMember;
let staff: TestMember;
let colleague: TestMember;
let hall: string;

const call = (who: TestMember, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  km.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });

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
  const port = (smtp.server.address() as AddressInfo).port;
  km = await startTestKeymoment({}, { mailer: createMailer(`smtp://127.0.0.1:${port}`, 'Keymoment <no-reply@keymoment.test>', pino({ level: 'silent' })) });
  admin = await createOrgWithMember(km, 'admin', 'Recognition');
  hall = (await call(admin, 'POST', '/api/v1/locations', { name: 'Hall', level: 'outlet', timezone: 'Europe/Moscow' })).json().locationId;
  manager = await addSignedInMember(km, admin.orgId, 'outlet_manager', hall);
  staff = await addSignedInMember(km, admin.orgId, 'agent', hall);
  colleague = await addSignedInMember(km, admin.orgId, 'agent', hall);
  // Each reads Keymoment in their own language.
  await km.database.query(`update auth_user set locale = $2 where id = $1`, [staff.userId, 'ru']);
  await km.database.query(`update auth_user set locale = $2 where id = $1`, [manager.userId, 'zh-CN']);
  const linked = await call(admin, 'PUT', '/api/v1/coaching/staff/S-7', { name: 'Olga', userId: staff.userId, locationId: hall, locale: 'ru' });
  expect(linked.statusCode).toBeLessThan(300);
}, 240_000);
afterAll(async () => {
  await km?.dispose();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe('a compliment', () => {
  it('notifies the staff member and their manager in the app and by e-mail, each in their language', async () => {
    const now = new Date();
    const stored = await recordRecognition(
      km.database.db,
      admin.orgId,
      { kind: 'compliment', staffId: 'S-7', locationId: hall, month: monthOf(now), responseId: 'resp-7', journeyKey: null, momentKey: null, quote: 'Olga solved it in two minutes', givenBy: null, note: null },
      now,
    );
    expect(stored).toBeDefined();

    const inbox = async (who: TestMember) => (await call(who, 'GET', '/api/v1/notifications')).json().items.filter((item: { kind: string }) => item.kind === 'coaching.recognition');
    const toStaff = await inbox(staff);
    expect(toStaff).toEqual([expect.objectContaining({ title: 'Клиент поблагодарил вас', body: '“Olga solved it in two minutes”', link: '/coaching/recognition', readAt: null })]);
    const toManager = await inbox(manager);
    expect(toManager).toEqual([expect.objectContaining({ title: '有客户表扬了Olga', data: expect.objectContaining({ audience: 'manager', staffId: 'S-7' }) })]);
    expect(await inbox(colleague)).toEqual([]);
    expect(await inbox(admin)).toEqual([]);

    // The outbox (run every minute by its job) sends one e-mail to each, in their language.
    const deps = { database: km.database, mailer: km.mailer, now: () => new Date(), publicUrl: 'https://km.example', log: pino({ level: 'silent' }) };
    expect(await deliverNotificationEmails(deps, { orgId: admin.orgId, limit: 50 })).toBe(2);
    const to = (who: TestMember) => received.filter((mail) => mail.to && !Array.isArray(mail.to) && mail.to.value[0]?.address === who.email);
    const [staffMail] = to(staff);
    expect(staffMail?.subject).toBe('Клиент поблагодарил вас');
    expect(staffMail?.text).toContain('Olga solved it in two minutes');
    expect(staffMail?.text).toContain('https://km.example/coaching/recognition');
    expect(staffMail?.text).toContain('Спасибо');
    const [managerMail] = to(manager);
    expect(managerMail?.subject).toBe('有客户表扬了Olga');
    expect(managerMail?.text).toContain('请告诉他们');
    expect(received).toHaveLength(2);
    // Nothing goes out twice; the same compliment stored again notifies nobody again.
    expect(await deliverNotificationEmails(deps, { limit: 50 })).toBe(0);
    expect(await recordRecognition(km.database.db, admin.orgId, { kind: 'compliment', staffId: 'S-7', locationId: hall, month: monthOf(now), responseId: 'resp-7', journeyKey: null, momentKey: null, quote: 'again', givenBy: null, note: null }, now)).toBeUndefined();
    expect(await inbox(staff)).toHaveLength(1);
  });
});

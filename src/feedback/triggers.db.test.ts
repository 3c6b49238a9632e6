import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSignedInMember, createOrgWithMember } from '../../test/support/actors.ts';
import { interaction, publishSurvey, setUpFeedbackOrg, type FeedbackOrg } from '../../test/support/feedback-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import type { SmsMessage, SmsProvider } from '../platform/sms.ts';
import { createInvitationDeps, sendDueDeliveries, type InvitationDeps } from './deliveries.ts';
import { localTime, scheduleTriggeredInvitations } from './triggers.ts';

/*
 * Triggers end to end through the API: set-up and validation, evaluation when interactions are stored
 * (filters, sampling, quiet period across triggers, daily cap, quiet hours, opt-outs), the sender
 * (called directly here; the job is tested in deliveries-email.db.test.ts), and the invitation log.
 */

let km: TestKeymoment;
let org: FeedbackOrg;
let deps: InvitationDeps;
const texts: SmsMessage[] = [];
const SURVEY = 'counter';
let seq = 0;

const fakeSms: SmsProvider = {
  name: 'test',
  async send(message) {
    texts.push(message);
    return { messageId: `sms-${texts.length}` };
  },
};

beforeAll(async () => {
  km = await startTestKeymoment();
  org = await setUpFeedbackOrg(km, await createOrgWithMember(km, 'admin', 'Taipei Telecom'));
  await publishSurvey(org, SURVEY);
  deps = createInvitationDeps({ database: km.database, mailer: km.mail, sms: fakeSms, publicUrl: 'http://keymoment.test', now: () => new Date(), log: pino({ level: 'silent' }) });
}, 180_000);
afterAll(async () => km?.dispose());

/** An interaction that happened a minute ago (triggers ignore ones older than a week). */
function recent(extra: Record<string, unknown> = {}) {
  seq += 1;
  const customer = { externalId: `cust-${seq}`, name: 'Lin', locale: 'zh-TW', email: `lin${seq}@example.com`, phone: '+886912000000' };
  return interaction(`int-${seq}`, { occurredAt: new Date(Date.now() - 60_000).toISOString(), customer, ...extra });
}

async function createTrigger(body: Record<string, unknown>): Promise<string> {
  const response = await org.call('POST', '/api/v1/triggers', { name: `Trigger ${++seq}`, surveyKey: SURVEY, journeyKey: 'service-hall', momentKey: 'counter', channel: 'email', ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().triggerId;
}

async function disableAll() {
  for (const trigger of (await org.call('GET', '/api/v1/triggers?enabled=true')).json().items as { triggerId: string }[]) {
    await org.call('PATCH', `/api/v1/triggers/${trigger.triggerId}`, { enabled: false });
  }
}

interface LogEntry {
  deliveryId: string;
  status: string;
  reason: string | null;
  channel: string;
  sendAt: string;
  attempts: number;
  locationId: string;
  recipient: string | null;
  url: string | null;
  answeredAt: string | null;
  failedAt: string | null;
  interaction: { interactionId: string; externalId: string };
  customer: { customerId: string; externalId: string };
}

async function log(query: string): Promise<LogEntry[]> {
  const response = await org.call('GET', `/api/v1/survey-invitations?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items as LogEntry[];
}

describe('trigger set-up', () => {
  it('creates, reads, changes, lists and deletes a trigger', async () => {
    const created = await org.call('POST', '/api/v1/triggers', {
      name: 'After the counter',
      surveyKey: SURVEY,
      journeyKey: 'service-hall',
      momentKey: 'counter',
      locationId: org.locations.city,
      interactionChannels: ['in_person'],
      outcomes: ['resolved'],
      customerAttributes: { tier: 'gold' },
      channel: 'sms',
      delayMinutes: 90,
      samplingRate: 0.5,
      quietPeriodDays: 14,
      dailyCap: 200,
      quietHours: { start: '21:00', end: '09:00' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const trigger = created.json();
    expect(trigger).toMatchObject({ name: 'After the counter', enabled: true, channel: 'sms', delayMinutes: 90, quietHours: { start: '21:00', end: '09:00' }, expiresInDays: 30 });
    const patched = (await org.call('PATCH', `/api/v1/triggers/${trigger.triggerId}`, { outcomes: null, quietHours: null, enabled: false })).json();
    expect(patched).toMatchObject({ outcomes: null, quietHours: null, enabled: false, customerAttributes: { tier: 'gold' } });
    expect((await org.call('GET', `/api/v1/triggers/${trigger.triggerId}`)).json().enabled).toBe(false);
    expect((await org.call('GET', '/api/v1/triggers')).json().items.map((t: { triggerId: string }) => t.triggerId)).toContain(trigger.triggerId);
    expect((await org.call('DELETE', `/api/v1/triggers/${trigger.triggerId}`)).statusCode).toBe(204);
    expect((await org.call('GET', `/api/v1/triggers/${trigger.triggerId}`)).statusCode).toBe(404);
  });

  it('names the field that is wrong', async () => {
    await org.call('POST', '/api/v1/surveys', { key: 'draft-only', name: { en: 'Draft' } });
    const cases: [Record<string, unknown>, string][] = [
      [{ surveyKey: 'nope' }, 'surveyKey'],
      [{ surveyKey: 'draft-only' }, 'surveyKey'],
      [{ momentKey: 'no-such-moment' }, 'momentKey'],
      [{ journeyKey: 'no-journey' }, 'journeyKey'],
      [{ locationId: '0197aaaa-0000-7000-8000-000000000000' }, 'locationId'],
      [{ quietHours: { start: '25:00', end: '08:00' } }, 'quietHours.start'],
      [{ quietHours: { start: '08:00', end: '08:00' } }, 'quietHours.end'],
      [{ samplingRate: 1.5 }, 'samplingRate'],
      [{ channel: 'fax' }, 'channel'],
      [{ delayMinutes: -1 }, 'delayMinutes'],
      [{ interactionChannels: ['pigeon'] }, 'interactionChannels'],
      [{ surprise: true }, 'surprise'],
    ];
    for (const [body, field] of cases) {
      const response = await org.call('POST', '/api/v1/triggers', { name: 'Bad', surveyKey: SURVEY, journeyKey: 'service-hall', momentKey: 'counter', channel: 'email', ...body });
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error.field, `${JSON.stringify(body)} → ${response.body}`).toContain(field);
    }
  });

  it('is for admins and CX managers; others may read', async () => {
    const manager = await addSignedInMember(km, org.member.orgId, 'outlet_manager');
    const body = { name: 'x', surveyKey: SURVEY, momentKey: 'counter', channel: 'email' };
    expect((await km.app.inject({ method: 'POST', url: '/api/v1/triggers', headers: manager.headers, payload: body })).statusCode).toBe(403);
    expect((await km.app.inject({ method: 'GET', url: '/api/v1/triggers', headers: manager.headers })).statusCode).toBe(200);
    const cx = await addSignedInMember(km, org.member.orgId, 'cx_manager');
    const created = await km.app.inject({ method: 'POST', url: '/api/v1/triggers', headers: cx.headers, payload: { ...body, enabled: false } });
    expect(created.statusCode, created.body).toBe(201);
  }, 120_000);
});

describe('evaluation when interactions are stored', () => {
  it('schedules once per interaction, with the filters applied, and a retry schedules nothing more', async () => {
    await disableAll();
    const triggerId = await createTrigger({ delayMinutes: 30, locationId: org.locations.city, outcomes: ['resolved'], customerAttributes: { tier: 'gold' }, interactionChannels: ['in_person'] });
    const gold = recent({ customer: { externalId: `gold-${seq}`, locale: 'zh-Hant-TW', email: 'gold@example.com', attributes: { tier: 'gold' } } });
    const items = [
      gold,
      recent({ customer: { externalId: `silver-${seq}`, email: 's@example.com', attributes: { tier: 'silver' } } }),
      recent({ outcome: 'complaint', customer: { externalId: `gold2-${seq}`, email: 'g2@example.com', attributes: { tier: 'gold' } } }),
      recent({ channel: 'phone', customer: { externalId: `gold3-${seq}`, email: 'g3@example.com', attributes: { tier: 'gold' } } }),
      // Outlet B is under the region, not under the city.
      recent({ locationCode: 'T-002', customer: { externalId: `gold4-${seq}`, email: 'g4@example.com', attributes: { tier: 'gold' } } }),
    ];
    expect((await org.ingest('POST', '/api/v1/interactions', items)).json().created).toBe(5);
    const scheduled = await log(`triggerId=${triggerId}`);
    expect(scheduled).toHaveLength(1);
    expect(scheduled[0]).toMatchObject({ status: 'queued', channel: 'email', interaction: { externalId: gold.externalId }, locale: 'zh-TW', attempts: 0 });
    const due = new Date(scheduled[0]!.sendAt).getTime() - new Date(gold.occurredAt as string).getTime();
    expect(due).toBe(30 * 60_000);
    await org.ingest('POST', '/api/v1/interactions', items);
    expect(await log(`triggerId=${triggerId}`)).toHaveLength(1);
  });

  it('samples deterministically: a re-evaluation picks exactly the same interactions', async () => {
    await disableAll();
    const none = await createTrigger({ samplingRate: 0 });
    const half = await createTrigger({ samplingRate: 0.5, delayMinutes: 24 * 60 });
    const batch = Array.from({ length: 200 }, () => recent());
    const ids = (await org.ingest('POST', '/api/v1/interactions', batch)).json().items.map((item: { id: string }) => item.id) as string[];
    // Sampled-out interactions are the trigger working as designed: no row, no suppression.
    expect(await log(`triggerId=${none}&limit=500`)).toHaveLength(0);
    const picked = (await log(`triggerId=${half}&limit=500`)).map((row) => row.interaction.interactionId).sort();
    expect(picked.length).toBeGreaterThan(70);
    expect(picked.length).toBeLessThan(130);
    // Evaluate the same interactions again from scratch: the hash draws the same ones.
    await km.database.query('delete from invitation_deliveries where org_id = $1 and trigger_id = $2', [org.member.orgId, half]);
    const again = await km.database.db.transaction((tx) => scheduleTriggeredInvitations(tx, org.member.orgId, ids, new Date()));
    expect(again.queued).toBe(picked.length);
    expect((await log(`triggerId=${half}&limit=500`)).map((row) => row.interaction.interactionId).sort()).toEqual(picked);
    // …and a second run on top of the first adds nothing.
    const third = await km.database.db.transaction((tx) => scheduleTriggeredInvitations(tx, org.member.orgId, ids, new Date()));
    expect(third).toEqual({ queued: 0, suppressed: 0, firstSendAt: null });
  }, 120_000);

  it('keeps the quiet period across all triggers, and caps each trigger per day', async () => {
    await disableAll();
    const first = await createTrigger({ quietPeriodDays: 7, delayMinutes: 0 });
    const second = await createTrigger({ quietPeriodDays: 7, delayMinutes: 60, channel: 'sms' });
    const one = recent();
    await org.ingest('POST', '/api/v1/interactions', one);
    // Same customer a moment later, in a later request: still inside the quiet period.
    await org.ingest('POST', '/api/v1/interactions', recent({ customer: one.customer }));
    const a = await log(`triggerId=${first}`);
    const b = await log(`triggerId=${second}`);
    expect(a.map((row) => row.status).sort()).toEqual(['queued', 'suppressed']);
    expect(b.map((row) => `${row.status}:${row.reason}`)).toEqual(['suppressed:quiet_period', 'suppressed:quiet_period']);
    expect(a.find((row) => row.status === 'suppressed')!.reason).toBe('quiet_period');

    await disableAll();
    const capped = await createTrigger({ dailyCap: 3 });
    await org.ingest('POST', '/api/v1/interactions', Array.from({ length: 5 }, () => recent()));
    await org.ingest('POST', '/api/v1/interactions', recent());
    const rows = await log(`triggerId=${capped}`);
    expect(rows.filter((row) => row.status === 'queued')).toHaveLength(3);
    expect(rows.filter((row) => row.reason === 'daily_cap')).toHaveLength(3);
  });

  it('moves a send inside quiet hours to their end in the outlet’s time zone', async () => {
    await disableAll();
    const zone = 'Europe/Budapest';
    const local = localTime(new Date(), zone).minute;
    const hhmm = (minute: number) => `${String(Math.floor(((minute + 1440) % 1440) / 60)).padStart(2, '0')}:${String((minute + 1440) % 60).padStart(2, '0')}`;
    const triggerId = await createTrigger({ quietHours: { start: hhmm(local - 60), end: hhmm(local + 120) } });
    await org.ingest('POST', '/api/v1/interactions', recent({ locationCode: 'T-002' }));
    const [row] = await log(`triggerId=${triggerId}`);
    expect(localTime(new Date(row!.sendAt), zone).minute).toBe((local + 120 + 1440) % 1440);
    expect(new Date(row!.sendAt).getTime()).toBeGreaterThan(Date.now() + 100 * 60_000);
  });

  it('suppresses customers without an address for the channel', async () => {
    await disableAll();
    const triggerId = await createTrigger({ channel: 'email' });
    seq += 1;
    await org.ingest('POST', '/api/v1/interactions', interaction(`no-mail-${seq}`, { occurredAt: new Date().toISOString(), customer: { externalId: `no-mail-${seq}` } }));
    expect((await log(`triggerId=${triggerId}`)).map((row) => row.reason)).toEqual(['no_email']);
  });

  it('ignores interactions that happened more than a week ago (a history import)', async () => {
    await disableAll();
    const triggerId = await createTrigger({});
    await org.ingest('POST', '/api/v1/interactions', recent({ occurredAt: new Date(Date.now() - 8 * 24 * 3600_000).toISOString() }));
    expect(await log(`triggerId=${triggerId}`)).toEqual([]);
  });

  it('evaluates a batch of 10,000 interactions in one go', async () => {
    await disableAll();
    const triggerId = await createTrigger({ samplingRate: 0.1, dailyCap: 100, channel: 'link', delayMinutes: 24 * 60 });
    const batch = Array.from({ length: 10_000 }, () => recent());
    const response = await org.ingest('POST', '/api/v1/interactions', batch);
    expect(response.json().created).toBe(10_000);
    const { rows } = await km.database.query<{ status: string; reason: string | null; n: number }>(
      'select status, reason, count(*)::int as n from invitation_deliveries where org_id = $1 and trigger_id = $2 group by 1, 2 order by 1, 2',
      [org.member.orgId, triggerId],
    );
    const byKey = Object.fromEntries(rows.map((row) => [`${row.status}:${row.reason}`, row.n]));
    expect(byKey['queued:null']).toBe(100);
    // About 10% sampled in; of those, all beyond the cap of 100 are suppressed with the reason.
    expect(byKey['suppressed:daily_cap']).toBeGreaterThan(800);
    expect(byKey['suppressed:daily_cap']).toBeLessThan(1100);
  }, 300_000);
});

describe('sending and the invitation log', () => {
  it('sends e-mail and SMS in the customer’s language, then shows opened and answered', async () => {
    await disableAll();
    await sendDueDeliveries(deps); // what earlier tests left due
    const email = await createTrigger({ channel: 'email' });
    const sms = await createTrigger({ channel: 'sms', journeyKey: null });
    const link = await createTrigger({ channel: 'link' });
    const hu = recent({ customer: { externalId: `hu-${seq}`, name: 'Kovács Anna', locale: 'hu', email: 'anna@example.hu', phone: '+36301234567' } });
    await org.ingest('POST', '/api/v1/interactions', hu);
    const summary = await sendDueDeliveries(deps);
    expect(summary).toMatchObject({ sent: 3, failed: 0 });

    const mail = km.mail.lastTo('anna@example.hu')!;
    expect(mail.subject).toContain('kíváncsiak vagyunk');
    expect(mail.text).toContain('Kedves Kovács Anna!');
    expect(mail.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const surveyUrl = /http:\/\/keymoment\.test\/s\/([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    const text = texts.find((message) => message.to === '+36301234567')!;
    expect(text.text).toMatch(/^Taipei Telecom[^:]*: milyen volt a látogatása\? .* http:\/\/keymoment\.test\/s\/[A-Za-z0-9_-]{96}$/);

    const [sent] = await log(`triggerId=${email}`);
    expect(sent).toMatchObject({ status: 'sent', recipient: 'anna@example.hu', attempts: 1, url: null });
    expect((await log(`triggerId=${sms}`))[0]).toMatchObject({ status: 'sent', recipient: '+36301234567' });
    const [linked] = await log(`triggerId=${link}`);
    expect(linked).toMatchObject({ status: 'sent', recipient: null });
    expect(linked!.url).toMatch(/^http:\/\/keymoment\.test\/s\//);

    expect((await km.app.inject({ method: 'GET', url: `/s/${surveyUrl}` })).statusCode).toBe(200);
    expect((await log(`triggerId=${email}`))[0]).toMatchObject({ status: 'opened' });
    expect((await log(`triggerId=${email}&status=opened`))).toHaveLength(1);
    const submitted = await km.app.inject({ method: 'POST', url: `/api/v1/public/surveys/${surveyUrl}/submit`, payload: { answers: { recommend: 9 } } });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const answered = (await log(`triggerId=${email}&status=answered`))[0]!;
    expect(answered.answeredAt).not.toBeNull();

    // A provider's delivery report moves an SMS to delivered.
    const receipt = await org.ingest('POST', '/api/v1/survey-invitations/receipts', { providerMessageId: `sms-${texts.length}`, status: 'delivered' });
    expect(receipt.statusCode, receipt.body).toBe(200);
    expect((await log(`triggerId=${sms}`))[0]).toMatchObject({ status: 'delivered' });
    expect((await org.ingest('POST', '/api/v1/survey-invitations/receipts', { providerMessageId: 'unknown', status: 'delivered' })).statusCode).toBe(404);
  }, 120_000);

  it('records an unsubscribe (one-click or the page’s button) and later triggers skip the customer', async () => {
    await disableAll();
    const triggerId = await createTrigger({ channel: 'email' });
    const first = recent({ customer: { externalId: `ru-${seq}`, locale: 'ru', email: 'olga@example.ru' } });
    await org.ingest('POST', '/api/v1/interactions', first);
    await sendDueDeliveries(deps);
    const mail = km.mail.lastTo('olga@example.ru')!;
    expect(mail.subject).toContain('расскажите');
    const unsubscribe = /<(http:\/\/keymoment\.test(\/u\/[A-Za-z0-9_-]+))>/.exec(mail.headers!['List-Unsubscribe']!)![2]!;
    expect(mail.text).toContain(unsubscribe);

    // Opening the page does not unsubscribe (mail scanners open links); it asks, in Russian.
    const shown = await km.app.inject({ method: 'GET', url: unsubscribe });
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('Отписаться');
    expect((await km.database.query('select * from customer_opt_outs where org_id = $1', [org.member.orgId])).rows).toHaveLength(0);
    // The mail client's one-click POST.
    const done = await km.app.inject({ method: 'POST', url: unsubscribe, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Вы отписались');
    const again = await km.app.inject({ method: 'POST', url: unsubscribe, headers: { 'content-type': 'multipart/form-data; boundary=x' }, payload: '--x\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--x--\r\n' });
    expect(again.statusCode).toBe(200);
    expect((await km.app.inject({ method: 'GET', url: `${unsubscribe.slice(0, -2)}AA` })).statusCode).toBe(404);

    await org.ingest('POST', '/api/v1/interactions', recent({ customer: first.customer }));
    const rows = await log(`triggerId=${triggerId}&reason=opted_out`);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.customer.externalId).toBe(first.customer.externalId);

    // An SMS "STOP" the business's gateway received, recorded through the API.
    const sms = await createTrigger({ channel: 'sms' });
    const stop = await org.ingest('POST', '/api/v1/survey-invitations/opt-outs', { customerExternalId: first.customer.externalId, channel: 'sms' });
    expect(stop.statusCode, stop.body).toBe(200);
    expect((await org.ingest('POST', '/api/v1/survey-invitations/opt-outs', { customerExternalId: 'nobody', channel: 'sms' })).json().error.field).toBe('customerExternalId');
    await org.ingest('POST', '/api/v1/interactions', recent({ customer: first.customer }));
    expect((await log(`triggerId=${sms}`)).map((row) => row.reason)).toEqual(['opted_out']);
  }, 120_000);

  it('retries a failed send with back-off, then marks it failed with the error', async () => {
    await disableAll();
    const triggerId = await createTrigger({ channel: 'sms' });
    await org.ingest('POST', '/api/v1/interactions', recent());
    let clock = Date.now();
    const failing = { ...deps, now: () => new Date(clock), sms: { name: 'down', send: async () => Promise.reject(new Error('gateway down')) } };
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await sendDueDeliveries(failing);
      clock += 3 * 3600_000;
    }
    const [row] = await log(`triggerId=${triggerId}`);
    expect(row).toMatchObject({ status: 'failed', attempts: 5, lastError: 'gateway down' });
    expect(row!.failedAt).not.toBeNull();
  });

  it('pages and filters the log', async () => {
    const firstPage = (await org.call('GET', '/api/v1/survey-invitations?limit=2')).json();
    expect(firstPage.items).toHaveLength(2);
    const second = (await org.call('GET', `/api/v1/survey-invitations?limit=2&cursor=${firstPage.nextCursor}`)).json();
    expect(second.items[0].deliveryId < firstPage.items[1].deliveryId).toBe(true);
    expect((await org.call('GET', '/api/v1/survey-invitations?status=bogus')).json().error.field).toContain('status');
    expect((await log(`locationId=${org.locations.outletB}&limit=500`)).every((row) => row.locationId === org.locations.outletB)).toBe(true);
    const manager = await addSignedInMember(km, org.member.orgId, 'outlet_manager', org.locations.outletB);
    const seen = (await km.app.inject({ method: 'GET', url: '/api/v1/survey-invitations?limit=500', headers: manager.headers })).json().items as { locationId: string }[];
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((row) => row.locationId === org.locations.outletB)).toBe(true);
  }, 120_000);
});

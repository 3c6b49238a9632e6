import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSignedInMember, createOrgWithMember, type TestMember } from '../../test/support/actors.ts';
import { createTestDatabaseUrl, startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import { createApiKey } from '../access/index.ts';
import { openDatabase } from '../platform/database.ts';
import type { Mailer } from '../platform/mail.ts';
import { MIGRATIONS_FOLDER, runMigrations } from '../platform/migrations.ts';
import { registerNotificationKinds } from './model.ts';
import { deliverNotificationEmails } from './outbox.ts';
import { createNotifications } from './store.ts';

/*
 * The shared inbox: a person sees, pages, reads and clears only their own notifications in the
 * organisation they act in; the outbox sends e-mailed kinds once and retries failures; the migration
 * that created it kept the rows of the rooms' old notification tables.
 */

registerNotificationKinds({
  'test.ping': { email: false, render: (context) => ({ title: context.locale === 'ru' ? 'Пинг' : 'Ping', body: String(context.data.n ?? '') }) },
  'test.mail': { email: true, render: () => ({ title: 'Mail' }), mail: (context) => ({ subject: `Mail for ${context.recipientName}`, text: context.url }) },
});

let km: TestKeymoment;
let a1: TestMember;
let a2: TestMember;
let b1: TestMember;
let aKey: string;

type Who = TestMember | string;
const call = (who: Who, method: 'GET' | 'POST', url: string) =>
  km.app.inject({ method, url, headers: typeof who === 'string' ? { authorization: `Bearer ${who}` } : who.headers });

beforeAll(async () => {
  km = await startTestKeymoment();
  a1 = await createOrgWithMember(km, 'agent', 'Alpha');
  a2 = await addSignedInMember(km, a1.orgId, 'agent');
  b1 = await createOrgWithMember(km, 'admin', 'Kazan');
  aKey = (await createApiKey(km.database.db, a1.orgId, { name: 'read', scopes: ['read'], createdBy: null })).key;
  const now = Date.now();
  const ping = (member: TestMember, n: number) => createNotifications(km.database.db, member.orgId, [{ userId: member.userId, kind: 'test.ping', link: `/x/${n}`, data: { n } }], new Date(now + n));
  for (const n of [1, 2, 3]) await ping(a1, n);
  await ping(a2, 4);
  await ping(b1, 5);
}, 240_000);
afterAll(async () => km?.dispose());

describe('the inbox', () => {
  it('lists my notifications newest first with their texts, pages and the unread count', async () => {
    const first = (await call(a1, 'GET', '/api/v1/notifications?limit=2&locale=ru')).json();
    expect(first.unreadCount).toBe(3);
    expect(first.items.map((item: { link: string }) => item.link)).toEqual(['/x/3', '/x/2']);
    expect(first.items[0]).toMatchObject({ kind: 'test.ping', title: 'Пинг', body: '3', readAt: null, data: { n: 3 } });
    const second = (await call(a1, 'GET', `/api/v1/notifications?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.items.map((item: { link: string }) => item.link)).toEqual(['/x/1']);
    expect(second.nextCursor).toBeNull();
    expect((await call(a1, 'GET', '/api/v1/notifications/unread-count')).json()).toEqual({ unreadCount: 3 });
    expect((await call(a1, 'GET', '/api/v1/notifications?locale=xx')).json().error.field).toBe('locale');
  });

  it('marks read only the caller’s own notifications; read-all leaves other people alone', async () => {
    const mine = (await call(a1, 'GET', '/api/v1/notifications')).json().items;
    const other = (await call(a2, 'GET', '/api/v1/notifications')).json().items[0];
    // Someone else in the organisation, another organisation, an API key: 404 / 403, nothing changes.
    expect((await call(a2, 'POST', `/api/v1/notifications/${mine[0].notificationId}/read`)).statusCode).toBe(404);
    expect((await call(b1, 'POST', `/api/v1/notifications/${mine[0].notificationId}/read`)).statusCode).toBe(404);
    expect((await call(aKey, 'POST', `/api/v1/notifications/${mine[0].notificationId}/read`)).statusCode).toBe(403);
    expect((await call(aKey, 'GET', '/api/v1/notifications')).statusCode).toBe(403);
    expect((await call(a1, 'GET', '/api/v1/notifications/unread-count')).json().unreadCount).toBe(3);

    const read = (await call(a1, 'POST', `/api/v1/notifications/${mine[0].notificationId}/read`)).json();
    expect(read.readAt).not.toBeNull();
    // Reading again keeps the first read time.
    expect((await call(a1, 'POST', `/api/v1/notifications/${mine[0].notificationId}/read`)).json().readAt).toBe(read.readAt);
    expect((await call(a1, 'GET', '/api/v1/notifications?unread=true')).json().items).toHaveLength(2);

    expect((await call(a1, 'POST', '/api/v1/notifications/read-all')).json()).toEqual({ marked: 2 });
    expect((await call(a1, 'GET', '/api/v1/notifications')).json().unreadCount).toBe(0);
    expect((await call(a2, 'GET', '/api/v1/notifications')).json()).toMatchObject({ unreadCount: 1, items: [{ notificationId: other.notificationId, readAt: null }] });
    expect((await call(b1, 'GET', '/api/v1/notifications')).json().unreadCount).toBe(1);
  });

  it('never shows another organisation’s notifications', async () => {
    const seen = (await call(b1, 'GET', '/api/v1/notifications')).json().items;
    expect(seen.map((item: { link: string }) => item.link)).toEqual(['/x/5']);
    // a1 acting in B's organisation is not a member there: 404 like a missing organisation.
    expect((await km.app.inject({ method: 'GET', url: '/api/v1/notifications', headers: { ...a1.headers, 'x-org-id': b1.orgId } })).statusCode).toBe(404);
  });

  it('refuses a kind no room registered', async () => {
    await expect(createNotifications(km.database.db, a1.orgId, [{ userId: a1.userId, kind: 'nobody.knows', link: null, data: {} }], new Date())).rejects.toThrow(/not registered/);
  });
});

describe('the e-mail outbox', () => {
  it('sends an e-mailed kind once, and retries after a failure', async () => {
    const sent: { to: string; subject: string; text: string }[] = [];
    let failNext = true;
    const mailer: Mailer = {
      async send(message) {
        if (failNext) {
          failNext = false;
          throw new Error('SMTP down');
        }
        sent.push(message);
      },
    };
    const deps = { database: km.database, mailer, now: () => new Date(), publicUrl: 'https://km.test', log: pino({ level: 'silent' }) };
    const [id] = await createNotifications(km.database.db, a2.orgId, [{ userId: a2.userId, kind: 'test.mail', link: '/audits/actions', data: {} }], new Date());
    expect(await deliverNotificationEmails(deps, { ids: [id!], limit: 1 })).toBe(0);
    const pending = await km.database.query<{ email_status: string; email_attempts: number }>('select email_status, email_attempts from notifications where notification_id = $1', [id]);
    expect(pending.rows[0]).toEqual({ email_status: 'pending', email_attempts: 1 });
    expect(await deliverNotificationEmails(deps, { limit: 50 })).toBe(1);
    expect(sent).toEqual([{ to: a2.email, subject: expect.stringMatching(/^Mail for /), text: 'https://km.test/audits/actions' }]);
    expect(await deliverNotificationEmails(deps, { limit: 50 })).toBe(0);
    // In-app only kinds never enter the outbox.
    const none = await km.database.query<{ n: number }>(`select count(*)::int as n from notifications where kind = 'test.ping' and email_status <> 'none'`);
    expect(none.rows[0]!.n).toBe(0);
  });
});

describe('the migration to one inbox', () => {
  it('keeps the rows of the old recovery, audits and coaching notification tables', async () => {
    // A database at the schema before the shared inbox (migrations up to 0018), with old rows in it.
    const target = await createTestDatabaseUrl();
    const folder = await mkdtemp(path.join(tmpdir(), 'km-migrations-'));
    const database = await openDatabase(target.url);
    try {
      await cp(MIGRATIONS_FOLDER, folder, { recursive: true });
      const journalFile = path.join(folder, 'meta/_journal.json');
      const journal = JSON.parse(await readFile(journalFile, 'utf8')) as { entries: { tag: string }[] };
      const before = journal.entries.findIndex((entry) => entry.tag === '0019_one_notification_inbox');
      await writeFile(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, before) }));
      await runMigrations(database, folder);

      const q = (text: string, params: unknown[] = []) => database.query(text, params);
      await q(`insert into organizations (org_id, name) values ('org-m', 'Migrated')`);
      await q(`insert into auth_user (id, name, email) values ('u-m', 'Olga', 'olga@example.com')`);
      await q(`insert into memberships (org_id, user_id, role) values ('org-m', 'u-m', 'outlet_manager')`);
      await q(`insert into notifications (org_id, notification_id, user_id, kind, data, read_at) values ('org-m', '019a0000-0000-7000-8000-000000000001', 'u-m', 'case_assigned', '{"summary":"Old case"}', null)`);
      await q(`insert into audit_notifications (org_id, notification_id, user_id, kind, read_at) values ('org-m', '019a0000-0000-7000-8000-000000000002', 'u-m', 'action_overdue', now())`);
      await q(`insert into coaching_staff (org_id, staff_id, user_id, name, locale) values ('org-m', 'S-1', 'u-m', 'Olga K', 'ru')`);
      await q(`insert into coaching_recognitions (org_id, recognition_id, kind, staff_id, month, quote) values ('org-m', 'rec-1', 'compliment', 'S-1', '2026-11', 'Lovely')`);
      await q(`insert into coaching_recognition_notifications (org_id, notification_id, user_id, recognition_id, audience) values ('org-m', '019a0000-0000-7000-8000-000000000003', 'u-m', 'rec-1', 'staff')`);

      await runMigrations(database);
      const { rows } = await database.query<{ notification_id: string; kind: string; link: string | null; data: Record<string, unknown>; read: boolean }>(
        `select notification_id, kind, link, data, read_at is not null as read from notifications where org_id = 'org-m' order by notification_id`,
      );
      expect(rows).toEqual([
        { notification_id: '019a0000-0000-7000-8000-000000000001', kind: 'recovery.case_assigned', link: '/recovery', data: { summary: 'Old case' }, read: false },
        { notification_id: '019a0000-0000-7000-8000-000000000002', kind: 'audits.action_overdue', link: null, data: { runId: null }, read: true },
        {
          notification_id: '019a0000-0000-7000-8000-000000000003',
          kind: 'coaching.recognition',
          link: '/coaching/recognition',
          data: expect.objectContaining({ recognitionId: 'rec-1', audience: 'staff', recognitionKind: 'compliment', staffName: 'Olga K', quote: 'Lovely' }),
          read: false,
        },
      ]);
      const old = await database.query<{ n: number }>(`select count(*)::int as n from information_schema.tables where table_name in ('audit_notifications', 'coaching_recognition_notifications')`);
      expect(old.rows[0]!.n).toBe(0);
    } finally {
      await database.close();
      await target.drop();
      await rm(folder, { recursive: true, force: true });
    }
  }, 240_000);
});

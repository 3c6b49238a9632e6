import type PgBoss from 'pg-boss';
import { getOrganization, listActiveMembers, type ActiveMember } from '../access/index.ts';
import type { Database } from '../platform/database.ts';
import { isLocale, type Locale } from '../platform/locales.ts';
import type { Mailer } from '../platform/mail.ts';
import { notificationKind, type RenderContext } from './model.ts';
import { claimPendingEmails, markEmailOutcome, MAX_EMAIL_ATTEMPTS, type NotificationRow } from './store.ts';

/*
 * The e-mail outbox of the inbox. A room writes notifications inside its own transaction; after the
 * commit it may call `deliverNotificationEmails` with the new ids (best effort), and the sweeper job
 * sends whatever is still waiting every minute, so a crash between commit and send loses nothing and a
 * failed send is retried (up to MAX_EMAIL_ATTEMPTS). Each e-mail is written by the room that owns the
 * kind, in the recipient's language (their profile's, else the organisation's default).
 */

export const OUTBOX_QUEUE = 'notifications.outbox';

export interface NotificationDeps {
  database: Database;
  mailer: Mailer;
  now: () => Date;
  /** The web app's public address: links in e-mails are `${publicUrl}${link}`. */
  publicUrl: string;
  log: { error(object: unknown, message: string): void };
}

/** Names a notification's data may mention (who assigned, who requested …), to show their names. */
const PERSON_FIELDS = ['byUserId', 'givenBy'] as const;

/** Sends e-mails waiting in the outbox (the ones named, or any when swept). Returns how many went out. */
export async function deliverNotificationEmails(deps: NotificationDeps, options: { orgId?: string; ids?: readonly string[]; limit: number }): Promise<number> {
  if (options.limit <= 0) return 0;
  const db = deps.database.db;
  const claimed = await claimPendingEmails(db, deps.now(), options);
  const byOrg = new Map<string, NotificationRow[]>();
  for (const row of claimed) byOrg.set(row.orgId, [...(byOrg.get(row.orgId) ?? []), row]);
  let sent = 0;
  for (const [orgId, rows] of byOrg) {
    const organization = await getOrganization(db, orgId);
    const orgLocale: Locale = isLocale(organization.defaultLocale) ? organization.defaultLocale : 'en';
    const wanted = new Set<string>();
    for (const row of rows) {
      wanted.add(row.userId);
      for (const field of PERSON_FIELDS) if (typeof row.data[field] === 'string') wanted.add(row.data[field]);
    }
    const people = new Map<string, ActiveMember>((await listActiveMembers(db, orgId, { userIds: [...wanted] })).map((member) => [member.userId, member]));
    for (const row of rows) {
      const recipient = people.get(row.userId);
      const definition = notificationKind(row.kind);
      if (!recipient || !definition?.mail) {
        // Nobody to write to any more (or nothing to write): give up at once instead of retrying.
        await markEmailOutcome(db, { ...row, emailAttempts: MAX_EMAIL_ATTEMPTS }, false);
        continue;
      }
      const context: RenderContext = {
        locale: isLocale(recipient.locale) ? recipient.locale : orgLocale,
        data: row.data,
        recipientName: recipient.name,
        nameOf: (userId) => (typeof userId === 'string' ? people.get(userId)?.name : undefined),
        url: `${deps.publicUrl}${row.link ?? '/'}`,
      };
      try {
        const mail = definition.mail(context);
        await deps.mailer.send({ to: recipient.email, subject: mail.subject, text: mail.text });
        await markEmailOutcome(db, row, true);
        sent++;
      } catch (error) {
        deps.log.error({ err: error, notificationId: row.notificationId }, 'notification e-mail failed');
        await markEmailOutcome(db, row, false);
      }
    }
  }
  return sent;
}

/** Sends right after a commit, never failing the caller: the sweeper retries whatever did not go out. */
export async function deliverNotificationEmailsSoon(deps: NotificationDeps, orgId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  try {
    await deliverNotificationEmails(deps, { orgId, ids, limit: ids.length });
  } catch (error) {
    deps.log.error({ err: error }, 'notification e-mails could not be sent now; the sweeper retries them');
  }
}

/** Every minute (pg-boss cron, one run at a time across nodes): send what is still waiting. */
export async function registerNotificationJobs(queue: PgBoss, deps: NotificationDeps, options: { pollingIntervalSeconds?: number } = {}): Promise<void> {
  await queue.createQueue(OUTBOX_QUEUE, { name: OUTBOX_QUEUE, policy: 'singleton' });
  await queue.work(OUTBOX_QUEUE, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, async () => {
    const sent = await deliverNotificationEmails(deps, { limit: 200 });
    return { sent };
  });
  await queue.schedule(OUTBOX_QUEUE, '* * * * *');
}

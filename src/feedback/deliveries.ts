import { and, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { getLocation, getOrganization } from '../access/index.ts';
import type { Database, Db } from '../platform/database.ts';
import { AppError, NotFoundError } from '../platform/errors.ts';
import type { Mailer, MailMessage } from '../platform/mail.ts';
import { isLocale, type Locale } from '../platform/locales.ts';
import { decodeCursor, toPage, type Page } from '../platform/pagination.ts';
import { smsSegments, type SmsProvider } from '../platform/sms.ts';
import { invitationMessages } from './deliveries-messages.ts';
import { signSurveyLink } from './links.ts';
import { customers, interactions, surveyInvitations, surveys } from './schema.ts';
import { createInvitation, invitationTokenOf, loadOrCreateSurveyLinkSecret, type InvitationRow } from './store.ts';
import { invitationDeliveries, surveyTriggers } from './triggers-schema.ts';
import { isOptedOut, signUnsubscribeToken, unsubscribeUrl } from './unsubscribe.ts';

/*
 * Sending the invitations that triggers scheduled. A delivery row is `queued` with its send time; the
 * sender claims due rows (`claimed_until`, FOR UPDATE SKIP LOCKED, so several server nodes never take
 * the same row and a crashed sender's claim simply runs out), issues the personal invitation (once:
 * its external id is the delivery's), and sends the e-mail or SMS. Then the row is `sent` — or, after
 * a transient error, queued again with a back-off; after MAX_ATTEMPTS, or at once for a permanent
 * error (survey archived, no published version), it is `failed` with the error.
 *
 * The sender runs as a pg-boss job: every minute (cron), once at start-up (whatever fell due while the
 * server was down), and when an interaction batch queued something (a nudge). PostgreSQL holds every
 * schedule, so nothing is lost across restarts.
 *
 * `opened` and `answered` are not stored statuses: the log reads them from `opened_at` (set when the
 * survey page is opened) and from the invitation's submission.
 */

export const INVITATIONS_QUEUE = 'feedback-invitations';
export const MAX_ATTEMPTS = 5;
/** Minutes to wait before attempt 2, 3, 4, 5. */
const BACKOFF_MINUTES = [1, 5, 30, 120];
const CLAIM_MS = 5 * 60 * 1000;

export interface InvitationDeps {
  database: Database;
  mailer: Mailer;
  sms: SmsProvider;
  publicUrl: string;
  now: () => Date;
  log: Logger;
  /** Set by registerInvitationJobs; until then deliveries wait for the next start's sweep. */
  queue?: PgBoss | undefined;
  linkSecret: () => Promise<string>;
}

export function createInvitationDeps(input: Omit<InvitationDeps, 'linkSecret' | 'queue'>): InvitationDeps {
  let secret: Promise<string> | undefined;
  return {
    ...input,
    linkSecret: () =>
      (secret ??= loadOrCreateSurveyLinkSecret(input.database.db).catch((error: unknown) => {
        secret = undefined;
        throw error;
      })),
  };
}

export type DeliveryRow = typeof invitationDeliveries.$inferSelect;

// ---------- messages ----------

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);
}

export interface InvitationEmail {
  to: string;
  locale: Locale;
  organization: string;
  customerName: string | null;
  surveyUrl: string;
  unsubscribeUrl: string;
  expiresAt: Date;
  timeZone: string;
}

/** The invitation e-mail: text and HTML in the customer's language, with the one-click unsubscribe headers. */
export function buildInvitationEmail(input: InvitationEmail): MailMessage {
  const messages = invitationMessages[input.locale];
  let until: string;
  try {
    until = new Intl.DateTimeFormat(input.locale, { dateStyle: 'long', timeZone: input.timeZone }).format(input.expiresAt);
  } catch {
    until = new Intl.DateTimeFormat(input.locale, { dateStyle: 'long', timeZone: 'UTC' }).format(input.expiresAt);
  }
  const greeting = messages.greeting(input.customerName);
  const intro = messages.emailIntro(input.organization);
  const valid = messages.emailValidUntil(until);
  const why = messages.emailWhy(input.organization);
  const text = [greeting, '', intro, '', `${messages.emailButton}: ${input.surveyUrl}`, '', valid, '', '--', why, `${messages.unsubscribeLink}: ${input.unsubscribeUrl}`, ''].join('\n');
  const font = 'font-family:system-ui,-apple-system,Segoe UI,Roboto,PingFang SC,Microsoft YaHei,sans-serif';
  const html =
    `<!doctype html><html lang="${input.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"></head>` +
    `<body style="margin:0;background:#ffffff"><div style="max-width:560px;margin:0 auto;padding:24px;${font};font-size:16px;line-height:1.5;color:#111827">` +
    `<p>${escapeHtml(greeting)}</p><p>${escapeHtml(intro)}</p>` +
    `<p style="margin:28px 0"><a href="${escapeHtml(input.surveyUrl)}" style="display:inline-block;background:#1d4ed8;color:#ffffff;padding:12px 24px;border-radius:8px;text-decoration:none;font-weight:600">${escapeHtml(messages.emailButton)}</a></p>` +
    `<p style="font-size:14px;color:#374151">${escapeHtml(valid)}<br><a href="${escapeHtml(input.surveyUrl)}" style="color:#1d4ed8;word-break:break-all">${escapeHtml(input.surveyUrl)}</a></p>` +
    `<hr style="border:0;border-top:1px solid #e5e7eb;margin:24px 0"><p style="font-size:13px;color:#374151">${escapeHtml(why)}<br>` +
    `<a href="${escapeHtml(input.unsubscribeUrl)}" style="color:#374151">${escapeHtml(messages.unsubscribeLink)}</a></p></div></body></html>`;
  return {
    to: input.to,
    subject: messages.emailSubject(input.organization),
    text,
    html,
    headers: {
      'List-Unsubscribe': `<${input.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'Content-Language': input.locale,
      'Auto-Submitted': 'auto-generated',
    },
  };
}

export function buildInvitationSms(locale: Locale, organization: string, surveyUrl: string): string {
  return invitationMessages[locale].sms(organization, surveyUrl);
}

function surveyUrlOf(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/s/${token}`;
}

// ---------- sending ----------

function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/** Takes up to `limit` due deliveries of every organisation for this sender (a job's work; admin tooling, like the recovery sweeper). */
async function claimDue(db: Db, now: Date, limit: number): Promise<{ org_id: string; delivery_id: string }[]> {
  const until = new Date(now.getTime() + CLAIM_MS);
  const claimed = await db.execute(sql`
    update invitation_deliveries d
    set claimed_until = ${until.toISOString()}, attempts = d.attempts + 1, updated_at = ${now.toISOString()}
    from (
      select org_id, delivery_id from invitation_deliveries
      where status = 'queued' and send_at <= ${now.toISOString()} and (claimed_until is null or claimed_until < ${now.toISOString()})
      order by send_at
      limit ${limit}
      for update skip locked
    ) due
    where d.org_id = due.org_id and d.delivery_id = due.delivery_id
    returning d.org_id, d.delivery_id`);
  return rowsOf(claimed);
}

type Outcome =
  | { status: 'sent'; recipient: string | null; messageId?: string | undefined; invitationId: string }
  | { status: 'suppressed'; reason: string }
  | { status: 'retry' | 'failed'; error: string };

async function deliverOne(deps: InvitationDeps, orgId: string, deliveryId: string): Promise<Outcome & { attempts: number }> {
  const db = deps.database.db;
  const now = deps.now();
  const [found] = await db
    .select({
      delivery: invitationDeliveries,
      surveyKey: surveys.key,
      expiresInDays: surveyTriggers.expiresInDays,
      customer: { name: customers.name, email: customers.email, phone: customers.phone },
    })
    .from(invitationDeliveries)
    .innerJoin(surveys, and(eq(surveys.orgId, invitationDeliveries.orgId), eq(surveys.surveyId, invitationDeliveries.surveyId)))
    .innerJoin(surveyTriggers, and(eq(surveyTriggers.orgId, invitationDeliveries.orgId), eq(surveyTriggers.triggerId, invitationDeliveries.triggerId)))
    .innerJoin(customers, and(eq(customers.orgId, invitationDeliveries.orgId), eq(customers.customerId, invitationDeliveries.customerId)))
    .where(and(eq(invitationDeliveries.orgId, orgId), eq(invitationDeliveries.deliveryId, deliveryId)));
  if (!found) throw new Error(`delivery ${deliveryId} vanished`);
  const { delivery } = found;
  const attempts = delivery.attempts;
  const channel = delivery.channel as 'email' | 'sms' | 'link';

  // The customer may have unsubscribed, or lost the address, since the invitation was scheduled.
  if (channel !== 'link' && (await isOptedOut(db, orgId, delivery.customerId, channel))) return { status: 'suppressed', reason: 'opted_out', attempts };
  if (channel === 'email' && !found.customer.email) return { status: 'suppressed', reason: 'no_email', attempts };
  if (channel === 'sms' && !found.customer.phone) return { status: 'suppressed', reason: 'no_phone', attempts };

  const organization = await getOrganization(db, orgId);
  const locale: Locale = isLocale(delivery.locale) ? delivery.locale : isLocale(organization.defaultLocale) ? organization.defaultLocale : 'en';
  let invitation: InvitationRow;
  try {
    ({ row: invitation } = await createInvitation(
      db,
      orgId,
      found.surveyKey,
      {
        externalId: `trigger-delivery:${delivery.deliveryId}`,
        channel: channel === 'link' ? 'web' : channel,
        locale,
        interactionId: delivery.interactionId,
        expiresInDays: found.expiresInDays,
      },
      { createdBy: null, now },
    ));
  } catch (error) {
    // A refusal (survey archived, no published version, moment gone) will not get better by retrying.
    if (error instanceof AppError && error.status < 500) return { status: 'failed', error: error.message, attempts };
    throw error;
  }
  if (delivery.invitationId !== invitation.invitationId) {
    await db
      .update(invitationDeliveries)
      .set({ invitationId: invitation.invitationId, updatedAt: now })
      .where(and(eq(invitationDeliveries.orgId, orgId), eq(invitationDeliveries.deliveryId, deliveryId)));
  }
  if (channel === 'link') return { status: 'sent', recipient: null, invitationId: invitation.invitationId, attempts };

  const secret = await deps.linkSecret();
  const surveyUrl = surveyUrlOf(deps.publicUrl, signSurveyLink(invitationTokenOf(invitation), secret));
  if (channel === 'email') {
    const message = buildInvitationEmail({
      to: found.customer.email!,
      locale,
      organization: organization.name,
      customerName: found.customer.name,
      surveyUrl,
      unsubscribeUrl: unsubscribeUrl(deps.publicUrl, signUnsubscribeToken(orgId, deliveryId, secret)),
      expiresAt: invitation.expiresAt,
      timeZone: (await getLocation(db, orgId, delivery.locationId)).timezone,
    });
    const sent = await deps.mailer.send(message);
    return { status: 'sent', recipient: message.to, messageId: sent?.messageId, invitationId: invitation.invitationId, attempts };
  }
  const text = buildInvitationSms(locale, organization.name, surveyUrl);
  const sent = await deps.sms.send({ to: found.customer.phone!, text });
  deps.log.debug({ deliveryId, ...smsSegments(text) }, 'invitation SMS sent');
  return { status: 'sent', recipient: found.customer.phone!, messageId: sent.messageId, invitationId: invitation.invitationId, attempts };
}

async function settle(deps: InvitationDeps, orgId: string, deliveryId: string, outcome: Outcome & { attempts: number }): Promise<void> {
  const now = deps.now();
  const where = and(eq(invitationDeliveries.orgId, orgId), eq(invitationDeliveries.deliveryId, deliveryId));
  const db = deps.database.db;
  if (outcome.status === 'sent') {
    await db
      .update(invitationDeliveries)
      .set({ status: 'sent', sentAt: now, recipient: outcome.recipient, providerMessageId: outcome.messageId ?? null, invitationId: outcome.invitationId, claimedUntil: null, lastError: null, updatedAt: now })
      .where(where);
  } else if (outcome.status === 'suppressed') {
    await db.update(invitationDeliveries).set({ status: 'suppressed', reason: outcome.reason, claimedUntil: null, updatedAt: now }).where(where);
  } else if (outcome.status === 'retry' && outcome.attempts < MAX_ATTEMPTS) {
    const wait = BACKOFF_MINUTES[Math.min(outcome.attempts - 1, BACKOFF_MINUTES.length - 1)]! * 60_000;
    await db
      .update(invitationDeliveries)
      .set({ sendAt: new Date(now.getTime() + wait), claimedUntil: null, lastError: outcome.error, updatedAt: now })
      .where(where);
  } else {
    await db.update(invitationDeliveries).set({ status: 'failed', failedAt: now, claimedUntil: null, lastError: outcome.error, updatedAt: now }).where(where);
  }
}

export interface SendSummary {
  sent: number;
  suppressed: number;
  retried: number;
  failed: number;
}

/** Sends everything that is due (in rounds of `batch`), until nothing due is left. */
export async function sendDueDeliveries(deps: InvitationDeps, batch = 50): Promise<SendSummary> {
  const summary: SendSummary = { sent: 0, suppressed: 0, retried: 0, failed: 0 };
  for (;;) {
    const due = await claimDue(deps.database.db, deps.now(), batch);
    for (const { org_id: orgId, delivery_id: deliveryId } of due) {
      let outcome: Outcome & { attempts: number };
      try {
        outcome = await deliverOne(deps, orgId, deliveryId);
      } catch (error) {
        const [row] = await deps.database.db
          .select({ attempts: invitationDeliveries.attempts })
          .from(invitationDeliveries)
          .where(and(eq(invitationDeliveries.orgId, orgId), eq(invitationDeliveries.deliveryId, deliveryId)));
        outcome = { status: 'retry', error: (error as Error).message.slice(0, 1000), attempts: row?.attempts ?? MAX_ATTEMPTS };
        deps.log.warn({ err: error, deliveryId }, 'survey invitation could not be sent');
      }
      await settle(deps, orgId, deliveryId, outcome);
      if (outcome.status === 'sent') summary.sent += 1;
      else if (outcome.status === 'suppressed') summary.suppressed += 1;
      else if (outcome.status === 'retry' && outcome.attempts < MAX_ATTEMPTS) summary.retried += 1;
      else summary.failed += 1;
    }
    if (due.length < batch) return summary;
  }
}

/** Wakes the sender after a batch queued something (best effort: the minute cron catches up anyway). */
export function nudgeInvitationSender(deps: InvitationDeps | undefined): void {
  const queue = deps?.queue;
  if (!queue) return;
  queue.send(INVITATIONS_QUEUE, {}).catch((error: unknown) => deps.log.warn({ err: error }, 'could not wake the invitation sender'));
}

export async function registerInvitationJobs(queue: PgBoss, deps: InvitationDeps, options: { pollingIntervalSeconds?: number } = {}): Promise<void> {
  // stately: at most one queued and one running, so a burst of nudges is one extra run, not many.
  await queue.createQueue(INVITATIONS_QUEUE, { name: INVITATIONS_QUEUE, policy: 'stately' });
  await queue.work(INVITATIONS_QUEUE, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, async () => {
    const summary = await sendDueDeliveries(deps);
    if (summary.sent + summary.failed + summary.suppressed > 0) deps.log.info(summary, 'survey invitations sent');
    return summary;
  });
  await queue.schedule(INVITATIONS_QUEUE, '* * * * *');
  deps.queue = queue;
  // Whatever fell due while the server was down goes now, not at the next minute.
  await queue.send(INVITATIONS_QUEUE, {});
}

// ---------- events from the outside ----------

/** The survey page was opened through an invitation: the log shows `opened` (first time only). */
export async function markInvitationOpened(db: Db, orgId: string, invitationId: string, now: Date): Promise<void> {
  await db
    .update(invitationDeliveries)
    .set({ openedAt: now, updatedAt: now })
    .where(and(eq(invitationDeliveries.orgId, orgId), eq(invitationDeliveries.invitationId, invitationId), sql`${invitationDeliveries.openedAt} is null`));
}

export interface DeliveryReceipt {
  deliveryId?: string | undefined;
  providerMessageId?: string | undefined;
  status: 'delivered' | 'failed';
  error?: string | undefined;
}

/** A provider's delivery report (by our delivery id or its message id). Returns the deliveries it changed. */
export async function recordDeliveryReceipt(db: Db, orgId: string, receipt: DeliveryReceipt, now: Date): Promise<number> {
  const which = receipt.deliveryId !== undefined ? eq(invitationDeliveries.deliveryId, receipt.deliveryId) : eq(invitationDeliveries.providerMessageId, receipt.providerMessageId ?? '');
  const changes =
    receipt.status === 'delivered'
      ? { status: 'delivered', deliveredAt: now, updatedAt: now }
      : { status: 'failed', failedAt: now, lastError: receipt.error ?? 'the provider reported the message as not delivered', updatedAt: now };
  const rows = await db
    .update(invitationDeliveries)
    .set(changes)
    .where(and(eq(invitationDeliveries.orgId, orgId), which, inArray(invitationDeliveries.status, ['sent', 'delivered'])))
    .returning({ deliveryId: invitationDeliveries.deliveryId });
  return rows.length;
}

// ---------- the invitation log ----------

export const LOG_STATUSES = ['queued', 'sent', 'delivered', 'opened', 'answered', 'failed', 'suppressed'] as const;
export type LogStatus = (typeof LOG_STATUSES)[number];

/** What the log shows: answered and opened are read from the invitation, on top of sent/delivered. */
const effectiveStatus = sql<LogStatus>`case
  when ${invitationDeliveries.status} in ('sent', 'delivered') and ${surveyInvitations.submittedAt} is not null then 'answered'
  when ${invitationDeliveries.status} in ('sent', 'delivered') and ${invitationDeliveries.openedAt} is not null then 'opened'
  else ${invitationDeliveries.status} end`;

export interface DeliveryFilter {
  status?: LogStatus | undefined;
  channel?: string | undefined;
  reason?: string | undefined;
  triggerId?: string | undefined;
  surveyKey?: string | undefined;
  customerExternalId?: string | undefined;
  interactionId?: string | undefined;
  /** Already expanded to the subtree; an empty list matches nothing. */
  locationIds?: string[] | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

export interface DeliveryLogRow {
  delivery: DeliveryRow;
  status: LogStatus;
  triggerName: string;
  surveyKey: string;
  customerExternalId: string;
  interactionExternalId: string;
  answeredAt: Date | null;
  invitation: InvitationRow | null;
}

/** Newest first (delivery ids are UUIDv7), keyset pages. */
export async function listDeliveries(db: Db, orgId: string, filter: DeliveryFilter, options: { limit: number; cursor?: string | undefined }): Promise<Page<DeliveryLogRow>> {
  if (filter.locationIds && filter.locationIds.length === 0) return { items: [], nextCursor: null };
  const before = decodeCursor(options.cursor);
  return toPage(await selectDeliveries(db, orgId, filter, before, options.limit + 1), options.limit, (row) => row.delivery.deliveryId);
}

export async function getDelivery(db: Db, orgId: string, deliveryId: string, locationIds?: string[]): Promise<DeliveryLogRow> {
  const [row] = await selectDeliveries(db, orgId, { ...(locationIds ? { locationIds } : {}) }, undefined, 1, deliveryId);
  if (!row) throw new NotFoundError('Invitation delivery');
  return row;
}

async function selectDeliveries(db: Db, orgId: string, filter: DeliveryFilter, before: string | undefined, limit: number, deliveryId?: string): Promise<DeliveryLogRow[]> {
  if (filter.locationIds && filter.locationIds.length === 0) return [];
  const conditions: (SQL | undefined)[] = [
    eq(invitationDeliveries.orgId, orgId),
    deliveryId ? eq(invitationDeliveries.deliveryId, deliveryId) : undefined,
    before ? lt(invitationDeliveries.deliveryId, before) : undefined,
    filter.status ? sql`(${effectiveStatus}) = ${filter.status}` : undefined,
    filter.channel ? eq(invitationDeliveries.channel, filter.channel) : undefined,
    filter.reason ? eq(invitationDeliveries.reason, filter.reason) : undefined,
    filter.triggerId ? eq(invitationDeliveries.triggerId, filter.triggerId) : undefined,
    filter.surveyKey ? eq(surveys.key, filter.surveyKey) : undefined,
    filter.customerExternalId ? eq(customers.externalId, filter.customerExternalId) : undefined,
    filter.interactionId ? eq(invitationDeliveries.interactionId, filter.interactionId) : undefined,
    filter.locationIds ? inArray(invitationDeliveries.locationId, filter.locationIds) : undefined,
    filter.from ? gte(invitationDeliveries.sendAt, filter.from) : undefined,
    filter.to ? lt(invitationDeliveries.sendAt, filter.to) : undefined,
  ];
  const rows = await db
    .select({
      delivery: invitationDeliveries,
      status: effectiveStatus,
      triggerName: surveyTriggers.name,
      surveyKey: surveys.key,
      customerExternalId: customers.externalId,
      interactionExternalId: interactions.externalId,
      invitation: surveyInvitations,
    })
    .from(invitationDeliveries)
    .innerJoin(surveyTriggers, and(eq(surveyTriggers.orgId, invitationDeliveries.orgId), eq(surveyTriggers.triggerId, invitationDeliveries.triggerId)))
    .innerJoin(surveys, and(eq(surveys.orgId, invitationDeliveries.orgId), eq(surveys.surveyId, invitationDeliveries.surveyId)))
    .innerJoin(customers, and(eq(customers.orgId, invitationDeliveries.orgId), eq(customers.customerId, invitationDeliveries.customerId)))
    .innerJoin(interactions, and(eq(interactions.orgId, invitationDeliveries.orgId), eq(interactions.interactionId, invitationDeliveries.interactionId)))
    .leftJoin(surveyInvitations, and(eq(surveyInvitations.orgId, invitationDeliveries.orgId), eq(surveyInvitations.invitationId, invitationDeliveries.invitationId)))
    .where(and(...conditions))
    .orderBy(desc(invitationDeliveries.deliveryId))
    .limit(limit);
  return rows.map((row) => ({ ...row, answeredAt: row.invitation?.submittedAt ?? null }));
}

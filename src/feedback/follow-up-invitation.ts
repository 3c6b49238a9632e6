import { getLocation, getOrganization } from '../access/index.ts';
import type { Database, Db } from '../platform/database.ts';
import { badRequest } from '../platform/errors.ts';
import { isLocale, type Locale } from '../platform/locales.ts';
import type { Mailer, MailMessage } from '../platform/mail.ts';
import { invitationMessages } from './deliveries-messages.ts';
import { findCustomerIdsByExternalId } from './ingest.ts';
import { signSurveyLink } from './links.ts';
import { createInvitation, findSurvey, invitationTokenOf, loadOrCreateSurveyLinkSecret, type InvitationRow } from './store.ts';
import { isOptedOut } from './unsubscribe.ts';

/*
 * The re-survey of a service-recovery follow-up (the recovery room calls it through main.ts, after the
 * commit that made the follow-up due). It issues a personal invitation whose external id is
 * `recovery:<caseId>` — the recovery room recognises an answer to it as the case's follow-up score —
 * and e-mails the signed link to the customer. The external id makes it idempotent: a second call for
 * the same case (a retried job) finds the same invitation and sends the same link again, never a
 * second invitation.
 *
 * It is not a triggered delivery (those belong to a trigger and an interaction), so it has no
 * unsubscribe token of its own; a customer who unsubscribed from survey e-mails gets no e-mail, the
 * invitation is still made (staff can read the link on the case or phone the customer).
 */

export interface FollowUpInvitationDeps {
  database: Database;
  mailer: Mailer;
  publicUrl: string;
  now: () => Date;
}

export interface FollowUpInvitationRequest {
  surveyKey: string;
  caseId: string;
  /** The customer's external id; the invitation is linked to them when they are known. */
  customerRef: string | null;
  customerName?: string | null;
  customerEmail: string | null;
  locationId: string | null;
  locale?: Locale | null;
}

export interface FollowUpInvitationResult {
  invitationId: string;
  surveyUrl: string;
  /** Whether this call created the invitation (false: an earlier call for the case did). */
  created: boolean;
  emailedTo: string | null;
}

export const FOLLOW_UP_EXTERNAL_ID_PREFIX = 'recovery:';

/** Why a survey cannot be the follow-up re-survey (undefined: it can): it must exist, be live and be published. */
export async function followUpSurveyProblem(db: Db, orgId: string, surveyKey: string): Promise<string | undefined> {
  const survey = await findSurvey(db, orgId, surveyKey);
  if (!survey) return `there is no survey "${surveyKey}"`;
  if (survey.archivedAt) return `survey "${surveyKey}" is archived`;
  if (survey.publishedVersion === null) return `survey "${surveyKey}" has no published version yet; publish it first`;
  return undefined;
}

function surveyUrlOf(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/s/${token}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);
}

function formatDate(at: Date, locale: Locale, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }).format(at);
  } catch {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(at);
  }
}

function followUpEmail(input: { to: string; locale: Locale; organization: string; customerName: string | null; surveyUrl: string; until: string }): MailMessage {
  const messages = invitationMessages[input.locale];
  const greeting = messages.greeting(input.customerName);
  const intro = messages.emailIntro(input.organization);
  const valid = messages.emailValidUntil(input.until);
  const text = [greeting, '', intro, '', `${messages.emailButton}: ${input.surveyUrl}`, '', valid, ''].join('\n');
  const html =
    `<!doctype html><html lang="${input.locale}"><head><meta charset="utf-8"></head><body style="font-family:system-ui,sans-serif;font-size:16px;line-height:1.5;color:#111827">` +
    `<p>${escapeHtml(greeting)}</p><p>${escapeHtml(intro)}</p>` +
    `<p><a href="${escapeHtml(input.surveyUrl)}" style="display:inline-block;background:#1d4ed8;color:#ffffff;padding:12px 24px;border-radius:8px;text-decoration:none;font-weight:600">${escapeHtml(messages.emailButton)}</a></p>` +
    `<p style="font-size:14px;color:#374151">${escapeHtml(valid)}<br><a href="${escapeHtml(input.surveyUrl)}">${escapeHtml(input.surveyUrl)}</a></p></body></html>`;
  return { to: input.to, subject: messages.emailSubject(input.organization), text, html, headers: { 'Content-Language': input.locale, 'Auto-Submitted': 'auto-generated' } };
}

/** Issues (or finds) the case's re-survey invitation and e-mails its signed link when the customer has an address. */
export async function sendFollowUpInvitation(deps: FollowUpInvitationDeps, orgId: string, request: FollowUpInvitationRequest): Promise<FollowUpInvitationResult> {
  const db = deps.database.db;
  const now = deps.now();
  const problem = await followUpSurveyProblem(db, orgId, request.surveyKey);
  if (problem) throw badRequest('surveyKey', problem);
  const customerId = request.customerRef ? (await findCustomerIdsByExternalId(db, orgId, [request.customerRef])).get(request.customerRef) : undefined;
  const { row, created } = await createInvitation(
    db,
    orgId,
    request.surveyKey,
    {
      externalId: `${FOLLOW_UP_EXTERNAL_ID_PREFIX}${request.caseId}`,
      channel: 'email',
      ...(request.locale ? { locale: request.locale } : {}),
      ...(request.locationId ? { locationId: request.locationId } : {}),
      ...(customerId ? { customerExternalId: request.customerRef! } : {}),
    },
    { createdBy: null, now },
  );
  const secret = await loadOrCreateSurveyLinkSecret(db);
  const surveyUrl = surveyUrlOf(deps.publicUrl, signSurveyLink(invitationTokenOf(row), secret));
  const emailedTo = await emailInvitation(deps, orgId, row, { customerId, email: request.customerEmail, name: request.customerName ?? null, surveyUrl });
  return { invitationId: row.invitationId, surveyUrl, created, emailedTo };
}

async function emailInvitation(
  deps: FollowUpInvitationDeps,
  orgId: string,
  invitation: InvitationRow,
  to: { customerId: string | undefined; email: string | null; name: string | null; surveyUrl: string },
): Promise<string | null> {
  const db = deps.database.db;
  if (!to.email) return null;
  if (to.customerId && (await isOptedOut(db, orgId, to.customerId, 'email'))) return null;
  const organization = await getOrganization(db, orgId);
  const locale: Locale = isLocale(invitation.locale) ? invitation.locale : isLocale(organization.defaultLocale) ? organization.defaultLocale : 'en';
  const timeZone = invitation.locationId ? (await getLocation(db, orgId, invitation.locationId)).timezone : organization.timezone;
  await deps.mailer.send(
    followUpEmail({ to: to.email, locale, organization: organization.name, customerName: to.name, surveyUrl: to.surveyUrl, until: formatDate(invitation.expiresAt, locale, timeZone) }),
  );
  return to.email;
}

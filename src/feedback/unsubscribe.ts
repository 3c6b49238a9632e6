import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { getOrganization } from '../access/index.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database, Db } from '../platform/database.ts';
import type { HttpServer } from '../platform/http-server.ts';
import { isLocale, pickLocale, type Locale } from '../platform/locales.ts';
import { invitationMessages } from './deliveries-messages.ts';
import { customerOptOuts, invitationDeliveries } from './triggers-schema.ts';

/*
 * Unsubscribing from survey invitations. Every e-mail carries a link `/u/<token>` (and the same URL in
 * `List-Unsubscribe`, with `List-Unsubscribe-Post: List-Unsubscribe=One-Click`, RFC 8058). The token
 * names the delivery — organisation and delivery id, signed with the installation's link secret — so
 * no customer id appears in the URL; the delivery row says who and which channel.
 *
 * GET shows a page with one button (mail scanners open links, so a GET never unsubscribes); POST —
 * the button, or the mail client's one-click request — records the opt-out for that customer and
 * channel. Later triggers skip the customer with the reason `opted_out`.
 */

const TAG_BYTES = 16;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function tagOf(payload: Buffer, secret: string): Buffer {
  // A different message prefix than survey links, so one kind of token can never pass for the other.
  return createHmac('sha256', secret).update('unsubscribe\u0000').update(payload).digest().subarray(0, TAG_BYTES);
}

export function signUnsubscribeToken(orgId: string, deliveryId: string, secret: string): string {
  if (!UUID_RE.test(orgId) || !UUID_RE.test(deliveryId)) throw new Error('unsubscribe tokens carry UUIDs only');
  const payload = Buffer.from(orgId.replaceAll('-', '') + deliveryId.replaceAll('-', ''), 'hex');
  return Buffer.concat([payload, tagOf(payload, secret)]).toString('base64url');
}

function uuidOf(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function verifyUnsubscribeToken(token: string, secret: string): { orgId: string; deliveryId: string } | undefined {
  if (!/^[A-Za-z0-9_-]{64}$/.test(token)) return undefined;
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length !== 32 + TAG_BYTES) return undefined;
  const payload = bytes.subarray(0, 32);
  if (!timingSafeEqual(bytes.subarray(32), tagOf(payload, secret))) return undefined;
  const hex = payload.toString('hex');
  return { orgId: uuidOf(hex.slice(0, 32)), deliveryId: uuidOf(hex.slice(32)) };
}

export function unsubscribeUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/u/${token}`;
}

/** Records an opt-out (idempotent): the customer of the delivery, on the delivery's channel. */
export async function recordOptOut(db: Db, orgId: string, customerId: string, channel: 'email' | 'sms', deliveryId: string | null, now: Date): Promise<void> {
  await db.insert(customerOptOuts).values({ orgId, customerId, channel, deliveryId, createdAt: now }).onConflictDoNothing();
}

export async function isOptedOut(db: Db, orgId: string, customerId: string, channel: string): Promise<boolean> {
  const [row] = await db
    .select({ customerId: customerOptOuts.customerId })
    .from(customerOptOuts)
    .where(and(eq(customerOptOuts.orgId, orgId), eq(customerOptOuts.customerId, customerId), eq(customerOptOuts.channel, channel)));
  return row !== undefined;
}

// ---------- the page ----------

const STYLE =
  'body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"PingFang TC","Microsoft JhengHei",sans-serif;color:#111827;background:#fff}' +
  'main{max-width:32rem;margin:0 auto;padding:2rem 1rem}h1{font-size:1.5rem;margin:0 0 1rem}p{color:#374151}' +
  'button{font:inherit;font-weight:600;color:#fff;background:#1d4ed8;border:0;border-radius:.5rem;padding:.75rem 1.5rem;min-height:48px;cursor:pointer}' +
  'button:focus-visible{outline:3px solid #1d4ed8;outline-offset:3px}';
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');
const CSP = `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);
}

function page(locale: Locale, title: string, body: string): string {
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

export interface UnsubscribeRouteDeps {
  database: Database;
  now: () => Date;
  linkSecret: () => Promise<string>;
}

interface Target {
  orgId: string;
  deliveryId: string;
  customerId: string;
  channel: 'email' | 'sms';
  locale: Locale;
  organization: string;
}

export function registerUnsubscribeRoutes(app: HttpServer, deps: UnsubscribeRouteDeps): void {
  const db = deps.database.db;

  async function targetOf(token: string): Promise<Target | undefined> {
    const verified = verifyUnsubscribeToken(token, await deps.linkSecret());
    if (!verified) return undefined;
    const [delivery] = await db
      .select({ customerId: invitationDeliveries.customerId, channel: invitationDeliveries.channel, locale: invitationDeliveries.locale })
      .from(invitationDeliveries)
      .where(and(eq(invitationDeliveries.orgId, verified.orgId), eq(invitationDeliveries.deliveryId, verified.deliveryId)));
    if (!delivery || (delivery.channel !== 'email' && delivery.channel !== 'sms')) return undefined;
    const organization = await getOrganization(db, verified.orgId).catch(() => undefined);
    if (!organization) return undefined;
    return {
      ...verified,
      customerId: delivery.customerId,
      channel: delivery.channel,
      locale: isLocale(delivery.locale) ? delivery.locale : isLocale(organization.defaultLocale) ? organization.defaultLocale : 'en',
      organization: organization.name,
    };
  }

  const send = (reply: FastifyReply, status: number, html: string) =>
    reply.code(status).header('content-security-policy', CSP).header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').type('text/html; charset=utf-8').send(html);

  const invalidPage = (acceptLanguage: string | undefined) => {
    const locale = pickLocale(acceptLanguage, 'en');
    const messages = invitationMessages[locale];
    return page(locale, messages.invalidTitle, `<p>${escapeHtml(messages.invalidBody)}</p>`);
  };
  const Params = { type: 'object', properties: { token: { type: 'string', minLength: 1, maxLength: 200 } }, required: ['token'] } as const;
  const langOf = (request: FastifyRequest) => {
    const header = request.headers['accept-language'];
    return Array.isArray(header) ? header[0] : header;
  };

  app.get('/u/:token', { config: { access: 'public' }, schema: { hide: true, params: Params } }, async (request, reply) => {
    const { token } = request.params as { token: string };
    const target = await targetOf(token);
    if (!target) return send(reply, 404, invalidPage(langOf(request)));
    const messages = invitationMessages[target.locale];
    const form = `<p>${escapeHtml(messages.unsubscribeQuestion(target.organization, target.channel))}</p><form method="post" action="/u/${token}"><button type="submit">${escapeHtml(messages.unsubscribeButton)}</button></form>`;
    return send(reply, 200, page(target.locale, messages.unsubscribeTitle, form));
  });

  // The button posts a form; a mail client's one-click request posts "List-Unsubscribe=One-Click" as a
  // form or multipart body. The body says nothing we need, so this scope reads any body as text.
  void app.register(async (plain) => {
    const scope = plain as unknown as HttpServer;
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 4096 }, (_request, _body, done) => done(null, null));
    scope.post('/u/:token', { config: { access: 'public' }, bodyLimit: 4096, schema: { hide: true, params: Params } }, async (request, reply) => {
      const { token } = request.params as { token: string };
      const target = await targetOf(token);
      if (!target) return send(reply, 404, invalidPage(langOf(request)));
      await recordOptOut(db, target.orgId, target.customerId, target.channel, target.deliveryId, deps.now());
      const messages = invitationMessages[target.locale];
      return send(reply, 200, page(target.locale, messages.unsubscribedTitle, `<p>${escapeHtml(messages.unsubscribedBody(target.organization, target.channel))}</p>`));
    });
  });
}

import { createHmac, randomBytes } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { and, asc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../platform/database.ts';
import { badRequest, NotFoundError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { findInstanceSetting } from '../platform/instance-settings.ts';
import { EVENT_KINDS } from './model.ts';
import { recoveryWebhooks, webhookDeliveries } from './schema.ts';

/*
 * Webhooks for case events. Every event written to a case's timeline (insertEvents) also writes one
 * delivery row per matching webhook, in the same transaction — an outbox, so an event that commits is
 * delivered even if the server dies right after. Deliveries are posted after the commit and by the
 * once-a-minute sweeper: JSON body, `X-Keymoment-Signature: sha256=<HMAC-SHA256(secret,
 * "<timestamp>.<body>")>` with `X-Keymoment-Timestamp`, so a receiver can check origin and freshness.
 * A non-2xx answer or a network error retries with exponential backoff (1 min, 2, 4, … capped at 6 h),
 * `failed` after MAX_WEBHOOK_ATTEMPTS. Deliveries are at least once: receivers dedupe by the
 * `X-Keymoment-Delivery` id (= the payload's `id`).
 *
 * SSRF: the URL an organisation admin chose must not reach into the server's own networks (loopback,
 * private, link-local — cloud metadata —, CGNAT, unique-local IPv6…) unless the instance setting
 * `webhooks_allow_private_addresses` is `true` (the same setting as the feedback room's webhooks). The
 * name is resolved before every attempt and every address checked; redirects are not followed.
 */

export const WEBHOOK_EVENT_TYPES = EVENT_KINDS.map((kind) => `case.${kind}`);
export const MAX_WEBHOOK_ATTEMPTS = 8;
const TIMEOUT_MS = 10_000;
const STALE_CLAIM_MS = 5 * 60_000;

export const ALLOW_PRIVATE_SETTING = 'webhooks_allow_private_addresses';

const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) blocked.addSubnet(network, prefix, 'ipv6');

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? blocked.check(mapped[1]!, 'ipv4') : blocked.check(address, 'ipv6');
}

async function privateAllowed(db: Db): Promise<boolean> {
  return (await findInstanceSetting(db, ALLOW_PRIVATE_SETTING)) === 'true';
}

/** Every address the URL's host resolves to is public (or private ones are allowed). */
async function reachableAddressProblem(url: string, allowPrivate: boolean): Promise<string | null> {
  if (allowPrivate) return null;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((entry) => entry.address);
  return addresses.some(isPrivateAddress) ? 'the URL resolves to a private or loopback address' : null;
}

export type WebhookRow = typeof recoveryWebhooks.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;

export function webhookProblems(input: { url: string; events?: readonly string[] }): { field: string; message: string } | undefined {
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    return { field: 'url', message: 'url must be an absolute http(s) URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { field: 'url', message: 'url must be an absolute http(s) URL' };
  if (url.username || url.password) return { field: 'url', message: 'url must not carry a user name or password; check the signature instead' };
  const unknown = (input.events ?? []).findIndex((type) => !WEBHOOK_EVENT_TYPES.includes(type));
  if (unknown >= 0) return { field: `events.${unknown}`, message: `events.${unknown} must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}` };
  return undefined;
}

export async function createWebhook(db: Db, orgId: string, input: { url: string; events?: string[] }, createdBy: string | null, now: Date): Promise<WebhookRow> {
  const problem = webhookProblems(input);
  if (problem) throw badRequest(problem.field, problem.message);
  const host = new URL(input.url).hostname.replace(/^\[|\]$/g, '');
  if (!(await privateAllowed(db)) && (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) && isPrivateAddress(host)))) {
    throw badRequest('url', `url points to a private or loopback address; this installation does not allow that (instance setting ${ALLOW_PRIVATE_SETTING})`);
  }
  const [row] = await db
    .insert(recoveryWebhooks)
    .values({ orgId, webhookId: newId(now.getTime()), url: input.url, secret: `whsec_${randomBytes(24).toString('base64url')}`, events: [...new Set(input.events ?? [])], createdBy, createdAt: now })
    .returning();
  return row!;
}

export async function listWebhooks(db: Db, orgId: string): Promise<WebhookRow[]> {
  return db.select().from(recoveryWebhooks).where(eq(recoveryWebhooks.orgId, orgId)).orderBy(asc(recoveryWebhooks.webhookId));
}

export async function deleteWebhook(db: Db, orgId: string, webhookId: string): Promise<void> {
  const deleted = await db.delete(recoveryWebhooks).where(and(eq(recoveryWebhooks.orgId, orgId), eq(recoveryWebhooks.webhookId, webhookId))).returning();
  if (deleted.length === 0) throw new NotFoundError('Webhook');
}

export async function listDeliveries(db: Db, orgId: string, webhookId: string, limit: number): Promise<DeliveryRow[]> {
  const [hook] = await db.select().from(recoveryWebhooks).where(and(eq(recoveryWebhooks.orgId, orgId), eq(recoveryWebhooks.webhookId, webhookId)));
  if (!hook) throw new NotFoundError('Webhook');
  return db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.orgId, orgId), eq(webhookDeliveries.webhookId, webhookId)))
    .orderBy(sql`${webhookDeliveries.deliveryId} desc`)
    .limit(limit);
}

export interface EventForWebhooks {
  eventId: string;
  kind: string;
  at: Date;
  actor: { kind: string; id: string | null };
  data: Record<string, unknown>;
}

/** In the event's transaction: one delivery per enabled webhook that wants the event. */
export async function enqueueWebhookDeliveries(db: Db, orgId: string, caseId: string, events: readonly EventForWebhooks[], now: Date): Promise<void> {
  if (events.length === 0) return;
  const hooks = await db.select().from(recoveryWebhooks).where(and(eq(recoveryWebhooks.orgId, orgId), eq(recoveryWebhooks.enabled, true)));
  if (hooks.length === 0) return;
  const rows = [];
  let n = 0;
  for (const event of events) {
    const type = `case.${event.kind}`;
    const payload = { id: event.eventId, type, orgId, caseId, at: event.at.toISOString(), actor: event.actor, data: event.data };
    for (const hook of hooks) {
      if (hook.events.length > 0 && !hook.events.includes(type)) continue;
      rows.push({ orgId, deliveryId: newId(now.getTime() + n++), webhookId: hook.webhookId, caseId, eventType: type, payload, nextAttemptAt: now, createdAt: now });
    }
  }
  if (rows.length > 0) await db.insert(webhookDeliveries).values(rows);
}

export function signatureOf(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Claims due deliveries (SKIP LOCKED, so several nodes never post the same one at once). */
async function claimDue(db: Db, now: Date, limit: number, orgId?: string): Promise<DeliveryRow[]> {
  const stale = new Date(now.getTime() - STALE_CLAIM_MS);
  const due = or(
    and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, now)),
    and(eq(webhookDeliveries.status, 'sending'), lt(webhookDeliveries.claimedAt, stale)),
  );
  const picked = db
    .select({ orgId: webhookDeliveries.orgId, deliveryId: webhookDeliveries.deliveryId })
    .from(webhookDeliveries)
    .where(and(due, orgId ? eq(webhookDeliveries.orgId, orgId) : undefined))
    .orderBy(asc(webhookDeliveries.deliveryId))
    .limit(limit)
    .for('update', { skipLocked: true });
  return db
    .update(webhookDeliveries)
    .set({ status: 'sending', claimedAt: now, attempts: sql`${webhookDeliveries.attempts} + 1` })
    .where(and(sql`(${webhookDeliveries.orgId}, ${webhookDeliveries.deliveryId}) in (${picked})`, due))
    .returning();
}

/** Posts due deliveries; returns how many were accepted (2xx). */
export async function deliverWebhooks(db: Db, now: () => Date, options: { limit: number; orgId?: string; fetchImpl?: typeof fetch }): Promise<number> {
  const claimed = await claimDue(db, now(), options.limit, options.orgId);
  if (claimed.length === 0) return 0;
  const byKey = new Map<string, WebhookRow>();
  for (const org of new Set(claimed.map((row) => row.orgId))) {
    const ids = [...new Set(claimed.filter((row) => row.orgId === org).map((row) => row.webhookId))];
    for (const hook of await db.select().from(recoveryWebhooks).where(and(eq(recoveryWebhooks.orgId, org), inArray(recoveryWebhooks.webhookId, ids)))) {
      byKey.set(`${hook.orgId}:${hook.webhookId}`, hook);
    }
  }
  const post = options.fetchImpl ?? fetch;
  const allowPrivate = await privateAllowed(db);
  let sent = 0;
  for (const row of claimed) {
    const hook = byKey.get(`${row.orgId}:${row.webhookId}`);
    let error: string | null = null;
    if (!hook) error = 'webhook deleted';
    else {
      const body = JSON.stringify(row.payload);
      const timestamp = String(Math.floor(now().getTime() / 1000));
      try {
        const refused = await reachableAddressProblem(hook.url, allowPrivate);
        if (refused) throw new Error(refused);
        const response = await post(hook.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Keymoment-Webhooks',
            'x-keymoment-event': row.eventType,
            'x-keymoment-delivery': String(row.payload.id ?? row.deliveryId),
            'x-keymoment-timestamp': timestamp,
            'x-keymoment-signature': signatureOf(hook.secret, timestamp, body),
          },
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        if (response.status < 200 || response.status >= 300) error = `HTTP ${response.status}`;
        await response.body?.cancel().catch(() => undefined);
      } catch (cause) {
        error = cause instanceof Error ? cause.message : String(cause);
      }
    }
    const at = now();
    const givingUp = !hook || row.attempts >= MAX_WEBHOOK_ATTEMPTS;
    const backoffMs = Math.min(6 * 3_600_000, 60_000 * 2 ** (row.attempts - 1));
    await db
      .update(webhookDeliveries)
      .set(
        error === null
          ? { status: 'sent', deliveredAt: at, lastError: null }
          : { status: givingUp ? 'failed' : 'pending', lastError: error.slice(0, 500), nextAttemptAt: new Date(at.getTime() + backoffMs) },
      )
      .where(and(eq(webhookDeliveries.orgId, row.orgId), eq(webhookDeliveries.deliveryId, row.deliveryId)));
    if (error === null) sent++;
  }
  return sent;
}

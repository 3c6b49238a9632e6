import { and, asc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../platform/database.ts';
import { badRequest, NotFoundError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { checkWebhookUrl, newWebhookSecret, privateAddressesAllowed, sendWebhookRequest, webhookHeaders, type WebhookSender } from '../platform/webhooks.ts';
import { EVENT_KINDS } from './model.ts';
import { recoveryWebhooks, webhookDeliveries } from './schema.ts';

/*
 * Webhooks for case events. Every event written to a case's timeline (insertEvents) also writes one
 * delivery row per matching webhook, in the same transaction — an outbox, so an event that commits is
 * delivered even if the server dies right after. Deliveries are posted after the commit and by the
 * once-a-minute sweeper, signed, with the same headers and the same SSRF guard as every Keymoment
 * webhook (src/platform/webhooks.ts: `Keymoment-Signature: t=…,v1=…`, `Keymoment-Event-Id` = the
 * payload's `id`, by which receivers dedupe: delivery is at least once). A non-2xx answer or a network
 * error retries with exponential backoff (1 min, 2, 4, … capped at 6 h), `failed` after
 * MAX_WEBHOOK_ATTEMPTS.
 */

export const WEBHOOK_EVENT_TYPES = EVENT_KINDS.map((kind) => `case.${kind}`);
export const MAX_WEBHOOK_ATTEMPTS = 8;
const STALE_CLAIM_MS = 5 * 60_000;

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
  const unknown = (input.events ?? []).findIndex((type) => !WEBHOOK_EVENT_TYPES.includes(type));
  if (unknown >= 0) return { field: `events.${unknown}`, message: `events.${unknown} must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}` };
  return undefined;
}

export async function createWebhook(db: Db, orgId: string, input: { url: string; events?: string[] }, createdBy: string | null, now: Date): Promise<WebhookRow> {
  const problem = webhookProblems(input);
  if (problem) throw badRequest(problem.field, problem.message);
  checkWebhookUrl(input.url, await privateAddressesAllowed(db));
  const [row] = await db
    .insert(recoveryWebhooks)
    .values({ orgId, webhookId: newId(now.getTime()), url: input.url, secret: newWebhookSecret(), events: [...new Set(input.events ?? [])], createdBy, createdAt: now })
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
export async function deliverWebhooks(db: Db, now: () => Date, options: { limit: number; orgId?: string; send?: WebhookSender }): Promise<number> {
  const claimed = await claimDue(db, now(), options.limit, options.orgId);
  if (claimed.length === 0) return 0;
  const byKey = new Map<string, WebhookRow>();
  for (const org of new Set(claimed.map((row) => row.orgId))) {
    const ids = [...new Set(claimed.filter((row) => row.orgId === org).map((row) => row.webhookId))];
    for (const hook of await db.select().from(recoveryWebhooks).where(and(eq(recoveryWebhooks.orgId, org), inArray(recoveryWebhooks.webhookId, ids)))) {
      byKey.set(`${hook.orgId}:${hook.webhookId}`, hook);
    }
  }
  const send = options.send ?? sendWebhookRequest;
  const allowPrivate = await privateAddressesAllowed(db);
  let sent = 0;
  for (const row of claimed) {
    const hook = byKey.get(`${row.orgId}:${row.webhookId}`);
    let error: string | null = null;
    if (!hook) error = 'webhook deleted';
    else {
      const body = JSON.stringify(row.payload);
      const headers = webhookHeaders({
        secret: hook.secret,
        timestamp: Math.floor(now().getTime() / 1000),
        body,
        eventType: row.eventType,
        eventId: String(row.payload.id ?? row.deliveryId),
        deliveryId: row.deliveryId,
        attempt: row.attempts,
      });
      const result = await send(hook.url, headers, body, allowPrivate);
      if (result.error !== null) error = result.error;
      else if (result.statusCode === null || result.statusCode < 200 || result.statusCode >= 300) error = `HTTP ${result.statusCode}`;
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

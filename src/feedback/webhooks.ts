import { and, desc, eq, inArray, lt } from 'drizzle-orm';
import type { Database, Db } from '../platform/database.ts';
import { forgetOrganizationReferences, orgReferenceCache } from '../platform/org-reference-cache.ts';
import { NotFoundError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { decodeCursor, toPage, type Page } from '../platform/pagination.ts';
import {
  checkWebhookUrl,
  newWebhookSecret,
  privateAddressesAllowed,
  sendWebhookRequest,
  webhookHeaders,
  type WebhookSender,
} from '../platform/webhooks.ts';
import type { ResponseRow, ResponsesDeletedListener, ResponsesRecordedFunction } from './responses.ts';
import { webhookAttempts, webhookDeliveries, webhookEndpoints, type WebhookEventType } from './webhook-schema.ts';

/*
 * Signed webhooks. Events are written to an outbox (webhook_deliveries) inside the transaction that
 * stores (or deletes) the responses they report, so a rolled-back response never produces an event
 * and a committed one always does. The delivery job (webhook-jobs.ts) POSTs them, signed and guarded
 * against SSRF as every Keymoment webhook is (src/platform/webhooks.ts).
 *
 * A 2xx answer is a delivery; anything else (or a network error, or 10 s without an answer) is
 * retried with exponential backoff — 30 s, 1 min, 2 min, … — up to MAX_ATTEMPTS attempts. Every attempt
 * is logged (status code, duration, error).
 */

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
export type WebhookAttemptRow = typeof webhookAttempts.$inferSelect;

export const MAX_ATTEMPTS = 8;
const FIRST_RETRY_SECONDS = 30;
const MAX_RETRY_SECONDS = 6 * 60 * 60;
/** A claimed delivery is not picked up by another worker for this long (a crashed worker's are retried after it). */
const CLAIM_LEASE_MS = 2 * 60 * 1000;

// ---------- endpoints ----------

export interface EndpointInput {
  url?: string | undefined;
  description?: string | null | undefined;
  eventTypes?: WebhookEventType[] | undefined;
  active?: boolean | undefined;
}

export async function createWebhookEndpoint(db: Db, orgId: string, input: EndpointInput & { url: string; eventTypes: WebhookEventType[] }, by: { createdBy: string | null; now: Date }): Promise<WebhookEndpointRow> {
  checkWebhookUrl(input.url, await privateAddressesAllowed(db));
  const [row] = await db
    .insert(webhookEndpoints)
    .values({
      orgId,
      endpointId: newId(by.now.getTime()),
      url: input.url,
      description: input.description ?? null,
      secret: newWebhookSecret(),
      eventTypes: [...new Set(input.eventTypes)],
      active: input.active ?? true,
      createdBy: by.createdBy,
      createdAt: by.now,
      updatedAt: by.now,
    })
    .returning();
  forgetOrganizationReferences(orgId);
  return row!;
}

export async function getWebhookEndpoint(db: Db, orgId: string, endpointId: string): Promise<WebhookEndpointRow> {
  const [row] = await db.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.orgId, orgId), eq(webhookEndpoints.endpointId, endpointId)));
  if (!row) throw new NotFoundError('Webhook endpoint');
  return row;
}

export async function listWebhookEndpoints(db: Db, orgId: string, options: { limit: number; cursor?: string | undefined }): Promise<Page<WebhookEndpointRow>> {
  const after = decodeCursor(options.cursor);
  const rows = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.orgId, orgId), after ? lt(webhookEndpoints.endpointId, after) : undefined))
    .orderBy(desc(webhookEndpoints.endpointId))
    .limit(options.limit + 1);
  return toPage(rows, options.limit, (row) => row.endpointId);
}

export async function updateWebhookEndpoint(db: Db, orgId: string, endpointId: string, input: EndpointInput & { rotateSecret?: boolean }, now: Date): Promise<WebhookEndpointRow> {
  await getWebhookEndpoint(db, orgId, endpointId);
  if (input.url !== undefined) checkWebhookUrl(input.url, await privateAddressesAllowed(db));
  const [row] = await db
    .update(webhookEndpoints)
    .set({
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.eventTypes !== undefined ? { eventTypes: [...new Set(input.eventTypes)] } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      ...(input.rotateSecret ? { secret: newWebhookSecret() } : {}),
      updatedAt: now,
    })
    .where(and(eq(webhookEndpoints.orgId, orgId), eq(webhookEndpoints.endpointId, endpointId)))
    .returning();
  forgetOrganizationReferences(orgId);
  return row!;
}

export async function deleteWebhookEndpoint(db: Db, orgId: string, endpointId: string): Promise<void> {
  const gone = await db.delete(webhookEndpoints).where(and(eq(webhookEndpoints.orgId, orgId), eq(webhookEndpoints.endpointId, endpointId))).returning({ id: webhookEndpoints.endpointId });
  forgetOrganizationReferences(orgId);
  if (gone.length === 0) throw new NotFoundError('Webhook endpoint');
}

// ---------- events into the outbox ----------

/** What a receiver gets about a response: the stored response without internal bookkeeping. */
export function responseEventData(row: ResponseRow) {
  return {
    responseId: row.responseId,
    externalId: row.externalId,
    surveyId: row.surveyId,
    surveyVersion: row.surveyVersion,
    journeyKey: row.journeyKey,
    momentKey: row.momentKey,
    journeyVersion: row.journeyVersion,
    interactionId: row.interactionId,
    invitationId: row.invitationId,
    visitId: row.visitId,
    locationId: row.locationId,
    staffId: row.staffId,
    customerId: row.customerId,
    channel: row.channel,
    locale: row.locale,
    answers: row.answers,
    nps: row.nps,
    csat: row.csat,
    ces: row.ces,
    comment: row.comment,
    consent: row.consent,
    source: row.source,
    submittedAt: row.submittedAt.toISOString(),
  };
}

interface OutgoingEvent {
  type: WebhookEventType | 'webhook.test';
  data: unknown;
}

/** Writes one delivery per (event, subscribed active endpoint) with `tx`; returns the rows written. */
export async function enqueueWebhookEvents(
  tx: Db,
  orgId: string,
  eventsOrBuild: readonly OutgoingEvent[] | (() => readonly OutgoingEvent[]),
  now: Date,
  onlyEndpointId?: string,
): Promise<WebhookDeliveryRow[]> {
  if (Array.isArray(eventsOrBuild) && eventsOrBuild.length === 0) return [];
  const endpoints = onlyEndpointId ? await findEndpointsFor(tx, orgId, onlyEndpointId) : await activeEndpointsOf(tx, orgId);
  if (endpoints.length === 0) return [];
  // Built only now: with no endpoint, no event body is made for the rows of a big import.
  const events = typeof eventsOrBuild === 'function' ? eventsOrBuild() : eventsOrBuild;
  const rows: (typeof webhookDeliveries.$inferInsert)[] = [];
  for (const event of events) {
    const eventId = newId(now.getTime());
    const body = JSON.stringify({ id: eventId, type: event.type, createdAt: now.toISOString(), organizationId: orgId, data: event.data });
    for (const endpoint of endpoints) {
      if (!onlyEndpointId && !(endpoint.eventTypes as string[]).includes(event.type)) continue;
      rows.push({ orgId, deliveryId: newId(now.getTime()), endpointId: endpoint.endpointId, eventId, eventType: event.type, body, status: 'pending', attempts: 0, nextAttemptAt: now, createdAt: now });
    }
  }
  const written: WebhookDeliveryRow[] = [];
  for (let start = 0; start < rows.length; start += 500) {
    written.push(...(await tx.insert(webhookDeliveries).values(rows.slice(start, start + 500)).returning()));
  }
  return written;
}

function findEndpointsFor(db: Db, orgId: string, onlyEndpointId?: string) {
  return db
    .select({ endpointId: webhookEndpoints.endpointId, eventTypes: webhookEndpoints.eventTypes, active: webhookEndpoints.active })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.orgId, orgId), onlyEndpointId ? eq(webhookEndpoints.endpointId, onlyEndpointId) : eq(webhookEndpoints.active, true)));
}

/**
 * The organisation's active endpoints. Every ingest group asks; most organisations have none. Remembered
 * for a moment, forgotten when an endpoint is created, changed or deleted (src/platform/org-reference-cache.ts).
 */
function activeEndpointsOf(db: Db, orgId: string) {
  return orgReferenceCache.remember(orgId, 'active-webhook-endpoints', () => findEndpointsFor(db, orgId), () => true);
}

/** ResponsesRecordedListener: a `response.created` event per stored response, in the responses' transaction. */
export const enqueueResponseWebhooks: ResponsesRecordedFunction = Object.assign(
  async (tx: Db, orgId: string, rows: readonly ResponseRow[], now: Date) => {
    await enqueueWebhookEvents(tx, orgId, () => rows.map((row) => ({ type: 'response.created', data: { response: responseEventData(row) } })), now);
  },
  {
    // Only when an active endpoint takes response.created (the list enqueueWebhookEvents reads).
    hasWorkFor: async (db: Db, orgId: string) => (await activeEndpointsOf(db, orgId)).some((endpoint) => (endpoint.eventTypes as string[]).includes('response.created')),
  },
);

/** ResponsesDeletedListener: a `response.deleted` event per deleted response. */
export const enqueueResponseDeletedWebhooks: ResponsesDeletedListener = async (tx, orgId, rows, now) => {
  await enqueueWebhookEvents(
    tx,
    orgId,
    rows.map((row) => ({ type: 'response.deleted', data: { response: { responseId: row.responseId, externalId: row.externalId, surveyId: row.surveyId, deletedAt: now.toISOString() } } })),
    now,
  );
};

// ---------- delivery ----------

/** Seconds to wait after failed attempt `attempt` (1-based): 30 s, 1 min, 2 min, … capped at 6 h. */
export function retryDelaySeconds(attempt: number): number {
  return Math.min(MAX_RETRY_SECONDS, FIRST_RETRY_SECONDS * 2 ** (attempt - 1));
}

export interface DeliverOptions {
  limit?: number;
  send?: WebhookSender;
  /** Only these deliveries (the "send test event" endpoint delivers its own right away). */
  deliveryIds?: { orgId: string; deliveryIds: string[] };
}

interface ClaimedDelivery {
  org_id: string;
  delivery_id: string;
  event_id: string;
  event_type: string;
  body: string;
  attempts: number;
  url: string;
  secret: string;
}

/**
 * Claims due deliveries (a lease on next_attempt_at, SKIP LOCKED so several workers share the work)
 * and attempts each once. Returns how many were attempted.
 */
export async function deliverDueWebhooks(database: Database, now: Date, options: DeliverOptions = {}): Promise<number> {
  const limit = options.limit ?? 50;
  const send = options.send ?? sendWebhookRequest;
  const lease = new Date(now.getTime() + CLAIM_LEASE_MS);
  const only = options.deliveryIds;
  const { rows } = await database.query<ClaimedDelivery>(
    `with due as (
       select org_id, delivery_id from webhook_deliveries
       where status = 'pending' and next_attempt_at <= $1
         ${only ? 'and org_id = $4 and delivery_id = any($5::text[])' : ''}
       order by next_attempt_at
       limit $2
       for update skip locked
     )
     update webhook_deliveries d set next_attempt_at = $3
     from due, webhook_endpoints e
     where d.org_id = due.org_id and d.delivery_id = due.delivery_id and e.org_id = d.org_id and e.endpoint_id = d.endpoint_id
     returning d.org_id, d.delivery_id, d.event_id, d.event_type, d.body, d.attempts, e.url, e.secret`,
    only ? [now, limit, lease, only.orgId, only.deliveryIds] : [now, limit, lease],
  );
  if (rows.length === 0) return 0;
  const allowPrivate = await privateAddressesAllowed(database.db);
  for (const delivery of rows) {
    const attempt = Number(delivery.attempts) + 1;
    const timestamp = Math.floor(now.getTime() / 1000);
    const result = await send(
      delivery.url,
      webhookHeaders({
        secret: delivery.secret,
        timestamp,
        body: delivery.body,
        eventType: delivery.event_type,
        eventId: delivery.event_id,
        deliveryId: delivery.delivery_id,
        attempt,
      }),
      delivery.body,
      allowPrivate,
    );
    const delivered = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
    const error = delivered ? null : (result.error ?? `HTTP ${result.statusCode}`);
    const finished = delivered || attempt >= MAX_ATTEMPTS;
    await database.db.transaction(async (tx) => {
      await tx.insert(webhookAttempts).values({ orgId: delivery.org_id, deliveryId: delivery.delivery_id, attempt, statusCode: result.statusCode, durationMs: result.durationMs, error, attemptedAt: now }).onConflictDoNothing();
      await tx
        .update(webhookDeliveries)
        .set({
          attempts: attempt,
          status: delivered ? 'delivered' : finished ? 'failed' : 'pending',
          nextAttemptAt: finished ? null : new Date(now.getTime() + retryDelaySeconds(attempt) * 1000),
          lastStatusCode: result.statusCode,
          lastError: error,
          deliveredAt: delivered ? now : null,
        })
        .where(and(eq(webhookDeliveries.orgId, delivery.org_id), eq(webhookDeliveries.deliveryId, delivery.delivery_id)));
    });
  }
  return rows.length;
}

// ---------- the delivery log ----------

export type DeliveryWithAttempts = WebhookDeliveryRow & { attemptLog: WebhookAttemptRow[] };

export async function listWebhookDeliveries(
  db: Db,
  orgId: string,
  endpointId: string,
  options: { limit: number; cursor?: string | undefined; status?: string | undefined },
): Promise<Page<DeliveryWithAttempts>> {
  await getWebhookEndpoint(db, orgId, endpointId);
  const after = decodeCursor(options.cursor);
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.orgId, orgId),
        eq(webhookDeliveries.endpointId, endpointId),
        options.status ? eq(webhookDeliveries.status, options.status) : undefined,
        after ? lt(webhookDeliveries.deliveryId, after) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.deliveryId))
    .limit(options.limit + 1);
  const page = toPage(rows, options.limit, (row) => row.deliveryId);
  const attempts = page.items.length
    ? await db
        .select()
        .from(webhookAttempts)
        .where(and(eq(webhookAttempts.orgId, orgId), inArray(webhookAttempts.deliveryId, page.items.map((row) => row.deliveryId))))
        .orderBy(webhookAttempts.attempt)
    : [];
  return { items: page.items.map((row) => ({ ...row, attemptLog: attempts.filter((attempt) => attempt.deliveryId === row.deliveryId) })), nextCursor: page.nextCursor };
}

export async function getWebhookDelivery(db: Db, orgId: string, endpointId: string, deliveryId: string): Promise<DeliveryWithAttempts> {
  const [row] = await db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.orgId, orgId), eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.deliveryId, deliveryId)));
  if (!row) throw new NotFoundError('Webhook delivery');
  const attemptLog = await db
    .select()
    .from(webhookAttempts)
    .where(and(eq(webhookAttempts.orgId, orgId), eq(webhookAttempts.deliveryId, deliveryId)))
    .orderBy(webhookAttempts.attempt);
  return { ...row, attemptLog };
}

/** "Send test event": a `webhook.test` delivery to one endpoint (active or not), attempted right away. */
export async function sendTestWebhook(database: Database, orgId: string, endpointId: string, now: Date, send?: WebhookSender): Promise<DeliveryWithAttempts> {
  await getWebhookEndpoint(database.db, orgId, endpointId);
  const [delivery] = await enqueueWebhookEvents(database.db, orgId, [{ type: 'webhook.test', data: { message: 'This is a test event from Keymoment.' } }], now, endpointId);
  await deliverDueWebhooks(database, now, { deliveryIds: { orgId, deliveryIds: [delivery!.deliveryId] }, ...(send ? { send } : {}) });
  return getWebhookDelivery(database.db, orgId, endpointId, delivery!.deliveryId);
}

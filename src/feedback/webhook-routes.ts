import { Type } from 'typebox';
import { actorOf, userIdOf } from '../access/index.ts';
import type { Database } from '../platform/database.ts';
import type { HttpServer } from '../platform/http-server.ts';
import { PageQuery, pageOf } from '../platform/pagination.ts';
import { Nullable, oneOf, Timestamp } from '../platform/schema-types.ts';
import { WEBHOOK_EVENT_TYPES } from './webhook-schema.ts';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookDelivery,
  getWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  MAX_ATTEMPTS,
  sendTestWebhook,
  updateWebhookEndpoint,
  type DeliveryWithAttempts,
  type WebhookEndpointRow,
} from './webhooks.ts';
import type { WebhookSender } from '../platform/webhooks.ts';

/*
 * Admin API of the organisation's webhooks (permission org.update: organisation admins, admin API
 * keys). The secret is returned on creation and on rotation only; lists show its last four characters.
 */

export interface WebhookRouteDeps {
  database: Database;
  now: () => Date;
  /** Tests replace the HTTP client of "send test event". */
  send?: WebhookSender;
}

const errors = { 400: { $ref: 'ErrorBody' }, 401: { $ref: 'ErrorBody' }, 403: { $ref: 'ErrorBody' }, 404: { $ref: 'ErrorBody' } };
const Id = Type.String({ minLength: 1, maxLength: 64 });
const EventTypes = Type.Array(oneOf(WEBHOOK_EVENT_TYPES), { minItems: 1, maxItems: WEBHOOK_EVENT_TYPES.length, uniqueItems: true });
const Url = Type.String({ minLength: 1, maxLength: 2000, description: 'https:// (or http://) URL that receives the POSTs' });
const Description = Type.String({ maxLength: 500 });

const EndpointView = Type.Object({
  endpointId: Type.String(),
  url: Type.String(),
  description: Nullable(Type.String()),
  eventTypes: Type.Array(Type.String()),
  active: Type.Boolean(),
  secretHint: Type.String({ description: 'The last four characters of the signing secret' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
const EndpointWithSecret = Type.Intersect([EndpointView, Type.Object({ secret: Type.String({ description: 'Shown only now: verify signatures with it' }) })]);

const AttemptView = Type.Object({
  attempt: Type.Integer(),
  statusCode: Nullable(Type.Integer()),
  durationMs: Type.Integer(),
  error: Nullable(Type.String()),
  attemptedAt: Timestamp,
});
const DeliveryView = Type.Object({
  deliveryId: Type.String(),
  eventId: Type.String(),
  eventType: Type.String(),
  status: oneOf(['pending', 'delivered', 'failed'] as const),
  attempts: Type.Integer(),
  maxAttempts: Type.Integer(),
  nextAttemptAt: Nullable(Timestamp),
  lastStatusCode: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  deliveredAt: Nullable(Timestamp),
  createdAt: Timestamp,
  body: Type.String({ description: 'The JSON body sent (and signed)' }),
  attemptLog: Type.Array(AttemptView),
});

function endpointView(row: WebhookEndpointRow) {
  return {
    endpointId: row.endpointId,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes,
    active: row.active,
    secretHint: row.secret.slice(-4),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function deliveryView(row: DeliveryWithAttempts) {
  return {
    deliveryId: row.deliveryId,
    eventId: row.eventId,
    eventType: row.eventType,
    status: row.status as 'pending' | 'delivered' | 'failed',
    attempts: row.attempts,
    maxAttempts: MAX_ATTEMPTS,
    nextAttemptAt: row.nextAttemptAt,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    deliveredAt: row.deliveredAt,
    createdAt: row.createdAt,
    body: row.body,
    attemptLog: row.attemptLog.map(({ attempt, statusCode, durationMs, error, attemptedAt }) => ({ attempt, statusCode, durationMs, error, attemptedAt })),
  };
}

export function registerWebhookRoutes(app: HttpServer, deps: WebhookRouteDeps): void {
  const db = deps.database.db;
  const access = { access: { permission: 'org.update' as const } };
  const EndpointParams = Type.Object({ endpointId: Id });

  app.get('/api/v1/webhooks', {
    config: access,
    schema: { tags: ['webhooks'], summary: 'The organisation’s webhook endpoints, newest first', querystring: PageQuery, response: { 200: pageOf(EndpointView), ...errors } },
  }, async (request) => {
    const page = await listWebhookEndpoints(db, actorOf(request).orgId, { limit: request.query.limit ?? 50, cursor: request.query.cursor });
    return { items: page.items.map(endpointView), nextCursor: page.nextCursor };
  });

  app.post('/api/v1/webhooks', {
    config: access,
    schema: {
      tags: ['webhooks'],
      summary: 'Add a webhook endpoint; the answer holds the signing secret (shown only now)',
      body: Type.Object({ url: Url, eventTypes: EventTypes, description: Type.Optional(Description), active: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: { 201: EndpointWithSecret, ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const row = await createWebhookEndpoint(db, actor.orgId, request.body, { createdBy: userIdOf(actor), now: deps.now() });
    return reply.code(201).send({ ...endpointView(row), secret: row.secret });
  });

  app.get('/api/v1/webhooks/:endpointId', {
    config: access,
    schema: { tags: ['webhooks'], summary: 'One webhook endpoint', params: EndpointParams, response: { 200: EndpointView, ...errors } },
  }, async (request) => endpointView(await getWebhookEndpoint(db, actorOf(request).orgId, request.params.endpointId)));

  app.patch('/api/v1/webhooks/:endpointId', {
    config: access,
    schema: {
      tags: ['webhooks'],
      summary: 'Change an endpoint’s URL, events, description or pause it (active: false)',
      params: EndpointParams,
      body: Type.Object(
        { url: Type.Optional(Url), eventTypes: Type.Optional(EventTypes), description: Type.Optional(Nullable(Description)), active: Type.Optional(Type.Boolean()) },
        { additionalProperties: false },
      ),
      response: { 200: EndpointView, ...errors },
    },
  }, async (request) => endpointView(await updateWebhookEndpoint(db, actorOf(request).orgId, request.params.endpointId, request.body, deps.now())));

  app.post('/api/v1/webhooks/:endpointId/rotate-secret', {
    config: access,
    schema: { tags: ['webhooks'], summary: 'Replace the signing secret; pending retries are signed with the new one', params: EndpointParams, response: { 200: EndpointWithSecret, ...errors } },
  }, async (request) => {
    const row = await updateWebhookEndpoint(db, actorOf(request).orgId, request.params.endpointId, { rotateSecret: true }, deps.now());
    return { ...endpointView(row), secret: row.secret };
  });

  app.delete('/api/v1/webhooks/:endpointId', {
    config: access,
    schema: { tags: ['webhooks'], summary: 'Delete an endpoint with its delivery log', params: EndpointParams, response: { 204: Type.Null(), ...errors } },
  }, async (request, reply) => {
    await deleteWebhookEndpoint(db, actorOf(request).orgId, request.params.endpointId);
    return reply.code(204).send(null);
  });

  app.post('/api/v1/webhooks/:endpointId/test', {
    config: access,
    schema: {
      tags: ['webhooks'],
      summary: 'Send a `webhook.test` event now (also to a paused endpoint); answers with the delivery and its first attempt. A failure is retried like any delivery',
      params: EndpointParams,
      response: { 201: DeliveryView, ...errors },
    },
  }, async (request, reply) => {
    const delivery = await sendTestWebhook(deps.database, actorOf(request).orgId, request.params.endpointId, deps.now(), deps.send);
    return reply.code(201).send(deliveryView(delivery));
  });

  app.get('/api/v1/webhooks/:endpointId/deliveries', {
    config: access,
    schema: {
      tags: ['webhooks'],
      summary: 'The delivery log of an endpoint, newest first, each with its attempts (status code, duration, error)',
      params: EndpointParams,
      querystring: Type.Object({ ...PageQuery.properties, status: Type.Optional(oneOf(['pending', 'delivered', 'failed'] as const)) }, { additionalProperties: false }),
      response: { 200: pageOf(DeliveryView), ...errors },
    },
  }, async (request) => {
    const page = await listWebhookDeliveries(db, actorOf(request).orgId, request.params.endpointId, { limit: request.query.limit ?? 50, cursor: request.query.cursor, status: request.query.status });
    return { items: page.items.map(deliveryView), nextCursor: page.nextCursor };
  });

  app.get('/api/v1/webhooks/:endpointId/deliveries/:deliveryId', {
    config: access,
    schema: { tags: ['webhooks'], summary: 'One delivery with its attempts', params: Type.Object({ endpointId: Id, deliveryId: Id }), response: { 200: DeliveryView, ...errors } },
  }, async (request) => deliveryView(await getWebhookDelivery(db, actorOf(request).orgId, request.params.endpointId, request.params.deliveryId)));
}

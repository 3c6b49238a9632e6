import { Type } from 'typebox';
import { actorOf, listLocationSubtreeIds, userIdOf, type Actor } from '../access/index.ts';
import { CHANNELS } from '../journeys/index.ts';
import type { Database } from '../platform/database.ts';
import { badRequest, NotFoundError } from '../platform/errors.ts';
import type { HttpServer } from '../platform/http-server.ts';
import { isLocale } from '../platform/locales.ts';
import { PageQuery, pageOf } from '../platform/pagination.ts';
import { Nullable, oneOf, Timestamp } from '../platform/schema-types.ts';
import { getDelivery, listDeliveries, LOG_STATUSES, recordDeliveryReceipt, type DeliveryLogRow } from './deliveries.ts';
import { signSurveyLink } from './links.ts';
import { Key, LocaleSchema } from './schemas.ts';
import { invitationTokenOf } from './store.ts';
import {
  archiveTrigger,
  createTrigger,
  getTrigger,
  listTriggers,
  SUPPRESSION_REASONS,
  TRIGGER_CHANNELS,
  updateTrigger,
  type TriggerInput,
  type TriggerWithSurvey,
} from './triggers.ts';
import { recordOptOut, registerUnsubscribeRoutes } from './unsubscribe.ts';
import { findCustomerIdsByExternalId } from './ingest.ts';

/*
 * HTTP for survey triggers (/api/v1/triggers: admin and cx_manager write, everyone with surveys.read
 * reads), the invitation log (/api/v1/survey-invitations: responses.read, cut to the reader's locations),
 * delivery receipts from an SMS/e-mail provider (ingest), and the public unsubscribe page.
 */

export interface TriggerRouteDeps {
  database: Database;
  now: () => Date;
  publicUrl: string;
  linkSecret: () => Promise<string>;
}

const errors = {
  400: { $ref: 'ErrorBody' },
  401: { $ref: 'ErrorBody' },
  403: { $ref: 'ErrorBody' },
  404: { $ref: 'ErrorBody' },
  409: { $ref: 'ErrorBody' },
};

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Label = Type.String({ minLength: 1, maxLength: 64 });
const AttributeValue = Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean()]);
const TimeOfDay = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM, 24-hour clock, in the location’s time zone' });

const triggerFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  enabled: Type.Boolean({ default: true }),
  surveyKey: Key,
  journeyKey: Nullable(Key),
  momentKey: Key,
  locationId: Nullable(Id),
  interactionChannels: Nullable(Type.Array(oneOf(CHANNELS), { minItems: 1, maxItems: CHANNELS.length, uniqueItems: true })),
  outcomes: Nullable(Type.Array(Label, { minItems: 1, maxItems: 50, uniqueItems: true })),
  customerAttributes: Nullable(Type.Record(Type.String({ minLength: 1, maxLength: 64 }), AttributeValue, { minProperties: 1, maxProperties: 20 })),
  channel: oneOf(TRIGGER_CHANNELS, 'email | sms | link (the invitation is only issued; its URL is in the invitation log)'),
  delayMinutes: Type.Integer({ minimum: 0, maximum: 60 * 24 * 60, description: 'Minutes after the interaction (at most 60 days)' }),
  samplingRate: Type.Number({ minimum: 0, maximum: 1, description: 'Share of matching interactions invited (0–1); decided per interaction by a hash, so retries never re-roll' }),
  quietPeriodDays: Type.Integer({ minimum: 0, maximum: 365, description: 'No invitation to a customer invited by any trigger less than this many days before or after' }),
  dailyCap: Nullable(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'At most this many invitations of this trigger per local day' })),
  quietHours: Nullable(Type.Object({ start: TimeOfDay, end: TimeOfDay }, { additionalProperties: false, description: 'A send inside moves to the end (may span midnight, e.g. 21:00–09:00)' })),
  expiresInDays: Type.Integer({ minimum: 1, maximum: 365, description: 'How long the invitation link stays valid' }),
};

const TriggerBody = Type.Object(
  {
    name: triggerFields.name,
    enabled: Type.Optional(triggerFields.enabled),
    surveyKey: triggerFields.surveyKey,
    journeyKey: Type.Optional(triggerFields.journeyKey),
    momentKey: triggerFields.momentKey,
    locationId: Type.Optional(triggerFields.locationId),
    interactionChannels: Type.Optional(triggerFields.interactionChannels),
    outcomes: Type.Optional(triggerFields.outcomes),
    customerAttributes: Type.Optional(triggerFields.customerAttributes),
    channel: triggerFields.channel,
    delayMinutes: Type.Optional(triggerFields.delayMinutes),
    samplingRate: Type.Optional(triggerFields.samplingRate),
    quietPeriodDays: Type.Optional(triggerFields.quietPeriodDays),
    dailyCap: Type.Optional(triggerFields.dailyCap),
    quietHours: Type.Optional(triggerFields.quietHours),
    expiresInDays: Type.Optional(triggerFields.expiresInDays),
  },
  { additionalProperties: false },
);
const TriggerPatchBody = Type.Partial(TriggerBody, { additionalProperties: false });

const TriggerView = Type.Object({
  triggerId: Type.String(),
  ...triggerFields,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

function triggerView(row: TriggerWithSurvey) {
  return {
    triggerId: row.triggerId,
    name: row.name,
    enabled: row.enabled,
    surveyKey: row.surveyKey,
    journeyKey: row.journeyKey,
    momentKey: row.momentKey,
    locationId: row.locationId,
    interactionChannels: row.interactionChannels as (typeof CHANNELS)[number][] | null,
    outcomes: row.outcomes,
    customerAttributes: row.customerAttributes,
    channel: row.channel as TriggerInput['channel'],
    delayMinutes: row.delayMinutes,
    samplingRate: row.samplingRate,
    quietPeriodDays: row.quietPeriodDays,
    dailyCap: row.dailyCap,
    quietHours: row.quietHoursStart && row.quietHoursEnd ? { start: row.quietHoursStart, end: row.quietHoursEnd } : null,
    expiresInDays: row.expiresInDays,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

const DeliveryView = Type.Object({
  deliveryId: Type.String(),
  status: oneOf(LOG_STATUSES, 'queued → sent → delivered (when the provider reports it) → opened → answered; or failed / suppressed'),
  reason: Nullable(oneOf(SUPPRESSION_REASONS, 'Why it was suppressed')),
  channel: oneOf(TRIGGER_CHANNELS),
  triggerId: Type.String(),
  triggerName: Type.String(),
  surveyKey: Type.String(),
  interaction: Type.Object({ interactionId: Type.String(), externalId: Type.String() }),
  customer: Type.Object({ customerId: Type.String(), externalId: Type.String() }),
  locationId: Type.String(),
  locale: Nullable(LocaleSchema),
  recipient: Nullable(Type.String({ description: 'The address or number it went to' })),
  sendAt: Timestamp,
  attempts: Type.Integer(),
  lastError: Nullable(Type.String()),
  invitationId: Nullable(Type.String()),
  url: Nullable(Type.String({ description: 'The survey link, for link-only triggers (the business hands it over); null otherwise' })),
  sentAt: Nullable(Timestamp),
  deliveredAt: Nullable(Timestamp),
  openedAt: Nullable(Timestamp),
  answeredAt: Nullable(Timestamp),
  failedAt: Nullable(Timestamp),
  createdAt: Timestamp,
});

const DeliveryQuery = Type.Object(
  {
    ...PageQuery.properties,
    status: Type.Optional(oneOf(LOG_STATUSES)),
    channel: Type.Optional(oneOf(TRIGGER_CHANNELS)),
    reason: Type.Optional(oneOf(SUPPRESSION_REASONS)),
    triggerId: Type.Optional(Id),
    surveyKey: Type.Optional(Key),
    customerExternalId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    interactionId: Type.Optional(Id),
    locationId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'That location and everything under it' })),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'Send time at or after' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Send time before' })),
  },
  { additionalProperties: false },
);

/** A member limited to a location subtree sees only the invitations of that subtree (undefined = no limit). */
async function visibleLocationIds(database: Database, actor: Actor): Promise<string[] | undefined> {
  if (actor.kind !== 'user' || actor.locationScope === null) return undefined;
  return listLocationSubtreeIds(database.db, actor.orgId, actor.locationScope);
}

export function registerTriggerRoutes(app: HttpServer, deps: TriggerRouteDeps): void {
  const { database } = deps;
  const db = database.db;

  // ---------- triggers ----------
  app.get('/api/v1/triggers', {
    config: { access: { permission: 'surveys.read' } },
    schema: {
      tags: ['triggers'],
      summary: 'Survey triggers, oldest first',
      querystring: Type.Object({ ...PageQuery.properties, surveyKey: Type.Optional(Key), enabled: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: { 200: pageOf(TriggerView), ...errors },
    },
  }, async (request) => {
    const { limit, cursor, ...filter } = request.query;
    const page = await listTriggers(db, actorOf(request).orgId, filter, { limit: limit ?? 50, cursor });
    return { items: page.items.map(triggerView), nextCursor: page.nextCursor };
  });

  app.post('/api/v1/triggers', {
    config: { access: { permission: 'surveys.write' } },
    schema: {
      tags: ['triggers'],
      summary:
        'Create a trigger: after an interaction at a moment (filters: location subtree, interaction channel, outcome, customer attributes) invite with a published survey ' +
        'through e-mail, SMS or a link after a delay, with sampling, a per-customer quiet period across all triggers, a daily cap and quiet hours',
      body: TriggerBody,
      response: { 201: TriggerView, ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const row = await createTrigger(db, actor.orgId, request.body, { createdBy: userIdOf(actor), now: deps.now() });
    return reply.code(201).send(triggerView(row));
  });

  app.get('/api/v1/triggers/:triggerId', {
    config: { access: { permission: 'surveys.read' } },
    schema: { tags: ['triggers'], summary: 'One trigger', params: Type.Object({ triggerId: Id }), response: { 200: TriggerView, ...errors } },
  }, async (request) => triggerView(await getTrigger(db, actorOf(request).orgId, request.params.triggerId)));

  app.patch('/api/v1/triggers/:triggerId', {
    config: { access: { permission: 'surveys.write' } },
    schema: {
      tags: ['triggers'],
      summary: 'Change a trigger (null clears a filter); the whole trigger is checked again. Deliveries already scheduled keep their time.',
      params: Type.Object({ triggerId: Id }),
      body: TriggerPatchBody,
      response: { 200: TriggerView, ...errors },
    },
  }, async (request) => triggerView(await updateTrigger(db, actorOf(request).orgId, request.params.triggerId, request.body, deps.now())));

  app.delete('/api/v1/triggers/:triggerId', {
    config: { access: { permission: 'surveys.write' } },
    schema: {
      tags: ['triggers'],
      summary: 'Delete a trigger: it never fires again; its entries in the invitation log stay (queued ones are still sent)',
      params: Type.Object({ triggerId: Id }),
      response: { 204: Type.Null(), ...errors },
    },
  }, async (request, reply) => {
    await archiveTrigger(db, actorOf(request).orgId, request.params.triggerId, deps.now());
    return reply.code(204).send(null);
  });

  // ---------- the invitation log ----------
  const deliveryView = async (row: DeliveryLogRow) => {
    const { delivery } = row;
    const url =
      delivery.channel === 'link' && row.invitation
        ? `${deps.publicUrl.replace(/\/+$/, '')}/s/${signSurveyLink(invitationTokenOf(row.invitation), await deps.linkSecret())}`
        : null;
    return {
      deliveryId: delivery.deliveryId,
      status: row.status,
      reason: delivery.reason as (typeof SUPPRESSION_REASONS)[number] | null,
      channel: delivery.channel as TriggerInput['channel'],
      triggerId: delivery.triggerId,
      triggerName: row.triggerName,
      surveyKey: row.surveyKey,
      interaction: { interactionId: delivery.interactionId, externalId: row.interactionExternalId },
      customer: { customerId: delivery.customerId, externalId: row.customerExternalId },
      locationId: delivery.locationId,
      locale: isLocale(delivery.locale) ? delivery.locale : null,
      recipient: delivery.recipient,
      sendAt: delivery.sendAt,
      attempts: delivery.attempts,
      lastError: delivery.lastError,
      invitationId: delivery.invitationId,
      url,
      sentAt: delivery.sentAt,
      deliveredAt: delivery.deliveredAt,
      openedAt: delivery.openedAt,
      answeredAt: row.answeredAt,
      failedAt: delivery.failedAt,
      createdAt: delivery.createdAt,
    };
  };

  app.get('/api/v1/survey-invitations', {
    config: { access: { permission: 'responses.read' } },
    schema: {
      tags: ['invitations'],
      summary: 'The invitation log: every invitation a trigger scheduled, sent or suppressed (with the reason), newest first, with filters',
      querystring: DeliveryQuery,
      response: { 200: pageOf(DeliveryView), ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const { limit, cursor, locationId, from, to, ...rest } = request.query;
    const visible = await visibleLocationIds(database, actor);
    let locationIds = visible;
    if (locationId !== undefined) {
      const subtree = await listLocationSubtreeIds(db, actor.orgId, locationId);
      locationIds = visible ? subtree.filter((id) => visible.includes(id)) : subtree;
    }
    if (from && to && new Date(from) >= new Date(to)) throw badRequest('to', 'to must be later than from');
    const page = await listDeliveries(
      db,
      actor.orgId,
      { ...rest, ...(locationIds ? { locationIds } : {}), ...(from ? { from: new Date(from) } : {}), ...(to ? { to: new Date(to) } : {}) },
      { limit: limit ?? 50, cursor },
    );
    return { items: await Promise.all(page.items.map(deliveryView)), nextCursor: page.nextCursor };
  });

  app.get('/api/v1/survey-invitations/:deliveryId', {
    config: { access: { permission: 'responses.read' } },
    schema: { tags: ['invitations'], summary: 'One entry of the invitation log', params: Type.Object({ deliveryId: Id }), response: { 200: DeliveryView, ...errors } },
  }, async (request) => {
    const actor = actorOf(request);
    return deliveryView(await getDelivery(db, actor.orgId, request.params.deliveryId, await visibleLocationIds(database, actor)));
  });

  app.post('/api/v1/survey-invitations/receipts', {
    config: { access: { permission: 'ingest' } },
    schema: {
      tags: ['invitations'],
      summary: 'A provider’s delivery report for a sent invitation, by our deliveryId or the provider’s message id: delivered, or failed with the error',
      body: Type.Object(
        {
          deliveryId: Type.Optional(Id),
          providerMessageId: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
          status: oneOf(['delivered', 'failed'] as const),
          error: Type.Optional(Type.String({ maxLength: 1000 })),
        },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ updated: Type.Integer() }), ...errors },
    },
  }, async (request) => {
    const { deliveryId, providerMessageId } = request.body;
    if ((deliveryId === undefined) === (providerMessageId === undefined)) throw badRequest('deliveryId', 'send either deliveryId or providerMessageId');
    const updated = await recordDeliveryReceipt(db, actorOf(request).orgId, request.body, deps.now());
    if (updated === 0) throw new NotFoundError('Sent invitation');
    return { updated };
  });

  app.post('/api/v1/survey-invitations/opt-outs', {
    config: { access: { permission: 'ingest' } },
    schema: {
      tags: ['invitations'],
      summary: 'Record that a customer wants no more survey invitations on a channel (e.g. an SMS "STOP" reply the gateway received); later triggers skip them',
      body: Type.Object(
        { customerExternalId: Type.String({ minLength: 1, maxLength: 200 }), channel: oneOf(['email', 'sms'] as const) },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ customerId: Type.String(), channel: Type.String() }), ...errors },
    },
  }, async (request) => {
    const orgId = actorOf(request).orgId;
    const customerId = (await findCustomerIdsByExternalId(db, orgId, [request.body.customerExternalId])).get(request.body.customerExternalId);
    if (!customerId) throw badRequest('customerExternalId', `there is no customer with the externalId "${request.body.customerExternalId}"`);
    await recordOptOut(db, orgId, customerId, request.body.channel, null, deps.now());
    return { customerId, channel: request.body.channel };
  });

  registerUnsubscribeRoutes(app, { database, now: deps.now, linkSecret: deps.linkSecret });
}

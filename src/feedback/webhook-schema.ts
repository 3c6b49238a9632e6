import { sql } from 'drizzle-orm';
import { boolean, foreignKey, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
// drizzle-kit reaches this file through schema.ts, so like schema.ts it may name another room's table in a key.
import { authUsers, locations, organizations } from '../access/schema.ts';
// A cycle with schema.ts (which re-exports this file) is harmless: the tables are only referenced
// inside the key callbacks, which Drizzle calls after both modules have loaded.
import { surveyLinks, surveys } from './schema.ts';

/*
 * Tables of the feedback room's outward channels (re-exported by schema.ts, where drizzle-kit looks):
 *
 * - webhook_endpoints: where an organisation wants its events POSTed, with the signing secret.
 * - webhook_deliveries: the outbox. One row per (event, endpoint), written in the same transaction as
 *   the response it reports, so an event exists exactly when its response does; the delivery job
 *   works through the pending rows (status, attempts, next attempt).
 * - webhook_attempts: the delivery log, one row per HTTP attempt (status code, duration, error).
 * - kiosk_devices: counter rating devices; the device token is stored only as its SHA-256.
 * - survey_widgets: embeddable widgets; each has its own anonymous survey link and the origins
 *   allowed to frame it.
 *
 */

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const orgIdColumn = () => text('org_id').notNull().references(() => organizations.orgId, { onDelete: 'cascade' });

export const WEBHOOK_EVENT_TYPES = ['response.created', 'response.deleted'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    orgId: orgIdColumn(),
    endpointId: text('endpoint_id').notNull(),
    url: text('url').notNull(),
    description: text('description'),
    /** HMAC-SHA256 key; shown to the admin on creation (and on rotation), needed to verify signatures. */
    secret: text('secret').notNull(),
    eventTypes: jsonb('event_types').$type<WebhookEventType[]>().notNull(),
    active: boolean('active').notNull().default(true),
    createdBy: text('created_by').references(() => authUsers.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.endpointId] })],
);

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    orgId: orgIdColumn(),
    deliveryId: text('delivery_id').notNull(),
    endpointId: text('endpoint_id').notNull(),
    /** The event's id (the same for every endpoint the event goes to): receivers de-duplicate by it. */
    eventId: text('event_id').notNull(),
    eventType: text('event_type').notNull(),
    /** The exact JSON body sent (and signed) on every attempt. */
    body: text('body').notNull(),
    /** pending → delivered | failed (attempts used up) */
    status: text('status').notNull().default('pending'),
    attempts: smallint('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.deliveryId] }),
    foreignKey({ name: 'webhook_deliveries_endpoint_fk', columns: [t.orgId, t.endpointId], foreignColumns: [webhookEndpoints.orgId, webhookEndpoints.endpointId] }).onDelete('cascade'),
    index('webhook_deliveries_endpoint_ix').on(t.orgId, t.endpointId, t.deliveryId),
    // The delivery job's scan: pending rows by due time, across organisations.
    index('webhook_deliveries_due_ix').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
  ],
);

export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    orgId: text('org_id').notNull(),
    deliveryId: text('delivery_id').notNull(),
    attempt: smallint('attempt').notNull(),
    statusCode: integer('status_code'),
    durationMs: integer('duration_ms').notNull(),
    error: text('error'),
    attemptedAt: timestamp('attempted_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.deliveryId, t.attempt] }),
    foreignKey({ name: 'webhook_attempts_delivery_fk', columns: [t.orgId, t.deliveryId], foreignColumns: [webhookDeliveries.orgId, webhookDeliveries.deliveryId] }).onDelete('cascade'),
  ],
);

export const kioskDevices = pgTable(
  'kiosk_devices',
  {
    orgId: orgIdColumn(),
    deviceId: text('device_id').notNull(),
    name: text('name').notNull(),
    locationId: text('location_id').notNull(),
    surveyId: text('survey_id').notNull(),
    journeyKey: text('journey_key'),
    momentKey: text('moment_key'),
    staffId: text('staff_id'),
    /** The language the device speaks (null: the organisation's default). */
    locale: text('locale'),
    /** Seconds of inactivity (and on the thank-you screen) before the device returns to the start. */
    resetSeconds: integer('reset_seconds').notNull().default(20),
    /** SHA-256 (hex) of the device token; the token itself is shown once, on creation. */
    tokenHash: text('token_hash').notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdBy: text('created_by').references(() => authUsers.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.deviceId] }),
    uniqueIndex('kiosk_devices_token_uq').on(t.tokenHash),
    foreignKey({ name: 'kiosk_devices_location_fk', columns: [t.orgId, t.locationId], foreignColumns: [locations.orgId, locations.locationId] }),
    foreignKey({ name: 'kiosk_devices_survey_fk', columns: [t.orgId, t.surveyId], foreignColumns: [surveys.orgId, surveys.surveyId] }).onDelete('cascade'),
  ],
);

export const surveyWidgets = pgTable(
  'survey_widgets',
  {
    orgId: orgIdColumn(),
    widgetId: text('widget_id').notNull(),
    name: text('name').notNull(),
    surveyId: text('survey_id').notNull(),
    /** The anonymous link the widget opens; pages started from it may be framed by `allowedOrigins`. */
    linkId: text('link_id').notNull(),
    /** Origins (scheme://host[:port]) allowed to embed the survey; empty = nowhere. */
    allowedOrigins: jsonb('allowed_origins').$type<string[]>().notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdBy: text('created_by').references(() => authUsers.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.widgetId] }),
    uniqueIndex('survey_widgets_link_uq').on(t.orgId, t.linkId),
    foreignKey({ name: 'survey_widgets_survey_fk', columns: [t.orgId, t.surveyId], foreignColumns: [surveys.orgId, surveys.surveyId] }).onDelete('cascade'),
    foreignKey({ name: 'survey_widgets_link_fk', columns: [t.orgId, t.linkId], foreignColumns: [surveyLinks.orgId, surveyLinks.linkId] }).onDelete('cascade'),
  ],
);

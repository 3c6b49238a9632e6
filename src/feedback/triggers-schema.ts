import { sql } from 'drizzle-orm';
import { boolean, check, date, doublePrecision, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
// drizzle-kit reaches this file through schema.ts, so like schema.ts it may name another room's table in a key.
import { authUsers, locations, organizations } from '../access/schema.ts';
import { customers, interactions, surveyInvitations, surveys } from './schema.ts';

/*
 * Tables of survey triggers and their invitation deliveries (re-exported by schema.ts, where drizzle-kit
 * looks for tables). The foreign keys to the feedback room's own tables are built lazily by Drizzle, so
 * the import cycle with schema.ts is harmless.
 *
 * - survey_triggers: "after an interaction at moment M (filters) invite with survey S through channel C
 *   after delay D", with sampling, a per-customer quiet period, a daily cap and quiet hours.
 * - invitation_deliveries: one row per (trigger, interaction) the trigger matched — scheduled, sent,
 *   or suppressed with the reason. This is the invitation log, and its unique key is what makes a
 *   re-evaluation (a retry, a crash between steps) never invite twice.
 * - customer_opt_outs: a customer who unsubscribed from a channel; later triggers skip them.
 */

const orgIdColumn = () => text('org_id').notNull().references(() => organizations.orgId, { onDelete: 'cascade' });

export const surveyTriggers = pgTable(
  'survey_triggers',
  {
    orgId: orgIdColumn(),
    triggerId: text('trigger_id').notNull(),
    name: text('name').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    surveyId: text('survey_id').notNull(),
    /** The moment that fires the trigger; journeyKey null = that moment key in any journey. */
    journeyKey: text('journey_key'),
    momentKey: text('moment_key').notNull(),
    /** Only interactions at this location or anywhere under it (null = everywhere). */
    locationId: text('location_id'),
    /** Only interactions whose channel is one of these (null = any). */
    interactionChannels: jsonb('interaction_channels').$type<string[]>(),
    /** Only interactions whose outcome is one of these (null = any). */
    outcomes: jsonb('outcomes').$type<string[]>(),
    /** Only customers whose attributes contain all of these key/value pairs (null = any). */
    customerAttributes: jsonb('customer_attributes').$type<Record<string, string | number | boolean>>(),
    /** email | sms | link (link = the invitation is only issued; the business hands the link over). */
    channel: text('channel').notNull(),
    delayMinutes: integer('delay_minutes').notNull().default(0),
    /** Share of matching interactions invited, 0–1; decided by a hash of trigger and interaction. */
    samplingRate: doublePrecision('sampling_rate').notNull().default(1),
    /** No invitation to a customer invited (by any trigger) less than this many days before or after. */
    quietPeriodDays: integer('quiet_period_days').notNull().default(0),
    /** At most this many invitations of this trigger per local day of the outlet (null = no cap). */
    dailyCap: integer('daily_cap'),
    /** "HH:MM" in the location's time zone; a send that falls inside moves to quietHoursEnd. */
    quietHoursStart: text('quiet_hours_start'),
    quietHoursEnd: text('quiet_hours_end'),
    expiresInDays: integer('expires_in_days').notNull().default(30),
    createdBy: text('created_by').references(() => authUsers.id, { onDelete: 'set null' }),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.triggerId] }),
    foreignKey({ name: 'survey_triggers_survey_fk', columns: [t.orgId, t.surveyId], foreignColumns: [surveys.orgId, surveys.surveyId] }).onDelete('cascade'),
    foreignKey({ name: 'survey_triggers_location_fk', columns: [t.orgId, t.locationId], foreignColumns: [locations.orgId, locations.locationId] }),
    index('survey_triggers_moment_ix').on(t.orgId, t.momentKey),
    check('survey_triggers_sampling_ck', sql`${t.samplingRate} >= 0 and ${t.samplingRate} <= 1`),
    check('survey_triggers_channel_ck', sql`${t.channel} in ('email', 'sms', 'link')`),
  ],
);

export const DELIVERY_STATUSES = ['queued', 'sent', 'delivered', 'failed', 'suppressed'] as const;

export const invitationDeliveries = pgTable(
  'invitation_deliveries',
  {
    orgId: orgIdColumn(),
    deliveryId: text('delivery_id').notNull(),
    triggerId: text('trigger_id').notNull(),
    interactionId: text('interaction_id').notNull(),
    customerId: text('customer_id').notNull(),
    surveyId: text('survey_id').notNull(),
    locationId: text('location_id').notNull(),
    channel: text('channel').notNull(),
    /** queued | sent | delivered | failed | suppressed; opened and answered are read from the invitation. */
    status: text('status').notNull(),
    /** Why it was suppressed: opted_out, no_email, no_phone, quiet_period, daily_cap. */
    reason: text('reason'),
    sendAt: timestamp('send_at', { withTimezone: true }).notNull(),
    /** The outlet's local date of sendAt: the day the daily cap counts in. */
    sendDay: date('send_day', { mode: 'string' }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    /** A sender has taken the row until then (a crashed sender's claim runs out and another retries). */
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
    lastError: text('last_error'),
    invitationId: text('invitation_id'),
    locale: text('locale'),
    /** The address or number it went to (kept for the log; the customer's may change later). */
    recipient: text('recipient'),
    providerMessageId: text('provider_message_id'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    openedAt: timestamp('opened_at', { withTimezone: true }),
    failedAt: timestamp('failed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.deliveryId] }),
    uniqueIndex('invitation_deliveries_trigger_interaction_uq').on(t.orgId, t.triggerId, t.interactionId),
    foreignKey({ name: 'invitation_deliveries_trigger_fk', columns: [t.orgId, t.triggerId], foreignColumns: [surveyTriggers.orgId, surveyTriggers.triggerId] }).onDelete('cascade'),
    foreignKey({ name: 'invitation_deliveries_interaction_fk', columns: [t.orgId, t.interactionId], foreignColumns: [interactions.orgId, interactions.interactionId] }).onDelete('cascade'),
    foreignKey({ name: 'invitation_deliveries_customer_fk', columns: [t.orgId, t.customerId], foreignColumns: [customers.orgId, customers.customerId] }).onDelete('cascade'),
    foreignKey({ name: 'invitation_deliveries_invitation_fk', columns: [t.orgId, t.invitationId], foreignColumns: [surveyInvitations.orgId, surveyInvitations.invitationId] }),
    foreignKey({ name: 'invitation_deliveries_location_fk', columns: [t.orgId, t.locationId], foreignColumns: [locations.orgId, locations.locationId] }),
    index('invitation_deliveries_due_ix').on(t.sendAt).where(sql`${t.status} = 'queued'`),
    index('invitation_deliveries_customer_ix').on(t.orgId, t.customerId, t.sendAt),
    index('invitation_deliveries_trigger_day_ix').on(t.orgId, t.triggerId, t.sendDay),
    index('invitation_deliveries_invitation_ix').on(t.orgId, t.invitationId),
    check('invitation_deliveries_status_ck', sql`${t.status} in ('queued', 'sent', 'delivered', 'failed', 'suppressed')`),
  ],
);

export const customerOptOuts = pgTable(
  'customer_opt_outs',
  {
    orgId: orgIdColumn(),
    customerId: text('customer_id').notNull(),
    /** email | sms */
    channel: text('channel').notNull(),
    /** The delivery whose unsubscribe link was used (null when recorded otherwise). */
    deliveryId: text('delivery_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.customerId, t.channel] }),
    foreignKey({ name: 'customer_opt_outs_customer_fk', columns: [t.orgId, t.customerId], foreignColumns: [customers.orgId, customers.customerId] }).onDelete('cascade'),
  ],
);

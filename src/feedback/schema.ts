import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
// Foreign keys need the referenced Drizzle tables, and drizzle-kit reads only schema files, so these
// imports reach past the other rooms' index.ts. Table definitions only: no SQL of theirs is used here.
import { authUsers, locations, organizations } from '../access/schema.ts';
import { journeyVersions } from '../journeys/schema.ts';
import type { Answers, SurveyDefinition, TranslatableText } from './model.ts';

/*
 * Tables of the feedback room. As everywhere, `org_id` leads every primary and foreign key, so no row
 * can point into another organisation and the tables shard by org_id.
 *
 * - customers: the business's customers, upserted by their external id whenever an interaction names them.
 * - interactions: moments that happened (idempotent by external id), tied to the journey version the
 *   moment was published under.
 * - surveys / survey_versions: a survey's draft and its immutable numbered versions (migration 0004 adds
 *   the trigger that refuses UPDATE and direct DELETE of a version, like journey_versions).
 * - survey_links: anonymous public links (a QR code on the counter, a link on a receipt).
 * - survey_invitations: one respondent's copy of a survey: context, progress (answers saved so far),
 *   submission. Created when an invitation is issued, or on the first save of a link-started survey.
 * - responses: submitted answers with the scores extracted into columns for the insights room.
 */

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
const orgIdColumn = () => text('org_id').notNull().references(() => organizations.orgId, { onDelete: 'cascade' });

export const customers = pgTable(
  'customers',
  {
    orgId: orgIdColumn(),
    customerId: text('customer_id').notNull(),
    /** The business's own customer id: the identity everything is upserted by. */
    externalId: text('external_id').notNull(),
    name: text('name'),
    email: text('email'),
    phone: text('phone'),
    /** The customer's language as the business sent it (BCP 47); invitations pick from it. */
    locale: text('locale'),
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.customerId] }), uniqueIndex('customers_external_uq').on(t.orgId, t.externalId)],
);

export const interactions = pgTable(
  'interactions',
  {
    orgId: orgIdColumn(),
    interactionId: text('interaction_id').notNull(),
    externalId: text('external_id').notNull(),
    /** SHA-256 of the item as sent: a retry with the same external id but other content is reported, not stored. */
    contentHash: text('content_hash').notNull(),
    journeyId: text('journey_id').notNull(),
    journeyKey: text('journey_key').notNull(),
    journeyVersion: integer('journey_version').notNull(),
    momentKey: text('moment_key').notNull(),
    /** Groups the moments of one visit or episode (peak–end needs them together). */
    visitId: text('visit_id'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    locationId: text('location_id').notNull(),
    /** The business's own staff identifier; no staff table yet. */
    staffId: text('staff_id'),
    channel: text('channel').notNull(),
    customerId: text('customer_id').notNull(),
    waitSeconds: doublePrecision('wait_seconds'),
    handleSeconds: doublePrecision('handle_seconds'),
    outcome: text('outcome'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.interactionId] }),
    uniqueIndex('interactions_external_uq').on(t.orgId, t.externalId),
    foreignKey({ name: 'interactions_location_fk', columns: [t.orgId, t.locationId], foreignColumns: [locations.orgId, locations.locationId] }),
    foreignKey({ name: 'interactions_customer_fk', columns: [t.orgId, t.customerId], foreignColumns: [customers.orgId, customers.customerId] }),
    foreignKey({
      name: 'interactions_journey_version_fk',
      columns: [t.orgId, t.journeyId, t.journeyVersion],
      foreignColumns: [journeyVersions.orgId, journeyVersions.journeyId, journeyVersions.version],
    }),
    index('interactions_moment_ix').on(t.orgId, t.momentKey, t.occurredAt),
    index('interactions_location_ix').on(t.orgId, t.locationId, t.occurredAt),
    index('interactions_visit_ix').on(t.orgId, t.visitId),
    index('interactions_customer_ix').on(t.orgId, t.customerId),
  ],
);

export const surveys = pgTable(
  'surveys',
  {
    orgId: orgIdColumn(),
    surveyId: text('survey_id').notNull(),
    /** Stable slug, unique in the organisation. */
    key: text('key').notNull(),
    /** What the people running the survey call it (respondents see the definition's title). */
    name: jsonb('name').$type<TranslatableText>().notNull(),
    fallbackLocale: text('fallback_locale').notNull(),
    draft: jsonb('draft').$type<SurveyDefinition>().notNull(),
    draftRevision: integer('draft_revision').notNull().default(1),
    draftUpdatedAt: timestamp('draft_updated_at', { withTimezone: true }).notNull().defaultNow(),
    draftUpdatedBy: text('draft_updated_by').references(() => authUsers.id, { onDelete: 'set null' }),
    draftDiffers: boolean('draft_differs').notNull().default(true),
    publishedVersion: integer('published_version'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.surveyId] }), uniqueIndex('surveys_key_uq').on(t.orgId, t.key)],
);

export const surveyVersions = pgTable(
  'survey_versions',
  {
    orgId: text('org_id').notNull(),
    surveyId: text('survey_id').notNull(),
    version: integer('version').notNull(),
    definition: jsonb('definition').$type<SurveyDefinition>().notNull(),
    fallbackLocale: text('fallback_locale').notNull(),
    note: text('note'),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
    publishedBy: text('published_by').references(() => authUsers.id, { onDelete: 'set null' }),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.surveyId, t.version] }),
    foreignKey({ name: 'survey_versions_survey_fk', columns: [t.orgId, t.surveyId], foreignColumns: [surveys.orgId, surveys.surveyId] }).onDelete('cascade'),
    check('survey_versions_version_ck', sql`${t.version} >= 1`),
  ],
);

export const surveyLinks = pgTable(
  'survey_links',
  {
    orgId: orgIdColumn(),
    linkId: text('link_id').notNull(),
    surveyId: text('survey_id').notNull(),
    label: text('label'),
    channel: text('channel').notNull(),
    locationId: text('location_id'),
    journeyKey: text('journey_key'),
    momentKey: text('moment_key'),
    locale: text('locale'),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdBy: text('created_by').references(() => authUsers.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.linkId] }),
    foreignKey({ name: 'survey_links_survey_fk', columns: [t.orgId, t.surveyId], foreignColumns: [surveys.orgId, surveys.surveyId] }).onDelete('cascade'),
    foreignKey({ name: 'survey_links_location_fk', columns: [t.orgId, t.locationId], foreignColumns: [locations.orgId, locations.locationId] }),
    index('survey_links_survey_ix').on(t.orgId, t.surveyId),
  ],
);

export const surveyInvitations = pgTable(
  'survey_invitations',
  {
    orgId: orgIdColumn(),
    invitationId: text('invitation_id').notNull(),
    /** The sender's id for invitations asked for by another system: a retry returns the same invitation. */
    externalId: text('external_id'),
    surveyId: text('survey_id').notNull(),
    surveyVersion: integer('survey_version').notNull(),
    /** Set when the respondent came through an anonymous link. */
    linkId: text('link_id'),
    channel: text('channel').notNull(),
    locale: text('locale'),
    interactionId: text('interaction_id'),
    journeyKey: text('journey_key'),
    momentKey: text('moment_key'),
    locationId: text('location_id'),
    staffId: text('staff_id'),
    visitId: text('visit_id'),
    customerId: text('customer_id'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** Answers saved so far (the page saves as the respondent goes). */
    answers: jsonb('answers').$type<Answers>().notNull().default({}),
    answersSavedAt: timestamp('answers_saved_at', { withTimezone: true }),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    createdBy: text('created_by').references(() => authUsers.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.invitationId] }),
    foreignKey({
      name: 'survey_invitations_version_fk',
      columns: [t.orgId, t.surveyId, t.surveyVersion],
      foreignColumns: [surveyVersions.orgId, surveyVersions.surveyId, surveyVersions.version],
    }),
    foreignKey({ name: 'survey_invitations_link_fk', columns: [t.orgId, t.linkId], foreignColumns: [surveyLinks.orgId, surveyLinks.linkId] }),
    foreignKey({ name: 'survey_invitations_interaction_fk', columns: [t.orgId, t.interactionId], foreignColumns: [interactions.orgId, interactions.interactionId] }),
    foreignKey({ name: 'survey_invitations_location_fk', columns: [t.orgId, t.locationId], foreignColumns: [locations.orgId, locations.locationId] }),
    foreignKey({ name: 'survey_invitations_customer_fk', columns: [t.orgId, t.customerId], foreignColumns: [customers.orgId, customers.customerId] }),
    uniqueIndex('survey_invitations_external_uq').on(t.orgId, t.externalId),
    index('survey_invitations_survey_ix').on(t.orgId, t.surveyId),
  ],
);

export const responses = pgTable(
  'responses',
  {
    orgId: orgIdColumn(),
    responseId: text('response_id').notNull(),
    /** The sender's id for ingested responses (idempotency); null for answers given on our own page. */
    externalId: text('external_id'),
    contentHash: text('content_hash'),
    /** One response per invitation: the unique index is what refuses a second submission. */
    invitationId: text('invitation_id'),
    surveyId: text('survey_id').notNull(),
    surveyVersion: integer('survey_version').notNull(),
    journeyId: text('journey_id'),
    journeyKey: text('journey_key'),
    journeyVersion: integer('journey_version'),
    momentKey: text('moment_key'),
    interactionId: text('interaction_id'),
    visitId: text('visit_id'),
    locationId: text('location_id'),
    staffId: text('staff_id'),
    customerId: text('customer_id'),
    /** How the answers reached us (email, sms, web, qr, kiosk, …). */
    channel: text('channel').notNull(),
    /** The language the respondent answered in. */
    locale: text('locale'),
    answers: jsonb('answers').$type<Answers>().notNull(),
    /** The first NPS / CSAT / CES question's answer, for the insights room's rollups and filters. */
    nps: smallint('nps'),
    csat: smallint('csat'),
    ces: smallint('ces'),
    /** The free-text answers joined: what search and "has comment" look at. */
    comment: text('comment'),
    /** Whether the respondent agreed to be contacted (null: not asked). */
    consent: boolean('consent'),
    /** `page` (our survey page) or `api` (collected elsewhere, posted to /responses). */
    source: text('source').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.responseId] }),
    uniqueIndex('responses_external_uq').on(t.orgId, t.externalId),
    uniqueIndex('responses_invitation_uq').on(t.orgId, t.invitationId),
    foreignKey({
      name: 'responses_survey_version_fk',
      columns: [t.orgId, t.surveyId, t.surveyVersion],
      foreignColumns: [surveyVersions.orgId, surveyVersions.surveyId, surveyVersions.version],
    }),
    foreignKey({
      name: 'responses_journey_version_fk',
      columns: [t.orgId, t.journeyId, t.journeyVersion],
      foreignColumns: [journeyVersions.orgId, journeyVersions.journeyId, journeyVersions.version],
    }),
    foreignKey({ name: 'responses_invitation_fk', columns: [t.orgId, t.invitationId], foreignColumns: [surveyInvitations.orgId, surveyInvitations.invitationId] }),
    foreignKey({ name: 'responses_interaction_fk', columns: [t.orgId, t.interactionId], foreignColumns: [interactions.orgId, interactions.interactionId] }),
    foreignKey({ name: 'responses_location_fk', columns: [t.orgId, t.locationId], foreignColumns: [locations.orgId, locations.locationId] }),
    foreignKey({ name: 'responses_customer_fk', columns: [t.orgId, t.customerId], foreignColumns: [customers.orgId, customers.customerId] }),
    check('responses_nps_ck', sql`${t.nps} between 0 and 10`),
    check('responses_csat_ck', sql`${t.csat} between 1 and 5`),
    check('responses_ces_ck', sql`${t.ces} between 1 and 7`),
    index('responses_submitted_ix').on(t.orgId, t.submittedAt),
    index('responses_survey_ix').on(t.orgId, t.surveyId, t.submittedAt),
    index('responses_moment_ix').on(t.orgId, t.momentKey, t.submittedAt),
    index('responses_location_ix').on(t.orgId, t.locationId, t.submittedAt),
    // Word search over comments (the 'simple' configuration: no stemming, works for every language we
    // serve; Chinese, written without spaces, is matched by ILIKE in the same query).
    index('responses_comment_search_ix').using('gin', sql`to_tsvector('simple', coalesce(${t.comment}, ''))`),
  ],
);

// CSV/XLSX imports keep their table in their own file.
export { importRuns } from './import-schema.ts';
// Webhooks (outbox + delivery log), kiosk devices and embeddable widgets keep their tables in their own file.
export { kioskDevices, surveyWidgets, webhookAttempts, webhookDeliveries, webhookEndpoints } from './webhook-schema.ts';
// Survey triggers, their invitation deliveries and customers' opt-outs keep their tables in their own file.
export { customerOptOuts, invitationDeliveries, surveyTriggers } from './triggers-schema.ts';

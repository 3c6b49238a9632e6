import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
// Foreign keys need the referenced Drizzle tables, and drizzle-kit reads only schema files, so this one
// import reaches past access/index.ts. Table definitions only: no SQL of the access room is used here.
import { authUsers, locations, organizations } from '../access/schema.ts';
import type { Blueprint, OverrideDocument, TranslatableText } from './model.ts';

/*
 * Tables of the journeys room. As everywhere, `org_id` leads every primary and foreign key, so no
 * row can point into another organisation and the tables shard by org_id.
 *
 * Blueprint content is one jsonb document per draft, version and override: it is read and written
 * whole, and moments are addressed by their stable keys, never by row ids.
 *
 * journey_versions rows are immutable once written; migration 0002 adds a trigger that refuses
 * UPDATE and direct DELETE (deletes cascading from the journey or organisation still pass).
 */

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const journeys = pgTable(
  'journeys',
  {
    orgId: text('org_id').notNull().references(() => organizations.orgId, { onDelete: 'cascade' }),
    journeyId: text('journey_id').notNull(),
    /** Stable slug, unique in the organisation; everything recorded later refers to it. */
    key: text('key').notNull(),
    name: jsonb('name').$type<TranslatableText>().notNull(),
    description: jsonb('description').$type<TranslatableText>(),
    fallbackLocale: text('fallback_locale').notNull(),
    templateKey: text('template_key'),
    /** The working copy, edited freely; publishing copies it into journey_versions. */
    draft: jsonb('draft').$type<Blueprint>().notNull(),
    draftRevision: integer('draft_revision').notNull().default(1),
    draftUpdatedAt: timestamp('draft_updated_at', { withTimezone: true }).notNull().defaultNow(),
    draftUpdatedBy: text('draft_updated_by').references(() => authUsers.id, { onDelete: 'set null' }),
    /** Whether the draft differs from the latest published version (kept on write, so lists need no join). */
    draftDiffers: boolean('draft_differs').notNull().default(true),
    publishedVersion: integer('published_version'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.journeyId] }), uniqueIndex('journeys_key_uq').on(t.orgId, t.key)],
);

export const journeyVersions = pgTable(
  'journey_versions',
  {
    orgId: text('org_id').notNull(),
    journeyId: text('journey_id').notNull(),
    version: integer('version').notNull(),
    document: jsonb('document').$type<Blueprint>().notNull(),
    /** The journey's fallback language when this version was published (texts were checked against it). */
    fallbackLocale: text('fallback_locale').notNull(),
    note: text('note'),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
    publishedBy: text('published_by').references(() => authUsers.id, { onDelete: 'set null' }),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.journeyId, t.version] }),
    foreignKey({ name: 'journey_versions_journey_fk', columns: [t.orgId, t.journeyId], foreignColumns: [journeys.orgId, journeys.journeyId] }).onDelete('cascade'),
    check('journey_versions_version_ck', sql`${t.version} >= 1`),
  ],
);

/** What a region, city or outlet adds to a journey; at most one per location and journey. */
export const journeyOverrides = pgTable(
  'journey_overrides',
  {
    orgId: text('org_id').notNull(),
    journeyId: text('journey_id').notNull(),
    locationId: text('location_id').notNull(),
    baseVersion: integer('base_version').notNull(),
    document: jsonb('document').$type<OverrideDocument>().notNull(),
    updatedAt: updatedAt(),
    updatedBy: text('updated_by').references(() => authUsers.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.journeyId, t.locationId] }),
    foreignKey({ name: 'journey_overrides_journey_fk', columns: [t.orgId, t.journeyId], foreignColumns: [journeys.orgId, journeys.journeyId] }).onDelete('cascade'),
    foreignKey({ name: 'journey_overrides_location_fk', columns: [t.orgId, t.locationId], foreignColumns: [locations.orgId, locations.locationId] }),
    foreignKey({
      name: 'journey_overrides_base_version_fk',
      columns: [t.orgId, t.journeyId, t.baseVersion],
      foreignColumns: [journeyVersions.orgId, journeyVersions.journeyId, journeyVersions.version],
    }),
  ],
);

import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/*
 * Tables of the access room. Tenancy rule (DESIGN.md): every tenant table has `org_id` as the first
 * column of its primary key and of every foreign key, so a row can never point into another
 * organisation and the schema can be sharded by org_id.
 *
 * The identity tables (`auth_*`) are the exception on purpose: one person signs in once and may be a
 * member of several organisations, so a person is global and membership is per organisation.
 */

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const organizations = pgTable('organizations', {
  orgId: text('org_id').primaryKey(),
  name: text('name').notNull(),
  /** BCP-47 tag used for e-mails and as the fallback of translated content. */
  defaultLocale: text('default_locale').notNull().default('en'),
  /** IANA zone used where a location has none of its own. */
  timezone: text('timezone').notNull().default('UTC'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * Locations form a tree: region → city → outlet (a region may hold sub-regions). `kind` is the
 * business's own word for an outlet (store, branch, service hall, hotel…).
 */
export const locations = pgTable(
  'locations',
  {
    orgId: text('org_id').notNull().references(() => organizations.orgId, { onDelete: 'cascade' }),
    locationId: text('location_id').notNull(),
    parentId: text('parent_id'),
    level: text('level', { enum: ['region', 'city', 'outlet'] }).notNull(),
    kind: text('kind'),
    name: text('name').notNull(),
    /** The business's own code (e.g. branch number); unique within the organisation when set. */
    code: text('code'),
    timezone: text('timezone').notNull(),
    address: text('address'),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.locationId] }),
    foreignKey({ columns: [t.orgId, t.parentId], foreignColumns: [t.orgId, t.locationId] }),
    uniqueIndex('locations_code_uq').on(t.orgId, t.code),
    index('locations_parent_ix').on(t.orgId, t.parentId),
  ],
);

export const authUsers = pgTable('auth_user', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  emailVerified: boolean('email_verified').notNull().default(false),
  image: text('image'),
  /** Preferred UI language (en, zh-CN, zh-TW, ru, hu); null → the browser's. */
  locale: text('locale'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const authSessions = pgTable(
  'auth_session',
  {
    id: text('id').primaryKey(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    token: text('token').notNull().unique(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    userId: text('user_id').notNull().references(() => authUsers.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('auth_session_user_ix').on(t.userId)],
);

export const authAccounts = pgTable(
  'auth_account',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    providerId: text('provider_id').notNull(),
    userId: text('user_id').notNull().references(() => authUsers.id, { onDelete: 'cascade' }),
    accessToken: text('access_token'),
    refreshToken: text('refresh_token'),
    idToken: text('id_token'),
    accessTokenExpiresAt: timestamp('access_token_expires_at', { withTimezone: true }),
    refreshTokenExpiresAt: timestamp('refresh_token_expires_at', { withTimezone: true }),
    scope: text('scope'),
    /** argon2id hash (PHC string). */
    password: text('password'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('auth_account_user_ix').on(t.userId)],
);

export const authVerifications = pgTable(
  'auth_verification',
  {
    id: text('id').primaryKey(),
    identifier: text('identifier').notNull(),
    value: text('value').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('auth_verification_identifier_ix').on(t.identifier)],
);

export const ROLES = ['admin', 'cx_manager', 'outlet_manager', 'agent', 'auditor', 'viewer'] as const;

/** A person's role in one organisation, optionally limited to a location subtree. */
export const memberships = pgTable(
  'memberships',
  {
    orgId: text('org_id').notNull().references(() => organizations.orgId, { onDelete: 'cascade' }),
    userId: text('user_id').notNull().references(() => authUsers.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ROLES }).notNull(),
    /** Root of the location subtree this member is limited to; null = the whole organisation. */
    locationId: text('location_id'),
    deactivatedAt: timestamp('deactivated_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.userId] }),
    foreignKey({ columns: [t.orgId, t.locationId], foreignColumns: [locations.orgId, locations.locationId] }),
    index('memberships_user_ix').on(t.userId),
  ],
);

export const invitations = pgTable(
  'invitations',
  {
    orgId: text('org_id').notNull().references(() => organizations.orgId, { onDelete: 'cascade' }),
    invitationId: text('invitation_id').notNull(),
    email: text('email').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    locationId: text('location_id'),
    /** SHA-256 (hex) of the token in the e-mailed link; the token itself is never stored. */
    tokenHash: text('token_hash').notNull().unique(),
    invitedBy: text('invited_by').references(() => authUsers.id, { onDelete: 'set null' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.invitationId] }),
    foreignKey({ columns: [t.orgId, t.locationId], foreignColumns: [locations.orgId, locations.locationId] }),
  ],
);

export const API_KEY_SCOPES = ['ingest', 'read', 'admin'] as const;

export const apiKeys = pgTable(
  'api_keys',
  {
    orgId: text('org_id').notNull().references(() => organizations.orgId, { onDelete: 'cascade' }),
    apiKeyId: text('api_key_id').notNull(),
    name: text('name').notNull(),
    /** First characters of the key, shown in lists so people can tell keys apart. */
    prefix: text('prefix').notNull(),
    /** SHA-256 (hex) of the whole key. A 160-bit random key needs no slow hash. */
    keyHash: text('key_hash').notNull().unique(),
    scopes: text('scopes').array().notNull().$type<(typeof API_KEY_SCOPES)[number][]>(),
    createdBy: text('created_by').references(() => authUsers.id, { onDelete: 'set null' }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.apiKeyId] }), check('api_keys_scopes_ck', sql`cardinality(${t.scopes}) > 0`)],
);

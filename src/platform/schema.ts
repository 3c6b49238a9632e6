import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/*
 * Instance-wide machinery tables. They carry no org_id because they belong to the installation,
 * not to a tenant: settings such as the session-signing secret, and rate-limit counters keyed by
 * client address (public endpoints have no organisation yet when they are hit).
 */

export const instanceSettings = pgTable('instance_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Fixed-window counters shared by every server node, so limits hold behind a load balancer. */
export const rateLimitCounters = pgTable('rate_limit_counters', {
  key: text('key').primaryKey(),
  hits: integer('hits').notNull(),
  /** End of the current window. */
  resetAt: timestamp('reset_at', { withTimezone: true }).notNull(),
});

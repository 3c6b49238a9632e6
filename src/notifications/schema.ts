import { sql } from 'drizzle-orm';
import { foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
// The recipient must be a member of the organisation: the foreign key needs the access room's table
// definition, and drizzle-kit reads only schema files (the same exception every room's schema makes).
import { memberships } from '../access/schema.ts';

/*
 * The one notifications inbox of the product. Every room writes here (through this room's index.ts):
 * a row per recipient, its `kind` namespaced by the room (`recovery.case_assigned`, `audits.action_overdue`,
 * `coaching.recognition`, `insights.alert`), the web path it opens, and `data` for the room's own texts.
 * Those kinds worth an e-mail wait in the outbox columns (email_status = pending) until the sender
 * claims and sends them in the recipient's language.
 */

export const EMAIL_STATUSES = ['none', 'pending', 'sending', 'sent', 'failed'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

const at = (name: string) => timestamp(name, { withTimezone: true });

export const notifications = pgTable(
  'notifications',
  {
    orgId: text('org_id').notNull(),
    notificationId: text('notification_id').notNull(),
    userId: text('user_id').notNull(),
    /** `<room>.<what>`; the room registered its texts under this name. */
    kind: text('kind').notNull(),
    /** The web app path the notification opens (e.g. `/cases/<id>`); null = nowhere in particular. */
    link: text('link'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    readAt: at('read_at'),
    emailStatus: text('email_status', { enum: EMAIL_STATUSES }).notNull().default('none'),
    emailAttempts: integer('email_attempts').notNull().default(0),
    emailClaimedAt: at('email_claimed_at'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.notificationId] }),
    foreignKey({ name: 'notifications_member_fk', columns: [t.orgId, t.userId], foreignColumns: [memberships.orgId, memberships.userId] }),
    index('notifications_user_ix').on(t.orgId, t.userId, t.notificationId),
    index('notifications_outbox_ix').on(t.emailStatus).where(sql`${t.emailStatus} in ('pending', 'sending')`),
  ],
);

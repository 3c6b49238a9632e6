import { and, asc, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../platform/database.ts';
import { NotFoundError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { decodeCursor, toPage, type Page } from '../platform/pagination.ts';
import { notificationKind } from './model.ts';
import { notifications } from './schema.ts';

/*
 * SQL of the notifications inbox. Every function takes the organisation id first (the sender's claim
 * takes it optionally: the sweeper works across organisations) and a person only ever reaches their
 * own rows, so another person's or organisation's notification behaves exactly like a missing one.
 */

export type NotificationRow = typeof notifications.$inferSelect;

export interface NotificationDraft {
  userId: string;
  /** A registered kind, `<room>.<what>`. */
  kind: string;
  /** Web path it opens, e.g. `/cases/<id>`. */
  link: string | null;
  data: Record<string, unknown>;
}

/**
 * Writes one notification per draft (duplicates of a recipient and kind in one call are kept once) in
 * the caller's transaction; e-mailed kinds wait in the outbox (email_status = pending) until
 * `deliverNotificationEmails` sends them after the commit or the sweeper does. Returns the new ids.
 */
export async function createNotifications(db: Db, orgId: string, drafts: readonly NotificationDraft[], now: Date): Promise<string[]> {
  const seen = new Set<string>();
  const unique = drafts.filter((draft) => {
    const key = `${draft.userId}\u0000${draft.kind}\u0000${draft.link ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (unique.length === 0) return [];
  const rows = await db
    .insert(notifications)
    .values(
      unique.map((draft, index) => {
        const definition = notificationKind(draft.kind);
        if (!definition) throw new Error(`notification kind "${draft.kind}" is not registered`);
        return {
          orgId,
          notificationId: newId(now.getTime() + index),
          userId: draft.userId,
          kind: draft.kind,
          link: draft.link,
          data: draft.data,
          emailStatus: definition.email ? ('pending' as const) : ('none' as const),
          createdAt: now,
        };
      }),
    )
    .returning({ id: notifications.notificationId });
  return rows.map((row) => row.id);
}

/** A person's notifications in one organisation, newest first. */
export async function listNotifications(
  db: Db,
  orgId: string,
  userId: string,
  options: { unreadOnly: boolean; limit: number; cursor?: string | undefined },
): Promise<Page<NotificationRow>> {
  const before = decodeCursor(options.cursor);
  const rows = await db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.orgId, orgId),
        eq(notifications.userId, userId),
        options.unreadOnly ? isNull(notifications.readAt) : undefined,
        before ? lt(notifications.notificationId, before) : undefined,
      ),
    )
    .orderBy(desc(notifications.notificationId))
    .limit(options.limit + 1);
  return toPage(rows, options.limit, (row) => row.notificationId);
}

export async function countUnreadNotifications(db: Db, orgId: string, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.orgId, orgId), eq(notifications.userId, userId), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}

/** Marks one of the person's own notifications read (the first read time is kept). */
export async function markNotificationRead(db: Db, orgId: string, userId: string, notificationId: string, now: Date): Promise<NotificationRow> {
  const [row] = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, ${now.toISOString()}::timestamptz)` })
    .where(and(eq(notifications.orgId, orgId), eq(notifications.userId, userId), eq(notifications.notificationId, notificationId)))
    .returning();
  if (!row) throw new NotFoundError('Notification');
  return row;
}

export async function markAllNotificationsRead(db: Db, orgId: string, userId: string, now: Date): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.orgId, orgId), eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.notificationId });
  return rows.length;
}

/** A claim older than this is taken to belong to a sender that died; the e-mail goes out again. */
const STALE_CLAIM_MS = 10 * 60_000;
export const MAX_EMAIL_ATTEMPTS = 5;

/**
 * Claims e-mails to send (pending, or claimed by a sender that died) atomically, so two server nodes
 * never send the same one. Pass ids to claim only those (right after a write); without ids the sweeper
 * claims the oldest waiting across organisations.
 */
export async function claimPendingEmails(db: Db, now: Date, options: { orgId?: string | undefined; ids?: readonly string[] | undefined; limit: number }): Promise<NotificationRow[]> {
  if (options.ids && options.ids.length === 0) return [];
  const stale = new Date(now.getTime() - STALE_CLAIM_MS);
  const waiting = or(eq(notifications.emailStatus, 'pending'), and(eq(notifications.emailStatus, 'sending'), lt(notifications.emailClaimedAt, stale)));
  const picked = db
    .select({ orgId: notifications.orgId, notificationId: notifications.notificationId })
    .from(notifications)
    .where(
      and(
        waiting,
        options.orgId ? eq(notifications.orgId, options.orgId) : undefined,
        options.ids ? inArray(notifications.notificationId, [...options.ids]) : undefined,
      ),
    )
    .orderBy(asc(notifications.notificationId))
    .limit(options.limit)
    .for('update', { skipLocked: true });
  return db
    .update(notifications)
    .set({ emailStatus: 'sending', emailClaimedAt: now, emailAttempts: sql`${notifications.emailAttempts} + 1` })
    .where(and(sql`(${notifications.orgId}, ${notifications.notificationId}) in (${picked})`, waiting))
    .returning();
}

export async function markEmailOutcome(db: Db, row: NotificationRow, sent: boolean): Promise<void> {
  const status = sent ? 'sent' : row.emailAttempts >= MAX_EMAIL_ATTEMPTS ? 'failed' : 'pending';
  await db
    .update(notifications)
    .set({ emailStatus: status })
    .where(and(eq(notifications.orgId, row.orgId), eq(notifications.notificationId, row.notificationId)));
}

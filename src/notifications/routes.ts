import { Type } from 'typebox';
import { actorOf, getOrganization, listActiveMembers, type Actor } from '../access/index.ts';
import { forbidden } from '../platform/errors.ts';
import type { HttpServer } from '../platform/http-server.ts';
import { isLocale, LOCALES, type Locale } from '../platform/locales.ts';
import { PageQuery, pageOf } from '../platform/pagination.ts';
import { Nullable, oneOf, Timestamp } from '../platform/schema-types.ts';
import type { Db } from '../platform/database.ts';
import { renderNotification } from './model.ts';
import { countUnreadNotifications, listNotifications, markAllNotificationsRead, markNotificationRead, type NotificationRow } from './store.ts';

/*
 * The one inbox's HTTP face: a signed-in person's own notifications in the organisation they act in.
 * Texts are rendered by the room that owns each kind, in the language asked for (`locale`), else the
 * person's profile language, else the organisation's.
 */

const errors = {
  400: { $ref: 'ErrorBody' },
  401: { $ref: 'ErrorBody' },
  403: { $ref: 'ErrorBody' },
  404: { $ref: 'ErrorBody' },
};

export const NotificationView = Type.Object({
  notificationId: Type.String(),
  kind: Type.String({ description: '`<room>.<what>`, e.g. recovery.case_assigned, audits.action_overdue, coaching.recognition, insights.alert' }),
  title: Type.String({ description: 'One line, in the reader’s language' }),
  body: Nullable(Type.String()),
  link: Nullable(Type.String({ description: 'The web app path it opens' })),
  data: Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true }),
  readAt: Nullable(Timestamp),
  createdAt: Timestamp,
});

const LocaleQuery = Type.Optional(oneOf(LOCALES, 'Language of titles; default: the profile’s, else the organisation’s'));

export interface NotificationRouteDeps {
  database: { db: Db };
  now: () => Date;
}

function personOf(actor: Actor): string {
  if (actor.kind !== 'user') throw forbidden('Notifications belong to people, not API keys');
  return actor.userId;
}

/** Renders rows for one reader: one query for the names the rows mention, one for the organisation. */
async function viewsOf(db: Db, orgId: string, userId: string, rows: readonly NotificationRow[], asked: Locale | undefined) {
  const wanted = new Set<string>([userId]);
  for (const row of rows) for (const field of ['byUserId', 'givenBy']) if (typeof row.data[field] === 'string') wanted.add(row.data[field] as string);
  const people = new Map((await listActiveMembers(db, orgId, { userIds: [...wanted] })).map((member) => [member.userId, member]));
  const me = people.get(userId);
  let locale: Locale | undefined = asked ?? (isLocale(me?.locale) ? me.locale : undefined);
  if (!locale) {
    const organization = await getOrganization(db, orgId);
    locale = isLocale(organization.defaultLocale) ? organization.defaultLocale : 'en';
  }
  return rows.map((row) => {
    const texts = renderNotification(row.kind, {
      locale: locale!,
      data: row.data,
      recipientName: me?.name ?? '',
      nameOf: (id) => (typeof id === 'string' ? people.get(id)?.name : undefined),
      url: row.link ?? '/',
    });
    return {
      notificationId: row.notificationId,
      kind: row.kind,
      title: texts.title,
      body: texts.body ?? null,
      link: row.link,
      data: row.data,
      readAt: row.readAt,
      createdAt: row.createdAt,
    };
  });
}

export function registerNotificationRoutes(app: HttpServer, deps: NotificationRouteDeps): void {
  const db = deps.database.db;
  const tags = ['notifications'];

  app.get('/api/v1/notifications', {
    config: { access: { permission: 'org.read' } },
    schema: {
      tags,
      summary: 'My notifications in this organisation (every room’s), newest first, with the unread count',
      querystring: Type.Object({ ...PageQuery.properties, unread: Type.Optional(Type.Boolean({ default: false })), locale: LocaleQuery }, { additionalProperties: false }),
      response: { 200: Type.Object({ ...pageOf(NotificationView).properties, unreadCount: Type.Integer() }), ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const userId = personOf(actor);
    const page = await listNotifications(db, actor.orgId, userId, { unreadOnly: request.query.unread ?? false, limit: request.query.limit ?? 50, cursor: request.query.cursor });
    return {
      items: await viewsOf(db, actor.orgId, userId, page.items, request.query.locale),
      nextCursor: page.nextCursor,
      unreadCount: await countUnreadNotifications(db, actor.orgId, userId),
    };
  });

  app.get('/api/v1/notifications/unread-count', {
    config: { access: { permission: 'org.read' } },
    schema: { tags, summary: 'How many of my notifications are unread (for the bell)', response: { 200: Type.Object({ unreadCount: Type.Integer() }), ...errors } },
  }, async (request) => {
    const actor = actorOf(request);
    return { unreadCount: await countUnreadNotifications(db, actor.orgId, personOf(actor)) };
  });

  app.post('/api/v1/notifications/:notificationId/read', {
    config: { access: { permission: 'org.read' } },
    schema: {
      tags,
      summary: 'Mark one of my notifications read',
      params: Type.Object({ notificationId: Type.String({ minLength: 1, maxLength: 64 }) }),
      querystring: Type.Object({ locale: LocaleQuery }, { additionalProperties: false }),
      response: { 200: NotificationView, ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const userId = personOf(actor);
    const row = await markNotificationRead(db, actor.orgId, userId, request.params.notificationId, deps.now());
    return (await viewsOf(db, actor.orgId, userId, [row], request.query.locale))[0]!;
  });

  app.post('/api/v1/notifications/read-all', {
    config: { access: { permission: 'org.read' } },
    schema: { tags, summary: 'Mark all my notifications in this organisation read', response: { 200: Type.Object({ marked: Type.Integer() }), ...errors } },
  }, async (request) => {
    const actor = actorOf(request);
    return { marked: await markAllNotificationsRead(db, actor.orgId, personOf(actor), deps.now()) };
  });
}

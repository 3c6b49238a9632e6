import { Type } from 'typebox';
import type { Database } from '../platform/database.ts';
import { forbidden, NotFoundError } from '../platform/errors.ts';
import type { HttpServer } from '../platform/http-server.ts';
import { isLocale, type Locale } from '../platform/locales.ts';
import type { Mailer } from '../platform/mail.ts';
import { PageQuery, pageOf } from '../platform/pagination.ts';
import { roleNames, serverMessages } from '../platform/server-messages.ts';
import { actorOf, userIdOf } from './guard.ts';
import { INVITATION_VALID_DAYS, type Actor } from './model.ts';
import {
  ApiKeyView,
  Email,
  Id,
  InvitationView,
  LevelSchema,
  LocaleSchema,
  LocationView,
  MemberView,
  OptionalText,
  OrganizationView,
  PersonName,
  RoleSchema,
  ScopeSchema,
  Timezone,
} from './schemas.ts';
import {
  archiveLocation,
  createApiKey,
  createInvitation,
  createLocation,
  getLocation,
  getOrganization,
  listApiKeys,
  listLocationSubtreeIds,
  listLocations,
  listMembers,
  listPendingInvitations,
  revokeApiKey,
  revokeInvitation,
  updateLocation,
  updateMember,
  updateOrganization,
} from './store.ts';

export interface AccessRouteDeps {
  database: Database;
  mailer: Mailer;
  publicUrl: string;
  now: () => Date;
}

const errors = {
  400: { $ref: 'ErrorBody' },
  401: { $ref: 'ErrorBody' },
  403: { $ref: 'ErrorBody' },
  404: { $ref: 'ErrorBody' },
  409: { $ref: 'ErrorBody' },
};

/**
 * A member limited to a location subtree sees and touches only that subtree; everyone else sees the
 * whole organisation (undefined = no limit).
 */
async function visibleLocationIds(database: Database, actor: Actor): Promise<string[] | undefined> {
  if (actor.kind !== 'user' || actor.locationScope === null) return undefined;
  return listLocationSubtreeIds(database.db, actor.orgId, actor.locationScope);
}

async function assertLocationVisible(database: Database, actor: Actor, locationId: string): Promise<void> {
  const visible = await visibleLocationIds(database, actor);
  if (visible && !visible.includes(locationId)) throw new NotFoundError('Location');
}

export function registerAccessRoutes(app: HttpServer, deps: AccessRouteDeps): void {
  const { database } = deps;
  const db = database.db;

  // ---------- organisation ----------
  app.get('/api/v1/org', {
    config: { access: { permission: 'org.read' } },
    schema: { tags: ['organization'], summary: 'The current organisation', response: { 200: OrganizationView, ...errors } },
  }, async (request) => getOrganization(db, actorOf(request).orgId));

  app.patch('/api/v1/org', {
    config: { access: { permission: 'org.update' } },
    schema: {
      tags: ['organization'],
      summary: 'Rename the organisation or change its default language and time zone',
      body: Type.Object({ name: Type.Optional(PersonName), defaultLocale: Type.Optional(LocaleSchema), timezone: Type.Optional(Timezone) }, { additionalProperties: false }),
      response: { 200: OrganizationView, ...errors },
    },
  }, async (request) => updateOrganization(db, actorOf(request).orgId, request.body));

  // ---------- locations ----------
  app.get('/api/v1/locations', {
    config: { access: { permission: 'locations.read' } },
    schema: {
      tags: ['locations'],
      summary: 'List locations (regions, cities, outlets), oldest first',
      querystring: Type.Object({ ...PageQuery.properties, includeArchived: Type.Optional(Type.Boolean({ default: false })) }, { additionalProperties: false }),
      response: { 200: pageOf(LocationView), ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const within = await visibleLocationIds(database, actor);
    return listLocations(db, actor.orgId, {
      limit: request.query.limit ?? 50,
      ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
      includeArchived: request.query.includeArchived ?? false,
      ...(within ? { within } : {}),
    });
  });

  app.post('/api/v1/locations', {
    config: { access: { permission: 'locations.write' } },
    schema: {
      tags: ['locations'],
      summary: 'Create a location; the time zone defaults to the organisation’s',
      body: Type.Object(
        {
          name: PersonName,
          level: LevelSchema,
          parentId: Type.Optional(Type.Union([Id, Type.Null()])),
          kind: OptionalText(60),
          code: OptionalText(60),
          timezone: Type.Optional(Timezone),
          address: OptionalText(500),
        },
        { additionalProperties: false },
      ),
      response: { 201: LocationView, ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    if (request.body.parentId) await assertLocationVisible(database, actor, request.body.parentId);
    return reply.code(201).send(await createLocation(db, actor.orgId, request.body));
  });

  const LocationParams = Type.Object({ locationId: Id });

  app.get('/api/v1/locations/:locationId', {
    config: { access: { permission: 'locations.read' } },
    schema: { tags: ['locations'], summary: 'One location', params: LocationParams, response: { 200: LocationView, ...errors } },
  }, async (request) => {
    const actor = actorOf(request);
    await assertLocationVisible(database, actor, request.params.locationId);
    return getLocation(db, actor.orgId, request.params.locationId);
  });

  app.patch('/api/v1/locations/:locationId', {
    config: { access: { permission: 'locations.write' } },
    schema: {
      tags: ['locations'],
      summary: 'Edit a location; a new parentId moves it (null = top level)',
      params: LocationParams,
      body: Type.Object(
        {
          name: Type.Optional(PersonName),
          parentId: Type.Optional(Type.Union([Id, Type.Null()])),
          kind: OptionalText(60),
          code: OptionalText(60),
          timezone: Type.Optional(Timezone),
          address: OptionalText(500),
        },
        { additionalProperties: false },
      ),
      response: { 200: LocationView, ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    await assertLocationVisible(database, actor, request.params.locationId);
    if (request.body.parentId) await assertLocationVisible(database, actor, request.body.parentId);
    return updateLocation(db, actor.orgId, request.params.locationId, request.body);
  });

  app.delete('/api/v1/locations/:locationId', {
    config: { access: { permission: 'locations.write' } },
    schema: { tags: ['locations'], summary: 'Archive a location (its history stays)', params: LocationParams, response: { 204: Type.Null(), ...errors } },
  }, async (request, reply) => {
    const actor = actorOf(request);
    await assertLocationVisible(database, actor, request.params.locationId);
    await archiveLocation(db, actor.orgId, request.params.locationId);
    return reply.code(204).send(null);
  });

  // ---------- members ----------
  app.get('/api/v1/members', {
    config: { access: { permission: 'members.read' } },
    schema: { tags: ['members'], summary: 'People of the organisation with their roles', querystring: PageQuery, response: { 200: pageOf(MemberView), ...errors } },
  }, async (request) => listMembers(db, actorOf(request).orgId, { limit: request.query.limit ?? 50, ...(request.query.cursor ? { cursor: request.query.cursor } : {}) }));

  app.patch('/api/v1/members/:userId', {
    config: { access: { permission: 'members.write' } },
    schema: {
      tags: ['members'],
      summary: 'Change a member’s role or location scope, or (de)activate them',
      params: Type.Object({ userId: Id }),
      body: Type.Object(
        { role: Type.Optional(RoleSchema), locationId: Type.Optional(Type.Union([Id, Type.Null()])), active: Type.Optional(Type.Boolean()) },
        { additionalProperties: false },
      ),
      response: { 200: MemberView, ...errors },
    },
  }, async (request) => updateMember(db, actorOf(request).orgId, request.params.userId, request.body));

  // ---------- invitations ----------
  app.get('/api/v1/invitations', {
    config: { access: { permission: 'members.write' } },
    schema: { tags: ['members'], summary: 'Pending invitations', querystring: PageQuery, response: { 200: pageOf(InvitationView), ...errors } },
  }, async (request) =>
    listPendingInvitations(db, actorOf(request).orgId, { limit: request.query.limit ?? 50, now: deps.now(), ...(request.query.cursor ? { cursor: request.query.cursor } : {}) }),
  );

  app.post('/api/v1/invitations', {
    config: { access: { permission: 'members.write' } },
    schema: {
      tags: ['members'],
      summary: 'Invite a person by e-mail; the link is also returned so it can be passed on by hand',
      body: Type.Object({ email: Email, role: RoleSchema, locationId: Type.Optional(Type.Union([Id, Type.Null()])) }, { additionalProperties: false }),
      response: { 201: Type.Object({ invitation: InvitationView, inviteUrl: Type.String() }), ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    if (actor.kind !== 'user') throw forbidden('Invitations are sent by people, not API keys');
    const { invitation, token } = await createInvitation(db, actor.orgId, { ...request.body, invitedBy: userIdOf(actor), now: deps.now() });
    const organization = await getOrganization(db, actor.orgId);
    const locale: Locale = isLocale(organization.defaultLocale) ? organization.defaultLocale : 'en';
    const inviteUrl = `${deps.publicUrl}/invite?token=${encodeURIComponent(token)}`;
    const messages = serverMessages[locale];
    try {
      await deps.mailer.send({
        to: invitation.email,
        subject: messages.inviteSubject({ organization: organization.name }),
        text: messages.inviteBody({ organization: organization.name, role: roleNames[locale][invitation.role] ?? invitation.role, url: inviteUrl, days: INVITATION_VALID_DAYS }),
      });
    } catch (error) {
      // The invitation stands; the admin still has the link to pass on.
      request.log.error({ err: error }, 'invitation e-mail could not be sent');
    }
    return reply.code(201).send({ invitation, inviteUrl });
  });

  app.delete('/api/v1/invitations/:invitationId', {
    config: { access: { permission: 'members.write' } },
    schema: { tags: ['members'], summary: 'Revoke a pending invitation', params: Type.Object({ invitationId: Id }), response: { 204: Type.Null(), ...errors } },
  }, async (request, reply) => {
    await revokeInvitation(db, actorOf(request).orgId, request.params.invitationId);
    return reply.code(204).send(null);
  });

  // ---------- API keys ----------
  app.get('/api/v1/api-keys', {
    config: { access: { permission: 'api_keys.manage' } },
    schema: { tags: ['api-keys'], summary: 'API keys of the organisation (the secret itself is never shown again)', querystring: PageQuery, response: { 200: pageOf(ApiKeyView), ...errors } },
  }, async (request) => listApiKeys(db, actorOf(request).orgId, { limit: request.query.limit ?? 50, ...(request.query.cursor ? { cursor: request.query.cursor } : {}) }));

  app.post('/api/v1/api-keys', {
    config: { access: { permission: 'api_keys.manage' } },
    schema: {
      tags: ['api-keys'],
      summary: 'Create an API key; `key` is shown only in this response',
      body: Type.Object({ name: PersonName, scopes: Type.Array(ScopeSchema, { minItems: 1, maxItems: 3 }) }, { additionalProperties: false }),
      response: { 201: Type.Object({ apiKey: ApiKeyView, key: Type.String() }), ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    return reply.code(201).send(await createApiKey(db, actor.orgId, { ...request.body, createdBy: userIdOf(actor) }));
  });

  app.delete('/api/v1/api-keys/:apiKeyId', {
    config: { access: { permission: 'api_keys.manage' } },
    schema: { tags: ['api-keys'], summary: 'Revoke an API key; clients using it get 401 from now on', params: Type.Object({ apiKeyId: Id }), response: { 204: Type.Null(), ...errors } },
  }, async (request, reply) => {
    await revokeApiKey(db, actorOf(request).orgId, request.params.apiKeyId);
    return reply.code(204).send(null);
  });
}

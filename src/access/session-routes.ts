import { fromNodeHeaders } from 'better-auth/node';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Database, Db } from '../platform/database.ts';
import { AppError, badRequest, conflict, NotFoundError } from '../platform/errors.ts';
import type { HttpServer } from '../platform/http-server.ts';
import { createUserWithPassword, verifyUserPassword, type Auth } from './auth.ts';
import { sessionUserOf } from './guard.ts';
import { normaliseEmail } from './model.ts';
import { Email, LocaleSchema, MeView, NewPassword, OrganizationView, PersonName, Timezone, UserView } from './schemas.ts';
import { consumeSetupToken, isSetupNeeded, setupTokenMatches } from './setup.ts';
import {
  addMembership,
  createOrganization,
  findOpenInvitationByToken,
  findUserByEmail,
  getUser,
  listActiveMembershipsOfUser,
  markInvitationAccepted,
  updateUserProfile,
} from './store.ts';

export interface SessionRouteDeps {
  database: Database;
  auth: Auth;
  now: () => Date;
}

/**
 * Sign-in is the brute-force target: 10 attempts a minute per client address and account. Counting
 * per account too means one office behind a shared address does not lock everyone out.
 */
const SIGN_IN_LIMIT = {
  max: 10,
  timeWindow: 60_000,
  // After body parsing, so the key can include the e-mail address.
  hook: 'preHandler' as const,
  keyGenerator: (request: FastifyRequest) => {
    const email = (request.body as { email?: unknown } | undefined)?.email;
    return `${request.ip}|${typeof email === 'string' ? normaliseEmail(email) : ''}`;
  },
};
/** Other unauthenticated endpoints (set-up, resets, invitations). */
const PUBLIC_LIMIT = { max: 30, timeWindow: 60_000 };

const errors = { 400: { $ref: 'ErrorBody' }, 401: { $ref: 'ErrorBody' }, 404: { $ref: 'ErrorBody' }, 409: { $ref: 'ErrorBody' }, 429: { $ref: 'ErrorBody' } };

/** Copies better-auth's Set-Cookie headers (the session cookie) onto our reply. */
function forwardCookies(from: Response, reply: FastifyReply): void {
  for (const cookie of from.headers.getSetCookie()) reply.header('set-cookie', cookie);
}

async function signIn(auth: Auth, request: FastifyRequest, reply: FastifyReply, email: string, password: string) {
  const response = await auth.api.signInEmail({
    body: { email: normaliseEmail(email), password },
    headers: fromNodeHeaders(request.headers),
    asResponse: true,
  });
  if (!response.ok) {
    // The same answer for an unknown e-mail and a wrong password: no hint which one it was.
    throw new AppError(401, 'invalid_credentials', 'The e-mail or password is not correct');
  }
  forwardCookies(response, reply);
  const body = (await response.json()) as { user: { id: string } };
  return body.user.id;
}

function userView(user: { id: string; name: string; email: string; locale: string | null }) {
  return { id: user.id, name: user.name, email: user.email, locale: user.locale };
}

export function registerSessionRoutes(app: HttpServer, deps: SessionRouteDeps): void {
  const { database, auth } = deps;
  const db = database.db;

  app.post('/api/v1/auth/sign-in', {
    config: { access: 'public', rateLimit: SIGN_IN_LIMIT },
    schema: {
      tags: ['session'],
      summary: 'Sign in with e-mail and password; sets the session cookie',
      body: Type.Object({ email: Email, password: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ user: UserView }), ...errors },
    },
  }, async (request, reply) => {
    const userId = await signIn(auth, request, reply, request.body.email, request.body.password);
    return { user: userView(await getUser(db, userId)) };
  });

  app.post('/api/v1/auth/sign-out', {
    config: { access: 'public', rateLimit: PUBLIC_LIMIT },
    schema: { tags: ['session'], summary: 'End the current session', response: { 204: Type.Null() } },
  }, async (request, reply) => {
    const response = await auth.api.signOut({ headers: fromNodeHeaders(request.headers), asResponse: true });
    forwardCookies(response, reply);
    return reply.code(204).send(null);
  });

  app.post('/api/v1/auth/password-reset-requests', {
    config: { access: 'public', rateLimit: { max: 5, timeWindow: 60_000 } },
    schema: {
      tags: ['session'],
      summary: 'E-mail a password-reset link (always answers 202, whether the address is known or not)',
      body: Type.Object({ email: Email }, { additionalProperties: false }),
      response: { 202: Type.Object({ status: Type.Literal('accepted') }), ...errors },
    },
  }, async (request, reply) => {
    try {
      await auth.api.requestPasswordReset({ body: { email: normaliseEmail(request.body.email) } });
    } catch (error) {
      request.log.warn({ err: error }, 'password reset request failed');
    }
    return reply.code(202).send({ status: 'accepted' as const });
  });

  app.post('/api/v1/auth/password-resets', {
    config: { access: 'public', rateLimit: PUBLIC_LIMIT },
    schema: {
      tags: ['session'],
      summary: 'Set a new password with the token from the reset e-mail',
      body: Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }), newPassword: NewPassword }, { additionalProperties: false }),
      response: { 204: Type.Null(), ...errors },
    },
  }, async (request, reply) => {
    const response = await auth.api.resetPassword({ body: request.body, asResponse: true });
    if (!response.ok) throw badRequest('token', 'This reset link is invalid or has expired; ask for a new one');
    return reply.code(204).send(null);
  });

  app.get('/api/v1/setup', {
    config: { access: 'public', rateLimit: PUBLIC_LIMIT },
    schema: { tags: ['session'], summary: 'Whether the first-run set-up is still open', response: { 200: Type.Object({ needed: Type.Boolean() }) } },
  }, async () => ({ needed: await isSetupNeeded(db) }));

  app.post('/api/v1/setup', {
    config: { access: 'public', rateLimit: PUBLIC_LIMIT },
    schema: {
      tags: ['session'],
      summary: 'First run: create the first organisation and its administrator with the one-time link token',
      body: Type.Object(
        { token: Type.String({ minLength: 1, maxLength: 200 }), organizationName: PersonName, name: PersonName, email: Email, password: NewPassword, locale: Type.Optional(LocaleSchema) },
        { additionalProperties: false },
      ),
      response: { 201: Type.Object({ user: UserView, organization: OrganizationView }), ...errors },
    },
  }, async (request, reply) => {
    const body = request.body;
    if (!(await isSetupNeeded(db))) throw conflict('This installation is already set up; sign in instead');
    if (!(await setupTokenMatches(db, body.token))) throw badRequest('token', 'The set-up link is not valid; use the newest link the server printed');
    // The person first, then organisation + membership in one transaction: a failure can never leave an
    // organisation without its administrator (which would close the set-up for good).
    const existing = await findUserByEmail(db, body.email);
    const user = existing ?? (await createUserWithPassword(auth, { email: normaliseEmail(body.email), name: body.name, password: body.password, locale: body.locale ?? null }));
    const organization = await db.transaction(async (tx) => {
      const created = await createOrganization(tx as unknown as Db, { name: body.organizationName, defaultLocale: body.locale ?? 'en' });
      await addMembership(tx as unknown as Db, created.orgId, { userId: user.id, role: 'admin' });
      return created;
    });
    await consumeSetupToken(db);
    await signIn(auth, request, reply, body.email, body.password);
    return reply.code(201).send({ user: userView(await getUser(db, user.id)), organization });
  });

  app.get('/api/v1/invitations/by-token/:token', {
    config: { access: 'public', rateLimit: PUBLIC_LIMIT },
    schema: {
      tags: ['session'],
      summary: 'What an invitation link offers',
      params: Type.Object({ token: Type.String({ maxLength: 200 }) }),
      response: {
        200: Type.Object({ email: Type.String(), orgId: Type.String(), organizationName: Type.String(), role: Type.String(), userExists: Type.Boolean() }),
        ...errors,
      },
    },
  }, async (request) => {
    const found = await findOpenInvitationByToken(db, request.params.token, deps.now());
    if (!found) throw new NotFoundError('Invitation');
    const existing = await findUserByEmail(db, found.invitation.email);
    return { email: found.invitation.email, orgId: found.invitation.orgId, organizationName: found.organizationName, role: found.invitation.role, userExists: existing !== undefined };
  });

  app.post('/api/v1/invitations/accept', {
    config: { access: 'public', rateLimit: PUBLIC_LIMIT },
    schema: {
      tags: ['session'],
      summary: 'Accept an invitation: a new person sets name and password, an existing one confirms with their password',
      body: Type.Object(
        { token: Type.String({ minLength: 1, maxLength: 200 }), name: Type.Optional(PersonName), password: Type.String({ minLength: 1, maxLength: 256 }) },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ user: UserView, orgId: Type.String({ description: 'The organisation just joined' }) }), ...errors },
    },
  }, async (request, reply) => {
    const { token, name, password } = request.body;
    const found = await findOpenInvitationByToken(db, token, deps.now());
    if (!found) throw new NotFoundError('Invitation');
    const { invitation } = found;
    let user = await findUserByEmail(db, invitation.email);
    if (user) {
      if (!(await verifyUserPassword(auth, user.id, password))) {
        throw new AppError(401, 'invalid_credentials', 'The password is not correct');
      }
    } else {
      if (!name) throw badRequest('name', 'name is required for a new account');
      if (password.length < 8) throw badRequest('password', 'password must have at least 8 characters');
      const created = await createUserWithPassword(auth, { email: invitation.email, name, password });
      user = await getUser(db, created.id);
    }
    if (!(await markInvitationAccepted(db, invitation.orgId, invitation.invitationId, deps.now()))) {
      throw new NotFoundError('Invitation');
    }
    await addMembership(db, invitation.orgId, { userId: user.id, role: invitation.role, locationId: invitation.locationId });
    await signIn(auth, request, reply, invitation.email, password);
    return { user: userView(user), orgId: invitation.orgId };
  });

  app.get('/api/v1/me', {
    config: { access: 'session' },
    schema: { tags: ['session'], summary: 'The signed-in person and the organisations they belong to', response: { 200: MeView, ...errors } },
  }, async (request) => meOf(database, sessionUserOf(request).id));

  app.patch('/api/v1/me', {
    config: { access: 'session' },
    schema: {
      tags: ['session'],
      summary: 'Change your name or interface language',
      body: Type.Object({ name: Type.Optional(PersonName), locale: Type.Optional(Type.Union([LocaleSchema, Type.Null()])) }, { additionalProperties: false }),
      response: { 200: MeView, ...errors },
    },
  }, async (request) => {
    const userId = sessionUserOf(request).id;
    await updateUserProfile(db, userId, request.body);
    return meOf(database, userId);
  });

  app.post('/api/v1/orgs', {
    config: { access: 'session' },
    schema: {
      tags: ['session'],
      summary: 'Create an organisation; you become its administrator',
      body: Type.Object(
        { name: PersonName, defaultLocale: Type.Optional(LocaleSchema), timezone: Type.Optional(Timezone) },
        { additionalProperties: false },
      ),
      response: { 201: OrganizationView, ...errors },
    },
  }, async (request, reply) => {
    const organization = await createOrganization(db, request.body);
    await addMembership(db, organization.orgId, { userId: sessionUserOf(request).id, role: 'admin' });
    return reply.code(201).send(organization);
  });
}

async function meOf(database: Database, userId: string) {
  const user = await getUser(database.db, userId);
  return { user: userView(user), memberships: await listActiveMembershipsOfUser(database.db, userId) };
}

import { fromNodeHeaders } from 'better-auth/node';
import type { FastifyRequest } from 'fastify';
import type { Database } from '../platform/database.ts';
import { AppError, forbidden, NotFoundError, unauthorized } from '../platform/errors.ts';
import type { HttpServer } from '../platform/http-server.ts';
import type { Auth } from './auth.ts';
import { actorCan, API_KEY_PREFIX, type Actor, type Permission } from './model.ts';
import { API_KEY_TOUCH_INTERVAL_MS, findActiveApiKeyBySecretCached, listActiveMembershipsOfUser, touchApiKey } from './store.ts';

/**
 * How a route is reached. Every `/api/v1` route must declare one; a route without it fails at start-up,
 * so an unguarded endpoint cannot slip in.
 * - `public`: anyone (rate-limited separately);
 * - `session`: a signed-in person, no organisation needed (their profile, creating an organisation);
 * - `{ permission }`: an actor of an organisation (person or API key) allowed to do `permission`.
 */
export type RouteAccess = 'public' | 'session' | { permission: Permission };

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  locale: string | null;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    actor?: Actor;
    sessionUser?: SessionUser;
  }
}

export const ORG_HEADER = 'x-org-id';

export function installTenantGuard(app: HttpServer, deps: { database: Database; auth: Auth; now: () => Date }): void {
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/v1/') && route.url !== '/api/v1/openapi.json' && !route.config?.access) {
      throw new Error(`Route ${route.method} ${route.url} declares no access rule`);
    }
  });

  // Before validation: a caller without credentials learns nothing about a route's schema.
  app.addHook('preValidation', async (request) => {
    const access = request.routeOptions.config.access;
    if (!access || access === 'public') return;
    const bearer = readBearer(request);
    if (bearer !== undefined) {
      if (access === 'session') throw forbidden('This endpoint is for signed-in people, not API keys');
      request.actor = await resolveApiKeyActor(deps, bearer);
    } else {
      assertSameOrigin(request);
      const user = await resolveSessionUser(deps.auth, request);
      request.sessionUser = user;
      if (access === 'session') return;
      request.actor = await resolveMemberActor(deps.database, user.id, headerValue(request, ORG_HEADER));
    }
    if (!actorCan(request.actor, access.permission)) throw forbidden();
  });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence for cookie-authenticated writes. The session cookie is SameSite=Lax already; on top,
 * a browser always sends Origin with a cross-site write, so a write whose Origin names another site
 * is refused. Requests without Origin come from non-browser clients, which a page cannot forge.
 */
function assertSameOrigin(request: FastifyRequest): void {
  if (SAFE_METHODS.has(request.method)) return;
  const origin = headerValue(request, 'origin');
  if (!origin) return;
  const forwardedHost = headerValue(request, 'x-forwarded-host');
  const host = forwardedHost ?? headerValue(request, 'host');
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw forbidden('The request came from another site');
  }
  if (originHost !== host) throw new AppError(403, 'cross_site_request', 'The request came from another site');
}

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readBearer(request: FastifyRequest): string | undefined {
  const header = headerValue(request, 'authorization');
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new AppError(401, 'unauthorized', 'Authorization must be "Bearer <API key>"');
  return match[1];
}

async function resolveApiKeyActor(deps: { database: Database; now: () => Date }, key: string): Promise<Actor> {
  const now = deps.now();
  const row = key.startsWith(API_KEY_PREFIX) ? await findActiveApiKeyBySecretCached(deps.database.db, key) : undefined;
  if (!row) throw new AppError(401, 'invalid_api_key', 'The API key is unknown or has been revoked');
  // The row (read now or cached) says whether a minute has passed: skip the write's round trip when
  // not (the store re-checks in SQL, so two servers racing still write at most about once a minute).
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= API_KEY_TOUCH_INTERVAL_MS) {
    row.lastUsedAt = now;
    await touchApiKey(deps.database.db, row.orgId, row.apiKeyId, now);
  }
  return { kind: 'api_key', orgId: row.orgId, apiKeyId: row.apiKeyId, scopes: row.scopes };
}

export async function findSessionUser(auth: Auth, request: FastifyRequest): Promise<SessionUser | undefined> {
  const session = await auth.api.getSession({ headers: fromNodeHeaders(request.headers) });
  if (!session) return undefined;
  const user = session.user as typeof session.user & { locale?: string | null };
  return { id: user.id, name: user.name, email: user.email, locale: user.locale ?? null };
}

async function resolveSessionUser(auth: Auth, request: FastifyRequest): Promise<SessionUser> {
  const user = await findSessionUser(auth, request);
  if (!user) throw unauthorized('Your session has ended; sign in again');
  return user;
}

/**
 * The organisation a signed-in person acts in: the one named by X-Org-Id, else their first. An
 * organisation they do not belong to answers 404, exactly like one that does not exist.
 */
async function resolveMemberActor(database: Database, userId: string, requestedOrgId: string | undefined): Promise<Actor> {
  const memberships = await listActiveMembershipsOfUser(database.db, userId);
  const membership = requestedOrgId ? memberships.find((m) => m.orgId === requestedOrgId) : memberships[0];
  if (!membership) {
    if (requestedOrgId) throw new NotFoundError('Organization');
    throw new AppError(403, 'no_organization', 'You are not an active member of any organisation');
  }
  return { kind: 'user', orgId: membership.orgId, userId, role: membership.role, locationScope: membership.locationId };
}

export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new Error('actorOf() on a route without an organisation access rule');
  return request.actor;
}

export function sessionUserOf(request: FastifyRequest): SessionUser {
  if (!request.sessionUser) throw unauthorized();
  return request.sessionUser;
}

/** The person behind an actor, for "created by" columns; API keys have none. */
export function userIdOf(actor: Actor): string | null {
  return actor.kind === 'user' ? actor.userId : null;
}

import { and, asc, eq, gt, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/database.ts';
import { badRequest, conflict, NotFoundError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { forgetOrganizationReferences } from '../platform/org-reference-cache.ts';
import { decodeCursor, toPage, type Page } from '../platform/pagination.ts';
import {
  INVITATION_VALID_DAYS,
  generateApiKey,
  generateLinkToken,
  isValidTimezone,
  normaliseEmail,
  parentLevelAllowed,
  sha256Hex,
  type ApiKeyScope,
  type LocationLevel,
  type Role,
} from './model.ts';
import { apiKeys, authUsers, invitations, locations, memberships, organizations } from './schema.ts';

/*
 * SQL of the access room. Every function takes the organisation id first and filters by it, so a
 * row of another organisation behaves exactly like a missing one (the tenant guard's promise).
 */

export type Organization = typeof organizations.$inferSelect;
export type Location = typeof locations.$inferSelect;
export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type InvitationRow = typeof invitations.$inferSelect;

// ---------- organisations ----------

export async function createOrganization(
  db: Db,
  input: { name: string; defaultLocale?: string; timezone?: string },
): Promise<Organization> {
  const timezone = input.timezone ?? 'UTC';
  if (!isValidTimezone(timezone)) throw badRequest('timezone', `"${timezone}" is not an IANA time zone such as Europe/Budapest`);
  const [row] = await db
    .insert(organizations)
    .values({ orgId: newId(), name: input.name.trim(), defaultLocale: input.defaultLocale ?? 'en', timezone })
    .returning();
  return row!;
}

export async function getOrganization(db: Db, orgId: string): Promise<Organization> {
  const [row] = await db.select().from(organizations).where(eq(organizations.orgId, orgId));
  if (!row) throw new NotFoundError('Organization');
  return row;
}

export async function updateOrganization(
  db: Db,
  orgId: string,
  patch: { name?: string; defaultLocale?: string; timezone?: string },
): Promise<Organization> {
  if (patch.timezone !== undefined && !isValidTimezone(patch.timezone)) {
    throw badRequest('timezone', `"${patch.timezone}" is not an IANA time zone such as Europe/Budapest`);
  }
  const [row] = await db
    .update(organizations)
    .set({ ...patch, ...(patch.name ? { name: patch.name.trim() } : {}), updatedAt: new Date() })
    .where(eq(organizations.orgId, orgId))
    .returning();
  if (!row) throw new NotFoundError('Organization');
  return row;
}

export async function countOrganizations(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(organizations);
  return row?.n ?? 0;
}

// ---------- locations ----------

export interface LocationInput {
  name: string;
  level: LocationLevel;
  parentId?: string | null;
  kind?: string | null;
  code?: string | null;
  timezone?: string;
  address?: string | null;
}

export async function findLocation(db: Db, orgId: string, locationId: string): Promise<Location | undefined> {
  const [row] = await db
    .select()
    .from(locations)
    .where(and(eq(locations.orgId, orgId), eq(locations.locationId, locationId)));
  return row;
}

export async function getLocation(db: Db, orgId: string, locationId: string): Promise<Location> {
  const row = await findLocation(db, orgId, locationId);
  if (!row) throw new NotFoundError('Location');
  return row;
}

async function checkParent(db: Db, orgId: string, level: LocationLevel, parentId: string | null | undefined): Promise<void> {
  if (parentId === null || parentId === undefined) return;
  const parent = await findLocation(db, orgId, parentId);
  if (!parent || parent.archivedAt) throw badRequest('parentId', 'parentId does not name an active location of this organisation');
  if (!parentLevelAllowed(level, parent.level)) {
    throw badRequest('parentId', `a ${level} cannot be placed inside a ${parent.level}`);
  }
}

/** Optional short texts: blank means "none", stored as NULL (so two blank codes never clash). */
function blankToNull(value: string | null | undefined): string | null | undefined {
  return typeof value === 'string' && value.trim() === '' ? null : value?.trim() ?? value;
}

function normaliseLocationText<T extends { kind?: string | null; code?: string | null; address?: string | null }>(input: T): T {
  const out = { ...input };
  for (const key of ['kind', 'code', 'address'] as const) {
    if (key in out) out[key] = blankToNull(out[key]) as T[typeof key];
  }
  return out;
}

export async function createLocation(db: Db, orgId: string, rawInput: LocationInput): Promise<Location> {
  const input = normaliseLocationText(rawInput);
  const organization = await getOrganization(db, orgId);
  const timezone = input.timezone ?? organization.timezone;
  if (!isValidTimezone(timezone)) throw badRequest('timezone', `"${timezone}" is not an IANA time zone such as Asia/Shanghai`);
  await checkParent(db, orgId, input.level, input.parentId);
  await assertCodeFree(db, orgId, input.code, undefined);
  const [row] = await db
    .insert(locations)
    .values({
      orgId,
      locationId: newId(),
      parentId: input.parentId ?? null,
      level: input.level,
      kind: input.kind ?? null,
      name: input.name.trim(),
      code: input.code ?? null,
      timezone,
      address: input.address ?? null,
    })
    .returning();
  // Readers remember subtrees and the number of locations for a moment (insights routes).
  forgetOrganizationReferences(orgId);
  return row!;
}

async function assertCodeFree(db: Db, orgId: string, code: string | null | undefined, exceptId: string | undefined) {
  if (!code) return;
  const [clash] = await db
    .select({ locationId: locations.locationId })
    .from(locations)
    .where(and(eq(locations.orgId, orgId), eq(locations.code, code)));
  if (clash && clash.locationId !== exceptId) throw conflict(`another location already has the code "${code}"`, 'code');
}

/** How many locations the organisation has, archived ones included (they stay in the tree). */
export async function countLocations(db: Db, orgId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(locations).where(eq(locations.orgId, orgId));
  return row?.n ?? 0;
}

/** Ids of a location and everything below it (recursive walk of the tree). */
export async function listLocationSubtreeIds(db: Db, orgId: string, rootId: string): Promise<string[]> {
  const result = await db.execute(sql`
    with recursive subtree as (
      select location_id from locations where org_id = ${orgId} and location_id = ${rootId}
      union all
      select l.location_id from locations l join subtree s on l.parent_id = s.location_id where l.org_id = ${orgId}
    )
    select location_id from subtree`);
  return rowsOf<{ location_id: string }>(result).map((row) => row.location_id);
}

/** A location and its ancestors, from the top of the tree down (empty when it does not exist). */
export async function listLocationAncestry(db: Db, orgId: string, locationId: string): Promise<string[]> {
  const result = await db.execute(sql`
    with recursive chain as (
      select location_id, parent_id, 0 as depth from locations where org_id = ${orgId} and location_id = ${locationId}
      union all
      select l.location_id, l.parent_id, c.depth + 1 from locations l join chain c on l.location_id = c.parent_id
      where l.org_id = ${orgId} and c.depth < 100
    )
    select location_id from chain order by depth desc`);
  return rowsOf<{ location_id: string }>(result).map((row) => row.location_id);
}

export async function updateLocation(
  db: Db,
  orgId: string,
  locationId: string,
  rawPatch: Partial<Omit<LocationInput, 'level'>>,
): Promise<Location> {
  const patch = normaliseLocationText(rawPatch);
  const current = await getLocation(db, orgId, locationId);
  if (patch.timezone !== undefined && !isValidTimezone(patch.timezone)) {
    throw badRequest('timezone', `"${patch.timezone}" is not an IANA time zone such as Asia/Shanghai`);
  }
  if (patch.parentId !== undefined && patch.parentId !== current.parentId) {
    if (patch.parentId !== null) {
      const below = await listLocationSubtreeIds(db, orgId, locationId);
      if (below.includes(patch.parentId)) {
        throw badRequest('parentId', 'a location cannot be moved inside itself or one of its own children');
      }
    }
    await checkParent(db, orgId, current.level, patch.parentId);
  }
  await assertCodeFree(db, orgId, patch.code, locationId);
  const [row] = await db
    .update(locations)
    .set({ ...patch, ...(patch.name ? { name: patch.name.trim() } : {}), updatedAt: new Date() })
    .where(and(eq(locations.orgId, orgId), eq(locations.locationId, locationId)))
    .returning();
  // Ingest remembers location ids by code for a moment; a code may have changed.
  forgetOrganizationReferences(orgId);
  return row!;
}

/** Archived, not deleted: later feedback, cases and audits still point at it. */
export async function archiveLocation(db: Db, orgId: string, locationId: string): Promise<void> {
  await getLocation(db, orgId, locationId);
  const [child] = await db
    .select({ locationId: locations.locationId })
    .from(locations)
    .where(and(eq(locations.orgId, orgId), eq(locations.parentId, locationId), isNull(locations.archivedAt)))
    .limit(1);
  if (child) throw conflict('archive or move the locations inside this one first');
  await db
    .update(locations)
    .set({ archivedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(locations.orgId, orgId), eq(locations.locationId, locationId)));
}

export async function listLocations(
  db: Db,
  orgId: string,
  options: { limit: number; cursor?: string; includeArchived?: boolean; within?: string[] },
): Promise<Page<Location>> {
  const after = decodeCursor(options.cursor);
  const conditions: SQL[] = [eq(locations.orgId, orgId)];
  if (after) conditions.push(gt(locations.locationId, after));
  if (!options.includeArchived) conditions.push(isNull(locations.archivedAt));
  if (options.within) {
    if (options.within.length === 0) return { items: [], nextCursor: null };
    conditions.push(sql`${locations.locationId} in (${sql.join(options.within.map((id) => sql`${id}`), sql`, `)})`);
  }
  const rows = await db
    .select()
    .from(locations)
    .where(and(...conditions))
    .orderBy(asc(locations.locationId))
    .limit(options.limit + 1);
  return toPage(rows, options.limit, (row) => row.locationId);
}

// ---------- memberships ----------

export interface Member {
  userId: string;
  name: string;
  email: string;
  role: Role;
  locationId: string | null;
  active: boolean;
  createdAt: Date;
}

const memberColumns = {
  userId: memberships.userId,
  name: authUsers.name,
  email: authUsers.email,
  role: memberships.role,
  locationId: memberships.locationId,
  deactivatedAt: memberships.deactivatedAt,
  createdAt: memberships.createdAt,
};

function toMember(row: { deactivatedAt: Date | null } & Omit<Member, 'active'>): Member {
  const { deactivatedAt, ...rest } = row;
  return { ...rest, active: deactivatedAt === null };
}

export async function addMembership(
  db: Db,
  orgId: string,
  input: { userId: string; role: Role; locationId?: string | null },
): Promise<void> {
  if (input.locationId) await requireActiveLocation(db, orgId, input.locationId);
  await db
    .insert(memberships)
    .values({ orgId, userId: input.userId, role: input.role, locationId: input.locationId ?? null })
    .onConflictDoUpdate({
      target: [memberships.orgId, memberships.userId],
      set: { role: input.role, locationId: input.locationId ?? null, deactivatedAt: null, updatedAt: new Date() },
    });
}

async function requireActiveLocation(db: Db, orgId: string, locationId: string) {
  const location = await findLocation(db, orgId, locationId);
  if (!location || location.archivedAt) throw badRequest('locationId', 'locationId does not name an active location of this organisation');
}

export async function findMember(db: Db, orgId: string, userId: string): Promise<Member | undefined> {
  const [row] = await db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(authUsers, eq(authUsers.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  return row ? toMember(row) : undefined;
}

export async function getMember(db: Db, orgId: string, userId: string): Promise<Member> {
  const member = await findMember(db, orgId, userId);
  if (!member) throw new NotFoundError('Member');
  return member;
}

export async function listMembers(db: Db, orgId: string, options: { limit: number; cursor?: string }): Promise<Page<Member>> {
  const after = decodeCursor(options.cursor);
  const rows = await db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(authUsers, eq(authUsers.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), after ? gt(memberships.userId, after) : undefined))
    .orderBy(asc(memberships.userId))
    .limit(options.limit + 1);
  return toPage(rows.map(toMember), options.limit, (member) => member.userId);
}

export async function updateMember(
  db: Db,
  orgId: string,
  userId: string,
  patch: { role?: Role; locationId?: string | null; active?: boolean },
): Promise<Member> {
  const current = await getMember(db, orgId, userId);
  if (patch.locationId) await requireActiveLocation(db, orgId, patch.locationId);
  const losesAdmin =
    current.role === 'admin' && current.active && ((patch.role !== undefined && patch.role !== 'admin') || patch.active === false);
  if (losesAdmin && (await countActiveAdmins(db, orgId)) <= 1) {
    throw conflict('an organisation needs at least one active administrator', patch.active === false ? 'active' : 'role');
  }
  await db
    .update(memberships)
    .set({
      ...(patch.role !== undefined ? { role: patch.role } : {}),
      ...(patch.locationId !== undefined ? { locationId: patch.locationId } : {}),
      ...(patch.active !== undefined ? { deactivatedAt: patch.active ? null : new Date() } : {}),
      updatedAt: new Date(),
    })
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  return getMember(db, orgId, userId);
}

async function countActiveAdmins(db: Db, orgId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, 'admin'), isNull(memberships.deactivatedAt)));
  return row?.n ?? 0;
}

/** The organisations a person may act in (deactivated memberships excluded). */
export async function listActiveMembershipsOfUser(db: Db, userId: string) {
  return db
    .select({
      orgId: memberships.orgId,
      organizationName: organizations.name,
      role: memberships.role,
      locationId: memberships.locationId,
    })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.orgId, memberships.orgId))
    .where(and(eq(memberships.userId, userId), isNull(memberships.deactivatedAt)))
    .orderBy(asc(memberships.createdAt), asc(memberships.orgId));
}

export async function findUserByEmail(db: Db, email: string) {
  const [row] = await db.select().from(authUsers).where(eq(authUsers.email, normaliseEmail(email)));
  return row;
}

export async function getUser(db: Db, userId: string) {
  const [row] = await db.select().from(authUsers).where(eq(authUsers.id, userId));
  if (!row) throw new NotFoundError('User');
  return row;
}

export async function updateUserProfile(db: Db, userId: string, patch: { name?: string; locale?: string | null }) {
  await db
    .update(authUsers)
    .set({ ...patch, ...(patch.name ? { name: patch.name.trim() } : {}), updatedAt: new Date() })
    .where(eq(authUsers.id, userId));
  return getUser(db, userId);
}

/** An active member with what other rooms need to notify them. */
export interface ActiveMember {
  userId: string;
  name: string;
  email: string;
  locale: string | null;
  role: Role;
  locationId: string | null;
  createdAt: Date;
}

/**
 * Active members picked by user id and/or by the location their scope is rooted at (`null` among the
 * scopes = members of the whole organisation). Other rooms use it to find who is responsible for a
 * location and whom to notify, without reading the access tables themselves.
 */
export async function listActiveMembers(
  db: Db,
  orgId: string,
  filter: { userIds?: readonly string[]; scopes?: readonly (string | null)[] },
): Promise<ActiveMember[]> {
  const userIds = filter.userIds ?? [];
  const scopeIds = (filter.scopes ?? []).filter((scope): scope is string => scope !== null);
  const wholeOrg = (filter.scopes ?? []).includes(null);
  const picks: SQL[] = [];
  if (userIds.length > 0) picks.push(inArray(memberships.userId, [...userIds]));
  if (scopeIds.length > 0) picks.push(inArray(memberships.locationId, scopeIds));
  if (wholeOrg) picks.push(isNull(memberships.locationId));
  if (picks.length === 0) return [];
  return db
    .select({
      userId: memberships.userId,
      name: authUsers.name,
      email: authUsers.email,
      locale: authUsers.locale,
      role: memberships.role,
      locationId: memberships.locationId,
      createdAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(authUsers, eq(authUsers.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), isNull(memberships.deactivatedAt), or(...picks)))
    .orderBy(asc(memberships.createdAt), asc(memberships.userId));
}

// ---------- invitations ----------

export async function createInvitation(
  db: Db,
  orgId: string,
  input: { email: string; role: Role; locationId?: string | null; invitedBy: string | null; now: Date },
): Promise<{ invitation: InvitationRow; token: string }> {
  if (input.locationId) await requireActiveLocation(db, orgId, input.locationId);
  const email = normaliseEmail(input.email);
  const existingUser = await findUserByEmail(db, email);
  if (existingUser) {
    const member = await findMember(db, orgId, existingUser.id);
    if (member?.active) throw conflict(`${email} is already a member of this organisation`, 'email');
  }
  const { token, hash } = generateLinkToken();
  const [invitation] = await db
    .insert(invitations)
    .values({
      orgId,
      invitationId: newId(),
      email,
      role: input.role,
      locationId: input.locationId ?? null,
      tokenHash: hash,
      invitedBy: input.invitedBy,
      expiresAt: new Date(input.now.getTime() + INVITATION_VALID_DAYS * 86_400_000),
    })
    .returning();
  return { invitation: invitation!, token };
}

/** A usable invitation for a link token: not revoked, not accepted, not expired. */
export async function findOpenInvitationByToken(db: Db, token: string, now: Date) {
  const [row] = await db
    .select({ invitation: invitations, organizationName: organizations.name })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.orgId, invitations.orgId))
    .where(eq(invitations.tokenHash, sha256Hex(token)));
  if (!row || row.invitation.acceptedAt || row.invitation.revokedAt || row.invitation.expiresAt <= now) return undefined;
  return row;
}

export async function listPendingInvitations(db: Db, orgId: string, options: { limit: number; cursor?: string; now: Date }) {
  const after = decodeCursor(options.cursor);
  const rows = await db
    .select()
    .from(invitations)
    .where(
      and(
        eq(invitations.orgId, orgId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, options.now),
        after ? gt(invitations.invitationId, after) : undefined,
      ),
    )
    .orderBy(asc(invitations.invitationId))
    .limit(options.limit + 1);
  return toPage(rows, options.limit, (row) => row.invitationId);
}

export async function revokeInvitation(db: Db, orgId: string, invitationId: string): Promise<void> {
  const rows = await db
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(and(eq(invitations.orgId, orgId), eq(invitations.invitationId, invitationId), isNull(invitations.acceptedAt)))
    .returning({ id: invitations.invitationId });
  if (rows.length === 0) throw new NotFoundError('Invitation');
}

export async function markInvitationAccepted(db: Db, orgId: string, invitationId: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(invitations)
    .set({ acceptedAt: now })
    .where(and(eq(invitations.orgId, orgId), eq(invitations.invitationId, invitationId), isNull(invitations.acceptedAt)))
    .returning({ id: invitations.invitationId });
  return rows.length === 1;
}

// ---------- API keys ----------

export async function createApiKey(
  db: Db,
  orgId: string,
  input: { name: string; scopes: ApiKeyScope[]; createdBy: string | null },
): Promise<{ apiKey: ApiKeyRow; key: string }> {
  await getOrganization(db, orgId);
  const scopes = [...new Set(input.scopes)];
  if (scopes.length === 0) throw badRequest('scopes', 'choose at least one scope: ingest, read or admin');
  const { key, prefix, hash } = generateApiKey();
  const [apiKey] = await db
    .insert(apiKeys)
    .values({ orgId, apiKeyId: newId(), name: input.name.trim(), prefix, keyHash: hash, scopes, createdBy: input.createdBy })
    .returning();
  return { apiKey: apiKey!, key };
}

export async function listApiKeys(db: Db, orgId: string, options: { limit: number; cursor?: string }): Promise<Page<ApiKeyRow>> {
  const after = decodeCursor(options.cursor);
  const rows = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.orgId, orgId), after ? gt(apiKeys.apiKeyId, after) : undefined))
    .orderBy(asc(apiKeys.apiKeyId))
    .limit(options.limit + 1);
  return toPage(rows, options.limit, (row) => row.apiKeyId);
}

export async function revokeApiKey(db: Db, orgId: string, apiKeyId: string): Promise<void> {
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` })
    .where(and(eq(apiKeys.orgId, orgId), eq(apiKeys.apiKeyId, apiKeyId)))
    .returning({ id: apiKeys.apiKeyId });
  forgetCachedApiKey(apiKeyId);
  if (rows.length === 0) throw new NotFoundError('API key');
}

// ---------- the API key cache of this process ----------

/**
 * Every API request authenticates by its key; a busy ingest client would otherwise spend one query
 * of each request on it. Active keys are remembered in this process for API_KEY_CACHE_MS. A revoke
 * through this process forgets the key at once (and a lookup that raced with it is not cached); in
 * a deployment of several processes, another process keeps accepting a revoked key for at most
 * API_KEY_CACHE_MS. Unknown and revoked keys are never cached.
 */
export const API_KEY_CACHE_MS = 10_000;
const API_KEY_CACHE_MAX = 10_000;
const apiKeyCache = new Map<string, { row: ApiKeyRow; until: number }>();
let apiKeyRevocations = 0;

function forgetCachedApiKey(apiKeyId: string): void {
  apiKeyRevocations += 1;
  for (const [hash, entry] of apiKeyCache) if (entry.row.apiKeyId === apiKeyId) apiKeyCache.delete(hash);
}

/**
 * findActiveApiKeyBySecret through the cache above (the row is shared: read-only except lastUsedAt).
 * The cache runs on the process's real clock, not on an injected `now`.
 */
export async function findActiveApiKeyBySecretCached(db: Db, key: string): Promise<ApiKeyRow | undefined> {
  const now = performance.now();
  const hash = sha256Hex(key);
  const cached = apiKeyCache.get(hash);
  if (cached && cached.until > now) return cached.row;
  if (cached) apiKeyCache.delete(hash);
  const revocationsBefore = apiKeyRevocations;
  const row = await findActiveApiKeyBySecret(db, key);
  if (row && revocationsBefore === apiKeyRevocations) {
    if (apiKeyCache.size >= API_KEY_CACHE_MAX) apiKeyCache.delete(apiKeyCache.keys().next().value!);
    apiKeyCache.set(hash, { row, until: now + API_KEY_CACHE_MS });
  }
  return row;
}

/** The active key with this secret, or undefined (unknown or revoked). */
export async function findActiveApiKeyBySecret(db: Db, key: string): Promise<ApiKeyRow | undefined> {
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, sha256Hex(key)), isNull(apiKeys.revokedAt)));
  return row;
}

/** How often an API key's `last_used_at` is written at most (ms). */
export const API_KEY_TOUCH_INTERVAL_MS = 60_000;

/**
 * Records use, at most once a minute per key, so a busy ingest client does not turn every request
 * into a write.
 */
export async function touchApiKey(db: Db, orgId: string, apiKeyId: string, now: Date): Promise<void> {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(
      and(
        eq(apiKeys.orgId, orgId),
        eq(apiKeys.apiKeyId, apiKeyId),
        sql`(${apiKeys.lastUsedAt} is null or ${apiKeys.lastUsedAt} < ${new Date(now.getTime() - API_KEY_TOUCH_INTERVAL_MS)})`,
      ),
    );
}

function rowsOf<T>(result: unknown): T[] {
  // PGlite's and node-pg's drivers both return `{ rows }` from execute().
  return (result as { rows: T[] }).rows;
}

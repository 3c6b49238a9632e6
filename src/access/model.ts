import { createHash, randomBytes } from 'node:crypto';
import { API_KEY_SCOPES, ROLES } from './schema.ts';

export { API_KEY_SCOPES, ROLES };
export type Role = (typeof ROLES)[number];
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
export type LocationLevel = 'region' | 'city' | 'outlet';

/** Who is making a request, resolved by the tenant guard before any route runs. */
export type Actor =
  | { kind: 'user'; orgId: string; userId: string; role: Role; locationScope: string | null }
  | { kind: 'api_key'; orgId: string; apiKeyId: string; scopes: ApiKeyScope[] };

/**
 * Every permission a route can ask for. Reads are split from writes so a `read` API key and a
 * `viewer` can see settings without changing them.
 */
export const PERMISSIONS = [
  'org.read',
  'org.update',
  'locations.read',
  'locations.write',
  'members.read',
  'members.write',
  'api_keys.manage',
  'ingest',
  'journeys.read',
  /** Central blueprints: create, edit drafts, publish. */
  'journeys.write',
  /** Outlet/region overrides of a published blueprint (limited to the member's location subtree). */
  'journeys.override',
  /** Surveys: read definitions and versions, anonymous links. */
  'surveys.read',
  /** Surveys: create, edit drafts, publish, manage anonymous links. */
  'surveys.write',
  /** Issue personal survey invitation links (people, and machine clients that send their own messages). */
  'surveys.invite',
  /** Read and export responses and interactions (limited to the member's location subtree). */
  'responses.read',
  /** Audits: checklists, runs, results, compliance trends, corrective and improvement actions (location subtree). */
  'audits.read',
  /** Fill in and submit audit runs (self-inspections, walk-throughs), upload evidence photos. */
  'audits.perform',
  /** Checklists (drafts, publishing), schedules, creating and cancelling runs, mystery-shopper links. */
  'audits.manage',
  /** Corrective actions (owner, due date, done) and improvement actions (plan → do → check → act). */
  'actions.manage',
  /** Cases: agents see their own and their team queue, managers their location subtree, central roles all. */
  'cases.read',
  /** Open a case: log a complaint received at the counter, by phone or e-mail, or send one by API. */
  'cases.open',
  /** Work cases: accept, record the playbook steps, notes, transfers, escalation, follow-up, close. */
  'cases.work',
  /** Manage the cases of one's subtree: approve compensation, work anyone's case there. */
  'cases.manage',
  /** Recovery rules, SLA policy, holiday calendar and compensation approval limits. */
  'recovery.settings',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const EVERYONE: Permission[] = ['org.read', 'locations.read', 'journeys.read', 'surveys.read'];

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  cx_manager: [...EVERYONE, 'locations.write', 'members.read', 'ingest', 'journeys.write', 'journeys.override', 'surveys.write', 'surveys.invite', 'responses.read', 'audits.read', 'audits.perform', 'audits.manage', 'actions.manage', 'cases.read', 'cases.open', 'cases.work', 'cases.manage', 'recovery.settings'],
  outlet_manager: [...EVERYONE, 'ingest', 'journeys.override', 'surveys.invite', 'responses.read', 'audits.read', 'audits.perform', 'actions.manage', 'cases.read', 'cases.open', 'cases.work', 'cases.manage'],
  // Frontline staff do not browse customers' answers; their managers do. They run self-inspections.
  agent: [...EVERYONE, 'ingest', 'audits.read', 'audits.perform', 'cases.read', 'cases.open', 'cases.work'],
  auditor: [...EVERYONE, 'responses.read', 'audits.read', 'audits.perform', 'audits.manage', 'cases.read'],
  viewer: [...EVERYONE, 'responses.read', 'audits.read', 'cases.read'],
};

const SCOPE_PERMISSIONS: Record<ApiKeyScope, readonly Permission[]> = {
  read: ['org.read', 'locations.read', 'members.read', 'journeys.read', 'surveys.read', 'responses.read', 'audits.read', 'cases.read'],
  // Systems that send interactions usually send their own messages too, so they may ask for links.
  ingest: ['ingest', 'surveys.invite', 'cases.open'],
  admin: PERMISSIONS,
};

export function actorCan(actor: Actor, permission: Permission): boolean {
  if (actor.kind === 'user') return ROLE_PERMISSIONS[actor.role].includes(permission);
  return actor.scopes.some((scope) => SCOPE_PERMISSIONS[scope].includes(permission));
}

/** Which level a location's parent may have: regions nest, cities sit in regions, outlets anywhere above. */
const ALLOWED_PARENT_LEVELS: Record<LocationLevel, readonly LocationLevel[]> = {
  region: ['region'],
  city: ['region'],
  outlet: ['region', 'city'],
};

export function parentLevelAllowed(level: LocationLevel, parentLevel: LocationLevel): boolean {
  return ALLOWED_PARENT_LEVELS[level].includes(parentLevel);
}

export function isValidTimezone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

/** Tokens in links and API keys are stored only as this hash. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export const API_KEY_PREFIX = 'km_';

/** A new API key: 160 random bits, base64url, recognisable by its `km_` prefix. */
export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const key = API_KEY_PREFIX + randomBytes(20).toString('base64url');
  return { key, prefix: key.slice(0, 10), hash: sha256Hex(key) };
}

/** A one-time token for e-mailed links (invitations, first-run set-up): 256 random bits. */
export function generateLinkToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: sha256Hex(token) };
}

export const INVITATION_VALID_DAYS = 7;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

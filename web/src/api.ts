/**
 * The one HTTP client of the web app: every call to the Keymoment API goes through `api()`.
 * It sends the selected organisation as `X-Org-Id`, turns the server's error shape into an
 * `ApiError`, and sends the browser to the sign-in page when the session is gone.
 */

const ORG_STORAGE_KEY = 'keymoment.orgId';

export type Role = 'admin' | 'cx_manager' | 'outlet_manager' | 'agent' | 'auditor' | 'viewer';
export const ROLES: readonly Role[] = ['admin', 'cx_manager', 'outlet_manager', 'agent', 'auditor', 'viewer'];

export type Scope = 'ingest' | 'read' | 'admin';
export const SCOPES: readonly Scope[] = ['ingest', 'read', 'admin'];

export type LocationLevel = 'region' | 'city' | 'outlet';
export const LOCATION_LEVELS: readonly LocationLevel[] = ['region', 'city', 'outlet'];

export interface User {
  id: string;
  name: string;
  email: string;
  locale: string | null;
}

export interface Membership {
  orgId: string;
  organizationName: string;
  role: Role;
  locationId: string | null;
}

export interface Me {
  user: User;
  memberships: Membership[];
}

export interface Organization {
  orgId: string;
  name: string;
  defaultLocale: string;
  timezone: string;
  createdAt: string;
}

export interface Location {
  locationId: string;
  parentId: string | null;
  level: LocationLevel;
  kind: string | null;
  name: string;
  code: string | null;
  timezone: string;
  address: string | null;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Member {
  userId: string;
  name: string;
  email: string;
  role: Role;
  locationId: string | null;
  active: boolean;
  createdAt: string;
}

export interface Invitation {
  invitationId: string;
  email: string;
  role: Role;
  locationId: string | null;
  expiresAt: string;
  createdAt: string;
}

export interface InvitationPreview {
  email: string;
  organizationName: string;
  role: Role;
  userExists: boolean;
}

export interface ApiKey {
  apiKeyId: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** An answer of the server outside 2xx, or a request that never reached it (`status` 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

export function getStoredOrgId(): string | null {
  return localStorage.getItem(ORG_STORAGE_KEY);
}

export function storeOrgId(orgId: string | null): void {
  if (orgId) localStorage.setItem(ORG_STORAGE_KEY, orgId);
  else localStorage.removeItem(ORG_STORAGE_KEY);
}

/** The path the user should come back to after signing in, or null when it is not a safe local path. */
export function safeNextPath(next: string | null): string | null {
  // Only same-origin paths: "//host" and "/\host" would let a crafted link send the user elsewhere.
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  // Coming back to the sign-in page itself would only ask for the password again.
  if (next === '/sign-in' || next.startsWith('/sign-in?')) return null;
  return next;
}

let redirecting = false;

function redirectToSignIn(): void {
  const here = window.location.pathname + window.location.search;
  if (redirecting || window.location.pathname === '/sign-in') return;
  redirecting = true;
  // A full page load (not a client-side navigation) drops every cached answer of the old session.
  window.location.assign(`/sign-in?next=${encodeURIComponent(here)}`);
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | boolean | null | undefined>;
  /** Extra request headers, e.g. `If-Match` for optimistic concurrency on drafts. */
  headers?: Record<string, string>;
  /**
   * Sign-in and invitation acceptance answer 401 for a wrong password: those callers show the
   * error themselves instead of being sent to the sign-in page.
   */
  redirectOn401?: boolean;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, query, redirectOn401 = true, headers: extraHeaders } = options;
  const url = new URL(`/api/v1${path}`, window.location.origin);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
  }

  // <html lang> always holds the interface language; the server uses it for anything it words itself.
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': document.documentElement.lang || 'en',
    ...extraHeaders,
  };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const orgId = getStoredOrgId();
  if (orgId) headers['X-Org-Id'] = orgId;

  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network_error', 'network_error');
  }

  if (response.status === 401 && redirectOn401) redirectToSignIn();
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

async function toApiError(response: Response): Promise<ApiError> {
  try {
    const payload = (await response.json()) as {
      error?: { code?: string; message?: string; field?: string; requestId?: string };
    };
    const error = payload.error ?? {};
    return new ApiError(
      response.status,
      error.code ?? 'http_error',
      error.message ?? response.statusText,
      error.field,
      error.requestId,
    );
  } catch {
    return new ApiError(response.status, 'http_error', response.statusText);
  }
}

/** Reads every page of a cursor-paginated list; for views (such as a tree) that need the whole set. */
export async function fetchAllPages<T>(
  path: string,
  query: RequestOptions['query'] = {},
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await api<Page<T>>(path, { query: { ...query, limit: 500, cursor } });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

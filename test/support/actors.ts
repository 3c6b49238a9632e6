import type { LightMyRequestResponse } from 'fastify';
import { addMembership, createOrganization, createUserWithPassword, type Role } from '../../src/access/index.ts';
import type { Keymoment } from '../../src/main.ts';

export const PASSWORD = 'correct horse battery staple';

/** The session cookie from a response, ready for a `cookie` request header. */
export function cookieOf(response: LightMyRequestResponse): string {
  const cookies = response.cookies.filter((c) => c.name.includes('session'));
  if (cookies.length === 0) throw new Error(`no session cookie in response ${response.statusCode}: ${response.body}`);
  return cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

export async function signIn(km: Keymoment, email: string, password = PASSWORD): Promise<string> {
  const response = await km.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password } });
  if (response.statusCode !== 200) throw new Error(`sign-in failed ${response.statusCode}: ${response.body}`);
  return cookieOf(response);
}

export interface TestMember {
  orgId: string;
  userId: string;
  email: string;
  cookie: string;
  /** Headers of a request in this member's organisation. */
  headers: Record<string, string>;
}

let counter = 0;

/** A new organisation with one member of the given role, signed in. */
export async function createOrgWithMember(km: Keymoment, role: Role = 'admin', orgName = 'Org'): Promise<TestMember> {
  const organization = await createOrganization(km.database.db, { name: `${orgName} ${++counter}` });
  return addSignedInMember(km, organization.orgId, role);
}

export async function addSignedInMember(km: Keymoment, orgId: string, role: Role, locationId: string | null = null): Promise<TestMember> {
  const email = `person${++counter}-${role}@example.com`;
  const user = await createUserWithPassword(km.auth, { email, name: `Person ${counter}`, password: PASSWORD });
  await addMembership(km.database.db, orgId, { userId: user.id, role, locationId });
  const cookie = await signIn(km, email);
  return { orgId, userId: user.id, email, cookie, headers: { cookie, 'x-org-id': orgId } };
}

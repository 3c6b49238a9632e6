import { sql } from 'drizzle-orm';
import { listLocationAncestry } from '../access/index.ts';
import type { Db } from '../platform/database.ts';

/*
 * Who to give an action to and who to tell when it is late. These read the access room's
 * `memberships` table by plain SQL because access/index.ts has no "managers of a location" query yet;
 * they belong there (and should move once it has one). Read-only, always filtered by org_id.
 */

interface MemberRow {
  user_id: string;
  role: string;
  location_id: string | null;
}

function rowsOf<T>(result: unknown): T[] {
  // PGlite's and node-pg's drivers both return `{ rows }` from execute().
  return (result as { rows: T[] }).rows;
}

async function activeMembersWithRoles(db: Db, orgId: string, roles: string[]): Promise<MemberRow[]> {
  const result = await db.execute(sql`
    select user_id, role, location_id from memberships
    where org_id = ${orgId} and deactivated_at is null and role in (${sql.join(roles.map((role) => sql`${role}`), sql`, `)})
    order by created_at, user_id`);
  return rowsOf<MemberRow>(result);
}

export async function isActiveMember(db: Db, orgId: string, userId: string): Promise<boolean> {
  const result = await db.execute(sql`select 1 as one from memberships where org_id = ${orgId} and user_id = ${userId} and deactivated_at is null`);
  return rowsOf(result).length > 0;
}

/**
 * The default owner of a corrective action: the outlet manager of the outlet itself, else the one of
 * the nearest location above it (a city or region manager), else nobody.
 */
export async function findLocationManager(db: Db, orgId: string, locationId: string): Promise<string | undefined> {
  const chain = await listLocationAncestry(db, orgId, locationId);
  const managers = await activeMembersWithRoles(db, orgId, ['outlet_manager']);
  for (const id of [...chain].reverse()) {
    const manager = managers.find((member) => member.location_id === id);
    if (manager) return manager.user_id;
  }
  return undefined;
}

/**
 * Who hears of an overdue action besides its owner: the CX managers whose scope covers the outlet
 * (the whole organisation or a region above it), else the administrators.
 */
export async function listEscalationRecipients(db: Db, orgId: string, locationId: string): Promise<string[]> {
  const chain = new Set(await listLocationAncestry(db, orgId, locationId));
  const covers = (member: MemberRow) => member.location_id === null || chain.has(member.location_id);
  const managers = (await activeMembersWithRoles(db, orgId, ['cx_manager'])).filter(covers);
  if (managers.length > 0) return managers.map((member) => member.user_id);
  return (await activeMembersWithRoles(db, orgId, ['admin'])).filter(covers).map((member) => member.user_id);
}

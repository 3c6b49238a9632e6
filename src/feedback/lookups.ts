import { sql } from 'drizzle-orm';
import type { Db } from '../platform/database.ts';

/*
 * Look-ups in other rooms' tables that their index.ts does not offer yet, all in this one file so they
 * are easy to move: batch ingest needs them set-wise (one query for 10,000 items), where the exported
 * functions answer one key at a time. Read-only, always filtered by org_id.
 * To move: locationsByCode and locationCodesById → access/index.ts; publishedJourneyKeys →
 * journeys/index.ts.
 */

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/** The organisation's locations with these business codes (`locations.code`), by code. */
export async function locationsByCode(db: Db, orgId: string, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const result = await db.execute(sql`
    select code, location_id from locations
    where org_id = ${orgId} and code = any(${sql.param(codes)}::text[])`);
  return new Map(rowsOf<{ code: string; location_id: string }>(result).map((row) => [row.code, row.location_id]));
}

/** Business codes of these locations, for exports that people read. */
export async function locationCodesById(db: Db, orgId: string, locationIds: string[]): Promise<Map<string, string | null>> {
  if (locationIds.length === 0) return new Map();
  const result = await db.execute(sql`
    select location_id, code from locations
    where org_id = ${orgId} and location_id = any(${sql.param(locationIds)}::text[])`);
  return new Map(rowsOf<{ location_id: string; code: string | null }>(result).map((row) => [row.location_id, row.code]));
}

/** Keys of the journeys with a published version (not archived), to find a moment named without its journey. */
export async function publishedJourneyKeys(db: Db, orgId: string): Promise<string[]> {
  const result = await db.execute(sql`
    select key from journeys
    where org_id = ${orgId} and published_version is not null and archived_at is null
    order by key`);
  return rowsOf<{ key: string }>(result).map((row) => row.key);
}

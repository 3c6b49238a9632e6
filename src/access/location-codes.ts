import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../platform/database.ts';
import { locations } from './schema.ts';

/*
 * Locations by business code (`locations.code`, e.g. a shop number from the POS) and back, set-wise:
 * batch ingest resolves the codes of 10,000 items with one query, where getLocation answers one id.
 */

/** The organisation's locations with these codes: code → location id (unknown codes are absent). */
export async function findLocationIdsByCode(db: Db, orgId: string, codes: readonly string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .select({ code: locations.code, locationId: locations.locationId })
    .from(locations)
    .where(and(eq(locations.orgId, orgId), inArray(locations.code, [...codes])));
  return new Map(rows.map((row) => [row.code!, row.locationId]));
}

/** Codes of these locations (null when a location has none), for exports that people read. */
export async function findLocationCodesById(db: Db, orgId: string, locationIds: readonly string[]): Promise<Map<string, string | null>> {
  if (locationIds.length === 0) return new Map();
  const rows = await db
    .select({ code: locations.code, locationId: locations.locationId })
    .from(locations)
    .where(and(eq(locations.orgId, orgId), inArray(locations.locationId, [...locationIds])));
  return new Map(rows.map((row) => [row.locationId, row.code]));
}

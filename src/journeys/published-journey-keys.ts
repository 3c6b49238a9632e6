import { and, asc, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../platform/database.ts';
import { journeys } from './schema.ts';

/** Keys of the journeys with a published version (not archived), to find a moment named without its journey. */
export async function listPublishedJourneyKeys(db: Db, orgId: string): Promise<string[]> {
  const rows = await db
    .select({ key: journeys.key })
    .from(journeys)
    .where(and(eq(journeys.orgId, orgId), isNotNull(journeys.publishedVersion), isNull(journeys.archivedAt)))
    .orderBy(asc(journeys.key));
  return rows.map((row) => row.key);
}

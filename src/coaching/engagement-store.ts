import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, isNull, lt } from 'drizzle-orm';
import { conflict, NotFoundError } from '../platform/errors.ts';
import type { Db } from '../platform/database.ts';
import { newId } from '../platform/ids.ts';
import { decodeCursor, toPage, type Page } from '../platform/pagination.ts';
import { DEFAULT_PULSE_MINIMUM, type CustomerType, type PulseAnswer, type RubricItem, type RubricScore } from './engagement.ts';
import { coachingEngagementSettings, coachingStaff, pulseAnswers, pulseParticipation, rolePlayResults, rolePlayScenarios } from './schema.ts';

/*
 * SQL of role plays, the pulse and staff links. Every function takes the organisation first and
 * every query filters by it.
 */

export type ScenarioRow = typeof rolePlayScenarios.$inferSelect;
export type RolePlayResultRow = typeof rolePlayResults.$inferSelect;

/** A staff member of the coaching staff list (the learning half owns writing it), or undefined. */
export async function findStaffMember(db: Db, orgId: string, staffId: string): Promise<{ staffId: string; userId: string | null; name: string; locationId: string | null } | undefined> {
  const [row] = await db
    .select({ staffId: coachingStaff.staffId, userId: coachingStaff.userId, name: coachingStaff.name, locationId: coachingStaff.locationId })
    .from(coachingStaff)
    .where(and(eq(coachingStaff.orgId, orgId), eq(coachingStaff.staffId, staffId)));
  return row;
}

/** Names of staff ids (for boards and lists); unknown ids are left out. */
export async function staffNames(db: Db, orgId: string, staffIds: readonly string[]): Promise<Map<string, string>> {
  if (staffIds.length === 0) return new Map();
  const rows = await db
    .select({ staffId: coachingStaff.staffId, name: coachingStaff.name })
    .from(coachingStaff)
    .where(and(eq(coachingStaff.orgId, orgId), inArray(coachingStaff.staffId, [...staffIds])));
  return new Map(rows.map((row) => [row.staffId, row.name]));
}

/** Staff ids whose location lies in the given set (a manager's subtree). */
export async function listStaffIn(db: Db, orgId: string, locationIds: readonly string[]): Promise<string[]> {
  if (locationIds.length === 0) return [];
  const rows = await db
    .select({ staffId: coachingStaff.staffId })
    .from(coachingStaff)
    .where(and(eq(coachingStaff.orgId, orgId), inArray(coachingStaff.locationId, [...locationIds])));
  return rows.map((row) => row.staffId);
}

// ——— Settings ———

export async function loadEngagementSettings(db: Db, orgId: string): Promise<{ pulseMinimumGroup: number }> {
  const [row] = await db.select().from(coachingEngagementSettings).where(eq(coachingEngagementSettings.orgId, orgId));
  return { pulseMinimumGroup: row?.pulseMinimumGroup ?? DEFAULT_PULSE_MINIMUM };
}

export async function saveEngagementSettings(db: Db, orgId: string, settings: { pulseMinimumGroup: number }, now: Date): Promise<void> {
  await db
    .insert(coachingEngagementSettings)
    .values({ orgId, pulseMinimumGroup: settings.pulseMinimumGroup, updatedAt: now })
    .onConflictDoUpdate({ target: coachingEngagementSettings.orgId, set: { pulseMinimumGroup: settings.pulseMinimumGroup, updatedAt: now } });
}

// ——— Role plays ———

export interface NewScenario {
  journeyKey: string;
  momentKey: string;
  customerType: CustomerType;
  title: string;
  situation: string;
  goodAnswer: string;
  rubric: RubricItem[];
}

export async function insertScenario(db: Db, orgId: string, scenario: NewScenario, createdBy: string | null, now: Date): Promise<ScenarioRow> {
  const [row] = await db
    .insert(rolePlayScenarios)
    .values({ orgId, scenarioId: newId(now.getTime()), ...scenario, createdBy, createdAt: now })
    .returning();
  return row!;
}

export async function getScenario(db: Db, orgId: string, scenarioId: string): Promise<ScenarioRow> {
  const [row] = await db.select().from(rolePlayScenarios).where(and(eq(rolePlayScenarios.orgId, orgId), eq(rolePlayScenarios.scenarioId, scenarioId)));
  if (!row) throw new NotFoundError('Scenario');
  return row;
}

export async function archiveScenario(db: Db, orgId: string, scenarioId: string, now: Date): Promise<void> {
  const updated = await db
    .update(rolePlayScenarios)
    .set({ archivedAt: now })
    .where(and(eq(rolePlayScenarios.orgId, orgId), eq(rolePlayScenarios.scenarioId, scenarioId)))
    .returning({ id: rolePlayScenarios.scenarioId });
  if (updated.length === 0) throw new NotFoundError('Scenario');
}

export async function listScenarios(
  db: Db,
  orgId: string,
  filter: { journeyKey?: string | undefined; momentKey?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<Page<ScenarioRow>> {
  const after = decodeCursor(filter.cursor);
  const rows = await db
    .select()
    .from(rolePlayScenarios)
    .where(
      and(
        eq(rolePlayScenarios.orgId, orgId),
        isNull(rolePlayScenarios.archivedAt),
        filter.journeyKey ? eq(rolePlayScenarios.journeyKey, filter.journeyKey) : undefined,
        filter.momentKey ? eq(rolePlayScenarios.momentKey, filter.momentKey) : undefined,
        after ? lt(rolePlayScenarios.scenarioId, after) : undefined,
      ),
    )
    .orderBy(desc(rolePlayScenarios.scenarioId))
    .limit(filter.limit + 1);
  return toPage(rows, filter.limit, (row) => row.scenarioId);
}

export async function insertRolePlayResult(
  db: Db,
  orgId: string,
  result: { scenarioId: string; staffId: string; scoredBy: string; scores: RubricScore[]; percent: number; note: string | null },
  now: Date,
): Promise<RolePlayResultRow> {
  const [row] = await db
    .insert(rolePlayResults)
    .values({ orgId, resultId: newId(now.getTime()), ...result, createdAt: now })
    .returning();
  return row!;
}

export type RolePlayResultWithScenario = RolePlayResultRow & { journeyKey: string; momentKey: string; customerType: CustomerType; scenarioTitle: string };

export async function listRolePlayResults(
  db: Db,
  orgId: string,
  filter: { staffId?: string | undefined; scenarioId?: string | undefined; staffIds?: string[] | undefined; limit: number; cursor?: string | undefined },
): Promise<Page<RolePlayResultWithScenario>> {
  if (filter.staffIds && filter.staffIds.length === 0) return { items: [], nextCursor: null };
  const after = decodeCursor(filter.cursor);
  const rows = await db
    .select({
      result: rolePlayResults,
      journeyKey: rolePlayScenarios.journeyKey,
      momentKey: rolePlayScenarios.momentKey,
      customerType: rolePlayScenarios.customerType,
      scenarioTitle: rolePlayScenarios.title,
    })
    .from(rolePlayResults)
    .innerJoin(rolePlayScenarios, and(eq(rolePlayScenarios.orgId, rolePlayResults.orgId), eq(rolePlayScenarios.scenarioId, rolePlayResults.scenarioId)))
    .where(
      and(
        eq(rolePlayResults.orgId, orgId),
        filter.staffId ? eq(rolePlayResults.staffId, filter.staffId) : undefined,
        filter.staffIds ? inArray(rolePlayResults.staffId, filter.staffIds) : undefined,
        filter.scenarioId ? eq(rolePlayResults.scenarioId, filter.scenarioId) : undefined,
        after ? lt(rolePlayResults.resultId, after) : undefined,
      ),
    )
    .orderBy(desc(rolePlayResults.resultId))
    .limit(filter.limit + 1);
  const flat = rows.map((row) => ({ ...row.result, journeyKey: row.journeyKey, momentKey: row.momentKey, customerType: row.customerType, scenarioTitle: row.scenarioTitle }));
  return toPage(flat, filter.limit, (row) => row.resultId);
}

// ——— Pulse ———

/**
 * Records one anonymous answer: the participation row (who, which period) and the answer row (what,
 * where) in one transaction, with nothing that joins them. A second answer in a period is refused.
 */
export async function recordPulseAnswer(db: Db, orgId: string, userId: string, period: string, locationId: string, answer: PulseAnswer): Promise<void> {
  await db.transaction(async (tx) => {
    const claimed = await tx.insert(pulseParticipation).values({ orgId, period, userId }).onConflictDoNothing().returning({ userId: pulseParticipation.userId });
    if (claimed.length === 0) throw conflict(`You have already answered the pulse of ${period}`, 'period');
    // A random id, not a time-ordered one: ordering answers must not line them up with participation.
    await tx.insert(pulseAnswers).values({ orgId, answerId: randomUUID(), locationId, period, ...answer });
  });
}

export async function hasAnsweredPulse(db: Db, orgId: string, userId: string, period: string): Promise<boolean> {
  const rows = await db
    .select({ userId: pulseParticipation.userId })
    .from(pulseParticipation)
    .where(and(eq(pulseParticipation.orgId, orgId), eq(pulseParticipation.period, period), eq(pulseParticipation.userId, userId)));
  return rows.length > 0;
}

export async function loadPulseAnswers(db: Db, orgId: string, period: string, locationIds: readonly string[]): Promise<(PulseAnswer & { locationId: string })[]> {
  if (locationIds.length === 0) return [];
  return db
    .select({ locationId: pulseAnswers.locationId, enps: pulseAnswers.enps, tools: pulseAnswers.tools, training: pulseAnswers.training, recognition: pulseAnswers.recognition })
    .from(pulseAnswers)
    .where(and(eq(pulseAnswers.orgId, orgId), eq(pulseAnswers.period, period), inArray(pulseAnswers.locationId, [...locationIds])));
}

/** The staff id linked to a member's sign-in, if any. */
export async function findStaffIdOfUser(db: Db, orgId: string, userId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ staffId: coachingStaff.staffId })
    .from(coachingStaff)
    .where(and(eq(coachingStaff.orgId, orgId), eq(coachingStaff.userId, userId)));
  return row?.staffId;
}

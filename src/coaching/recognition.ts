import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { getOrganization, listLocationAncestry } from '../access/index.ts';
import type { ResponseRow, ResponsesRecordedPart } from '../feedback/index.ts';
import { findCommentAnalyses, hasComment } from '../insights/index.ts';
import type { Database, Db } from '../platform/database.ts';
import { newId } from '../platform/ids.ts';
import { monthOf, type RecognitionKind } from './engagement.ts';
import { staffNames } from './engagement-store.ts';
import { RECOGNITION_NOTIFICATION_KIND } from './notification-kinds.ts';
import { complimentCandidates, recognitions } from './schema.ts';
import { createNotifications } from '../notifications/index.ts';

/*
 * Recognition: compliments (a customer's positive comment on a response that names a staff member)
 * and praise (a manager's note). Either reaches the staff member and their manager through the shared
 * notifications inbox (in the app and by e-mail) and counts on the outlet's monthly board.
 *
 * Compliments are found in two steps because comment sentiment is analysed later, in the insights
 * room's job: the ingest listener keeps responses with a staff id and a comment as candidates; the
 * sweep takes the candidates whose analysis is done, turns the positive ones into compliments and
 * drops the rest.
 */

export type RecognitionRow = typeof recognitions.$inferSelect;

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/**
 * onResponsesRecorded listener: part of the statement that inserts the responses (so in the ingest
 * transaction, and only for rows really inserted).
 */
export const complimentCandidateCollector: ResponsesRecordedPart = {
  statementPart(orgId, rows, now, onlyInserted) {
    const candidates = rows.filter((row) => row.staffId && hasComment(row.comment));
    if (candidates.length === 0) return undefined;
    const records = candidates.map((row) => ({
      response_id: row.responseId,
      staff_id: row.staffId,
      location_id: row.locationId,
      journey_key: row.journeyKey,
      moment_key: row.momentKey,
      comment: row.comment,
      submitted_at: row.submittedAt,
    }));
    return sql`compliment_candidates as (
      insert into coaching_compliment_candidates (org_id, response_id, staff_id, location_id, journey_key, moment_key, comment, submitted_at, created_at)
      select ${orgId}, c.response_id, c.staff_id, c.location_id, c.journey_key, c.moment_key, c.comment, c.submitted_at, ${now.toISOString()}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(records)}::jsonb)
        as c(response_id text, staff_id text, location_id text, journey_key text, moment_key text, comment text, submitted_at timestamptz)
      where ${onlyInserted(sql`c.response_id`)}
      on conflict do nothing
    )`;
  },
};

/** onResponsesDeleted listener: a deleted response is no longer a compliment (nor a candidate). */
export async function forgetDeletedCompliments(tx: Db, orgId: string, rows: readonly ResponseRow[]): Promise<void> {
  const ids = rows.map((row) => row.responseId);
  if (ids.length === 0) return;
  await tx.delete(complimentCandidates).where(and(eq(complimentCandidates.orgId, orgId), inArray(complimentCandidates.responseId, ids)));
  await tx.delete(recognitions).where(and(eq(recognitions.orgId, orgId), inArray(recognitions.responseId, ids)));
}

/** Candidates whose comment was never analysed (e.g. its analysis row was removed) are dropped after this long. */
const CANDIDATE_MAX_AGE_MS = 7 * 24 * 3600 * 1000;

/**
 * Turns analysed candidates into compliments (positive sentiment) or drops them; returns how many
 * compliments were made. Takes the oldest `limit` candidates across organisations (like the comment
 * analysis sweep); each organisation's rows are read and written with its own org_id.
 */
export async function sweepCompliments(database: Database, now: Date, limit = 200): Promise<number> {
  const db = database.db;
  const batch = await db.select().from(complimentCandidates).orderBy(asc(complimentCandidates.createdAt)).limit(limit);
  const byOrg = new Map<string, (typeof batch)[number][]>();
  for (const row of batch) byOrg.set(row.orgId, [...(byOrg.get(row.orgId) ?? []), row]);
  let made = 0;
  for (const [orgId, rows] of byOrg) {
    // Board months are the organisation's calendar months, like the pulse periods.
    const { timezone } = await getOrganization(db, orgId);
    const analyses = new Map((await findCommentAnalyses(db, orgId, rows.map((row) => row.responseId))).map((analysis) => [analysis.responseId, analysis]));
    for (const row of rows) {
      const analysis = analyses.get(row.responseId);
      const done = analysis?.analysedAt != null;
      const stale = !analysis && now.getTime() - row.createdAt.getTime() > CANDIDATE_MAX_AGE_MS;
      if (!done && !stale) continue;
      if (done && analysis.sentimentLabel === 'positive') {
        const created = await recordRecognition(db, orgId, {
          kind: 'compliment',
          staffId: row.staffId,
          locationId: row.locationId,
          month: monthOf(row.submittedAt, timezone),
          responseId: row.responseId,
          journeyKey: row.journeyKey,
          momentKey: row.momentKey,
          quote: row.comment,
          givenBy: null,
          note: null,
        }, now);
        if (created) made += 1;
      }
      await db.delete(complimentCandidates).where(and(eq(complimentCandidates.orgId, orgId), eq(complimentCandidates.responseId, row.responseId)));
    }
  }
  return made;
}

/** Runs the compliment sweep every `intervalMs` until the returned stop function is called. */
export function startComplimentSweep(deps: { database: Database; now: () => Date; logger?: Logger }, intervalMs = 15_000): () => Promise<void> {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = sweepCompliments(deps.database, deps.now())
      .catch((error: unknown) => deps.logger?.error({ err: error }, 'compliment sweep failed'))
      .finally(() => {
        running = undefined;
      });
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

export interface NewRecognition {
  kind: RecognitionKind;
  staffId: string;
  locationId: string | null;
  month: string;
  responseId: string | null;
  journeyKey: string | null;
  momentKey: string | null;
  quote: string | null;
  givenBy: string | null;
  note: string | null;
}

/**
 * Stores a recognition and notifies the staff member (when their staff id is linked to an active
 * member's sign-in) and the manager(s) of its outlet (the outlet managers of the nearest location
 * at or above it that has one). Idempotent per response: undefined when a compliment for that
 * response exists already.
 */
export async function recordRecognition(db: Db, orgId: string, recognition: NewRecognition, now: Date): Promise<RecognitionRow | undefined> {
  // Read before the transaction: PGlite has one connection, held by the transaction.
  const managers = recognition.locationId ? await managersOf(db, orgId, recognition.locationId) : [];
  const staffUser = await memberOfStaff(db, orgId, recognition.staffId);
  const staffName = (await staffNames(db, orgId, [recognition.staffId])).get(recognition.staffId) ?? null;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(recognitions)
      .values({ orgId, recognitionId: newId(now.getTime()), ...recognition, createdAt: now })
      .onConflictDoNothing()
      .returning();
    if (!row) return undefined;
    const audience = new Map<string, 'staff' | 'manager'>();
    for (const manager of managers) if (manager !== recognition.givenBy) audience.set(manager, 'manager');
    if (staffUser) audience.set(staffUser, 'staff');
    // The shared inbox (e-mailed to each in their language by its outbox); the row is new, so each
    // person is told once per recognition.
    await createNotifications(
      tx,
      orgId,
      [...audience].map(([userId, role]) => ({
        userId,
        kind: RECOGNITION_NOTIFICATION_KIND,
        link: '/coaching/recognition',
        data: {
          recognitionId: row.recognitionId,
          audience: role,
          recognitionKind: row.kind,
          staffId: row.staffId,
          staffName,
          quote: row.quote,
          note: row.note,
          givenBy: row.givenBy,
          month: row.month,
        },
      })),
      now,
    );
    return row;
  });
}

/** The active member a staff id is linked to (coaching_staff.user_id), if any. */
async function memberOfStaff(db: Db, orgId: string, staffId: string): Promise<string | undefined> {
  const result = await db.execute(sql`
    select s.user_id from coaching_staff s
    join memberships m on m.org_id = s.org_id and m.user_id = s.user_id and m.deactivated_at is null
    where s.org_id = ${orgId} and s.staff_id = ${staffId}`);
  return rowsOf<{ user_id: string }>(result)[0]?.user_id;
}

async function managersOf(db: Db, orgId: string, locationId: string): Promise<string[]> {
  const chain = await listLocationAncestry(db, orgId, locationId);
  const result = await db.execute(sql`
    select user_id, location_id from memberships
    where org_id = ${orgId} and deactivated_at is null and role = 'outlet_manager' and location_id is not null`);
  const members = rowsOf<{ user_id: string; location_id: string }>(result);
  for (const id of [...chain].reverse()) {
    const here = members.filter((member) => member.location_id === id).map((member) => member.user_id);
    if (here.length > 0) return here;
  }
  return [];
}

export interface BoardEntry {
  staffId: string;
  /** From the coaching staff list; null for a staff id it does not know. */
  name: string | null;
  compliments: number;
  praise: number;
  total: number;
  recent: RecognitionRow[];
}

/** The month's recognitions at the given locations, grouped per person, most recognised first. */
export async function recognitionBoard(db: Db, orgId: string, locationIds: readonly string[], month: string): Promise<{ entries: BoardEntry[]; total: number }> {
  if (locationIds.length === 0) return { entries: [], total: 0 };
  const rows = await db
    .select()
    .from(recognitions)
    .where(and(eq(recognitions.orgId, orgId), eq(recognitions.month, month), inArray(recognitions.locationId, [...locationIds])))
    .orderBy(desc(recognitions.recognitionId));
  const entries = new Map<string, BoardEntry>();
  for (const row of rows) {
    const entry = entries.get(row.staffId) ?? { staffId: row.staffId, name: null, compliments: 0, praise: 0, total: 0, recent: [] };
    if (row.kind === 'compliment') entry.compliments += 1;
    else entry.praise += 1;
    entry.total += 1;
    if (entry.recent.length < 5) entry.recent.push(row);
    entries.set(row.staffId, entry);
  }
  const names = await staffNames(db, orgId, [...entries.keys()]);
  for (const entry of entries.values()) entry.name = names.get(entry.staffId) ?? null;
  const sorted = [...entries.values()].sort((a, b) => b.total - a.total || b.compliments - a.compliments || a.staffId.localeCompare(b.staffId));
  return { entries: sorted, total: rows.length };
}

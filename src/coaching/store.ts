import { and, asc, desc, eq, gt, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { findJourney, getBlueprintAt, type Blueprint } from '../journeys/index.ts';
import type { Db } from '../platform/database.ts';
import { badRequest, conflict, NotFoundError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { isLocale, type Locale } from '../platform/locales.ts';
import { decodeCursor, toPage, type Page } from '../platform/pagination.ts';
import type { AuthoredQuestion, ExamSchedule, ExtraPhrase, ScoredExam } from './model.ts';
import {
  coachingAssignments,
  coachingAttempts,
  coachingCertificates,
  coachingExams,
  coachingPhrases,
  coachingQuestions,
  coachingReadReceipts,
  coachingStaff,
} from './schema.ts';
import type { TranslatableText } from '../journeys/index.ts';

/*
 * SQL of the learning half of coaching. Every function takes the organisation id first and filters
 * by it, so another organisation's rows behave exactly like missing ones.
 */

export type StaffRow = typeof coachingStaff.$inferSelect;
export type ExamRow = typeof coachingExams.$inferSelect;
export type AttemptRow = typeof coachingAttempts.$inferSelect;
export type CertificateRow = typeof coachingCertificates.$inferSelect;
export type AssignmentRow = typeof coachingAssignments.$inferSelect;

export interface PublishedJourney {
  journeyKey: string;
  name: TranslatableText;
  version: number;
  fallback: Locale;
  blueprint: Blueprint;
}

/** The latest published version of a journey, or undefined (missing, archived or never published). */
export async function findPublishedJourney(db: Db, orgId: string, journeyKey: string): Promise<PublishedJourney | undefined> {
  const journey = await findJourney(db, orgId, journeyKey);
  if (!journey || journey.publishedVersion === null || journey.archivedAt !== null) return undefined;
  const blueprint = await getBlueprintAt(db, orgId, journey, journey.publishedVersion);
  const fallback = isLocale(journey.fallbackLocale) ? journey.fallbackLocale : 'en';
  return { journeyKey, name: journey.name, version: journey.publishedVersion, fallback, blueprint };
}

export async function getPublishedJourney(db: Db, orgId: string, journeyKey: string): Promise<PublishedJourney> {
  const journey = await findPublishedJourney(db, orgId, journeyKey);
  if (!journey) throw new NotFoundError('Published journey');
  return journey;
}

// ---------- staff ----------

export interface StaffInput {
  name: string;
  userId?: string | null | undefined;
  locationId?: string | null | undefined;
  role?: string | null | undefined;
  locale: Locale;
}

export async function putStaff(db: Db, orgId: string, staffId: string, input: StaffInput, now: Date): Promise<StaffRow> {
  const values = { name: input.name, userId: input.userId ?? null, locationId: input.locationId ?? null, role: input.role ?? null, locale: input.locale, updatedAt: now };
  try {
    const [row] = await db
      .insert(coachingStaff)
      .values({ orgId, staffId, ...values, createdAt: now })
      .onConflictDoUpdate({ target: [coachingStaff.orgId, coachingStaff.staffId], set: values })
      .returning();
    return row!;
  } catch (error) {
    const code = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code;
    if (code === '23505') throw conflict('this user is already linked to another staff member', 'userId');
    if (code === '23503') throw badRequest('locationId', 'no such location');
    throw error;
  }
}

export async function listStaff(db: Db, orgId: string, filter: { locationId?: string | undefined } = {}): Promise<StaffRow[]> {
  const conditions: SQL[] = [eq(coachingStaff.orgId, orgId)];
  if (filter.locationId) conditions.push(eq(coachingStaff.locationId, filter.locationId));
  return db.select().from(coachingStaff).where(and(...conditions)).orderBy(asc(coachingStaff.staffId));
}

export async function getStaff(db: Db, orgId: string, staffId: string): Promise<StaffRow> {
  const [row] = await db.select().from(coachingStaff).where(and(eq(coachingStaff.orgId, orgId), eq(coachingStaff.staffId, staffId)));
  if (!row) throw new NotFoundError('Staff member');
  return row;
}

/** The staff record a signed-in person is linked to, if any. */
export async function findStaffOfUser(db: Db, orgId: string, userId: string): Promise<StaffRow | undefined> {
  const [row] = await db.select().from(coachingStaff).where(and(eq(coachingStaff.orgId, orgId), eq(coachingStaff.userId, userId)));
  return row;
}

// ---------- phrases ----------

export async function addPhrase(db: Db, orgId: string, input: { journeyKey: string; momentKey: string; kind: 'use' | 'avoid'; text: TranslatableText }, now: Date) {
  const [row] = await db.insert(coachingPhrases).values({ orgId, phraseId: newId(now.getTime()), ...input, createdAt: now }).returning();
  return row!;
}

export async function deletePhrase(db: Db, orgId: string, phraseId: string): Promise<void> {
  const deleted = await db.delete(coachingPhrases).where(and(eq(coachingPhrases.orgId, orgId), eq(coachingPhrases.phraseId, phraseId))).returning();
  if (deleted.length === 0) throw new NotFoundError('Phrase');
}

/** The manager's phrases of a journey's moments, by moment key, oldest first. */
export async function phrasesByMoment(db: Db, orgId: string, journeyKey: string): Promise<Map<string, (ExtraPhrase & { phraseId: string })[]>> {
  const rows = await db
    .select()
    .from(coachingPhrases)
    .where(and(eq(coachingPhrases.orgId, orgId), eq(coachingPhrases.journeyKey, journeyKey)))
    .orderBy(asc(coachingPhrases.phraseId));
  const map = new Map<string, (ExtraPhrase & { phraseId: string })[]>();
  for (const row of rows) map.set(row.momentKey, [...(map.get(row.momentKey) ?? []), { phraseId: row.phraseId, kind: row.kind, text: row.text }]);
  return map;
}

// ---------- read receipts ----------

/** "I have read it" for one moment of one published version; reading again keeps the first time. */
export async function recordRead(db: Db, orgId: string, receipt: { staffId: string; journeyKey: string; journeyVersion: number; momentKey: string }, now: Date) {
  await db.insert(coachingReadReceipts).values({ orgId, ...receipt, readAt: now }).onConflictDoNothing();
  const [row] = await db
    .select()
    .from(coachingReadReceipts)
    .where(
      and(
        eq(coachingReadReceipts.orgId, orgId),
        eq(coachingReadReceipts.staffId, receipt.staffId),
        eq(coachingReadReceipts.journeyKey, receipt.journeyKey),
        eq(coachingReadReceipts.journeyVersion, receipt.journeyVersion),
        eq(coachingReadReceipts.momentKey, receipt.momentKey),
      ),
    );
  return row!;
}

export async function listReceipts(db: Db, orgId: string, filter: { journeyKey: string; journeyVersion: number; staffIds?: readonly string[] }) {
  const conditions: SQL[] = [
    eq(coachingReadReceipts.orgId, orgId),
    eq(coachingReadReceipts.journeyKey, filter.journeyKey),
    eq(coachingReadReceipts.journeyVersion, filter.journeyVersion),
  ];
  if (filter.staffIds) {
    if (filter.staffIds.length === 0) return [];
    conditions.push(inArray(coachingReadReceipts.staffId, [...filter.staffIds]));
  }
  return db.select().from(coachingReadReceipts).where(and(...conditions));
}

// ---------- authored questions ----------

export async function addQuestion(db: Db, orgId: string, input: Omit<AuthoredQuestion, 'questionId'> & { journeyKey: string }, now: Date) {
  const [row] = await db.insert(coachingQuestions).values({ orgId, questionId: newId(now.getTime()), ...input, createdAt: now }).returning();
  return row!;
}

export async function listAuthoredQuestions(db: Db, orgId: string, journeyKey: string): Promise<AuthoredQuestion[]> {
  return db
    .select({ questionId: coachingQuestions.questionId, momentKey: coachingQuestions.momentKey, kind: coachingQuestions.kind, prompt: coachingQuestions.prompt, options: coachingQuestions.options })
    .from(coachingQuestions)
    .where(and(eq(coachingQuestions.orgId, orgId), eq(coachingQuestions.journeyKey, journeyKey)))
    .orderBy(asc(coachingQuestions.questionId));
}

/** A journey's authored questions as stored (for the managers' question bank view), oldest first. */
export async function listQuestionRows(db: Db, orgId: string, journeyKey: string) {
  return db
    .select()
    .from(coachingQuestions)
    .where(and(eq(coachingQuestions.orgId, orgId), eq(coachingQuestions.journeyKey, journeyKey)))
    .orderBy(asc(coachingQuestions.questionId));
}

/** Retires a manager's question: it leaves the bank; attempts keep their per-question results. */
export async function deleteQuestion(db: Db, orgId: string, questionId: string): Promise<void> {
  const deleted = await db.delete(coachingQuestions).where(and(eq(coachingQuestions.orgId, orgId), eq(coachingQuestions.questionId, questionId))).returning();
  if (deleted.length === 0) throw new NotFoundError('Question');
}

// ---------- exams ----------

export interface ExamInput {
  journeyKey: string;
  momentKeys: string[];
  title: TranslatableText;
  schedule: ExamSchedule;
  targetRole?: string | null | undefined;
  targetLocationId?: string | null | undefined;
  passMark: number;
  certificateMonths?: number | null | undefined;
  questionCount?: number | null | undefined;
}

function examError(error: unknown): never {
  const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  if (code === '23503') throw badRequest('targetLocationId', 'no such location');
  throw error;
}

export async function createExam(db: Db, orgId: string, input: ExamInput, now: Date): Promise<ExamRow> {
  try {
    const [row] = await db
      .insert(coachingExams)
      .values({
        orgId,
        examId: newId(now.getTime()),
        ...input,
        targetRole: input.targetRole ?? null,
        targetLocationId: input.targetLocationId ?? null,
        certificateMonths: input.certificateMonths ?? null,
        questionCount: input.questionCount ?? null,
        createdAt: now,
      })
      .returning();
    return row!;
  } catch (error) {
    examError(error);
  }
}

/** Changes an exam's definition; attempts already made keep their scores and periods. */
export async function updateExam(db: Db, orgId: string, examId: string, input: ExamInput): Promise<ExamRow> {
  try {
    const [row] = await db
      .update(coachingExams)
      .set({
        journeyKey: input.journeyKey,
        momentKeys: input.momentKeys,
        title: input.title,
        schedule: input.schedule,
        passMark: input.passMark,
        targetRole: input.targetRole ?? null,
        targetLocationId: input.targetLocationId ?? null,
        certificateMonths: input.certificateMonths ?? null,
        questionCount: input.questionCount ?? null,
      })
      .where(and(eq(coachingExams.orgId, orgId), eq(coachingExams.examId, examId)))
      .returning();
    if (!row) throw new NotFoundError('Exam');
    return row;
  } catch (error) {
    examError(error);
  }
}

export async function getExam(db: Db, orgId: string, examId: string): Promise<ExamRow> {
  const [row] = await db.select().from(coachingExams).where(and(eq(coachingExams.orgId, orgId), eq(coachingExams.examId, examId)));
  if (!row) throw new NotFoundError('Exam');
  return row;
}

export async function listExams(db: Db, orgId: string, options: { limit: number; cursor?: string | undefined; journeyKey?: string | undefined }): Promise<Page<ExamRow>> {
  const after = decodeCursor(options.cursor);
  const conditions: SQL[] = [eq(coachingExams.orgId, orgId)];
  if (after) conditions.push(gt(coachingExams.examId, after));
  if (options.journeyKey) conditions.push(eq(coachingExams.journeyKey, options.journeyKey));
  const rows = await db.select().from(coachingExams).where(and(...conditions)).orderBy(asc(coachingExams.examId)).limit(options.limit + 1);
  return toPage(rows, options.limit, (row) => row.examId);
}

/** The one re-test exam of a moment (created on first need; two jobs at once agree through the unique index). */
export async function ensureRetestExam(db: Db, orgId: string, journeyKey: string, momentKey: string, title: TranslatableText, now: Date): Promise<ExamRow> {
  await db
    .insert(coachingExams)
    .values({ orgId, examId: newId(now.getTime()), journeyKey, momentKeys: [momentKey], title, schedule: 'once', passMark: 80, retestFor: momentKey, createdAt: now })
    .onConflictDoNothing();
  const [row] = await db
    .select()
    .from(coachingExams)
    .where(and(eq(coachingExams.orgId, orgId), eq(coachingExams.journeyKey, journeyKey), eq(coachingExams.retestFor, momentKey)));
  return row!;
}

// ---------- attempts and certificates ----------

export async function recordAttempt(
  db: Db,
  orgId: string,
  input: { exam: ExamRow; staffId: string; journeyVersion: number; periodStart: string; locale: Locale; answers: Record<string, string[]>; scored: ScoredExam },
  now: Date,
): Promise<{ attempt: AttemptRow; certificate: CertificateRow | null }> {
  return db.transaction(async (tx) => {
    const [attempt] = await tx
      .insert(coachingAttempts)
      .values({
        orgId,
        attemptId: newId(now.getTime()),
        examId: input.exam.examId,
        staffId: input.staffId,
        journeyVersion: input.journeyVersion,
        periodStart: input.periodStart,
        locale: input.locale,
        answers: input.answers,
        results: input.scored.results,
        scorePercent: input.scored.scorePercent,
        passed: input.scored.passed,
        submittedAt: now,
      })
      .returning();
    let certificate: CertificateRow | null = null;
    if (input.scored.passed && input.exam.certificateMonths !== null) {
      const expiresAt = new Date(now.getTime());
      expiresAt.setUTCMonth(expiresAt.getUTCMonth() + input.exam.certificateMonths);
      [certificate] = await tx
        .insert(coachingCertificates)
        .values({
          orgId,
          certificateId: newId(now.getTime()),
          staffId: input.staffId,
          journeyKey: input.exam.journeyKey,
          journeyVersion: input.journeyVersion,
          examId: input.exam.examId,
          attemptId: attempt!.attemptId,
          issuedAt: now,
          expiresAt,
        })
        .returning() as [CertificateRow];
    }
    return { attempt: attempt!, certificate };
  });
}

export async function listAttempts(db: Db, orgId: string, filter: { staffIds?: readonly string[]; examIds?: readonly string[]; limit?: number }) {
  const conditions: SQL[] = [eq(coachingAttempts.orgId, orgId)];
  if (filter.staffIds) {
    if (filter.staffIds.length === 0) return [];
    conditions.push(inArray(coachingAttempts.staffId, [...filter.staffIds]));
  }
  if (filter.examIds) {
    if (filter.examIds.length === 0) return [];
    conditions.push(inArray(coachingAttempts.examId, [...filter.examIds]));
  }
  return db.select().from(coachingAttempts).where(and(...conditions)).orderBy(desc(coachingAttempts.attemptId)).limit(filter.limit ?? 1000);
}

export async function listCertificates(db: Db, orgId: string, filter: { staffId?: string | undefined }) {
  const conditions: SQL[] = [eq(coachingCertificates.orgId, orgId)];
  if (filter.staffId) conditions.push(eq(coachingCertificates.staffId, filter.staffId));
  return db.select().from(coachingCertificates).where(and(...conditions)).orderBy(desc(coachingCertificates.certificateId)).limit(500);
}

export async function getCertificate(db: Db, orgId: string, certificateId: string): Promise<CertificateRow & { scorePercent: number }> {
  const [row] = await db
    .select({ certificate: coachingCertificates, scorePercent: coachingAttempts.scorePercent })
    .from(coachingCertificates)
    .innerJoin(coachingAttempts, and(eq(coachingAttempts.orgId, coachingCertificates.orgId), eq(coachingAttempts.attemptId, coachingCertificates.attemptId)))
    .where(and(eq(coachingCertificates.orgId, orgId), eq(coachingCertificates.certificateId, certificateId)));
  if (!row) throw new NotFoundError('Certificate');
  return { ...row.certificate, scorePercent: row.scorePercent };
}

// ---------- training assignments ----------

export type NewAssignment = Omit<AssignmentRow, 'orgId' | 'assignmentId' | 'createdAt' | 'completedAt'>;

/** Inserts the assignment unless this staff member already has one for the moment and version. */
export async function insertAssignment(db: Db, orgId: string, input: NewAssignment, now: Date): Promise<AssignmentRow | undefined> {
  const [row] = await db
    .insert(coachingAssignments)
    .values({ orgId, assignmentId: newId(now.getTime()), ...input, createdAt: now })
    .onConflictDoNothing()
    .returning();
  return row;
}

export async function listAssignments(
  db: Db,
  orgId: string,
  filter: { staffIds?: readonly string[] | undefined; open?: boolean | undefined; journeyKey?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<Page<AssignmentRow>> {
  const after = decodeCursor(filter.cursor);
  const conditions: SQL[] = [eq(coachingAssignments.orgId, orgId)];
  if (after) conditions.push(gt(coachingAssignments.assignmentId, after));
  if (filter.staffIds) {
    if (filter.staffIds.length === 0) return { items: [], nextCursor: null };
    conditions.push(inArray(coachingAssignments.staffId, [...filter.staffIds]));
  }
  if (filter.open === true) conditions.push(isNull(coachingAssignments.completedAt));
  if (filter.open === false) conditions.push(sql`${coachingAssignments.completedAt} is not null`);
  if (filter.journeyKey) conditions.push(eq(coachingAssignments.journeyKey, filter.journeyKey));
  const rows = await db.select().from(coachingAssignments).where(and(...conditions)).orderBy(asc(coachingAssignments.assignmentId)).limit(filter.limit + 1);
  return toPage(rows, filter.limit, (row) => row.assignmentId);
}

export async function getAssignment(db: Db, orgId: string, assignmentId: string): Promise<AssignmentRow> {
  const [row] = await db.select().from(coachingAssignments).where(and(eq(coachingAssignments.orgId, orgId), eq(coachingAssignments.assignmentId, assignmentId)));
  if (!row) throw new NotFoundError('Assignment');
  return row;
}

/**
 * Completes a staff member's open assignments whose card they have read (any version since the
 * assignment's) and whose re-test they passed after it was assigned. Returns the completed ones.
 */
export async function completeAssignments(db: Db, orgId: string, staffId: string, now: Date): Promise<AssignmentRow[]> {
  return db
    .update(coachingAssignments)
    .set({ completedAt: now })
    .where(
      and(
        eq(coachingAssignments.orgId, orgId),
        eq(coachingAssignments.staffId, staffId),
        isNull(coachingAssignments.completedAt),
        sql`exists (select 1 from coaching_read_receipts r where r.org_id = ${coachingAssignments.orgId} and r.staff_id = ${coachingAssignments.staffId}
          and r.journey_key = ${coachingAssignments.journeyKey} and r.moment_key = ${coachingAssignments.momentKey} and r.journey_version >= ${coachingAssignments.journeyVersion})`,
        sql`exists (select 1 from coaching_attempts a where a.org_id = ${coachingAssignments.orgId} and a.staff_id = ${coachingAssignments.staffId}
          and a.exam_id = ${coachingAssignments.examId} and a.passed and a.submitted_at >= ${coachingAssignments.createdAt})`,
      ),
    )
    .returning();
}

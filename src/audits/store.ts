import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, gt, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { getLocation } from '../access/index.ts';
import { findEffectiveMoment, findPublishedMoment } from '../journeys/index.ts';
import type { Db } from '../platform/database.ts';
import { AppError, badRequest, conflict, NotFoundError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { findInstanceSetting, putInstanceSetting } from '../platform/instance-settings.ts';
import { isLocale, type Locale } from '../platform/locales.ts';
import { decodeCursor, toPage, type Page } from '../platform/pagination.ts';
import { MAX_EVIDENCE_PER_RUN, sha256Of, sniffImage, storageKeyFor, type EvidenceStorage } from './evidence.ts';
import {
  addDays,
  canonicalJson,
  compactAnswers,
  dueAtFor,
  errorsOf,
  findItem,
  hasText,
  itemsOf,
  localDateOf,
  nextOccurrence,
  recurrenceProblem,
  validateAnswers,
  validateDefinition,
  type Answers,
  type AnswerProblem,
  type ChecklistDefinition,
  type JourneyFacts,
  type Problem,
  type Recurrence,
  type RunKind,
  type TranslatableText,
} from './model.ts';
import { auditChecklists, auditChecklistVersions, auditEvidence, auditRuns, auditSchedules } from './schema.ts';
import { AUDIT_NOTIFICATION_PREFIX, type AuditNotificationKind } from './notification-kinds.ts';
import { createNotifications } from '../notifications/index.ts';
import { isActiveMember } from './people.ts';

/*
 * SQL of the audits room: checklists and their versions, schedules, runs and evidence. Every function
 * takes the organisation id first and filters by it, so a row of another organisation behaves exactly
 * like a missing one. Scoring a submitted run lives in results.ts, actions in actions.ts.
 */

export type ChecklistRow = typeof auditChecklists.$inferSelect;
export type ChecklistVersionRow = typeof auditChecklistVersions.$inferSelect;
export type ScheduleRow = typeof auditSchedules.$inferSelect;
export type RunRow = typeof auditRuns.$inferSelect;
export type EvidenceRow = typeof auditEvidence.$inferSelect;

export function fallbackOf(row: { fallbackLocale: string }): Locale {
  return isLocale(row.fallbackLocale) ? row.fallbackLocale : 'en';
}

/** A 400 naming the first error, saying how many there are (the draft view lists them all). */
export function refuseProblems(problems: Problem[], what: string): void {
  const errors = errorsOf(problems);
  const first = errors[0];
  if (!first) return;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
  throw new AppError(400, 'invalid_field', `${what}: ${first.message}${more}`, first.field);
}

export function answerError(problem: AnswerProblem): AppError {
  return new AppError(400, 'invalid_field', problem.message, problem.field);
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  return code === '23505';
}

function checkTexts(name: TranslatableText | undefined, description: TranslatableText | null | undefined, fallback: Locale) {
  if (name !== undefined && !hasText(name, fallback)) throw badRequest(`name.${fallback}`, `name needs a text in the fallback language ${fallback}`);
  if (description && !hasText(description, fallback)) throw badRequest(`description.${fallback}`, `description needs a text in the fallback language ${fallback}`);
}

// ---------- the shopper-link secret ----------

const LINK_SECRET_KEY = 'audit_link_secret';

/**
 * The secret that signs mystery-shopper links: made once, kept in instance_settings, so every server
 * node and every restart agree. The advisory lock makes two nodes starting at once agree on one.
 */
export async function loadOrCreateAuditLinkSecret(db: Db): Promise<string> {
  const existing = await findInstanceSetting(db, LINK_SECRET_KEY);
  if (existing) return existing;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${LINK_SECRET_KEY}))`);
    const again = await findInstanceSetting(tx, LINK_SECRET_KEY);
    if (again) return again;
    const secret = randomBytes(32).toString('base64url');
    await putInstanceSetting(tx, LINK_SECRET_KEY, secret);
    return secret;
  });
}

// ---------- checklists ----------

export interface NewChecklist {
  key: string;
  name: TranslatableText;
  description?: TranslatableText | null;
  fallbackLocale: Locale;
  templateKey?: string | null;
  definition: ChecklistDefinition;
  createdBy: string | null;
}

export async function findChecklist(db: Db, orgId: string, key: string): Promise<ChecklistRow | undefined> {
  const [row] = await db.select().from(auditChecklists).where(and(eq(auditChecklists.orgId, orgId), eq(auditChecklists.key, key)));
  return row;
}

export async function getChecklist(db: Db, orgId: string, key: string): Promise<ChecklistRow> {
  const row = await findChecklist(db, orgId, key);
  if (!row) throw new NotFoundError('Checklist');
  return row;
}

export async function getChecklistById(db: Db, orgId: string, checklistId: string): Promise<ChecklistRow> {
  const [row] = await db.select().from(auditChecklists).where(and(eq(auditChecklists.orgId, orgId), eq(auditChecklists.checklistId, checklistId)));
  if (!row) throw new NotFoundError('Checklist');
  return row;
}

/** Keys of checklists by id, for views of runs, actions and trends (which store the id). */
export async function checklistKeysOf(db: Db, orgId: string, checklistIds: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(checklistIds)];
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ checklistId: auditChecklists.checklistId, key: auditChecklists.key })
    .from(auditChecklists)
    .where(and(eq(auditChecklists.orgId, orgId), inArray(auditChecklists.checklistId, ids)));
  return new Map(rows.map((row) => [row.checklistId, row.key]));
}

async function getActiveChecklist(db: Db, orgId: string, key: string): Promise<ChecklistRow> {
  const checklist = await getChecklist(db, orgId, key);
  if (checklist.archivedAt) throw conflict(`checklist "${key}" is archived; restore it first`);
  return checklist;
}

export async function createChecklist(db: Db, orgId: string, input: NewChecklist): Promise<ChecklistRow> {
  checkTexts(input.name, input.description, input.fallbackLocale);
  if (await findChecklist(db, orgId, input.key)) throw conflict(`a checklist with the key "${input.key}" already exists`, 'key');
  try {
    const [row] = await db
      .insert(auditChecklists)
      .values({
        orgId,
        checklistId: newId(),
        key: input.key,
        name: input.name,
        description: input.description ?? null,
        fallbackLocale: input.fallbackLocale,
        templateKey: input.templateKey ?? null,
        draft: input.definition,
        draftUpdatedBy: input.createdBy,
      })
      .returning();
    return row!;
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`a checklist with the key "${input.key}" already exists`, 'key');
    throw error;
  }
}

export async function listChecklists(db: Db, orgId: string, options: { limit: number; cursor?: string; includeArchived?: boolean }): Promise<Page<ChecklistRow>> {
  const after = decodeCursor(options.cursor);
  const rows = await db
    .select()
    .from(auditChecklists)
    .where(
      and(
        eq(auditChecklists.orgId, orgId),
        after ? gt(auditChecklists.checklistId, after) : undefined,
        options.includeArchived ? undefined : isNull(auditChecklists.archivedAt),
      ),
    )
    .orderBy(asc(auditChecklists.checklistId))
    .limit(options.limit + 1);
  return toPage(rows, options.limit, (row) => row.checklistId);
}

export async function updateChecklist(
  db: Db,
  orgId: string,
  key: string,
  patch: { name?: TranslatableText; description?: TranslatableText | null; fallbackLocale?: Locale; archived?: boolean },
): Promise<ChecklistRow> {
  const current = await getChecklist(db, orgId, key);
  const fallback = patch.fallbackLocale ?? fallbackOf(current);
  checkTexts(patch.name ?? current.name, patch.description === undefined ? current.description : patch.description, fallback);
  const [row] = await db
    .update(auditChecklists)
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.fallbackLocale !== undefined ? { fallbackLocale: patch.fallbackLocale } : {}),
      ...(patch.fallbackLocale !== undefined && patch.fallbackLocale !== current.fallbackLocale ? { draftDiffers: true } : {}),
      ...(patch.archived !== undefined ? { archivedAt: patch.archived ? (current.archivedAt ?? new Date()) : null } : {}),
      updatedAt: new Date(),
    })
    .where(and(eq(auditChecklists.orgId, orgId), eq(auditChecklists.checklistId, current.checklistId)))
    .returning();
  return row!;
}

/** Which of the definition's moments the journey's latest published version has (journeys room). */
export async function journeyFactsOf(db: Db, orgId: string, definition: ChecklistDefinition): Promise<JourneyFacts> {
  const known: string[] = [];
  for (const section of definition.sections) {
    if (await findPublishedMoment(db, orgId, definition.journeyKey, section.momentKey)) known.push(section.momentKey);
  }
  return { knownMomentKeys: known };
}

export async function checklistDraftProblems(db: Db, orgId: string, checklist: ChecklistRow): Promise<Problem[]> {
  return validateDefinition(checklist.draft, fallbackOf(checklist), await journeyFactsOf(db, orgId, checklist.draft));
}

/**
 * Saves the draft. Any well-formed definition is kept, problems and all, so work in progress is never
 * lost; publishing refuses errors. With `expectedRevision`, the save only succeeds if nobody saved in
 * between (412 otherwise).
 */
export async function saveChecklistDraft(
  db: Db,
  orgId: string,
  key: string,
  input: { definition: ChecklistDefinition; expectedRevision?: number; updatedBy: string | null; now: Date },
): Promise<ChecklistRow> {
  const checklist = await getActiveChecklist(db, orgId, key);
  const published =
    checklist.publishedVersion === null ? undefined : await getVersionRow(db, orgId, checklist.checklistId, checklist.publishedVersion);
  const differs = !published || canonicalJson(published.definition) !== canonicalJson(input.definition) || published.fallbackLocale !== checklist.fallbackLocale;
  const conditions: SQL[] = [eq(auditChecklists.orgId, orgId), eq(auditChecklists.checklistId, checklist.checklistId)];
  if (input.expectedRevision !== undefined) conditions.push(eq(auditChecklists.draftRevision, input.expectedRevision));
  const [row] = await db
    .update(auditChecklists)
    .set({
      draft: input.definition,
      draftRevision: sql`${auditChecklists.draftRevision} + 1`,
      draftUpdatedAt: input.now,
      draftUpdatedBy: input.updatedBy,
      draftDiffers: differs,
      updatedAt: input.now,
    })
    .where(and(...conditions))
    .returning();
  if (!row) {
    throw new AppError(412, 'precondition_failed', `the draft was saved by someone else since revision ${input.expectedRevision}; reload it and apply your changes again`, 'If-Match');
  }
  return row;
}

/** Freezes the draft as the next numbered version. Refuses a draft with errors or without changes. */
export async function publishChecklist(
  db: Db,
  orgId: string,
  key: string,
  input: { note?: string | null; publishedBy: string | null; now: Date },
): Promise<ChecklistVersionRow> {
  const current = await getActiveChecklist(db, orgId, key);
  // The journey is read before the transaction: PGlite has one connection, held by the transaction.
  const problems = await checklistDraftProblems(db, orgId, current);
  return db.transaction(async (tx) => {
    // The row lock makes concurrent publishes take turns, so version numbers never collide.
    const [checklist] = await tx
      .select()
      .from(auditChecklists)
      .where(and(eq(auditChecklists.orgId, orgId), eq(auditChecklists.checklistId, current.checklistId)))
      .for('update');
    if (!checklist) throw new NotFoundError('Checklist');
    if (checklist.draftRevision !== current.draftRevision) throw conflict('the draft changed while it was being published; try again');
    refuseProblems(problems, 'the draft cannot be published yet');
    if (checklist.publishedVersion !== null && !checklist.draftDiffers) {
      throw conflict(`the draft is the same as version ${checklist.publishedVersion}; there is nothing new to publish`);
    }
    const version = (checklist.publishedVersion ?? 0) + 1;
    const [row] = await tx
      .insert(auditChecklistVersions)
      .values({
        orgId,
        checklistId: checklist.checklistId,
        version,
        definition: checklist.draft,
        journeyKey: checklist.draft.journeyKey,
        fallbackLocale: checklist.fallbackLocale,
        note: input.note ?? null,
        publishedAt: input.now,
        publishedBy: input.publishedBy,
      })
      .returning();
    await tx
      .update(auditChecklists)
      .set({ publishedVersion: version, publishedAt: input.now, draftDiffers: false, updatedAt: input.now })
      .where(and(eq(auditChecklists.orgId, orgId), eq(auditChecklists.checklistId, checklist.checklistId)));
    return row!;
  });
}

async function findVersionRow(db: Db, orgId: string, checklistId: string, version: number): Promise<ChecklistVersionRow | undefined> {
  const [row] = await db
    .select()
    .from(auditChecklistVersions)
    .where(and(eq(auditChecklistVersions.orgId, orgId), eq(auditChecklistVersions.checklistId, checklistId), eq(auditChecklistVersions.version, version)));
  return row;
}

export async function getVersionRow(db: Db, orgId: string, checklistId: string, version: number): Promise<ChecklistVersionRow> {
  const row = await findVersionRow(db, orgId, checklistId, version);
  if (!row) throw new NotFoundError('Checklist version');
  return row;
}

export async function getChecklistVersion(db: Db, orgId: string, key: string, version: number) {
  const checklist = await getChecklist(db, orgId, key);
  return { checklist, version: await getVersionRow(db, orgId, checklist.checklistId, version) };
}

function decodeVersionCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^v[1-9]\d{0,8}$/.test(decoded)) throw badRequest('cursor', 'cursor is not a value this API returned');
  return Number(decoded.slice(1));
}

/** Newest first. */
export async function listChecklistVersions(db: Db, orgId: string, key: string, options: { limit: number; cursor?: string }): Promise<Page<ChecklistVersionRow>> {
  const before = decodeVersionCursor(options.cursor);
  const checklist = await getChecklist(db, orgId, key);
  const rows = await db
    .select()
    .from(auditChecklistVersions)
    .where(
      and(
        eq(auditChecklistVersions.orgId, orgId),
        eq(auditChecklistVersions.checklistId, checklist.checklistId),
        before !== undefined ? lt(auditChecklistVersions.version, before) : undefined,
      ),
    )
    .orderBy(desc(auditChecklistVersions.version))
    .limit(options.limit + 1);
  return toPage(rows, options.limit, (row) => `v${row.version}`);
}

// ---------- locations and people ----------

/** Audits are of outlets: an active location of the organisation at the outlet level. */
async function requireOutlet(db: Db, orgId: string, locationId: string, field = 'locationId') {
  let location;
  try {
    location = await getLocation(db, orgId, locationId);
  } catch (error) {
    if (error instanceof NotFoundError) throw badRequest(field, `${field} does not name a location of this organisation`);
    throw error;
  }
  if (location.archivedAt) throw badRequest(field, `location ${locationId} is archived`);
  if (location.level !== 'outlet') throw badRequest(field, `audits are of outlets; location ${locationId} is a ${location.level}`);
  return location;
}

async function requireMember(db: Db, orgId: string, userId: string | null | undefined, field: string): Promise<void> {
  if (userId && !(await isActiveMember(db, orgId, userId))) throw badRequest(field, `${field} does not name an active member of this organisation`);
}

/**
 * A notification of this room in the shared inbox (`audits.<kind>`), written in the caller's
 * transaction. An action opens the actions list; a run opens the run.
 */
export async function addNotification(
  db: Db,
  orgId: string,
  input: { userId: string; kind: AuditNotificationKind; actionId?: string; runId?: string; data?: Record<string, unknown>; now: Date },
): Promise<void> {
  const link = input.actionId ? '/audits/actions' : input.runId ? `/audits/runs/${input.runId}` : '/audits';
  const data = { ...(input.actionId ? { actionId: input.actionId } : {}), ...(input.runId ? { runId: input.runId } : {}), ...input.data };
  await createNotifications(db, orgId, [{ userId: input.userId, kind: `${AUDIT_NOTIFICATION_PREFIX}${input.kind}`, link, data }], input.now);
}

// ---------- runs ----------

export interface NewRun {
  checklistKey: string;
  /** The published version to fill in; the latest when absent. */
  version?: number;
  locationId: string;
  kind: RunKind;
  assigneeUserId?: string | null;
  dueAt?: Date | null;
  idempotencyKey?: string | null;
  scheduleId?: string | null;
  scheduledFor?: string | null;
  createdBy: string | null;
  now: Date;
}

export async function findRun(db: Db, orgId: string, runId: string): Promise<RunRow | undefined> {
  const [row] = await db.select().from(auditRuns).where(and(eq(auditRuns.orgId, orgId), eq(auditRuns.runId, runId)));
  return row;
}

export async function getRun(db: Db, orgId: string, runId: string): Promise<RunRow> {
  const row = await findRun(db, orgId, runId);
  if (!row) throw new NotFoundError('Audit run');
  return row;
}

async function findRunByIdempotencyKey(db: Db, orgId: string, key: string): Promise<RunRow | undefined> {
  const [row] = await db.select().from(auditRuns).where(and(eq(auditRuns.orgId, orgId), eq(auditRuns.idempotencyKey, key)));
  return row;
}

/** The journey version the outlet works to now (its effective blueprint), or null when none is published. */
async function journeyVersionAt(db: Db, orgId: string, definition: ChecklistDefinition, locationId: string): Promise<number | null> {
  for (const section of definition.sections) {
    const found = await findEffectiveMoment(db, orgId, definition.journeyKey, section.momentKey, locationId);
    if (found) return found.version;
  }
  return null;
}

/**
 * Creates a run of a published checklist at an outlet. With an idempotency key, a retried request
 * returns the run the first one created (`created: false`).
 */
export async function createRun(db: Db, orgId: string, input: NewRun): Promise<{ run: RunRow; created: boolean }> {
  if (input.idempotencyKey) {
    const existing = await findRunByIdempotencyKey(db, orgId, input.idempotencyKey);
    if (existing) return { run: existing, created: false };
  }
  const checklist = await findChecklist(db, orgId, input.checklistKey);
  if (!checklist) throw badRequest('checklistKey', `there is no checklist "${input.checklistKey}"`);
  if (checklist.archivedAt) throw conflict(`checklist "${input.checklistKey}" is archived`, 'checklistKey');
  const versionNumber = input.version ?? checklist.publishedVersion;
  if (versionNumber === null) throw conflict(`checklist "${input.checklistKey}" has no published version yet`, 'checklistKey');
  const version = await findVersionRow(db, orgId, checklist.checklistId, versionNumber);
  if (!version) throw badRequest('version', `version ${versionNumber} of checklist "${input.checklistKey}" is not published`);
  await requireOutlet(db, orgId, input.locationId);
  await requireMember(db, orgId, input.assigneeUserId, 'assigneeUserId');
  const journeyVersion = await journeyVersionAt(db, orgId, version.definition, input.locationId);
  const runId = newId(input.now.getTime());
  try {
    const [row] = await db
      .insert(auditRuns)
      .values({
        orgId,
        runId,
        checklistId: checklist.checklistId,
        checklistVersion: versionNumber,
        journeyKey: version.journeyKey,
        journeyVersion,
        locationId: input.locationId,
        kind: input.kind,
        assigneeUserId: input.assigneeUserId ?? null,
        scheduleId: input.scheduleId ?? null,
        scheduledFor: input.scheduledFor ?? null,
        dueAt: input.dueAt ?? null,
        idempotencyKey: input.idempotencyKey ?? null,
        createdBy: input.createdBy,
        createdAt: input.now,
        updatedAt: input.now,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) {
      // A retry racing its original, or the schedule job on two nodes: the unique index decided.
      const existing = input.idempotencyKey
        ? await findRunByIdempotencyKey(db, orgId, input.idempotencyKey)
        : await findScheduledRun(db, orgId, input.scheduleId ?? '', input.scheduledFor ?? '');
      if (!existing) throw conflict('the run could not be created; try again');
      return { run: existing, created: false };
    }
    if (row.assigneeUserId) await addNotification(db, orgId, { userId: row.assigneeUserId, kind: 'run_assigned', runId, data: { runKind: row.kind, dueAt: row.dueAt }, now: input.now });
    return { run: row, created: true };
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('this run already exists');
    throw error;
  }
}

async function findScheduledRun(db: Db, orgId: string, scheduleId: string, scheduledFor: string): Promise<RunRow | undefined> {
  const [row] = await db
    .select()
    .from(auditRuns)
    .where(and(eq(auditRuns.orgId, orgId), eq(auditRuns.scheduleId, scheduleId), eq(auditRuns.scheduledFor, scheduledFor)));
  return row;
}

export interface RunFilter {
  limit: number;
  cursor?: string;
  /** Only these locations (a member limited to a subtree); undefined = all. */
  within?: string[];
  locationId?: string;
  status?: RunRow['status'];
  kind?: RunKind;
  assigneeUserId?: string;
  checklistId?: string;
  overdueAt?: Date;
}

/** Newest first: the runs people look for are the recent ones. */
export async function listRuns(db: Db, orgId: string, filter: RunFilter): Promise<Page<RunRow>> {
  if (filter.within && filter.within.length === 0) return { items: [], nextCursor: null };
  const before = decodeCursor(filter.cursor);
  const rows = await db
    .select()
    .from(auditRuns)
    .where(
      and(
        eq(auditRuns.orgId, orgId),
        before ? lt(auditRuns.runId, before) : undefined,
        filter.within ? inArray(auditRuns.locationId, filter.within) : undefined,
        filter.locationId ? eq(auditRuns.locationId, filter.locationId) : undefined,
        filter.status ? eq(auditRuns.status, filter.status) : undefined,
        filter.kind ? eq(auditRuns.kind, filter.kind) : undefined,
        filter.assigneeUserId ? eq(auditRuns.assigneeUserId, filter.assigneeUserId) : undefined,
        filter.checklistId ? eq(auditRuns.checklistId, filter.checklistId) : undefined,
        filter.overdueAt ? and(inArray(auditRuns.status, ['open', 'in_progress']), lt(auditRuns.dueAt, filter.overdueAt)) : undefined,
      ),
    )
    .orderBy(desc(auditRuns.runId))
    .limit(filter.limit + 1);
  return toPage(rows, filter.limit, (row) => row.runId);
}

/** A run that can still be filled in; a submitted or cancelled one answers 409. */
export function assertRunOpen(run: RunRow): void {
  if (run.status === 'submitted') throw new AppError(409, 'already_submitted', 'this audit has been submitted already');
  if (run.status === 'cancelled') throw new AppError(409, 'run_cancelled', 'this audit was cancelled');
}

export async function definitionOfRun(db: Db, run: RunRow): Promise<{ version: ChecklistVersionRow; definition: ChecklistDefinition }> {
  const version = await getVersionRow(db, run.orgId, run.checklistId, run.checklistVersion);
  return { version, definition: version.definition };
}

export async function photoCounts(db: Db, orgId: string, runId: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ itemKey: auditEvidence.itemKey, n: sql<number>`count(*)::int` })
    .from(auditEvidence)
    .where(and(eq(auditEvidence.orgId, orgId), eq(auditEvidence.runId, runId)))
    .groupBy(auditEvidence.itemKey);
  return new Map(rows.map((row) => [row.itemKey, row.n]));
}

/** Saves the answers so far (replacing the saved ones). Values are checked; completeness is not yet. */
export async function saveRunAnswers(db: Db, orgId: string, runId: string, raw: Answers, now: Date): Promise<RunRow> {
  const run = await getRun(db, orgId, runId);
  assertRunOpen(run);
  const { definition } = await definitionOfRun(db, run);
  const answers = compactAnswers(raw);
  const [problem] = validateAnswers(definition, answers, 'partial');
  if (problem) throw answerError(problem);
  // Nothing recognisable to save on a run nobody has started (e.g. a form post of unknown fields):
  // leave it untouched rather than mark it begun.
  if (Object.keys(answers).length === 0 && run.status === 'open' && Object.keys(run.answers ?? {}).length === 0) return run;
  const [row] = await db
    .update(auditRuns)
    .set({ answers, answersSavedAt: now, status: 'in_progress', updatedAt: now })
    .where(and(eq(auditRuns.orgId, orgId), eq(auditRuns.runId, runId), inArray(auditRuns.status, ['open', 'in_progress'])))
    .returning();
  if (!row) assertRunOpen(await getRun(db, orgId, runId));
  return row!;
}

export async function cancelRun(db: Db, orgId: string, runId: string, now: Date): Promise<RunRow> {
  const run = await getRun(db, orgId, runId);
  assertRunOpen(run);
  const [row] = await db
    .update(auditRuns)
    .set({ status: 'cancelled', cancelledAt: now, linkId: null, updatedAt: now })
    .where(and(eq(auditRuns.orgId, orgId), eq(auditRuns.runId, runId), inArray(auditRuns.status, ['open', 'in_progress'])))
    .returning();
  if (!row) assertRunOpen(await getRun(db, orgId, runId));
  return row!;
}

/** Starts a new mystery-shopper link for a run; the previous link (if any) stops working. */
export async function rotateShopperLink(
  db: Db,
  orgId: string,
  runId: string,
  input: { linkId: string; expiresAt: Date; locale: Locale | null; now: Date },
): Promise<RunRow> {
  const run = await getRun(db, orgId, runId);
  assertRunOpen(run);
  if (run.kind !== 'mystery_shopping') throw conflict(`only mystery-shopping runs have shopper links; this one is a ${run.kind}`);
  const [row] = await db
    .update(auditRuns)
    .set({ linkId: input.linkId, linkExpiresAt: input.expiresAt, linkLocale: input.locale, updatedAt: input.now })
    .where(and(eq(auditRuns.orgId, orgId), eq(auditRuns.runId, runId)))
    .returning();
  return row!;
}

// ---------- evidence ----------

export async function listEvidence(db: Db, orgId: string, runId: string): Promise<EvidenceRow[]> {
  return db
    .select()
    .from(auditEvidence)
    .where(and(eq(auditEvidence.orgId, orgId), eq(auditEvidence.runId, runId)))
    .orderBy(asc(auditEvidence.evidenceId));
}

export async function getEvidence(db: Db, orgId: string, runId: string, evidenceId: string): Promise<EvidenceRow> {
  const [row] = await db
    .select()
    .from(auditEvidence)
    .where(and(eq(auditEvidence.orgId, orgId), eq(auditEvidence.runId, runId), eq(auditEvidence.evidenceId, evidenceId)));
  if (!row) throw new NotFoundError('Evidence');
  return row;
}

/**
 * Stores a photo for one item of an open run. The type is read from the bytes (never from the name or
 * the declared type), so a renamed file is refused; the file is written before its row, so a row never
 * points at nothing.
 */
export async function addEvidence(
  db: Db,
  storage: EvidenceStorage,
  orgId: string,
  runId: string,
  input: { itemKey: string; bytes: Buffer; uploadedBy: string | null; via: 'app' | 'shopper_link'; now: Date },
): Promise<EvidenceRow> {
  const run = await getRun(db, orgId, runId);
  assertRunOpen(run);
  const { definition } = await definitionOfRun(db, run);
  if (!findItem(definition, input.itemKey)) throw badRequest('itemKey', `"${input.itemKey}" is not an item of this checklist`);
  const kind = sniffImage(input.bytes);
  if (!kind) throw new AppError(415, 'not_an_image', 'the file is not a photo (JPEG, PNG, WebP, HEIC, AVIF or GIF)', 'file');
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditEvidence)
    .where(and(eq(auditEvidence.orgId, orgId), eq(auditEvidence.runId, runId)));
  if ((count?.n ?? 0) >= MAX_EVIDENCE_PER_RUN) throw conflict(`an audit holds at most ${MAX_EVIDENCE_PER_RUN} photos; remove one first`, 'file');
  const evidenceId = newId(input.now.getTime());
  const storageKey = storageKeyFor(orgId, runId, evidenceId, kind.extension);
  await storage.put(storageKey, input.bytes, kind.contentType);
  const [row] = await db
    .insert(auditEvidence)
    .values({
      orgId,
      evidenceId,
      runId,
      itemKey: input.itemKey,
      storageKey,
      contentType: kind.contentType,
      byteSize: input.bytes.length,
      sha256: sha256Of(input.bytes),
      uploadedBy: input.uploadedBy,
      uploadedVia: input.via,
      createdAt: input.now,
    })
    .returning();
  return row!;
}

/** Removes a photo from a run that is still open (a submitted audit keeps its evidence). */
export async function removeEvidence(db: Db, storage: EvidenceStorage, orgId: string, runId: string, evidenceId: string): Promise<void> {
  const run = await getRun(db, orgId, runId);
  assertRunOpen(run);
  const row = await getEvidence(db, orgId, runId, evidenceId);
  await db.delete(auditEvidence).where(and(eq(auditEvidence.orgId, orgId), eq(auditEvidence.evidenceId, evidenceId)));
  await storage.delete(row.storageKey);
}

export async function readEvidence(storage: EvidenceStorage, row: EvidenceRow): Promise<Buffer> {
  const bytes = await storage.get(row.storageKey);
  if (!bytes) throw new NotFoundError('Evidence file');
  return bytes;
}

// ---------- schedules ----------

export interface NewSchedule {
  checklistKey: string;
  locationId: string;
  kind: RunKind;
  recurrence: Recurrence;
  dueDays: number;
  assigneeUserId?: string | null;
  /** The first date a run may be created for (local to the outlet); today when absent. */
  startOn?: string;
  createdBy: string | null;
  now: Date;
}

export async function createSchedule(db: Db, orgId: string, input: NewSchedule): Promise<ScheduleRow> {
  const problem = recurrenceProblem(input.recurrence);
  if (problem) throw badRequest(problem.field, problem.message);
  const checklist = await findChecklist(db, orgId, input.checklistKey);
  if (!checklist) throw badRequest('checklistKey', `there is no checklist "${input.checklistKey}"`);
  if (checklist.publishedVersion === null) throw conflict(`checklist "${input.checklistKey}" has no published version yet`, 'checklistKey');
  const location = await requireOutlet(db, orgId, input.locationId);
  await requireMember(db, orgId, input.assigneeUserId, 'assigneeUserId');
  const today = localDateOf(input.now, location.timezone);
  const start = input.startOn && input.startOn > today ? input.startOn : today;
  const [row] = await db
    .insert(auditSchedules)
    .values({
      orgId,
      scheduleId: newId(input.now.getTime()),
      checklistId: checklist.checklistId,
      locationId: input.locationId,
      kind: input.kind,
      frequency: input.recurrence.frequency,
      dayOfMonth: input.recurrence.dayOfMonth ?? null,
      weekday: input.recurrence.weekday ?? null,
      dueDays: input.dueDays,
      assigneeUserId: input.assigneeUserId ?? null,
      nextRunOn: nextOccurrence(input.recurrence, start),
      createdBy: input.createdBy,
      createdAt: input.now,
      updatedAt: input.now,
    })
    .returning();
  return row!;
}

export async function getSchedule(db: Db, orgId: string, scheduleId: string): Promise<ScheduleRow> {
  const [row] = await db.select().from(auditSchedules).where(and(eq(auditSchedules.orgId, orgId), eq(auditSchedules.scheduleId, scheduleId)));
  if (!row) throw new NotFoundError('Schedule');
  return row;
}

export async function listSchedules(db: Db, orgId: string, options: { limit: number; cursor?: string; within?: string[] }): Promise<Page<ScheduleRow>> {
  if (options.within && options.within.length === 0) return { items: [], nextCursor: null };
  const after = decodeCursor(options.cursor);
  const rows = await db
    .select()
    .from(auditSchedules)
    .where(
      and(
        eq(auditSchedules.orgId, orgId),
        after ? gt(auditSchedules.scheduleId, after) : undefined,
        options.within ? inArray(auditSchedules.locationId, options.within) : undefined,
      ),
    )
    .orderBy(asc(auditSchedules.scheduleId))
    .limit(options.limit + 1);
  return toPage(rows, options.limit, (row) => row.scheduleId);
}

export async function updateSchedule(
  db: Db,
  orgId: string,
  scheduleId: string,
  patch: { recurrence?: Recurrence; dueDays?: number; assigneeUserId?: string | null; active?: boolean; now: Date },
): Promise<ScheduleRow> {
  const current = await getSchedule(db, orgId, scheduleId);
  if (patch.recurrence) {
    const problem = recurrenceProblem(patch.recurrence);
    if (problem) throw badRequest(problem.field, problem.message);
  }
  await requireMember(db, orgId, patch.assigneeUserId, 'assigneeUserId');
  const location = await getLocation(db, orgId, current.locationId);
  const today = localDateOf(patch.now, location.timezone);
  const [row] = await db
    .update(auditSchedules)
    .set({
      ...(patch.recurrence
        ? {
            frequency: patch.recurrence.frequency,
            dayOfMonth: patch.recurrence.dayOfMonth ?? null,
            weekday: patch.recurrence.weekday ?? null,
            nextRunOn: nextOccurrence(patch.recurrence, today),
          }
        : {}),
      ...(patch.dueDays !== undefined ? { dueDays: patch.dueDays } : {}),
      ...(patch.assigneeUserId !== undefined ? { assigneeUserId: patch.assigneeUserId } : {}),
      ...(patch.active !== undefined ? { deactivatedAt: patch.active ? null : (current.deactivatedAt ?? patch.now) } : {}),
      updatedAt: patch.now,
    })
    .where(and(eq(auditSchedules.orgId, orgId), eq(auditSchedules.scheduleId, scheduleId)))
    .returning();
  return row!;
}

/**
 * Deletes a schedule. The runs it already created stay (with their answers, scores and actions); they
 * only lose the link to it, in the same transaction, so no run is ever left pointing at nothing.
 */
export async function deleteSchedule(db: Db, orgId: string, scheduleId: string): Promise<void> {
  await getSchedule(db, orgId, scheduleId);
  await db.transaction(async (tx) => {
    await tx.update(auditRuns).set({ scheduleId: null }).where(and(eq(auditRuns.orgId, orgId), eq(auditRuns.scheduleId, scheduleId)));
    await tx.delete(auditSchedules).where(and(eq(auditSchedules.orgId, orgId), eq(auditSchedules.scheduleId, scheduleId)));
  });
}

export function recurrenceOf(row: ScheduleRow): Recurrence {
  return { frequency: row.frequency, dayOfMonth: row.dayOfMonth, weekday: row.weekday };
}

/**
 * Creates the runs whose date has come, for every organisation (the job calls it). Each schedule's
 * run is unique per (schedule, date), and the schedule only moves on by compare-and-set, so two server
 * nodes running the job at once create each run once. After downtime only the latest missed run is
 * created, not one per missed period.
 */
export async function createDueScheduledRuns(db: Db, now: Date, only?: { orgId: string; within?: string[] }): Promise<RunRow[]> {
  if (only?.within && only.within.length === 0) return [];
  // Local dates run up to 14 hours ahead of UTC; the exact check per outlet follows.
  const horizon = localDateOf(new Date(now.getTime() + 14 * 3_600_000), 'UTC');
  const candidates = await db
    .select()
    .from(auditSchedules)
    .where(
      and(
        isNull(auditSchedules.deactivatedAt),
        sql`${auditSchedules.nextRunOn} <= ${horizon}`,
        // "Create due runs now" of one organisation (and a member's subtree) runs the same code as the job.
        only ? eq(auditSchedules.orgId, only.orgId) : undefined,
        only?.within ? inArray(auditSchedules.locationId, only.within) : undefined,
      ),
    )
    .orderBy(asc(auditSchedules.orgId), asc(auditSchedules.scheduleId))
    .limit(1000);
  const created: RunRow[] = [];
  for (const schedule of candidates) {
    const location = await getLocation(db, schedule.orgId, schedule.locationId);
    const today = localDateOf(now, location.timezone);
    if (schedule.nextRunOn > today) continue;
    const checklist = await getChecklistById(db, schedule.orgId, schedule.checklistId);
    const next = nextOccurrence(recurrenceOf(schedule), addDays(today, 1));
    const usable = !checklist.archivedAt && checklist.publishedVersion !== null && !location.archivedAt;
    if (usable) {
      const { run, created: isNew } = await createRun(db, schedule.orgId, {
        checklistKey: checklist.key,
        locationId: schedule.locationId,
        kind: schedule.kind,
        assigneeUserId: schedule.assigneeUserId,
        dueAt: dueAtFor(schedule.nextRunOn, schedule.dueDays, location.timezone),
        scheduleId: schedule.scheduleId,
        scheduledFor: schedule.nextRunOn,
        createdBy: null,
        now,
      });
      if (isNew) created.push(run);
    }
    await db
      .update(auditSchedules)
      .set({ nextRunOn: next, lastRunOn: usable ? schedule.nextRunOn : schedule.lastRunOn, updatedAt: now })
      .where(and(eq(auditSchedules.orgId, schedule.orgId), eq(auditSchedules.scheduleId, schedule.scheduleId), eq(auditSchedules.nextRunOn, schedule.nextRunOn)));
  }
  return created;
}

export function itemCount(definition: ChecklistDefinition): number {
  return itemsOf(definition).length;
}

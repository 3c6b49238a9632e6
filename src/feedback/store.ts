import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, gt, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { findLocationIdsByCode, getLocation } from '../access/index.ts';
import { findPublishedMoment, listPublishedJourneyKeys } from '../journeys/index.ts';
import type { Db } from '../platform/database.ts';
import { forgetOrganizationReferences } from '../platform/org-reference-cache.ts';
import { AppError, badRequest, conflict, NotFoundError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { findInstanceSetting, putInstanceSetting } from '../platform/instance-settings.ts';
import { isLocale, type Locale } from '../platform/locales.ts';
import { decodeCursor, toPage, type Page } from '../platform/pagination.ts';
import { findCustomerIdsByExternalId } from './ingest.ts';
import { findInteraction, findInteractionByExternalId, type InteractionRow } from './interactions.ts';
import type { SurveyToken } from './links.ts';
import {
  errorsOf,
  hasText,
  momentReferences,
  sameContent,
  supportedLocale,
  validateDefinition,
  type Answers,
  type Problem,
  type SurveyChannel,
  type SurveyDefinition,
  type TranslatableText,
} from './model.ts';
import { customers, surveyInvitations, surveyLinks, surveys, surveyVersions } from './schema.ts';

/*
 * SQL of the feedback room's surveys, links and invitations. Every function takes the organisation id
 * first and filters by it, so a survey of another organisation behaves exactly like a missing one.
 * Surveys are addressed by key, like journeys.
 */

export type SurveyRow = typeof surveys.$inferSelect;
export type SurveyVersionRow = typeof surveyVersions.$inferSelect;
export type SurveyLinkRow = typeof surveyLinks.$inferSelect;
export type InvitationRow = typeof surveyInvitations.$inferSelect;
export type SurveyVersionSummary = Omit<SurveyVersionRow, 'definition' | 'orgId' | 'surveyId'> & { questionCount: number };

export function fallbackOf(row: { fallbackLocale: string }): Locale {
  return isLocale(row.fallbackLocale) ? row.fallbackLocale : 'en';
}

/** A 400 naming the first error and how many there are (the draft view lists them all). */
export function refuseProblems(problems: Problem[], what: string): void {
  const errors = errorsOf(problems);
  const first = errors[0];
  if (!first) return;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
  throw new AppError(400, 'invalid_field', `${what}: ${first.message}${more}`, first.field);
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  return code === '23505';
}

// ---------- the link-signing secret ----------

const LINK_SECRET_KEY = 'survey_link_secret';

/**
 * The secret that signs survey links: made once, kept in instance_settings, so every server node and
 * every restart sign and check alike. The advisory lock makes the first two nodes agree on one secret
 * instead of each writing its own.
 */
export async function loadOrCreateSurveyLinkSecret(db: Db): Promise<string> {
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

// ---------- surveys ----------

export interface NewSurvey {
  key: string;
  name: TranslatableText;
  fallbackLocale: Locale;
  definition: SurveyDefinition;
  createdBy: string | null;
}

export async function findSurvey(db: Db, orgId: string, key: string): Promise<SurveyRow | undefined> {
  const [row] = await db.select().from(surveys).where(and(eq(surveys.orgId, orgId), eq(surveys.key, key)));
  return row;
}

export async function getSurvey(db: Db, orgId: string, key: string): Promise<SurveyRow> {
  const row = await findSurvey(db, orgId, key);
  if (!row) throw new NotFoundError('Survey');
  return row;
}

export async function findSurveyById(db: Db, orgId: string, surveyId: string): Promise<SurveyRow | undefined> {
  const [row] = await db.select().from(surveys).where(and(eq(surveys.orgId, orgId), eq(surveys.surveyId, surveyId)));
  return row;
}

async function getActiveSurvey(db: Db, orgId: string, key: string): Promise<SurveyRow> {
  const survey = await getSurvey(db, orgId, key);
  if (survey.archivedAt) throw conflict(`survey "${key}" is archived; restore it first`);
  return survey;
}

function checkName(name: TranslatableText, fallback: Locale) {
  if (!hasText(name, fallback)) throw badRequest(`name.${fallback}`, `name needs a text in the fallback language ${fallback}`);
}

export async function createSurvey(db: Db, orgId: string, input: NewSurvey): Promise<SurveyRow> {
  checkName(input.name, input.fallbackLocale);
  if (await findSurvey(db, orgId, input.key)) throw conflict(`a survey with the key "${input.key}" already exists`, 'key');
  try {
    const [row] = await db
      .insert(surveys)
      .values({
        orgId,
        surveyId: newId(),
        key: input.key,
        name: input.name,
        fallbackLocale: input.fallbackLocale,
        draft: input.definition,
        draftUpdatedBy: input.createdBy,
      })
      .returning();
    return row!;
  } catch (error) {
    // Two requests creating the same key at once: the unique index decides.
    if (isUniqueViolation(error)) throw conflict(`a survey with the key "${input.key}" already exists`, 'key');
    throw error;
  }
}

export async function listSurveys(db: Db, orgId: string, options: { limit: number; cursor?: string; includeArchived?: boolean }): Promise<Page<SurveyRow>> {
  const after = decodeCursor(options.cursor);
  const conditions: SQL[] = [eq(surveys.orgId, orgId)];
  if (after) conditions.push(gt(surveys.surveyId, after));
  if (!options.includeArchived) conditions.push(isNull(surveys.archivedAt));
  const rows = await db
    .select()
    .from(surveys)
    .where(and(...conditions))
    .orderBy(asc(surveys.surveyId))
    .limit(options.limit + 1);
  return toPage(rows, options.limit, (row) => row.surveyId);
}

export async function updateSurvey(
  db: Db,
  orgId: string,
  key: string,
  patch: { name?: TranslatableText; fallbackLocale?: Locale; archived?: boolean },
  now: Date,
): Promise<SurveyRow> {
  const current = await getSurvey(db, orgId, key);
  const fallback = patch.fallbackLocale ?? fallbackOf(current);
  checkName(patch.name ?? current.name, fallback);
  const [row] = await db
    .update(surveys)
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.fallbackLocale !== undefined ? { fallbackLocale: patch.fallbackLocale } : {}),
      // A new fallback language is a change the next published version records.
      ...(patch.fallbackLocale !== undefined && patch.fallbackLocale !== current.fallbackLocale ? { draftDiffers: true } : {}),
      ...(patch.archived !== undefined ? { archivedAt: patch.archived ? (current.archivedAt ?? now) : null } : {}),
      updatedAt: now,
    })
    .where(and(eq(surveys.orgId, orgId), eq(surveys.surveyId, current.surveyId)))
    .returning();
  return row!;
}

// ---------- draft and versions ----------

export function draftProblems(survey: SurveyRow): Problem[] {
  return validateDefinition(survey.draft, fallbackOf(survey));
}

/**
 * Saves the draft. Any well-formed definition is kept, problems and all; publishing refuses errors.
 * With `expectedRevision` the save only succeeds if nobody saved in between (412 otherwise).
 */
export async function saveSurveyDraft(
  db: Db,
  orgId: string,
  key: string,
  input: { definition: SurveyDefinition; expectedRevision?: number; updatedBy: string | null; now: Date },
): Promise<SurveyRow> {
  const survey = await getActiveSurvey(db, orgId, key);
  const published = survey.publishedVersion === null ? undefined : await getVersionRow(db, orgId, survey.surveyId, survey.publishedVersion);
  const differs = !published || !sameContent(published.definition, input.definition) || published.fallbackLocale !== survey.fallbackLocale;
  const conditions: SQL[] = [eq(surveys.orgId, orgId), eq(surveys.surveyId, survey.surveyId)];
  if (input.expectedRevision !== undefined) conditions.push(eq(surveys.draftRevision, input.expectedRevision));
  const [row] = await db
    .update(surveys)
    .set({
      draft: input.definition,
      draftRevision: sql`${surveys.draftRevision} + 1`,
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

/** The journeys and moments a definition names must exist in published journeys before it is published. */
async function referenceProblems(db: Db, orgId: string, definition: SurveyDefinition): Promise<Problem[]> {
  const problems: Problem[] = [];
  const published = await listPublishedJourneyKeys(db, orgId);
  for (const reference of momentReferences(definition)) {
    if (!published.includes(reference.journeyKey)) {
      const field = reference.field.startsWith('about') ? 'about.journeyKey' : reference.field.replace(/momentKey$/, 'journeyKey');
      problems.push({ severity: 'error', field, message: `there is no published journey "${reference.journeyKey}"` });
    } else if (reference.momentKey && !(await findPublishedMoment(db, orgId, reference.journeyKey, reference.momentKey))) {
      problems.push({ severity: 'error', field: reference.field, message: `journey "${reference.journeyKey}" has no moment "${reference.momentKey}" in its published version` });
    }
  }
  return problems;
}

/** Freezes the draft as the next numbered version. Refuses a draft with errors or without changes. */
export async function publishSurvey(db: Db, orgId: string, key: string, input: { note?: string | null; publishedBy: string | null; now: Date }): Promise<SurveyVersionRow> {
  const { surveyId, draft, fallbackLocale } = await getActiveSurvey(db, orgId, key);
  refuseProblems(validateDefinition(draft, fallbackOf({ fallbackLocale })), 'the draft cannot be published yet');
  refuseProblems(await referenceProblems(db, orgId, draft), 'the draft cannot be published yet');
  const published = await db.transaction(async (tx) => {
    // The row lock makes concurrent publishes of one survey take turns, so numbers never collide.
    const [survey] = await tx
      .select()
      .from(surveys)
      .where(and(eq(surveys.orgId, orgId), eq(surveys.surveyId, surveyId)))
      .for('update');
    if (!survey) throw new NotFoundError('Survey');
    // The draft may have changed since it was checked above; check what is actually frozen.
    refuseProblems(draftProblems(survey), 'the draft cannot be published yet');
    if (survey.publishedVersion !== null && !survey.draftDiffers) {
      throw conflict(`the draft is the same as version ${survey.publishedVersion}; there is nothing new to publish`);
    }
    const version = (survey.publishedVersion ?? 0) + 1;
    const [row] = await tx
      .insert(surveyVersions)
      .values({
        orgId,
        surveyId,
        version,
        definition: survey.draft,
        fallbackLocale: survey.fallbackLocale,
        note: input.note ?? null,
        publishedAt: input.now,
        publishedBy: input.publishedBy,
      })
      .returning();
    await tx
      .update(surveys)
      .set({ publishedVersion: version, publishedAt: input.now, draftDiffers: false, updatedAt: input.now })
      .where(and(eq(surveys.orgId, orgId), eq(surveys.surveyId, surveyId)));
    return row!;
  });
  // Ingest remembers "the latest version of survey X" for a moment: from now on it is this one.
  forgetOrganizationReferences(orgId);
  return published;
}

export async function findVersionRow(db: Db, orgId: string, surveyId: string, version: number): Promise<SurveyVersionRow | undefined> {
  const [row] = await db
    .select()
    .from(surveyVersions)
    .where(and(eq(surveyVersions.orgId, orgId), eq(surveyVersions.surveyId, surveyId), eq(surveyVersions.version, version)));
  return row;
}

async function getVersionRow(db: Db, orgId: string, surveyId: string, version: number): Promise<SurveyVersionRow> {
  const row = await findVersionRow(db, orgId, surveyId, version);
  if (!row) throw new NotFoundError('Version');
  return row;
}

export async function getSurveyVersion(db: Db, orgId: string, key: string, version: number): Promise<{ survey: SurveyRow; version: SurveyVersionRow }> {
  const survey = await getSurvey(db, orgId, key);
  return { survey, version: await getVersionRow(db, orgId, survey.surveyId, version) };
}

/** The latest published version, or a given one; 409 when the survey was never published. */
export async function requirePublishedVersion(db: Db, orgId: string, survey: SurveyRow, version?: number): Promise<SurveyVersionRow> {
  const number = version ?? survey.publishedVersion;
  if (number === null) throw conflict(`survey "${survey.key}" has no published version yet; publish it first`);
  return getVersionRow(db, orgId, survey.surveyId, number);
}

function decodeVersionCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^v[1-9]\d{0,8}$/.test(decoded)) throw badRequest('cursor', 'cursor is not a value this API returned');
  return Number(decoded.slice(1));
}

/** Newest first: the version people look for is almost always the latest. */
export async function listSurveyVersions(db: Db, orgId: string, key: string, options: { limit: number; cursor?: string }): Promise<Page<SurveyVersionSummary>> {
  const before = decodeVersionCursor(options.cursor);
  const survey = await getSurvey(db, orgId, key);
  const rows = await db
    .select({
      version: surveyVersions.version,
      note: surveyVersions.note,
      fallbackLocale: surveyVersions.fallbackLocale,
      publishedAt: surveyVersions.publishedAt,
      publishedBy: surveyVersions.publishedBy,
      questionCount: sql<number>`jsonb_array_length(${surveyVersions.definition} -> 'questions')::int`,
    })
    .from(surveyVersions)
    .where(and(eq(surveyVersions.orgId, orgId), eq(surveyVersions.surveyId, survey.surveyId), before !== undefined ? lt(surveyVersions.version, before) : undefined))
    .orderBy(desc(surveyVersions.version))
    .limit(options.limit + 1);
  return toPage(rows, options.limit, (row) => `v${row.version}`);
}

// ---------- where a link or invitation points ----------

/** A location by id or by business code; 400 naming the field that was given when it does not exist. */
async function resolveLocation(db: Db, orgId: string, input: { locationId?: string | undefined; locationCode?: string | undefined }): Promise<string | undefined> {
  if (input.locationId !== undefined) {
    try {
      return (await getLocation(db, orgId, input.locationId)).locationId;
    } catch (error) {
      if (error instanceof NotFoundError) throw badRequest('locationId', `there is no location "${input.locationId}"`);
      throw error;
    }
  }
  if (input.locationCode !== undefined) {
    const found = (await findLocationIdsByCode(db, orgId, [input.locationCode])).get(input.locationCode);
    if (!found) throw badRequest('locationCode', `there is no location with the code "${input.locationCode}"`);
    return found;
  }
  return undefined;
}

/** The journey and moment a link or invitation is about: given, else the survey's own. */
async function resolveAbout(
  db: Db,
  orgId: string,
  definition: SurveyDefinition,
  input: { journeyKey?: string | undefined; momentKey?: string | undefined },
): Promise<{ journeyKey?: string; momentKey?: string }> {
  const journeyKey = input.journeyKey ?? definition.about?.journeyKey;
  const momentKey = input.momentKey ?? (input.journeyKey ? undefined : definition.about?.momentKey);
  if (input.momentKey && !journeyKey) throw badRequest('journeyKey', 'name the journey of the moment');
  if (journeyKey && momentKey && !(await findPublishedMoment(db, orgId, journeyKey, momentKey))) {
    throw badRequest('momentKey', `journey "${journeyKey}" has no moment "${momentKey}" in its published version`);
  }
  return { ...(journeyKey ? { journeyKey } : {}), ...(momentKey ? { momentKey } : {}) };
}

// ---------- anonymous links ----------

export interface NewLink {
  label?: string | undefined;
  channel?: SurveyChannel | undefined;
  locationId?: string | undefined;
  locationCode?: string | undefined;
  journeyKey?: string | undefined;
  momentKey?: string | undefined;
  locale?: Locale | undefined;
  expiresAt?: Date | undefined;
}

export async function createSurveyLink(db: Db, orgId: string, key: string, input: NewLink, by: { createdBy: string | null; now: Date }): Promise<SurveyLinkRow> {
  const survey = await getActiveSurvey(db, orgId, key);
  const version = await requirePublishedVersion(db, orgId, survey);
  const locationId = await resolveLocation(db, orgId, input);
  const about = await resolveAbout(db, orgId, version.definition, input);
  if (input.expiresAt && input.expiresAt.getTime() <= by.now.getTime()) throw badRequest('expiresAt', 'expiresAt is in the past');
  const [row] = await db
    .insert(surveyLinks)
    .values({
      orgId,
      linkId: newId(by.now.getTime()),
      surveyId: survey.surveyId,
      label: input.label ?? null,
      channel: input.channel ?? 'web',
      locationId: locationId ?? null,
      journeyKey: about.journeyKey ?? null,
      momentKey: about.momentKey ?? null,
      locale: input.locale ?? null,
      expiresAt: input.expiresAt ?? null,
      createdBy: by.createdBy,
      createdAt: by.now,
    })
    .returning();
  return row!;
}

export async function findSurveyLink(db: Db, orgId: string, linkId: string): Promise<SurveyLinkRow | undefined> {
  const [row] = await db.select().from(surveyLinks).where(and(eq(surveyLinks.orgId, orgId), eq(surveyLinks.linkId, linkId)));
  return row;
}

export async function listSurveyLinks(db: Db, orgId: string, key: string, options: { limit: number; cursor?: string }): Promise<Page<SurveyLinkRow>> {
  const survey = await getSurvey(db, orgId, key);
  const after = decodeCursor(options.cursor);
  const rows = await db
    .select()
    .from(surveyLinks)
    .where(and(eq(surveyLinks.orgId, orgId), eq(surveyLinks.surveyId, survey.surveyId), after ? gt(surveyLinks.linkId, after) : undefined))
    .orderBy(asc(surveyLinks.linkId))
    .limit(options.limit + 1);
  return toPage(rows, options.limit, (row) => row.linkId);
}

export async function revokeSurveyLink(db: Db, orgId: string, key: string, linkId: string, now: Date): Promise<void> {
  const survey = await getSurvey(db, orgId, key);
  const [row] = await db
    .update(surveyLinks)
    .set({ revokedAt: sql`coalesce(${surveyLinks.revokedAt}, ${now.toISOString()}::timestamptz)` })
    .where(and(eq(surveyLinks.orgId, orgId), eq(surveyLinks.surveyId, survey.surveyId), eq(surveyLinks.linkId, linkId)))
    .returning({ linkId: surveyLinks.linkId });
  if (!row) throw new NotFoundError('Link');
}

export function linkTokenOf(row: SurveyLinkRow): SurveyToken {
  return {
    kind: 'link',
    orgId: row.orgId,
    surveyId: row.surveyId,
    linkId: row.linkId,
    ...(isLocale(row.locale) ? { locale: row.locale } : {}),
    ...(row.expiresAt ? { expiresAt: row.expiresAt } : {}),
  };
}

// ---------- invitations ----------

export interface NewInvitation {
  externalId?: string | undefined;
  channel?: SurveyChannel | undefined;
  version?: number | undefined;
  locale?: Locale | undefined;
  interactionId?: string | undefined;
  interactionExternalId?: string | undefined;
  journeyKey?: string | undefined;
  momentKey?: string | undefined;
  locationId?: string | undefined;
  locationCode?: string | undefined;
  staffId?: string | undefined;
  visitId?: string | undefined;
  customerExternalId?: string | undefined;
  expiresInDays?: number | undefined;
}

export const DEFAULT_INVITATION_DAYS = 30;

/** Who and what the answers are about; stored with the invitation, copied onto the response. */
export interface SurveyContext {
  interactionId?: string;
  journeyKey?: string;
  momentKey?: string;
  locationId?: string;
  staffId?: string;
  visitId?: string;
  customerId?: string;
}

/** One respondent's copy of a survey: what an invitation row holds (or will hold, for a link-started one). */
export interface Respondent {
  orgId: string;
  surveyId: string;
  version: number;
  invitationId: string;
  channel: SurveyChannel;
  locale?: Locale;
  /** The anonymous link the respondent started from, if any. */
  linkId?: string;
  context: SurveyContext;
  expiresAt: Date;
}

async function interactionOf(db: Db, orgId: string, input: NewInvitation): Promise<InteractionRow | undefined> {
  if (input.interactionId !== undefined) {
    const found = await findInteraction(db, orgId, input.interactionId);
    if (!found) throw badRequest('interactionId', `there is no interaction "${input.interactionId}"`);
    return found;
  }
  if (input.interactionExternalId !== undefined) {
    const found = await findInteractionByExternalId(db, orgId, input.interactionExternalId);
    if (!found) throw badRequest('interactionExternalId', `there is no interaction with the externalId "${input.interactionExternalId}"`);
    return found;
  }
  return undefined;
}

async function findInvitationByExternalId(db: Db, orgId: string, externalId: string): Promise<InvitationRow | undefined> {
  const [row] = await db.select().from(surveyInvitations).where(and(eq(surveyInvitations.orgId, orgId), eq(surveyInvitations.externalId, externalId)));
  return row;
}

/** A retry of an invitation request (same external id) gets the stored invitation, if it is for the same survey. */
function sameInvitationOr409(row: InvitationRow, surveyId: string, externalId: string): { row: InvitationRow; created: false } {
  if (row.surveyId !== surveyId) throw conflict(`externalId "${externalId}" already belongs to an invitation to another survey`, 'externalId');
  return { row, created: false };
}

/**
 * Issues a personal invitation: the row that holds its context and, later, the respondent's progress.
 * With an external id it is idempotent: a retry returns the invitation made the first time. An interaction, when named, fills the context (moment, location, staff, visit,
 * customer); fields given explicitly win. The language is the one asked for, else the customer's.
 */
export async function createInvitation(
  db: Db,
  orgId: string,
  key: string,
  input: NewInvitation,
  by: { createdBy: string | null; now: Date },
): Promise<{ row: InvitationRow; created: boolean }> {
  const survey = await getActiveSurvey(db, orgId, key);
  if (input.externalId !== undefined) {
    const existing = await findInvitationByExternalId(db, orgId, input.externalId);
    if (existing) return sameInvitationOr409(existing, survey.surveyId, input.externalId);
  }
  const version = await requirePublishedVersion(db, orgId, survey, input.version);
  const interaction = await interactionOf(db, orgId, input);
  const locationId = (await resolveLocation(db, orgId, input)) ?? interaction?.locationId;
  const about = await resolveAbout(db, orgId, version.definition, {
    journeyKey: input.journeyKey ?? (input.momentKey ? undefined : interaction?.journeyKey),
    momentKey: input.momentKey ?? (input.journeyKey ? undefined : interaction?.momentKey),
  });
  let customerId = interaction?.customerId;
  if (input.customerExternalId !== undefined) {
    customerId = (await findCustomerIdsByExternalId(db, orgId, [input.customerExternalId])).get(input.customerExternalId);
    if (!customerId) throw badRequest('customerExternalId', `there is no customer with the externalId "${input.customerExternalId}"`);
  }
  let locale = input.locale;
  if (!locale && customerId) {
    const [customer] = await db.select({ locale: customers.locale }).from(customers).where(and(eq(customers.orgId, orgId), eq(customers.customerId, customerId)));
    if (customer?.locale) locale = supportedLocale(customer.locale);
  }
  const context: SurveyContext = {
    ...(interaction ? { interactionId: interaction.interactionId } : {}),
    ...about,
    ...(locationId ? { locationId } : {}),
    ...((input.staffId ?? interaction?.staffId) ? { staffId: (input.staffId ?? interaction?.staffId)! } : {}),
    ...((input.visitId ?? interaction?.visitId) ? { visitId: (input.visitId ?? interaction?.visitId)! } : {}),
    ...(customerId ? { customerId } : {}),
  };
  const expiresAt = new Date(by.now.getTime() + (input.expiresInDays ?? DEFAULT_INVITATION_DAYS) * 24 * 60 * 60 * 1000);
  const respondent: Respondent = {
    orgId,
    surveyId: survey.surveyId,
    version: version.version,
    invitationId: newId(by.now.getTime()),
    channel: input.channel ?? 'web',
    ...(locale ? { locale } : {}),
    context,
    expiresAt,
  };
  const [row] = await db
    .insert(surveyInvitations)
    .values({ ...invitationValues(respondent, { createdBy: by.createdBy, now: by.now }), externalId: input.externalId ?? null })
    .onConflictDoNothing()
    .returning();
  if (row) return { row, created: true };
  // The same external id was inserted by a concurrent retry: that one is the invitation.
  const raced = input.externalId !== undefined ? await findInvitationByExternalId(db, orgId, input.externalId) : undefined;
  if (!raced) throw new Error('invitation was neither inserted nor found');
  return sameInvitationOr409(raced, survey.surveyId, input.externalId!);
}

function invitationValues(respondent: Respondent, by: { createdBy: string | null; now: Date }) {
  const { context } = respondent;
  return {
    orgId: respondent.orgId,
    invitationId: respondent.invitationId,
    surveyId: respondent.surveyId,
    surveyVersion: respondent.version,
    linkId: respondent.linkId ?? null,
    channel: respondent.channel,
    locale: respondent.locale ?? null,
    interactionId: context.interactionId ?? null,
    journeyKey: context.journeyKey ?? null,
    momentKey: context.momentKey ?? null,
    locationId: context.locationId ?? null,
    staffId: context.staffId ?? null,
    visitId: context.visitId ?? null,
    customerId: context.customerId ?? null,
    expiresAt: respondent.expiresAt,
    createdBy: by.createdBy,
    createdAt: by.now,
  };
}

export async function findInvitation(db: Db, orgId: string, invitationId: string): Promise<InvitationRow | undefined> {
  const [row] = await db.select().from(surveyInvitations).where(and(eq(surveyInvitations.orgId, orgId), eq(surveyInvitations.invitationId, invitationId)));
  return row;
}

/**
 * Stores the answers so far under the invitation, creating its row on the first save of a
 * link-started survey. Returns undefined when the invitation was already submitted: its answers are
 * final and stay as they are.
 */
export async function saveInvitationAnswers(db: Db, respondent: Respondent, answers: Answers, now: Date): Promise<InvitationRow | undefined> {
  const [row] = await db
    .insert(surveyInvitations)
    .values({ ...invitationValues(respondent, { createdBy: null, now }), answers, answersSavedAt: now })
    .onConflictDoUpdate({
      target: [surveyInvitations.orgId, surveyInvitations.invitationId],
      set: { answers, answersSavedAt: now },
      setWhere: isNull(surveyInvitations.submittedAt),
    })
    .returning();
  return row;
}

export async function markInvitationSubmitted(db: Db, orgId: string, invitationId: string, now: Date): Promise<void> {
  await db
    .update(surveyInvitations)
    .set({ submittedAt: now })
    .where(and(eq(surveyInvitations.orgId, orgId), eq(surveyInvitations.invitationId, invitationId)));
}

export async function listInvitations(db: Db, orgId: string, key: string, options: { limit: number; cursor?: string }): Promise<Page<InvitationRow>> {
  const survey = await getSurvey(db, orgId, key);
  const before = decodeCursor(options.cursor);
  const rows = await db
    .select()
    .from(surveyInvitations)
    .where(and(eq(surveyInvitations.orgId, orgId), eq(surveyInvitations.surveyId, survey.surveyId), before ? lt(surveyInvitations.invitationId, before) : undefined))
    .orderBy(desc(surveyInvitations.invitationId))
    .limit(options.limit + 1);
  return toPage(rows, options.limit, (row) => row.invitationId);
}

export function respondentOf(row: InvitationRow): Respondent {
  const context: SurveyContext = {};
  for (const name of ['interactionId', 'journeyKey', 'momentKey', 'locationId', 'staffId', 'visitId', 'customerId'] as const) {
    const value = row[name];
    if (value) context[name] = value;
  }
  return {
    orgId: row.orgId,
    surveyId: row.surveyId,
    version: row.surveyVersion,
    invitationId: row.invitationId,
    channel: row.channel as SurveyChannel,
    ...(isLocale(row.locale) ? { locale: row.locale } : {}),
    ...(row.linkId ? { linkId: row.linkId } : {}),
    context,
    expiresAt: row.expiresAt,
  };
}

/** A respondent who opened an anonymous link: the link's location and moment, their own invitation id. */
export function respondentFromLink(link: SurveyLinkRow, started: { invitationId: string; version: number; locale?: Locale; expiresAt: Date }): Respondent {
  return {
    orgId: link.orgId,
    surveyId: link.surveyId,
    version: started.version,
    invitationId: started.invitationId,
    channel: link.channel as SurveyChannel,
    ...(started.locale ? { locale: started.locale } : {}),
    linkId: link.linkId,
    context: {
      ...(link.locationId ? { locationId: link.locationId } : {}),
      ...(link.journeyKey ? { journeyKey: link.journeyKey } : {}),
      ...(link.momentKey ? { momentKey: link.momentKey } : {}),
    },
    expiresAt: started.expiresAt,
  };
}

export function invitationTokenOf(row: InvitationRow): SurveyToken {
  if (row.linkId) {
    return {
      kind: 'started',
      orgId: row.orgId,
      linkId: row.linkId,
      invitationId: row.invitationId,
      version: row.surveyVersion,
      ...(isLocale(row.locale) ? { locale: row.locale } : {}),
      expiresAt: row.expiresAt,
    };
  }
  return {
    kind: 'invitation',
    orgId: row.orgId,
    surveyId: row.surveyId,
    invitationId: row.invitationId,
    version: row.surveyVersion,
    ...(isLocale(row.locale) ? { locale: row.locale } : {}),
    expiresAt: row.expiresAt,
  };
}

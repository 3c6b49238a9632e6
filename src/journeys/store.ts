import { and, asc, desc, eq, gt, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { getLocation, listLocationAncestry } from '../access/index.ts';
import type { Db } from '../platform/database.ts';
import { AppError, badRequest, conflict, NotFoundError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { isLocale } from '../platform/locales.ts';
import { forgetOrganizationReferences } from '../platform/org-reference-cache.ts';
import { decodeCursor, toPage, type Page } from '../platform/pagination.ts';
import {
  effectiveBlueprint,
  emptyBlueprint,
  errorsOf,
  hasText,
  normaliseBlueprint,
  sameContent,
  validateBlueprint,
  validateOverride,
  type Blueprint,
  type BlueprintInput,
  type EffectiveBlueprint,
  type EffectiveMoment,
  type Locale,
  type LocatedOverride,
  type Moment,
  type OverrideDocument,
  type OverrideNotice,
  type Problem,
  type Stage,
  type TranslatableText,
} from './model.ts';
import { blueprintOfDocument, journeyDocumentProblems } from './document.ts';
import { journeyOverrides, journeys, journeyVersions } from './schema.ts';
import type { JourneyDocument } from './schemas.ts';

/*
 * SQL of the journeys room. Every function takes the organisation id first and filters by it, so a
 * journey of another organisation behaves exactly like a missing one. Journeys are addressed by
 * their key, which is what people and the other rooms know them by.
 */

export type JourneyRow = typeof journeys.$inferSelect;
export type VersionRow = typeof journeyVersions.$inferSelect;
export type OverrideRow = typeof journeyOverrides.$inferSelect;
export type VersionSummary = Omit<VersionRow, 'document' | 'orgId' | 'journeyId'> & { momentCount: number };

export function fallbackOf(journey: { fallbackLocale: string }): Locale {
  return isLocale(journey.fallbackLocale) ? journey.fallbackLocale : 'en';
}

/** A 400 naming the first error, saying how many there are (the draft view lists them all). */
export function refuseProblems(problems: Problem[], what: string): void {
  const errors = errorsOf(problems);
  const first = errors[0];
  if (!first) return;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
  throw new AppError(400, 'invalid_field', `${what}: ${first.message}${more}`, first.field);
}

function checkTexts(name: TranslatableText | undefined, description: TranslatableText | null | undefined, fallback: Locale) {
  if (name !== undefined && !hasText(name, fallback)) throw badRequest(`name.${fallback}`, `name needs a text in the fallback language ${fallback}`);
  if (description && !hasText(description, fallback)) {
    throw badRequest(`description.${fallback}`, `description needs a text in the fallback language ${fallback}`);
  }
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  return code === '23505';
}

// ---------- journeys ----------

export interface NewJourney {
  key: string;
  name: TranslatableText;
  description?: TranslatableText | null;
  fallbackLocale: Locale;
  templateKey?: string | null;
  blueprint?: Blueprint;
  createdBy: string | null;
}

export async function findJourney(db: Db, orgId: string, key: string): Promise<JourneyRow | undefined> {
  const [row] = await db.select().from(journeys).where(and(eq(journeys.orgId, orgId), eq(journeys.key, key)));
  return row;
}

export async function getJourney(db: Db, orgId: string, key: string): Promise<JourneyRow> {
  const row = await findJourney(db, orgId, key);
  if (!row) throw new NotFoundError('Journey');
  return row;
}

/** A journey that may be changed: archived ones are read-only until restored. */
async function getActiveJourney(db: Db, orgId: string, key: string): Promise<JourneyRow> {
  const journey = await getJourney(db, orgId, key);
  if (journey.archivedAt) throw conflict(`journey "${key}" is archived; restore it first`);
  return journey;
}

export async function createJourney(db: Db, orgId: string, input: NewJourney): Promise<JourneyRow> {
  checkTexts(input.name, input.description, input.fallbackLocale);
  if (await findJourney(db, orgId, input.key)) throw conflict(`a journey with the key "${input.key}" already exists`, 'key');
  try {
    const [row] = await db
      .insert(journeys)
      .values({
        orgId,
        journeyId: newId(),
        key: input.key,
        name: input.name,
        description: input.description ?? null,
        fallbackLocale: input.fallbackLocale,
        templateKey: input.templateKey ?? null,
        draft: input.blueprint ?? emptyBlueprint(),
        draftUpdatedBy: input.createdBy,
      })
      .returning();
    return row!;
  } catch (error) {
    // Two requests creating the same key at once: the unique index decides.
    if (isUniqueViolation(error)) throw conflict(`a journey with the key "${input.key}" already exists`, 'key');
    throw error;
  }
}

export async function listJourneys(
  db: Db,
  orgId: string,
  options: { limit: number; cursor?: string; includeArchived?: boolean },
): Promise<Page<JourneyRow>> {
  const after = decodeCursor(options.cursor);
  const conditions: SQL[] = [eq(journeys.orgId, orgId)];
  if (after) conditions.push(gt(journeys.journeyId, after));
  if (!options.includeArchived) conditions.push(isNull(journeys.archivedAt));
  const rows = await db
    .select()
    .from(journeys)
    .where(and(...conditions))
    .orderBy(asc(journeys.journeyId))
    .limit(options.limit + 1);
  return toPage(rows, options.limit, (row) => row.journeyId);
}

export async function updateJourney(
  db: Db,
  orgId: string,
  key: string,
  patch: { name?: TranslatableText; description?: TranslatableText | null; fallbackLocale?: Locale; archived?: boolean },
): Promise<JourneyRow> {
  const current = await getJourney(db, orgId, key);
  const fallback = patch.fallbackLocale ?? fallbackOf(current);
  checkTexts(patch.name ?? current.name, patch.description === undefined ? current.description : patch.description, fallback);
  const [row] = await db
    .update(journeys)
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.fallbackLocale !== undefined ? { fallbackLocale: patch.fallbackLocale } : {}),
      // A new fallback language is a change the next published version records.
      ...(patch.fallbackLocale !== undefined && patch.fallbackLocale !== current.fallbackLocale ? { draftDiffers: true } : {}),
      ...(patch.archived !== undefined ? { archivedAt: patch.archived ? (current.archivedAt ?? new Date()) : null } : {}),
      updatedAt: new Date(),
    })
    .where(and(eq(journeys.orgId, orgId), eq(journeys.journeyId, current.journeyId)))
    .returning();
  forgetOrganizationReferences(orgId);
  return row!;
}

/** Archived, not deleted: feedback, audits and cases keep pointing at its versions. */
export async function archiveJourney(db: Db, orgId: string, key: string): Promise<void> {
  await updateJourney(db, orgId, key, { archived: true });
}

/**
 * Creates a journey from a document in the exchange format (an import or a template), as a draft or
 * published at once, in one transaction: either both happen or neither.
 */
export async function createJourneyFromDocument(
  db: Db,
  orgId: string,
  document: JourneyDocument,
  options: { key?: string; name?: TranslatableText; templateKey?: string | null; publish: boolean; by: string | null; now: Date },
): Promise<{ journey: JourneyRow; version: VersionRow | undefined }> {
  refuseProblems(journeyDocumentProblems(document), 'the journey document has problems');
  const key = options.key ?? document.key;
  const created = await db.transaction(async (tx) => {
    const created = await createJourney(tx, orgId, {
      key,
      name: options.name ?? document.name,
      description: document.description ?? null,
      fallbackLocale: document.fallbackLocale,
      templateKey: options.templateKey ?? null,
      blueprint: blueprintOfDocument(document),
      createdBy: options.by,
    });
    if (!options.publish) return { journey: created, version: undefined };
    const version = await publishDraft(tx, orgId, key, { publishedBy: options.by, now: options.now, note: null });
    return { journey: await getJourney(tx, orgId, key), version };
  });
  forgetOrganizationReferences(orgId);
  return created;
}

// ---------- draft and versions ----------

/**
 * Saves the draft. Any well-formed blueprint is kept, problems and all, so work in progress is never
 * lost; the problems are reported and publishing refuses errors. With `expectedRevision`, the save
 * only succeeds if nobody saved in between (412 otherwise).
 */
export async function saveDraft(
  db: Db,
  orgId: string,
  key: string,
  input: { blueprint: BlueprintInput; expectedRevision?: number; updatedBy: string | null; now: Date },
): Promise<JourneyRow> {
  const journey = await getActiveJourney(db, orgId, key);
  const blueprint = normaliseBlueprint(input.blueprint);
  const published = journey.publishedVersion === null ? undefined : await getVersionRow(db, orgId, journey.journeyId, journey.publishedVersion);
  const differs = !published || !sameContent(published.document, blueprint) || published.fallbackLocale !== journey.fallbackLocale;
  const conditions: SQL[] = [eq(journeys.orgId, orgId), eq(journeys.journeyId, journey.journeyId)];
  if (input.expectedRevision !== undefined) conditions.push(eq(journeys.draftRevision, input.expectedRevision));
  const [row] = await db
    .update(journeys)
    .set({
      draft: blueprint,
      draftRevision: sql`${journeys.draftRevision} + 1`,
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

export function draftProblems(journey: JourneyRow): Problem[] {
  return validateBlueprint(journey.draft, fallbackOf(journey));
}

/** Freezes the draft as the next numbered version. Refuses a draft with errors or without changes. */
export async function publishDraft(
  db: Db,
  orgId: string,
  key: string,
  input: { note?: string | null; publishedBy: string | null; now: Date },
): Promise<VersionRow> {
  const { journeyId } = await getActiveJourney(db, orgId, key);
  const published = await db.transaction(async (tx) => {
    // The row lock makes concurrent publishes of one journey take turns, so numbers never collide.
    const [journey] = await tx
      .select()
      .from(journeys)
      .where(and(eq(journeys.orgId, orgId), eq(journeys.journeyId, journeyId)))
      .for('update');
    if (!journey) throw new NotFoundError('Journey');
    refuseProblems(draftProblems(journey), 'the draft cannot be published yet');
    if (journey.publishedVersion !== null && !journey.draftDiffers) {
      throw conflict(`the draft is the same as version ${journey.publishedVersion}; there is nothing new to publish`);
    }
    const version = (journey.publishedVersion ?? 0) + 1;
    const [row] = await tx
      .insert(journeyVersions)
      .values({
        orgId,
        journeyId,
        version,
        document: journey.draft,
        fallbackLocale: journey.fallbackLocale,
        note: input.note ?? null,
        publishedAt: input.now,
        publishedBy: input.publishedBy,
      })
      .returning();
    await tx
      .update(journeys)
      .set({ publishedVersion: version, publishedAt: input.now, draftDiffers: false, updatedAt: input.now })
      .where(and(eq(journeys.orgId, orgId), eq(journeys.journeyId, journeyId)));
    return row!;
  });
  // Ingest remembers which published version holds a moment for a moment (src/platform/org-reference-cache.ts).
  forgetOrganizationReferences(orgId);
  return published;
}

async function findVersionRow(db: Db, orgId: string, journeyId: string, version: number): Promise<VersionRow | undefined> {
  const [row] = await db
    .select()
    .from(journeyVersions)
    .where(and(eq(journeyVersions.orgId, orgId), eq(journeyVersions.journeyId, journeyId), eq(journeyVersions.version, version)));
  return row;
}

async function getVersionRow(db: Db, orgId: string, journeyId: string, version: number): Promise<VersionRow> {
  const row = await findVersionRow(db, orgId, journeyId, version);
  if (!row) throw new NotFoundError('Version');
  return row;
}

export async function getVersion(db: Db, orgId: string, key: string, version: number): Promise<{ journey: JourneyRow; version: VersionRow }> {
  const journey = await getJourney(db, orgId, key);
  return { journey, version: await getVersionRow(db, orgId, journey.journeyId, version) };
}

/** Version cursors are version numbers (not ids), made opaque like the others. */
function decodeVersionCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^v[1-9]\d{0,8}$/.test(decoded)) throw badRequest('cursor', 'cursor is not a value this API returned');
  return Number(decoded.slice(1));
}

/** Newest first: the version people look for is almost always the latest. */
export async function listVersions(db: Db, orgId: string, key: string, options: { limit: number; cursor?: string }): Promise<Page<VersionSummary>> {
  const before = decodeVersionCursor(options.cursor);
  const journey = await getJourney(db, orgId, key);
  const rows = await db
    .select({
      version: journeyVersions.version,
      note: journeyVersions.note,
      fallbackLocale: journeyVersions.fallbackLocale,
      publishedAt: journeyVersions.publishedAt,
      publishedBy: journeyVersions.publishedBy,
      momentCount: sql<number>`jsonb_array_length(${journeyVersions.document} -> 'moments')::int`,
    })
    .from(journeyVersions)
    .where(
      and(
        eq(journeyVersions.orgId, orgId),
        eq(journeyVersions.journeyId, journey.journeyId),
        before !== undefined ? lt(journeyVersions.version, before) : undefined,
      ),
    )
    .orderBy(desc(journeyVersions.version))
    .limit(options.limit + 1);
  return toPage(rows, options.limit, (row) => `v${row.version}`);
}

/** The blueprint of a version number, or of the draft. */
export async function getBlueprintAt(db: Db, orgId: string, journey: JourneyRow, at: number | 'draft'): Promise<Blueprint> {
  if (at === 'draft') return journey.draft;
  return (await getVersionRow(db, orgId, journey.journeyId, at)).document;
}

// ---------- overrides ----------

/** The location and its ancestors, from the top of the tree down; 404 when it does not exist. */
async function locationChain(db: Db, orgId: string, locationId: string): Promise<string[]> {
  const chain = await listLocationAncestry(db, orgId, locationId);
  if (chain.length === 0) await getLocation(db, orgId, locationId);
  return chain;
}

async function overridesOf(db: Db, orgId: string, journeyId: string, locationIds: string[]): Promise<OverrideRow[]> {
  if (locationIds.length === 0) return [];
  const rows = await db
    .select()
    .from(journeyOverrides)
    .where(and(eq(journeyOverrides.orgId, orgId), eq(journeyOverrides.journeyId, journeyId), inArray(journeyOverrides.locationId, locationIds)));
  return locationIds.flatMap((id) => rows.filter((row) => row.locationId === id));
}

export async function findOverride(db: Db, orgId: string, key: string, locationId: string): Promise<OverrideRow | undefined> {
  const journey = await getJourney(db, orgId, key);
  const [row] = await overridesOf(db, orgId, journey.journeyId, [locationId]);
  return row;
}

export async function getOverride(db: Db, orgId: string, key: string, locationId: string): Promise<OverrideRow> {
  const row = await findOverride(db, orgId, key, locationId);
  if (!row) throw new NotFoundError('Override');
  return row;
}

export async function listOverrides(
  db: Db,
  orgId: string,
  key: string,
  options: { limit: number; cursor?: string; within?: string[] },
): Promise<Page<OverrideRow>> {
  const journey = await getJourney(db, orgId, key);
  const after = decodeCursor(options.cursor);
  if (options.within && options.within.length === 0) return { items: [], nextCursor: null };
  const rows = await db
    .select()
    .from(journeyOverrides)
    .where(
      and(
        eq(journeyOverrides.orgId, orgId),
        eq(journeyOverrides.journeyId, journey.journeyId),
        after ? gt(journeyOverrides.locationId, after) : undefined,
        options.within ? inArray(journeyOverrides.locationId, options.within) : undefined,
      ),
    )
    .orderBy(asc(journeyOverrides.locationId))
    .limit(options.limit + 1);
  return toPage(rows, options.limit, (row) => row.locationId);
}

/** What the ancestors of `chain`'s last location leave it, on central version `version`. */
async function inheritedBlueprint(db: Db, orgId: string, journeyId: string, version: VersionRow, chain: string[]): Promise<EffectiveBlueprint> {
  const ancestors = await overridesOf(db, orgId, journeyId, chain.slice(0, -1));
  return effectiveBlueprint(version.document, ancestors.map(toLocatedOverride)).blueprint;
}

function toLocatedOverride(row: OverrideRow): LocatedOverride {
  return { locationId: row.locationId, document: row.document };
}

/**
 * Creates or replaces a location's override, checked against the blueprint its ancestors leave it:
 * it may add moments and move adjustable targets within their limits, nothing else.
 */
export async function putOverride(
  db: Db,
  orgId: string,
  key: string,
  locationId: string,
  input: { baseVersion?: number; document: OverrideDocument; updatedBy: string | null; now: Date },
): Promise<OverrideRow> {
  const journey = await getActiveJourney(db, orgId, key);
  const location = await getLocation(db, orgId, locationId);
  if (location.archivedAt) throw badRequest('locationId', 'the location is archived');
  if (journey.publishedVersion === null) throw conflict(`journey "${key}" has no published version to override yet`);
  const baseVersion = input.baseVersion ?? journey.publishedVersion;
  const version = await findVersionRow(db, orgId, journey.journeyId, baseVersion);
  if (!version) throw badRequest('baseVersion', `version ${baseVersion} of journey "${key}" is not published`);
  const chain = await locationChain(db, orgId, locationId);
  const inherited = await inheritedBlueprint(db, orgId, journey.journeyId, version, chain);
  refuseProblems(validateOverride(input.document, inherited, fallbackOf(journey)), 'the override cannot be saved');
  const values = { baseVersion, document: input.document, updatedAt: input.now, updatedBy: input.updatedBy };
  const [row] = await db
    .insert(journeyOverrides)
    .values({ orgId, journeyId: journey.journeyId, locationId, createdAt: input.now, ...values })
    .onConflictDoUpdate({ target: [journeyOverrides.orgId, journeyOverrides.journeyId, journeyOverrides.locationId], set: values })
    .returning();
  forgetOrganizationReferences(orgId);
  return row!;
}

export async function deleteOverride(db: Db, orgId: string, key: string, locationId: string): Promise<void> {
  const journey = await getJourney(db, orgId, key);
  const rows = await db
    .delete(journeyOverrides)
    .where(and(eq(journeyOverrides.orgId, orgId), eq(journeyOverrides.journeyId, journey.journeyId), eq(journeyOverrides.locationId, locationId)))
    .returning({ locationId: journeyOverrides.locationId });
  forgetOrganizationReferences(orgId);
  if (rows.length === 0) throw new NotFoundError('Override');
}

/**
 * Takes one moment out of a location's override. Only a moment that this location added can go:
 * central moments and moments added higher up the tree are refused with a 400 naming the moment.
 */
export async function removeAddedMoment(
  db: Db,
  orgId: string,
  key: string,
  locationId: string,
  momentKey: string,
  by: { updatedBy: string | null; now: Date },
): Promise<OverrideRow> {
  const journey = await getActiveJourney(db, orgId, key);
  const chain = await locationChain(db, orgId, locationId);
  const own = (await overridesOf(db, orgId, journey.journeyId, [locationId]))[0];
  const removed = own?.document.addedMoments.find((moment) => moment.key === momentKey);
  if (own && removed) {
    // Moments placed right after the removed one move up to its place.
    const document: OverrideDocument = {
      addedMoments: own.document.addedMoments
        .filter((moment) => moment.key !== momentKey)
        .map(({ after, ...moment }) => {
          const anchor = after === momentKey ? removed.after : after;
          return { ...moment, ...(anchor !== undefined ? { after: anchor } : {}) };
        }),
      benchmarkAdjustments: own.document.benchmarkAdjustments,
    };
    return putOverride(db, orgId, key, locationId, { baseVersion: own.baseVersion, document, updatedBy: by.updatedBy, now: by.now });
  }
  const version = journey.publishedVersion === null ? undefined : await getVersionRow(db, orgId, journey.journeyId, own?.baseVersion ?? journey.publishedVersion);
  const inherited = version ? await inheritedBlueprint(db, orgId, journey.journeyId, version, chain) : undefined;
  const moment = inherited?.moments.find((candidate) => candidate.key === momentKey);
  if (!moment) throw new NotFoundError('Moment');
  if (moment.origin === 'central') {
    throw badRequest('momentKey', `"${momentKey}" is a moment of the central blueprint; a location may add moments but never remove central ones`);
  }
  throw badRequest('momentKey', `"${momentKey}" was added by location ${moment.origin}; only that location's override can remove it`);
}

// ---------- effective blueprint ----------

export interface EffectiveResult {
  journey: JourneyRow;
  version: number;
  fallbackLocale: Locale;
  appliedOverrides: { locationId: string; baseVersion: number }[];
  notices: OverrideNotice[];
  blueprint: EffectiveBlueprint;
}

/** The blueprint an outlet (or region, city) works to, on the latest or a given published version. */
export async function computeEffectiveBlueprint(db: Db, orgId: string, key: string, locationId: string, at?: number): Promise<EffectiveResult> {
  const journey = await getJourney(db, orgId, key);
  const chain = await locationChain(db, orgId, locationId);
  const versionNumber = at ?? journey.publishedVersion;
  if (versionNumber === null) throw conflict(`journey "${key}" has no published version yet`);
  const version = await getVersionRow(db, orgId, journey.journeyId, versionNumber);
  const overrides = await overridesOf(db, orgId, journey.journeyId, chain);
  const { blueprint, notices } = effectiveBlueprint(version.document, overrides.map(toLocatedOverride));
  return {
    journey,
    version: versionNumber,
    fallbackLocale: isLocale(version.fallbackLocale) ? version.fallbackLocale : fallbackOf(journey),
    appliedOverrides: overrides.map((row) => ({ locationId: row.locationId, baseVersion: row.baseVersion })),
    notices,
    blueprint,
  };
}

/**
 * The blueprint a location works to on a published version the caller has read already (the insights
 * heatmap reads the version with its scores): only the location's ancestry and the overrides along it
 * are read, not the journey and the version again. NotFound when the location does not exist.
 */
export async function effectiveBlueprintOfVersion(db: Db, orgId: string, journeyId: string, document: Blueprint, locationId: string): Promise<EffectiveBlueprint> {
  const overrides = await overridesOf(db, orgId, journeyId, await locationChain(db, orgId, locationId));
  return effectiveBlueprint(document, overrides.map(toLocatedOverride)).blueprint;
}

// ---------- for other rooms ----------

export interface PublishedMoment {
  journeyId: string;
  journeyKey: string;
  version: number;
  stage: Stage;
  moment: Moment;
}

/**
 * A moment as published in a version (the latest when `version` is omitted), or undefined when the
 * journey, the version or the moment does not exist. Feedback, audits and cases record
 * (journey key, moment key, version) with it.
 */
export async function findPublishedMoment(
  db: Db,
  orgId: string,
  journeyKey: string,
  momentKey: string,
  version?: number,
): Promise<PublishedMoment | undefined> {
  const journey = await findJourney(db, orgId, journeyKey);
  const number = version ?? journey?.publishedVersion ?? undefined;
  if (!journey || number === undefined) return undefined;
  const row = await findVersionRow(db, orgId, journey.journeyId, number);
  const moment = row?.document.moments.find((candidate) => candidate.key === momentKey);
  const stage = moment && row?.document.stages.find((candidate) => candidate.key === moment.stageKey);
  if (!moment || !stage) return undefined;
  return { journeyId: journey.journeyId, journeyKey, version: number, stage, moment };
}

/**
 * Like findPublishedMoment, but in the effective blueprint of a location, so moments added by the
 * outlet or its region are found too (with their origin and locally adjusted targets).
 */
export async function findEffectiveMoment(
  db: Db,
  orgId: string,
  journeyKey: string,
  momentKey: string,
  locationId: string,
  version?: number,
): Promise<(Omit<PublishedMoment, 'moment'> & { moment: EffectiveMoment }) | undefined> {
  const journey = await findJourney(db, orgId, journeyKey);
  if (!journey || (version === undefined && journey.publishedVersion === null)) return undefined;
  try {
    const result = await computeEffectiveBlueprint(db, orgId, journeyKey, locationId, version);
    const moment = result.blueprint.moments.find((candidate) => candidate.key === momentKey);
    const stage = moment && result.blueprint.stages.find((candidate) => candidate.key === moment.stageKey);
    if (!moment || !stage) return undefined;
    const { displayName: _displayName, ...plainStage } = stage;
    return { journeyId: journey.journeyId, journeyKey, version: result.version, stage: plainStage, moment };
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

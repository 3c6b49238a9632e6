import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, inArray, isNull, lt } from 'drizzle-orm';
import { findLocationIdsByCode, getLocation } from '../access/index.ts';
import type { Db } from '../platform/database.ts';
import { badRequest, NotFoundError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { Locale } from '../platform/locales.ts';
import { decodeCursor, toPage, type Page } from '../platform/pagination.ts';
import { createMomentResolver } from './ingest.ts';
import { compactAnswers, extractScores, validateAnswers, type Answers, type SurveyDefinition } from './model.ts';
import { recordResponses, type NewResponse, type ResponsesRecordedListener } from './responses.ts';
import { responses } from './schema.ts';
import { findSurveyById, findVersionRow, getSurvey, getSurveyVersion, type SurveyRow, type SurveyVersionRow } from './store.ts';
import { kioskDevices } from './webhook-schema.ts';

/*
 * Kiosk devices: a tablet on the counter that asks every customer the same short survey. A device
 * belongs to a location (and optionally a moment and a staff member); its token — a random secret
 * shown once, stored only as SHA-256 — opens the kiosk page and authenticates its uploads.
 *
 * The page keeps every answer in the device's own storage first and uploads later, so a customer's
 * tap is never lost to a dropped Wi-Fi. Each answer carries a client id made on the device; the
 * response's external id is `kiosk:<deviceId>:<clientId>`, so uploading the same queue twice (the
 * answer to the first upload was lost) stores each answer once.
 */

export type KioskDeviceRow = typeof kioskDevices.$inferSelect;

/** Question types the kiosk can ask with big buttons; a survey with another required type cannot run on a kiosk. */
export const KIOSK_QUESTION_TYPES = ['nps', 'csat', 'ces', 'moment_rating', 'single_choice', 'multiple_choice', 'text', 'consent'] as const;
export const MAX_KIOSK_BATCH = 200;
const TOKEN_PREFIX = 'kd_';

export function hashDeviceToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function newDeviceToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

function checkKioskSurvey(definition: SurveyDefinition): void {
  const unsupported = definition.questions.find((question) => question.required && !(KIOSK_QUESTION_TYPES as readonly string[]).includes(question.type));
  if (unsupported) {
    throw badRequest('surveyKey', `question "${unsupported.id}" (${unsupported.type}) is required but cannot be asked on a kiosk; kiosks ask ${KIOSK_QUESTION_TYPES.join(', ')}`);
  }
}

export interface DeviceInput {
  name?: string | undefined;
  surveyKey?: string | undefined;
  locationId?: string | undefined;
  locationCode?: string | undefined;
  journeyKey?: string | null | undefined;
  momentKey?: string | null | undefined;
  staffId?: string | null | undefined;
  locale?: Locale | null | undefined;
  resetSeconds?: number | undefined;
}

async function resolveDeviceLocation(db: Db, orgId: string, input: DeviceInput): Promise<string | undefined> {
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

async function checkMoment(db: Db, orgId: string, journeyKey: string | null | undefined, momentKey: string | null | undefined, locationId: string): Promise<void> {
  if (!momentKey) return;
  const resolved = await createMomentResolver(db, orgId)(journeyKey ?? undefined, momentKey, locationId);
  if (!resolved.ok) throw badRequest(resolved.error.field, resolved.error.message);
}

async function publishedVersionOf(db: Db, orgId: string, survey: SurveyRow): Promise<SurveyVersionRow> {
  if (survey.archivedAt) throw badRequest('surveyKey', `survey "${survey.key}" is archived`);
  if (survey.publishedVersion === null) throw badRequest('surveyKey', `survey "${survey.key}" has no published version yet`);
  return (await getSurveyVersion(db, orgId, survey.key, survey.publishedVersion)).version;
}

export async function createKioskDevice(
  db: Db,
  orgId: string,
  input: DeviceInput & { name: string; surveyKey: string },
  by: { createdBy: string | null; now: Date },
): Promise<{ device: KioskDeviceRow; token: string }> {
  const survey = await getSurveyForField(db, orgId, input.surveyKey);
  checkKioskSurvey((await publishedVersionOf(db, orgId, survey)).definition);
  const locationId = await resolveDeviceLocation(db, orgId, input);
  if (!locationId) throw badRequest('locationId', 'a kiosk belongs to a location: send locationId or locationCode');
  await checkMoment(db, orgId, input.journeyKey, input.momentKey, locationId);
  const token = newDeviceToken();
  const [device] = await db
    .insert(kioskDevices)
    .values({
      orgId,
      deviceId: newId(by.now.getTime()),
      name: input.name,
      locationId,
      surveyId: survey.surveyId,
      journeyKey: input.journeyKey ?? null,
      momentKey: input.momentKey ?? null,
      staffId: input.staffId ?? null,
      locale: input.locale ?? null,
      resetSeconds: input.resetSeconds ?? 20,
      tokenHash: hashDeviceToken(token),
      createdBy: by.createdBy,
      createdAt: by.now,
    })
    .returning();
  return { device: device!, token };
}

async function getSurveyForField(db: Db, orgId: string, key: string): Promise<SurveyRow> {
  try {
    return await getSurvey(db, orgId, key);
  } catch (error) {
    if (error instanceof NotFoundError) throw badRequest('surveyKey', `there is no survey "${key}"`);
    throw error;
  }
}

export async function getKioskDevice(db: Db, orgId: string, deviceId: string): Promise<KioskDeviceRow> {
  const [row] = await db.select().from(kioskDevices).where(and(eq(kioskDevices.orgId, orgId), eq(kioskDevices.deviceId, deviceId)));
  if (!row) throw new NotFoundError('Kiosk device');
  return row;
}

export async function listKioskDevices(
  db: Db,
  orgId: string,
  options: { limit: number; cursor?: string | undefined; locationIds?: string[] | undefined; includeRevoked?: boolean | undefined },
): Promise<Page<KioskDeviceRow>> {
  if (options.locationIds && options.locationIds.length === 0) return { items: [], nextCursor: null };
  const after = decodeCursor(options.cursor);
  const rows = await db
    .select()
    .from(kioskDevices)
    .where(
      and(
        eq(kioskDevices.orgId, orgId),
        options.locationIds ? inArray(kioskDevices.locationId, options.locationIds) : undefined,
        options.includeRevoked ? undefined : isNull(kioskDevices.revokedAt),
        after ? lt(kioskDevices.deviceId, after) : undefined,
      ),
    )
    .orderBy(desc(kioskDevices.deviceId))
    .limit(options.limit + 1);
  return toPage(rows, options.limit, (row) => row.deviceId);
}

export async function updateKioskDevice(db: Db, orgId: string, deviceId: string, input: DeviceInput & { rotateToken?: boolean }): Promise<{ device: KioskDeviceRow; token?: string }> {
  const current = await getKioskDevice(db, orgId, deviceId);
  if (current.revokedAt) throw badRequest('deviceId', 'this device is revoked; register a new one');
  const journeyKey = input.journeyKey !== undefined ? input.journeyKey : current.journeyKey;
  const momentKey = input.momentKey !== undefined ? input.momentKey : current.momentKey;
  if (input.journeyKey !== undefined || input.momentKey !== undefined) await checkMoment(db, orgId, journeyKey, momentKey, current.locationId);
  const token = input.rotateToken ? newDeviceToken() : undefined;
  const [device] = await db
    .update(kioskDevices)
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.staffId !== undefined ? { staffId: input.staffId } : {}),
      ...(input.locale !== undefined ? { locale: input.locale } : {}),
      ...(input.resetSeconds !== undefined ? { resetSeconds: input.resetSeconds } : {}),
      journeyKey,
      momentKey,
      ...(token ? { tokenHash: hashDeviceToken(token) } : {}),
    })
    .where(and(eq(kioskDevices.orgId, orgId), eq(kioskDevices.deviceId, deviceId)))
    .returning();
  return { device: device!, ...(token ? { token } : {}) };
}

export async function revokeKioskDevice(db: Db, orgId: string, deviceId: string, now: Date): Promise<void> {
  const current = await getKioskDevice(db, orgId, deviceId);
  if (current.revokedAt) return;
  await db.update(kioskDevices).set({ revokedAt: now }).where(and(eq(kioskDevices.orgId, orgId), eq(kioskDevices.deviceId, deviceId)));
}

/** The active device a token opens (any organisation: the token is the credential), or undefined. */
export async function findDeviceByToken(db: Db, token: string): Promise<KioskDeviceRow | undefined> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return undefined;
  const [row] = await db.select().from(kioskDevices).where(eq(kioskDevices.tokenHash, hashDeviceToken(token)));
  return row && !row.revokedAt ? row : undefined;
}

export async function touchDevice(db: Db, device: KioskDeviceRow, now: Date): Promise<void> {
  await db.update(kioskDevices).set({ lastSeenAt: now }).where(and(eq(kioskDevices.orgId, device.orgId), eq(kioskDevices.deviceId, device.deviceId)));
}

/** The survey version the device shows now (the latest published), with its survey. */
export async function deviceSurvey(db: Db, device: KioskDeviceRow): Promise<{ survey: SurveyRow; version: SurveyVersionRow } | undefined> {
  const survey = await findSurveyById(db, device.orgId, device.surveyId);
  if (!survey || survey.archivedAt || survey.publishedVersion === null) return undefined;
  const version = await findVersionRow(db, device.orgId, survey.surveyId, survey.publishedVersion);
  return version ? { survey, version } : undefined;
}

// ---------- uploads ----------

export interface KioskAnswerInput {
  clientId: string;
  answeredAt: string;
  version?: number | undefined;
  locale?: Locale | undefined;
  answers: Record<string, unknown>;
}

export interface KioskUploadResult {
  index: number;
  clientId: string;
  status: 'created' | 'existing' | 'failed';
  responseId: string | null;
  error?: { field: string; message: string };
}

const FUTURE_TOLERANCE_MS = 24 * 60 * 60 * 1000;

export async function uploadKioskAnswers(
  db: Db,
  device: KioskDeviceRow,
  items: readonly KioskAnswerInput[],
  now: Date,
  listeners: readonly ResponsesRecordedListener[],
): Promise<KioskUploadResult[]> {
  const orgId = device.orgId;
  const results: KioskUploadResult[] = [];
  const versions = new Map<number, SurveyVersionRow | undefined>();
  const survey = await findSurveyById(db, orgId, device.surveyId);
  const versionOf = async (number: number) => {
    if (!versions.has(number)) versions.set(number, await findVersionRow(db, orgId, device.surveyId, number));
    return versions.get(number);
  };
  const resolve = createMomentResolver(db, orgId);
  const prepared: { index: number; clientId: string; row: NewResponse }[] = [];
  for (const [index, item] of items.entries()) {
    const fail = (field: string, message: string) => results.push({ index, clientId: item.clientId, status: 'failed', responseId: null, error: { field: `responses.${index}.${field}`, message } });
    const number = item.version ?? survey?.publishedVersion ?? undefined;
    const version = number === undefined ? undefined : await versionOf(number);
    if (!survey || !version) {
      fail('version', 'the survey has no such published version');
      continue;
    }
    const answeredAt = new Date(item.answeredAt);
    if (answeredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
      fail('answeredAt', 'answeredAt is more than a day in the future (check the device clock)');
      continue;
    }
    const answers = compactAnswers(item.answers as Answers);
    if (Object.keys(answers).length === 0) {
      fail('answers', 'answers holds no answer');
      continue;
    }
    // A customer may walk away before the last question: what they gave is kept, so only values are checked.
    const [problem] = validateAnswers(version.definition, answers, 'partial');
    if (problem) {
      fail(problem.field, problem.message);
      continue;
    }
    const journeyKey = device.momentKey ? (device.journeyKey ?? undefined) : version.definition.about?.journeyKey;
    const momentKey = device.momentKey ?? version.definition.about?.momentKey;
    let placement: Pick<NewResponse, 'journeyId' | 'journeyKey' | 'journeyVersion' | 'momentKey'> = { journeyId: null, journeyKey: journeyKey ?? null, journeyVersion: null, momentKey: null };
    if (momentKey) {
      const resolved = await resolve(journeyKey, momentKey, device.locationId);
      if (!resolved.ok) {
        fail('momentKey', resolved.error.message);
        continue;
      }
      placement = { journeyId: resolved.moment.journeyId, journeyKey: resolved.moment.journeyKey, journeyVersion: resolved.moment.version, momentKey };
    }
    prepared.push({
      index,
      clientId: item.clientId,
      row: {
        externalId: `kiosk:${device.deviceId}:${item.clientId}`,
        contentHash: null,
        invitationId: null,
        surveyId: device.surveyId,
        surveyVersion: version.version,
        ...placement,
        interactionId: null,
        visitId: null,
        locationId: device.locationId,
        staffId: device.staffId,
        customerId: null,
        channel: 'kiosk',
        locale: item.locale ?? device.locale,
        answers,
        ...extractScores(version.definition, answers),
        source: 'kiosk',
        submittedAt: answeredAt,
      },
    });
  }
  if (prepared.length > 0) {
    await db.transaction(async (tx) => {
      const inserted = await recordResponses(tx, orgId, prepared.map((item) => item.row), now, listeners);
      const created = new Map(inserted.map((row) => [row.externalId!, row.responseId] as const));
      const missing = prepared.map((item) => item.row.externalId!).filter((id) => !created.has(id));
      const existing = new Map<string, string>();
      if (missing.length > 0) {
        const found = await tx
          .select({ responseId: responses.responseId, externalId: responses.externalId })
          .from(responses)
          .where(and(eq(responses.orgId, orgId), inArray(responses.externalId, missing)));
        for (const row of found) existing.set(row.externalId!, row.responseId);
      }
      for (const item of prepared) {
        const externalId = item.row.externalId!;
        const responseId = created.get(externalId);
        results.push(responseId ? { index: item.index, clientId: item.clientId, status: 'created', responseId } : { index: item.index, clientId: item.clientId, status: 'existing', responseId: existing.get(externalId) ?? null });
      }
    });
  }
  return results.sort((a, b) => a.index - b.index);
}

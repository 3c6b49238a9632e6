import { and, desc, eq, gte, inArray, isNotNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/database.ts';
import { NotFoundError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { orgReferenceCache } from '../platform/org-reference-cache.ts';
import { prepared } from '../platform/prepared-statements.ts';
import type { Page } from '../platform/pagination.ts';
import {
  batchResult,
  BULK_ROWS,
  chunksOf,
  createMomentResolver,
  externalIdOf,
  inTextList,
  recordsetOf,
  resolveLocationCodes,
  rowsOfResult,
  settleOutcomes,
  upsertCustomers,
  type BatchResult,
  type ItemOutcome,
  type ResolvedMoment,
} from './ingest.ts';
import { findInteraction, findInteractionsByExternalId, type InteractionRow } from './interactions.ts';
import { compactAnswers, contentHash, extractScores, validateAnswers, type Answers, type SurveyChannel, type SurveyDefinition } from './model.ts';
import { customers, responses, surveys, surveyVersions } from './schema.ts';
import { beforeKey, decodeTimeCursor, toTimePage } from './time-cursor.ts';
import { itemChecker, ResponseInputSchema, type ItemError, type ResponseInput } from './schemas.ts';
import { markInvitationSubmitted, saveInvitationAnswers, type Respondent } from './store.ts';

/*
 * Responses: answers tied to the survey version, the moment (journey key, moment key, journey
 * version), the visit, location, staff member and customer they are about, with NPS / CSAT / CES and
 * the comment extracted into columns.
 *
 * Every response is written by recordResponses(), inside the caller's transaction — the one place
 * where the insights room will keep its rollups in step with the responses.
 */

export type ResponseRow = typeof responses.$inferSelect;
export type NewResponse = Omit<ResponseRow, 'orgId' | 'responseId' | 'createdAt'>;
export type ResponseWithKeys = ResponseRow & { surveyKey: string; customerExternalId: string | null };

/**
 * Inserts responses in multi-row statements and returns the rows actually inserted. A response whose
 * external id or invitation is already stored is skipped (ON CONFLICT DO NOTHING), so a retry never
 * counts twice — which is why rollups must be fed from the returned rows only.
 */
/**
 * Called inside the transaction that stored `rows` (only rows really inserted, never skipped retries),
 * so what it writes commits or rolls back with the responses: the insights rollups, recovery cases.
 * The composition root (main.ts) supplies them, so feedback never imports the rooms that listen.
 */
export interface ResponsesRecordedFunction {
  (tx: Db, orgId: string, rows: readonly ResponseRow[], now: Date): Promise<void>;
  /**
   * Whether the listener would write anything for these rows once they are inserted, asked before the
   * insert (from what it remembers of the organisation: rules, endpoints). A listener that answers no
   * is left out for that batch, so the insert and every statement part can go as one statement (see
   * activeListeners). Without it the listener always runs.
   */
  hasWorkFor?(db: Db, orgId: string, rows: readonly NewResponse[], now: Date): Promise<boolean>;
}

/**
 * A listener that only writes: its writes become part of a statement recordResponses sends anyway,
 * instead of statements of their own. Each statement costs a round trip to the database server, and a
 * round trip is the dearest part of a small write (a wake-up of another process on another core:
 * ~80–150 µs of the server's time on the benchmark machine, BENCHMARKS.md).
 *
 * `statementPart` returns data-modifying common-table expressions (`name as (insert …), …`, names of
 * the listener's own, never `inserted`), or undefined when it has nothing to write for these rows. It
 * is given every row of the batch being inserted; `onlyInserted(responseId)` is the condition that keeps
 * the rows really inserted (a retried external id inserts nothing and must add nothing).
 */
export interface ResponsesRecordedPart {
  statementPart(orgId: string, rows: readonly ResponseRow[], now: Date, onlyInserted: (responseId: SQL) => SQL): SQL | undefined;
}

export type ResponsesRecordedListener = ResponsesRecordedFunction | ResponsesRecordedPart;

/**
 * The listeners that have something to do for `rows`: function listeners whose hasWorkFor says no
 * are left out. When only statement parts remain (and no customer is upserted), a batch is stored by
 * ONE statement — the insert with every part — which needs no transaction of its own: ingestResponses
 * then sends it alone (no BEGIN and COMMIT round trips; the hot rollup rows are locked only while that
 * statement runs).
 */
export async function activeListeners(
  db: Db,
  orgId: string,
  rows: readonly NewResponse[],
  now: Date,
  listeners: readonly ResponsesRecordedListener[],
): Promise<ResponsesRecordedListener[]> {
  const active: ResponsesRecordedListener[] = [];
  for (const listener of listeners) {
    if (typeof listener === 'function' && listener.hasWorkFor && !(await listener.hasWorkFor(db, orgId, rows, now))) continue;
    active.push(listener);
  }
  return active;
}

/**
 * Runs statement parts on their own, for rows all already inserted (the rebuild, tests, and the parts
 * that follow a function listener in recordResponses).
 */
export async function runStatementParts(tx: Db, orgId: string, parts: readonly ResponsesRecordedPart[], rows: readonly ResponseRow[], now: Date): Promise<void> {
  for (const chunk of chunksOf([...rows], BULK_ROWS)) {
    const ctes = parts.flatMap((part) => part.statementPart(orgId, chunk, now, () => sql`true`) ?? []);
    if (ctes.length > 0) await tx.execute(prepared(sql`with ${sql.join(ctes, sql`, `)} select 1`));
  }
}

/**
 * Every column recordResponses writes from the row, with its SQL name and type (the key type makes
 * a column added to the table without a line here a compile error, so none is silently dropped).
 */
const RESPONSE_COLUMNS: Record<Exclude<keyof ResponseRow, 'orgId' | 'createdAt'>, [name: string, type: string]> = {
  responseId: ['response_id', 'text'],
  externalId: ['external_id', 'text'],
  contentHash: ['content_hash', 'text'],
  invitationId: ['invitation_id', 'text'],
  surveyId: ['survey_id', 'text'],
  surveyVersion: ['survey_version', 'int'],
  journeyId: ['journey_id', 'text'],
  journeyKey: ['journey_key', 'text'],
  journeyVersion: ['journey_version', 'int'],
  momentKey: ['moment_key', 'text'],
  interactionId: ['interaction_id', 'text'],
  visitId: ['visit_id', 'text'],
  locationId: ['location_id', 'text'],
  staffId: ['staff_id', 'text'],
  customerId: ['customer_id', 'text'],
  channel: ['channel', 'text'],
  locale: ['locale', 'text'],
  answers: ['answers', 'jsonb'],
  nps: ['nps', 'smallint'],
  csat: ['csat', 'smallint'],
  ces: ['ces', 'smallint'],
  comment: ['comment', 'text'],
  consent: ['consent', 'boolean'],
  source: ['source', 'text'],
  submittedAt: ['submitted_at', 'timestamptz'],
};
const responseColumnEntries = Object.entries(RESPONSE_COLUMNS) as [keyof ResponseRow, [string, string]][];
const RESPONSE_RECORD_TYPE = responseColumnEntries.map(([, [name, type]]) => `${name} ${type}`).join(', ');
const RESPONSE_INSERT_COLUMNS = sql.raw(responseColumnEntries.map(([, [name]]) => name).join(', '));
const RESPONSE_SELECT_COLUMNS = sql.raw(responseColumnEntries.map(([, [name]]) => `r.${name}`).join(', '));

/** A literal object (not built key by key, which is several times slower to make and to stringify on 10,000 rows). */
function responseRecord(row: ResponseRow) {
  return {
    response_id: row.responseId,
    external_id: row.externalId,
    content_hash: row.contentHash,
    invitation_id: row.invitationId,
    survey_id: row.surveyId,
    survey_version: row.surveyVersion,
    journey_id: row.journeyId,
    journey_key: row.journeyKey,
    journey_version: row.journeyVersion,
    moment_key: row.momentKey,
    interaction_id: row.interactionId,
    visit_id: row.visitId,
    location_id: row.locationId,
    staff_id: row.staffId,
    customer_id: row.customerId,
    channel: row.channel,
    locale: row.locale,
    answers: row.answers,
    nps: row.nps,
    csat: row.csat,
    ces: row.ces,
    comment: row.comment,
    consent: row.consent,
    source: row.source,
    submitted_at: row.submittedAt,
  };
}
// responseRecord must write exactly the columns of RESPONSE_COLUMNS: checked once when the module loads.
{
  const written = Object.keys(responseRecord({} as ResponseRow)).sort().join();
  const expected = responseColumnEntries.map(([, [name]]) => name).sort().join();
  if (written !== expected) throw new Error(`responseRecord writes ${written}, RESPONSE_COLUMNS lists ${expected}`);
}

export async function recordResponses(
  tx: Db,
  orgId: string,
  rows: NewResponse[],
  now: Date,
  listeners: readonly ResponsesRecordedListener[] = [],
): Promise<ResponseRow[]> {
  // Listeners run in their order. The statement parts before the first function listener are sent
  // with the insert itself (one round trip); a function listener needs the inserted rows, so it and
  // everything after it run once the insert answered — the parts after it together in one statement
  // (the rollups come last on purpose: their hot rows stay locked only until the commit that follows).
  const firstFunction = listeners.findIndex((listener) => typeof listener === 'function');
  const leading = (firstFunction === -1 ? listeners : listeners.slice(0, firstFunction)) as ResponsesRecordedPart[];
  const after = firstFunction === -1 ? [] : listeners.slice(firstFunction);
  const onlyInserted = (responseId: SQL) => sql`${responseId} in (select response_id from inserted)`;
  const inserted: ResponseRow[] = [];
  for (const chunk of chunksOf(rows, BULK_ROWS)) {
    const full: ResponseRow[] = chunk.map((row) => ({ ...row, orgId, responseId: newId(now.getTime()), createdAt: now }));
    const parts = leading.flatMap((listener) => listener.statementPart(orgId, full, now, onlyInserted) ?? []);
    // Only the ids come back: the rows are known here already, and what the listeners get must be
    // exactly the rows inserted (a skipped retry returns no id).
    const result = await tx.execute(prepared(sql`
      with inserted as (
        insert into responses (org_id, ${RESPONSE_INSERT_COLUMNS}, created_at)
        select ${orgId}, ${RESPONSE_SELECT_COLUMNS}, ${now.toISOString()}::timestamptz
        from ${recordsetOf(full.map(responseRecord), RESPONSE_RECORD_TYPE)}
        on conflict do nothing
        returning response_id
      )${parts.length > 0 ? sql`, ${sql.join(parts, sql`, `)}` : sql``}
      select response_id from inserted`));
    const ids = new Set(rowsOfResult<{ response_id: string }>(result).map((row) => row.response_id));
    for (const row of full) if (ids.has(row.responseId)) inserted.push(row);
  }
  if (inserted.length === 0) return inserted;
  for (let index = 0; index < after.length; index += 1) {
    const listener = after[index]!;
    if (typeof listener === 'function') {
      await listener(tx, orgId, inserted, now);
      continue;
    }
    let end = index;
    while (end + 1 < after.length && typeof after[end + 1] !== 'function') end += 1;
    await runStatementParts(tx, orgId, after.slice(index, end + 1) as ResponsesRecordedPart[], inserted, now);
    index = end;
  }
  return inserted;
}

/**
 * Called inside the transaction that deleted `rows` (only rows really deleted), so the insights
 * rollups subtract exactly what went. Wired by main.ts like ResponsesRecordedListener.
 */
export type ResponsesDeletedListener = (tx: Db, orgId: string, rows: readonly ResponseRow[], now: Date) => Promise<void>;

/**
 * Deletes responses by id (at most `chunksOf`'s chunk per statement) and tells the listeners, in one
 * transaction. `locationIds` (a reader's scope) leaves responses outside it untouched. Ids that do
 * not exist (or were deleted already) are ignored: the caller compares the returned rows.
 */
export async function deleteResponses(
  db: Db,
  orgId: string,
  responseIds: readonly string[],
  now: Date,
  options: { locationIds?: string[]; listeners?: readonly ResponsesDeletedListener[] } = {},
): Promise<ResponseRow[]> {
  if (responseIds.length === 0 || (options.locationIds && options.locationIds.length === 0)) return [];
  return db.transaction(async (tx) => {
    const deleted: ResponseRow[] = [];
    for (const chunk of chunksOf([...new Set(responseIds)])) {
      const gone = await tx
        .delete(responses)
        .where(and(eq(responses.orgId, orgId), inArray(responses.responseId, chunk), options.locationIds ? inArray(responses.locationId, options.locationIds) : undefined))
        .returning();
      deleted.push(...gone);
    }
    if (deleted.length > 0) for (const listener of options.listeners ?? []) await listener(tx, orgId, deleted, now);
    return deleted;
  });
}

/** Deletes one response; NotFoundError when it does not exist or lies outside `locationIds`. */
export async function deleteResponse(
  db: Db,
  orgId: string,
  responseId: string,
  now: Date,
  options: { locationIds?: string[]; listeners?: readonly ResponsesDeletedListener[] } = {},
): Promise<ResponseRow> {
  const [deleted] = await deleteResponses(db, orgId, [responseId], now, options);
  if (!deleted) throw new NotFoundError('Response');
  return deleted;
}

// ---------- the moment a response is about ----------

interface ResponseContext {
  interaction?: InteractionRow | undefined;
  journeyKey?: string | undefined;
  momentKey?: string | undefined;
  locationId?: string | undefined;
}

type Placement = Pick<NewResponse, 'journeyId' | 'journeyKey' | 'journeyVersion' | 'momentKey'>;

/**
 * Where a response belongs in the journeys: an interaction's moment and version as recorded; else
 * the named (or the survey's) moment in the latest published version; a journey without a moment
 * (a visit survey) keeps just its key.
 */
async function placeResponse(
  resolve: ReturnType<typeof createMomentResolver>,
  definition: SurveyDefinition,
  context: ResponseContext,
): Promise<{ ok: true; placement: Placement } | { ok: false; error: ItemError }> {
  const { interaction } = context;
  const named = context.journeyKey !== undefined || context.momentKey !== undefined;
  if (interaction && !named) {
    return {
      ok: true,
      placement: { journeyId: interaction.journeyId, journeyKey: interaction.journeyKey, journeyVersion: interaction.journeyVersion, momentKey: interaction.momentKey },
    };
  }
  const journeyKey = named ? context.journeyKey : definition.about?.journeyKey;
  const momentKey = named ? context.momentKey : definition.about?.momentKey;
  if (!momentKey) {
    return { ok: true, placement: { journeyId: null, journeyKey: journeyKey ?? null, journeyVersion: null, momentKey: null } };
  }
  const resolved = await resolve(journeyKey, momentKey, context.locationId ?? interaction?.locationId);
  if (!resolved.ok) return resolved;
  return { ok: true, placement: placementOf(resolved.moment, momentKey) };
}

function placementOf(moment: ResolvedMoment, momentKey: string): Placement {
  return { journeyId: moment.journeyId, journeyKey: moment.journeyKey, journeyVersion: moment.version, momentKey };
}

// ---------- the public survey page ----------

export type SubmitOutcome = { status: 'created'; response: ResponseRow } | { status: 'already_submitted' };

class AlreadySubmitted extends Error {}

/**
 * Records a respondent's final answers (already checked against the version). The invitation row
 * takes the answers unless it was submitted before; the unique index on responses(invitation_id)
 * decides a race between two submissions; the loser rolls back and is told "already answered".
 */
export async function submitInvitation(
  db: Db,
  respondent: Respondent,
  definition: SurveyDefinition,
  answers: Answers,
  options: { locale: string; now: Date; listeners?: readonly ResponsesRecordedListener[] },
): Promise<SubmitOutcome> {
  const { orgId, context } = respondent;
  const resolve = createMomentResolver(db, orgId);
  const interaction = context.interactionId ? await findInteraction(db, orgId, context.interactionId) : undefined;
  const placed = await placeResponse(resolve, definition, { interaction, journeyKey: context.journeyKey, momentKey: context.momentKey, locationId: context.locationId });
  // The moment was checked when the link was issued; if its journey changed since, keep the keys.
  const placement: Placement = placed.ok
    ? placed.placement
    : { journeyId: null, journeyKey: context.journeyKey ?? null, journeyVersion: null, momentKey: context.momentKey ?? null };
  const scores = extractScores(definition, answers);
  try {
    return await db.transaction(async (tx) => {
      const invitation = await saveInvitationAnswers(tx, respondent, answers, options.now);
      if (!invitation) throw new AlreadySubmitted();
      const [response] = await recordResponses(
        tx,
        orgId,
        [
          {
            externalId: null,
            contentHash: null,
            invitationId: respondent.invitationId,
            surveyId: respondent.surveyId,
            surveyVersion: respondent.version,
            ...placement,
            interactionId: context.interactionId ?? null,
            visitId: context.visitId ?? interaction?.visitId ?? null,
            locationId: context.locationId ?? interaction?.locationId ?? null,
            staffId: context.staffId ?? interaction?.staffId ?? null,
            customerId: context.customerId ?? interaction?.customerId ?? null,
            channel: respondent.channel,
            locale: options.locale,
            answers,
            ...scores,
            source: 'page',
            submittedAt: options.now,
          },
        ],
        options.now,
        options.listeners,
      );
      if (!response) throw new AlreadySubmitted();
      await markInvitationSubmitted(tx, orgId, respondent.invitationId, options.now);
      return { status: 'created' as const, response };
    });
  } catch (error) {
    if (error instanceof AlreadySubmitted) return { status: 'already_submitted' };
    throw error;
  }
}

// ---------- ingest of answers collected elsewhere ----------

const checkItem = itemChecker(ResponseInputSchema);
const FUTURE_TOLERANCE_MS = 24 * 60 * 60 * 1000;

interface SurveyVersionInfo {
  surveyId: string;
  version: number;
  definition: SurveyDefinition;
}

/** Finds each survey version a batch names once: (key, version) → the version, or the error to report. */
function createVersionLookup(db: Db, orgId: string) {
  const cache = new Map<string, Promise<SurveyVersionInfo | ItemError>>();
  return (key: string, version: number | undefined) => {
    const cacheKey = `${key}\u0000${version ?? 'latest'}`;
    let found = cache.get(cacheKey);
    if (!found) {
      // Remembered across batches for a moment (src/platform/org-reference-cache.ts); publishing forgets it.
      found = orgReferenceCache.remember(orgId, `survey-version\u0000${cacheKey}`, async (): Promise<SurveyVersionInfo | ItemError> => {
        const [survey] = await db.select().from(surveys).where(and(eq(surveys.orgId, orgId), eq(surveys.key, key)));
        if (!survey) return { field: 'surveyKey', message: `there is no survey "${key}"` };
        const number = version ?? survey.publishedVersion;
        if (number === null) return { field: 'surveyKey', message: `survey "${key}" has no published version yet` };
        const [row] = await db
          .select()
          .from(surveyVersions)
          .where(and(eq(surveyVersions.orgId, orgId), eq(surveyVersions.surveyId, survey.surveyId), eq(surveyVersions.version, number)));
        if (!row) return { field: 'surveyVersion', message: `survey "${key}" has no version ${number}` };
        return { surveyId: survey.surveyId, version: row.version, definition: row.definition };
      }, (value) => !('field' in value));
      cache.set(cacheKey, found);
    }
    return found;
  };
}

interface PreparedResponse {
  index: number;
  input: ResponseInput;
  hash: string;
  row: Omit<NewResponse, 'customerId'> & { customerId: string | null };
}

/**
 * Responses collected elsewhere (a counter device, a call centre, another survey tool). Each item is
 * checked on its own: values must fit the version's questions (ranges, options); required questions
 * are not enforced, because the customer cannot be asked again. Idempotent by external id like
 * interactions.
 */
export async function ingestResponses(
  db: Db,
  orgId: string,
  items: unknown[],
  now: Date,
  listeners: readonly ResponsesRecordedListener[] = [],
  options: { records?: Map<string, ResponseWithKeys> } = {},
): Promise<BatchResult> {
  const outcomes: ItemOutcome[] = [];
  const fail = (index: number, item: unknown, errors: ItemError[]) => outcomes.push({ index, status: 'failed', externalId: externalIdOf(item), errors });

  const valid: { index: number; input: ResponseInput }[] = [];
  items.forEach((item, index) => {
    const errors = checkItem(item);
    if (errors.length > 0) return fail(index, item, errors);
    const input = item as ResponseInput;
    if (new Date(input.submittedAt).getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
      return fail(index, item, [{ field: 'submittedAt', message: 'submittedAt is more than a day in the future' }]);
    }
    valid.push({ index, input });
  });

  const versionOf = createVersionLookup(db, orgId);
  const resolve = createMomentResolver(db, orgId);
  const interactionsByExternalId = await findInteractionsByExternalId(db, orgId, valid.flatMap(({ input }) => (input.interactionExternalId ? [input.interactionExternalId] : [])));
  const locations = await resolveLocationCodes(db, orgId, valid.flatMap(({ input }) => (input.locationCode ? [input.locationCode] : [])));

  const prepared: PreparedResponse[] = [];
  for (const { index, input } of valid) {
    const version = await versionOf(input.surveyKey, input.surveyVersion);
    if ('field' in version) {
      fail(index, input, [version]);
      continue;
    }
    const answers = compactAnswers(input.answers as Answers);
    if (Object.keys(answers).length === 0) {
      fail(index, input, [{ field: 'answers', message: 'answers holds no answer' }]);
      continue;
    }
    const problems = validateAnswers(version.definition, answers, 'partial');
    if (problems.length > 0) {
      fail(index, input, problems.map(({ field, message }) => ({ field, message })));
      continue;
    }
    const interaction = input.interactionExternalId ? interactionsByExternalId.get(input.interactionExternalId) : undefined;
    if (input.interactionExternalId && !interaction) {
      fail(index, input, [{ field: 'interactionExternalId', message: `there is no interaction with the externalId "${input.interactionExternalId}"` }]);
      continue;
    }
    const locationId = input.locationCode ? locations.get(input.locationCode) : interaction?.locationId;
    if (input.locationCode && !locationId) {
      fail(index, input, [{ field: 'locationCode', message: `there is no location with the code "${input.locationCode}"` }]);
      continue;
    }
    const placed = await placeResponse(resolve, version.definition, { interaction, journeyKey: input.journeyKey, momentKey: input.momentKey, locationId });
    if (!placed.ok) {
      fail(index, input, [placed.error]);
      continue;
    }
    prepared.push({
      index,
      input,
      hash: contentHash(input),
      row: {
        externalId: input.externalId,
        contentHash: null,
        invitationId: null,
        surveyId: version.surveyId,
        surveyVersion: version.version,
        ...placed.placement,
        interactionId: interaction?.interactionId ?? null,
        visitId: input.visitId ?? interaction?.visitId ?? null,
        locationId: locationId ?? null,
        staffId: input.staffId ?? interaction?.staffId ?? null,
        customerId: interaction?.customerId ?? null,
        channel: input.channel,
        locale: input.locale ?? null,
        answers,
        ...extractScores(version.definition, answers),
        source: 'api',
        submittedAt: new Date(input.submittedAt),
      },
    });
  }
  if (prepared.length === 0) return batchResult(outcomes);

  // Lock order = external-id order (see interactions): concurrent identical batches wait, never deadlock.
  prepared.sort((a, b) => (a.input.externalId < b.input.externalId ? -1 : a.input.externalId > b.input.externalId ? 1 : a.index - b.index));
  const customerInputs = prepared.flatMap(({ input }) => (input.customer ? [input.customer] : []));
  const store = async (tx: Db, active: readonly ResponsesRecordedListener[]) => {
    const customerIds = await upsertCustomers(tx, orgId, customerInputs, now);
    const rows = prepared.map((item) => ({
      ...item.row,
      contentHash: item.hash,
      customerId: item.input.customer ? customerIds.get(item.input.customer.externalId)! : item.row.customerId,
    }));
    const inserted = await recordResponses(tx, orgId, rows, now, active);
    const created = new Map(inserted.map((row) => [row.externalId!, row.responseId] as const));
    if (options.records) collectInsertedRecords(options.records, inserted, prepared);
    const missing = [...new Set(prepared.map((item) => item.input.externalId).filter((id) => !created.has(id)))];
    const stored = new Map<string, { id: string; hash: string | null }>();
    if (missing.length > 0) {
      const found = await tx
        .select({ responseId: responses.responseId, externalId: responses.externalId, contentHash: responses.contentHash })
        .from(responses)
        .where(and(eq(responses.orgId, orgId), inTextList(responses.externalId, missing)));
      for (const row of found) stored.set(row.externalId!, { id: row.responseId, hash: row.contentHash });
    }
    outcomes.push(...settleOutcomes(prepared.map((item) => ({ index: item.index, externalId: item.input.externalId, hash: item.hash })), created, stored, 'response'));
  };
  // No customer to upsert and no function listener with work: the batch is one statement, atomic on
  // its own (a retry found by the read after it was committed before it, as in the transaction).
  const active = customerInputs.length === 0 && prepared.length <= BULK_ROWS ? await activeListeners(db, orgId, prepared.map((item) => item.row), now, listeners) : undefined;
  if (active && active.every((listener) => typeof listener !== 'function')) await store(db, active);
  // Otherwise in a transaction, with the listeners found to have work (all of them when not asked).
  else await db.transaction((tx) => store(tx, active ?? listeners));
  return batchResult(outcomes);
}

/**
 * The stored records of the rows just inserted, as a read-back would give them (a single POST answers
 * with its record), without the read. Rows whose customer came from their interaction are left out:
 * only a read knows that customer's external id.
 */
function collectInsertedRecords(records: Map<string, ResponseWithKeys>, inserted: readonly ResponseRow[], prepared: readonly PreparedResponse[]): void {
  const inputs = new Map<string, ResponseInput>();
  for (const item of prepared) if (!inputs.has(item.input.externalId)) inputs.set(item.input.externalId, item.input);
  for (const row of inserted) {
    const input = inputs.get(row.externalId!);
    if (!input) continue;
    const customerExternalId = input.customer ? input.customer.externalId : row.customerId === null ? null : undefined;
    if (customerExternalId === undefined) continue;
    records.set(row.responseId, { ...row, surveyKey: input.surveyKey, customerExternalId });
  }
}

// ---------- reading ----------

export interface ResponseFilter {
  surveyKey?: string;
  journeyKey?: string;
  momentKey?: string;
  /** Already expanded to a subtree (and cut to the reader's scope); an empty list matches nothing. */
  locationIds?: string[];
  staffId?: string;
  visitId?: string;
  channel?: SurveyChannel;
  from?: Date;
  to?: Date;
  hasComment?: boolean;
  npsMin?: number;
  npsMax?: number;
  csatMin?: number;
  csatMax?: number;
  cesMin?: number;
  cesMax?: number;
  /** Words or a phrase in the comment. */
  q?: string;
}

/** `%`, `_` and `\` are LIKE's own characters; a search for "100%" means the text. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

function conditionsOf(orgId: string, filter: ResponseFilter): (SQL | undefined)[] {
  const range = (column: typeof responses.nps | typeof responses.csat | typeof responses.ces, min: number | undefined, max: number | undefined) => [
    min !== undefined ? gte(column, min) : undefined,
    max !== undefined ? lte(column, max) : undefined,
  ];
  return [
    eq(responses.orgId, orgId),
    filter.surveyKey ? eq(surveys.key, filter.surveyKey) : undefined,
    filter.journeyKey ? eq(responses.journeyKey, filter.journeyKey) : undefined,
    filter.momentKey ? eq(responses.momentKey, filter.momentKey) : undefined,
    filter.locationIds ? inArray(responses.locationId, filter.locationIds) : undefined,
    filter.staffId ? eq(responses.staffId, filter.staffId) : undefined,
    filter.visitId ? eq(responses.visitId, filter.visitId) : undefined,
    filter.channel ? eq(responses.channel, filter.channel) : undefined,
    filter.from ? gte(responses.submittedAt, filter.from) : undefined,
    filter.to ? lt(responses.submittedAt, filter.to) : undefined,
    filter.hasComment === true ? isNotNull(responses.comment) : undefined,
    filter.hasComment === false ? sql`${responses.comment} is null` : undefined,
    ...range(responses.nps, filter.npsMin, filter.npsMax),
    ...range(responses.csat, filter.csatMin, filter.csatMax),
    ...range(responses.ces, filter.cesMin, filter.cesMax),
    // Words through the full-text index; ILIKE finds what has no spaces to split on (Chinese) and parts of words.
    filter.q
      ? or(
          sql`to_tsvector('simple', coalesce(${responses.comment}, '')) @@ plainto_tsquery('simple', ${filter.q})`,
          sql`${responses.comment} ilike ${likePattern(filter.q)}`,
        )
      : undefined,
  ];
}

/** Newest answers first (by when the customer answered), page by page. */
export async function listResponses(db: Db, orgId: string, filter: ResponseFilter, options: { limit: number; cursor?: string }): Promise<Page<ResponseWithKeys>> {
  if (filter.locationIds && filter.locationIds.length === 0) return { items: [], nextCursor: null };
  const after = decodeTimeCursor(options.cursor);
  const rows = await db
    .select({ response: responses, surveyKey: surveys.key, customerExternalId: customers.externalId })
    .from(responses)
    .innerJoin(surveys, and(eq(surveys.orgId, responses.orgId), eq(surveys.surveyId, responses.surveyId)))
    .leftJoin(customers, and(eq(customers.orgId, responses.orgId), eq(customers.customerId, responses.customerId)))
    .where(and(...conditionsOf(orgId, filter), beforeKey(responses.submittedAt, responses.responseId, after)))
    .orderBy(desc(responses.submittedAt), desc(responses.responseId))
    .limit(options.limit + 1);
  const items = rows.map((row) => ({ ...row.response, surveyKey: row.surveyKey, customerExternalId: row.customerExternalId }));
  return toTimePage(items, options.limit, (row) => ({ at: row.submittedAt, id: row.responseId }));
}

export async function getResponse(db: Db, orgId: string, responseId: string, locationIds?: string[]): Promise<ResponseWithKeys> {
  const [row] = await db
    .select({ response: responses, surveyKey: surveys.key, customerExternalId: customers.externalId })
    .from(responses)
    .innerJoin(surveys, and(eq(surveys.orgId, responses.orgId), eq(surveys.surveyId, responses.surveyId)))
    .leftJoin(customers, and(eq(customers.orgId, responses.orgId), eq(customers.customerId, responses.customerId)))
    .where(and(eq(responses.orgId, orgId), eq(responses.responseId, responseId)));
  if (!row || (locationIds && !locationIds.includes(row.response.locationId ?? ''))) throw new NotFoundError('Response');
  return { ...row.response, surveyKey: row.surveyKey, customerExternalId: row.customerExternalId };
}

/** Responses by id with their survey key and customer's external id, in one query (what single posts answer with). */
export async function getResponsesById(db: Db, orgId: string, responseIds: string[]): Promise<Map<string, ResponseWithKeys>> {
  if (responseIds.length === 0) return new Map();
  const rows = await db
    .select({ response: responses, surveyKey: surveys.key, customerExternalId: customers.externalId })
    .from(responses)
    .innerJoin(surveys, and(eq(surveys.orgId, responses.orgId), eq(surveys.surveyId, responses.surveyId)))
    .leftJoin(customers, and(eq(customers.orgId, responses.orgId), eq(customers.customerId, responses.customerId)))
    .where(and(eq(responses.orgId, orgId), inTextList(responses.responseId, responseIds)));
  return new Map(rows.map((row) => [row.response.responseId, { ...row.response, surveyKey: row.surveyKey, customerExternalId: row.customerExternalId }]));
}

/** Every matching response, newest first, up to `max` (the export refuses more instead of cutting silently). */
export async function collectResponsesForExport(db: Db, orgId: string, filter: ResponseFilter, max: number): Promise<{ rows: ResponseWithKeys[]; truncated: boolean }> {
  const rows: ResponseWithKeys[] = [];
  let cursor: string | undefined;
  do {
    const page = await listResponses(db, orgId, filter, { limit: 500, ...(cursor ? { cursor } : {}) });
    rows.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && rows.length <= max);
  return { rows: rows.slice(0, max), truncated: rows.length > max };
}

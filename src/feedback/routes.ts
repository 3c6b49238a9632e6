import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { type Actor, actorOf, findLocationCodesById, getOrganization, listLocationSubtreeIds, userIdOf } from '../access/index.ts';
import type { Database } from '../platform/database.ts';
import { AppError, badRequest, NotFoundError } from '../platform/errors.ts';
import type { HttpServer } from '../platform/http-server.ts';
import { isLocale, pickLocale, type Locale } from '../platform/locales.ts';
import { PageQuery, pageOf } from '../platform/pagination.ts';
import { Nullable, oneOf } from '../platform/schema-types.ts';
import { responseTable, toCsv, toXlsx } from './export.ts';
import { findInteractionsById, ingestInteractions, getInteraction, listInteractions, type InteractionWithCustomer } from './interactions.ts';
import type { BatchResult } from './ingest.ts';
import { createGroupCommit } from './group-commit.ts';
import { signSurveyLink } from './links.ts';
import { surveyMessages } from './messages.ts';
import { localiseSurvey, normaliseDefinition, starterDefinition, type SurveyChannel, type SurveyDefinitionInput } from './model.ts';
import {
  deleteResponse,
  getResponse,
  getResponsesById,
  ingestResponses,
  collectResponsesForExport,
  listResponses,
  type ResponseFilter,
  type ResponsesDeletedListener,
  type ResponsesRecordedListener,
  type ResponseWithKeys,
} from './responses.ts';
import {
  BatchResultView,
  batchBodySchema,
  InteractionInputSchema,
  InteractionView,
  InvitationBody,
  InvitationView,
  Key,
  LinkBody,
  LinkView,
  LocaleSchema,
  MAX_BATCH,
  ProblemView,
  PublicSurveyView,
  ResponseFilterQuery,
  ResponseInputSchema,
  ResponseView,
  SurveyDefinitionSchema,
  SurveyVersionSummaryView,
  SurveyView,
  TranslatableTextSchema,
  type InteractionInput,
  type ResponseInput,
} from './schemas.ts';
import {
  createInvitation,
  createSurvey,
  createSurveyLink,
  draftProblems,
  fallbackOf,
  getSurvey,
  getSurveyVersion,
  linkTokenOf,
  listInvitations,
  listSurveyLinks,
  listSurveys,
  listSurveyVersions,
  loadOrCreateSurveyLinkSecret,
  publishSurvey,
  revokeSurveyLink,
  saveSurveyDraft,
  updateSurvey,
  invitationTokenOf,
  type InvitationRow,
  type SurveyLinkRow,
  type SurveyRow,
  type SurveyVersionRow,
} from './store.ts';
import { registerPublicSurveyRoutes } from './public-routes.ts';
import { registerWebhookRoutes } from './webhook-routes.ts';
import { registerQrRoutes } from './qr-routes.ts';
import { registerKioskRoutes } from './kiosk-routes.ts';
import { registerWidgetRoutes } from './widget-routes.ts';
import { registerImportRoutes } from './import-routes.ts';
import { nudgeInvitationSender, type InvitationDeps } from './deliveries.ts';
import { registerTriggerRoutes } from './triggers-routes.ts';

export interface FeedbackRouteDeps {
  database: Database;
  now: () => Date;
  /** Where people reach this installation; survey links are built on it. */
  publicUrl: string;
  /** Run in the transaction of every stored response (rollups, recovery); wired by main.ts. */
  onResponsesRecorded?: readonly ResponsesRecordedListener[];
  /** Run in the transaction that deletes responses (the rollups subtract them); wired by main.ts. */
  onResponsesDeleted?: readonly ResponsesDeletedListener[];
  /** The invitation sender (triggers' e-mail/SMS); woken after an interaction batch is stored. */
  invitations?: InvitationDeps;
}

const errors = {
  400: { $ref: 'ErrorBody' },
  401: { $ref: 'ErrorBody' },
  403: { $ref: 'ErrorBody' },
  404: { $ref: 'ErrorBody' },
  409: { $ref: 'ErrorBody' },
};

const SurveyParams = Type.Object({ key: Key });
const VersionNumber = Type.Integer({ minimum: 1, maximum: 999_999_999 });
const Id = Type.String({ minLength: 1, maxLength: 64 });
/** A whole survey in five languages, or a batch of 10,000 interactions, outgrows the default 1 MB. */
const SURVEY_BODY_LIMIT = 8 * 1024 * 1024;
const BATCH_BODY_LIMIT = 64 * 1024 * 1024;
/** An export larger than this is refused with advice to narrow the filters, not cut silently. */
export const EXPORT_MAX_ROWS = 100_000;

function surveyView(row: SurveyRow) {
  return {
    surveyId: row.surveyId,
    key: row.key,
    name: row.name,
    kind: row.draft.kind,
    fallbackLocale: fallbackOf(row),
    publishedVersion: row.publishedVersion,
    publishedAt: row.publishedAt,
    draftRevision: row.draftRevision,
    hasUnpublishedChanges: row.draftDiffers,
    archivedAt: row.archivedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function draftView(row: SurveyRow) {
  return {
    surveyKey: row.key,
    revision: row.draftRevision,
    definition: row.draft,
    updatedAt: row.draftUpdatedAt,
    updatedBy: row.draftUpdatedBy,
    problems: draftProblems(row),
  };
}

function versionSummary(row: SurveyVersionRow) {
  return {
    version: row.version,
    note: row.note,
    fallbackLocale: fallbackOf(row),
    questionCount: row.definition.questions.length,
    publishedAt: row.publishedAt,
    publishedBy: row.publishedBy,
  };
}

function interactionView(row: InteractionWithCustomer) {
  return {
    interactionId: row.interactionId,
    externalId: row.externalId,
    journeyKey: row.journeyKey,
    journeyVersion: row.journeyVersion,
    momentKey: row.momentKey,
    visitId: row.visitId,
    occurredAt: row.occurredAt,
    locationId: row.locationId,
    staffId: row.staffId,
    channel: row.channel,
    customer: { customerId: row.customerId, externalId: row.customerExternalId },
    metrics: { waitSeconds: row.waitSeconds, handleSeconds: row.handleSeconds },
    outcome: row.outcome,
    createdAt: row.createdAt,
  };
}

function responseView(row: ResponseWithKeys) {
  return {
    responseId: row.responseId,
    externalId: row.externalId,
    invitationId: row.invitationId,
    surveyKey: row.surveyKey,
    surveyVersion: row.surveyVersion,
    journeyKey: row.journeyKey,
    momentKey: row.momentKey,
    journeyVersion: row.journeyVersion,
    interactionId: row.interactionId,
    visitId: row.visitId,
    locationId: row.locationId,
    staffId: row.staffId,
    customer: row.customerId && row.customerExternalId ? { customerId: row.customerId, externalId: row.customerExternalId } : null,
    channel: row.channel,
    locale: row.locale,
    answers: row.answers,
    nps: row.nps,
    csat: row.csat,
    ces: row.ces,
    comment: row.comment,
    consent: row.consent,
    source: row.source,
    submittedAt: row.submittedAt,
    createdAt: row.createdAt,
  };
}

function contextView(row: InvitationRow) {
  return {
    interactionId: row.interactionId,
    journeyKey: row.journeyKey,
    momentKey: row.momentKey,
    locationId: row.locationId,
    staffId: row.staffId,
    visitId: row.visitId,
    customerId: row.customerId,
  };
}

/** `If-Match: "7"` → 7; absent → undefined (the save then simply wins). */
function expectedRevision(request: FastifyRequest): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(Array.isArray(header) ? (header[0] ?? '') : header);
  if (!match) throw badRequest('If-Match', 'If-Match must be the draft revision as an ETag, e.g. "7"');
  return Number(match[1]);
}

/** A member limited to a location subtree reads only the feedback of that subtree (undefined = no limit). */
async function visibleLocationIds(database: Database, actor: Actor): Promise<string[] | undefined> {
  if (actor.kind !== 'user' || actor.locationScope === null) return undefined;
  return listLocationSubtreeIds(database.db, actor.orgId, actor.locationScope);
}

/** The location filter (a subtree), cut to what the reader may see. */
async function locationFilter(database: Database, actor: Actor, locationId: string | undefined): Promise<string[] | undefined> {
  const visible = await visibleLocationIds(database, actor);
  if (locationId === undefined) return visible;
  const subtree = await listLocationSubtreeIds(database.db, actor.orgId, locationId);
  return visible ? subtree.filter((id) => visible.includes(id)) : subtree;
}

async function responseFilterOf(database: Database, actor: Actor, query: ResponseFilterQuery): Promise<ResponseFilter> {
  const { locationId, from, to, ...rest } = query;
  const locationIds = await locationFilter(database, actor, locationId);
  return {
    ...rest,
    ...(locationIds ? { locationIds } : {}),
    ...(from ? { from: new Date(from) } : {}),
    ...(to ? { to: new Date(to) } : {}),
  };
}

/** The items of a batch body: one object or an array of 1–10,000 (checked here, item by item later). */
function batchItems(body: unknown): { items: unknown[]; single: boolean } {
  if (Array.isArray(body)) {
    if (body.length === 0) throw badRequest('body', 'the batch is empty');
    if (body.length > MAX_BATCH) throw badRequest('body', `a batch holds at most ${MAX_BATCH} items; this one has ${body.length}`);
    return { items: body, single: false };
  }
  if (body !== null && typeof body === 'object') return { items: [body], single: true };
  throw badRequest('body', 'the body must be one object or an array of objects');
}

/**
 * One object: the stored record (201 created, 200 already there) or 400 naming the field.
 * An array: the batch result, 201 when every item was created, else 200 (some existed or failed).
 */
async function answerBatch<T>(reply: FastifyReply, single: boolean, result: BatchResult, load: (id: string) => Promise<T>) {
  if (single) {
    const item = result.items[0]!;
    const error = result.errors[0];
    if (item.status === 'failed' || !item.id) throw new AppError(400, 'invalid_field', error?.message ?? 'the item is invalid', error?.field);
    return reply.code(item.status === 'created' ? 201 : 200).send(await load(item.id));
  }
  return reply.code(result.created === result.received ? 201 : 200).send(result);
}

function surveyUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/s/${token}`;
}

export function registerFeedbackRoutes(app: HttpServer, deps: FeedbackRouteDeps): void {
  const { database } = deps;
  const db = database.db;
  let secret: Promise<string> | undefined;
  // Loaded on first use and kept: it never changes once made, so every node may hold it.
  const linkSecret = () => (secret ??= loadOrCreateSurveyLinkSecret(db).catch((error: unknown) => {
    secret = undefined;
    throw error;
  }));

  app.addSchema(SurveyDefinitionSchema);
  app.addSchema(InteractionInputSchema);
  app.addSchema(ResponseInputSchema);
  const DefinitionRef = Type.Unsafe<SurveyDefinitionInput>({ $ref: 'SurveyDefinition' });
  const DraftView = Type.Object({
    surveyKey: Type.String(),
    revision: Type.Integer(),
    definition: DefinitionRef,
    updatedAt: Type.Unsafe<Date>({ type: 'string', format: 'date-time' }),
    updatedBy: Nullable(Type.String()),
    problems: Type.Array(ProblemView, { description: 'Errors block publishing; warnings are advice.' }),
  });
  const VersionView = Type.Object({ ...SurveyVersionSummaryView.properties, surveyKey: Type.String(), definition: DefinitionRef });

  // ---------- surveys ----------
  app.get('/api/v1/surveys', {
    config: { access: { permission: 'surveys.read' } },
    schema: {
      tags: ['surveys'],
      summary: 'List surveys, oldest first',
      querystring: Type.Object({ ...PageQuery.properties, includeArchived: Type.Optional(Type.Boolean({ default: false })) }, { additionalProperties: false }),
      response: { 200: pageOf(SurveyView), ...errors },
    },
  }, async (request) => {
    const page = await listSurveys(db, actorOf(request).orgId, {
      limit: request.query.limit ?? 50,
      ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
      includeArchived: request.query.includeArchived ?? false,
    });
    return { items: page.items.map(surveyView), nextCursor: page.nextCursor };
  });

  app.post('/api/v1/surveys', {
    config: { access: { permission: 'surveys.write' } },
    bodyLimit: SURVEY_BODY_LIMIT,
    schema: {
      tags: ['surveys'],
      summary: 'Create a survey; without a definition its draft starts with one NPS question',
      body: Type.Object(
        { key: Key, name: TranslatableTextSchema, fallbackLocale: Type.Optional(LocaleSchema), definition: Type.Optional(DefinitionRef) },
        { additionalProperties: false },
      ),
      response: { 201: SurveyView, ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const organization = await getOrganization(db, actor.orgId);
    const fallbackLocale = request.body.fallbackLocale ?? (isLocale(organization.defaultLocale) ? organization.defaultLocale : 'en');
    const definition = request.body.definition ? normaliseDefinition(request.body.definition) : starterDefinition('relationship', request.body.name);
    const created = await createSurvey(db, actor.orgId, { key: request.body.key, name: request.body.name, fallbackLocale, definition, createdBy: userIdOf(actor) });
    return reply.code(201).send(surveyView(created));
  });

  app.get('/api/v1/surveys/:key', {
    config: { access: { permission: 'surveys.read' } },
    schema: { tags: ['surveys'], summary: 'One survey', params: SurveyParams, response: { 200: SurveyView, ...errors } },
  }, async (request) => surveyView(await getSurvey(db, actorOf(request).orgId, request.params.key)));

  app.patch('/api/v1/surveys/:key', {
    config: { access: { permission: 'surveys.write' } },
    schema: {
      tags: ['surveys'],
      summary: 'Rename a survey, change its fallback language, or archive / restore it (the key never changes)',
      params: SurveyParams,
      body: Type.Object(
        { name: Type.Optional(TranslatableTextSchema), fallbackLocale: Type.Optional(LocaleSchema), archived: Type.Optional(Type.Boolean()) },
        { additionalProperties: false },
      ),
      response: { 200: SurveyView, ...errors },
    },
  }, async (request) => surveyView(await updateSurvey(db, actorOf(request).orgId, request.params.key, request.body, deps.now())));

  app.delete('/api/v1/surveys/:key', {
    config: { access: { permission: 'surveys.write' } },
    schema: {
      tags: ['surveys'],
      summary: 'Archive a survey: its links stop accepting answers; versions and responses stay',
      params: SurveyParams,
      response: { 204: Type.Null(), ...errors },
    },
  }, async (request, reply) => {
    await updateSurvey(db, actorOf(request).orgId, request.params.key, { archived: true }, deps.now());
    return reply.code(204).send(null);
  });

  app.get('/api/v1/surveys/:key/draft', {
    config: { access: { permission: 'surveys.read' } },
    schema: { tags: ['surveys'], summary: 'The draft with its problems; the ETag is its revision', params: SurveyParams, response: { 200: DraftView, ...errors } },
  }, async (request, reply) => {
    const row = await getSurvey(db, actorOf(request).orgId, request.params.key);
    reply.header('etag', `"${row.draftRevision}"`);
    return draftView(row);
  });

  app.put('/api/v1/surveys/:key/draft', {
    config: { access: { permission: 'surveys.write' } },
    bodyLimit: SURVEY_BODY_LIMIT,
    schema: {
      tags: ['surveys'],
      summary: 'Save the draft (kept even with problems; publishing refuses errors). Send If-Match: "<revision>" to avoid overwriting another edit (412).',
      params: SurveyParams,
      headers: Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 20 })) }),
      body: DefinitionRef,
      response: { 200: DraftView, ...errors, 412: { $ref: 'ErrorBody' } },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const expected = expectedRevision(request);
    const row = await saveSurveyDraft(db, actor.orgId, request.params.key, {
      definition: normaliseDefinition(request.body),
      ...(expected !== undefined ? { expectedRevision: expected } : {}),
      updatedBy: userIdOf(actor),
      now: deps.now(),
    });
    reply.header('etag', `"${row.draftRevision}"`);
    return draftView(row);
  });

  app.post('/api/v1/surveys/:key/publish', {
    config: { access: { permission: 'surveys.write' } },
    preValidation: async (request) => {
      request.body ??= {};
    },
    schema: {
      tags: ['surveys'],
      summary: 'Freeze the draft as the next numbered, immutable version (its journeys and moments must be published)',
      params: SurveyParams,
      body: Type.Object({ note: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false }),
      response: { 201: VersionView, ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const row = await publishSurvey(db, actor.orgId, request.params.key, { note: request.body.note ?? null, publishedBy: userIdOf(actor), now: deps.now() });
    return reply.code(201).send({ ...versionSummary(row), surveyKey: request.params.key, definition: row.definition });
  });

  app.get('/api/v1/surveys/:key/versions', {
    config: { access: { permission: 'surveys.read' } },
    schema: { tags: ['surveys'], summary: 'Published versions, newest first', params: SurveyParams, querystring: PageQuery, response: { 200: pageOf(SurveyVersionSummaryView), ...errors } },
  }, async (request) => {
    const page = await listSurveyVersions(db, actorOf(request).orgId, request.params.key, {
      limit: request.query.limit ?? 50,
      ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
    });
    return { items: page.items.map((item) => ({ ...item, fallbackLocale: fallbackOf(item) })), nextCursor: page.nextCursor };
  });

  app.get('/api/v1/surveys/:key/versions/:version', {
    config: { access: { permission: 'surveys.read' } },
    schema: { tags: ['surveys'], summary: 'One published version, exactly as it was published', params: Type.Object({ key: Key, version: VersionNumber }), response: { 200: VersionView, ...errors } },
  }, async (request) => {
    const { version } = await getSurveyVersion(db, actorOf(request).orgId, request.params.key, request.params.version);
    return { ...versionSummary(version), surveyKey: request.params.key, definition: version.definition };
  });

  app.get('/api/v1/surveys/:key/preview', {
    config: { access: { permission: 'surveys.read' } },
    schema: {
      tags: ['surveys'],
      summary: 'The draft (or a version) in one language, as respondents get it from the public survey API',
      params: SurveyParams,
      querystring: Type.Object(
        { locale: Type.Optional(LocaleSchema), version: Type.Optional(Type.String({ pattern: '^([1-9][0-9]{0,8}|draft)$', description: 'A version number or "draft" (default)' })) },
        { additionalProperties: false },
      ),
      response: { 200: Type.Index(PublicSurveyView, ['survey']), ...errors },
    },
  }, async (request) => {
    const orgId = actorOf(request).orgId;
    const survey = await getSurvey(db, orgId, request.params.key);
    const at = request.query.version ?? 'draft';
    const definition = at === 'draft' ? survey.draft : (await getSurveyVersion(db, orgId, survey.key, Number(at))).version.definition;
    const header = request.headers['accept-language'];
    const locale: Locale = request.query.locale ?? pickLocale(Array.isArray(header) ? header[0] : header, fallbackOf(survey));
    const localised = localiseSurvey(definition, locale, fallbackOf(survey), surveyMessages[locale].defaults);
    return { key: survey.key, version: at === 'draft' ? 0 : Number(at), ...localised };
  });

  // ---------- anonymous links ----------
  const linkView = async (row: SurveyLinkRow, surveyKey: string) => {
    const token = signSurveyLink(linkTokenOf(row), await linkSecret());
    return {
      linkId: row.linkId,
      surveyKey,
      label: row.label,
      channel: row.channel as SurveyChannel,
      locationId: row.locationId,
      journeyKey: row.journeyKey,
      momentKey: row.momentKey,
      locale: isLocale(row.locale) ? row.locale : null,
      expiresAt: row.expiresAt,
      revokedAt: row.revokedAt,
      createdAt: row.createdAt,
      token,
      url: surveyUrl(deps.publicUrl, token),
    };
  };

  app.post('/api/v1/surveys/:key/links', {
    config: { access: { permission: 'surveys.write' } },
    schema: {
      tags: ['survey links'],
      summary: 'An anonymous public link to the latest published version (a QR code, a receipt), optionally for one location and moment',
      params: SurveyParams,
      body: LinkBody,
      response: { 201: LinkView, ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const { expiresAt, ...body } = request.body;
    const row = await createSurveyLink(db, actor.orgId, request.params.key, { ...body, ...(expiresAt ? { expiresAt: new Date(expiresAt) } : {}) }, { createdBy: userIdOf(actor), now: deps.now() });
    return reply.code(201).send(await linkView(row, request.params.key));
  });

  app.get('/api/v1/surveys/:key/links', {
    config: { access: { permission: 'surveys.read' } },
    schema: { tags: ['survey links'], summary: 'The survey’s anonymous links, oldest first', params: SurveyParams, querystring: PageQuery, response: { 200: pageOf(LinkView), ...errors } },
  }, async (request) => {
    const page = await listSurveyLinks(db, actorOf(request).orgId, request.params.key, {
      limit: request.query.limit ?? 50,
      ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
    });
    return { items: await Promise.all(page.items.map((row) => linkView(row, request.params.key))), nextCursor: page.nextCursor };
  });

  app.delete('/api/v1/surveys/:key/links/:linkId', {
    config: { access: { permission: 'surveys.write' } },
    schema: { tags: ['survey links'], summary: 'Revoke an anonymous link (respondents who already started keep their own link)', params: Type.Object({ key: Key, linkId: Id }), response: { 204: Type.Null(), ...errors } },
  }, async (request, reply) => {
    await revokeSurveyLink(db, actorOf(request).orgId, request.params.key, request.params.linkId, deps.now());
    return reply.code(204).send(null);
  });

  // ---------- invitations ----------
  const invitationView = async (row: InvitationRow, surveyKey: string) => {
    const token = signSurveyLink(invitationTokenOf(row), await linkSecret());
    return {
      invitationId: row.invitationId,
      externalId: row.externalId,
      surveyKey,
      version: row.surveyVersion,
      channel: row.channel as SurveyChannel,
      locale: isLocale(row.locale) ? row.locale : null,
      context: contextView(row),
      expiresAt: row.expiresAt,
      submittedAt: row.submittedAt,
      createdAt: row.createdAt,
      token,
      url: surveyUrl(deps.publicUrl, token),
    };
  };

  app.post('/api/v1/surveys/:key/invitations', {
    config: { access: { permission: 'surveys.invite' } },
    schema: {
      tags: ['survey links'],
      summary:
        'A personal, signed, expiring survey link for one respondent in a given language, about an interaction, moment, location, staff member, visit or customer ' +
        '(an interaction fills the context). With externalId a retry returns the same invitation (200).',
      params: SurveyParams,
      body: InvitationBody,
      response: { 200: InvitationView, 201: InvitationView, ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const { row, created } = await createInvitation(db, actor.orgId, request.params.key, request.body, { createdBy: userIdOf(actor), now: deps.now() });
    return reply.code(created ? 201 : 200).send(await invitationView(row, request.params.key));
  });

  app.get('/api/v1/surveys/:key/invitations', {
    config: { access: { permission: 'responses.read' } },
    schema: {
      tags: ['survey links'],
      summary: 'Invitations of the survey, newest first (links started from anonymous links included); without their tokens',
      params: SurveyParams,
      querystring: PageQuery,
      response: { 200: pageOf(Type.Omit(InvitationView, ['token', 'url'])), ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const page = await listInvitations(db, actor.orgId, request.params.key, {
      limit: request.query.limit ?? 50,
      ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
    });
    const visible = await visibleLocationIds(database, actor);
    const items = page.items
      .filter((row) => !visible || (row.locationId !== null && visible.includes(row.locationId)))
      .map((row) => ({
        invitationId: row.invitationId,
        externalId: row.externalId,
        surveyKey: request.params.key,
        version: row.surveyVersion,
        channel: row.channel as SurveyChannel,
        locale: isLocale(row.locale) ? row.locale : null,
        context: contextView(row),
        expiresAt: row.expiresAt,
        submittedAt: row.submittedAt,
        createdAt: row.createdAt,
      }));
    return { items, nextCursor: page.nextCursor };
  });

  // ---------- interactions ----------
  const singleInteractions = createGroupCommit((orgId, items) => ingestInteractions(db, orgId, items, deps.now()), { load: (orgId, ids) => findInteractionsById(db, orgId, ids) });
  const singleResponses = createGroupCommit(
    async (orgId, items) => {
      const records = new Map<string, ResponseWithKeys>();
      return { ...(await ingestResponses(db, orgId, items, deps.now(), deps.onResponsesRecorded, { records })), records };
    },
    { load: (orgId, ids) => getResponsesById(db, orgId, ids) },
  );
  app.post('/api/v1/interactions', {
    config: { access: { permission: 'ingest' } },
    bodyLimit: BATCH_BODY_LIMIT,
    // Items are checked one by one in the handler, so one bad item does not refuse the whole batch.
    validatorCompiler: () => () => true,
    schema: {
      tags: ['interactions'],
      summary:
        'Record interactions (moments that happened): one object, or an array of up to 10,000. Idempotent by externalId. ' +
        'One object → the stored interaction (201 created, 200 already stored) or 400 naming the field. ' +
        'An array → a batch result (201 when all were created, else 200) naming each failed item’s index and field.',
      body: batchBodySchema<typeof InteractionInputSchema>('InteractionInput'),
      response: { 200: Type.Union([InteractionView, BatchResultView]), 201: Type.Union([InteractionView, BatchResultView]), ...errors },
    },
  }, async (request, reply) => {
    const orgId = actorOf(request).orgId;
    const { items, single } = batchItems(request.body as InteractionInput | InteractionInput[]);
    // One object joins concurrent ones in one batch and transaction (group-commit.ts).
    const grouped = single ? await singleInteractions.submit(orgId, items[0]) : undefined;
    const result = grouped ?? (await ingestInteractions(db, orgId, items, deps.now()));
    if (result.created > 0) nudgeInvitationSender(deps.invitations);
    return answerBatch(reply, single, result, async (id) => interactionView(grouped?.record ?? (await getInteraction(db, orgId, id))));
  });

  const InteractionQuery = Type.Object(
    {
      ...PageQuery.properties,
      journeyKey: Type.Optional(Key),
      momentKey: Type.Optional(Key),
      visitId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
      staffId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
      locationId: Type.Optional(Id),
      from: Type.Optional(Type.String({ format: 'date-time', description: 'Occurred at or after' })),
      to: Type.Optional(Type.String({ format: 'date-time', description: 'Occurred before' })),
    },
    { additionalProperties: false },
  );

  app.get('/api/v1/interactions', {
    config: { access: { permission: 'responses.read' } },
    schema: { tags: ['interactions'], summary: 'Interactions, newest first, with filters (location = the location and everything under it)', querystring: InteractionQuery, response: { 200: pageOf(InteractionView), ...errors } },
  }, async (request) => {
    const actor = actorOf(request);
    const { limit, cursor, locationId, from, to, ...rest } = request.query;
    const locationIds = await locationFilter(database, actor, locationId);
    const page = await listInteractions(
      db,
      actor.orgId,
      { ...rest, ...(locationIds ? { locationIds } : {}), ...(from ? { from: new Date(from) } : {}), ...(to ? { to: new Date(to) } : {}) },
      { limit: limit ?? 50, ...(cursor ? { cursor } : {}) },
    );
    return { items: page.items.map(interactionView), nextCursor: page.nextCursor };
  });

  app.get('/api/v1/interactions/:interactionId', {
    config: { access: { permission: 'responses.read' } },
    schema: { tags: ['interactions'], summary: 'One interaction', params: Type.Object({ interactionId: Id }), response: { 200: InteractionView, ...errors } },
  }, async (request) => {
    const actor = actorOf(request);
    const row = await getInteraction(db, actor.orgId, request.params.interactionId);
    const visible = await visibleLocationIds(database, actor);
    if (visible && !visible.includes(row.locationId)) throw new NotFoundError('Interaction');
    return interactionView(row);
  });

  // ---------- responses ----------
  app.post('/api/v1/responses', {
    config: { access: { permission: 'ingest' } },
    bodyLimit: BATCH_BODY_LIMIT,
    validatorCompiler: () => () => true,
    schema: {
      tags: ['responses'],
      summary:
        'Record answers collected elsewhere: one object, or an array of up to 10,000. Idempotent by externalId; answers are checked against the survey version ' +
        '(ranges, options; required questions are not enforced). Same result shapes as POST /interactions.',
      body: batchBodySchema<typeof ResponseInputSchema>('ResponseInput'),
      response: { 200: Type.Union([ResponseView, BatchResultView]), 201: Type.Union([ResponseView, BatchResultView]), ...errors },
    },
  }, async (request, reply) => {
    const orgId = actorOf(request).orgId;
    const { items, single } = batchItems(request.body as ResponseInput | ResponseInput[]);
    const grouped = single ? await singleResponses.submit(orgId, items[0]) : undefined;
    const result = grouped ?? (await ingestResponses(db, orgId, items, deps.now(), deps.onResponsesRecorded));
    return answerBatch(reply, single, result, async (id) => responseView(grouped?.record ?? (await getResponse(db, orgId, id))));
  });

  app.get('/api/v1/responses', {
    config: { access: { permission: 'responses.read' } },
    schema: {
      tags: ['responses'],
      summary: 'Responses, newest first, with filters and a search in comments (location = the location and everything under it)',
      querystring: Type.Object({ ...PageQuery.properties, ...ResponseFilterQuery.properties }, { additionalProperties: false }),
      response: { 200: pageOf(ResponseView), ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const { limit, cursor, ...query } = request.query;
    const page = await listResponses(db, actor.orgId, await responseFilterOf(database, actor, query), { limit: limit ?? 50, ...(cursor ? { cursor } : {}) });
    return { items: page.items.map(responseView), nextCursor: page.nextCursor };
  });

  app.get('/api/v1/responses/export', {
    config: { access: { permission: 'responses.read' } },
    schema: {
      tags: ['responses'],
      summary: `The matching responses as CSV (UTF-8) or XLSX, one column per answer; text that a spreadsheet would run as a formula is prefixed with '. At most ${EXPORT_MAX_ROWS.toLocaleString('en')} rows.`,
      querystring: Type.Object({ format: oneOf(['csv', 'xlsx'] as const), ...ResponseFilterQuery.properties }, { additionalProperties: false }),
      response: { 200: Type.Unsafe({ type: 'string', format: 'binary' }), ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const { format, ...query } = request.query;
    const { rows, truncated } = await collectResponsesForExport(db, actor.orgId, await responseFilterOf(database, actor, query), EXPORT_MAX_ROWS);
    if (truncated) throw new AppError(400, 'too_many_rows', `more than ${EXPORT_MAX_ROWS} responses match; narrow the filters (e.g. from/to)`, 'from');
    const codes = await findLocationCodesById(db, actor.orgId, [...new Set(rows.flatMap((row) => (row.locationId ? [row.locationId] : [])))]);
    const table = responseTable(rows, codes);
    const stamp = deps.now().toISOString().slice(0, 10);
    reply.header('content-disposition', `attachment; filename="responses-${stamp}.${format}"`);
    if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv(table));
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await toXlsx(table));
  });

  app.get('/api/v1/responses/:responseId', {
    config: { access: { permission: 'responses.read' } },
    schema: { tags: ['responses'], summary: 'One response', params: Type.Object({ responseId: Id }), response: { 200: ResponseView, ...errors } },
  }, async (request) => {
    const actor = actorOf(request);
    return responseView(await getResponse(db, actor.orgId, request.params.responseId, await visibleLocationIds(database, actor)));
  });

  app.delete('/api/v1/responses/:responseId', {
    // Removing a customer's answers (erasure request, test data) is survey administration: admin, cx_manager.
    config: { access: { permission: 'surveys.write' } },
    schema: {
      tags: ['responses'],
      summary: 'Delete one response for good (e.g. an erasure request); the insights rollups subtract it in the same transaction',
      params: Type.Object({ responseId: Id }),
      response: { 204: Type.Null(), ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const locationIds = await visibleLocationIds(database, actor);
    await deleteResponse(db, actor.orgId, request.params.responseId, deps.now(), {
      ...(locationIds ? { locationIds } : {}),
      listeners: deps.onResponsesDeleted ?? [],
    });
    return reply.code(204).send(null);
  });

  registerWebhookRoutes(app, { database, now: deps.now });
  registerQrRoutes(app, { database, now: deps.now, publicUrl: deps.publicUrl, linkSecret });
  registerKioskRoutes(app, { database, now: deps.now, publicUrl: deps.publicUrl, onResponsesRecorded: deps.onResponsesRecorded ?? [] });
  registerWidgetRoutes(app, { database, now: deps.now, publicUrl: deps.publicUrl, linkSecret });
  registerPublicSurveyRoutes(app, { database, now: deps.now, linkSecret, onResponsesRecorded: deps.onResponsesRecorded ?? [] });
  registerImportRoutes(app, { database, now: deps.now, onResponsesRecorded: deps.onResponsesRecorded });
  registerTriggerRoutes(app, { database, now: deps.now, publicUrl: deps.publicUrl, linkSecret });
}

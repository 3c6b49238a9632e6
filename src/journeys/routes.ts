import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { actorOf, getOrganization, listLocationSubtreeIds, userIdOf, type Actor } from '../access/index.ts';
import type { Database } from '../platform/database.ts';
import { badRequest, NotFoundError } from '../platform/errors.ts';
import type { HttpServer } from '../platform/http-server.ts';
import { isLocale, pickLocale, type Locale } from '../platform/locales.ts';
import { PageQuery, pageOf } from '../platform/pagination.ts';
import { documentOfJourney } from './document.ts';
import { diffBlueprints, localiseBlueprint, normaliseBlueprint, normaliseOverride, resolveText } from './model.ts';
import {
  BlueprintSchema,
  DiffView,
  DraftView,
  EffectiveView,
  JourneyDocumentSchema,
  JourneyView,
  Key,
  LocaleSchema,
  OverrideBodySchema,
  OverrideView,
  TemplateSummaryView,
  TranslatableTextSchema,
  VersionSummaryView,
  VersionView,
  type JourneyDocument,
} from './schemas.ts';
import {
  archiveJourney,
  computeEffectiveBlueprint,
  createJourney,
  createJourneyFromDocument,
  deleteOverride,
  draftProblems,
  getBlueprintAt,
  getJourney,
  getOverride,
  getVersion,
  listJourneys,
  listOverrides,
  listVersions,
  publishDraft,
  putOverride,
  removeAddedMoment,
  saveDraft,
  updateJourney,
  type JourneyRow,
  type OverrideRow,
  type VersionRow,
} from './store.ts';
import { findShippedTemplate, listShippedTemplates } from './templates.ts';
import { registerPosterRoute } from './poster-route.ts';

export interface JourneyRouteDeps {
  database: Database;
  now: () => Date;
}

const errors = {
  400: { $ref: 'ErrorBody' },
  401: { $ref: 'ErrorBody' },
  403: { $ref: 'ErrorBody' },
  404: { $ref: 'ErrorBody' },
  409: { $ref: 'ErrorBody' },
};

const JourneyParams = Type.Object({ key: Key });
/** A whole blueprint in five languages outgrows the default 1 MB at a few hundred moments. */
const BLUEPRINT_BODY_LIMIT = 8 * 1024 * 1024;
const OverrideParams = Type.Object({ key: Key, locationId: Type.String({ minLength: 1, maxLength: 64 }) });
/** A published version number, or `draft`. */
const VersionRef = Type.String({ pattern: '^([1-9][0-9]{0,8}|draft)$', description: 'A version number or "draft"' });
const VersionNumber = Type.Integer({ minimum: 1, maximum: 999_999_999 });

function versionRef(value: string): number | 'draft' {
  return value === 'draft' ? 'draft' : Number(value);
}

function journeyView(row: JourneyRow) {
  return {
    journeyId: row.journeyId,
    key: row.key,
    name: row.name,
    description: row.description,
    fallbackLocale: isLocale(row.fallbackLocale) ? row.fallbackLocale : ('en' as const),
    templateKey: row.templateKey,
    publishedVersion: row.publishedVersion,
    publishedAt: row.publishedAt,
    draftRevision: row.draftRevision,
    hasUnpublishedChanges: row.draftDiffers,
    archivedAt: row.archivedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function draftView(row: JourneyRow) {
  return {
    journeyKey: row.key,
    revision: row.draftRevision,
    blueprint: row.draft,
    updatedAt: row.draftUpdatedAt,
    updatedBy: row.draftUpdatedBy,
    problems: draftProblems(row),
  };
}

function versionSummary(row: VersionRow) {
  return {
    version: row.version,
    note: row.note,
    fallbackLocale: isLocale(row.fallbackLocale) ? row.fallbackLocale : ('en' as const),
    momentCount: row.document.moments.length,
    publishedAt: row.publishedAt,
    publishedBy: row.publishedBy,
  };
}

function overrideView(key: string, row: OverrideRow) {
  return {
    journeyKey: key,
    locationId: row.locationId,
    baseVersion: row.baseVersion,
    addedMoments: row.document.addedMoments,
    benchmarkAdjustments: row.document.benchmarkAdjustments,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
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

/**
 * A member limited to a location subtree sees and changes overrides only inside it; a location
 * outside answers 404, as in the access room (undefined = no limit).
 */
async function visibleLocationIds(database: Database, actor: Actor): Promise<string[] | undefined> {
  if (actor.kind !== 'user' || actor.locationScope === null) return undefined;
  return listLocationSubtreeIds(database.db, actor.orgId, actor.locationScope);
}

async function assertLocationVisible(database: Database, actor: Actor, locationId: string): Promise<void> {
  const visible = await visibleLocationIds(database, actor);
  if (visible && !visible.includes(locationId)) throw new NotFoundError('Location');
}

async function defaultFallbackLocale(database: Database, orgId: string): Promise<Locale> {
  const organization = await getOrganization(database.db, orgId);
  return isLocale(organization.defaultLocale) ? organization.defaultLocale : 'en';
}

function requestedLocale(request: FastifyRequest, explicit: Locale | undefined): Locale {
  if (explicit) return explicit;
  const header = request.headers['accept-language'];
  return pickLocale(Array.isArray(header) ? header[0] : header, 'en');
}

export function registerJourneyRoutes(app: HttpServer, deps: JourneyRouteDeps): void {
  const { database } = deps;
  const db = database.db;
  app.addSchema(JourneyDocumentSchema);
  const JourneyDocumentRef = Type.Unsafe<JourneyDocument>({ $ref: 'JourneyDocument' });

  // ---------- journeys ----------
  app.get('/api/v1/journeys', {
    config: { access: { permission: 'journeys.read' } },
    schema: {
      tags: ['journeys'],
      summary: 'List journeys, oldest first',
      querystring: Type.Object({ ...PageQuery.properties, includeArchived: Type.Optional(Type.Boolean({ default: false })) }, { additionalProperties: false }),
      response: { 200: pageOf(JourneyView), ...errors },
    },
  }, async (request) => {
    const page = await listJourneys(db, actorOf(request).orgId, {
      limit: request.query.limit ?? 50,
      ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
      includeArchived: request.query.includeArchived ?? false,
    });
    return { items: page.items.map(journeyView), nextCursor: page.nextCursor };
  });

  app.post('/api/v1/journeys', {
    config: { access: { permission: 'journeys.write' } },
    bodyLimit: BLUEPRINT_BODY_LIMIT,
    schema: {
      tags: ['journeys'],
      summary: 'Create a journey; its draft starts with the five standard stages unless a blueprint is given',
      body: Type.Object(
        {
          key: Key,
          name: TranslatableTextSchema,
          description: Type.Optional(TranslatableTextSchema),
          fallbackLocale: Type.Optional(LocaleSchema),
          blueprint: Type.Optional(BlueprintSchema),
        },
        { additionalProperties: false },
      ),
      response: { 201: JourneyView, ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const { blueprint, ...body } = request.body;
    const created = await createJourney(db, actor.orgId, {
      ...body,
      fallbackLocale: body.fallbackLocale ?? (await defaultFallbackLocale(database, actor.orgId)),
      ...(blueprint ? { blueprint: normaliseBlueprint(blueprint) } : {}),
      createdBy: userIdOf(actor),
    });
    return reply.code(201).send(journeyView(created));
  });

  app.get('/api/v1/journeys/:key', {
    config: { access: { permission: 'journeys.read' } },
    schema: { tags: ['journeys'], summary: 'One journey', params: JourneyParams, response: { 200: JourneyView, ...errors } },
  }, async (request) => journeyView(await getJourney(db, actorOf(request).orgId, request.params.key)));

  app.patch('/api/v1/journeys/:key', {
    config: { access: { permission: 'journeys.write' } },
    schema: {
      tags: ['journeys'],
      summary: 'Rename a journey, change its fallback language, or archive / restore it (the key never changes)',
      params: JourneyParams,
      body: Type.Object(
        {
          name: Type.Optional(TranslatableTextSchema),
          description: Type.Optional(Type.Union([TranslatableTextSchema, Type.Null()])),
          fallbackLocale: Type.Optional(LocaleSchema),
          archived: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
      response: { 200: JourneyView, ...errors },
    },
  }, async (request) => journeyView(await updateJourney(db, actorOf(request).orgId, request.params.key, request.body)));

  app.delete('/api/v1/journeys/:key', {
    config: { access: { permission: 'journeys.write' } },
    schema: {
      tags: ['journeys'],
      summary: 'Archive a journey (its versions stay, so recorded feedback keeps its meaning)',
      params: JourneyParams,
      response: { 204: Type.Null(), ...errors },
    },
  }, async (request, reply) => {
    await archiveJourney(db, actorOf(request).orgId, request.params.key);
    return reply.code(204).send(null);
  });

  // ---------- draft, publishing, versions ----------
  app.get('/api/v1/journeys/:key/draft', {
    config: { access: { permission: 'journeys.read' } },
    schema: {
      tags: ['journeys'],
      summary: 'The draft blueprint with its problems; the ETag is its revision',
      params: JourneyParams,
      response: { 200: DraftView, ...errors },
    },
  }, async (request, reply) => {
    const row = await getJourney(db, actorOf(request).orgId, request.params.key);
    reply.header('etag', `"${row.draftRevision}"`);
    return draftView(row);
  });

  app.put('/api/v1/journeys/:key/draft', {
    config: { access: { permission: 'journeys.write' } },
    bodyLimit: BLUEPRINT_BODY_LIMIT,
    schema: {
      tags: ['journeys'],
      summary: 'Save the draft blueprint (kept even with problems; publishing refuses errors). Send If-Match: "<revision>" to avoid overwriting another edit (412).',
      params: JourneyParams,
      headers: Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 20 })) }),
      body: BlueprintSchema,
      response: { 200: DraftView, ...errors, 412: { $ref: 'ErrorBody' } },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const expected = expectedRevision(request);
    const row = await saveDraft(db, actor.orgId, request.params.key, {
      blueprint: request.body,
      ...(expected !== undefined ? { expectedRevision: expected } : {}),
      updatedBy: userIdOf(actor),
      now: deps.now(),
    });
    reply.header('etag', `"${row.draftRevision}"`);
    return draftView(row);
  });

  app.post('/api/v1/journeys/:key/publish', {
    config: { access: { permission: 'journeys.write' } },
    // The note is optional, so a bare POST without a body publishes too.
    preValidation: async (request) => {
      request.body ??= {};
    },
    schema: {
      tags: ['journeys'],
      summary: 'Freeze the draft as the next numbered, immutable version',
      params: JourneyParams,
      body: Type.Object({ note: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false }),
      response: { 201: VersionView, ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const row = await publishDraft(db, actor.orgId, request.params.key, { note: request.body.note ?? null, publishedBy: userIdOf(actor), now: deps.now() });
    return reply.code(201).send({ ...versionSummary(row), journeyKey: request.params.key, blueprint: row.document });
  });

  app.get('/api/v1/journeys/:key/versions', {
    config: { access: { permission: 'journeys.read' } },
    schema: {
      tags: ['journeys'],
      summary: 'Published versions, newest first',
      params: JourneyParams,
      querystring: PageQuery,
      response: { 200: pageOf(VersionSummaryView), ...errors },
    },
  }, async (request) =>
    listVersions(db, actorOf(request).orgId, request.params.key, {
      limit: request.query.limit ?? 50,
      ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
    }),
  );

  app.get('/api/v1/journeys/:key/versions/:version', {
    config: { access: { permission: 'journeys.read' } },
    schema: {
      tags: ['journeys'],
      summary: 'One published version, exactly as it was published',
      params: Type.Object({ key: Key, version: VersionNumber }),
      response: { 200: VersionView, ...errors },
    },
  }, async (request) => {
    const { version } = await getVersion(db, actorOf(request).orgId, request.params.key, request.params.version);
    return { ...versionSummary(version), journeyKey: request.params.key, blueprint: version.document };
  });

  app.get('/api/v1/journeys/:key/diff', {
    config: { access: { permission: 'journeys.read' } },
    schema: {
      tags: ['journeys'],
      summary: 'What changed between two versions (or a version and the draft): stages, moments and purposes added, removed and changed, with the changed fields',
      params: JourneyParams,
      querystring: Type.Object({ from: VersionRef, to: VersionRef }, { additionalProperties: false }),
      response: { 200: DiffView, ...errors },
    },
  }, async (request) => {
    const orgId = actorOf(request).orgId;
    const journey = await getJourney(db, orgId, request.params.key);
    const before = await getBlueprintAt(db, orgId, journey, versionRef(request.query.from));
    const after = await getBlueprintAt(db, orgId, journey, versionRef(request.query.to));
    return { journeyKey: journey.key, from: request.query.from, to: request.query.to, ...diffBlueprints(before, after) };
  });

  // ---------- import, export, templates ----------
  app.get('/api/v1/journeys/:key/export', {
    config: { access: { permission: 'journeys.read' } },
    schema: {
      tags: ['journeys'],
      summary: 'The journey as a keymoment.journey/v1 JSON document (the latest published version, else the draft)',
      params: JourneyParams,
      querystring: Type.Object({ version: Type.Optional(VersionRef) }, { additionalProperties: false }),
      response: { 200: JourneyDocumentRef, ...errors },
    },
  }, async (request, reply) => {
    const orgId = actorOf(request).orgId;
    const journey = await getJourney(db, orgId, request.params.key);
    const at = request.query.version !== undefined ? versionRef(request.query.version) : (journey.publishedVersion ?? 'draft');
    const blueprint = await getBlueprintAt(db, orgId, journey, at);
    reply.header('content-disposition', `attachment; filename="${journey.key}.journey.json"`);
    return documentOfJourney(journey, blueprint, { at: deps.now(), version: at === 'draft' ? null : at });
  });

  app.post('/api/v1/journeys/import', {
    config: { access: { permission: 'journeys.write' } },
    bodyLimit: BLUEPRINT_BODY_LIMIT,
    schema: {
      tags: ['journeys'],
      summary: 'Create a journey from a keymoment.journey/v1 document; problems are reported with the path of the offending field',
      querystring: Type.Object(
        { publish: Type.Optional(Type.Boolean({ default: false, description: 'Publish version 1 at once' })), key: Type.Optional(Key) },
        { additionalProperties: false },
      ),
      body: JourneyDocumentRef,
      response: { 201: JourneyView, ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const { journey } = await createJourneyFromDocument(db, actor.orgId, request.body, {
      ...(request.query.key ? { key: request.query.key } : {}),
      publish: request.query.publish ?? false,
      by: userIdOf(actor),
      now: deps.now(),
    });
    return reply.code(201).send(journeyView(journey));
  });

  app.get('/api/v1/journey-templates', {
    config: { access: { permission: 'journeys.read' } },
    schema: {
      tags: ['journeys'],
      summary: 'Journey templates shipped with Keymoment, named in the requested language (?locale=, else Accept-Language)',
      querystring: Type.Object({ locale: Type.Optional(LocaleSchema) }, { additionalProperties: false }),
      response: { 200: pageOf(TemplateSummaryView), ...errors },
    },
  }, async (request) => {
    const locale = requestedLocale(request, request.query.locale);
    const templates = await listShippedTemplates();
    return {
      items: templates.map(({ key, document, blueprint }) => ({
        key,
        name: resolveText(document.name, locale, document.fallbackLocale),
        description: resolveText(document.description, locale, document.fallbackLocale),
        locale,
        stageCount: blueprint.stages.length,
        momentCount: blueprint.moments.length,
        purposeCount: blueprint.purposes.length,
      })),
      nextCursor: null,
    };
  });

  app.get('/api/v1/journey-templates/:templateKey', {
    config: { access: { permission: 'journeys.read' } },
    schema: {
      tags: ['journeys'],
      summary: 'A whole template in the exchange format, for previewing it',
      params: Type.Object({ templateKey: Key }),
      response: { 200: JourneyDocumentRef, ...errors },
    },
  }, async (request) => {
    const template = await findShippedTemplate(request.params.templateKey);
    if (!template) throw new NotFoundError('Template');
    return template.document;
  });

  app.post('/api/v1/journeys/from-template', {
    config: { access: { permission: 'journeys.write' } },
    schema: {
      tags: ['journeys'],
      summary: 'Create a journey from a template in one call, as a draft or published at once',
      body: Type.Object(
        {
          templateKey: Key,
          key: Type.Optional(Key),
          name: Type.Optional(TranslatableTextSchema),
          publish: Type.Optional(Type.Boolean({ default: false })),
        },
        { additionalProperties: false },
      ),
      response: { 201: JourneyView, ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const template = await findShippedTemplate(request.body.templateKey);
    if (!template) throw badRequest('templateKey', `there is no template "${request.body.templateKey}"`);
    const { journey } = await createJourneyFromDocument(db, actor.orgId, template.document, {
      ...(request.body.key ? { key: request.body.key } : {}),
      ...(request.body.name ? { name: request.body.name } : {}),
      templateKey: template.key,
      publish: request.body.publish ?? false,
      by: userIdOf(actor),
      now: deps.now(),
    });
    return reply.code(201).send(journeyView(journey));
  });

  // ---------- location overrides and the effective blueprint ----------
  app.get('/api/v1/journeys/:key/overrides', {
    config: { access: { permission: 'journeys.read' } },
    schema: {
      tags: ['journey overrides'],
      summary: 'Overrides of the journey by regions, cities and outlets (limited to the caller’s location scope)',
      params: JourneyParams,
      querystring: PageQuery,
      response: { 200: pageOf(OverrideView), ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const within = await visibleLocationIds(database, actor);
    const page = await listOverrides(db, actor.orgId, request.params.key, {
      limit: request.query.limit ?? 50,
      ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
      ...(within ? { within } : {}),
    });
    return { items: page.items.map((row) => overrideView(request.params.key, row)), nextCursor: page.nextCursor };
  });

  app.get('/api/v1/journeys/:key/overrides/:locationId', {
    config: { access: { permission: 'journeys.read' } },
    schema: { tags: ['journey overrides'], summary: 'The override of one location', params: OverrideParams, response: { 200: OverrideView, ...errors } },
  }, async (request) => {
    const actor = actorOf(request);
    await assertLocationVisible(database, actor, request.params.locationId);
    return overrideView(request.params.key, await getOverride(db, actor.orgId, request.params.key, request.params.locationId));
  });

  app.put('/api/v1/journeys/:key/overrides/:locationId', {
    config: { access: { permission: 'journeys.override' } },
    bodyLimit: BLUEPRINT_BODY_LIMIT,
    schema: {
      tags: ['journey overrides'],
      summary:
        'Create or replace a location’s override: add moments, adjust benchmark targets within their local limits. Changing, renaming or removing an inherited moment is refused (400 naming the field).',
      params: OverrideParams,
      body: OverrideBodySchema,
      response: { 200: OverrideView, ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    await assertLocationVisible(database, actor, request.params.locationId);
    const { baseVersion, ...document } = request.body;
    const row = await putOverride(db, actor.orgId, request.params.key, request.params.locationId, {
      ...(baseVersion !== undefined ? { baseVersion } : {}),
      document: normaliseOverride(document),
      updatedBy: userIdOf(actor),
      now: deps.now(),
    });
    return overrideView(request.params.key, row);
  });

  app.delete('/api/v1/journeys/:key/overrides/:locationId', {
    config: { access: { permission: 'journeys.override' } },
    schema: {
      tags: ['journey overrides'],
      summary: 'Remove a location’s override (the location then follows the blueprint above it)',
      params: OverrideParams,
      response: { 204: Type.Null(), ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    await assertLocationVisible(database, actor, request.params.locationId);
    await deleteOverride(db, actor.orgId, request.params.key, request.params.locationId);
    return reply.code(204).send(null);
  });

  app.delete('/api/v1/journeys/:key/overrides/:locationId/moments/:momentKey', {
    config: { access: { permission: 'journeys.override' } },
    schema: {
      tags: ['journey overrides'],
      summary: 'Remove a moment this location added; central moments and moments added higher up are refused (400)',
      params: Type.Object({ ...OverrideParams.properties, momentKey: Key }),
      response: { 200: OverrideView, ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const { key, locationId, momentKey } = request.params;
    await assertLocationVisible(database, actor, locationId);
    const row = await removeAddedMoment(db, actor.orgId, key, locationId, momentKey, { updatedBy: userIdOf(actor), now: deps.now() });
    return overrideView(key, row);
  });

  app.get('/api/v1/journeys/:key/effective/:locationId', {
    config: { access: { permission: 'journeys.read' } },
    schema: {
      tags: ['journey overrides'],
      summary:
        'The blueprint a location works to: the central published version plus the overrides of its ancestors and its own. Each moment says its origin. ?locale= resolves every text to one language.',
      params: OverrideParams,
      querystring: Type.Object({ locale: Type.Optional(LocaleSchema), version: Type.Optional(VersionNumber) }, { additionalProperties: false }),
      response: { 200: EffectiveView, ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    await assertLocationVisible(database, actor, request.params.locationId);
    const result = await computeEffectiveBlueprint(db, actor.orgId, request.params.key, request.params.locationId, request.query.version);
    const locale = request.query.locale ?? null;
    const blueprint = locale ? localiseBlueprint(result.blueprint, locale, result.fallbackLocale) : result.blueprint;
    return {
      journeyKey: result.journey.key,
      locationId: request.params.locationId,
      version: result.version,
      locale,
      fallbackLocale: result.fallbackLocale,
      appliedOverrides: result.appliedOverrides,
      notices: result.notices,
      ...blueprint,
    };
  });

  // ---------- the blueprint poster ----------
  registerPosterRoute(app, { ...deps, assertLocationVisible: (actor, locationId) => assertLocationVisible(database, actor, locationId) });
}

import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { actorCan, actorOf, getOrganization, listLocationSubtreeIds, userIdOf, type Actor } from '../access/index.ts';
import { resolveText } from '../journeys/index.ts';
import type { Database } from '../platform/database.ts';
import { AppError, badRequest, forbidden, NotFoundError } from '../platform/errors.ts';
import type { HttpServer } from '../platform/http-server.ts';
import { isLocale, pickLocale, type Locale } from '../platform/locales.ts';
import { PageQuery, pageOf } from '../platform/pagination.ts';
import { oneOf } from '../platform/schema-types.ts';
import { getAction, getImprovement, listActionEvents, listActions, listImprovements, updateAction, updateImprovement, createImprovement, type ActionRow, type ImprovementRow } from './actions.ts';
import { MAX_EVIDENCE_BYTES, type EvidenceStorage } from './evidence.ts';
import { newLinkId, signShopperLink } from './links.ts';
import {
  ACTION_STATUSES,
  FREQUENCIES,
  IMPROVEMENT_SOURCES,
  RUN_STATUSES,
  itemsOf,
  localDateOf,
  normaliseDefinition,
  validateDefinition,
  type ChecklistDefinitionInput,
  type RunKind,
} from './model.ts';
import { listImprovementsByImpact, refreshImprovementImpact } from './improvement-impact-store.ts';
import { CELL_FLAGS, complianceVsSatisfaction, DEFAULT_EFFECT_WINDOW_DAYS, DEFAULT_MIN_N, improvementEffect, MAX_EFFECT_WINDOW_DAYS, MIN_EFFECT_WINDOW_DAYS } from './effects.ts';
import { readUpload, registerPublicAuditRoutes, sendPhoto } from './public-routes.ts';
import { complianceTrend, GROUP_BYS, PERIODS, submitRun, type CriticalItemsFailedListener } from './results.ts';
import {
  ActionDetailView,
  ActionView,
  AnswersSchema,
  ChecklistDraftView,
  ChecklistTemplateView,
  ChecklistVersionSummaryView,
  ChecklistVersionView,
  ChecklistView,
  ComplianceRowView,
  ComplianceSatisfactionCellView,
  DefinitionSchema,
  EvidenceView,
  Id,
  ImprovementEffectView,
  ImprovementStatusSchema,
  ImprovementView,
  Key,
  LocalDate,
  LocaleSchema,
  RunKindSchema,
  RunSummaryView,
  RunView,
  ScheduleView,
  TranslatableTextSchema,
} from './schemas.ts';
import {
  addEvidence,
  cancelRun,
  checklistDraftProblems,
  checklistKeysOf,
  createChecklist,
  createDueScheduledRuns,
  createRun,
  createSchedule,
  deleteSchedule,
  definitionOfRun,
  fallbackOf,
  getChecklist,
  getChecklistVersion,
  getEvidence,
  getRun,
  getSchedule,
  journeyFactsOf,
  listChecklists,
  listChecklistVersions,
  listEvidence,
  listRuns,
  listSchedules,
  loadOrCreateAuditLinkSecret,
  publishChecklist,
  readEvidence,
  refuseProblems,
  removeEvidence,
  rotateShopperLink,
  saveChecklistDraft,
  saveRunAnswers,
  updateChecklist,
  updateSchedule,
  type ChecklistRow,
  type ChecklistVersionRow,
  type RunRow,
  type ScheduleRow,
} from './store.ts';
import { definitionOfDocument, findShippedChecklistTemplate, listShippedChecklistTemplates } from './templates.ts';
import { registerMorningSheetRoute } from './morning-sheet-route.ts';

export interface AuditRouteDeps {
  database: Database;
  storage: EvidenceStorage;
  publicUrl: string;
  now: () => Date;
  /** Told, in the submitting transaction, about every run's failed critical items (recovery opens cases). */
  onCriticalItemsFailed?: readonly CriticalItemsFailedListener[];
}

const errors = {
  400: { $ref: 'ErrorBody' },
  401: { $ref: 'ErrorBody' },
  403: { $ref: 'ErrorBody' },
  404: { $ref: 'ErrorBody' },
  409: { $ref: 'ErrorBody' },
};

/** A whole checklist in five languages can outgrow the default 1 MB. */
const CHECKLIST_BODY_LIMIT = 4 * 1024 * 1024;
const MAX_LINK_DAYS = 90;
const DEFAULT_LINK_DAYS = 30;
const ChecklistParams = Type.Object({ key: Key });
const oneOfFrequencies = () => oneOf(FREQUENCIES);
const oneOfStatuses = () => oneOf(RUN_STATUSES);
const oneOfActionStatuses = () => oneOf(ACTION_STATUSES);
const oneOfManualStatuses = () => oneOf(['open', 'done'] as const, 'open or done; only an audit verifies');
const oneOfSources = () => oneOf(IMPROVEMENT_SOURCES);
const oneOfGroupBy = () => oneOf(GROUP_BYS);
const oneOfPeriods = () => oneOf(PERIODS);
const RunParams = Type.Object({ runId: Id });
const EvidenceParams = Type.Object({ runId: Id, evidenceId: Id });

/** Managers do walk-throughs; frontline staff do self-inspections. */
const WALK_THROUGH_ROLES = new Set(['admin', 'cx_manager', 'outlet_manager', 'auditor']);

/**
 * A member limited to a location subtree sees and touches only that subtree; everyone else sees the
 * whole organisation (undefined = no limit). A location outside answers 404, as in the access room.
 */
async function visibleLocationIds(database: Database, actor: Actor): Promise<string[] | undefined> {
  if (actor.kind !== 'user' || actor.locationScope === null) return undefined;
  return listLocationSubtreeIds(database.db, actor.orgId, actor.locationScope);
}

async function assertLocationVisible(database: Database, actor: Actor, locationId: string, what = 'Location'): Promise<void> {
  const visible = await visibleLocationIds(database, actor);
  if (visible && !visible.includes(locationId)) throw new NotFoundError(what);
}

/** Optional bodies: a POST without one reads as `{}`. */
async function bodyOrEmpty(request: FastifyRequest): Promise<void> {
  request.body ??= {};
}

function expectedRevision(request: FastifyRequest): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(Array.isArray(header) ? (header[0] ?? '') : header);
  if (!match) throw badRequest('If-Match', 'If-Match must be the draft revision as an ETag, e.g. "7"');
  return Number(match[1]);
}

function requestedLocale(request: FastifyRequest, explicit: Locale | undefined): Locale {
  if (explicit) return explicit;
  const header = request.headers['accept-language'];
  return pickLocale(Array.isArray(header) ? header[0] : header, 'en');
}

function checklistView(row: ChecklistRow) {
  return {
    checklistId: row.checklistId,
    key: row.key,
    name: row.name,
    description: row.description,
    fallbackLocale: fallbackOf(row),
    journeyKey: row.draft.journeyKey,
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

function versionSummary(row: ChecklistVersionRow) {
  return {
    version: row.version,
    journeyKey: row.journeyKey,
    note: row.note,
    itemCount: itemsOf(row.definition).length,
    publishedAt: row.publishedAt,
    publishedBy: row.publishedBy,
  };
}

function scheduleView(row: ScheduleRow, checklistKey: string) {
  return {
    scheduleId: row.scheduleId,
    checklistKey,
    locationId: row.locationId,
    kind: row.kind,
    frequency: row.frequency,
    dayOfMonth: row.dayOfMonth,
    weekday: row.weekday,
    dueDays: row.dueDays,
    assigneeUserId: row.assigneeUserId,
    nextRunOn: row.nextRunOn,
    lastRunOn: row.lastRunOn,
    active: row.deactivatedAt === null,
    createdAt: row.createdAt,
  };
}

function runSummary(row: RunRow, checklistKey: string, now: Date) {
  return {
    runId: row.runId,
    checklistKey,
    checklistVersion: row.checklistVersion,
    journeyKey: row.journeyKey,
    journeyVersion: row.journeyVersion,
    locationId: row.locationId,
    kind: row.kind,
    status: row.status,
    overdue: (row.status === 'open' || row.status === 'in_progress') && row.dueAt !== null && row.dueAt < now,
    assigneeUserId: row.assigneeUserId,
    scheduleId: row.scheduleId,
    scheduledFor: row.scheduledFor,
    dueAt: row.dueAt,
    submittedAt: row.submittedAt,
    compliance: row.compliance,
    passed: row.passed,
    criticalFailed: row.criticalFailed,
    createdAt: row.createdAt,
  };
}

function actionView(row: ActionRow, checklistKey: string, now: Date) {
  return {
    actionId: row.actionId,
    locationId: row.locationId,
    checklistKey,
    itemKey: row.itemKey,
    journeyKey: row.journeyKey,
    momentKey: row.momentKey,
    title: row.title,
    critical: row.critical,
    sourceRunId: row.sourceRunId,
    status: row.status,
    overdue: row.status === 'open' && row.dueAt < now,
    ownerUserId: row.ownerUserId,
    dueAt: row.dueAt,
    note: row.note,
    reopenCount: row.reopenCount,
    escalationLevel: row.escalationLevel,
    doneAt: row.doneAt,
    verifiedAt: row.verifiedAt,
    verifiedByRunId: row.verifiedByRunId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function improvementView(row: ImprovementRow) {
  return {
    improvementId: row.improvementId,
    title: row.title,
    journeyKey: row.journeyKey,
    momentKey: row.momentKey,
    locationId: row.locationId,
    source: { kind: row.sourceKind, runId: row.sourceRunId, caseId: row.sourceCaseId },
    hypothesis: row.hypothesis,
    ownerUserId: row.ownerUserId,
    startDate: row.startDate,
    status: row.status,
    cycle: row.cycle,
    notes: row.notes,
    impact: row.impact,
    impactComputedAt: row.impactComputedAt,
    impactInputs: row.impactInputs ?? null,
    closedAt: row.closedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function registerAuditRoutes(app: HttpServer, deps: AuditRouteDeps): void {
  const { database } = deps;
  const db = database.db;
  let secret: Promise<string> | undefined;
  // Loaded on first use and kept: it never changes once made, so every node may hold it.
  const linkSecret = () =>
    (secret ??= loadOrCreateAuditLinkSecret(db).catch((error: unknown) => {
      secret = undefined;
      throw error;
    }));
  app.addSchema(DefinitionSchema);
  const DefinitionRef = Type.Unsafe<ChecklistDefinitionInput>({ $ref: 'ChecklistDefinition' });
  const tags = ['audits'];

  // ---------- checklists ----------
  app.get('/api/v1/audits/checklist-templates', {
    config: { access: { permission: 'audits.read' } },
    schema: {
      tags,
      summary: 'Checklist templates shipped with Keymoment, named in the requested language',
      querystring: Type.Object({ locale: Type.Optional(LocaleSchema) }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(ChecklistTemplateView) }), ...errors },
    },
  }, async (request) => {
    const locale = requestedLocale(request, request.query.locale);
    const templates = await listShippedChecklistTemplates();
    return {
      items: templates.map((template) => ({
        key: template.key,
        name: resolveText(template.document.name, locale, template.document.fallbackLocale),
        description: resolveText(template.document.description, locale, template.document.fallbackLocale),
        locale,
        journeyKey: template.definition.journeyKey,
        momentKeys: template.definition.sections.map((section) => section.momentKey),
        itemCount: itemsOf(template.definition).length,
        criticalCount: itemsOf(template.definition).filter(({ item }) => item.critical).length,
      })),
    };
  });

  app.post('/api/v1/audits/checklists/from-template', {
    config: { access: { permission: 'audits.manage' } },
    schema: {
      tags,
      summary: 'Create a checklist from a template, as a draft or published at once (the journey must be published first)',
      body: Type.Object(
        { templateKey: Key, key: Type.Optional(Key), name: Type.Optional(TranslatableTextSchema), publish: Type.Optional(Type.Boolean({ default: false })) },
        { additionalProperties: false },
      ),
      response: { 201: ChecklistView, ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const template = await findShippedChecklistTemplate(request.body.templateKey);
    if (!template) throw badRequest('templateKey', `there is no checklist template "${request.body.templateKey}"`);
    const key = request.body.key ?? template.key;
    const definition = definitionOfDocument(template.document);
    if (request.body.publish) {
      // Checked before anything is created, so a refused publish leaves no half-made checklist behind.
      const facts = await journeyFactsOf(db, actor.orgId, definition);
      refuseProblems(validateDefinition(definition, template.document.fallbackLocale, facts), 'the template cannot be published here yet');
    }
    const created = await createChecklist(db, actor.orgId, {
      key,
      name: request.body.name ?? template.document.name,
      description: template.document.description ?? null,
      fallbackLocale: template.document.fallbackLocale,
      templateKey: template.key,
      definition,
      createdBy: userIdOf(actor),
    });
    if (!request.body.publish) return reply.code(201).send(checklistView(created));
    await publishChecklist(db, actor.orgId, key, { publishedBy: userIdOf(actor), now: deps.now() });
    return reply.code(201).send(checklistView(await getChecklist(db, actor.orgId, key)));
  });

  app.get('/api/v1/audits/checklists', {
    config: { access: { permission: 'audits.read' } },
    schema: {
      tags,
      summary: 'List checklists, oldest first',
      querystring: Type.Object({ ...PageQuery.properties, includeArchived: Type.Optional(Type.Boolean({ default: false })) }, { additionalProperties: false }),
      response: { 200: pageOf(ChecklistView), ...errors },
    },
  }, async (request) => {
    const page = await listChecklists(db, actorOf(request).orgId, {
      limit: request.query.limit ?? 50,
      ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
      includeArchived: request.query.includeArchived ?? false,
    });
    return { items: page.items.map(checklistView), nextCursor: page.nextCursor };
  });

  app.post('/api/v1/audits/checklists', {
    config: { access: { permission: 'audits.manage' } },
    bodyLimit: CHECKLIST_BODY_LIMIT,
    schema: {
      tags,
      summary: 'Create a checklist (its draft); publish it to audit with it',
      body: Type.Object(
        { key: Key, name: TranslatableTextSchema, description: Type.Optional(TranslatableTextSchema), fallbackLocale: Type.Optional(LocaleSchema), definition: DefinitionRef },
        { additionalProperties: false },
      ),
      response: { 201: ChecklistView, ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const organization = await getOrganization(db, actor.orgId);
    const fallbackLocale = request.body.fallbackLocale ?? (isLocale(organization.defaultLocale) ? organization.defaultLocale : 'en');
    const created = await createChecklist(db, actor.orgId, {
      key: request.body.key,
      name: request.body.name,
      description: request.body.description ?? null,
      fallbackLocale,
      definition: normaliseDefinition(request.body.definition),
      createdBy: userIdOf(actor),
    });
    return reply.code(201).send(checklistView(created));
  });

  app.get('/api/v1/audits/checklists/:key', {
    config: { access: { permission: 'audits.read' } },
    schema: { tags, summary: 'One checklist', params: ChecklistParams, response: { 200: ChecklistView, ...errors } },
  }, async (request) => checklistView(await getChecklist(db, actorOf(request).orgId, request.params.key)));

  app.patch('/api/v1/audits/checklists/:key', {
    config: { access: { permission: 'audits.manage' } },
    schema: {
      tags,
      summary: 'Rename, change the fallback language, archive or restore a checklist (its key never changes)',
      params: ChecklistParams,
      body: Type.Object(
        {
          name: Type.Optional(TranslatableTextSchema),
          description: Type.Optional(Type.Union([TranslatableTextSchema, Type.Null()])),
          fallbackLocale: Type.Optional(LocaleSchema),
          archived: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
      response: { 200: ChecklistView, ...errors },
    },
  }, async (request) => checklistView(await updateChecklist(db, actorOf(request).orgId, request.params.key, request.body)));

  app.delete('/api/v1/audits/checklists/:key', {
    config: { access: { permission: 'audits.manage' } },
    schema: { tags, summary: 'Archive a checklist (runs keep pointing at its versions)', params: ChecklistParams, response: { 204: Type.Null(), ...errors } },
  }, async (request, reply) => {
    await updateChecklist(db, actorOf(request).orgId, request.params.key, { archived: true });
    return reply.code(204).send(null);
  });

  const draftView = async (orgId: string, row: ChecklistRow) => ({
    checklistKey: row.key,
    revision: row.draftRevision,
    definition: row.draft,
    updatedAt: row.draftUpdatedAt,
    updatedBy: row.draftUpdatedBy,
    problems: await checklistDraftProblems(db, orgId, row),
  });

  app.get('/api/v1/audits/checklists/:key/draft', {
    config: { access: { permission: 'audits.read' } },
    schema: { tags, summary: 'The draft with its problems (errors block publishing)', params: ChecklistParams, response: { 200: ChecklistDraftView, ...errors } },
  }, async (request, reply) => {
    const orgId = actorOf(request).orgId;
    const row = await getChecklist(db, orgId, request.params.key);
    return reply.header('etag', `"${row.draftRevision}"`).send(await draftView(orgId, row));
  });

  app.put('/api/v1/audits/checklists/:key/draft', {
    config: { access: { permission: 'audits.manage' } },
    bodyLimit: CHECKLIST_BODY_LIMIT,
    schema: {
      tags,
      summary: 'Replace the draft. Send If-Match: "<revision>" to refuse overwriting someone else’s save (412)',
      params: ChecklistParams,
      body: DefinitionRef,
      response: { 200: ChecklistDraftView, 412: { $ref: 'ErrorBody' }, ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const revision = expectedRevision(request);
    const row = await saveChecklistDraft(db, actor.orgId, request.params.key, {
      definition: normaliseDefinition(request.body),
      ...(revision !== undefined ? { expectedRevision: revision } : {}),
      updatedBy: userIdOf(actor),
      now: deps.now(),
    });
    return reply.header('etag', `"${row.draftRevision}"`).send(await draftView(actor.orgId, row));
  });

  app.post('/api/v1/audits/checklists/:key/publish', {
    config: { access: { permission: 'audits.manage' } },
    preValidation: bodyOrEmpty,
    schema: {
      tags,
      summary: 'Publish the draft as the next immutable version; runs created from now on use it',
      params: ChecklistParams,
      body: Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
      response: { 201: ChecklistVersionView, ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const version = await publishChecklist(db, actor.orgId, request.params.key, { note: request.body.note ?? null, publishedBy: userIdOf(actor), now: deps.now() });
    return reply.code(201).send({ ...versionSummary(version), checklistKey: request.params.key, fallbackLocale: fallbackOf(version), definition: version.definition });
  });

  app.get('/api/v1/audits/checklists/:key/versions', {
    config: { access: { permission: 'audits.read' } },
    schema: { tags, summary: 'Published versions, newest first', params: ChecklistParams, querystring: PageQuery, response: { 200: pageOf(ChecklistVersionSummaryView), ...errors } },
  }, async (request) => {
    const page = await listChecklistVersions(db, actorOf(request).orgId, request.params.key, {
      limit: request.query.limit ?? 50,
      ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
    });
    return { items: page.items.map(versionSummary), nextCursor: page.nextCursor };
  });

  app.get('/api/v1/audits/checklists/:key/versions/:version', {
    config: { access: { permission: 'audits.read' } },
    schema: {
      tags,
      summary: 'One published version',
      params: Type.Object({ key: Key, version: Type.Integer({ minimum: 1, maximum: 999_999_999 }) }),
      response: { 200: ChecklistVersionView, ...errors },
    },
  }, async (request) => {
    const { version } = await getChecklistVersion(db, actorOf(request).orgId, request.params.key, request.params.version);
    return { ...versionSummary(version), checklistKey: request.params.key, fallbackLocale: fallbackOf(version), definition: version.definition };
  });

  // ---------- schedules ----------
  const recurrenceBody = {
    frequency: oneOfFrequencies(),
    dayOfMonth: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 28 }), Type.Null()])),
    weekday: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 7, description: '1 = Monday … 7 = Sunday' }), Type.Null()])),
  };

  app.get('/api/v1/audits/schedules', {
    config: { access: { permission: 'audits.read' } },
    schema: { tags, summary: 'Recurring audits, oldest first', querystring: PageQuery, response: { 200: pageOf(ScheduleView), ...errors } },
  }, async (request) => {
    const actor = actorOf(request);
    const within = await visibleLocationIds(database, actor);
    const page = await listSchedules(db, actor.orgId, {
      limit: request.query.limit ?? 50,
      ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
      ...(within ? { within } : {}),
    });
    const keys = await checklistKeysOf(db, actor.orgId, page.items.map((row) => row.checklistId));
    return { items: page.items.map((row) => scheduleView(row, keys.get(row.checklistId) ?? '')), nextCursor: page.nextCursor };
  });

  app.post('/api/v1/audits/schedules', {
    config: { access: { permission: 'audits.manage' } },
    schema: {
      tags,
      summary: 'Audit an outlet on a rhythm (weekly on a weekday; monthly or quarterly on a day, optionally the first given weekday from it); each run is created on its date, due dueDays later',
      body: Type.Object(
        {
          checklistKey: Key,
          locationId: Id,
          kind: RunKindSchema,
          ...recurrenceBody,
          dueDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 90, default: 7 })),
          assigneeUserId: Type.Optional(Type.Union([Id, Type.Null()])),
          startOn: Type.Optional(LocalDate),
        },
        { additionalProperties: false },
      ),
      response: { 201: ScheduleView, ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const body = request.body;
    await assertLocationVisible(database, actor, body.locationId);
    const row = await createSchedule(db, actor.orgId, {
      checklistKey: body.checklistKey,
      locationId: body.locationId,
      kind: body.kind,
      recurrence: { frequency: body.frequency, dayOfMonth: body.dayOfMonth ?? null, weekday: body.weekday ?? null },
      dueDays: body.dueDays ?? 7,
      assigneeUserId: body.assigneeUserId ?? null,
      ...(body.startOn ? { startOn: body.startOn } : {}),
      createdBy: userIdOf(actor),
      now: deps.now(),
    });
    return reply.code(201).send(scheduleView(row, body.checklistKey));
  });

  app.patch('/api/v1/audits/schedules/:scheduleId', {
    config: { access: { permission: 'audits.manage' } },
    schema: {
      tags,
      summary: 'Change the rhythm, due days or assignee of a schedule, or pause it (active: false)',
      params: Type.Object({ scheduleId: Id }),
      body: Type.Object(
        {
          frequency: Type.Optional(oneOfFrequencies()),
          dayOfMonth: recurrenceBody.dayOfMonth,
          weekday: recurrenceBody.weekday,
          dueDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 90 })),
          assigneeUserId: Type.Optional(Type.Union([Id, Type.Null()])),
          active: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
      response: { 200: ScheduleView, ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const current = await getSchedule(db, actor.orgId, request.params.scheduleId);
    await assertLocationVisible(database, actor, current.locationId, 'Schedule');
    const body = request.body;
    const changesRule = body.frequency !== undefined || body.dayOfMonth !== undefined || body.weekday !== undefined;
    const row = await updateSchedule(db, actor.orgId, request.params.scheduleId, {
      ...(changesRule
        ? {
            recurrence: {
              frequency: body.frequency ?? current.frequency,
              dayOfMonth: body.dayOfMonth !== undefined ? body.dayOfMonth : current.dayOfMonth,
              weekday: body.weekday !== undefined ? body.weekday : current.weekday,
            },
          }
        : {}),
      ...(body.dueDays !== undefined ? { dueDays: body.dueDays } : {}),
      ...(body.assigneeUserId !== undefined ? { assigneeUserId: body.assigneeUserId } : {}),
      ...(body.active !== undefined ? { active: body.active } : {}),
      now: deps.now(),
    });
    const keys = await checklistKeysOf(db, actor.orgId, [row.checklistId]);
    return scheduleView(row, keys.get(row.checklistId) ?? '');
  });

  app.delete('/api/v1/audits/schedules/:scheduleId', {
    config: { access: { permission: 'audits.manage' } },
    schema: {
      tags,
      summary: 'Delete a schedule; the runs it already created stay (they only lose the link to it)',
      params: Type.Object({ scheduleId: Id }),
      response: { 204: Type.Null(), ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const current = await getSchedule(db, actor.orgId, request.params.scheduleId);
    await assertLocationVisible(database, actor, current.locationId, 'Schedule');
    await deleteSchedule(db, actor.orgId, current.scheduleId);
    return reply.code(204).send(null);
  });

  app.post('/api/v1/audits/schedules/run-due', {
    config: { access: { permission: 'audits.manage' } },
    preValidation: bodyOrEmpty,
    schema: {
      tags,
      summary: 'Create now the runs whose date has come (what the audits-scheduled-runs job does every 15 minutes), for the caller’s outlets only',
      body: Type.Object({}, { additionalProperties: false }),
      response: { 200: Type.Object({ created: Type.Array(RunSummaryView) }), ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const within = await visibleLocationIds(database, actor);
    const created = await createDueScheduledRuns(db, deps.now(), { orgId: actor.orgId, ...(within ? { within } : {}) });
    const keys = await checklistKeysOf(db, actor.orgId, created.map((run) => run.checklistId));
    return { created: created.map((run) => runSummary(run, keys.get(run.checklistId) ?? '', deps.now())) };
  });

  // ---------- runs ----------
  async function visibleRun(actor: Actor, runId: string): Promise<RunRow> {
    const run = await getRun(db, actor.orgId, runId);
    await assertLocationVisible(database, actor, run.locationId, 'Audit run');
    return run;
  }

  /** Who may fill in a run through the app: its assignee (or a manager), a manager for walk-throughs, nobody for mystery shopping. */
  async function performableRun(actor: Actor, runId: string): Promise<RunRow> {
    const run = await visibleRun(actor, runId);
    if (run.kind === 'mystery_shopping') throw new AppError(409, 'shopper_link_only', 'a mystery-shopping audit is filled in through its shopper link');
    if (actor.kind === 'user') {
      if (run.kind === 'walk_through' && !WALK_THROUGH_ROLES.has(actor.role)) throw forbidden('a walk-through is done by a manager or an auditor');
      if (run.assigneeUserId && run.assigneeUserId !== actor.userId && !actorCan(actor, 'audits.manage')) {
        throw forbidden('this audit is assigned to someone else');
      }
    }
    return run;
  }

  async function runDetail(orgId: string, run: RunRow) {
    const [keys, { definition }, evidence] = await Promise.all([
      checklistKeysOf(db, orgId, [run.checklistId]),
      definitionOfRun(db, run),
      listEvidence(db, orgId, run.runId),
    ]);
    return {
      ...runSummary(run, keys.get(run.checklistId) ?? '', deps.now()),
      definition,
      answers: run.answers,
      answersSavedAt: run.answersSavedAt,
      evidence,
      result:
        run.status === 'submitted' && run.result
          ? {
              compliance: run.compliance,
              passed: run.passed ?? false,
              criticalFailed: run.criticalFailed ?? false,
              failedItems: run.result.failedItems,
              criticalFailures: run.result.criticalFailures,
              moments: run.result.moments.map((moment) => ({
                momentKey: moment.momentKey,
                compliance: moment.compliance,
                failedItems: moment.failedItems,
                criticalFailed: moment.criticalFailed,
                target: moment.target,
                benchmark: moment.benchmark,
              })),
            }
          : null,
      shopperLink:
        run.linkId && run.linkExpiresAt ? { expiresAt: run.linkExpiresAt, locale: isLocale(run.linkLocale) ? run.linkLocale : null } : null,
    };
  }

  app.get('/api/v1/audits/runs', {
    config: { access: { permission: 'audits.read' } },
    schema: {
      tags,
      summary: 'Audit runs, newest first (only the locations the caller may see)',
      querystring: Type.Object(
        {
          ...PageQuery.properties,
          locationId: Type.Optional(Id),
          status: Type.Optional(oneOfStatuses()),
          kind: Type.Optional(RunKindSchema),
          checklistKey: Type.Optional(Key),
          assignee: Type.Optional(Type.String({ maxLength: 64, description: '"me" or a user id' })),
          overdue: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
      response: { 200: pageOf(RunSummaryView), ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const query = request.query;
    const within = await visibleLocationIds(database, actor);
    const checklistId = query.checklistKey ? (await getChecklist(db, actor.orgId, query.checklistKey)).checklistId : undefined;
    let assigneeUserId = query.assignee;
    if (assigneeUserId === 'me') {
      if (actor.kind !== 'user') throw badRequest('assignee', 'an API key has no audits of its own; name a user id');
      assigneeUserId = actor.userId;
    }
    const now = deps.now();
    const page = await listRuns(db, actor.orgId, {
      limit: query.limit ?? 50,
      ...(query.cursor ? { cursor: query.cursor } : {}),
      ...(within ? { within } : {}),
      ...(query.locationId ? { locationId: query.locationId } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.kind ? { kind: query.kind as RunKind } : {}),
      ...(checklistId ? { checklistId } : {}),
      ...(assigneeUserId ? { assigneeUserId } : {}),
      ...(query.overdue ? { overdueAt: now } : {}),
    });
    const keys = await checklistKeysOf(db, actor.orgId, page.items.map((row) => row.checklistId));
    return { items: page.items.map((row) => runSummary(row, keys.get(row.checklistId) ?? '', now)), nextCursor: page.nextCursor };
  });

  app.post('/api/v1/audits/runs', {
    config: { access: { permission: 'audits.manage' } },
    schema: {
      tags,
      summary:
        'Create an audit run of a published checklist at an outlet: a self-inspection, a walk-through or a mystery-shopping visit (then issue a shopper link). ' +
        'A retry with the same idempotencyKey returns the first run (200).',
      body: Type.Object(
        {
          checklistKey: Key,
          version: Type.Optional(Type.Integer({ minimum: 1, description: 'A published version; the latest when absent' })),
          locationId: Id,
          kind: RunKindSchema,
          assigneeUserId: Type.Optional(Type.Union([Id, Type.Null()])),
          dueAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
          idempotencyKey: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        },
        { additionalProperties: false },
      ),
      response: { 200: RunView, 201: RunView, ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const body = request.body;
    await assertLocationVisible(database, actor, body.locationId);
    const { run, created } = await createRun(db, actor.orgId, {
      checklistKey: body.checklistKey,
      ...(body.version !== undefined ? { version: body.version } : {}),
      locationId: body.locationId,
      kind: body.kind,
      assigneeUserId: body.assigneeUserId ?? null,
      dueAt: body.dueAt ? new Date(body.dueAt) : null,
      idempotencyKey: body.idempotencyKey ?? null,
      createdBy: userIdOf(actor),
      now: deps.now(),
    });
    return reply.code(created ? 201 : 200).send(await runDetail(actor.orgId, run));
  });

  app.get('/api/v1/audits/runs/:runId', {
    config: { access: { permission: 'audits.read' } },
    schema: { tags, summary: 'One run: the checklist version, the answers so far, the photos and, once submitted, the result', params: RunParams, response: { 200: RunView, ...errors } },
  }, async (request) => {
    const actor = actorOf(request);
    return runDetail(actor.orgId, await visibleRun(actor, request.params.runId));
  });

  app.put('/api/v1/audits/runs/:runId/answers', {
    config: { access: { permission: 'audits.perform' } },
    schema: {
      tags,
      summary: 'Save the answers so far (replacing the saved ones); values are checked, completeness is not yet',
      params: RunParams,
      body: Type.Object({ answers: AnswersSchema }, { additionalProperties: false }),
      response: { 200: RunView, ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    await performableRun(actor, request.params.runId);
    const run = await saveRunAnswers(db, actor.orgId, request.params.runId, request.body.answers, deps.now());
    return runDetail(actor.orgId, run);
  });

  app.post('/api/v1/audits/runs/:runId/submit', {
    config: { access: { permission: 'audits.perform' } },
    preValidation: bodyOrEmpty,
    schema: {
      tags,
      summary:
        'Submit: every item answered, failed items with their evidence. Scores the run (weighted %, N/A excluded; a failed critical item fails it), ' +
        'compares each moment with its audit_compliance benchmark, and opens, verifies or reopens corrective actions',
      params: RunParams,
      body: Type.Object({ answers: Type.Optional(AnswersSchema) }, { additionalProperties: false }),
      response: {
        201: Type.Object({ run: RunView, actions: Type.Object({ opened: Type.Array(Type.String()), verified: Type.Array(Type.String()), reopened: Type.Array(Type.String()) }) }),
        ...errors,
      },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    await performableRun(actor, request.params.runId);
    const outcome = await submitRun(db, actor.orgId, request.params.runId, {
      ...(request.body.answers ? { answers: request.body.answers } : {}),
      submittedBy: userIdOf(actor),
      now: deps.now(),
      onCriticalItemsFailed: deps.onCriticalItemsFailed,
    });
    return reply.code(201).send({
      run: await runDetail(actor.orgId, outcome.run),
      actions: { opened: outcome.opened, verified: outcome.verified, reopened: outcome.reopened },
    });
  });

  app.post('/api/v1/audits/runs/:runId/cancel', {
    config: { access: { permission: 'audits.manage' } },
    schema: { tags, summary: 'Cancel a run that is not submitted yet (its shopper link stops working)', params: RunParams, response: { 200: RunView, ...errors } },
  }, async (request) => {
    const actor = actorOf(request);
    await visibleRun(actor, request.params.runId);
    return runDetail(actor.orgId, await cancelRun(db, actor.orgId, request.params.runId, deps.now()));
  });

  app.post('/api/v1/audits/runs/:runId/shopper-link', {
    config: { access: { permission: 'audits.manage' } },
    preValidation: bodyOrEmpty,
    schema: {
      tags,
      summary:
        'Issue the mystery shopper’s link (no account needed): signed, expiring (default: 7 days after the due date, else 30 days; at most 90). ' +
        'A new link replaces the previous one.',
      params: RunParams,
      body: Type.Object(
        { locale: Type.Optional(LocaleSchema), expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LINK_DAYS })) },
        { additionalProperties: false },
      ),
      response: { 201: Type.Object({ token: Type.String(), url: Type.String(), expiresAt: Type.Unsafe<Date>({ type: 'string', format: 'date-time' }) }), ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const run = await visibleRun(actor, request.params.runId);
    const now = deps.now();
    const days = request.body.expiresInDays;
    const byDue = run.dueAt ? run.dueAt.getTime() + 7 * 86_400_000 : now.getTime() + DEFAULT_LINK_DAYS * 86_400_000;
    const expiresAt = new Date(days !== undefined ? now.getTime() + days * 86_400_000 : Math.min(Math.max(byDue, now.getTime() + 86_400_000), now.getTime() + MAX_LINK_DAYS * 86_400_000));
    const locale = request.body.locale ?? null;
    const linkId = newLinkId();
    await rotateShopperLink(db, actor.orgId, run.runId, { linkId, expiresAt, locale, now });
    const token = signShopperLink({ orgId: actor.orgId, runId: run.runId, linkId, expiresAt, ...(locale ? { locale } : {}) }, await linkSecret());
    return reply.code(201).send({ token, url: `${deps.publicUrl.replace(/\/+$/, '')}/a/${token}`, expiresAt });
  });

  app.get('/api/v1/audits/runs/:runId/evidence/:evidenceId', {
    config: { access: { permission: 'audits.read' } },
    schema: {
      tags,
      summary: 'One photo of a run',
      params: EvidenceParams,
      response: { 200: { description: 'The photo', content: { 'image/*': { schema: { type: 'string', format: 'binary' } } } }, ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    await visibleRun(actor, request.params.runId);
    const row = await getEvidence(db, actor.orgId, request.params.runId, request.params.evidenceId);
    return sendPhoto(reply, row.contentType, await readEvidence(deps.storage, row));
  });

  app.delete('/api/v1/audits/runs/:runId/evidence/:evidenceId', {
    config: { access: { permission: 'audits.perform' } },
    schema: { tags, summary: 'Remove a photo before the run is submitted', params: EvidenceParams, response: { 204: Type.Null(), ...errors } },
  }, async (request, reply) => {
    const actor = actorOf(request);
    await performableRun(actor, request.params.runId);
    await removeEvidence(db, deps.storage, actor.orgId, request.params.runId, request.params.evidenceId);
    return reply.code(204).send(null);
  });

  // Multipart is read only by the photo uploads, so the parser lives in this scope alone.
  void app.register(async (plain) => {
    const scope = plain as unknown as HttpServer;
    await scope.register(fastifyMultipart, { limits: { fileSize: MAX_EVIDENCE_BYTES, files: 1, fields: 2, parts: 3 }, throwFileSizeLimit: true });
    scope.post('/api/v1/audits/runs/:runId/evidence', {
      config: { access: { permission: 'audits.perform' } },
      schema: {
        tags,
        summary: 'Upload a photo for one item (multipart/form-data, field `file`): at most 10 MB, a real image (checked by its bytes)',
        consumes: ['multipart/form-data'],
        params: RunParams,
        querystring: Type.Object({ itemKey: Key }, { additionalProperties: false }),
        response: { 201: EvidenceView, 413: { $ref: 'ErrorBody' }, 415: { $ref: 'ErrorBody' }, ...errors },
      },
    }, async (request, reply) => {
      const actor = actorOf(request);
      await performableRun(actor, request.params.runId);
      const bytes = await readUpload(request);
      const row = await addEvidence(db, deps.storage, actor.orgId, request.params.runId, {
        itemKey: request.query.itemKey,
        bytes,
        uploadedBy: userIdOf(actor),
        via: 'app',
        now: deps.now(),
      });
      return reply.code(201).send(row);
    });
  });

  // ---------- compliance ----------
  app.get('/api/v1/audits/compliance', {
    config: { access: { permission: 'audits.read' } },
    schema: {
      tags,
      summary:
        'Weighted audit compliance (N/A excluded) per item, moment or outlet and per month, quarter or year, from the rollups kept on submit. ' +
        'Moments are compared with their audit_compliance benchmark: the one of ?locationId= (with its local adjustments), else the central one.',
      querystring: Type.Object(
        {
          groupBy: oneOfGroupBy(),
          period: Type.Optional(oneOfPeriods()),
          from: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}$', description: 'First month, YYYY-MM' })),
          to: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}$', description: 'Last month, YYYY-MM' })),
          checklistKey: Type.Optional(Key),
          journeyKey: Type.Optional(Key),
          locationId: Type.Optional(Id),
        },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ groupBy: oneOfGroupBy(), period: oneOfPeriods(), items: Type.Array(ComplianceRowView) }), ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const query = request.query;
    const visible = await visibleLocationIds(database, actor);
    let within = visible;
    if (query.locationId) {
      if (visible && !visible.includes(query.locationId)) throw new NotFoundError('Location');
      within = await listLocationSubtreeIds(db, actor.orgId, query.locationId);
      if (within.length === 0) throw new NotFoundError('Location');
    }
    const checklistId = query.checklistKey ? (await getChecklist(db, actor.orgId, query.checklistKey)).checklistId : undefined;
    const period = query.period ?? 'month';
    const rows = await complianceTrend(db, actor.orgId, {
      groupBy: query.groupBy,
      period,
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
      ...(checklistId ? { checklistId } : {}),
      ...(query.journeyKey ? { journeyKey: query.journeyKey } : {}),
      ...(query.locationId ? { targetLocationId: query.locationId } : {}),
      ...(within ? { within } : {}),
    });
    const keys = await checklistKeysOf(db, actor.orgId, rows.flatMap((row) => (row.checklistId ? [row.checklistId] : [])));
    return {
      groupBy: query.groupBy,
      period,
      items: rows.map(({ checklistId: id, ...row }) => ({ ...row, checklistKey: id ? (keys.get(id) ?? null) : null })),
    };
  });

  app.get('/api/v1/audits/compliance-vs-satisfaction', {
    config: { access: { permission: 'audits.read' } },
    schema: {
      tags,
      summary:
        '"We pass our checks, customers still suffer": per moment and outlet, audit compliance against its audit_compliance target (else defaultTarget %) ' +
        'next to the customer scores of the same months against the moment’s NPS/CSAT/CES benchmarks at that outlet. Flagged cells first.',
      querystring: Type.Object(
        {
          from: Type.Optional(Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'First month, YYYY-MM; default two months before the current one' })),
          to: Type.Optional(Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'Last month, YYYY-MM; default the current month' })),
          journeyKey: Type.Optional(Key),
          locationId: Type.Optional(Id),
          flag: Type.Optional(oneOf(CELL_FLAGS)),
          defaultTarget: Type.Optional(Type.Number({ minimum: 0, maximum: 100, description: 'Compliance % that counts as passing for moments without an audit_compliance benchmark (default 80)' })),
          minN: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: `Fewest answers for a customer score (default ${DEFAULT_MIN_N})` })),
        },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ from: Type.String(), to: Type.String(), items: Type.Array(ComplianceSatisfactionCellView) }), ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const query = request.query;
    const visible = await visibleLocationIds(database, actor);
    let within = visible;
    if (query.locationId) {
      if (visible && !visible.includes(query.locationId)) throw new NotFoundError('Location');
      within = await listLocationSubtreeIds(db, actor.orgId, query.locationId);
      if (within.length === 0) throw new NotFoundError('Location');
    }
    const thisMonth = localDateOf(deps.now(), (await getOrganization(db, actor.orgId)).timezone).slice(0, 7);
    const to = query.to ?? thisMonth;
    const [year, month] = to.split('-').map(Number) as [number, number];
    const from = query.from ?? new Date(Date.UTC(year, month - 3, 1)).toISOString().slice(0, 7);
    const months = (year - Number(from.slice(0, 4))) * 12 + month - Number(from.slice(5, 7)) + 1;
    if (months > 36) throw badRequest('from', 'from and to may be at most 36 months apart');
    const cells = await complianceVsSatisfaction(db, actor.orgId, {
      from,
      to,
      journeyKey: query.journeyKey,
      within,
      defaultTarget: query.defaultTarget ?? 80,
      minN: query.minN ?? DEFAULT_MIN_N,
    });
    return { from, to, items: query.flag ? cells.filter((cell) => cell.flag === query.flag) : cells };
  });

  // ---------- corrective actions ----------
  async function visibleAction(actor: Actor, actionId: string): Promise<ActionRow> {
    const action = await getAction(db, actor.orgId, actionId);
    await assertLocationVisible(database, actor, action.locationId, 'Action');
    return action;
  }

  app.get('/api/v1/audits/actions', {
    config: { access: { permission: 'audits.read' } },
    schema: {
      tags,
      summary: 'Corrective actions, newest first',
      querystring: Type.Object(
        {
          ...PageQuery.properties,
          status: Type.Optional(oneOfActionStatuses()),
          locationId: Type.Optional(Id),
          owner: Type.Optional(Type.String({ maxLength: 64, description: '"me" or a user id' })),
          checklistKey: Type.Optional(Key),
          runId: Type.Optional(Id),
          overdue: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
      response: { 200: pageOf(ActionView), ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const query = request.query;
    const within = await visibleLocationIds(database, actor);
    let owner = query.owner;
    if (owner === 'me') {
      if (actor.kind !== 'user') throw badRequest('owner', 'an API key owns no actions; name a user id');
      owner = actor.userId;
    }
    const checklistId = query.checklistKey ? (await getChecklist(db, actor.orgId, query.checklistKey)).checklistId : undefined;
    const now = deps.now();
    const page = await listActions(db, actor.orgId, {
      limit: query.limit ?? 50,
      ...(query.cursor ? { cursor: query.cursor } : {}),
      ...(within ? { within } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.locationId ? { locationId: query.locationId } : {}),
      ...(owner ? { ownerUserId: owner } : {}),
      ...(checklistId ? { checklistId } : {}),
      ...(query.runId ? { sourceRunId: query.runId } : {}),
      ...(query.overdue ? { overdueAt: now } : {}),
    });
    const keys = await checklistKeysOf(db, actor.orgId, page.items.map((row) => row.checklistId));
    return { items: page.items.map((row) => actionView(row, keys.get(row.checklistId) ?? '', now)), nextCursor: page.nextCursor };
  });

  const actionDetail = async (orgId: string, row: ActionRow) => {
    const [keys, events] = await Promise.all([checklistKeysOf(db, orgId, [row.checklistId]), listActionEvents(db, orgId, row.actionId)]);
    return {
      ...actionView(row, keys.get(row.checklistId) ?? '', deps.now()),
      events: events.map((event) => ({ kind: event.kind, runId: event.runId, userId: event.userId, note: event.note, createdAt: event.createdAt })),
    };
  };

  app.get('/api/v1/audits/actions/:actionId', {
    config: { access: { permission: 'audits.read' } },
    schema: { tags, summary: 'One corrective action with its history', params: Type.Object({ actionId: Id }), response: { 200: ActionDetailView, ...errors } },
  }, async (request) => {
    const actor = actorOf(request);
    return actionDetail(actor.orgId, await visibleAction(actor, request.params.actionId));
  });

  app.patch('/api/v1/audits/actions/:actionId', {
    config: { access: { permission: 'actions.manage' } },
    schema: {
      tags,
      summary: 'Mark an action done (or open again), change its owner, due date or note. Only the next audit of the item verifies it.',
      params: Type.Object({ actionId: Id }),
      body: Type.Object(
        {
          status: Type.Optional(oneOfManualStatuses()),
          ownerUserId: Type.Optional(Type.Union([Id, Type.Null()])),
          dueAt: Type.Optional(Type.String({ format: 'date-time' })),
          note: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
        },
        { additionalProperties: false },
      ),
      response: { 200: ActionDetailView, ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    await visibleAction(actor, request.params.actionId);
    const body = request.body;
    const row = await updateAction(
      db,
      actor.orgId,
      request.params.actionId,
      {
        ...(body.status ? { status: body.status } : {}),
        ...(body.ownerUserId !== undefined ? { ownerUserId: body.ownerUserId } : {}),
        ...(body.dueAt ? { dueAt: new Date(body.dueAt) } : {}),
        ...(body.note !== undefined ? { note: body.note } : {}),
      },
      { userId: userIdOf(actor), now: deps.now() },
    );
    return actionDetail(actor.orgId, row);
  });

  // Notifications (assigned runs and actions, reopened and overdue actions) are in the shared inbox:
  // GET /api/v1/notifications (src/notifications), kinds audits.*.

  // ---------- improvement actions ----------
  const improvementTags = ['improvement actions'];

  async function visibleImprovement(actor: Actor, improvementId: string): Promise<ImprovementRow> {
    const row = await getImprovement(db, actor.orgId, improvementId);
    if (row.locationId) await assertLocationVisible(database, actor, row.locationId, 'Improvement action');
    return row;
  }

  app.get('/api/v1/improvement-actions', {
    config: { access: { permission: 'audits.read' } },
    schema: {
      tags: improvementTags,
      summary: 'Improvement actions (plan → do → check → act), highest impact first (sort=impact, the default; null impacts last) or oldest first (sort=created)',
      querystring: Type.Object(
        {
          ...PageQuery.properties,
          status: Type.Optional(ImprovementStatusSchema),
          journeyKey: Type.Optional(Key),
          momentKey: Type.Optional(Key),
          sort: Type.Optional(oneOf(['impact', 'created'] as const, 'impact (default): impact desc, nulls last; created: oldest first')),
        },
        { additionalProperties: false },
      ),
      response: { 200: pageOf(ImprovementView), ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const within = await visibleLocationIds(database, actor);
    const query = request.query;
    const page = await (query.sort === 'created' ? listImprovements : listImprovementsByImpact)(db, actor.orgId, {
      limit: query.limit ?? 50,
      ...(query.cursor ? { cursor: query.cursor } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.journeyKey ? { journeyKey: query.journeyKey } : {}),
      ...(query.momentKey ? { momentKey: query.momentKey } : {}),
      ...(within ? { within } : {}),
    });
    return { items: page.items.map(improvementView), nextCursor: page.nextCursor };
  });

  app.post('/api/v1/improvement-actions', {
    config: { access: { permission: 'actions.manage' } },
    schema: {
      tags: improvementTags,
      summary:
        'Start an improvement action on a moment, from a weak moment, an audit or a case. Its impact is filled in later by insights. ' +
        'A retry with the same idempotencyKey returns the first one (200).',
      body: Type.Object(
        {
          title: Type.String({ minLength: 1, maxLength: 300, pattern: '\\S' }),
          journeyKey: Key,
          momentKey: Key,
          locationId: Type.Optional(Type.Union([Id, Type.Null()])),
          source: Type.Object(
            { kind: oneOfSources(), runId: Type.Optional(Id), caseId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) },
            { additionalProperties: false },
          ),
          hypothesis: Type.String({ minLength: 1, maxLength: 4000, pattern: '\\S' }),
          ownerUserId: Type.Optional(Type.Union([Id, Type.Null()])),
          startDate: LocalDate,
          notes: Type.Optional(Type.Union([Type.String({ maxLength: 8000 }), Type.Null()])),
          idempotencyKey: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        },
        { additionalProperties: false },
      ),
      response: { 200: ImprovementView, 201: ImprovementView, ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const body = request.body;
    if (body.locationId) await assertLocationVisible(database, actor, body.locationId);
    if (body.source.runId) await visibleRun(actor, body.source.runId).catch((error: unknown) => {
      if (error instanceof NotFoundError) throw badRequest('source.runId', 'source.runId does not name an audit run of this organisation');
      throw error;
    });
    const { improvement, created } = await createImprovement(db, actor.orgId, {
      title: body.title,
      journeyKey: body.journeyKey,
      momentKey: body.momentKey,
      locationId: body.locationId ?? null,
      source: { kind: body.source.kind, runId: body.source.runId ?? null, caseId: body.source.caseId ?? null },
      hypothesis: body.hypothesis,
      ownerUserId: body.ownerUserId ?? null,
      startDate: body.startDate,
      notes: body.notes ?? null,
      idempotencyKey: body.idempotencyKey ?? null,
      createdBy: userIdOf(actor),
      now: deps.now(),
    });
    // Drivers can take seconds when cold: the impact is computed after the answer (the daily job and
    // POST …/impact retry when this fails).
    if (created) {
      setImmediate(() => {
        refreshImprovementImpact(db, actor.orgId, improvement, deps.now()).catch((error: unknown) => request.log.warn({ err: error }, 'improvement impact not computed'));
      });
    }
    return reply.code(created ? 201 : 200).send(improvementView(improvement));
  });

  app.post('/api/v1/improvement-actions/:improvementId/impact', {
    config: { access: { permission: 'actions.manage' } },
    schema: {
      tags: improvementTags,
      summary: 'Recompute the impact now (driver importance × gap to benchmark over the last 90 days); the daily job does this for open actions',
      params: Type.Object({ improvementId: Id }),
      response: { 200: ImprovementView, ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const improvement = await visibleImprovement(actor, request.params.improvementId);
    return improvementView(await refreshImprovementImpact(db, actor.orgId, improvement, deps.now()));
  });

  app.get('/api/v1/improvement-actions/:improvementId', {
    config: { access: { permission: 'audits.read' } },
    schema: { tags: improvementTags, summary: 'One improvement action', params: Type.Object({ improvementId: Id }), response: { 200: ImprovementView, ...errors } },
  }, async (request) => improvementView(await visibleImprovement(actorOf(request), request.params.improvementId)));

  app.get('/api/v1/improvement-actions/:improvementId/effect', {
    config: { access: { permission: 'audits.read' } },
    schema: {
      tags: improvementTags,
      summary:
        'The moment’s customer score (NPS, CSAT) in the windowDays from the start date against as many days just before it, in the action’s location subtree, ' +
        'with the difference and its significance (NPS: adjusted-Wald; CSAT: two-proportion z-test; 95%). While the window runs, both sides are as long as the days passed.',
      params: Type.Object({ improvementId: Id }),
      querystring: Type.Object(
        {
          windowDays: Type.Optional(Type.Integer({ minimum: MIN_EFFECT_WINDOW_DAYS, maximum: MAX_EFFECT_WINDOW_DAYS, description: `Default ${DEFAULT_EFFECT_WINDOW_DAYS}` })),
          minN: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: `Fewest answers for a score (default ${DEFAULT_MIN_N})` })),
        },
        { additionalProperties: false },
      ),
      response: { 200: ImprovementEffectView, ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const improvement = await visibleImprovement(actor, request.params.improvementId);
    const visible = await visibleLocationIds(database, actor);
    // The action's subtree, and never more than the caller may see (an organisation-wide action seen by a scoped member: their subtree).
    let locationIds = improvement.locationId ? await listLocationSubtreeIds(db, actor.orgId, improvement.locationId) : visible;
    if (improvement.locationId && visible) locationIds = locationIds!.filter((id) => visible.includes(id));
    const today = localDateOf(deps.now(), (await getOrganization(db, actor.orgId)).timezone);
    const effect = await improvementEffect(db, actor.orgId, improvement, {
      today,
      ...(request.query.windowDays ? { windowDays: request.query.windowDays } : {}),
      ...(request.query.minN ? { minN: request.query.minN } : {}),
      locationIds,
    });
    return {
      improvementId: improvement.improvementId,
      journeyKey: improvement.journeyKey,
      momentKey: improvement.momentKey,
      locationId: improvement.locationId,
      startDate: improvement.startDate,
      ...effect,
    };
  });

  app.patch('/api/v1/improvement-actions/:improvementId', {
    config: { access: { permission: 'actions.manage' } },
    schema: {
      tags: improvementTags,
      summary: 'Move an improvement through plan → do → check → act (act → plan starts a new cycle; closed ends it) or change its texts and owner',
      params: Type.Object({ improvementId: Id }),
      body: Type.Object(
        {
          title: Type.Optional(Type.String({ minLength: 1, maxLength: 300, pattern: '\\S' })),
          hypothesis: Type.Optional(Type.String({ minLength: 1, maxLength: 4000, pattern: '\\S' })),
          ownerUserId: Type.Optional(Type.Union([Id, Type.Null()])),
          status: Type.Optional(ImprovementStatusSchema),
          notes: Type.Optional(Type.Union([Type.String({ maxLength: 8000 }), Type.Null()])),
          startDate: Type.Optional(LocalDate),
        },
        { additionalProperties: false },
      ),
      response: { 200: ImprovementView, ...errors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    await visibleImprovement(actor, request.params.improvementId);
    return improvementView(await updateImprovement(db, actor.orgId, request.params.improvementId, request.body, deps.now()));
  });

  registerMorningSheetRoute(app, { database, now: deps.now, assertLocationVisible: (actor, locationId) => assertLocationVisible(database, actor, locationId) });
  registerPublicAuditRoutes(app, { database, storage: deps.storage, now: deps.now, linkSecret, onCriticalItemsFailed: deps.onCriticalItemsFailed });
}


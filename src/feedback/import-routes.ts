import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { actorOf, getOrganization, userIdOf } from '../access/index.ts';
import type { Database } from '../platform/database.ts';
import { AppError } from '../platform/errors.ts';
import type { HttpServer } from '../platform/http-server.ts';
import { isLocale, type Locale } from '../platform/locales.ts';
import { PageQuery, pageOf } from '../platform/pagination.ts';
import { Nullable, oneOf, Timestamp } from '../platform/schema-types.ts';
import { IMPORT_LIMITS } from './import-file.ts';
import { answerFields, DATE_ORDERS, IMPORT_FIELDS, IMPORT_KINDS, type ImportKind } from './import-mapping.ts';
import {
  claimImportRun,
  createImportRun,
  executeImportRun,
  getImportRun,
  IMPORT_MODES,
  listImportRuns,
  previewImport,
  previewOf,
  resolveSettings,
  statusOf,
  publishedDefinition,
  suggestFor,
  type ImportRunRow,
} from './import-runs.ts';
import { convertSurveyFile, importSurveyDefinition, SURVEY_FILE_MAX_BYTES, SURVEY_FORMATS } from './import-survey.ts';
import type { ResponsesRecordedListener } from './responses.ts';
import { Key, LocaleSchema, ProblemView, SurveyView, TranslatableTextSchema } from './schemas.ts';
import { fallbackOf, type SurveyRow } from './store.ts';

/*
 * HTTP for imports (the feedback room's routes.ts registers these with one call):
 *
 *   POST /api/v1/imports?kind=interactions|responses      multipart file → the upload, its columns,
 *                                                         a suggested mapping and a first preview
 *   POST /api/v1/imports/:importId/preview                 { mapping, defaults?, timezone?, dateOrder?, limit? }
 *   POST /api/v1/imports/:importId/run                     { mapping, defaults?, mode, timezone?, dateOrder? } → 202, runs in the background
 *   GET  /api/v1/imports/:importId                         progress, counts, errors by line
 *   GET  /api/v1/imports                                   newest first
 *   POST /api/v1/surveys/import                            SurveyJS / Qualtrics → a draft survey + report
 */

export interface ImportRouteDeps {
  database: Database;
  now: () => Date;
  onResponsesRecorded?: readonly ResponsesRecordedListener[] | undefined;
}

const errors = {
  400: { $ref: 'ErrorBody' },
  401: { $ref: 'ErrorBody' },
  403: { $ref: 'ErrorBody' },
  404: { $ref: 'ErrorBody' },
  409: { $ref: 'ErrorBody' },
};
const tags = ['imports'];

const Mapping = Type.Record(Type.String({ maxLength: 200 }), Type.String({ maxLength: 500 }), {
  maxProperties: 500,
  description: 'Field → the file column it is read from (fields: see `fields` of the upload; also customer.attributes.<name> and, for responses, answers.<questionId>[.perception|.expectation.<dimension>])',
});
const Defaults = Type.Record(Type.String({ maxLength: 200 }), Type.String({ maxLength: 500 }), {
  maxProperties: 100,
  description: 'Field → a value used for every row whose column is not mapped or empty (e.g. channel = in_person, surveyKey = counter)',
});
const SettingsBody = {
  mapping: Mapping,
  defaults: Type.Optional(Defaults),
  timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'IANA zone for dates written without an offset (default: the organisation’s)' })),
  dateOrder: Type.Optional(oneOf(DATE_ORDERS, 'How to read 03/04/2026: auto (from the column’s other dates), dmy, mdy, ymd')),
};
const PreviewBody = Type.Object({ ...SettingsBody, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })) }, { additionalProperties: false });
const RunBody = Type.Object({ ...SettingsBody, mode: oneOf(IMPORT_MODES, 'keep-good: store the good rows and report the bad ones; all-or-nothing: store nothing if any row is bad') }, { additionalProperties: false });

const LineError = Type.Object({ line: Type.Integer(), field: Type.String(), column: Nullable(Type.String()), message: Type.String() });
const SettingsView = Type.Object({
  mapping: Type.Record(Type.String(), Type.String()),
  defaults: Type.Record(Type.String(), Type.String()),
  mode: oneOf(IMPORT_MODES),
  timezone: Type.String(),
  dateOrder: oneOf(DATE_ORDERS),
});
const ImportView = Type.Object({
  importId: Type.String(),
  kind: oneOf(IMPORT_KINDS),
  status: oneOf(['uploaded', 'running', 'done', 'failed', 'interrupted'] as const, 'interrupted: its server stopped during the run; run it again (rows already stored are not duplicated)'),
  fileName: Type.String(),
  format: oneOf(['csv', 'xlsx'] as const),
  fileBytes: Type.Integer(),
  totalRows: Type.Integer(),
  processedRows: Type.Integer(),
  created: Type.Integer(),
  existing: Type.Integer({ description: 'Rows already stored by an earlier import (same externalId, same content)' }),
  failed: Type.Integer(),
  errorCount: Type.Integer(),
  errors: Type.Array(LineError, { description: 'Problems by line and field (the first 1,000; errorCount says how many)' }),
  failure: Nullable(Type.String({ description: 'Why the run failed as a whole' })),
  settings: Nullable(SettingsView),
  createdAt: Timestamp,
  startedAt: Nullable(Timestamp),
  finishedAt: Nullable(Timestamp),
});
/** An import run as the API answers it (what API clients — the CLI, the benchmark — read). */
export type ImportRunView = Static<typeof ImportView>;
const FieldView = Type.Object({ field: Type.String(), required: Type.Boolean(), type: oneOf(['text', 'datetime', 'number', 'integer', 'answer'] as const), description: Type.String() });
const PreviewView = Type.Object({
  columns: Type.Array(Type.String()),
  totalRows: Type.Integer(),
  settings: SettingsView,
  mappingProblems: Type.Array(Type.Object({ field: Type.String(), message: Type.String() })),
  rows: Type.Array(
    Type.Object({
      line: Type.Integer(),
      values: Type.Record(Type.String(), Type.String()),
      item: Nullable(Type.Record(Type.String(), Type.Unknown())),
      status: oneOf(['new', 'existing', 'failed'] as const),
      errors: Type.Array(Type.Object({ field: Type.String(), column: Nullable(Type.String()), message: Type.String() })),
    }),
  ),
});
const UploadView = Type.Object({
  ...ImportView.properties,
  columns: Type.Array(Type.String()),
  fields: Type.Array(FieldView),
  suggestedMapping: Type.Record(Type.String(), Type.String()),
  preview: PreviewView,
});

/** The answer to an upload: the run, the file's columns, the suggested mapping and a preview. */
export type ImportUploadView = Static<typeof UploadView>;

const SurveyImportView = Type.Object({
  created: Type.Boolean({ description: 'true: a new survey; false: an existing survey’s draft was replaced, or a dry run' }),
  survey: Nullable(SurveyView),
  definition: Type.Unsafe<object>({ $ref: 'SurveyDefinition' }),
  problems: Type.Array(ProblemView, { description: 'What the draft still needs before it can be published' }),
  report: Type.Object({
    format: oneOf(SURVEY_FORMATS),
    languages: Type.Array(LocaleSchema),
    questions: Type.Object({ total: Type.Integer(), mapped: Type.Integer() }),
    mapped: Type.Array(Type.Object({ sourceId: Type.String(), sourceType: Type.String(), id: Type.String(), type: Type.String() })),
    unmapped: Type.Array(Type.Object({ sourceId: Type.String(), sourceType: Type.String(), reason: Type.String() })),
    warnings: Type.Array(Type.Object({ sourceId: Nullable(Type.String()), feature: Type.String(), message: Type.String() })),
  }),
});

function importView(row: ImportRunRow, now: Date) {
  return {
    importId: row.importId,
    kind: row.kind as ImportKind,
    status: statusOf(row, now),
    fileName: row.fileName,
    format: row.format as 'csv' | 'xlsx',
    fileBytes: row.fileBytes,
    totalRows: row.totalRows,
    processedRows: row.processedRows,
    created: row.created,
    existing: row.existing,
    failed: row.failed,
    errorCount: row.errorCount,
    errors: row.errors,
    failure: row.failure,
    settings: row.settings,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}

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

/** The largest upload of either format; each format's own limit is checked after reading. */
const MAX_UPLOAD_BYTES = Math.max(IMPORT_LIMITS.maxCsvBytes, IMPORT_LIMITS.maxXlsxBytes);

async function readUpload(request: FastifyRequest): Promise<{ bytes: Buffer; fileName: string }> {
  if (!request.isMultipart()) throw new AppError(415, 'unsupported_media_type', 'send the file as multipart/form-data in the field "file"', 'file');
  const part = await request.file();
  if (!part) throw new AppError(400, 'invalid_field', 'the request holds no file; send it in the field "file"', 'file');
  try {
    const bytes = await part.toBuffer();
    // @fastify/multipart misses the limit when the cut falls on a chunk boundary (a streamed upload
    // without Content-Length): the file is then silently truncated, so check busboy's flag as well.
    if (part.file.truncated) throw Object.assign(new Error('file too large'), { code: 'FST_REQ_FILE_TOO_LARGE' });
    return { bytes, fileName: part.filename || 'upload.csv' };
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError(413, 'file_too_large', `the file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB; split it`, 'file');
    }
    throw error;
  }
}

export function registerImportRoutes(app: HttpServer, deps: ImportRouteDeps): void {
  const db = deps.database.db;
  const listeners = deps.onResponsesRecorded ?? [];
  /** Runs in this process, awaited when the server closes (a run cut short by a crash is "interrupted"). */
  const running = new Set<Promise<unknown>>();
  app.addHook('onClose', async () => {
    await Promise.allSettled([...running]);
  });

  void app.register(async (plain) => {
    const scope = plain as unknown as HttpServer;
    await scope.register(fastifyMultipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 4, parts: 5 }, throwFileSizeLimit: true });
    scope.post('/api/v1/imports', {
      config: { access: { permission: 'ingest' } },
      bodyLimit: MAX_UPLOAD_BYTES + 1024 * 1024,
      schema: {
        tags,
        summary:
          'Upload a CSV or XLSX file of interactions or responses (multipart/form-data, field `file`; CSV up to 20 MB, XLSX up to 10 MB, 100,000 rows). ' +
          'Answers with its columns, the fields, a suggested mapping and a preview of the first 20 rows with that mapping.',
        consumes: ['multipart/form-data'],
        querystring: Type.Object(
          { kind: oneOf(IMPORT_KINDS), surveyKey: Type.Optional(Key) },
          { additionalProperties: false },
        ),
        response: { 201: UploadView, 413: { $ref: 'ErrorBody' }, 415: { $ref: 'ErrorBody' }, ...errors },
      },
    }, async (request, reply) => {
      const actor = actorOf(request);
      const kind = request.query.kind;
      const { bytes, fileName } = await readUpload(request);
      const now = deps.now();
      const { row, parsed } = await createImportRun(db, actor.orgId, { kind, fileName, bytes, createdBy: userIdOf(actor), now });
      const { mapping: suggestedMapping, definition } = await suggestFor(db, actor.orgId, kind, parsed, request.query.surveyKey);
      const defaults: Record<string, string> = request.query.surveyKey ? { surveyKey: request.query.surveyKey } : {};
      const { settings, problems } = await resolveSettings(db, actor.orgId, kind, parsed, { mapping: suggestedMapping, defaults });
      const preview = await previewOf(db, actor.orgId, kind, parsed, settings, problems, { limit: 20, now });
      const fields = [...IMPORT_FIELDS[kind], ...(definition ? answerFields(definition) : [])];
      return reply.code(201).send({ ...importView(row, now), columns: parsed.columns, fields, suggestedMapping, preview });
    });
  });

  const ImportParams = Type.Object({ importId: Type.String({ minLength: 1, maxLength: 64 }) });

  app.get('/api/v1/imports/fields', {
    config: { access: { permission: 'ingest' } },
    schema: {
      tags,
      summary:
        'The fields a file can fill, for a mapping form; for responses with ?surveyKey= also one per answer of its latest published version. ' +
        'customer.attributes.<name> takes any name.',
      querystring: Type.Object({ kind: oneOf(IMPORT_KINDS), surveyKey: Type.Optional(Key) }, { additionalProperties: false }),
      response: { 200: Type.Object({ fields: Type.Array(FieldView) }), ...errors },
    },
  }, async (request) => {
    const { kind, surveyKey } = request.query;
    const definition = kind === 'responses' && surveyKey ? await publishedDefinition(db, actorOf(request).orgId, surveyKey) : undefined;
    if (kind === 'responses' && surveyKey && !definition) throw new AppError(404, 'not_found', `survey "${surveyKey}" has no published version`, 'surveyKey');
    return { fields: [...IMPORT_FIELDS[kind], ...(definition ? answerFields(definition) : [])] };
  });

  app.get('/api/v1/imports', {
    config: { access: { permission: 'ingest' } },
    schema: {
      tags,
      summary: 'Imports, newest first (without their errors’ detail beyond the first 1,000)',
      querystring: Type.Object({ ...PageQuery.properties, kind: Type.Optional(oneOf(IMPORT_KINDS)) }, { additionalProperties: false }),
      response: { 200: pageOf(ImportView), ...errors },
    },
  }, async (request) => {
    const { limit, cursor, kind } = request.query;
    const page = await listImportRuns(db, actorOf(request).orgId, { limit: limit ?? 50, ...(cursor ? { cursor } : {}), ...(kind ? { kind } : {}) });
    const now = deps.now();
    return { items: page.items.map((row) => importView(row, now)), nextCursor: page.nextCursor };
  });

  app.get('/api/v1/imports/:importId', {
    config: { access: { permission: 'ingest' } },
    schema: { tags, summary: 'One import: status, progress (processedRows of totalRows), counts, errors by line', params: ImportParams, response: { 200: ImportView, ...errors } },
  }, async (request) => importView(await getImportRun(db, actorOf(request).orgId, request.params.importId), deps.now()));

  app.post('/api/v1/imports/:importId/preview', {
    config: { access: { permission: 'ingest' } },
    schema: {
      tags,
      summary: 'The first rows (default 20, at most 200) with this mapping: what each becomes and its problems by field, checked for real but not stored',
      params: ImportParams,
      body: PreviewBody,
      response: { 200: PreviewView, ...errors },
    },
  }, async (request) => {
    const orgId = actorOf(request).orgId;
    const row = await getImportRun(db, orgId, request.params.importId);
    const { limit, ...settings } = request.body;
    return previewImport(db, orgId, row, settings, { limit: limit ?? 20, now: deps.now() });
  });

  app.post('/api/v1/imports/:importId/run', {
    config: { access: { permission: 'ingest' } },
    schema: {
      tags,
      summary:
        'Import the whole file with this mapping and mode. Answers 202 at once; follow the progress with GET /api/v1/imports/:importId. ' +
        'Rows are idempotent by externalId: running a file again never duplicates.',
      params: ImportParams,
      body: RunBody,
      response: { 202: ImportView, ...errors },
    },
  }, async (request, reply) => {
    const orgId = actorOf(request).orgId;
    const claimed = await claimImportRun(db, orgId, request.params.importId, request.body, deps.now());
    const work = executeImportRun(db, orgId, claimed.importId, { now: deps.now, listeners }).catch((error: unknown) => {
      request.log.error({ err: error, importId: claimed.importId }, 'import run failed');
    });
    running.add(work);
    void work.finally(() => running.delete(work));
    return reply.code(202).send(importView(claimed, deps.now()));
  });

  // ---------- survey definitions ----------
  app.post('/api/v1/surveys/import', {
    config: { access: { permission: 'surveys.write' } },
    bodyLimit: SURVEY_FILE_MAX_BYTES * 2,
    schema: {
      tags: ['surveys'],
      summary:
        'Create a DRAFT survey from a SurveyJS JSON (or a JS module exporting it) or a Qualtrics .qsf file; the format is detected unless given. ' +
        'The report lists every question mapped, every question or feature not imported (with its id and type) and every change. ' +
        'With dryRun nothing is stored. An existing key answers 409 unless replaceDraft (then only its draft changes; published versions never do).',
      body: Type.Object(
        {
          key: Key,
          source: Type.String({ minLength: 1, maxLength: SURVEY_FILE_MAX_BYTES, description: 'The file’s text' }),
          format: Type.Optional(oneOf(SURVEY_FORMATS)),
          name: Type.Optional(TranslatableTextSchema),
          fallbackLocale: Type.Optional(LocaleSchema),
          about: Type.Optional(Type.Object({ journeyKey: Key, momentKey: Type.Optional(Key) }, { additionalProperties: false })),
          replaceDraft: Type.Optional(Type.Boolean({ default: false })),
          dryRun: Type.Optional(Type.Boolean({ default: false })),
        },
        { additionalProperties: false },
      ),
      response: { 200: SurveyImportView, 201: SurveyImportView, ...errors },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const organization = await getOrganization(db, actor.orgId);
    const fallbackLocale: Locale = request.body.fallbackLocale ?? (isLocale(organization.defaultLocale) ? organization.defaultLocale : 'en');
    const input = {
      source: request.body.source,
      format: request.body.format,
      key: request.body.key,
      name: request.body.name,
      fallbackLocale,
      about: request.body.about,
      replaceDraft: request.body.replaceDraft,
      createdBy: userIdOf(actor),
      now: deps.now(),
    };
    if (request.body.dryRun) {
      const converted = convertSurveyFile(input.source, { format: input.format, fallbackLocale });
      return reply.code(200).send({ created: false, survey: null, definition: converted.definition, problems: [], report: converted.report });
    }
    const result = await importSurveyDefinition(db, actor.orgId, input);
    return reply.code(result.created ? 201 : 200).send({ created: result.created, survey: surveyView(result.survey), definition: result.survey.draft, problems: result.problems, report: result.report });
  });
}

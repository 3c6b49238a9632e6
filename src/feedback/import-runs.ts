import { and, desc, eq, getTableColumns, inArray, lt, or, type SQL } from 'drizzle-orm';
import { getOrganization } from '../access/index.ts';
import type { Db } from '../platform/database.ts';
import { AppError, badRequest, conflict, NotFoundError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { decodeCursor, toPage, type Page } from '../platform/pagination.ts';
import { parseImportFile, ImportFileError, type FileRow, type ParsedFile } from './import-file.ts';
import {
  columnOfField,
  detectDateOrder,
  IMPORT_FIELDS,
  isKnownField,
  isTimeZone,
  rowToItem,
  suggestMapping,
  type DateOrder,
  type ImportKind,
  type RowIssue,
} from './import-mapping.ts';
import { importRuns, type ImportLineError, type ImportSettings } from './import-schema.ts';
import type { BatchResult } from './ingest.ts';
import { ingestInteractions } from './interactions.ts';
import type { SurveyDefinition } from './model.ts';
import { ingestResponses, type ResponsesRecordedListener } from './responses.ts';
import { surveys, surveyVersions } from './schema.ts';

/*
 * CSV/XLSX imports of interactions and responses: upload → preview with a mapping → run.
 *
 * Every row goes through the same batch ingest functions as the API (ingestInteractions,
 * ingestResponses → recordResponses with the route's listeners), so validation, idempotency by
 * externalId and the rollups are exactly those of POST /interactions and /responses. This file adds
 * the file's side: line numbers, the mapping, the two modes, progress.
 *
 * - keep-good: chunk by chunk, each in its own transaction; bad rows are reported by line and field.
 * - all-or-nothing: first every chunk is checked in a transaction that is rolled back (a dry run, so
 *   the errors are the real ones: unknown locations, moments, options…); only when no row is bad is
 *   the whole file stored in one transaction, which again stores nothing if any row fails by then.
 */

/**
 * An import run's record without the file's bytes (up to 20 MB): what every read but the parsing one
 * needs. A poll (the web page sends one a second) that read the bytea cost 62 ms on PostgreSQL for a
 * 6 MB file, and the upload insert's `.returning()` of it 4.1 s of a 5.0 s upload of 11 MB on PGlite;
 * the bytes are read only where the file is parsed (`readImportFile`).
 */
export type ImportRunRow = Omit<typeof importRuns.$inferSelect, 'file'>;
export type ImportMode = ImportSettings['mode'];
export const IMPORT_MODES = ['keep-good', 'all-or-nothing'] as const;

/** Every column of import_runs but `file`, for selects and `.returning()`. */
const { file: _file, ...runColumns } = getTableColumns(importRuns);

/**
 * Rows sent to an ingest function at a time (progress is written after each). Each chunk pays a fixed
 * cost (its transaction, look-ups, one rollup statement: ~50 ms on PostgreSQL), so chunks are large;
 * the 100,000 rows a file may hold still move the progress 20 times.
 */
export const CHUNK_ROWS = 5000;
/** Line errors kept on the run record (the count says how many there were). */
export const MAX_STORED_ERRORS = 1000;
/** A running import whose heartbeat is older than this was interrupted (its server stopped). */
const STALE_AFTER_MS = 5 * 60 * 1000;
/**
 * all-or-nothing stores the whole file in one transaction, which cannot write a heartbeat: the time it
 * may take per 1,000 rows (whatever the chunk size) before it counts as interrupted. Generous: the
 * benchmark stores 1,000 responses in about 0.6 s on PGlite, less on PostgreSQL.
 */
const STORE_LEASE_PER_1000_ROWS_MS = 60 * 1000;

/**
 * Lets the event loop run (timers, I/O, other requests) between chunks. PGlite answers queries
 * without real I/O, so without this a run would hold the whole process until it ended.
 */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface ImportSettingsInput {
  mapping: Record<string, string>;
  defaults?: Record<string, string> | undefined;
  mode?: ImportMode | undefined;
  timezone?: string | undefined;
  dateOrder?: DateOrder | undefined;
}

export interface ImportDeps {
  now: () => Date;
  listeners?: readonly ResponsesRecordedListener[] | undefined;
  /** Rows per chunk (default CHUNK_ROWS); tests use small chunks to see a run in progress. */
  chunkRows?: number | undefined;
}

export interface ImportProgress {
  processedRows: number;
  totalRows: number;
  created: number;
  existing: number;
  failed: number;
}

// ---------- reading runs ----------

export type ImportStatus = 'uploaded' | 'running' | 'done' | 'failed' | 'interrupted';

export function statusOf(row: ImportRunRow, now: Date): ImportStatus {
  if (row.status === 'running' && (row.heartbeatAt?.getTime() ?? 0) < now.getTime() - STALE_AFTER_MS) return 'interrupted';
  return row.status as ImportStatus;
}

/** One run's record, without the file's bytes. */
export async function getImportRun(db: Db, orgId: string, importId: string): Promise<ImportRunRow> {
  const [row] = await db.select(runColumns).from(importRuns).where(and(eq(importRuns.orgId, orgId), eq(importRuns.importId, importId)));
  if (!row) throw new NotFoundError('Import');
  return row;
}

/** The uploaded file's bytes (null once the run has finished and the file was dropped). */
export async function readImportFile(db: Db, orgId: string, importId: string): Promise<Uint8Array | null> {
  const [row] = await db.select({ file: importRuns.file }).from(importRuns).where(and(eq(importRuns.orgId, orgId), eq(importRuns.importId, importId)));
  if (!row) throw new NotFoundError('Import');
  return row.file;
}

/** Newest first; without the file bytes. */
export async function listImportRuns(db: Db, orgId: string, options: { kind?: ImportKind; limit: number; cursor?: string }): Promise<Page<ImportRunRow>> {
  const before = decodeCursor(options.cursor);
  const conditions: (SQL | undefined)[] = [
    eq(importRuns.orgId, orgId),
    options.kind ? eq(importRuns.kind, options.kind) : undefined,
    before ? lt(importRuns.importId, before) : undefined,
  ];
  const rows = await db
    .select(runColumns)
    .from(importRuns)
    .where(and(...conditions))
    .orderBy(desc(importRuns.importId))
    .limit(options.limit + 1);
  return toPage(rows, options.limit, (row) => row.importId);
}

// ---------- upload ----------

/** Stores an uploaded file after reading it once (an unreadable file is refused at once, naming the line). */
export async function createImportRun(
  db: Db,
  orgId: string,
  input: { kind: ImportKind; fileName: string; bytes: Uint8Array; createdBy: string | null; now: Date },
): Promise<{ row: ImportRunRow; parsed: ParsedFile }> {
  const parsed = await readFile(input.bytes, input.fileName);
  const [row] = await db
    .insert(importRuns)
    .values({
      orgId,
      importId: newId(input.now.getTime()),
      kind: input.kind,
      status: 'uploaded',
      fileName: input.fileName.slice(0, 255),
      format: parsed.format,
      file: input.bytes,
      fileBytes: input.bytes.byteLength,
      totalRows: parsed.rows.length,
      createdBy: input.createdBy,
      createdAt: input.now,
    })
    .returning(runColumns);
  return { row: row!, parsed };
}

async function readFile(bytes: Uint8Array, fileName: string): Promise<ParsedFile> {
  try {
    return await parseImportFile(bytes, fileName);
  } catch (error) {
    if (error instanceof ImportFileError) {
      const status = error.code === 'file_too_large' ? 413 : 400;
      throw new AppError(status, error.code, error.line ? `${error.message} (line ${error.line})` : error.message, 'file');
    }
    throw error;
  }
}

/** Reads the run's stored file (the only read of its bytes) and parses it. */
async function fileOf(db: Db, orgId: string, row: ImportRunRow): Promise<ParsedFile> {
  const bytes = await readImportFile(db, orgId, row.importId);
  if (!bytes) throw conflict('this import has finished and its file is no longer kept; upload the file again');
  return readFile(bytes, row.fileName);
}

// ---------- settings ----------

export interface MappingProblem {
  field: string;
  message: string;
}

async function loadDefinitions(db: Db, orgId: string, wanted: { key: string; version: number | undefined }[]) {
  const found = new Map<string, SurveyDefinition | undefined>();
  for (const { key, version } of wanted) {
    const cacheKey = `${key}\u0000${version ?? ''}`;
    if (found.has(cacheKey)) continue;
    const [survey] = await db.select().from(surveys).where(and(eq(surveys.orgId, orgId), eq(surveys.key, key)));
    const number = version ?? survey?.publishedVersion ?? undefined;
    if (!survey || number === undefined || number === null) {
      found.set(cacheKey, undefined);
      continue;
    }
    const [row] = await db
      .select({ definition: surveyVersions.definition })
      .from(surveyVersions)
      .where(and(eq(surveyVersions.orgId, orgId), eq(surveyVersions.surveyId, survey.surveyId), eq(surveyVersions.version, number)));
    found.set(cacheKey, row?.definition);
  }
  return (key: string | undefined, version: number | undefined) => (key === undefined ? undefined : found.get(`${key}\u0000${version ?? ''}`));
}

/**
 * Checks a mapping against the file and fills the settings' defaults: unknown fields and columns are
 * refused (400 naming `mapping.<field>`); required fields without a column or default are returned as
 * problems (a preview shows them; a run refuses them).
 */
export async function resolveSettings(
  db: Db,
  orgId: string,
  kind: ImportKind,
  parsed: ParsedFile,
  input: ImportSettingsInput,
): Promise<{ settings: ImportSettings; problems: MappingProblem[] }> {
  const mapping = input.mapping;
  const defaults = input.defaults ?? {};
  for (const [field, column] of Object.entries(mapping)) {
    if (!isKnownField(kind, field)) throw badRequest(`mapping.${field}`, `"${field}" is not a field of ${kind}`);
    if (!parsed.columns.includes(column)) throw badRequest(`mapping.${field}`, `the file has no column "${column}" (its columns: ${parsed.columns.join(', ')})`);
  }
  for (const field of Object.keys(defaults)) {
    if (!isKnownField(kind, field)) throw badRequest(`defaults.${field}`, `"${field}" is not a field of ${kind}`);
  }
  const problems: MappingProblem[] = IMPORT_FIELDS[kind]
    .filter((field) => field.required && mapping[field.field] === undefined && !(defaults[field.field] ?? '').trim())
    .map((field) => ({ field: `mapping.${field.field}`, message: `${field.field} is required: choose its column or give a value for every row` }));
  if (kind === 'responses' && !Object.keys(mapping).some((field) => field.startsWith('answers.'))) {
    problems.push({ field: 'mapping.answers', message: 'map at least one column to an answer (answers.<question id>)' });
  }
  let timezone = input.timezone;
  if (timezone === undefined) {
    const organization = await getOrganization(db, orgId);
    timezone = organization.timezone;
  }
  if (!isTimeZone(timezone)) throw badRequest('timezone', `"${timezone}" is not an IANA time zone (e.g. Asia/Taipei, Europe/Budapest)`);
  let dateOrder = input.dateOrder ?? 'auto';
  if (dateOrder === 'auto') {
    const dateColumns = ['occurredAt', 'submittedAt'].flatMap((field) => (mapping[field] ? [parsed.columns.indexOf(mapping[field])] : []));
    const detected = detectDateOrder(parsed.rows.flatMap((row) => dateColumns.map((index) => row.cells[index] ?? '')));
    if ('order' in detected && detected.order) dateOrder = detected.order;
  }
  return { settings: { mapping, defaults, mode: input.mode ?? 'keep-good', timezone, dateOrder }, problems };
}

// ---------- rows → items → ingest ----------

interface PreparedRow {
  line: number;
  cells: string[];
  item?: Record<string, unknown>;
  issues: RowIssue[];
}

async function prepareRows(db: Db, orgId: string, kind: ImportKind, parsed: ParsedFile, rows: FileRow[], settings: ImportSettings): Promise<PreparedRow[]> {
  const columnIndex = new Map(parsed.columns.map((column, index) => [column, index] as const));
  let definitionOf: ((key: string | undefined, version: number | undefined) => SurveyDefinition | undefined) | undefined;
  if (kind === 'responses') {
    const keyColumn = settings.mapping.surveyKey === undefined ? undefined : columnIndex.get(settings.mapping.surveyKey);
    const versionColumn = settings.mapping.surveyVersion === undefined ? undefined : columnIndex.get(settings.mapping.surveyVersion);
    const wanted = new Map<string, { key: string; version: number | undefined }>();
    for (const row of rows) {
      const key = (keyColumn === undefined ? '' : (row.cells[keyColumn] ?? '')).trim() || (settings.defaults.surveyKey ?? '').trim();
      const rawVersion = (versionColumn === undefined ? '' : (row.cells[versionColumn] ?? '')).trim() || (settings.defaults.surveyVersion ?? '').trim();
      const version = /^\d{1,9}$/.test(rawVersion) ? Number(rawVersion) : undefined;
      if (key) wanted.set(`${key}\u0000${version ?? ''}`, { key, version });
    }
    definitionOf = await loadDefinitions(db, orgId, [...wanted.values()]);
  }
  const context = { kind, mapping: settings.mapping, defaults: settings.defaults, columnIndex, dates: { timezone: settings.timezone, dateOrder: settings.dateOrder }, ...(definitionOf ? { definitionOf } : {}) };
  return rows.map((row) => {
    if (row.problem) return { line: row.line, cells: row.cells, issues: [{ field: '(row)', column: null, message: row.problem }] };
    const { item, issues } = rowToItem(row.cells, context);
    return issues.length > 0 ? { line: row.line, cells: row.cells, issues } : { line: row.line, cells: row.cells, item, issues };
  });
}

type Ingest = (db: Db, orgId: string, items: unknown[], now: Date) => Promise<BatchResult>;

function ingestOf(kind: ImportKind, listeners: readonly ResponsesRecordedListener[]): Ingest {
  return kind === 'interactions' ? ingestInteractions : (db, orgId, items, now) => ingestResponses(db, orgId, items, now, listeners);
}

interface ChunkOutcome {
  lines: { line: number; status: 'created' | 'existing' | 'failed'; id: string | null }[];
  errors: ImportLineError[];
}

/** Sends the good rows of a chunk to the ingest function and puts its answers back on the file's lines. */
async function ingestChunk(db: Db, orgId: string, ingest: Ingest, rows: PreparedRow[], settings: ImportSettings, now: Date): Promise<ChunkOutcome> {
  const outcome: ChunkOutcome = { lines: [], errors: [] };
  const sendable = rows.filter((row) => row.item !== undefined);
  for (const row of rows) {
    if (row.item) continue;
    outcome.lines.push({ line: row.line, status: 'failed', id: null });
    outcome.errors.push(...row.issues.map((issue) => ({ line: row.line, ...issue })));
  }
  if (sendable.length > 0) {
    const result = await ingest(db, orgId, sendable.map((row) => row.item), now);
    for (const item of result.items) outcome.lines.push({ line: sendable[item.index]!.line, status: item.status, id: item.id });
    for (const error of result.errors) {
      outcome.errors.push({ line: sendable[error.index]!.line, field: error.field, column: columnOfField(settings.mapping, error.field), message: error.message });
    }
  }
  outcome.lines.sort((a, b) => a.line - b.line);
  outcome.errors.sort((a, b) => a.line - b.line);
  return outcome;
}

class DryRun extends Error {}

/** Runs `work` in a transaction that is always rolled back: the real checks, nothing stored. */
async function dryRun<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  let result: T | undefined;
  try {
    await db.transaction(async (tx) => {
      result = await work(tx);
      throw new DryRun();
    });
  } catch (error) {
    if (!(error instanceof DryRun)) throw error;
  }
  return result!;
}

// ---------- preview ----------

export interface PreviewRow {
  line: number;
  /** column → cell */
  values: Record<string, string>;
  /** What the row becomes (absent when it could not be converted). */
  item: Record<string, unknown> | null;
  /** new: would be stored; existing: already stored (same externalId, same content); failed: see errors. */
  status: 'new' | 'existing' | 'failed';
  errors: { field: string; column: string | null; message: string }[];
}

export interface ImportPreview {
  columns: string[];
  totalRows: number;
  settings: ImportSettings;
  mappingProblems: MappingProblem[];
  rows: PreviewRow[];
}

/** The first `limit` rows mapped and checked for real (in a rolled-back transaction). */
export async function previewImport(db: Db, orgId: string, row: ImportRunRow, input: ImportSettingsInput, options: { limit: number; now: Date }): Promise<ImportPreview> {
  const kind = row.kind as ImportKind;
  const parsed = await fileOf(db, orgId, row);
  const { settings, problems } = await resolveSettings(db, orgId, kind, parsed, input);
  return previewOf(db, orgId, kind, parsed, settings, problems, options);
}

export async function previewOf(
  db: Db,
  orgId: string,
  kind: ImportKind,
  parsed: ParsedFile,
  settings: ImportSettings,
  problems: MappingProblem[],
  options: { limit: number; now: Date },
): Promise<ImportPreview> {
  const rows = await prepareRows(db, orgId, kind, parsed, parsed.rows.slice(0, options.limit), settings);
  const outcome = await dryRun(db, (tx) => ingestChunk(tx, orgId, ingestOf(kind, []), rows, settings, options.now));
  const statusByLine = new Map(outcome.lines.map((line) => [line.line, line.status] as const));
  return {
    columns: parsed.columns,
    totalRows: parsed.rows.length,
    settings,
    mappingProblems: problems,
    rows: rows.map((prepared) => {
      const status = statusByLine.get(prepared.line) ?? 'failed';
      return {
        line: prepared.line,
        values: Object.fromEntries(parsed.columns.map((column, index) => [column, prepared.cells[index] ?? ''])),
        item: prepared.item ?? null,
        status: status === 'created' ? 'new' : status,
        errors: outcome.errors.filter((error) => error.line === prepared.line).map(({ field, column, message }) => ({ field, column, message })),
      };
    }),
  };
}

/** The latest published definition of a survey, if there is one. */
export async function publishedDefinition(db: Db, orgId: string, surveyKey: string): Promise<SurveyDefinition | undefined> {
  return (await loadDefinitions(db, orgId, [{ key: surveyKey, version: undefined }]))(surveyKey, undefined);
}

/**
 * The suggested mapping for a new upload, and (responses) the survey whose questions it used: the one
 * named, else the one the file's survey column names first.
 */
export async function suggestFor(
  db: Db,
  orgId: string,
  kind: ImportKind,
  parsed: ParsedFile,
  surveyKey: string | undefined,
): Promise<{ mapping: Record<string, string>; definition: SurveyDefinition | undefined }> {
  const mapping = suggestMapping(kind, parsed.columns);
  if (kind !== 'responses') return { mapping, definition: undefined };
  const keyColumn = mapping.surveyKey === undefined ? -1 : parsed.columns.indexOf(mapping.surveyKey);
  const key = surveyKey ?? (keyColumn >= 0 ? parsed.rows.find((row) => (row.cells[keyColumn] ?? '').trim() !== '')?.cells[keyColumn]?.trim() : undefined);
  const definition = key ? await publishedDefinition(db, orgId, key) : undefined;
  return { mapping: definition ? suggestMapping(kind, parsed.columns, { questions: definition.questions }) : mapping, definition };
}

// ---------- running ----------

/**
 * Claims an import for a run (uploaded, failed, or interrupted ones may run again: ingest is idempotent
 * by externalId) and records its settings. Refuses a mapping that lacks a required field.
 */
export async function claimImportRun(db: Db, orgId: string, importId: string, input: ImportSettingsInput, now: Date): Promise<ImportRunRow> {
  const row = await getImportRun(db, orgId, importId);
  const status = statusOf(row, now);
  if (status === 'running') throw conflict('this import is already running; follow its progress with GET');
  if (status === 'done') throw conflict('this import has finished; upload the file again to import it once more');
  const parsed = await fileOf(db, orgId, row);
  const { settings, problems } = await resolveSettings(db, orgId, row.kind as ImportKind, parsed, input);
  const first = problems[0];
  if (first) throw badRequest(first.field, first.message);
  const stale = new Date(now.getTime() - STALE_AFTER_MS);
  const [claimed] = await db
    .update(importRuns)
    .set({ status: 'running', settings, startedAt: now, heartbeatAt: now, finishedAt: null, processedRows: 0, created: 0, existing: 0, failed: 0, errors: [], errorCount: 0, failure: null })
    .where(
      and(
        eq(importRuns.orgId, orgId),
        eq(importRuns.importId, importId),
        or(inArray(importRuns.status, ['uploaded', 'failed']), and(eq(importRuns.status, 'running'), lt(importRuns.heartbeatAt, stale))),
      ),
    )
    .returning(runColumns);
  if (!claimed) throw conflict('this import was started by someone else a moment ago; follow its progress with GET');
  return claimed;
}

async function writeProgress(db: Db, orgId: string, importId: string, progress: ImportProgress, errors: ImportLineError[], errorCount: number, now: Date) {
  await db
    .update(importRuns)
    .set({ ...progress, errors: errors.slice(0, MAX_STORED_ERRORS), errorCount, heartbeatAt: now })
    .where(and(eq(importRuns.orgId, orgId), eq(importRuns.importId, importId)));
}

/**
 * Runs a claimed import to its end and returns the final record. Never throws for bad rows; an
 * unexpected error marks the run failed (rows stored before it, in keep-good mode, stay stored).
 */
export async function executeImportRun(db: Db, orgId: string, importId: string, deps: ImportDeps & { onProgress?: (progress: ImportProgress) => void }): Promise<ImportRunRow> {
  const row = await getImportRun(db, orgId, importId);
  const settings = row.settings!;
  const kind = row.kind as ImportKind;
  const ingest = ingestOf(kind, deps.listeners ?? []);
  const progress: ImportProgress = { processedRows: 0, totalRows: row.totalRows, created: 0, existing: 0, failed: 0 };
  const errors: ImportLineError[] = [];
  let errorCount = 0;
  const note = (outcome: ChunkOutcome, count: boolean) => {
    for (const line of outcome.lines) {
      progress.processedRows += 1;
      if (line.status === 'failed') progress.failed += 1;
      else if (count) progress[line.status] += 1;
    }
    errorCount += outcome.errors.length;
    for (const error of outcome.errors) if (errors.length < MAX_STORED_ERRORS) errors.push(error);
  };
  const finish = async (status: 'done' | 'failed', failure: string | null) => {
    const [done] = await db
      .update(importRuns)
      .set({ ...progress, status, failure, errors: errors.slice(0, MAX_STORED_ERRORS), errorCount, finishedAt: deps.now(), heartbeatAt: deps.now(), ...(status === 'done' ? { file: null } : {}) })
      .where(and(eq(importRuns.orgId, orgId), eq(importRuns.importId, importId)))
      .returning(runColumns);
    return done!;
  };

  try {
    const parsed = await fileOf(db, orgId, row);
    const chunkRows = Math.max(1, deps.chunkRows ?? CHUNK_ROWS);
    const chunks: FileRow[][] = [];
    for (let start = 0; start < parsed.rows.length; start += chunkRows) chunks.push(parsed.rows.slice(start, start + chunkRows));

    if (settings.mode === 'keep-good') {
      for (const chunk of chunks) {
        const prepared = await prepareRows(db, orgId, kind, parsed, chunk, settings);
        note(await ingestChunk(db, orgId, ingest, prepared, settings, deps.now()), true);
        await writeProgress(db, orgId, importId, progress, errors, errorCount, deps.now());
        deps.onProgress?.({ ...progress });
        await yieldToEventLoop();
      }
      return await finish('done', null);
    }

    // all-or-nothing: check everything first (nothing stored), then store everything at once.
    for (const chunk of chunks) {
      const prepared = await prepareRows(db, orgId, kind, parsed, chunk, settings);
      note(await dryRun(db, (tx) => ingestChunk(tx, orgId, ingestOf(kind, []), prepared, settings, deps.now())), false);
      await writeProgress(db, orgId, importId, { ...progress, processedRows: progress.processedRows }, errors, errorCount, deps.now());
      deps.onProgress?.({ ...progress });
      await yieldToEventLoop();
    }
    if (progress.failed > 0) {
      return await finish('failed', `${progress.failed} of ${progress.totalRows} rows have problems, so nothing was stored (all-or-nothing); fix them and run again`);
    }
    // No progress can be written from inside the one transaction (on PGlite it holds the only
    // connection), so the heartbeat becomes a lease long enough for it before it starts.
    const lease = Math.ceil(row.totalRows / 1000) * STORE_LEASE_PER_1000_ROWS_MS;
    await writeProgress(db, orgId, importId, progress, errors, errorCount, new Date(deps.now().getTime() + lease));
    const stored: ImportProgress = { processedRows: 0, totalRows: row.totalRows, created: 0, existing: 0, failed: 0 };
    class Rejected extends Error {}
    try {
      await db.transaction(async (tx) => {
        errors.length = 0;
        errorCount = 0;
        for (const chunk of chunks) {
          const prepared = await prepareRows(tx, orgId, kind, parsed, chunk, settings);
          const outcome = await ingestChunk(tx, orgId, ingest, prepared, settings, deps.now());
          for (const line of outcome.lines) {
            stored.processedRows += 1;
            if (line.status === 'failed') stored.failed += 1;
            else stored[line.status] += 1;
          }
          errorCount += outcome.errors.length;
          for (const error of outcome.errors) if (errors.length < MAX_STORED_ERRORS) errors.push(error);
          // On PGlite the transaction holds the only connection, so other requests' queries still
          // wait for its end; yielding at least lets timers and work without the database run.
          await yieldToEventLoop();
        }
        if (stored.failed > 0) throw new Rejected();
      });
    } catch (error) {
      if (!(error instanceof Rejected)) throw error;
      Object.assign(progress, { ...stored, created: 0, existing: 0 });
      return await finish('failed', `${stored.failed} rows failed while storing, so nothing was stored (all-or-nothing)`);
    }
    Object.assign(progress, stored);
    deps.onProgress?.({ ...progress });
    return await finish('done', null);
  } catch (error) {
    const message = error instanceof AppError || error instanceof ImportFileError ? error.message : `the import stopped: ${(error as Error).message}`;
    return finish('failed', message);
  }
}

import cliProgress from 'cli-progress';
import { Command, InvalidArgumentError, Option } from 'commander';
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { createApiKey, getOrganization } from '../access/index.ts';
import { ConfigError, resolveConfig, type ConfigFlags } from '../platform/config.ts';
import { DataDirInUseError } from '../platform/data-dir-lock.ts';
import type { ImportRunView, ImportUploadView } from '../feedback/index.ts';
import { createKeymoment, createLogger } from '../main.ts';

/*
 * `keymoment import interactions|responses FILE` and `keymoment import survey FILE`.
 *
 * Both talk to the import API, so a file is checked, stored and counted exactly as an upload in the
 * web app (same validation, idempotency, rollups):
 * - with `--url URL --api-key KEY`, to a running server (the key needs scope `ingest`; `admin` for surveys);
 * - otherwise in this process, on the data directory (or --database-url), which a running server
 *   locks: then use --url. A temporary API key for --org is made for the run and revoked after it.
 */

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

interface ApiResponse {
  status: number;
  body: unknown;
}

interface Api {
  request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<ApiResponse>;
  upload(path: string, fileName: string, bytes: Buffer): Promise<ApiResponse>;
  close(): Promise<void>;
}

interface CommonFlags extends ConfigFlags {
  org?: string;
  url?: string;
  apiKey?: string;
  json?: boolean;
}

/** Per-line errors printed in the summary (the rest are counted; --json has the first 1,000). */
const PRINTED_ERRORS = 50;
const POLL_MS = 250;

class CliError extends Error {}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function pairs(values: string[], option: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const value of values) {
    const at = value.indexOf('=');
    if (at <= 0) throw new InvalidArgumentError(`${option} takes field=value, got "${value}"`);
    result[value.slice(0, at).trim()] = value.slice(at + 1);
  }
  return result;
}

function multipart(fileName: string, bytes: Buffer): { payload: Buffer; contentType: string } {
  const boundary = `----keymoment${randomBytes(12).toString('hex')}`;
  const safeName = fileName.replace(/["\r\n]/g, '_');
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${safeName}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The import API of a running server. */
function remoteApi(url: string, apiKey: string): Api {
  const base = url.replace(/\/+$/, '');
  const call = async (method: string, path: string, body: Buffer | string | undefined, contentType: string | undefined): Promise<ApiResponse> => {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${apiKey}`, ...(contentType ? { 'content-type': contentType } : {}) },
        ...(body !== undefined ? { body } : {}),
      });
    } catch (error) {
      throw new CliError(`--url: cannot reach ${base} (${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message})`);
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text for the message
    }
    return { status: response.status, body: parsed };
  };
  return {
    request: (method, path, body) => call(method, path, body === undefined ? undefined : JSON.stringify(body), body === undefined ? undefined : 'application/json'),
    upload: (path, fileName, bytes) => {
      const { payload, contentType } = multipart(fileName, bytes);
      return call('POST', path, payload, contentType);
    },
    close: async () => undefined,
  };
}

/** The same API served in this process on the data directory, through a temporary key of the organisation. */
async function localApi(flags: CommonFlags, io: Io): Promise<Api> {
  if (!flags.org) throw new CliError('--org is required when importing into the data directory (with --url the API key names the organisation)');
  const config = { ...resolveConfig(flags), jobs: false };
  let keymoment;
  try {
    keymoment = await createKeymoment(config, { command: 'keymoment import', serveWeb: false, logger: createLogger('silent') });
  } catch (error) {
    if (error instanceof DataDirInUseError) {
      throw new CliError(`${error.message}\nA server is running on this data directory: import through it with --url <its address> --api-key <a key with scope ingest>.`);
    }
    throw error;
  }
  const { app, database } = keymoment;
  try {
    await getOrganization(database.db, flags.org);
  } catch {
    await keymoment.close();
    throw new CliError(`--org: no organisation with id ${flags.org}`);
  }
  const { apiKey, key } = await createApiKey(database.db, flags.org, { name: 'keymoment import (temporary)', scopes: ['admin'], createdBy: null });
  const headers = { authorization: `Bearer ${key}` };
  const parse = (body: string) => {
    try {
      return JSON.parse(body) as unknown;
    } catch {
      return body;
    }
  };
  void io;
  return {
    request: async (method, path, body) => {
      const response = await app.inject({ method, url: path, headers, ...(body !== undefined ? { payload: body as object } : {}) });
      return { status: response.statusCode, body: parse(response.body) };
    },
    upload: async (path, fileName, bytes) => {
      const { payload, contentType } = multipart(fileName, bytes);
      const response = await app.inject({ method: 'POST', url: path, headers: { ...headers, 'content-type': contentType }, payload });
      return { status: response.statusCode, body: parse(response.body) };
    },
    close: async () => {
      await app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${apiKey.apiKeyId}`, headers });
      await keymoment.close();
    },
  };
}

async function openApi(flags: CommonFlags, io: Io): Promise<Api> {
  if (flags.url || flags.apiKey) {
    if (!flags.url || !flags.apiKey) throw new CliError('--url and --api-key go together');
    return remoteApi(flags.url, flags.apiKey);
  }
  return localApi(flags, io);
}

function failure(response: ApiResponse, what: string): CliError {
  const error = (response.body as { error?: { message?: string; field?: string } } | undefined)?.error;
  const detail = error?.message ?? (typeof response.body === 'string' ? response.body.slice(0, 300) : JSON.stringify(response.body));
  return new CliError(`${what} failed (${response.status}): ${detail}${error?.field ? ` [${error.field}]` : ''}`);
}

async function readInput(file: string, max: number): Promise<Buffer> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    throw new CliError(`cannot read ${file}: no such file`);
  }
  if (size > max) throw new CliError(`${basename(file)} is ${(size / 1024 / 1024).toFixed(0)} MB; at most ${max / 1024 / 1024} MB (split it)`);
  return readFile(file);
}


async function runTabularImport(kind: 'interactions' | 'responses', file: string, flags: CommonFlags & TabularFlags, io: Io): Promise<void> {
  const bytes = await readInput(file, 20 * 1024 * 1024);
  const api = await openApi(flags, io);
  try {
    const query = new URLSearchParams({ kind, ...(flags.survey ? { surveyKey: flags.survey } : {}) });
    const uploaded = await api.upload(`/api/v1/imports?${query.toString()}`, basename(file), bytes);
    if (uploaded.status !== 201) throw failure(uploaded, `reading ${basename(file)}`);
    const upload = uploaded.body as ImportUploadView;
    const mapping = { ...upload.suggestedMapping, ...pairs(flags.map, '--map') };
    for (const field of flags.unmap) delete mapping[field];
    const defaults = { ...(flags.survey ? { surveyKey: flags.survey } : {}), ...pairs(flags.set, '--set') };
    if (!flags.json) {
      io.err(`${basename(file)}: ${upload.totalRows} rows, columns: ${(upload.columns ?? []).join(', ')}\n`);
      io.err(`mapping: ${Object.entries(mapping).map(([field, column]) => `${field}=${column}`).join(', ') || '(none)'}\n`);
      if (Object.keys(defaults).length > 0) io.err(`values for every row: ${Object.entries(defaults).map(([field, value]) => `${field}=${value}`).join(', ')}\n`);
    }
    const started = await api.request('POST', `/api/v1/imports/${upload.importId}/run`, {
      mapping,
      defaults,
      mode: flags.mode,
      ...(flags.timezone ? { timezone: flags.timezone } : {}),
      ...(flags.dateOrder ? { dateOrder: flags.dateOrder } : {}),
    });
    if (started.status !== 202) throw failure(started, 'starting the import');

    const bar = flags.json
      ? undefined
      : new cliProgress.SingleBar(
          { stream: process.stderr, format: `${kind} [{bar}] {percentage}% | {value}/{total} rows | {failed} bad`, hideCursor: true, noTTYOutput: false, etaBuffer: 20 },
          cliProgress.Presets.shades_classic,
        );
    bar?.start(upload.totalRows, 0, { failed: 0 });
    let view = started.body as ImportRunView;
    while (view.status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const polled = await api.request('GET', `/api/v1/imports/${upload.importId}`);
      if (polled.status !== 200) throw failure(polled, 'reading the progress');
      view = polled.body as ImportRunView;
      bar?.update(view.processedRows, { failed: view.failed });
    }
    bar?.update(view.processedRows, { failed: view.failed });
    bar?.stop();

    if (flags.json) io.out(`${JSON.stringify(view)}\n`);
    else {
      io.out(`Import ${view.importId} (${flags.mode}): ${view.status}. ${view.totalRows} rows: ${view.created} created, ${view.existing} already stored, ${view.failed} bad.\n`);
      if (view.failure) io.out(`${view.failure}\n`);
      for (const error of view.errors.slice(0, PRINTED_ERRORS)) {
        io.out(`  line ${error.line}: ${error.field}${error.column ? ` (column "${error.column}")` : ''}: ${error.message}\n`);
      }
      if (view.errorCount > PRINTED_ERRORS) io.out(`  … and ${view.errorCount - PRINTED_ERRORS} more (see --json or GET /api/v1/imports/${view.importId})\n`);
    }
    if (view.status !== 'done' || view.failed > 0) process.exitCode = 1;
  } finally {
    await api.close();
  }
}

interface TabularFlags {
  map: string[];
  unmap: string[];
  set: string[];
  mode: 'keep-good' | 'all-or-nothing';
  survey?: string;
  timezone?: string;
  dateOrder?: 'dmy' | 'mdy' | 'ymd';
}

interface SurveyFlags {
  key?: string;
  format?: 'surveyjs' | 'qualtrics';
  replaceDraft?: boolean;
  locale?: string;
}

async function runSurveyImport(file: string, flags: CommonFlags & SurveyFlags, io: Io): Promise<void> {
  const bytes = await readInput(file, 8 * 1024 * 1024);
  const key = flags.key ?? (basename(file).replace(/\.(qsf|json|js)+$/i, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'imported-survey');
  const api = await openApi(flags, io);
  try {
    const response = await api.request('POST', '/api/v1/surveys/import', {
      key,
      source: bytes.toString('utf8'),
      ...(flags.format ? { format: flags.format } : {}),
      ...(flags.locale ? { fallbackLocale: flags.locale } : {}),
      ...(flags.replaceDraft ? { replaceDraft: true } : {}),
    });
    if (response.status !== 201 && response.status !== 200) throw failure(response, `importing ${basename(file)}`);
    const result = response.body as {
      survey: { key: string };
      report: { format: string; languages: string[]; questions: { total: number; mapped: number }; unmapped: { sourceId: string; sourceType: string; reason: string }[]; warnings: { sourceId: string | null; feature: string; message: string }[] };
      problems: { severity: string; field: string; message: string }[];
    };
    if (flags.json) {
      io.out(`${JSON.stringify(result)}\n`);
      return;
    }
    const { report } = result;
    io.out(`Draft survey "${result.survey.key}" from ${report.format}: ${report.questions.mapped} of ${report.questions.total} questions imported (languages: ${report.languages.join(', ')}).\n`);
    for (const item of report.unmapped) io.out(`  not imported: ${item.sourceId} (${item.sourceType}): ${item.reason}\n`);
    for (const warning of report.warnings) io.out(`  note${warning.sourceId ? ` on ${warning.sourceId}` : ''} [${warning.feature}]: ${warning.message}\n`);
    const errors = result.problems.filter((problem) => problem.severity === 'error');
    if (errors.length > 0) io.out(`Before publishing, fix: ${errors.map((problem) => `${problem.field}: ${problem.message}`).join('; ')}\n`);
  } finally {
    await api.close();
  }
}

function withTargetOptions(command: Command): Command {
  return command
    .option('--org <orgId>', 'organisation (when importing into the data directory)')
    .option('--url <url>', 'import through a running server at this address')
    .option('--api-key <key>', 'API key for --url (scope ingest; admin for surveys)')
    .option('--data-dir <dir>', 'folder of the embedded database (env KEYMOMENT_DATA_DIR)')
    .option('--database-url <url>', 'postgres://… (env DATABASE_URL)')
    .option('--json', 'print the result as JSON');
}

function parseMode(value: string): 'keep-good' | 'all-or-nothing' {
  if (value !== 'keep-good' && value !== 'all-or-nothing') throw new InvalidArgumentError('keep-good or all-or-nothing');
  return value;
}

function guard(io: Io, work: () => Promise<void>): Promise<void> {
  return work().catch((error: unknown) => {
    if (error instanceof CliError || error instanceof InvalidArgumentError || error instanceof ConfigError) {
      io.err(`${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  });
}

export function registerImportCommand(program: Command, io: Io): void {
  const command = program.command('import').description('import interactions or responses from CSV/XLSX, or a survey from SurveyJS / Qualtrics');
  for (const kind of ['interactions', 'responses'] as const) {
    const sub = command
      .command(kind)
      .description(`import ${kind} from a CSV or XLSX file (columns mapped by their names; bad rows reported by line)`)
      .argument('<file>', 'CSV (UTF-8, , or ; delimited) or XLSX file')
      .option('--map <field=column>', 'read a field from a column (repeatable), e.g. --map occurredAt=Date', collect, [])
      .option('--unmap <field>', 'do not read a field the header names suggested (repeatable)', collect, [])
      .option('--set <field=value>', 'the same value for every row (repeatable), e.g. --set channel=in_person', collect, [])
      .addOption(new Option('--mode <mode>', 'keep-good: store good rows, report bad ones; all-or-nothing: store nothing if any row is bad').argParser(parseMode).default('keep-good'))
      .option('--timezone <zone>', 'IANA zone of dates without an offset (default: the organisation’s)')
      .addOption(new Option('--date-order <order>', 'how to read 03/04/2026').choices(['dmy', 'mdy', 'ymd']));
    if (kind === 'responses') sub.option('--survey <key>', 'the survey the answers belong to (when the file has no survey column)');
    withTargetOptions(sub).action((file: string, flags: CommonFlags & TabularFlags) => guard(io, () => runTabularImport(kind, file, flags, io)));
  }
  withTargetOptions(
    command
      .command('survey')
      .description('create a draft survey from a SurveyJS JSON or a Qualtrics .qsf file and report what could not be mapped')
      .argument('<file>', '.json / .js (SurveyJS) or .qsf (Qualtrics)')
      .option('--key <key>', 'key of the new survey (default: from the file name)')
      .addOption(new Option('--format <format>', 'default: detected').choices(['surveyjs', 'qualtrics']))
      .option('--locale <locale>', 'language for texts whose language the file does not name (default: the organisation’s)')
      .option('--replace-draft', 'put it into the draft of the existing survey with this key (its published versions stay)'),
  ).action((file: string, flags: CommonFlags & SurveyFlags) => guard(io, () => runSurveyImport(file, flags, io)));
}

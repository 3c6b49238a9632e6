/**
 * The importer's side of the bulk-ingest benchmark (issue #9, point 1): the same world as the bulk step,
 * written as two CSV files and sent through the real HTTP API of the running server, the way a person
 * importing a spreadsheet does (src/feedback/import-routes.ts):
 *   POST /api/v1/imports?kind=…        multipart upload (the file is parsed, stored, mapped and previewed)
 *   POST /api/v1/imports/:id/run       keep-good, answers 202 at once
 *   GET  /api/v1/imports/:id           polled once a second (like the web page) until done or failed.
 * Interactions are imported first: the responses refer to them by interactionExternalId.
 *
 * Upload (+ parse) and run are timed separately. The rate is over the run only, measured by the
 * server's own startedAt → finishedAt (the run POST claims the import and sets startedAt; polling
 * once a second would otherwise add up to a second to the run).
 */
import Papa from 'papaparse';
import { generateDays, type InteractionItem, type ResponseItem, type World } from '../src/cli/demo/generator.ts';
import { IMPORT_LIMITS } from '../src/feedback/import-file.ts';
import type { ImportRunView, ImportUploadView } from '../src/feedback/index.ts';

export interface ImportLoadOptions {
  base: string;
  key: string;
  world: World;
  seed: number;
  /** The bulk step's generation window and scale (the same traffic density). */
  start: Date;
  days: number;
  scale: number;
  notAfter: Date;
  /** Responses wanted (capped at 50,000 by the caller's choice; the importer takes 100,000 rows). */
  responses: number;
  /** externalId prefix: new rows, not the bulk step's. */
  idPrefix: string;
  log: (text: string) => void;
}

export interface ImportKindResult {
  rows: number;
  csvBytes: number;
  /** POST /imports: transfer, CSV parse, storing the file, suggested mapping and 20-row preview. */
  uploadMs: number;
  /** POST /run until the run record says done (server clock: startedAt → finishedAt). */
  runMs: number;
  /** POST /run until the poll saw it done (client clock; includes up to one poll interval). */
  runObservedMs: number;
  rowsPerSecond: number;
}

export interface ImportLoadResult {
  interactions: number;
  interactionsPerSecond: number;
  responses: number;
  responsesPerSecond: number;
  uploadMs: { interactions: number; responses: number };
  runMs: { interactions: number; responses: number };
  csvMiB: { interactions: number; responses: number };
  detail: { interactions: ImportKindResult; responses: ImportKindResult };
}

const INTERACTION_COLUMNS = [
  'externalId',
  'momentKey',
  'journeyKey',
  'occurredAt',
  'locationCode',
  'channel',
  'customer.externalId',
  'customer.locale',
  'visitId',
  'staffId',
  'metrics.waitSeconds',
] as const;
const ANSWER_IDS = ['csat', 'ces', 'nps', 'comment'] as const;
const RESPONSE_COLUMNS = ['externalId', 'surveyKey', 'submittedAt', 'channel', 'locale', 'interactionExternalId', ...ANSWER_IDS.map((id) => `answers.${id}`)] as const;

function interactionRow(item: InteractionItem): (string | number)[] {
  return [
    item.externalId,
    item.momentKey,
    item.journeyKey,
    item.occurredAt,
    item.locationCode,
    item.channel,
    item.customer.externalId,
    item.customer.locale,
    item.visitId,
    item.staffId ?? '',
    item.metrics?.waitSeconds ?? '',
  ];
}

function responseRow(item: ResponseItem): (string | number)[] {
  return [item.externalId, item.surveyKey, item.submittedAt, item.channel, item.locale, item.interactionExternalId ?? '', ...ANSWER_IDS.map((id) => item.answers[id] ?? '')];
}

/**
 * The two files: the first `responses` responses of the generated days and the interactions they refer
 * to, plus the other interactions of the same visits while the row limit allows (an interactions export
 * holds the moments nobody rated too).
 */
export function buildImportFiles(options: Omit<ImportLoadOptions, 'base' | 'key' | 'log'>): { interactions: { csv: string; rows: number }; responses: { csv: string; rows: number } } {
  const responses: ResponseItem[] = [];
  const interactions: InteractionItem[] = [];
  outer: for (const day of generateDays(options.world, { seed: options.seed, start: options.start, days: options.days + 1, scale: options.scale, notAfter: options.notAfter, idPrefix: options.idPrefix })) {
    interactions.push(...day.interactions);
    for (const response of day.responses) {
      responses.push(response);
      if (responses.length >= options.responses) break outer;
    }
  }
  const referenced = new Set(responses.map((response) => response.interactionExternalId));
  let room = IMPORT_LIMITS.maxRows - referenced.size;
  const kept = interactions.filter((item) => referenced.has(item.externalId) || room-- > 0);
  if (responses.length > IMPORT_LIMITS.maxRows || kept.length > IMPORT_LIMITS.maxRows) throw new Error(`import files over ${IMPORT_LIMITS.maxRows} rows`);
  const files = {
    interactions: { csv: Papa.unparse({ fields: [...INTERACTION_COLUMNS], data: kept.map(interactionRow) }), rows: kept.length },
    responses: { csv: Papa.unparse({ fields: [...RESPONSE_COLUMNS], data: responses.map(responseRow) }), rows: responses.length },
  };
  for (const [kind, file] of Object.entries(files)) {
    const bytes = Buffer.byteLength(file.csv);
    if (bytes > IMPORT_LIMITS.maxCsvBytes) throw new Error(`the ${kind} CSV is ${bytes} bytes, over the importer's ${IMPORT_LIMITS.maxCsvBytes}`);
  }
  return files;
}

async function importOne(options: ImportLoadOptions, kind: 'interactions' | 'responses', csv: string, rows: number): Promise<ImportKindResult> {
  const headers = { authorization: `Bearer ${options.key}` };
  const form = new FormData();
  form.append('file', new Blob([csv], { type: 'text/csv' }), `${kind}.csv`);
  let t0 = performance.now();
  const uploadResponse = await fetch(`${options.base}/api/v1/imports?kind=${kind}`, { method: 'POST', headers, body: form });
  const uploadMs = performance.now() - t0;
  if (uploadResponse.status !== 201) throw new Error(`upload of ${kind}: ${uploadResponse.status} ${(await uploadResponse.text()).slice(0, 500)}`);
  const upload = (await uploadResponse.json()) as ImportUploadView;
  if (upload.totalRows !== rows) throw new Error(`upload of ${kind}: the server read ${upload.totalRows} rows, the file has ${rows}`);
  // The columns are named as the fields, so the suggestion should map each to itself; the run sends
  // that mapping explicitly, and a suggestion that differs is only noted (it is not what is measured).
  const mapping = Object.fromEntries(upload.columns.map((column) => [column, column]));
  const differs = upload.columns.filter((column) => upload.suggestedMapping[column] !== column);
  if (differs.length > 0) options.log(`import ${kind}: the suggested mapping differs for ${differs.join(', ')} (${JSON.stringify(upload.suggestedMapping)})`);

  t0 = performance.now();
  const runResponse = await fetch(`${options.base}/api/v1/imports/${upload.importId}/run`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ mapping, mode: 'keep-good' }),
  });
  if (runResponse.status !== 202) throw new Error(`run of ${kind}: ${runResponse.status} ${(await runResponse.text()).slice(0, 500)}`);
  let record: ImportRunView;
  let lastLogged = 0;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const poll = await fetch(`${options.base}/api/v1/imports/${upload.importId}`, { headers });
    if (poll.status !== 200) throw new Error(`progress of ${kind}: ${poll.status} ${(await poll.text()).slice(0, 500)}`);
    record = (await poll.json()) as ImportRunView;
    if (record.status === 'done' || record.status === 'failed' || record.status === 'interrupted') break;
    if (record.processedRows - lastLogged >= 20_000) {
      lastLogged = record.processedRows;
      options.log(`import ${kind}: ${record.processedRows} of ${record.totalRows} rows (${Math.round((performance.now() - t0) / 1000)} s)`);
    }
  }
  const runObservedMs = performance.now() - t0;
  if (record.status !== 'done') throw new Error(`import of ${kind} ${record.status}: ${record.failure ?? ''} ${JSON.stringify(record.errors.slice(0, 5))}`);
  if (record.failed > 0 || record.errorCount > 0) throw new Error(`import of ${kind}: ${record.failed} rows failed; first errors: ${JSON.stringify(record.errors.slice(0, 5))}`);
  if (record.created !== rows) throw new Error(`import of ${kind}: ${record.created} rows created of ${rows} (${record.existing} existing)`);
  // The JSON holds ISO strings where the server's type says Date: new Date() reads either.
  const runMs = new Date(record.finishedAt!).getTime() - new Date(record.startedAt!).getTime();
  return { rows, csvBytes: Buffer.byteLength(csv), uploadMs: Math.round(uploadMs), runMs, runObservedMs: Math.round(runObservedMs), rowsPerSecond: Math.round(rows / (runMs / 1000)) };
}

/** Builds the files, imports interactions then responses, and returns the rates. Throws when any row fails. */
export async function measureImport(options: ImportLoadOptions): Promise<ImportLoadResult> {
  const t0 = performance.now();
  const files = buildImportFiles(options);
  const mib = (csv: string) => Math.round((Buffer.byteLength(csv) / 2 ** 20) * 10) / 10;
  options.log(
    `import: files of ${files.interactions.rows} interactions (${mib(files.interactions.csv)} MiB) and ${files.responses.rows} responses (${mib(files.responses.csv)} MiB) built in ${Math.round(performance.now() - t0)} ms`,
  );
  const interactions = await importOne(options, 'interactions', files.interactions.csv, files.interactions.rows);
  options.log(`import interactions: ${JSON.stringify(interactions)}`);
  const responses = await importOne(options, 'responses', files.responses.csv, files.responses.rows);
  options.log(`import responses: ${JSON.stringify(responses)}`);
  return {
    interactions: interactions.rows,
    interactionsPerSecond: interactions.rowsPerSecond,
    responses: responses.rows,
    responsesPerSecond: responses.rowsPerSecond,
    uploadMs: { interactions: interactions.uploadMs, responses: responses.uploadMs },
    runMs: { interactions: interactions.runMs, responses: responses.runMs },
    csvMiB: { interactions: mib(files.interactions.csv), responses: mib(files.responses.csv) },
    detail: { interactions, responses },
  };
}

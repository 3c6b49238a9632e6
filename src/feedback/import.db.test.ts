import ExcelJS from 'exceljs';
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartFile } from '../../test/support/audit-fixtures.ts';
import { createOrgWithMember } from '../../test/support/actors.ts';
import { publishSurvey, setUpFeedbackOrg, type FeedbackOrg } from '../../test/support/feedback-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import { claimImportRun, createImportRun, executeImportRun, getImportRun, listImportRuns, readImportFile } from './import-runs.ts';
import type { ResponsesRecordedFunction } from './responses.ts';

/*
 * CSV/XLSX imports through the API, on both engines: upload → suggested mapping and preview → run →
 * progress and per-line errors; keep-good and all-or-nothing; re-imports never duplicate; responses
 * go through recordResponses, so the insight rollups count them. And survey definitions from
 * SurveyJS / Qualtrics become drafts.
 */

let km: TestKeymoment;
let org: FeedbackOrg;
const SURVEY = 'counter';

beforeAll(async () => {
  km = await startTestKeymoment();
  org = await setUpFeedbackOrg(km, await createOrgWithMember(km, 'admin', 'Taipei Telecom'));
  await publishSurvey(org, SURVEY);
});
afterAll(async () => km?.dispose());

const auth = () => ({ authorization: `Bearer ${org.ingestKey}` });

async function upload(kind: 'interactions' | 'responses', bytes: Buffer, fileName: string, extra = '') {
  const { payload, headers } = multipartFile(bytes, fileName, 'text/csv');
  return km.app.inject({ method: 'POST', url: `/api/v1/imports?kind=${kind}${extra}`, headers: { ...headers, ...auth() }, payload });
}

async function waitFor(importId: string) {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const response = await org.ingest('GET', `/api/v1/imports/${importId}`);
    const body = response.json();
    if (body.status !== 'running') return body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the import did not finish');
}

async function run(importId: string, body: object) {
  const started = await org.ingest('POST', `/api/v1/imports/${importId}/run`, body);
  expect(started.statusCode, started.body).toBe(202);
  return waitFor(importId);
}

async function count(table: string, where = 'true', values: unknown[] = []): Promise<number> {
  const { rows } = await km.database.query<{ n: number }>(`select count(*)::int as n from ${table} where org_id = $1 and ${where}`, [org.member.orgId, ...values]);
  return rows[0]!.n;
}

// A Taipei point-of-sale export: BOM, ";" delimiter, Chinese headers, local dates, a quoted line break,
// an empty line, and four bad rows (unknown outlet, unreadable date, a stray quote, unknown channel).
const POS_CSV = [
  '\uFEFF編號;時刻;門市;日期時間;渠道;客戶編號;姓名;等候時間;備註',
  'pos-1;counter;T-001;2026/11/20 09:30;in_person;C-1;林美;240;ok',
  'pos-2;counter;T-404;2026/11/20 09:40;in_person;C-2;王;60;unknown outlet',
  'pos-3;greeting;T-002;2026-11-20 10:00;in_person;C-3;"Kovács',
  'Anna";30;two-line name',
  '',
  'pos-4;counter;T-001;yesterday;in_person;C-4;X;10;bad date',
  'pos-5;counter;T-001;2026/11/20 11:00;in_person;C-5;"broken;5;stray quote',
  'pos-6;counter;T-001;2026/11/20 11:30;fax;C-6;Y;5;bad channel',
  'pos-7;counter;T-002;20.11.2026 12:00;phone;C-7;Z;1,5;ok',
].join('\r\n');

describe('importing interactions from CSV', () => {
  let importId = '';

  it('uploads, suggests a mapping from the Chinese headers and previews rows with their problems by line', async () => {
    const response = await upload('interactions', Buffer.from(POS_CSV), 'pos.csv');
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json();
    importId = body.importId;
    expect(body).toMatchObject({ kind: 'interactions', status: 'uploaded', format: 'csv', totalRows: 7 });
    expect(body.suggestedMapping).toEqual({
      externalId: '編號',
      momentKey: '時刻',
      locationCode: '門市',
      occurredAt: '日期時間',
      channel: '渠道',
      'customer.externalId': '客戶編號',
      'customer.name': '姓名',
      'metrics.waitSeconds': '等候時間',
    });
    expect(body.preview.mappingProblems).toEqual([]);
    const lines = body.preview.rows.map((row: { line: number; status: string }) => [row.line, row.status]);
    expect(lines).toEqual([[2, 'new'], [3, 'failed'], [4, 'new'], [7, 'failed'], [8, 'failed'], [9, 'failed'], [10, 'new']]);
    expect(body.preview.rows[1].errors).toEqual([{ field: 'locationCode', column: '門市', message: 'there is no location with the code "T-404"' }]);
    expect(body.preview.rows[2].item).toMatchObject({ customer: { name: 'Kovács\r\nAnna' }, occurredAt: '2026-11-20T10:00:00.000Z' });
    // The preview stores nothing.
    expect(await count('interactions')).toBe(0);
  });

  it('all-or-nothing with bad rows stores nothing and names every bad line', async () => {
    const result = await run(importId, { mapping: (await preview(importId)).settings.mapping, mode: 'all-or-nothing' });
    expect(result).toMatchObject({ status: 'failed', totalRows: 7, processedRows: 7, created: 0, failed: 4 });
    expect(result.failure).toMatch(/nothing was stored/);
    expect(result.errors.map((error: { line: number; field: string }) => [error.line, error.field])).toEqual([
      [3, 'locationCode'],
      [7, 'occurredAt'],
      [8, '(row)'],
      [9, 'channel'],
    ]);
    expect(result.errors[2].message).toMatch(/^line 8: a quoted field starts on this line/);
    expect(await count('interactions')).toBe(0);
    expect(await count('customers')).toBe(0);
  });

  it('keep-good stores the good rows, reports the bad ones by line and field, and a re-import duplicates nothing', async () => {
    const mapping = (await preview(importId)).settings.mapping;
    const result = await run(importId, { mapping, mode: 'keep-good' });
    expect(result).toMatchObject({ status: 'done', totalRows: 7, processedRows: 7, created: 3, existing: 0, failed: 4, errorCount: 4 });
    expect(result.errors[0]).toEqual({ line: 3, field: 'locationCode', column: '門市', message: 'there is no location with the code "T-404"' });
    expect(result.errors[1]).toMatchObject({ line: 7, field: 'occurredAt', column: '日期時間' });
    expect(await count('interactions')).toBe(3);
    const { rows } = await km.database.query<{ external_id: string; wait_seconds: number; occurred_at: Date }>(
      'select external_id, wait_seconds, occurred_at from interactions where org_id = $1 order by external_id',
      [org.member.orgId],
    );
    // 20.11.2026 12:00 in the organisation's zone (UTC here); 1,5 is a decimal comma.
    expect(rows.map((row) => [row.external_id, Number(row.wait_seconds), new Date(row.occurred_at).toISOString()])).toEqual([
      ['pos-1', 240, '2026-11-20T09:30:00.000Z'],
      ['pos-3', 30, '2026-11-20T10:00:00.000Z'],
      ['pos-7', 1.5, '2026-11-20T12:00:00.000Z'],
    ]);
    // A finished import cannot run twice; the same file uploaded again only finds what is stored.
    expect((await org.ingest('POST', `/api/v1/imports/${importId}/run`, { mapping, mode: 'keep-good' })).statusCode).toBe(409);
    const again = (await upload('interactions', Buffer.from(POS_CSV), 'pos.csv')).json();
    const second = await run(again.importId, { mapping, mode: 'keep-good' });
    expect(second).toMatchObject({ status: 'done', created: 0, existing: 3, failed: 4 });
    expect(await count('interactions')).toBe(3);
  });

  it('all-or-nothing with only good rows stores all of them at once; a time zone can be chosen', async () => {
    const csv = 'externalId,momentKey,locationCode,occurredAt,channel,customer.externalId\nall-1,counter,T-001,2026-11-21 09:00,web,C-9\nall-2,counter,T-002,2026-11-21 10:00,web,C-9\n';
    const uploaded = (await upload('interactions', Buffer.from(csv), 'all.csv')).json();
    const result = await run(uploaded.importId, { mapping: uploaded.suggestedMapping, mode: 'all-or-nothing', timezone: 'Asia/Taipei' });
    expect(result).toMatchObject({ status: 'done', created: 2, failed: 0, settings: { timezone: 'Asia/Taipei' } });
    const { rows } = await km.database.query<{ occurred_at: Date }>("select occurred_at from interactions where org_id = $1 and external_id = 'all-1'", [org.member.orgId]);
    expect(new Date(rows[0]!.occurred_at).toISOString()).toBe('2026-11-21T01:00:00.000Z');
  });

  it('refuses a mapping to a missing column or unknown field, a run without a required field, and unreadable files', async () => {
    const csv = 'id,moment\nx-1,counter\n';
    const uploaded = (await upload('interactions', Buffer.from(csv), 'short.csv')).json();
    expect(uploaded.preview.mappingProblems.map((problem: { field: string }) => problem.field)).toEqual([
      'mapping.occurredAt',
      'mapping.locationCode',
      'mapping.channel',
      'mapping.customer.externalId',
    ]);
    const missingColumn = await org.ingest('POST', `/api/v1/imports/${uploaded.importId}/preview`, { mapping: { externalId: 'nope' } });
    expect(missingColumn.json().error).toMatchObject({ field: 'mapping.externalId', message: expect.stringContaining('no column "nope"') });
    const unknownField = await org.ingest('POST', `/api/v1/imports/${uploaded.importId}/preview`, { mapping: { shoeSize: 'id' } });
    expect(unknownField.json().error.field).toBe('mapping.shoeSize');
    const notRunnable = await org.ingest('POST', `/api/v1/imports/${uploaded.importId}/run`, { mapping: uploaded.suggestedMapping, mode: 'keep-good' });
    expect(notRunnable.statusCode).toBe(400);
    expect(notRunnable.json().error.field).toBe('mapping.occurredAt');
    const gbk = await upload('interactions', Buffer.from([0x69, 0x64, 0x0a, 0xc4, 0xe3, 0x0a]), 'gbk.csv');
    expect(gbk.statusCode).toBe(400);
    expect(gbk.json().error).toMatchObject({ code: 'invalid_file', field: 'file', message: expect.stringMatching(/not UTF-8.*\(line 2\)/) });
    const noFile = await km.app.inject({ method: 'POST', url: '/api/v1/imports?kind=interactions', headers: { ...auth(), 'content-type': 'application/json' }, payload: {} });
    expect(noFile.statusCode).toBe(415);
  });

  it('reads XLSX uploads', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Sheet1');
    sheet.addRow(['externalId', 'momentKey', 'locationCode', 'occurredAt', 'channel', 'customer.externalId', 'attributes.tier']);
    sheet.addRow(['xlsx-1', 'counter', 'T-001', new Date(Date.UTC(2026, 10, 22, 8, 0)), 'app', 'C-10', 'gold']);
    sheet.addRow(['xlsx-2', 'counter', 'T-999', new Date(Date.UTC(2026, 10, 22, 9, 0)), 'app', 'C-11', 'silver']);
    const uploaded = await upload('interactions', Buffer.from(await workbook.xlsx.writeBuffer()), 'visits.xlsx');
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const body = uploaded.json();
    expect(body).toMatchObject({ format: 'xlsx', totalRows: 2 });
    const result = await run(body.importId, { mapping: body.suggestedMapping, mode: 'keep-good' });
    expect(result).toMatchObject({ status: 'done', created: 1, failed: 1, errors: [{ line: 3, field: 'locationCode', column: 'locationCode' }] });
    const { rows } = await km.database.query<{ attributes: unknown }>("select attributes from customers where org_id = $1 and external_id = 'C-10'", [org.member.orgId]);
    expect(rows[0]!.attributes).toEqual({ tier: 'gold' });
  });

  it('lists imports newest first; GET shows the progress of one', async () => {
    const list = (await org.ingest('GET', '/api/v1/imports?kind=interactions&limit=2')).json();
    expect(list.items).toHaveLength(2);
    expect(list.items[0].fileName).toBe('visits.xlsx');
    expect(list.nextCursor).not.toBeNull();
    const next = (await org.ingest('GET', `/api/v1/imports?kind=interactions&limit=50&cursor=${list.nextCursor}`)).json();
    expect(next.items.length).toBeGreaterThan(1);
    expect((await org.ingest('GET', '/api/v1/imports/nope')).statusCode).toBe(404);
  });
});

async function preview(importId: string) {
  const csvMapping = {
    externalId: '編號',
    momentKey: '時刻',
    locationCode: '門市',
    occurredAt: '日期時間',
    channel: '渠道',
    'customer.externalId': '客戶編號',
    'customer.name': '姓名',
    'metrics.waitSeconds': '等候時間',
  };
  const response = await org.ingest('POST', `/api/v1/imports/${importId}/preview`, { mapping: csvMapping, limit: 3 });
  expect(response.statusCode, response.body).toBe(200);
  const body = response.json();
  expect(body.rows).toHaveLength(3);
  return body;
}

describe('importing responses', () => {
  it('reads answers for their questions (labels, yes/no), keeps the rollups right, and names bad answers by line and column', async () => {
    const csv = [
      'Response ID,Date,您有多大可能向朋友推薦我們？,What went wrong?,Comment,Contact,Location',
      'r-1,2026-11-20 10:00,3,Waiting time; 員工態度,等太久,是,T-001',
      'r-2,2026-11-20 11:00,10,,great,no,T-002',
      'r-3,2026-11-20 12:00,11,,,,T-001',
      'r-4,2026-11-20 13:00,5,bored,,,T-001',
    ].join('\n');
    const uploaded = await upload('responses', Buffer.from(csv), 'answers.csv', `&surveyKey=${SURVEY}`);
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const body = uploaded.json();
    expect(body.suggestedMapping).toMatchObject({ submittedAt: 'Date', 'answers.recommend': '您有多大可能向朋友推薦我們？', 'answers.what-went-wrong': 'What went wrong?', 'answers.comment': 'Comment', 'answers.contact': 'Contact', locationCode: 'Location' });
    expect(body.fields.map((field: { field: string }) => field.field)).toEqual(expect.arrayContaining(['externalId', 'answers.recommend', 'answers.what-went-wrong', 'answers.contact']));
    const fields = (await org.ingest('GET', `/api/v1/imports/fields?kind=responses&surveyKey=${SURVEY}`)).json().fields;
    expect(fields.find((field: { field: string }) => field.field === 'answers.recommend')).toEqual({ field: 'answers.recommend', required: false, type: 'answer', description: 'nps: How likely are you to recommend us?' });
    expect((await org.ingest('GET', '/api/v1/imports/fields?kind=responses&surveyKey=nope')).statusCode).toBe(404);
    const mapping = { ...body.suggestedMapping, externalId: 'Response ID' };
    const before = await rollupTotal();
    const result = await run(body.importId, { mapping, defaults: { surveyKey: SURVEY, channel: 'kiosk' }, mode: 'keep-good' });
    expect(result).toMatchObject({ status: 'done', created: 2, failed: 2 });
    expect(result.errors).toEqual([
      { line: 4, field: 'answers.recommend', column: '您有多大可能向朋友推薦我們？', message: 'answers.recommend must be a whole number from 0 to 10' },
      { line: 5, field: 'answers.what-went-wrong.0', column: 'What went wrong?', message: 'answers.what-went-wrong.0 is not one of the options' },
    ]);
    const listed = (await org.call('GET', `/api/v1/responses?surveyKey=${SURVEY}`)).json().items;
    const first = listed.find((item: { externalId: string }) => item.externalId === 'r-1');
    expect(first).toMatchObject({ nps: 3, comment: '等太久', consent: true, channel: 'kiosk', source: 'api', answers: { 'what-went-wrong': ['waiting', 'staff'] }, locationId: org.locations.outletA });
    // Both stored responses were counted by the rollups, in the import's own transaction.
    expect((await rollupTotal()) - before).toBe(2);
    const again = (await upload('responses', Buffer.from(csv), 'answers.csv', `&surveyKey=${SURVEY}`)).json();
    const second = await run(again.importId, { mapping, defaults: { surveyKey: SURVEY, channel: 'kiosk' }, mode: 'keep-good' });
    expect(second).toMatchObject({ created: 0, existing: 2, failed: 2 });
    expect((await rollupTotal()) - before).toBe(2);
    expect(await count('responses', "source = 'api' and external_id like 'r-%'")).toBe(2);
  });
});

async function rollupTotal(): Promise<number> {
  const { rows } = await km.database.query<{ n: number | null }>('select sum(responses)::int as n from insight_rollups_moment where org_id = $1', [org.member.orgId]);
  return rows[0]!.n ?? 0;
}

const NPS_SAMPLE = path.resolve(import.meta.dirname, '../../../shared/data/survey_formats/surveyjs/surveyjs_react_quickstart_nps.json.js');
const SURVEYJS = existsSync(NPS_SAMPLE)
  ? readFileSync(NPS_SAMPLE, 'utf8')
  : JSON.stringify({ title: 'NPS', pages: [{ elements: [{ type: 'rating', name: 'nps_score', rateMin: 0, rateMax: 10, title: 'Recommend?' }, { type: 'signaturepad', name: 'sig' }] }] });

describe('importing survey definitions', () => {
  it('creates a draft from SurveyJS with a report, never a published version', async () => {
    const response = await org.call('POST', '/api/v1/surveys/import', { key: 'imported-nps', source: SURVEYJS });
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({ created: true, survey: { key: 'imported-nps', publishedVersion: null }, report: { format: 'surveyjs' } });
    expect(body.definition.questions[0]).toMatchObject({ type: 'nps' });
    const draft = (await org.call('GET', '/api/v1/surveys/imported-nps/draft')).json();
    expect(draft.definition.questions.length).toBe(body.report.questions.mapped);
    expect((await org.call('GET', '/api/v1/surveys/imported-nps/versions')).json().items).toEqual([]);
  });

  it('refuses an existing key unless asked to replace the draft, which leaves published versions alone', async () => {
    expect((await org.call('POST', '/api/v1/surveys/import', { key: SURVEY, source: SURVEYJS })).statusCode).toBe(409);
    const versionBefore = (await org.call('GET', `/api/v1/surveys/${SURVEY}/versions/1`)).body;
    const replaced = await org.call('POST', '/api/v1/surveys/import', { key: SURVEY, source: SURVEYJS, replaceDraft: true });
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect(replaced.json()).toMatchObject({ created: false, survey: { publishedVersion: 1, hasUnpublishedChanges: true } });
    expect((await org.call('GET', `/api/v1/surveys/${SURVEY}/versions/1`)).body).toBe(versionBefore);
  });

  it('answers a dry run without storing, and names the position of invalid JSON', async () => {
    const dry = await org.call('POST', '/api/v1/surveys/import', { key: 'dry-run', source: SURVEYJS, dryRun: true });
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ created: false, survey: null });
    expect((await org.call('GET', '/api/v1/surveys/dry-run')).statusCode).toBe(404);
    const broken = await org.call('POST', '/api/v1/surveys/import', { key: 'broken', source: '{\n "pages": [,]\n}' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error).toMatchObject({ code: 'invalid_file', field: 'source', message: expect.stringContaining('line 2, column 12') });
  });

  it('needs surveys.write: an ingest key cannot import a survey', async () => {
    expect((await org.ingest('POST', '/api/v1/surveys/import', { key: 'by-key', source: SURVEYJS })).statusCode).toBe(403);
  });
});

describe('an import run and its file', () => {
  const header = 'externalId,momentKey,locationCode,occurredAt,channel,customer.externalId';
  const generated = (prefix: string, rows: number) =>
    Buffer.from([header, ...Array.from({ length: rows }, (_, index) => `${prefix}-${index},counter,T-001,2026-11-22 09:00,web,C-${prefix}-${index % 40}`)].join('\n'));

  it('reads the file bytes only to parse them: no record read or returned carries them, and the run still reads them', async () => {
    const db = km.database.db;
    const orgId = org.member.orgId;
    const bytes = generated('bytes', 3);
    const { row } = await createImportRun(db, orgId, { kind: 'interactions', fileName: 'bytes.csv', bytes, createdBy: null, now: new Date() });
    expect(row).not.toHaveProperty('file');
    expect(row).toMatchObject({ status: 'uploaded', fileBytes: bytes.byteLength, totalRows: 3 });
    expect(await getImportRun(db, orgId, row.importId)).not.toHaveProperty('file');
    expect((await listImportRuns(db, orgId, { limit: 5 })).items.every((item) => !('file' in item))).toBe(true);
    expect(Buffer.from((await readImportFile(db, orgId, row.importId))!).equals(bytes)).toBe(true);
    const mapping = { externalId: 'externalId', momentKey: 'momentKey', locationCode: 'locationCode', occurredAt: 'occurredAt', channel: 'channel', 'customer.externalId': 'customer.externalId' };
    const claimed = await claimImportRun(db, orgId, row.importId, { mapping, mode: 'keep-good' }, new Date());
    expect(claimed).not.toHaveProperty('file');
    const finished = await executeImportRun(db, orgId, row.importId, { now: () => new Date() });
    expect(finished).not.toHaveProperty('file');
    expect(finished).toMatchObject({ status: 'done', processedRows: 3, created: 3, failed: 0 });
    // A finished run drops its file.
    expect(await readImportFile(db, orgId, row.importId)).toBeNull();
    // The poll still answers every field the web page reads (web/src/feedback/feedback-api.ts ImportRun).
    const polled = (await org.ingest('GET', `/api/v1/imports/${row.importId}`)).json();
    expect(Object.keys(polled).sort()).toEqual(
      ['importId', 'kind', 'status', 'fileName', 'format', 'fileBytes', 'totalRows', 'processedRows', 'created', 'existing', 'failed', 'errorCount', 'errors', 'failure', 'settings', 'createdAt', 'startedAt', 'finishedAt'].sort(),
    );
    expect(polled).toMatchObject({ status: 'done', fileName: 'bytes.csv', format: 'csv', fileBytes: bytes.byteLength, totalRows: 3, processedRows: 3, created: 3, settings: { mode: 'keep-good' } });
  });

  // PGlite answers queries without real I/O: a run that never yielded would hold the whole process
  // (HTTP requests, timers) until it ended. On PostgreSQL these pass either way. The poll goes over a
  // real socket: an injected request needs no event-loop turn, so it would get through regardless.
  it('keep-good: HTTP requests and timers are answered while a run is in progress', async () => {
    const db = km.database.db;
    const orgId = org.member.orgId;
    if (!km.app.server.listening) await km.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = km.app.server.address() as AddressInfo;
    const uploaded = (await upload('interactions', generated('busy', 2000), 'busy.csv')).json();
    await claimImportRun(db, orgId, uploaded.importId, { mapping: uploaded.suggestedMapping, mode: 'keep-good' }, new Date());
    const events: string[] = [];
    let polled: Promise<{ status: string; processedRows: number; totalRows: number }> | undefined;
    const finished = await executeImportRun(db, orgId, uploaded.importId, {
      now: () => new Date(),
      chunkRows: 100,
      onProgress: () => {
        if (polled) return;
        // After the first chunk: a timer and a poll, both of which must be answered before the run ends.
        setTimeout(() => events.push('timer'), 0);
        polled = fetch(`http://127.0.0.1:${port}/api/v1/imports/${uploaded.importId}`, { headers: auth() }).then(async (response) => {
          const body = (await response.json()) as { status: string; processedRows: number; totalRows: number };
          events.push('request');
          return body;
        });
      },
    });
    events.push('run');
    expect(finished).toMatchObject({ status: 'done', processedRows: 2000, created: 2000 });
    const seen = await polled!;
    expect(events.slice(0, 2).sort()).toEqual(['request', 'timer']);
    expect(events[2]).toBe('run');
    expect(seen.status).toBe('running');
    expect(seen.totalRows).toBe(2000);
    expect(seen.processedRows).toBeGreaterThanOrEqual(100);
    expect(seen.processedRows).toBeLessThan(2000);
  });

  it('all-or-nothing: timers run while the one storing transaction goes chunk by chunk', async () => {
    const db = km.database.db;
    const orgId = org.member.orgId;
    const csv = ['Response ID,Date,Score,Location', ...Array.from({ length: 600 }, (_, index) => `aon-${index},2026-11-21 10:00,${index % 11},T-001`)].join('\n');
    const uploaded = (await upload('responses', Buffer.from(csv), 'aon.csv')).json();
    const settings = { mapping: { externalId: 'Response ID', submittedAt: 'Date', 'answers.recommend': 'Score', locationCode: 'Location' }, defaults: { surveyKey: SURVEY, channel: 'kiosk' }, mode: 'all-or-nothing' as const };
    await claimImportRun(db, orgId, uploaded.importId, settings, new Date());
    const events: string[] = [];
    // Listeners are called only while storing (the dry run has none), inside the transaction.
    const stored: ResponsesRecordedFunction = async () => {
      if (!events.includes('stored')) setTimeout(() => events.push('timer'), 0);
      events.push('stored');
    };
    const finished = await executeImportRun(db, orgId, uploaded.importId, { now: () => new Date(), chunkRows: 50, listeners: [stored] });
    events.push('run');
    expect(finished).toMatchObject({ status: 'done', processedRows: 600, created: 600, failed: 0 });
    expect(events.filter((event) => event === 'stored')).toHaveLength(12);
    // The timer set at the first stored chunk fired before the transaction had stored the last one.
    expect(events.indexOf('timer')).toBeGreaterThan(0);
    expect(events.indexOf('timer')).toBeLessThan(events.lastIndexOf('stored'));
  });
});

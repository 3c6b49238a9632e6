import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caller, expectStatus, multipartFile, setUpAuditOrg } from '../support/audit-fixtures.ts';
import { interaction, publishSurvey, setUpFeedbackOrg, type FeedbackOrg } from '../support/feedback-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../support/test-keymoment.ts';

/*
 * Oversized bodies: a 100 MB file to the importer and to the mystery shopper's photo upload (with a
 * Content-Length and streamed without one), a JSON body past each route's limit, and bytes that are
 * not UTF-8. Each is refused with 413/400 in the one error shape, the server stays healthy, and nothing
 * is stored — not a row, not a file in the uploads folder.
 *
 * CSV with a BOM and broken quoting (per-line errors) is covered where the parser lives:
 * src/feedback/import-file.test.ts and src/feedback/import.db.test.ts.
 */

const MB = 1024 * 1024;
let km: TestKeymoment;
let uploads: string;
let org: FeedbackOrg;
let shopperToken = '';
let invitationToken = '';
let address = 0;

async function storedState(): Promise<string> {
  const parts: unknown[] = [];
  for (const table of ['import_runs', 'audit_evidence', 'interactions', 'responses']) parts.push((await km.database.query(`select count(*)::int as n from ${table}`)).rows);
  parts.push((await readdir(uploads, { recursive: true })).sort());
  return JSON.stringify(parts);
}

function expectRefused(response: LightMyRequestResponse, status: number, what: string): void {
  expect(response.statusCode, `${what}: ${response.body.slice(0, 300)}`).toBe(status);
  const body = response.json() as { error: { code: string; message: string } };
  expect(body.error.code).toMatch(/too_large|invalid|bad_request/);
  expect(body.error.message.length).toBeGreaterThan(10);
}

async function expectHealthy(): Promise<void> {
  expect((await km.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  expect((await km.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  // And still does real work.
  expect((await org.ingest('POST', '/api/v1/interactions', interaction(`after-${address++}`, {}, 'Z'))).statusCode).toBe(201);
}

/** A multipart body of `size` bytes streamed in 1 MB chunks without a Content-Length. */
function streamedMultipart(size: number, filename: string, contentType: string): { payload: Readable; headers: Record<string, string> } {
  const boundary = '----keymomentstream';
  async function* chunks() {
    yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`);
    const chunk = Buffer.alloc(MB, 0x41);
    for (let sent = 0; sent < size; sent += MB) yield chunk;
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }
  return { payload: Readable.from(chunks()), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

beforeAll(async () => {
  uploads = await mkdtemp(path.join(tmpdir(), 'km-oversized-uploads-'));
  process.env.KEYMOMENT_UPLOADS_DIR = uploads;
  km = await startTestKeymoment();
  const audit = await setUpAuditOrg(km, 'Big Files Telecom');
  org = await setUpFeedbackOrg(km, audit.admin, 'Z');
  await publishSurvey(org, 'big');
  const interactionId = expectStatus(await org.ingest('POST', '/api/v1/interactions', interaction('big-1', {}, 'Z')), 201).json().interactionId;
  invitationToken = expectStatus(await org.ingest('POST', '/api/v1/surveys/big/invitations', { interactionId }), 201).json().token;
  const runId = expectStatus(await caller(km)(audit.admin, 'POST', '/api/v1/audits/runs', { checklistKey: audit.checklistKey, locationId: audit.outletId, kind: 'mystery_shopping' }), 201).json().runId;
  shopperToken = expectStatus(await caller(km)(audit.admin, 'POST', `/api/v1/audits/runs/${runId}/shopper-link`, {}), 201).json().token;
}, 180_000);

afterAll(async () => {
  await km?.dispose();
  delete process.env.KEYMOMENT_UPLOADS_DIR;
  await rm(uploads, { recursive: true, force: true });
});

describe('oversized and malformed bodies', () => {
  it('a 100 MB import file is refused with 413 (with and without Content-Length) and nothing is stored', async () => {
    const before = await storedState();
    const csv = multipartFile(Buffer.alloc(100 * MB, 0x41), 'huge.csv', 'text/csv');
    const withLength = await km.app.inject({ method: 'POST', url: '/api/v1/imports?kind=interactions', headers: { ...csv.headers, authorization: `Bearer ${org.ingestKey}` }, payload: csv.payload });
    expectRefused(withLength, 413, 'import with Content-Length');
    const streamed = streamedMultipart(100 * MB, 'huge.csv', 'text/csv');
    const withoutLength = await km.app.inject({ method: 'POST', url: '/api/v1/imports?kind=interactions', headers: { ...streamed.headers, authorization: `Bearer ${org.ingestKey}` }, payload: streamed.payload });
    expectRefused(withoutLength, 413, 'streamed import');
    expect(await storedState()).toBe(before);
    await expectHealthy();
  }, 120_000);

  it('a 100 MB evidence photo is refused with 413 (with and without Content-Length) and no file is kept', async () => {
    const before = await storedState();
    const url = `/api/v1/public/audits/${shopperToken}/evidence?itemKey=waiting-area`;
    const photo = multipartFile(Buffer.alloc(100 * MB, 0x41), 'huge.png', 'image/png');
    expectRefused(await km.app.inject({ method: 'POST', url, headers: photo.headers, payload: photo.payload, remoteAddress: '10.9.0.1' }), 413, 'evidence with Content-Length');
    const streamed = streamedMultipart(100 * MB, 'huge.png', 'image/png');
    expectRefused(await km.app.inject({ method: 'POST', url, headers: streamed.headers, payload: streamed.payload, remoteAddress: '10.9.0.2' }), 413, 'streamed evidence');
    expect(await storedState()).toBe(before);
    await expectHealthy();
  }, 120_000);

  it('JSON bodies past a route’s limit are refused with 413: public survey (1 MB), ingest (64 MB)', async () => {
    const before = await storedState();
    const survey = JSON.stringify({ answers: { comment: 'x'.repeat(2 * MB) } });
    expectRefused(
      await km.app.inject({ method: 'POST', url: `/api/v1/public/surveys/${invitationToken}/submit`, headers: { 'content-type': 'application/json' }, payload: survey, remoteAddress: '10.9.1.1' }),
      413,
      'public submit',
    );
    const batch = Buffer.alloc(70 * MB, 0x20);
    batch.write('[', 0);
    batch.write(']', batch.length - 1);
    expectRefused(
      await km.app.inject({ method: 'POST', url: '/api/v1/interactions', headers: { 'content-type': 'application/json', authorization: `Bearer ${org.ingestKey}` }, payload: batch }),
      413,
      'ingest batch',
    );
    expect(await storedState()).toBe(before);
    await expectHealthy();
  }, 120_000);

  it('JSON declared in another encoding gets a 4xx; bytes that are not UTF-8 never a 5xx', async () => {
    const before = await storedState();
    const declared: { url: string; method: 'PUT' | 'POST'; headers: Record<string, string>; payload: Buffer }[] = [
      { url: `/api/v1/public/surveys/${invitationToken}/answers`, method: 'PUT', headers: { 'content-type': 'application/json; charset=utf-16le' }, payload: Buffer.from('{"answers":{}}', 'utf16le') },
      { url: '/api/v1/interactions', method: 'POST', headers: { 'content-type': 'application/json; charset=latin1', authorization: `Bearer ${org.ingestKey}` }, payload: Buffer.from('{"externalId":"é"}', 'latin1') },
    ];
    for (const c of declared) {
      const response = await km.app.inject({ method: c.method, url: c.url, headers: c.headers, payload: c.payload, remoteAddress: `10.9.2.${address++ & 255}` });
      expect(response.statusCode, `${c.url} ${c.headers['content-type']}: ${response.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
      expect(typeof response.json().error.code).toBe('string');
    }
    expect(await storedState()).toBe(before);
    // Invalid UTF-8 inside JSON is decoded as Fastify decodes it (each bad byte → U+FFFD), as a
    // browser would: a draft comment may keep "�" but the server never fails and never stores raw bytes.
    const notUtf8 = Buffer.concat([Buffer.from('{"answers":{"comment":"'), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1]), Buffer.from('"}}')]);
    const saved = await km.app.inject({ method: 'PUT', url: `/api/v1/public/surveys/${invitationToken}/answers`, headers: { 'content-type': 'application/json' }, payload: notUtf8, remoteAddress: '10.9.3.1' });
    expect(saved.statusCode).toBeLessThan(500);
    if (saved.statusCode === 200) expect(saved.json().answers.comment).toMatch(/^[\uFFFD(]+$/);
    const ingested = await km.app.inject({ method: 'POST', url: '/api/v1/interactions', headers: { 'content-type': 'application/json', authorization: `Bearer ${org.ingestKey}` }, payload: notUtf8 });
    expect(ingested.statusCode).toBe(400);
    await expectHealthy();
  }, 60_000);
});

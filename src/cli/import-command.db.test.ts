import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createOrgWithMember } from '../../test/support/actors.ts';
import { setUpFeedbackOrg } from '../../test/support/feedback-fixtures.ts';
import { createTestDatabaseUrl, startTestKeymoment, TEST_ENGINE, type TestDatabaseUrl, type TestKeymoment } from '../../test/support/test-keymoment.ts';
import { acquireDataDirLock } from '../platform/data-dir-lock.ts';
import { buildProgram } from './program.ts';

/*
 * `keymoment import …` run in-process: into the data directory (or PostgreSQL) when no server holds
 * it, and through a running server's API with --url and --api-key.
 */

let postgres: TestDatabaseUrl | undefined;
let server: TestKeymoment | undefined;
afterAll(async () => {
  await postgres?.drop();
  await server?.dispose();
});
afterEach(() => {
  process.exitCode = 0;
});

const folder = mkdtempSync(path.join(os.tmpdir(), 'km-import-'));
function file(name: string, text: string): string {
  const at = path.join(folder, name);
  writeFileSync(at, text);
  return at;
}

async function storage(): Promise<{ args: string[]; dataDir?: string }> {
  if (TEST_ENGINE === 'postgres') {
    postgres ??= await createTestDatabaseUrl();
    return { args: ['--database-url', postgres.url] };
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'km-cli-import-'));
  return { args: ['--data-dir', dataDir], dataDir };
}

async function run(args: string[]): Promise<{ out: string; err: string; exitCode: number }> {
  let out = '';
  let err = '';
  process.exitCode = 0;
  const program = buildProgram({ out: (t) => (out += t), err: (t) => (err += t) }).exitOverride();
  await program.parseAsync(args, { from: 'user' });
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { out, err, exitCode };
}

describe('keymoment import, into the data directory', () => {
  it('imports a survey definition as a draft and reports what it could not map', async () => {
    const where = await storage();
    const org = JSON.parse((await run(['org', 'create', '--name', 'Pécs Bank', '--locale', 'hu', '--json', ...where.args])).out);
    const survey = file(
      'visit.json',
      JSON.stringify({ title: { default: 'Látogatás' }, locale: 'hu', pages: [{ elements: [{ type: 'rating', name: 'nps', rateMin: 0, rateMax: 10, title: 'Ajánlana?' }, { type: 'signaturepad', name: 'sig' }] }] }),
    );
    const result = await run(['import', 'survey', survey, '--key', 'visit', '--org', org.orgId, ...where.args]);
    expect(result.err).toBe('');
    expect(result.out).toContain('Draft survey "visit" from surveyjs: 1 of 2 questions imported (languages: hu)');
    expect(result.out).toContain('not imported: sig (signaturepad)');
    const again = await run(['import', 'survey', survey, '--key', 'visit', '--org', org.orgId, ...where.args]);
    expect(again.err).toMatch(/already exists.*\[key\]/);
    expect(again.exitCode).toBe(1);
  }, 120_000);

  it('imports interactions with --map and --set, naming every bad line; keep-good vs all-or-nothing', async () => {
    const where = await storage();
    const org = JSON.parse((await run(['org', 'create', '--name', 'Kazan Telecom', '--json', ...where.args])).out);
    const csv = file('visits.csv', 'Nummer;Moment;Filiale;Zeit;Kundennummer\nv-1;counter;NOPE;2026-11-20 10:00;C-1\nv-2;counter;NOPE;später;C-2\n');
    const result = await run([
      'import', 'interactions', csv, '--org', org.orgId,
      '--map', 'externalId=Nummer', '--map', 'momentKey=Moment', '--map', 'locationCode=Filiale', '--map', 'occurredAt=Zeit', '--map', 'customer.externalId=Kundennummer',
      '--set', 'channel=web', ...where.args,
    ]);
    expect(result.exitCode).toBe(1);
    expect(result.out).toContain('(keep-good): done. 2 rows: 0 created, 0 already stored, 2 bad.');
    expect(result.out).toContain('line 2: locationCode (column "Filiale"): there is no location with the code "NOPE"');
    expect(result.out).toMatch(/line 3: occurredAt \(column "Zeit"\): occurredAt: "später" is not a date and time/);
    const strict = await run(['import', 'interactions', csv, '--org', org.orgId, '--mode', 'all-or-nothing', '--map', 'externalId=Nummer', '--map', 'momentKey=Moment', '--map', 'locationCode=Filiale', '--map', 'occurredAt=Zeit', '--map', 'customer.externalId=Kundennummer', '--set', 'channel=web', ...where.args]);
    expect(strict.out).toMatch(/\(all-or-nothing\): failed\..*\n2 of 2 rows have problems, so nothing was stored/);
    const unmapped = await run(['import', 'interactions', csv, '--org', org.orgId, ...where.args]);
    expect(unmapped.err).toMatch(/starting the import failed \(400\): .* is required: choose its column or give a value for every row \[mapping\./);
    const missing = await run(['import', 'interactions', csv, ...where.args]);
    expect(missing.err).toMatch(/--org is required/);
    if (where.dataDir) {
      const lock = acquireDataDirLock(where.dataDir, 'keymoment start');
      try {
        const locked = await run(['import', 'interactions', csv, '--org', org.orgId, ...where.args]);
        expect(locked.err).toMatch(/in use by another Keymoment process[\s\S]*--url <its address> --api-key/);
      } finally {
        lock.release();
      }
    }
  }, 180_000);
});

describe('keymoment import, through a running server', () => {
  it('uploads with the API key, shows the result, and a second run stores nothing twice', async () => {
    server = await startTestKeymoment();
    const org = await setUpFeedbackOrg(server, await createOrgWithMember(server, 'admin', 'Taipei Telecom'));
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    const address = server.app.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const csv = file('pos.csv', '\uFEFF編號,時刻,門市,時間,渠道,客戶編號\np-1,counter,T-001,2026/11/20 09:30,in_person,C-1\np-2,counter,T-002,2026/11/20 09:40,in_person,C-2\np-3,counter,T-009,2026/11/20 09:50,in_person,C-3\n');
    const first = await run(['import', 'interactions', csv, '--url', url, '--api-key', org.ingestKey]);
    expect(first.err).toContain('mapping: externalId=編號, momentKey=時刻, occurredAt=時間, locationCode=門市, channel=渠道, customer.externalId=客戶編號');
    expect(first.out).toContain('3 rows: 2 created, 0 already stored, 1 bad.');
    expect(first.out).toContain('line 4: locationCode (column "門市"): there is no location with the code "T-009"');
    const second = await run(['import', 'interactions', csv, '--url', url, '--api-key', org.ingestKey, '--json']);
    expect(JSON.parse(second.out)).toMatchObject({ status: 'done', created: 0, existing: 2, failed: 1 });
    const wrongKey = await run(['import', 'interactions', csv, '--url', url, '--api-key', 'km_wrong']);
    expect(wrongKey.err).toMatch(/failed \(401\)/);
    const { rows } = await server.database.query<{ n: number }>('select count(*)::int as n from interactions where org_id = $1', [org.member.orgId]);
    expect(rows[0]!.n).toBe(2);
  }, 120_000);
});

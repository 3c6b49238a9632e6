import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSignedInMember, createOrgWithMember } from '../../test/support/actors.ts';
import { HALL_JOURNEY, interaction, publishSurvey, setUpFeedbackOrg, type FeedbackOrg } from '../../test/support/feedback-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';

let km: TestKeymoment;
let org: FeedbackOrg;
const SURVEY = 'counter';

beforeAll(async () => {
  km = await startTestKeymoment();
  org = await setUpFeedbackOrg(km, await createOrgWithMember(km, 'admin', 'Taipei Telecom'));
  await publishSurvey(org, SURVEY);
  await org.ingest('POST', '/api/v1/interactions', [interaction('i-a'), interaction('i-b', { locationCode: 'T-002', staffId: 'staff-9', momentKey: 'greeting' })]);
});
afterAll(async () => km?.dispose());

function response(externalId: string, extra: Record<string, unknown> = {}) {
  return { externalId, surveyKey: SURVEY, submittedAt: '2026-11-20T10:00:00Z', channel: 'kiosk', answers: { recommend: 9 }, ...extra };
}

async function countOf(where: string, values: unknown[] = []): Promise<number> {
  const { rows } = await km.database.query<{ n: number }>(`select count(*)::int as n from responses where org_id = $1 and ${where}`, [org.member.orgId, ...values]);
  return rows[0]!.n;
}

describe('ingesting responses collected elsewhere', () => {
  it('stores one with the interaction’s context and the extracted scores; a retry returns the same record', async () => {
    const body = response('r-single', { interactionExternalId: 'i-a', locale: 'zh-TW', answers: { recommend: 2, 'what-went-wrong': ['waiting'], 'counter-rating': 1, comment: '等太久', contact: true } });
    const created = await org.ingest('POST', '/api/v1/responses', body);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      externalId: 'r-single',
      surveyKey: SURVEY,
      surveyVersion: 1,
      journeyKey: HALL_JOURNEY,
      momentKey: 'counter',
      journeyVersion: 1,
      locationId: org.locations.outletA,
      staffId: 'staff-7',
      visitId: 'visit-i-a',
      customer: { externalId: 'cust-i-a' },
      channel: 'kiosk',
      locale: 'zh-TW',
      nps: 2,
      csat: 1,
      ces: null,
      comment: '等太久',
      consent: true,
      source: 'api',
      submittedAt: '2026-11-20T10:00:00.000Z',
    });
    const retry = await org.ingest('POST', '/api/v1/responses', body);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(created.json());
    expect(await countOf('external_id = $2', ['r-single'])).toBe(1);
  });

  it('takes the moment from the survey, the location by code, and the customer from the item', async () => {
    const created = await org.ingest('POST', '/api/v1/responses', response('r-plain', { locationCode: 'T-002', customer: { externalId: 'walk-in-1', locale: 'ru' } }));
    expect(created.json()).toMatchObject({ momentKey: 'counter', journeyKey: HALL_JOURNEY, journeyVersion: 1, locationId: org.locations.outletB, customer: { externalId: 'walk-in-1' } });
  });

  it('names the index and field of every bad item and keeps the good ones', async () => {
    const result = await org.ingest('POST', '/api/v1/responses', [
      response('r-bad-0', { surveyKey: 'no-such-survey' }),
      response('r-good-1'),
      response('r-bad-2', { answers: { recommend: 12 } }),
      response('r-bad-3', { answers: { colour: 'red' } }),
      response('r-bad-4', { interactionExternalId: 'no-such-interaction' }),
      response('r-bad-5', { answers: {} }),
      response('r-bad-6', { surveyVersion: 7 }),
      response('r-bad-7', { momentKey: 'ghost' }),
      response('r-bad-8', { answers: { 'what-went-wrong': ['bored'] } }),
    ]);
    expect(result.statusCode).toBe(200);
    const body = result.json();
    expect(body).toMatchObject({ received: 9, created: 1, failed: 8 });
    expect(body.errors.map((error: { index: number; field: string }) => [error.index, error.field])).toEqual([
      [0, 'surveyKey'],
      [2, 'answers.recommend'],
      [3, 'answers.colour'],
      [4, 'interactionExternalId'],
      [5, 'answers'],
      [6, 'surveyVersion'],
      [7, 'momentKey'],
      [8, 'answers.what-went-wrong.0'],
    ]);
    expect(await countOf("external_id like 'r-bad-%'")).toBe(0);
    expect(await countOf('external_id = $2', ['r-good-1'])).toBe(1);
  });

  it('stores a batch posted twice, or twice at once, once', async () => {
    const batch = Array.from({ length: 120 }, (_, i) => response(`r-twice-${i}`, { answers: { recommend: i % 11 } }));
    const [a, b] = await Promise.all([org.ingest('POST', '/api/v1/responses', batch), org.ingest('POST', '/api/v1/responses', batch)]);
    const third = (await org.ingest('POST', '/api/v1/responses', batch)).json();
    expect([a.json().created, b.json().created].sort((x, y) => x - y)).toEqual([0, 120]);
    expect(third).toMatchObject({ created: 0, existing: 120, failed: 0 });
    expect(third.items.map((item: { id: string }) => item.id)).toEqual(a.json().items.map((item: { id: string }) => item.id));
    expect(await countOf("external_id like 'r-twice-%'")).toBe(120);
    const changed = await org.ingest('POST', '/api/v1/responses', response('r-twice-0', { answers: { recommend: 10 } }));
    expect(changed.json().error.field).toBe('externalId');
  });
});

describe('listing and searching responses', () => {
  beforeAll(async () => {
    const items = [
      response('s-en', { submittedAt: '2026-10-01T08:00:00Z', answers: { recommend: 10, comment: 'Friendly staff, quick service' }, locationCode: 'T-001' }),
      response('s-zh', { submittedAt: '2026-10-02T08:00:00Z', answers: { recommend: 4, 'what-went-wrong': ['waiting'], comment: '排隊時間太長了，櫃檯人員很少' }, locationCode: 'T-001' }),
      response('s-ru', { submittedAt: '2026-10-03T08:00:00Z', answers: { recommend: 6, 'what-went-wrong': ['staff'], comment: 'Сервис не хороший, очередь длинная' }, locationCode: 'T-002' }),
      response('s-pct', { submittedAt: '2026-10-04T08:00:00Z', answers: { recommend: 8, comment: 'Only 50% of the counters were open' }, locationCode: 'T-002' }),
      response('s-none', { submittedAt: '2026-10-05T08:00:00Z', answers: { recommend: 7, 'counter-rating': 4 }, interactionExternalId: 'i-b' }),
    ];
    expect((await org.ingest('POST', '/api/v1/responses', items)).json().created).toBe(5);
  });

  const ids = async (query: string, headers?: Record<string, string>) => {
    const window = query.includes('&to=') ? 'from=2026-10-01T00:00:00Z' : 'from=2026-10-01T00:00:00Z&to=2026-10-31T00:00:00Z';
    const url = `/api/v1/responses?${window}${query}`;
    const result = headers ? await km.app.inject({ method: 'GET', url, headers }) : await org.call('GET', url);
    expect(result.statusCode, result.body).toBe(200);
    return result.json().items.map((item: { externalId: string }) => item.externalId);
  };

  it('filters by date, survey, moment, location subtree, staff, comment and score ranges, newest first', async () => {
    expect(await ids('')).toEqual(['s-none', 's-pct', 's-ru', 's-zh', 's-en']);
    expect(await ids(`&surveyKey=${SURVEY}&momentKey=greeting`)).toEqual(['s-none']);
    expect(await ids(`&locationId=${org.locations.city}`)).toEqual(['s-zh', 's-en']);
    expect(await ids(`&locationId=${org.locations.region}`)).toHaveLength(5);
    expect(await ids('&staffId=staff-9')).toEqual(['s-none']);
    expect(await ids('&hasComment=false')).toEqual(['s-none']);
    expect(await ids('&hasComment=true&npsMax=6')).toEqual(['s-ru', 's-zh']);
    expect(await ids('&npsMin=7&npsMax=8')).toEqual(['s-none', 's-pct']);
    expect(await ids('&csatMin=4')).toEqual(['s-none']);
    expect(await ids('&to=2026-10-03T00:00:00Z')).toEqual(['s-zh', 's-en']);
  });

  it('finds words and phrases in comments in every language, Chinese included', async () => {
    expect(await ids('&q=staff')).toEqual(['s-en']);
    expect(await ids('&q=QUICK%20service')).toEqual(['s-en']);
    expect(await ids(`&q=${encodeURIComponent('排隊')}`)).toEqual(['s-zh']);
    expect(await ids(`&q=${encodeURIComponent('очередь')}`)).toEqual(['s-ru']);
    expect(await ids(`&q=${encodeURIComponent('50%')}`)).toEqual(['s-pct']);
    expect(await ids(`&q=${encodeURIComponent('5_%')}`)).toEqual([]);
  });

  it('pages through the results', async () => {
    const first = (await org.call('GET', '/api/v1/responses?from=2026-10-01T00:00:00Z&to=2026-10-31T00:00:00Z&limit=2')).json();
    const second = (await org.call('GET', `/api/v1/responses?from=2026-10-01T00:00:00Z&to=2026-10-31T00:00:00Z&limit=2&cursor=${first.nextCursor}`)).json();
    const third = (await org.call('GET', `/api/v1/responses?from=2026-10-01T00:00:00Z&to=2026-10-31T00:00:00Z&limit=2&cursor=${second.nextCursor}`)).json();
    expect([...first.items, ...second.items, ...third.items].map((item: { externalId: string }) => item.externalId)).toEqual(['s-none', 's-pct', 's-ru', 's-zh', 's-en']);
    expect(third.nextCursor).toBeNull();
  });

  it('shows a member limited to an outlet only that outlet’s responses, and agents none', async () => {
    const manager = await addSignedInMember(km, org.member.orgId, 'outlet_manager', org.locations.outletB);
    expect(await ids('', manager.headers)).toEqual(['s-none', 's-pct', 's-ru']);
    expect(await ids(`&locationId=${org.locations.outletA}`, manager.headers)).toEqual([]);
    const agent = await addSignedInMember(km, org.member.orgId, 'agent');
    expect((await km.app.inject({ method: 'GET', url: '/api/v1/responses', headers: agent.headers })).statusCode).toBe(403);
  });
});

describe('exports', () => {
  const HOSTILE = ['=HYPERLINK("http://evil.example","click")', '+1+2', '-2+3', '@SUM(A1:A9)', '\tindented', '\r=1+1'];
  const TRIMMED = ['\'=HYPERLINK("http://evil.example","click")', "'+1+2", "'-2+3", "'@SUM(A1:A9)", 'indented', "'=1+1"];

  beforeAll(async () => {
    const items = HOSTILE.map((comment, i) => response(`x-${i}`, { submittedAt: '2026-09-0' + (i + 1) + 'T08:00:00Z', staffId: i === 0 ? '=cmd|calc' : 'staff-1', answers: { recommend: i, comment } }));
    expect((await org.ingest('POST', '/api/v1/responses', items)).json().created).toBe(HOSTILE.length);
  });

  const exportUrl = (format: string) => `/api/v1/responses/export?format=${format}&from=2026-09-01T00:00:00Z&to=2026-09-30T00:00:00Z`;

  it('writes CSV with a BOM, one column per answer, and every formula-like text neutralised', async () => {
    const result = await org.call('GET', exportUrl('csv'));
    expect(result.statusCode, result.body).toBe(200);
    expect(result.headers['content-type']).toContain('text/csv');
    expect(result.headers['content-disposition']).toMatch(/attachment; filename="responses-\d{4}-\d{2}-\d{2}\.csv"/);
    expect(result.body.charCodeAt(0)).toBe(0xfeff);
    const parsed = Papa.parse<Record<string, string>>(result.body.slice(1), { header: true, skipEmptyLines: true });
    expect(parsed.meta.fields).toEqual(expect.arrayContaining(['responseId', 'surveyKey', 'locationCode', 'nps', 'comment', 'answer.recommend', 'answer.comment']));
    expect(parsed.data).toHaveLength(HOSTILE.length);
    // The answer as given, and the comment column (answers trimmed): both neutralised.
    expect(parsed.data.map((row) => row['answer.comment']).sort()).toEqual(HOSTILE.map((text) => `'${text}`).sort());
    expect(parsed.data.map((row) => row.comment).sort()).toEqual(TRIMMED.sort());
    expect(parsed.data.find((row) => row.nps === '0')?.staffId).toBe("'=cmd|calc");
    for (const row of parsed.data) {
      for (const cell of Object.values(row)) expect(cell, `cell ${JSON.stringify(cell)}`).not.toMatch(/^[=+\-@\t\r]/);
    }
  });

  it('writes XLSX whose formula-like texts are text, and whose scores are numbers', async () => {
    const result = await org.call('GET', exportUrl('xlsx'));
    expect(result.statusCode).toBe(200);
    expect(result.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(result.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('responses')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const column = (name: string) => header.indexOf(name) + 1;
    const comments: unknown[] = [];
    for (let row = 2; row <= sheet.rowCount; row += 1) {
      const cell = sheet.getRow(row).getCell(column('answer.comment'));
      expect(cell.formula).toBeUndefined();
      comments.push(cell.value);
      expect(typeof sheet.getRow(row).getCell(column('nps')).value).toBe('number');
    }
    // XML has no carriage return: the cell keeps a line feed, still behind the apostrophe.
    expect(comments.sort()).toEqual(HOSTILE.map((text) => `'${text.replace('\r', '\n')}`).sort());
  });

  it('names the field of a bad format', async () => {
    const result = await org.call('GET', '/api/v1/responses/export?format=pdf');
    expect(result.statusCode).toBe(400);
    expect(result.json().error.field).toBe('format');
  });
});

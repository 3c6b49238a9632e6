import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSignedInMember, type TestMember } from '../../test/support/actors.ts';
import { caller, expectStatus, passingHallAnswers, setUpAuditOrg, type AuditOrg } from '../../test/support/audit-fixtures.ts';
import { startTestKeymoment, type TestKeymoment } from '../../test/support/test-keymoment.ts';

/*
 * The morning-meeting sheet end to end: responses posted through the public API over two weeks (so
 * the insights rollups are the real ones), an audit that fails a critical item (a corrective action
 * and a recovery case), an improvement action; the JSON is checked field by field and the PDF is
 * read back with poppler (pdfinfo, pdftotext; Debian's poppler-utils, tests only).
 *
 * Today is Friday 20 Nov 2026 in Shanghai. Last week = 13–19 Nov, the week before = 6–12 Nov.
 * Counter transaction (CSAT ≥ 90 in the template): happy customers the week before, lukewarm ones last
 * week (CSAT 3 of 5 and NPS 8: not top-box, not a promoter, but no recovery case either).
 * Phone purchase (NPS ≥ 50): promoters both weeks.
 */

let km: TestKeymoment;
let org: AuditOrg;
let call: ReturnType<typeof caller>;
let ingestKey: string;
let otherOutletId: string;
let otherManager: TestMember;
let improvementId: string;
const now = new Date('2026-11-20T01:00:00Z'); // 09:00 in Shanghai
let sequence = 0;
const JOURNEY = 'telecom-service-hall';
const day = (n: number) => `2026-11-${String(n).padStart(2, '0')}`;

function answer(date: string, momentKey: string, surveyKey: string, answers: Record<string, number>) {
  return { externalId: `ms-${++sequence}`, surveyKey, channel: 'kiosk', journeyKey: JOURNEY, momentKey, locationCode: 'MS-1', submittedAt: `${date}T03:00:00Z`, answers };
}

async function survey(key: string, momentKey: string) {
  const definition = {
    kind: 'transactional',
    about: { journeyKey: JOURNEY, momentKey },
    title: { en: 'Your visit' },
    questions: [
      { id: 'recommend', type: 'nps', title: { en: 'Recommend?' } },
      { id: 'satisfied', type: 'csat', title: { en: 'Satisfied?' } },
    ],
  };
  expectStatus(await call(org.admin, 'POST', '/api/v1/surveys', { key, name: { en: key }, definition }), 201);
  expectStatus(await call(org.admin, 'POST', `/api/v1/surveys/${key}/publish`, {}), 201);
}

beforeAll(async () => {
  km = await startTestKeymoment({}, { now: () => now });
  call = caller(km);
  org = await setUpAuditOrg(km, 'Morning Telecom');
  expectStatus(await call(org.admin, 'PATCH', `/api/v1/locations/${org.outletId}`, { code: 'MS-1' }), 200);
  otherOutletId = expectStatus(await call(org.admin, 'POST', '/api/v1/locations', { name: 'Quiet hall', level: 'outlet', parentId: org.regionId, code: 'MS-2' }), 201).json().locationId;
  otherManager = await addSignedInMember(km, org.admin.orgId, 'outlet_manager', otherOutletId);
  ingestKey = expectStatus(await call(org.admin, 'POST', '/api/v1/api-keys', { name: 'POS', scopes: ['ingest'] }), 201).json().key;
  await survey('counter-visit', 'counter-transaction');
  await survey('phone-visit', 'phone-purchase');
  const items = [
    ...Array.from({ length: 20 }, (_, i) => answer(day(6 + (i % 7)), 'counter-transaction', 'counter-visit', { recommend: 10, satisfied: 5 })),
    ...Array.from({ length: 20 }, (_, i) => answer(day(13 + (i % 7)), 'counter-transaction', 'counter-visit', { recommend: 8, satisfied: 3 })),
    ...Array.from({ length: 10 }, (_, i) => answer(day(6 + (i % 7)), 'phone-purchase', 'phone-visit', { recommend: 10, satisfied: 5 })),
    ...Array.from({ length: 10 }, (_, i) => answer(day(13 + (i % 7)), 'phone-purchase', 'phone-visit', { recommend: 10, satisfied: 5 })),
  ];
  const posted = await km.app.inject({ method: 'POST', url: '/api/v1/responses', headers: { authorization: `Bearer ${ingestKey}` }, payload: items });
  expect(posted.statusCode, posted.body).toBe(201);
  // A walk-through failing the critical fee check (counter transaction) and the thank-you at the exit (leave).
  const runId = expectStatus(await call(org.admin, 'POST', '/api/v1/audits/runs', { checklistKey: org.checklistKey, locationId: org.outletId, kind: 'walk_through' }), 201).json().runId;
  const failing = { ...passingHallAnswers(), 'fees-confirmed': { value: 'no', note: '未说明套餐变更费用' }, thanked: { value: 'no', note: 'nobody at the exit' } };
  expectStatus(await call(org.manager, 'POST', `/api/v1/audits/runs/${runId}/submit`, { answers: failing }), 201);
  improvementId = expectStatus(
    await call(org.admin, 'POST', '/api/v1/improvement-actions', {
      title: 'Read the fees back before printing',
      journeyKey: JOURNEY,
      momentKey: 'counter-transaction',
      locationId: org.outletId,
      source: { kind: 'moment' },
      hypothesis: 'Customers trust a result they heard confirmed',
      ownerUserId: org.manager.userId,
      startDate: day(18),
    }),
    201,
  ).json().improvementId;
}, 240_000);
afterAll(async () => km?.dispose());

const sheetUrl = (query: string) => `/api/v1/audits/morning-sheet?location=${org.outletId}&${query}`;

describe('the morning-meeting sheet as data', () => {
  it('puts the moment furthest below its benchmark first, with its action guide and core needs', async () => {
    const sheet = expectStatus(await call(org.admin, 'GET', sheetUrl('format=json&lang=en')), 200).json();
    expect(sheet).toMatchObject({
      date: day(20),
      locale: 'en',
      minN: 5,
      week: { from: day(13), to: day(19), previousFrom: day(6), previousTo: day(12) },
      location: { locationId: org.outletId, name: 'Morning Telecom service hall', code: 'MS-1', path: ['Morning Telecom region', 'Morning Telecom service hall'] },
      organisation: expect.stringContaining('Morning Telecom'),
    });
    expect(sheet.focus.map((moment: { momentKey: string }) => moment.momentKey)).toEqual(['counter-transaction', 'leave']);
    const [counter, leave] = sheet.focus;
    expect(counter.reason).toEqual({ kind: 'below_benchmark', metric: 'csat', score: 0, target: { comparator: 'gte', value: 90 }, n: 20, gap: 0.9 });
    expect(counter.coreNeeds).toEqual(['Fast', 'Polite', 'An accurate result']);
    expect(counter.actionGuide).toHaveLength(5);
    expect(counter.actionGuide[1]).toMatchObject({ number: 2, title: 'Make sure it is right' });
    expect(counter.actionGuide[1].detail).toContain('count money aloud');
    // The exit is in focus because an audit found its standard missed.
    expect(leave.reason).toEqual({ kind: 'open_actions', count: 1 });
  });

  it('lists last week’s scores against the targets, with a change only when significant', async () => {
    const sheet = expectStatus(await call(org.admin, 'GET', sheetUrl('format=json&lang=en')), 200).json();
    const line = (key: string) => sheet.scores.find((row: { momentKey: string }) => row.momentKey === key);
    expect(line('counter-transaction').csat).toMatchObject({ score: 0, n: 20, target: { comparator: 'gte', value: 90 }, status: 'below', previous: { score: 100, n: 20 } });
    expect(line('counter-transaction').csat.change.difference).toBe(-100);
    expect(line('counter-transaction').csat.change.pValue).toBeLessThan(0.05);
    // NPS 8 = passive: 0 last week vs 100 before, a significant fall; no NPS target at the counter.
    expect(line('counter-transaction').nps).toMatchObject({ score: 0, n: 20, target: null, status: 'no_benchmark' });
    // Promoters both weeks: meets its target, no change to report.
    expect(line('phone-purchase').nps).toMatchObject({ score: 100, n: 10, target: { comparator: 'gte', value: 50 }, status: 'meets', change: null });
    // A moment without answers or NPS/CSAT targets is left out.
    expect(line('queue-triage')).toBeUndefined();
  });

  it('lists the outlet’s open corrective actions, improvement actions and recovery cases', async () => {
    const sheet = expectStatus(await call(org.admin, 'GET', sheetUrl('format=json&lang=en')), 200).json();
    expect(sheet.correctiveActions.open).toBe(2);
    expect(sheet.correctiveActions.overdue).toBe(0);
    const fees = sheet.correctiveActions.items.find((action: { momentKey: string }) => action.momentKey === 'counter-transaction');
    expect(fees).toMatchObject({ critical: true, ownerUserId: org.manager.userId, overdue: false, momentName: 'Counter transaction result' });
    expect(fees.ownerName).toBeTruthy();
    expect(sheet.improvementActions).toMatchObject({ active: 1, items: [{ improvementId, status: 'plan', title: 'Read the fees back before printing', ownerUserId: org.manager.userId }] });
    expect(sheet.cases).toMatchObject({ open: 1, breached: 0 });
    const [auditCase] = sheet.cases.nearest;
    expect(auditCase.reason).toBe('failed_audit_item');
    expect(auditCase).toMatchObject({ summary: '未说明套餐变更费用', momentName: 'Counter transaction result', slaState: expect.stringMatching(/on_track|due_soon/) });
    expect(auditCase.nextDueAt).toBeTruthy();
  });

  it('marks overdue actions and puts them first', async () => {
    const sheet = expectStatus(await call(org.admin, 'GET', sheetUrl('format=json')), 200).json();
    const leaveAction = sheet.correctiveActions.items.find((action: { momentKey: string }) => action.momentKey === 'leave');
    expectStatus(await call(org.admin, 'PATCH', `/api/v1/audits/actions/${leaveAction.actionId}`, { dueAt: '2026-11-19T00:00:00Z' }), 200);
    const after = expectStatus(await call(org.admin, 'GET', sheetUrl('format=json')), 200).json();
    expect(after.correctiveActions.overdue).toBe(1);
    expect(after.correctiveActions.items[0]).toMatchObject({ actionId: leaveAction.actionId, overdue: true });
  });

  it('speaks the reader’s language: lang, else the profile language', async () => {
    const ru = expectStatus(await call(org.admin, 'GET', sheetUrl('format=json&lang=ru')), 200).json();
    expect(ru.locale).toBe('ru');
    expect(ru.focus[0].actionGuide[1].title).toBe('Убедиться, что всё верно');
    const profile = expectStatus(await call(org.admin, 'PATCH', '/api/v1/me', { locale: 'zh-CN' }), 200);
    expect(profile.statusCode).toBe(200);
    const zh = expectStatus(await call(org.admin, 'GET', sheetUrl('format=json')), 200).json();
    expect(zh.locale).toBe('zh-CN');
    expect(zh.focus[0].name).toBe('柜台业务办理结果');
    expectStatus(await call(org.admin, 'PATCH', '/api/v1/me', { locale: null }), 200);
  });

  it('falls back to the peak and end moments when there is little data', async () => {
    const sheet = expectStatus(await call(org.admin, 'GET', `/api/v1/audits/morning-sheet?location=${otherOutletId}&format=json&lang=en`), 200).json();
    expect(sheet.focus).toHaveLength(2);
    expect(sheet.focus.map((moment: { reason: { kind: string } }) => moment.reason.kind)).toEqual(['peak_moment', 'peak_moment']);
    expect(sheet.focus[0].momentKey).toBe('counter-transaction');
    expect(sheet.correctiveActions).toEqual({ open: 0, overdue: 0, items: [] });
    expect(sheet.cases).toEqual({ open: 0, breached: 0, nearest: [] });
  });

  it('uses the day asked for: last week is the 7 days before it', async () => {
    const sheet = expectStatus(await call(org.admin, 'GET', sheetUrl(`format=json&date=${day(13)}`)), 200).json();
    expect(sheet.week).toEqual({ from: day(6), to: day(12), previousFrom: '2026-10-30', previousTo: day(5) });
    const counter = sheet.scores.find((row: { momentKey: string }) => row.momentKey === 'counter-transaction');
    expect(counter.csat).toMatchObject({ score: 100, n: 20, status: 'meets', change: null });
  });
});

describe('the morning-meeting sheet as a PDF', () => {
  // Developers without poppler-utils skip the reading check; CI installs it, so there it must run.
  const HAS_POPPLER = existsSync('/usr/bin/pdftotext') || process.env.CI === 'true';

  it.skipIf(!HAS_POPPLER)('is one A4 page with the focus moment’s action guide as real text, in Russian and Chinese', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'keymoment-morning-'));
    try {
      for (const locale of ['ru', 'zh-CN'] as const) {
        const response = await call(org.admin, 'GET', sheetUrl(`lang=${locale}`));
        expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
        expect(response.headers['content-type']).toBe('application/pdf');
        expect(response.headers['content-disposition']).toBe(`attachment; filename="morning-sheet-ms-1-${day(20)}-${locale}.pdf"`);
        const file = path.join(dir, `${locale}.pdf`);
        writeFileSync(file, response.rawPayload);
        if (process.env.KEYMOMENT_KEEP_SHEETS) writeFileSync(path.join(process.env.KEYMOMENT_KEEP_SHEETS, `morning-sheet-${locale}.pdf`), response.rawPayload);
        const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
        expect(info).toMatch(/Pages:\s+1\b/);
        expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts/);
        const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
        for (const line of fonts.split('\n').slice(2).filter(Boolean)) expect(line, line).toMatch(/\byes\s+yes\s+yes\b/);
        const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
        if (locale === 'ru') {
          expect(text).toContain('Утренняяпланёрка');
          expect(text).toContain('Убедиться,чтовсёверно');
          expect(text).toContain('Обслужитьбыстро');
        } else {
          expect(text).toContain('晨会简报');
          expect(text).toContain('保障准确');
          expect(text).toContain('快速办理');
          expect(text).toContain('未说明套餐变更费用');
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('who may print which sheet', () => {
  it('answers 400 naming the field for a bad date or a location that is not an outlet', async () => {
    const badDate = await call(org.admin, 'GET', sheetUrl('date=2026-02-30'));
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().error.field).toBe('date');
    const region = await call(org.admin, 'GET', `/api/v1/audits/morning-sheet?location=${org.regionId}`);
    expect(region.statusCode).toBe(400);
    expect(region.json().error.field).toBe('location');
    const missing = await call(org.admin, 'GET', '/api/v1/audits/morning-sheet');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.field).toBe('location');
    const badJourney = await call(org.admin, 'GET', sheetUrl('journey=hotel-stay&format=json'));
    expect(badJourney.statusCode).toBe(400);
    expect(badJourney.json().error.field).toBe('journey');
    expect((await call(org.admin, 'GET', '/api/v1/audits/morning-sheet?location=00000000-0000-7000-8000-000000000000')).statusCode).toBe(404);
  });

  it('lets a member limited to an outlet print their own outlet only', async () => {
    expect((await call(org.manager, 'GET', sheetUrl('format=json'))).statusCode).toBe(200);
    expect((await call(org.agent, 'GET', sheetUrl('format=json'))).statusCode).toBe(200);
    expect((await call(otherManager, 'GET', sheetUrl('format=json'))).statusCode).toBe(404);
    expect((await call(otherManager, 'GET', `/api/v1/audits/morning-sheet?location=${otherOutletId}&format=json`)).statusCode).toBe(200);
  });

  it('is described in the OpenAPI document', async () => {
    const document = (await km.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    const operation = document.paths['/api/v1/audits/morning-sheet'].get;
    expect(Object.keys(operation.responses['200'].content).sort()).toEqual(['application/json', 'application/pdf']);
    expect(operation.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['location', 'date', 'lang', 'format', 'journey', 'minN']));
  });
});

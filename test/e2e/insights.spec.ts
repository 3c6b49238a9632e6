import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { expect, request as playwrightRequest, test, type APIRequestContext, type APIResponse, type Browser, type Page } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD, BASE_URL } from './e2e-constants';

// The comment-themes test needs the comment analysis sweep, a background job:
// e2e-server: jobs

/*
 * Issue #5.4 in a real browser: the journey heatmap colours each moment against its own NPS target
 * (meets / near / below / too few answers), marks peak and end moments; the outlet and staff league
 * tables rank only scores with at least the minimum n and mark a change only when significant.
 * Responses come in through the ingest API with an `ingest` API key, as a POS system would send them.
 */

const screenshotDir = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
const JOURNEY = 'insight-hall';
const SURVEY = 'insight-nps';
const DRIVER_JOURNEY = 'visit-drivers';
const DRIVER_SURVEY = 'visit-drivers-csat';

async function ok<T = Record<string, unknown>>(response: Promise<APIResponse>): Promise<T> {
  const settled = await response;
  if (!settled.ok()) throw new Error(`${settled.url()} → ${settled.status()}: ${await settled.text()}`);
  return (await settled.json()) as T;
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${screenshotDir}${name}.png`, fullPage: true });
}

async function signedIn(orgId?: string): Promise<APIRequestContext> {
  const api = await playwrightRequest.newContext({ baseURL: BASE_URL, extraHTTPHeaders: orgId ? { 'X-Org-Id': orgId } : {} });
  await ok(api.post('/api/v1/auth/sign-in', { data: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } }));
  return api;
}

let orgId: string;
/** The admin's session from beforeAll: the exports test reuses it (sign-ins are limited to 10 a minute). */
let adminSession: Awaited<ReturnType<APIRequestContext['storageState']>>;

test.beforeAll(async () => {
  const bootstrap = await signedIn();
  orgId = (await ok<{ memberships: { orgId: string }[] }>(bootstrap.get('/api/v1/me'))).memberships[0]!.orgId;
  const admin = await signedIn(orgId);
  adminSession = await admin.storageState();
  const location = async (data: object) => (await ok<{ locationId: string }>(admin.post('/api/v1/locations', { data }))).locationId;
  const region = await location({ name: 'East region', level: 'region', timezone: 'Europe/Budapest' });
  await location({ name: 'Harbour outlet', level: 'outlet', parentId: region, code: 'HARBOUR', timezone: 'Europe/Budapest' });
  await location({ name: 'Hill outlet', level: 'outlet', parentId: region, code: 'HILL', timezone: 'Europe/Budapest' });

  const nps = (value: number) => [{ metric: 'nps', comparator: 'gte', value }];
  await ok(
    admin.post('/api/v1/journeys', {
      data: {
        key: JOURNEY,
        name: { en: 'Service hall', 'zh-CN': '营业厅' },
        blueprint: {
          stages: [
            { key: 'arrive', kind: 'first' },
            { key: 'serve', kind: 'second' },
            { key: 'leave', kind: 'ultimate' },
          ],
          moments: [
            { key: 'greeting', name: { en: 'Greeting', 'zh-CN': '迎宾' }, stageKey: 'arrive', benchmarks: nps(30) },
            { key: 'queue', name: { en: 'Queue', 'zh-CN': '排队' }, stageKey: 'arrive', benchmarks: nps(0) },
            { key: 'counter', name: { en: 'Counter', 'zh-CN': '柜台办理' }, stageKey: 'serve', flags: ['peak'], benchmarks: nps(30) },
            { key: 'farewell', name: { en: 'Farewell', 'zh-CN': '送别' }, stageKey: 'leave', flags: ['end'], benchmarks: nps(50) },
          ],
        },
      },
    }),
  );
  await ok(admin.post(`/api/v1/journeys/${JOURNEY}/publish`, { data: {} }));
  await ok(
    admin.post('/api/v1/surveys', {
      data: {
        key: SURVEY,
        name: { en: 'NPS' },
        definition: {
          kind: 'transactional',
          about: { journeyKey: JOURNEY, momentKey: 'greeting' },
          title: { en: 'Your visit' },
          questions: [{ id: 'recommend', type: 'nps', required: true, title: { en: 'How likely are you to recommend us?' } }],
        },
      },
    }),
  );
  await ok(admin.post(`/api/v1/surveys/${SURVEY}/publish`, { data: {} }));
  // A staff record for E-100 only: the staff league table shows its name, and E-200 by its bare id.
  await ok(admin.put('/api/v1/coaching/staff/E-100', { data: { name: '王小明 (Wang)', locale: 'zh-CN' } }));
  const { key } = await ok<{ key: string }>(admin.post('/api/v1/api-keys', { data: { name: 'POS', scopes: ['ingest'] } }));
  const ingest = await playwrightRequest.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { Authorization: `Bearer ${key}` } });

  let sequence = 0;
  const answers = (momentKey: string, locationCode: string, staffId: string, scores: number[], daysAgo = 1) =>
    scores.map((score) => ({
      externalId: `r-${++sequence}`,
      surveyKey: SURVEY,
      submittedAt: new Date(Date.now() - daysAgo * 86_400_000).toISOString(),
      channel: 'in_person',
      journeyKey: JOURNEY,
      momentKey,
      locationCode,
      staffId,
      answers: { recommend: score },
    }));
  const times = (count: number, score: number) => Array.from({ length: count }, () => score);
  await ok(
    ingest.post('/api/v1/responses', {
      data: [
        // Greeting: 20 promoters → NPS +100 against a target of 30: meets.
        ...answers('greeting', 'HARBOUR', 'E-100', times(20, 10)),
        // Counter (the peak): 20 detractors → −100, the whole interval below 30: below.
        ...answers('counter', 'HARBOUR', 'E-100', times(20, 2)),
        // Farewell (the end): 6 promoters, 4 passives, 2 detractors → +33, target 50 inside the interval: near.
        ...answers('farewell', 'HARBOUR', 'E-100', [...times(6, 10), ...times(4, 8), ...times(2, 3)]),
        // Queue: 3 answers, fewer than the minimum of 5: no score.
        ...answers('queue', 'HILL', 'E-200', times(3, 9)),
        // The previous 30 days: the harbour's greeting was all detractors, so its NPS rose significantly.
        ...answers('greeting', 'HARBOUR', 'E-100', times(20, 1), 40),
      ],
    }),
  );

  // Drivers and peak–end need whole visits: a second journey whose visits rate three moments (CSAT)
  // and give the likelihood to recommend at the farewell, which follows the counter's rating.
  await ok(
    admin.post('/api/v1/journeys', {
      data: {
        key: DRIVER_JOURNEY,
        name: { en: 'Visit drivers', 'zh-CN': '到访驱动' },
        blueprint: {
          stages: [{ key: 'visit', kind: 'first' }],
          moments: [
            { key: 'greeting', name: { en: 'Greeting', 'zh-CN': '迎宾' }, stageKey: 'visit' },
            { key: 'counter', name: { en: 'Counter', 'zh-CN': '柜台办理' }, stageKey: 'visit', flags: ['peak'] },
            { key: 'farewell', name: { en: 'Farewell', 'zh-CN': '送别' }, stageKey: 'visit', flags: ['end'] },
          ],
        },
      },
    }),
  );
  await ok(admin.post(`/api/v1/journeys/${DRIVER_JOURNEY}/publish`, { data: {} }));
  await ok(
    admin.post('/api/v1/surveys', {
      data: {
        key: DRIVER_SURVEY,
        name: { en: 'Visit' },
        definition: {
          kind: 'transactional',
          about: { journeyKey: DRIVER_JOURNEY, momentKey: 'counter' },
          title: { en: 'Your visit' },
          questions: [
            { id: 'satisfied', type: 'csat', title: { en: 'How satisfied were you?' } },
            { id: 'recommend', type: 'nps', title: { en: 'How likely are you to recommend us?' } },
          ],
        },
      },
    }),
  );
  await ok(admin.post(`/api/v1/surveys/${DRIVER_SURVEY}/publish`, { data: {} }));
  let seed = 42;
  // mulberry32: the same visits on every run.
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const visits = Array.from({ length: 48 }, (_, v) => {
    const counter = 1 + (v % 5);
    // Greeting and farewell: seeded random ratings unrelated to the counter.
    const ratings = { greeting: 1 + Math.floor(random() * 5), counter, farewell: 1 + Math.floor(random() * 5) };
    return { id: `drivers-visit-${v}`, ratings, overall: Math.min(10, 2 * counter - 1 + (v % 3 === 0 ? 1 : 0)) };
  });
  await ok(
    ingest.post('/api/v1/responses', {
      data: visits.flatMap((visit, v) =>
        (['greeting', 'counter', 'farewell'] as const).map((momentKey, m) => ({
          externalId: `${visit.id}-${momentKey}`,
          surveyKey: DRIVER_SURVEY,
          submittedAt: new Date(Date.now() - (1 + (v % 5)) * 86_400_000 + m * 60_000).toISOString(),
          channel: 'in_person',
          journeyKey: DRIVER_JOURNEY,
          momentKey,
          visitId: visit.id,
          locationCode: 'HILL',
          answers: { satisfied: visit.ratings[momentKey], ...(momentKey === 'farewell' ? { recommend: visit.overall } : {}) },
        })),
      ),
    }),
  );
});

async function openInsights(browser: Browser, locale: 'en-US' | 'zh-CN', path: string): Promise<Page> {
  // The admin's session from beforeAll: sign-ins are limited to 10 a minute per address, and this file
  // opens the page more often than that within a minute.
  const context = await browser.newContext({ storageState: adminSession, locale, timezoneId: 'Europe/Budapest', viewport: { width: 1280, height: 800 } });
  await context.addInitScript((id) => localStorage.setItem('keymoment.orgId', id), orgId);
  const page = await context.newPage();
  await page.goto(path);
  return page;
}

test('the heatmap colours each moment against its own target and marks peak and end', async ({ browser }) => {
  const page = await openInsights(browser, 'en-US', `/insights?journey=${JOURNEY}`);
  const card = (moment: string) => page.locator(`[data-moment="${moment}"]`);
  await expect(card('greeting')).toHaveAttribute('data-status', 'meets');
  await expect(card('greeting')).toContainText('Meets target');
  await expect(card('greeting')).toContainText('+100');
  await expect(card('greeting')).toContainText('n = 20');
  await expect(card('counter')).toHaveAttribute('data-status', 'below');
  await expect(card('counter')).toContainText('Below target');
  await expect(card('counter')).toHaveAttribute('data-peak', 'true');
  await expect(card('farewell')).toHaveAttribute('data-status', 'near');
  await expect(card('farewell')).toHaveAttribute('data-end', 'true');
  await expect(card('queue')).toHaveAttribute('data-status', 'insufficient');
  await expect(card('queue')).toContainText('Fewer than 5 answers');
  // Colour is not the only signal, but it must be there: the edge colours differ by status.
  const edge = (moment: string) => card(moment).evaluate((element) => getComputedStyle(element).borderLeftColor);
  expect(new Set([await edge('greeting'), await edge('counter'), await edge('farewell'), await edge('queue')]).size).toBe(4);
  await screenshot(page, 'insights-heatmap-en');

  const zh = await openInsights(browser, 'zh-CN', `/insights?journey=${JOURNEY}`);
  await expect(zh.locator('[data-moment="counter"]')).toContainText('未达标');
  await expect(zh.locator('[data-moment="counter"]')).toContainText('柜台办理');
  await screenshot(zh, 'insights-heatmap-zh-CN');
});

test('league tables rank only scores with the minimum n and mark only significant changes', async ({ browser }) => {
  const page = await openInsights(browser, 'en-US', `/insights?journey=${JOURNEY}&tab=outlets`);
  const table = page.getByTestId('league-location');
  await expect(page.getByTestId('min-n-rule')).toContainText('at least 5 answers');
  const harbour = table.locator('tr[data-row="East region › Harbour outlet"]');
  const hill = table.locator('tr[data-row="East region › Hill outlet"]');
  await expect(harbour).toHaveAttribute('data-ranked', 'true');
  await expect(harbour.locator('td').first()).toHaveText('1');
  await expect(harbour.getByTestId('change')).toContainText('Up');
  // Three answers: listed, never ranked, no score.
  await expect(hill).not.toHaveAttribute('data-ranked', /.*/);
  await expect(hill).toContainText('Fewer than 5 answers');
  await expect(hill.locator('td').first()).toHaveText('—');
  await expect(hill.getByTestId('change')).toHaveText('No significant change');
  // Raising the minimum to 100 withholds the harbour's score too (52 answers).
  await page.getByRole('combobox', { name: 'Minimum answers' }).click();
  await page.getByRole('option', { name: '100' }).click();
  await expect(page.getByTestId('min-n-rule')).toContainText('at least 100 answers');
  await expect(harbour).not.toHaveAttribute('data-ranked', /.*/);
  await page.getByRole('combobox', { name: 'Minimum answers' }).click();
  await page.getByRole('option', { name: '5', exact: true }).click();
  await expect(harbour).toHaveAttribute('data-ranked', 'true');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV: Outlet league table' }).click();
  const csv = await (await download).createReadStream();
  let text = '';
  for await (const chunk of csv) text += String(chunk);
  expect(text).toContain('East region › Harbour outlet');
  expect(text).toContain('East region › Hill outlet');
  await screenshot(page, 'insights-outlets-en');

  await page.getByRole('tab', { name: 'Staff' }).click();
  const staff = page.getByTestId('league-staff');
  // Named from the coaching staff directory (with the id beside it); E-200 has no record and shows its id.
  await expect(staff.locator('tr[data-row="王小明 (Wang)"]')).toHaveAttribute('data-ranked', 'true');
  await expect(staff.locator('tr[data-row="王小明 (Wang)"]')).toContainText('E-100');
  await expect(staff.locator('tr[data-row="E-200"]')).toContainText('Fewer than 5 answers');

  const zh = await openInsights(browser, 'zh-CN', `/insights?journey=${JOURNEY}&tab=outlets`);
  await expect(zh.getByTestId('min-n-rule')).toContainText('至少 5 份答卷');
  await expect(zh.getByTestId('league-location')).toContainText('少于 5 份答卷');
  await screenshot(zh, 'insights-outlets-zh-CN');
  await zh.getByRole('tab', { name: '趋势' }).click();
  await expect(zh.getByTestId('trend-chart')).toBeVisible();
  await screenshot(zh, 'insights-trend-zh-CN');
});

test('a big staff league is sorted and paged by the server, ranks go on across pages, the export has every row', async ({ browser }) => {
  // 64 staff members on one day 200 days ago, outside every other test's range: 60 with 5 answers
  // (ranked), 4 with 2 (withheld under the minimum of 5), so the table has two pages of 50.
  const admin = await playwrightRequest.newContext({ baseURL: BASE_URL, storageState: adminSession, extraHTTPHeaders: { 'X-Org-Id': orgId } });
  const { key } = await ok<{ key: string }>(admin.post('/api/v1/api-keys', { data: { name: 'POS league', scopes: ['ingest'] } }));
  const ingest = await playwrightRequest.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { Authorization: `Bearer ${key}` } });
  const day = new Date(Date.now() - 200 * 86_400_000).toISOString().slice(0, 10);
  const staffId = (s: number) => `P-${String(s).padStart(2, '0')}`;
  await ok(
    ingest.post('/api/v1/responses', {
      data: Array.from({ length: 64 }, (_, s) =>
        Array.from({ length: s < 60 ? 5 : 2 }, (_, i) => ({
          externalId: `league-${s}-${i}`,
          surveyKey: SURVEY,
          submittedAt: `${day}T11:00:00Z`,
          channel: 'in_person',
          journeyKey: JOURNEY,
          momentKey: 'greeting',
          locationCode: 'HARBOUR',
          staffId: staffId(s),
          // P-00 … P-05 all promoters, then more and more detractors: NPS from +100 down to −100.
          answers: { recommend: i < Math.floor(s / 10) ? 2 : 10 },
        })),
      ).flat(),
    }),
  );

  const page = await openInsights(browser, 'en-US', `/insights?journey=${JOURNEY}&tab=staff&from=${day}&to=${day}`);
  const staff = page.getByTestId('league-staff');
  const rows = staff.locator('tbody tr');
  await expect(page.getByTestId('league-page-of')).toHaveText('1–50 of 64');
  await expect(rows).toHaveCount(50);
  await expect(rows.first().locator('td').first()).toHaveText('1');
  await expect(rows.first()).toHaveAttribute('data-row', 'P-00');
  await expect(rows.nth(49).locator('td').first()).toHaveText('50');
  await screenshot(page, 'insights-staff-league-page-1-en');

  // Page 2 by keyboard: ranks go on at 51, the withheld four come last without a rank.
  const pages = page.getByRole('navigation', { name: 'Staff league table: pages' });
  await pages.getByRole('button', { name: 'Page 2' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('league-page-of')).toHaveText('51–64 of 64');
  await expect(rows).toHaveCount(14);
  await expect(rows.first().locator('td').first()).toHaveText('51');
  await expect(rows.nth(9).locator('td').first()).toHaveText('60');
  for (const s of [60, 61, 62, 63]) {
    const row = staff.locator(`tr[data-row="${staffId(s)}"]`);
    await expect(row).toContainText('Fewer than 5 answers');
    await expect(row.locator('td').first()).toHaveText('—');
  }
  await expect(pages.getByRole('button', { name: 'Page 2' })).toHaveAttribute('aria-current', 'page');
  await screenshot(page, 'insights-staff-league-page-2-en');

  // Lowest score first: the server sorts again and the table goes back to page 1; withheld rows stay last.
  await staff.getByRole('button', { name: 'NPS' }).click();
  await expect(staff.locator('th[aria-sort="ascending"]')).toContainText('NPS');
  await expect(page.getByTestId('league-page-of')).toHaveText('1–50 of 64');
  // P-50 … P-59 share the lowest score (−100, ranks 51–60), in id order.
  await expect(rows.first()).toHaveAttribute('data-row', 'P-50');
  await expect(rows.first().locator('td').first()).toHaveText('51');
  await pages.getByRole('button', { name: 'Next page' }).click();
  await expect(rows.last()).toHaveAttribute('data-row', staffId(63));

  // The export has all 64 rows (plus the header), not the page.
  const csv = await downloaded(page, () => page.getByRole('button', { name: 'Download CSV: Staff league table' }).click());
  const lines = csv.bytes.toString('utf8').trim().split(/\r?\n/);
  expect(lines).toHaveLength(65);
  expect(lines.filter((line) => line.includes('P-'))).toHaveLength(64);
});

test('the drivers chart ranks the moment that drives loyalty first, and the peak–end panel shows its correlations', async ({ browser }) => {
  const page = await openInsights(browser, 'en-US', `/insights?journey=${DRIVER_JOURNEY}&tab=drivers`);
  // Nothing is stored for this scope yet: the server computes it in a job (202), and both panels say so,
  // busy for screen readers, and poll until the stored answer arrives.
  const panel = page.getByTestId('drivers-panel');
  await expect(panel.getByTestId('analysis-computing')).toBeVisible();
  await expect(panel).toHaveAttribute('aria-busy', 'true');
  await expect(panel.getByRole('status')).toContainText('Computing…');
  await screenshot(page, 'insights-drivers-computing-en');
  const chart = page.getByTestId('drivers-chart');
  await expect(chart).toBeVisible({ timeout: 30_000 });
  await expect(panel).not.toHaveAttribute('aria-busy', 'true');
  await expect(panel.getByTestId('analysis-computed-at')).toHaveText(/^Computed /);
  await expect(page.getByTestId('peak-end-panel').getByTestId('analysis-computed-at')).toHaveText(/^Computed /, { timeout: 30_000 });
  await expect(chart.locator('g[data-moment]').first()).toHaveAttribute('data-moment', 'counter');
  await expect(chart.locator('g[data-moment]')).toHaveCount(3);
  await expect(chart.locator('g[data-moment="counter"]')).toContainText('Counter');
  await expect(page.getByTestId('drivers-panel')).toContainText('48 visits');
  await expect(page.getByTestId('drivers-table').locator('tbody tr').first()).toContainText('Counter');
  await expect(page.getByTestId('peak-end-panel')).toContainText('Peak–end effect');
  await expect(page.getByTestId('peak-end-r')).toHaveText(/^[-−]?\d\.\d\d$/);
  await screenshot(page, 'insights-drivers-en');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download XLSX: Which moments drive loyalty' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^keymoment-drivers-visit-drivers-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const chunks: Buffer[] = [];
  for await (const chunk of await file.createReadStream()) chunks.push(chunk as Buffer);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  expect(sheet.getRow(1).getCell(1).value).toBe('Moment');
  expect(sheet.getRow(2).getCell(1).value).toBe('Counter');
  expect(sheet.getRow(2).getCell(2).value).toBe('counter');
  expect(sheet.getRow(2).getCell(3).value).toBeGreaterThan(0.5);
  expect(sheet.rowCount).toBe(4);

  // The heatmap journey has no visits: a clear "not enough data", not an empty chart.
  await page.goto(`/insights?journey=${JOURNEY}&tab=drivers`);
  await expect(page.getByTestId('drivers-panel')).toContainText('Not enough data', { timeout: 30_000 });

  const zh = await openInsights(browser, 'zh-CN', `/insights?journey=${DRIVER_JOURNEY}&tab=drivers`);
  await expect(zh.getByTestId('drivers-chart').locator('g[data-moment="counter"]')).toContainText('柜台办理');
  await expect(zh.getByTestId('drivers-panel')).toContainText('哪些关键时刻驱动忠诚度');
  await expect(zh.getByTestId('peak-end-panel')).toContainText('峰终效应');
  await screenshot(zh, 'insights-drivers-zh-CN');
});

/** The bytes of a download. */
async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const download = page.waitForEvent('download');
  await click();
  const file = await download;
  const chunks: Buffer[] = [];
  for await (const chunk of await file.createReadStream()) chunks.push(chunk as Buffer);
  return { name: file.suggestedFilename(), bytes: Buffer.concat(chunks) };
}

/** Checks the PNG signature and returns its size (IHDR width and height), and keeps it to look at. */
function png(bytes: Buffer, keepAs: string): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  writeFileSync(`${screenshotDir}${keepAs}.png`, bytes);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test('every chart downloads as a PNG at 2× and every table as CSV and XLSX, minimum-n rule included (issue #5.4)', async ({ browser }) => {
  mkdirSync(screenshotDir, { recursive: true });
  const context = await browser.newContext({ storageState: adminSession, locale: 'zh-CN', timezoneId: 'Europe/Budapest', viewport: { width: 1280, height: 800 } });
  await context.addInitScript((id) => localStorage.setItem('keymoment.orgId', id), orgId);
  // The heatmap in Chinese: the PNG must carry the Chinese moment names (looked at by a person: see test-results/screenshots).
  const zh = await context.newPage();
  await zh.goto(`/insights?journey=${JOURNEY}`);
  const heatmap = zh.getByTestId('heatmap-section');
  await expect(zh.locator('[data-moment="counter"]')).toContainText('柜台办理');
  const heatmapPng = await downloaded(zh, () => heatmap.locator('[data-export="png"]').click());
  expect(heatmapPng.name).toMatch(/^keymoment-heatmap-insight-hall-.*\.png$/);
  const heatmapSize = png(heatmapPng.bytes, 'export-heatmap-zh-CN');
  const box = (await heatmap.boundingBox())!;
  // Twice the section's CSS width (or wider, when the board scrolls), and taller than the section (the caption).
  expect(heatmapSize.width).toBeGreaterThanOrEqual(Math.floor(box.width) * 2 - 2);
  expect(heatmapSize.height).toBeGreaterThan(box.height * 2);
  // The buttons stay usable by keyboard: focus and Enter.
  await heatmap.locator('[data-export="xlsx"]').focus();
  const heatmapXlsx = await downloaded(zh, () => zh.keyboard.press('Enter'));
  const heatmapBook = new ExcelJS.Workbook();
  await heatmapBook.xlsx.load(heatmapXlsx.bytes as unknown as ArrayBuffer);
  const heatmapSheet = heatmapBook.worksheets[0]!;
  const heatmapRows = heatmapSheet.getSheetValues().slice(2) as unknown[][];
  const counterRow = heatmapRows.find((cells) => cells[3] === 'counter')!;
  expect(counterRow[2]).toBe('柜台办理');
  expect(counterRow[4]).toBe(true);
  // The queue has 3 answers: no score in the export either.
  const queueRow = heatmapRows.find((cells) => cells[3] === 'queue')!;
  expect(queueRow[6]).toBe(3);
  expect(queueRow[7] ?? null).toBeNull();

  // The outlet league table as XLSX: header, a ranked row, and the withheld row without its score.
  const page = zh;
  await page.evaluate(() => localStorage.setItem('keymoment.locale', 'en'));
  await page.goto(`/insights?journey=${JOURNEY}&tab=outlets`);
  await expect(page.getByTestId('league-location')).toBeVisible();
  const xlsx = await downloaded(page, () => page.getByRole('button', { name: 'Download XLSX: Outlet league table' }).click());
  expect(xlsx.name).toMatch(/^keymoment-outlets-insight-hall-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
  const sheet = book.worksheets[0]!;
  expect(sheet.name).toBe('Outlet league table');
  expect((sheet.getRow(1).values as unknown[]).slice(1, 9)).toEqual(['#', 'Location', 'Location id', 'Answers (n)', 'NPS', 'Interval low', 'Interval high', 'Status']);
  const rows = (sheet.getSheetValues().slice(2) as unknown[][]).map((cells) => cells.slice(1));
  const harbour = rows.find((cells) => cells[1] === 'East region › Harbour outlet')!;
  expect(harbour[0]).toBe(1);
  expect(harbour[3]).toBe(52);
  expect(typeof harbour[4]).toBe('number');
  expect(harbour[7]).toBe('Ranked');
  const hill = rows.find((cells) => cells[1] === 'East region › Hill outlet')!;
  expect(hill[3]).toBe(3);
  expect(hill[4] ?? null).toBeNull();
  expect(hill[7]).toBe('Fewer than 5 answers');

  // The staff table exports the display name next to the id.
  await page.getByRole('tab', { name: 'Staff' }).click();
  const staffCsv = await downloaded(page, () => page.getByRole('button', { name: 'Download CSV: Staff league table' }).click());
  const staffText = staffCsv.bytes.toString('utf8');
  expect(staffText).toContain('王小明 (Wang),E-100');
  expect(staffText).toContain('E-200,E-200');

  // The trend chart with its band, and the drivers and peak–end charts.
  await page.getByRole('tab', { name: 'Trend' }).click();
  await expect(page.getByTestId('trend-chart')).toBeVisible();
  const trend = png((await downloaded(page, () => page.getByRole('button', { name: 'Download PNG: Trend with 95% interval' }).click())).bytes, 'export-trend-en');
  expect(trend.width).toBeGreaterThan(1000);
  await page.goto(`/insights?journey=${DRIVER_JOURNEY}&tab=drivers`);
  await expect(page.getByTestId('drivers-chart')).toBeVisible();
  png((await downloaded(page, () => page.getByRole('button', { name: 'Download PNG: Which moments drive loyalty' }).click())).bytes, 'export-drivers-en');
  await expect(page.getByTestId('peak-end-chart')).toBeVisible();
  png((await downloaded(page, () => page.getByRole('button', { name: 'Download PNG: Peak–end effect' }).click())).bytes, 'export-peak-end-en');
  const peakEndCsv = await downloaded(page, () => page.getByRole('button', { name: 'Download CSV: Peak–end effect' }).click());
  expect(peakEndCsv.bytes.toString('utf8')).toContain('r with peak–end');
});

test('comment themes per period: analysed comments appear as mentions coloured by sentiment (issue #8.3)', async ({ browser }) => {
  // The page's session (the admin's, from beforeAll) also seeds the data.
  const page = await openInsights(browser, 'en-US', `/insights?journey=${JOURNEY}&tab=trend`);
  const request = page.context().request;
  const headers = { 'X-Org-Id': orgId };
  const admin = {
    post: (url: string, options: { data: unknown }) => request.post(url, { ...options, headers }),
    get: (url: string) => request.get(url, { headers }),
  };
  const survey = 'insight-comments';
  await ok(
    admin.post('/api/v1/surveys', {
      data: {
        key: survey,
        name: { en: 'Comments' },
        definition: {
          kind: 'transactional',
          about: { journeyKey: JOURNEY, momentKey: 'queue' },
          title: { en: 'Your visit' },
          questions: [
            { id: 'recommend', type: 'nps', required: true, title: { en: 'How likely are you to recommend us?' } },
            { id: 'comment', type: 'text', title: { en: 'Anything to tell us?' } },
          ],
        },
      },
    }),
  );
  await ok(admin.post(`/api/v1/surveys/${survey}/publish`, { data: {} }));
  const { key } = await ok<{ key: string }>(admin.post('/api/v1/api-keys', { data: { name: 'Kiosk', scopes: ['ingest'] } }));
  const ingest = await playwrightRequest.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { Authorization: `Bearer ${key}` } });
  const comments = ['排队时间太长了，等了一个小时', 'The queue was far too long and nobody helped', 'Очень долгое ожидание в очереди', '排队等了很久，服务态度也很差', 'Friendly and helpful staff, thank you'];
  await ok(
    ingest.post('/api/v1/responses', {
      data: comments.map((comment, i) => ({
        externalId: `theme-${i}`,
        surveyKey: survey,
        submittedAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
        channel: 'kiosk',
        journeyKey: JOURNEY,
        momentKey: 'queue',
        locationCode: 'HILL',
        answers: { recommend: i === 4 ? 10 : 2, comment },
      })),
    }),
  );
  // Comments are analysed by the background sweep (every few seconds) after they are stored.
  await expect
    .poll(async () => (await ok<{ themes: { theme: string; mentions: number }[] }>(admin.get(`/api/v1/insights/themes?journey=${JOURNEY}&period=month`))).themes.find((row) => row.theme === 'waiting_time')?.mentions ?? 0, { timeout: 60_000 })
    .toBeGreaterThanOrEqual(3);

  await page.reload();
  const panel = page.getByTestId('theme-trend');
  await expect(panel).toBeVisible();
  const waiting = panel.getByRole('row', { name: /Waiting time/ });
  await expect(waiting).toBeVisible();
  // The waiting-time mentions are all complaints: the cell says "negative" in words, not only in red.
  await expect(waiting.locator('td[data-band="negative"]')).toContainText('negative');
  await panel.scrollIntoViewIfNeeded();
  await screenshot(page, 'insights-themes-en');
  const themesPng = await downloaded(page, () => page.getByRole('button', { name: 'Download PNG: Comment themes over time' }).click());
  expect(png(themesPng.bytes, 'export-themes-en').width).toBeGreaterThan(1000);
  const themesCsv = await downloaded(page, () => page.getByRole('button', { name: 'Download CSV: Comment themes over time' }).click());
  expect(themesCsv.bytes.toString('utf8')).toMatch(/Waiting time,waiting_time,\d{4}-\d{2}-\d{2},[3-9]/);

  await page.evaluate(() => localStorage.setItem('keymoment.locale', 'zh-CN'));
  await page.reload();
  await expect(page.getByTestId('theme-trend')).toContainText('评论主题趋势');
  await expect(page.getByTestId('theme-trend').getByRole('row', { name: /等待时间/ })).toBeVisible();
  await screenshot(page, 'insights-themes-zh-CN');
});

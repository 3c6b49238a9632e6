import { fileURLToPath } from 'node:url';
import { expect, request as playwrightRequest, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD, BASE_URL } from './e2e-constants';

/*
 * Issue #7's first web slice, in a real browser: a checklist is made from a template in one click;
 * a walk-through answered through the API (one critical failure, a photo) shows its weighted score,
 * the critical failure and the corrective actions it opened; a mystery-shopping audit created in the
 * app hands out the shopper's link; an action is marked done. Screenshots in English and Hungarian.
 */

const screenshotDir = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
// The smallest valid PNG (1×1): the server recognises images by their first bytes.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

async function ok<T = Record<string, unknown>>(response: Promise<import('@playwright/test').APIResponse>): Promise<T> {
  const settled = await response;
  if (!settled.ok()) throw new Error(`${settled.url()} → ${settled.status()}: ${await settled.text()}`);
  return (await settled.json()) as T;
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${screenshotDir}${name}.png`, fullPage: true });
}

// One world built up step by step: the Hungarian look reads what the first test made.
test.describe.configure({ mode: 'serial' });

let admin: APIRequestContext;
let orgId: string;
let outlet: string;

test.beforeAll(async () => {
  const bootstrap = await playwrightRequest.newContext({ baseURL: BASE_URL });
  await ok(bootstrap.post('/api/v1/auth/sign-in', { data: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } }));
  const me = await ok<{ memberships: { orgId: string }[] }>(bootstrap.get('/api/v1/me'));
  orgId = me.memberships[0]!.orgId;
  admin = await playwrightRequest.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { 'X-Org-Id': orgId } });
  await ok(admin.post('/api/v1/auth/sign-in', { data: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } }));
  const location = async (data: object) => (await ok<{ locationId: string }>(admin.post('/api/v1/locations', { data }))).locationId;
  const region = await location({ name: 'Dunántúl', level: 'region', timezone: 'Europe/Budapest' });
  const city = await location({ name: 'Győr', level: 'city', parentId: region, timezone: 'Europe/Budapest' });
  outlet = await location({ name: 'Győr Plaza', level: 'outlet', parentId: city, code: 'GY-01', timezone: 'Europe/Budapest' });
});

async function open(browser: Browser, locale: 'en-US' | 'hu-HU', path: string): Promise<Page> {
  const context = await browser.newContext({ locale, timezoneId: 'Europe/Budapest', viewport: { width: 1280, height: 800 } });
  await ok(context.request.post('/api/v1/auth/sign-in', { data: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } }));
  await context.addInitScript((id) => localStorage.setItem('keymoment.orgId', id), orgId);
  const page = await context.newPage();
  await page.goto(path);
  return page;
}

interface Item {
  key: string;
  type: 'yes_no' | 'score';
  maxScore?: number;
  critical?: boolean;
}

test('audits: checklist from a template, a scored walk-through with a critical failure, its actions, a shopper link', async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await open(browser, 'en-US', '/audits');
  await expect(page.getByRole('heading', { name: 'Audits', level: 1 })).toBeVisible();
  await expect(page.getByText('No audits yet')).toBeVisible();

  // One click: the journey is created and published from its template, then the checklist.
  await page.getByRole('tab', { name: 'Checklists' }).click();
  await expect(page.getByText('No checklists yet')).toBeVisible();
  const template = page.locator('.mantine-Card-root', { hasText: 'Service hall visit check' });
  await template.getByRole('button', { name: 'Use this template' }).click();
  await expect(page.getByRole('link', { name: 'Service hall visit check' })).toBeVisible();
  await expect(template.getByRole('button', { name: 'Added' })).toBeDisabled();
  await page.getByRole('link', { name: 'Service hall visit check' }).click();
  await expect(page.getByRole('heading', { name: 'Service hall visit check', level: 1 })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Published version' })).toHaveValue(/Version 1/);
  await expect(page.getByRole('region', { name: 'Entrance and greeting' })).toBeVisible();
  await expect(page.getByText('Critical', { exact: true }).first()).toBeVisible();

  // A walk-through answered and submitted through the API: the critical item failed, one item with a photo.
  const run = await ok<{ runId: string; definition: { sections: { items: Item[] }[] } }>(
    admin.post('/api/v1/audits/runs', { data: { checklistKey: 'telecom-service-hall-visit', locationId: outlet, kind: 'walk_through' } }),
  );
  const items = run.definition.sections.flatMap((section) => section.items);
  const critical = items.find((item) => item.critical)!;
  const photoItem = items.find((item) => item.key === 'waiting-area')!;
  const answers: Record<string, { value: string | number; note?: string }> = {};
  for (const item of items) answers[item.key] = { value: item.type === 'score' ? item.maxScore! : 'yes' };
  answers[critical.key] = { value: 'no', note: 'The fee was not read back to the customer.' };
  answers[photoItem.key] = { value: 'no', note: 'Two broken chairs.' };
  await ok(admin.put(`/api/v1/audits/runs/${run.runId}/answers`, { data: { answers } }));
  await ok(admin.post(`/api/v1/audits/runs/${run.runId}/evidence?itemKey=${photoItem.key}`, { multipart: { file: { name: 'chairs.png', mimeType: 'image/png', buffer: PNG } } }));
  const submitted = await ok<{ run: { compliance: number; passed: boolean; criticalFailed: boolean }; actions: { opened: string[] } }>(
    admin.post(`/api/v1/audits/runs/${run.runId}/submit`, { data: {} }),
  );
  expect(submitted.run.criticalFailed).toBe(true);
  expect(submitted.run.passed).toBe(false);
  expect(submitted.actions.opened).toHaveLength(2);
  // An open run past its due date is marked overdue in the list.
  await ok(admin.post('/api/v1/audits/runs', { data: { checklistKey: 'telecom-service-hall-visit', locationId: outlet, kind: 'self_inspection', dueAt: '2024-01-31T22:59:59Z' } }));

  await page.goto('/audits');
  const list = page.getByRole('list', { name: 'Audit runs' });
  await expect(list.getByRole('listitem')).toHaveCount(2);
  const walkThrough = list.getByRole('listitem').filter({ hasText: 'Walk-through' });
  const percent = `${new Intl.NumberFormat('en', { maximumFractionDigits: 1 }).format(submitted.run.compliance)} %`;
  await expect(walkThrough).toContainText(percent);
  await expect(walkThrough).toContainText('Critical failure');
  await expect(list.getByRole('listitem').filter({ hasText: 'Self-inspection' })).toContainText('Overdue');
  await screenshot(page, 'audits-overview-en');
  // Filters narrow the list.
  await page.getByRole('combobox', { name: 'Kind', exact: true }).click();
  await page.getByRole('option', { name: 'Self-inspection' }).click();
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await page.goto('/audits');

  // The run detail: score, the critical failure, the answers with the note and photo, the actions it opened.
  await page.getByRole('list', { name: 'Audit runs' }).getByRole('listitem').filter({ hasText: 'Walk-through' }).getByRole('link').click();
  await expect(page.getByRole('heading', { name: /Audit at .*Győr Plaza/, level: 1 })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Critical failures' })).toBeVisible();
  await expect(page.getByText('Two broken chairs.')).toBeVisible();
  await expect(page.getByRole('img', { name: 'Photo 1' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Photo 1' })).toHaveJSProperty('naturalWidth', 1);
  const actionsSection = page.getByRole('region', { name: 'Corrective actions opened by this audit' });
  await expect(actionsSection.getByRole('listitem')).toHaveCount(2);
  await screenshot(page, 'audits-run-en');

  // A mystery-shopping audit created in the app goes straight on to its link.
  await page.goto('/audits');
  await page.getByRole('button', { name: 'New audit' }).click();
  const dialog = page.getByRole('dialog', { name: 'New audit' });
  await dialog.getByRole('combobox', { name: 'Checklist' }).click();
  await page.getByRole('option', { name: 'Service hall visit check' }).click();
  await dialog.getByRole('combobox', { name: 'Outlet' }).click();
  await page.getByRole('option', { name: /Győr Plaza/ }).click();
  await dialog.getByRole('combobox', { name: 'Kind of audit' }).click();
  await page.getByRole('option', { name: 'Mystery shopping' }).click();
  await dialog.getByRole('button', { name: 'Create audit' }).click();
  const linkDialog = page.getByRole('dialog', { name: 'Mystery shopper’s link' });
  await linkDialog.getByRole('button', { name: 'Issue link' }).click();
  const url = await linkDialog.getByRole('textbox', { name: 'Link' }).inputValue();
  expect(url).toMatch(/\/a\/[A-Za-z0-9_.-]{40,}$/);
  const shopperPage = await page.context().newPage();
  const shopper = await shopperPage.goto(new URL(new URL(url).pathname, BASE_URL).toString());
  expect(shopper?.status()).toBe(200);
  await shopperPage.close();
  await linkDialog.getByRole('button', { name: 'Close', exact: true }).last().click();
  await expect(page.getByRole('list', { name: 'Audit runs' }).getByRole('listitem')).toHaveCount(3);

  // Corrective actions: mark one done; it then waits for the next audit to verify it.
  await page.getByRole('tab', { name: 'Corrective actions' }).click();
  const actionList = page.getByRole('list', { name: 'Corrective actions' });
  await expect(actionList.getByRole('listitem')).toHaveCount(2);
  await actionList.getByRole('listitem').first().getByRole('button', { name: 'Mark done' }).click();
  await expect(actionList.getByRole('listitem')).toHaveCount(1);
  await page.locator('.mantine-SegmentedControl-label', { hasText: /^Done$/ }).click();
  await expect(actionList.getByRole('listitem')).toHaveCount(1);
  await expect(actionList).toContainText('The next audit of this item verifies it.');
  await page.context().close();
});

test('audits in Hungarian: the overview and the run detail', async ({ browser }) => {
  const page = await open(browser, 'hu-HU', '/audits');
  await expect(page.getByRole('heading', { name: 'Auditok', level: 1 })).toBeVisible();
  const list = page.getByRole('list', { name: 'Auditok' });
  await expect(list.getByRole('listitem')).toHaveCount(3);
  await expect(list).toContainText('Kritikus hiba');
  await expect(list).toContainText('Lejárt');
  await screenshot(page, 'audits-overview-hu');
  await list.getByRole('listitem').filter({ hasText: 'Bejárás' }).getByRole('link').click();
  await expect(page.getByRole('heading', { name: /Audit – .*Győr Plaza/, level: 1 })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Kritikus hibák' })).toBeVisible();
  await screenshot(page, 'audits-run-hu');
  await page.context().close();
});

test('improvement effect and "checks pass, customers suffer", in Russian and Simplified Chinese', async ({ browser }) => {
  test.setTimeout(120_000);
  // Customers of the counter: unhappy in the ten days before the improvement, happy in the ten days since.
  const ingestKey = (await ok<{ key: string }>(admin.post('/api/v1/api-keys', { data: { name: 'POS', scopes: ['ingest'] } }))).key;
  const survey = {
    kind: 'transactional',
    about: { journeyKey: 'telecom-service-hall', momentKey: 'counter-transaction' },
    title: { en: 'Your visit' },
    questions: [
      { id: 'recommend', type: 'nps', title: { en: 'Recommend?' } },
      { id: 'satisfied', type: 'csat', title: { en: 'Satisfied?' } },
    ],
  };
  await ok(admin.post('/api/v1/surveys', { data: { key: 'counter-visit', name: { en: 'Counter visit' }, definition: survey } }));
  await ok(admin.post('/api/v1/surveys/counter-visit/publish', { data: {} }));
  const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
  const responses = Array.from({ length: 40 }, (_, i) => ({
    externalId: `effect-${i}`,
    surveyKey: 'counter-visit',
    channel: 'kiosk',
    journeyKey: 'telecom-service-hall',
    momentKey: 'counter-transaction',
    locationCode: 'GY-01',
    submittedAt: `${daysAgo(i < 20 ? 11 + (i % 10) : 1 + (i % 10))}T09:00:00Z`,
    answers: i < 20 ? { recommend: 4, satisfied: 2 } : { recommend: 10, satisfied: 5 },
  }));
  const ingest = await playwrightRequest.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { authorization: `Bearer ${ingestKey}` } });
  await ok(ingest.post('/api/v1/responses', { data: responses }));
  await ingest.dispose();
  // Three passing walk-throughs outweigh the failed one: the outlet passes its checks at the counter.
  for (let i = 0; i < 3; i++) {
    const run = await ok<{ runId: string; definition: { sections: { items: Item[] }[] } }>(
      admin.post('/api/v1/audits/runs', { data: { checklistKey: 'telecom-service-hall-visit', locationId: outlet, kind: 'walk_through' } }),
    );
    const answers: Record<string, { value: string | number }> = {};
    for (const item of run.definition.sections.flatMap((section) => section.items)) answers[item.key] = { value: item.type === 'score' ? item.maxScore! : 'yes' };
    await ok(admin.post(`/api/v1/audits/runs/${run.runId}/submit`, { data: { answers } }));
  }
  const improvement = (title: string, startDate: string) =>
    ok(
      admin.post('/api/v1/improvement-actions', {
        data: { title, journeyKey: 'telecom-service-hall', momentKey: 'counter-transaction', locationId: outlet, source: { kind: 'moment' }, hypothesis: 'Fees read back, customers trust the result.', startDate },
      }),
    );
  await improvement('Read the fees back', daysAgo(10));
  await improvement('Second counter at noon', '2099-01-05');

  for (const [locale, texts] of [
    ['ru-RU', { tab: 'Улучшения', gapTab: 'Проверки и клиенты', measuring: /Идёт измерение: прошло \d+ из 28/, significant: 'значимо (95 %)', notStarted: 'Ещё не началось', flag: 'Стандарт выполнен, клиенты недовольны', moment: 'Результат обслуживания у стойки' }],
    ['zh-CN', { tab: '改进行动', gapTab: '检查与顾客对比', measuring: /计算中：已过 \d+ 天（共 28 天）/, significant: '显著（95%）', notStarted: '尚未开始', flag: '标准达成，顾客不满', moment: '柜台业务办理结果' }],
  ] as const) {
    const context = await browser.newContext({ locale, timezoneId: 'Europe/Budapest', viewport: { width: 1280, height: 800 } });
    await ok(context.request.post('/api/v1/auth/sign-in', { data: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } }));
    await context.addInitScript((id) => localStorage.setItem('keymoment.orgId', id), orgId);
    const page = await context.newPage();
    await page.goto('/audits');
    await page.getByRole('tab', { name: texts.tab }).click();
    const list = page.getByRole('list', { name: locale === 'ru-RU' ? 'Действия по улучшению' : '改进行动' });
    await expect(list.getByRole('listitem')).toHaveCount(2);
    const measured = list.getByRole('listitem').filter({ hasText: 'Read the fees back' });
    await expect(measured.getByText(texts.measuring)).toBeVisible();
    // CSAT 0 → 100 on 20 answers each side: significant.
    await expect(measured.getByRole('row').filter({ hasText: 'CSAT' })).toContainText('+100');
    await expect(measured.getByText(texts.significant).first()).toBeVisible();
    await expect(list.getByRole('listitem').filter({ hasText: 'Second counter at noon' })).toContainText(texts.notStarted);
    await screenshot(page, `audits-improvements-${locale}`);

    await page.getByRole('tab', { name: texts.gapTab }).click();
    const table = page.getByRole('table');
    await expect(table.getByRole('row')).toHaveCount(2);
    await expect(table).toContainText('Győr Plaza');
    await expect(table).toContainText(texts.flag);
    await expect(table).toContainText('n = 40');
    await expect(table).toContainText(texts.moment);
    await screenshot(page, `audits-checks-vs-customers-${locale}`);
    await context.close();
  }
});

test('a self-inspection filled in on a phone: a critical item not met needs its note, a photo, submitted (Russian, Simplified Chinese)', async ({ browser }) => {
  test.setTimeout(120_000);
  const newRun = async () => {
    const run = await ok<{ runId: string; definition: { sections: { items: Item[] }[] } }>(
      admin.post('/api/v1/audits/runs', { data: { checklistKey: 'telecom-service-hall-visit', locationId: outlet, kind: 'self_inspection' } }),
    );
    // Everything answered as a draft but the critical fee check; the waiting area not met, with a note.
    const answers: Record<string, { value: string | number; note?: string }> = {};
    for (const item of run.definition.sections.flatMap((section) => section.items)) {
      if (item.key !== 'fees-confirmed') answers[item.key] = { value: item.type === 'score' ? item.maxScore! : 'yes' };
    }
    answers['waiting-area'] = { value: 'no', note: 'Сломан стул.' };
    await ok(admin.put(`/api/v1/audits/runs/${run.runId}/answers`, { data: { answers } }));
    return run.runId;
  };
  const phone = async (locale: string, path: string) => {
    const context = await browser.newContext({ locale, timezoneId: 'Europe/Budapest', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await ok(context.request.post('/api/v1/auth/sign-in', { data: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } }));
    await context.addInitScript((id) => localStorage.setItem('keymoment.orgId', id), orgId);
    const page = await context.newPage();
    await page.goto(path);
    return page;
  };

  const runId = await newRun();
  const page = await phone('ru-RU', `/audits/runs/${runId}`);
  await page.getByRole('link', { name: 'Заполнить' }).click();
  await expect(page).toHaveURL(new RegExp(`/audits/runs/${runId}/fill$`));
  const fees = page.locator('#item-fees-confirmed');
  await expect(fees.getByText('Критично', { exact: false }).first()).toBeVisible();
  const waiting = page.locator('#item-waiting-area');
  // The waiting area was not met and needs a photo: submitting is refused and that item says so.
  await page.getByRole('button', { name: 'Отправить аудит' }).click();
  await expect(waiting.locator('.mantine-InputWrapper-error')).toBeVisible();
  // A photo taken with the phone's camera.
  await waiting.locator('input[type=file]').setInputFiles({ name: 'chair.png', mimeType: 'image/png', buffer: PNG });
  await expect(waiting.getByRole('img', { name: 'Фото 1' })).toBeVisible();
  await expect(waiting.locator('.mantine-InputWrapper-error')).toHaveCount(0);
  // Now the critical item, still unanswered, is the one refused.
  await page.getByRole('button', { name: 'Отправить аудит' }).click();
  await expect(fees.locator('.mantine-InputWrapper-error')).toBeVisible();
  // Not met: the note field appears; without a note the server refuses again.
  await fees.getByRole('radio', { name: 'Нет' }).check();
  await expect(fees.getByRole('textbox', { name: 'Заметка' })).toBeVisible();
  await page.getByRole('button', { name: 'Отправить аудит' }).click();
  await expect(fees.locator('.mantine-InputWrapper-error')).toBeVisible();
  await fees.getByRole('textbox', { name: 'Заметка' }).fill('Плату не проговорили клиенту.');
  await expect(page.getByRole('status')).toHaveText('Черновик сохранён');
  await screenshot(page, 'audits-fill-ru-RU');
  await page.getByRole('button', { name: 'Отправить аудит' }).click();
  await expect(page).toHaveURL(new RegExp(`/audits/runs/${runId}$`));
  await expect(page.getByRole('list', { name: 'Критические нарушения' })).toBeVisible();
  const stored = await ok<{ status: string; criticalFailed: boolean; answers: Record<string, { value: string; note?: string }>; evidence: unknown[] }>(admin.get(`/api/v1/audits/runs/${runId}`));
  expect(stored).toMatchObject({ status: 'submitted', criticalFailed: true, answers: { 'fees-confirmed': { value: 'no', note: 'Плату не проговорили клиенту.' } } });
  expect(stored.evidence).toHaveLength(1);
  await page.context().close();

  const zh = await phone('zh-CN', `/audits/runs/${await newRun()}/fill`);
  await zh.locator('#item-fees-confirmed').getByRole('radio', { name: '否' }).check();
  await expect(zh.locator('#item-fees-confirmed').getByRole('textbox', { name: '备注' })).toBeVisible();
  await expect(zh.getByRole('status')).toHaveText('草稿已保存');
  await screenshot(zh, 'audits-fill-zh-CN');
  await zh.context().close();
});

test('audits: the morning-meeting sheet of an outlet downloads as a one-page PDF', async ({ browser }) => {
  test.setTimeout(90_000);
  const page = await open(browser, 'hu-HU', `/audits/actions?location=${outlet}`);
  await page.getByTestId('morning-sheet-button').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading', { name: 'Reggeli eligazító lap' })).toBeVisible();
  // The outlet of the page's filter is preselected.
  await expect(dialog.getByTestId('morning-sheet-outlet')).toHaveValue(/Győr Plaza/);
  await dialog.getByTestId('morning-sheet-date').fill('2026-11-20');
  await screenshot(page, 'audits-morning-sheet-hu-HU');
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'PDF letöltése' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('morning-sheet-gy-01-2026-11-20-hu.pdf');
  const stream = await file.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const pdf = Buffer.concat(chunks).toString('latin1');
  expect(pdf.startsWith('%PDF-')).toBe(true);
  expect(pdf.match(/\/Type\s*\/Page\b/g)).toHaveLength(1);
  await expect(dialog).toBeHidden();
  await page.context().close();
});

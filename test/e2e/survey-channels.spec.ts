import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test, type APIRequestContext, type Download, type Locator, type Page } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './e2e-constants';

/*
 * (Named to run after feedback.spec.ts, which starts from an organisation without surveys.)
 *
 * The set-up pages of the feedback channels in a real browser: kiosk devices (register, address + QR,
 * rename, new address, revoke) and website widgets (origins, display rules, snippet); a survey file
 * imported into a draft with its list of what did not map; the inbox filters kept in the address
 * (shareable, back button); the QR download of an anonymous link; the delivery and invitation logs.
 */

const screenshotDir = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
const SURVEY_FILES = fileURLToPath(new URL('../../../shared/data/survey_formats/', import.meta.url));
const SURVEY = 'ch-visit';
const JOURNEY = 'ch-hall';
const LOCATION_CODE = 'E2E-CH1';

async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  // A full-page shot of a scrolled page draws the sticky header in the middle: start at the top.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${screenshotDir}survey-channels-${name}.png`, fullPage: true });
}

async function signIn(page: Page, language = 'English'): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('E-mail').fill(ADMIN_EMAIL);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
  await switchLanguage(page, language);
}

async function switchLanguage(page: Page, language: string): Promise<void> {
  const menu = page.getByTestId('language-menu');
  if ((await menu.getAttribute('aria-label'))?.endsWith(language)) return;
  await menu.click();
  await page.getByRole('menuitem', { name: language, exact: true }).click();
  await expect(menu).toHaveAttribute('aria-label', new RegExp(`${language}$`));
}

async function choose(scope: Page | Locator, page: Page, label: string | RegExp, option: string | RegExp): Promise<void> {
  await scope.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option }).first().click();
}

async function bytesOf(download: Download): Promise<Buffer> {
  return readFileSync((await download.path())!);
}

async function ensureSetUp(request: APIRequestContext): Promise<string> {
  if ((await request.get(`/api/v1/journeys/${JOURNEY}`)).status() !== 200) {
    const journey = await request.post('/api/v1/journeys/from-template', { data: { templateKey: 'telecom-service-hall', key: JOURNEY, publish: true } });
    expect(journey.status(), await journey.text()).toBe(201);
  }
  if ((await request.get(`/api/v1/surveys/${SURVEY}`)).status() !== 200) {
    const created = await request.post('/api/v1/surveys', {
      data: {
        key: SURVEY,
        name: { en: 'Hall visit', ru: 'Визит в зал', 'zh-CN': '营业厅到访' },
        definition: {
          kind: 'transactional',
          about: { journeyKey: JOURNEY, momentKey: 'counter-transaction' },
          title: { en: 'How was your visit?' },
          questions: [{ id: 'recommend', type: 'nps', required: true, title: { en: 'Would you recommend us?' } }],
        },
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    expect((await request.post(`/api/v1/surveys/${SURVEY}/publish`, { data: {} })).status()).toBe(201);
  }
  const existing = (await (await request.get('/api/v1/locations')).json()).items.find((item: { code: string | null }) => item.code === LOCATION_CODE);
  if (existing) return existing.locationId;
  const location = await request.post('/api/v1/locations', { data: { name: 'Andrássy út', level: 'outlet', code: LOCATION_CODE } });
  expect(location.status(), await location.text()).toBe(201);
  return (await location.json()).locationId;
}

test('kiosk devices: register with a language, address and QR shown once, rename, new address, revoke', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page);
  await ensureSetUp(page.request);
  await page.goto('/feedback/channels');
  await expect(page.getByRole('heading', { name: 'Kiosks & widgets', level: 1 })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Kiosks & widgets' })).toHaveAttribute('aria-selected', 'true');

  // Required fields named before anything is sent.
  const form = page.getByRole('form', { name: 'Register a kiosk device' });
  await form.getByRole('button', { name: 'Register device' }).click();
  await expect(form.getByText('Required')).toBeVisible();

  await form.getByRole('textbox', { name: 'Device name' }).fill('Counter 7');
  await choose(form, page, 'Survey', 'Hall visit');
  await choose(form, page, 'Location', /Andrássy út/);
  await choose(form, page, 'Language', 'Magyar');
  await form.getByRole('button', { name: 'Register device' }).click();

  const dialog = page.getByRole('dialog', { name: 'Kiosk address of Counter 7' });
  await expect(dialog).toBeVisible();
  const kioskUrl = await dialog.getByTestId('kiosk-url').inputValue();
  expect(kioskUrl).toMatch(/\/k\/[\w-]+$/);
  await expect(dialog.getByText('Language: Magyar')).toBeVisible();
  await expect(dialog.getByTestId('kiosk-qr').locator('svg')).toBeVisible();
  const [qr] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('kiosk-qr-download').click()]);
  expect(qr.suggestedFilename()).toMatch(/^kiosk-.+\.png$/);
  expect((await bytesOf(qr)).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  await screenshot(page, 'kiosk-address-en');

  // The address works, in the device's language.
  const kioskPage = await page.request.get(kioskUrl);
  expect(kioskPage.status()).toBe(200);
  expect(await kioskPage.text()).toContain('lang="hu"');
  await dialog.getByRole('button', { name: 'Done' }).click();

  const row = page.getByTestId('kiosk-row').filter({ hasText: 'Counter 7' });
  await expect(row).toContainText('Hall visit');
  await expect(row).toContainText('Magyar');

  // Rename and change the language.
  await row.getByRole('button', { name: 'Change Counter 7' }).click();
  const edit = page.getByRole('dialog', { name: 'Change kiosk device' });
  await edit.getByRole('textbox', { name: 'Device name' }).fill('Counter 8');
  await choose(edit, page, 'Language', 'Русский');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  const renamed = page.getByTestId('kiosk-row').filter({ hasText: 'Counter 8' });
  await expect(renamed).toContainText('Русский');

  // A new address: the old one stops at once.
  await renamed.getByRole('button', { name: 'New kiosk address for Counter 8' }).click();
  await page.getByRole('dialog', { name: 'Issue a new kiosk address?' }).getByRole('button', { name: 'New kiosk address' }).click();
  const renewed = page.getByRole('dialog', { name: 'Kiosk address of Counter 8' });
  const newUrl = await renewed.getByTestId('kiosk-url').inputValue();
  expect(newUrl).not.toBe(kioskUrl);
  expect((await page.request.get(kioskUrl)).status()).toBe(404);
  expect(await (await page.request.get(newUrl)).text()).toContain('lang="ru"');
  await renewed.getByRole('button', { name: 'Done' }).click();

  // Revoke.
  await renamed.getByRole('button', { name: 'Revoke Counter 8' }).click();
  await page.getByRole('dialog', { name: 'Revoke this device?' }).getByRole('button', { name: 'Revoke' }).click();
  await expect(renamed.getByText('Revoked')).toBeVisible();
  expect((await page.request.get(newUrl)).status()).toBe(404);
});

test('widgets: allowed origins, display rules in the snippet, copy, rename, remove', async ({ page, context }) => {
  test.setTimeout(120_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(page);
  await ensureSetUp(page.request);
  await page.goto(`/feedback/channels?survey=${SURVEY}`);
  const form = page.getByRole('form', { name: 'Create a widget' });
  await form.getByRole('textbox', { name: 'Widget name' }).fill('Shop checkout');
  await form.getByTestId('widget-origins').fill('not an origin');
  await form.getByRole('button', { name: 'Create widget' }).click();
  // The server's check names the field: shown at the origins box.
  await expect(form.getByTestId('widget-origins')).toHaveAttribute('aria-invalid', 'true');
  await form.getByTestId('widget-origins').fill('https://shop.example.com\nhttps://www.example.com');
  await form.getByRole('button', { name: 'Create widget' }).click();

  const card = page.getByTestId('widget-card').filter({ hasText: 'Shop checkout' });
  await expect(card).toContainText('https://shop.example.com');
  const snippet = card.getByTestId('widget-snippet');
  await expect(snippet).toHaveValue(/^<script src="http[^"]+\/w\/widget\.js" data-survey="[\w-]+" data-event="load" data-delay="5" data-days="30" async><\/script>$/);
  await choose(card, page, 'Show the survey', 'When the visitor is about to leave');
  await expect(snippet).toHaveValue(/data-event="exit" data-days="30"/);
  await card.getByRole('textbox', { name: 'Do not show again for (days)' }).fill('14');
  await expect(snippet).toHaveValue(/data-days="14"/);
  await card.getByTestId('copy-snippet').click();
  await expect(card.getByTestId('copy-snippet')).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await snippet.inputValue());

  // The token in the snippet opens the survey (the widget's own link).
  const token = /data-survey="([\w-]+)"/.exec(await snippet.inputValue())![1];
  expect((await page.request.get(`/api/v1/public/surveys/${token}`)).status()).toBe(200);

  await card.getByRole('button', { name: 'Change Shop checkout' }).click();
  const edit = page.getByRole('dialog', { name: 'Change widget' });
  await edit.getByRole('textbox', { name: 'Widget name' }).fill('Shop cart');
  await edit.getByRole('button', { name: 'Save' }).click();
  const renamed = page.getByTestId('widget-card').filter({ hasText: 'Shop cart' });
  await expect(renamed).toBeVisible();
  await renamed.getByRole('button', { name: 'Remove Shop cart' }).click();
  await page.getByRole('dialog', { name: 'Remove this widget?' }).getByRole('button', { name: 'Remove' }).click();
  // Removed widgets leave the list (the API lists the live ones).
  await expect(renamed).toBeHidden();
  expect((await page.request.get(`/api/v1/public/surveys/${token}`)).status()).not.toBe(200);
});

test('the channels page in ru and zh-CN', async ({ page }) => {
  await signIn(page);
  const locationId = await ensureSetUp(page.request);
  // Something in each list, so the screenshots show the tables and the snippet too.
  const device = await page.request.post('/api/v1/kiosk-devices', { data: { name: 'Стойка 2', surveyKey: SURVEY, locationId, locale: 'zh-CN' } });
  expect(device.status()).toBe(201);
  const widget = await page.request.post(`/api/v1/surveys/${SURVEY}/widgets`, { data: { name: 'Shop', allowedOrigins: ['https://shop.example.com'] } });
  expect(widget.status()).toBe(201);
  for (const [language, title] of [
    ['Русский', 'Киоски и виджеты'],
    ['简体中文', '自助终端和小部件'],
  ] as const) {
    await switchLanguage(page, language);
    await page.goto(`/feedback/channels?survey=${SURVEY}`);
    await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
    await expect(page.getByTestId('kiosk-row').first()).toBeVisible();
    await expect(page.getByTestId('widget-snippet').first()).toBeVisible();
    await screenshot(page, `page-${language === 'Русский' ? 'ru' : 'zh-CN'}`);
  }
  await switchLanguage(page, 'English');
});

test('survey file import: checked first with the list of what did not map, then a draft', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page);
  await page.goto('/feedback/imports');
  const section = page.getByRole('region', { name: 'Import a survey definition' });
  await expect(section).toBeVisible();

  // A file with nothing that maps: the report says why, and no draft can be made of it.
  let chooser = page.waitForEvent('filechooser');
  await section.getByTestId('survey-file').click();
  await (await chooser).setFiles(`${SURVEY_FILES}qualtrics/Matrix_Single_Answer_Testing.qsf`);
  await expect(section.getByText('Questions mapped: 0 of 9')).toBeVisible();
  await expect(section.getByTestId('survey-import-unmapped').locator('tbody tr')).toHaveCount(9);
  await expect(section.getByRole('button', { name: 'Create draft' })).toBeDisabled();

  // Not a survey file at all: the server's message.
  chooser = page.waitForEvent('filechooser');
  await section.getByTestId('survey-file').click();
  await (await chooser).setFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello":"world"}') });
  await expect(section.getByRole('alert')).toContainText('The file could not be imported');

  // The Qualtrics sample: 11 of 32 map; the 21 others are listed with their ids and reasons.
  chooser = page.waitForEvent('filechooser');
  await section.getByTestId('survey-file').click();
  await (await chooser).setFiles(`${SURVEY_FILES}qualtrics/Sample_Survey.qsf`);
  await expect(section.getByText('Questions mapped: 11 of 32')).toBeVisible();
  await expect(section.getByText('Not imported: 21')).toBeVisible();
  await expect(section.getByTestId('survey-import-unmapped').locator('tbody tr')).toHaveCount(21);
  await expect(section.getByTestId('survey-import-warnings')).toBeVisible();
  await expect(section.getByTestId('survey-import-key')).toHaveValue(/^sample-survey/);
  await section.getByTestId('survey-import-key').fill('qualtrics-sample');
  await screenshot(page, 'survey-import-en');
  await section.getByRole('button', { name: 'Create draft' }).click();
  await expect(section.getByText('Survey draft created')).toBeVisible();
  await section.getByTestId('open-imported').click();
  await expect(page).toHaveURL(/\/feedback\/surveys\/qualtrics-sample$/);
  const draft = await (await page.request.get('/api/v1/surveys/qualtrics-sample/draft')).json();
  expect(draft.definition.questions).toHaveLength(11);

  for (const [language, code, title] of [
    ['Русский', 'ru', 'Импорт определения опроса'],
    ['简体中文', 'zh-CN', '导入问卷定义'],
  ] as const) {
    await switchLanguage(page, language);
    await page.goto('/feedback/imports');
    const localised = page.getByRole('region', { name: title });
    chooser = page.waitForEvent('filechooser');
    await localised.getByTestId('survey-file').click();
    await (await chooser).setFiles(`${SURVEY_FILES}qualtrics/Sample_Survey.qsf`);
    await expect(localised.getByTestId('survey-import-unmapped')).toBeVisible();
    await screenshot(page, `survey-import-${code}`);
  }
  await switchLanguage(page, 'English');
});

test('inbox filters live in the address: a shared link opens filtered, and back undoes a filter', async ({ page }) => {
  await signIn(page);
  await ensureSetUp(page.request);
  await page.goto(`/feedback/responses?survey=${SURVEY}&npsMax=6&from=2026-11-01&channel=kiosk&q=queue`);
  await expect(page.getByTestId('responses-search')).toHaveValue('queue');
  await expect(page.getByRole('combobox', { name: 'Survey', exact: true })).toHaveValue('Hall visit');
  await expect(page.getByRole('combobox', { name: 'Channel', exact: true })).toHaveValue('Kiosk');
  await expect(page.getByRole('textbox', { name: 'NPS to' })).toHaveValue('6');
  await expect(page.getByLabel('Submitted from')).toHaveValue('2026-11-01');

  // A new filter is a history step.
  await choose(page, page, 'Channel', 'QR code');
  await expect(page).toHaveURL(/channel=qr/);
  await page.goBack();
  await expect(page).toHaveURL(/channel=kiosk/);
  await expect(page.getByRole('combobox', { name: 'Channel', exact: true })).toHaveValue('Kiosk');

  // Typing goes into the address once it pauses; back restores the earlier text.
  await page.getByTestId('responses-search').fill('waiting');
  await expect(page).toHaveURL(/q=waiting/);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).toHaveURL(/\/feedback\/responses$/);
  await expect(page.getByTestId('responses-search')).toHaveValue('');
  await page.goBack();
  await expect(page).toHaveURL(/q=waiting/);
  await expect(page.getByTestId('responses-search')).toHaveValue('waiting');

  // A hand-edited address with a score out of range: ignored, not sent.
  await page.goto('/feedback/responses?npsMin=42&comment=yes');
  await expect(page.getByRole('textbox', { name: 'NPS from' })).toHaveValue('');
  await expect(page.getByRole('radio', { name: 'With', exact: true })).toBeChecked();
});

test('links page: the QR button downloads an SVG; a trigger’s invitation shows in the delivery log, a direct one in the invitation log', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page);
  await ensureSetUp(page.request);
  const link = await page.request.post(`/api/v1/surveys/${SURVEY}/links`, { data: { label: 'QR at the door', channel: 'qr' } });
  expect(link.status(), await link.text()).toBe(201);

  // Seed: an ingest key, a trigger on the moment, one interaction → a delivery (the queue is off in e2e, so it stays queued).
  const key = await page.request.post('/api/v1/api-keys', { data: { name: 'E2E ingest', scopes: ['ingest'] } });
  expect(key.status(), await key.text()).toBe(201);
  const trigger = await page.request.post('/api/v1/triggers', { data: { name: 'After the counter (e2e)', surveyKey: SURVEY, journeyKey: JOURNEY, momentKey: 'counter-transaction', channel: 'link' } });
  expect(trigger.status(), await trigger.text()).toBe(201);
  const externalId = `e2e-ch-${Date.now()}`;
  const ingested = await page.request.post('/api/v1/interactions', {
    headers: { authorization: `Bearer ${(await key.json()).key}` },
    data: {
      externalId,
      journeyKey: JOURNEY,
      momentKey: 'counter-transaction',
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      locationCode: LOCATION_CODE,
      channel: 'in_person',
      customer: { externalId: `cust-${externalId}`, locale: 'hu' },
    },
  });
  expect(ingested.status(), await ingested.text()).toBeLessThan(300);
  const invitation = await page.request.post(`/api/v1/surveys/${SURVEY}/invitations`, { data: { externalId: `inv-${externalId}`, channel: 'email', locale: 'ru' } });
  expect(invitation.status(), await invitation.text()).toBe(201);

  await page.goto(`/feedback/links?survey=${SURVEY}`);
  const row = page.getByTestId('links-table').getByRole('row').filter({ hasText: 'QR at the door' });
  const [svg] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'Download the QR code (SVG)' }).click()]);
  const text = (await bytesOf(svg)).toString('utf8');
  expect(text).toMatch(/^(<\?xml[^>]*>\s*)?<svg[\s>]/);
  expect(text).toContain('</svg>');

  const delivery = page.getByTestId('deliveries-table').getByRole('row').filter({ hasText: `cust-${externalId}` });
  await expect(delivery).toContainText('After the counter (e2e)');
  await expect(delivery).toContainText('Andrássy út');
  const invited = page.getByTestId('invitations-table').getByRole('row').filter({ hasText: `inv-${externalId}` });
  await expect(invited).toContainText('Русский');
  await screenshot(page, 'links-logs-en');
});

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './e2e-constants';

const screenshotDir = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
const JOURNEY = 'fb-service-hall';

async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: `${screenshotDir}feedback-${name}.png`, fullPage });
}

async function signInInEnglish(page: Page): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('E-mail').fill(ADMIN_EMAIL);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
  const menu = page.getByTestId('language-menu');
  if ((await menu.getAttribute('aria-label')) !== 'Language: English') {
    await menu.click();
    await page.getByRole('menuitem', { name: 'English', exact: true }).click();
  }
  await expect(page.getByTestId('language-menu')).toHaveAttribute('aria-label', 'Language: English');
}

/** Opens a Mantine select by its label and picks an option. */
async function choose(scope: Page | Locator, page: Page, label: string | RegExp, option: string | RegExp): Promise<void> {
  await scope.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option }).first().click();
}

async function previewIn(page: Page, language: RegExp): Promise<Locator> {
  await page.getByTestId('preview-language').getByText(language).click();
  return page.getByTestId('survey-preview');
}

test('builds a survey with several question types, previews it in zh-TW and hu, publishes it, answers it on a phone in zh-TW and finds the response in the inbox', async ({ page, browser }) => {
  // One long story (build, translate, publish, answer, read): more steps than the default minute allows.
  test.setTimeout(180_000);
  await signInInEnglish(page);
  // A published journey to be about (the journeys room's own UI is tested in journeys.spec.ts).
  const created = await page.request.post('/api/v1/journeys/from-template', { data: { templateKey: 'telecom-service-hall', key: JOURNEY, publish: true } });
  expect(created.status()).toBe(201);
  await page.goto('/feedback');
  await expect(page.getByRole('heading', { name: 'Surveys', level: 1 })).toBeVisible();
  await expect(page.getByText('No surveys yet')).toBeVisible();

  // Create: a transactional survey about the counter moment.
  await page.getByRole('button', { name: 'New survey' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create a survey' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Counter visit');
  await choose(dialog, page, 'Journey', 'Telecom service hall visit');
  await choose(dialog, page, 'Moment', 'Counter transaction result');
  await screenshot(page, 'create-dialog', false);
  await dialog.getByRole('button', { name: 'Create and open' }).click();
  await expect(page).toHaveURL(/\/feedback\/surveys\/counter-visit$/);
  await expect(page.getByTestId('question-recommend')).toBeVisible();

  // Texts in English (the fallback language).
  await page.getByTestId('survey-title').fill('Your visit to our service hall');
  await page.getByTestId('survey-intro').fill('Four short questions.');

  // A multiple choice shown only to detractors (NPS ≤ 6), a free text and a consent question.
  const addQuestion = async (type: string) => {
    await page.getByTestId('question-type-menu').click();
    await page.getByRole('menuitem', { name: type }).click();
    await page.getByRole('button', { name: 'Add question' }).click();
  };
  await addQuestion('Multiple choice');
  const why = page.getByTestId('question-multiple-choice');
  await expect(why).toBeVisible();
  await why.getByTestId('question-multiple-choice-title').fill('What went wrong?');
  await why.getByRole('textbox', { name: 'Option 1' }).fill('Waiting time');
  await why.getByRole('textbox', { name: 'Option 2' }).fill('Staff attitude');
  await why.getByRole('textbox', { name: 'Option id' }).first().fill('waiting');
  await why.getByRole('textbox', { name: 'Option id' }).nth(1).fill('staff');
  await why.getByRole('button', { name: 'Add condition' }).click();
  await expect(why.getByRole('combobox', { name: 'Condition' })).toHaveValue('is at most');
  await expect(why.getByRole('combobox', { name: 'Value' })).toHaveValue('6');
  await addQuestion('Free text');
  await page.getByTestId('question-comment-title').fill('Anything else?');
  await addQuestion('Consent to be contacted');
  await page.getByTestId('question-consent-title').fill('May we contact you about your answers?');

  // Keyboard: move the consent question up above the comment, and back again.
  await page.getByRole('button', { name: 'Move question 4 up' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('section[data-testid^="question-"]').nth(2)).toHaveAttribute('data-testid', 'question-consent');
  await page.getByRole('button', { name: 'Move question 3 down' }).click();
  await expect(page.locator('section[data-testid^="question-"]').nth(3)).toHaveAttribute('data-testid', 'question-consent');

  // Traditional Chinese texts; Hungarian only for the survey title (the rest is left missing on purpose).
  await page.getByRole('tab', { name: /繁體中文/ }).click();
  await expect(page.getByTestId('survey-title')).toHaveAttribute('placeholder', 'Your visit to our service hall');
  await expect(page.getByTestId('survey-title-missing')).toBeVisible();
  await page.getByTestId('survey-title').fill('您這次的營業廳體驗');
  await expect(page.getByTestId('survey-title-missing')).toBeHidden();
  await page.getByTestId('survey-intro').fill('四個簡短的問題。');
  await why.getByTestId('question-multiple-choice-title').fill('哪些方面做得不好？');
  await why.getByRole('textbox', { name: 'Option 1' }).fill('等候時間');
  await why.getByRole('textbox', { name: 'Option 2' }).fill('服務態度');
  await page.getByTestId('question-comment-title').fill('還有什麼想告訴我們的嗎？');
  await page.getByTestId('question-consent-title').fill('我們可以就您的回答與您聯絡嗎？');
  await page.getByRole('tab', { name: /Magyar/ }).click();
  await page.getByTestId('survey-title').fill('Látogatása az ügyfélszolgálati irodában');

  // Errors of the server land on the field they name: a malformed option id (refused by the schema)…
  await page.getByRole('tab', { name: /English/ }).click();
  await why.getByRole('textbox', { name: 'Option id' }).nth(1).fill('Staff Attitude');
  await page.keyboard.press('Control+s');
  await expect(why.getByRole('textbox', { name: 'Option id' }).nth(1)).toHaveAttribute('aria-invalid', 'true');
  await expect(why).toContainText('questions.1.options.1.id must match pattern');
  await why.getByRole('textbox', { name: 'Option id' }).nth(1).fill('staff');
  // …and a draft problem (a question without its English text) under that question's title after saving.
  await page.getByTestId('question-comment-title').fill('');
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('save-state')).toHaveText(/Saved · revision 3/);
  await expect(page.getByTestId('question-comment-title')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('question-comment')).toContainText('needs a text in the fallback language en');
  await expect(page.getByTestId('problems-button')).toHaveText(/Errors: 1/);
  await page.getByTestId('question-comment').screenshot({ path: `${screenshotDir}feedback-field-error.png` });
  await page.getByTestId('question-comment-title').fill('Anything else?');
  await expect(page.getByTestId('question-comment-title')).not.toHaveAttribute('aria-invalid', 'true');

  // Live preview, Traditional Chinese: built-in scale words in zh-TW, follow-up appears for a low score.
  let preview = await previewIn(page, /^繁體中文/);
  await expect(preview.getByRole('heading', { name: '您這次的營業廳體驗' })).toBeVisible();
  await expect(preview).toContainText('0 = 完全不可能');
  await expect(preview.getByText('哪些方面做得不好？')).toBeHidden();
  await preview.locator('label').filter({ hasText: /^3$/ }).first().click();
  await expect(preview.getByText('哪些方面做得不好？')).toBeVisible();
  await expect(preview.locator('[data-missing="true"]')).toHaveCount(0);
  await screenshot(page, 'builder-preview-zh-TW');
  await preview.screenshot({ path: `${screenshotDir}feedback-preview-zh-TW.png` });

  // Hungarian: its title, Hungarian built-in words, and the untranslated texts marked.
  preview = await previewIn(page, /^Magyar/);
  await expect(preview.getByRole('heading', { name: 'Látogatása az ügyfélszolgálati irodában' })).toBeVisible();
  await expect(preview).toContainText('Beküldés');
  await expect(preview.locator('[data-missing="true"]').first()).toBeVisible();
  await screenshot(page, 'builder-preview-hu');
  await preview.screenshot({ path: `${screenshotDir}feedback-preview-hu.png` });

  // Save (Ctrl+S), then publish after reading that versions are immutable.
  await page.getByTestId('question-recommend').click();
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('save-state')).toHaveText(/Saved · revision 4/);
  await expect(page.getByTestId('problems-button')).toBeHidden();
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  const publish = page.getByRole('dialog', { name: 'Publish a new version' });
  await expect(publish.getByText('Published versions never change')).toBeVisible();
  await publish.getByLabel('Version note').fill('First version');
  await screenshot(page, 'publish-dialog', false);
  await publish.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page.getByText('Version 1 is published')).toBeVisible();

  // Someone else saves the draft meanwhile: our next save is refused and offers a reload.
  const draft = await (await page.request.get('/api/v1/surveys/counter-visit/draft')).json();
  const other = await page.request.put('/api/v1/surveys/counter-visit/draft', { data: draft.definition, headers: { 'If-Match': `"${draft.revision}"` } });
  expect(other.status()).toBe(200);
  await page.getByRole('tab', { name: /English/ }).click();
  await page.getByTestId('survey-intro').fill('Four short questions, one minute.');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByTestId('conflict-alert')).toBeVisible();
  await page.getByRole('button', { name: 'Reload the draft' }).click();
  await expect(page.getByTestId('survey-intro')).toHaveValue('Four short questions.');

  // The versions list.
  await page.getByRole('button', { name: 'Versions' }).click();
  const versions = page.getByRole('dialog', { name: 'Versions' });
  await expect(versions.getByText('First version')).toBeVisible();
  await page.keyboard.press('Escape');

  // An anonymous link in Traditional Chinese.
  await page.getByRole('link', { name: 'Links', exact: true }).click();
  await expect(page).toHaveURL(/\/feedback\/links\?survey=counter-visit/);
  await page.getByRole('textbox', { name: 'Label', exact: true }).fill('QR on counter 3');
  await choose(page, page, 'Channel', 'QR code');
  await choose(page, page, 'Language', '繁體中文');
  await page.getByRole('button', { name: 'Create link' }).click();
  await expect(page.getByTestId('links-table')).toContainText('QR on counter 3');
  await expect(page.getByTestId('copy-link')).toBeVisible();
  const url = await page.getByTestId('links-table').getByRole('textbox').first().inputValue();
  expect(url).toMatch(/\/s\/[A-Za-z0-9_-]{90,}$/);
  await screenshot(page, 'links');

  // A respondent on a phone answers it in Traditional Chinese.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-TW', isMobile: true, hasTouch: true });
  const respondent = await phone.newPage();
  await respondent.goto(new URL(url).pathname);
  await expect(respondent.getByRole('heading', { name: '您這次的營業廳體驗' })).toBeVisible();
  await expect(respondent.getByText('哪些方面做得不好？')).toBeHidden();
  await respondent.locator('input[name="q.recommend"][value="3"]').check();
  await expect(respondent.getByText('哪些方面做得不好？')).toBeVisible();
  await respondent.locator('input[name="q.multiple-choice"][value="waiting"]').check();
  await respondent.locator('#q-comment-input').fill('排隊等了四十分鐘，櫃檯只開一個。');
  await respondent.locator('input[name="q.consent"][value="yes"]').check();
  await screenshot(respondent, 'public-page-zh-TW-phone');
  await respondent.locator('button[value="submit"]').click();
  await expect(respondent.getByRole('heading', { name: '謝謝您！' })).toBeVisible();
  await screenshot(respondent, 'public-page-zh-TW-thanks');
  await phone.close();

  // The same page on a throttled mobile connection (Chrome's "Slow 3G": 400 ms round trip, about
  // 50 KB/s): it must still open and submit in seconds, so the page and its script stay small.
  const slow = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-TW', isMobile: true, hasTouch: true });
  const slowPage = await slow.newPage();
  const cdp = await slow.newCDPSession(slowPage);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 400, downloadThroughput: (400 * 1024) / 8, uploadThroughput: (400 * 1024) / 8 });
  const loadStarted = Date.now();
  await slowPage.goto(new URL(url).pathname, { timeout: 20_000 });
  await expect(slowPage.getByRole('heading', { name: '您這次的營業廳體驗' })).toBeVisible({ timeout: 10_000 });
  const loadSeconds = (Date.now() - loadStarted) / 1000;
  console.log(`[slow-3g] public survey page usable after ${loadSeconds.toFixed(1)} s`);
  expect(loadSeconds).toBeLessThan(10);
  await slowPage.locator('input[name="q.recommend"][value="9"]').check();
  await slowPage.locator('input[name="q.consent"][value="no"]').check();
  await slowPage.locator('button[value="submit"]').click();
  await expect(slowPage.getByRole('heading', { name: '謝謝您！' })).toBeVisible({ timeout: 15_000 });
  await slow.close();

  // The inbox shows it; the search finds it by a part of the Chinese comment.
  await page.getByRole('tab', { name: 'Response inbox' }).click();
  await expect(page.getByRole('heading', { name: 'Response inbox', level: 1 })).toBeVisible();
  const table = page.getByTestId('responses-table');
  await expect(table).toContainText('排隊等了四十分鐘');
  await expect(table).toContainText('NPS 3');
  await page.getByTestId('responses-search').fill('櫃檯只開');
  await expect(page.getByTestId('response-row')).toHaveCount(1);
  await page.getByTestId('responses-search').fill('沒有這句話');
  await expect(page.getByText('Nothing matches')).toBeVisible();
  await page.getByTestId('responses-search').fill('四十分鐘');
  await expect(page.getByTestId('response-row')).toHaveCount(1);
  await page.getByTestId('response-row').first().getByRole('button').first().click();
  const detail = page.getByTestId('response-detail');
  await expect(detail.getByTestId('answer-recommend')).toContainText('3 / 10');
  await expect(detail.getByTestId('answer-multiple-choice')).toContainText('Waiting time');
  await expect(detail.getByTestId('answer-consent')).toContainText('Yes, may be contacted');
  await expect(detail).toContainText('繁體中文');
  await screenshot(page, 'response-detail', false);
  await page.keyboard.press('Escape');

  // CSV export with the current filter.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^responses-\d{4}-\d{2}-\d{2}\.csv$/);
  const file = `${screenshotDir}feedback-responses.csv`;
  await download.saveAs(file);
  const csv = readFileSync(file, 'utf8');
  expect(csv).toContain('answer.recommend');
  expect(csv).toContain('排隊等了四十分鐘');
  expect(csv.split(/\r?\n/).filter(Boolean)).toHaveLength(2);
  await screenshot(page, 'inbox');

  // Import answers collected elsewhere: upload, mapping suggested from the headers, preview, run with progress.
  await page.getByRole('tab', { name: 'Imports' }).click();
  await expect(page).toHaveURL(/\/feedback\/imports/);
  // The inbox also has a "Survey" filter: wait until the imports page has replaced it.
  await expect(page.getByRole('heading', { name: 'Imports', level: 1 })).toBeVisible();
  await choose(page, page, 'Survey', 'Counter visit');
  const rows = [
    'externalId,submittedAt,channel,locale,answer.recommend,answer.comment',
    'paper-1,2026-11-20 10:15,in_person,hu,9,Gyors és kedves kiszolgálás',
    'paper-2,2026-11-20 11:40,in_person,ru,7,Нормально',
    'paper-3,2026-11-20 12:05,in_person,en,11,Out of range',
  ];
  await page.locator('input[type="file"][accept^=".csv"]').setInputFiles({ name: 'paper-forms.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n'), 'utf8') });
  await expect(page.getByText('paper-forms.csv: 3 rows, 6 columns.')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Column for answers.recommend' })).toHaveValue('answer.recommend');
  const importPreview = page.getByTestId('import-preview');
  await expect(importPreview.getByRole('row')).toHaveCount(4);
  await expect(importPreview.getByRole('row').nth(3)).toContainText('Problem');
  await screenshot(page, 'import-mapping');
  await page.getByRole('button', { name: 'Import 3 rows' }).click();
  await expect(page.getByTestId('import-status')).toHaveText('Done', { timeout: 20_000 });
  await expect(page.getByTestId('import-counts')).toContainText('2 new');
  await expect(page.getByRole('table', { name: 'Problems by line' })).toContainText('4');
  await screenshot(page, 'import-done');
  await page.getByRole('tab', { name: 'Response inbox' }).click();
  await expect(page.getByRole('heading', { name: 'Response inbox', level: 1 })).toBeVisible();
  await page.getByTestId('responses-search').fill('');
  // The two phone answers (normal and throttled) and the two good imported rows.
  await expect(page.getByTestId('response-row')).toHaveCount(4);

  // A trigger: after the counter moment, invite by e-mail an hour later, half of the customers, quiet hours.
  await page.getByRole('tab', { name: 'Triggers' }).click();
  await expect(page.getByRole('heading', { name: 'Triggers', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'New trigger' }).click();
  const triggerDialog = page.getByRole('dialog', { name: 'New trigger' });
  await triggerDialog.getByRole('textbox', { name: 'Name' }).fill('After the counter');
  await choose(triggerDialog, page, 'Journey', 'Telecom service hall visit');
  await choose(triggerDialog, page, 'Moment', 'Counter transaction result');
  await choose(triggerDialog, page, 'Survey', 'Counter visit');
  await triggerDialog.getByRole('textbox', { name: 'Sampling' }).fill('50');
  await screenshot(page, 'trigger-dialog', false);
  await triggerDialog.getByRole('button', { name: 'Save trigger' }).click();
  await expect(triggerDialog).toBeHidden();
  await expect(page.getByTestId('triggers-table')).toContainText('After the counter');
  await expect(page.getByTestId('triggers-table')).toContainText('50% sampled');

  // The same pages read well in Hungarian.
  await page.getByTestId('language-menu').click();
  await page.getByRole('menuitem', { name: 'Magyar', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Eseményindítók', level: 1 })).toBeVisible();
  await screenshot(page, 'triggers-hu');
  await page.goto('/feedback/responses');
  await expect(page.getByRole('heading', { name: 'Beérkezett válaszok', level: 1 })).toBeVisible();
  await screenshot(page, 'inbox-hu');
  await page.goto('/feedback/surveys/counter-visit');
  await expect(page.getByRole('heading', { name: 'Counter visit', level: 1 })).toBeVisible();
  await screenshot(page, 'builder-hu');
  await page.getByTestId('language-menu').click();
  await page.getByRole('menuitem', { name: 'English', exact: true }).click();
});

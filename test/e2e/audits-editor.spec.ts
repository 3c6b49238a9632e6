import { fileURLToPath } from 'node:url';
import { expect, request as playwrightRequest, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD, BASE_URL } from './e2e-constants';

/*
 * Issue #7 in a real browser, the authoring side: a checklist is written from scratch in the editor
 * (a critical item that needs a photo and a note when failed, a 0–4 score), a validation error is shown
 * on the field it names, a stale save is refused with a way to reload, the draft is published as
 * version 1; a monthly schedule for an outlet is created (and refused while incomplete), its due run
 * is created at once and appears in the runs list with its due date. Screenshots in Russian and
 * Simplified Chinese, the editor on a 390 px phone.
 */

const screenshotDir = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
const JOURNEY = 'editor-bank-branch';
const CHECKLIST = 'branch-standards';

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

test.describe.configure({ mode: 'serial' });

let admin: APIRequestContext;
let orgId: string;
// The outlet's local date (Budapest): a monthly schedule on today's day of the month is due at once.
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Budapest' }).format(new Date());
const dayOfMonth = Number(today.slice(8, 10));

test.beforeAll(async () => {
  const bootstrap = await playwrightRequest.newContext({ baseURL: BASE_URL });
  await ok(bootstrap.post('/api/v1/auth/sign-in', { data: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } }));
  orgId = (await ok<{ memberships: { orgId: string }[] }>(bootstrap.get('/api/v1/me'))).memberships[0]!.orgId;
  admin = await playwrightRequest.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { 'X-Org-Id': orgId } });
  await ok(admin.post('/api/v1/auth/sign-in', { data: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } }));
  const region = (await ok<{ locationId: string }>(admin.post('/api/v1/locations', { data: { name: 'Alföld', level: 'region', timezone: 'Europe/Budapest' } }))).locationId;
  await ok(admin.post('/api/v1/locations', { data: { name: 'Szeged Centre', level: 'outlet', parentId: region, code: 'SZ-01', timezone: 'Europe/Budapest' } }));
  const name = (en: string, ru: string, zh: string) => ({ en, ru, 'zh-CN': zh });
  await ok(
    admin.post('/api/v1/journeys', {
      data: {
        key: JOURNEY,
        name: name('Bank branch visit', 'Визит в отделение', '网点到访'),
        blueprint: {
          stages: [
            { key: 'arrive', kind: 'first' },
            { key: 'serve', kind: 'second' },
          ],
          moments: [
            { key: 'welcome', name: name('Welcome', 'Встреча', '迎宾'), stageKey: 'arrive' },
            { key: 'counter', name: name('At the counter', 'У стойки', '柜台办理'), stageKey: 'serve' },
          ],
        },
      },
    }),
  );
  await ok(admin.post(`/api/v1/journeys/${JOURNEY}/publish`, { data: {} }));
});

async function signedInContext(browser: Browser, locale: string, viewport = { width: 1280, height: 800 }): Promise<BrowserContext> {
  const context = await browser.newContext({ locale, timezoneId: 'Europe/Budapest', viewport });
  await ok(context.request.post('/api/v1/auth/sign-in', { data: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } }));
  await context.addInitScript((id) => localStorage.setItem('keymoment.orgId', id), orgId);
  return context;
}

async function choose(page: Page, label: string | RegExp, option: string | RegExp): Promise<void> {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).click();
}

test('audits: author a checklist with a critical item, publish it, schedule it monthly and see its run', async ({ browser }) => {
  test.setTimeout(300_000);
  const context = await signedInContext(browser, 'en-US');
  const page = await context.newPage();
  await page.goto('/audits/checklists');

  // Create from scratch: an empty name is refused in the form, then the editor opens on the new draft.
  await page.getByTestId('new-checklist').click();
  const dialog = page.getByRole('dialog', { name: 'New checklist' });
  await choose(page, 'Journey', 'Bank branch visit');
  await dialog.getByRole('button', { name: 'Create and edit' }).click();
  await expect(dialog.getByText('Give the checklist a name.')).toBeVisible();
  await dialog.getByTestId('new-checklist-name').fill('Branch standards');
  await expect(dialog.getByTestId('new-checklist-key')).toHaveValue(CHECKLIST);
  await dialog.getByRole('button', { name: 'Create and edit' }).click();
  await expect(page).toHaveURL(new RegExp(`/audits/checklists/${CHECKLIST}/edit$`));
  await expect(page.getByRole('heading', { name: 'Edit: Branch standards', level: 1 })).toBeVisible();
  // The server's problem with the empty draft, in words of the interface.
  await expect(page.getByTestId('sections-error')).toHaveText('Add at least one moment with an item.');
  await expect(page.getByTestId('no-versions')).toBeVisible();

  // A moment with a critical yes/no item that needs a photo and a note, and a 0–4 score.
  await choose(page, 'Add a moment of the journey', 'At the counter');
  await page.getByRole('button', { name: 'Add moment' }).click();
  await page.getByTestId('item-0-0-text').fill('Fees read back to the customer');
  await expect(page.getByTestId('item-0-0-key')).toHaveValue('fees-read-back-to-the-customer');
  await page.getByTestId('item-0-0-critical').check();
  await page.getByRole('checkbox', { name: 'May be answered N/A' }).uncheck();
  await choose(page, 'Evidence required when not met', 'A photo and a note');
  await page.getByTestId('item-0-0-weight').fill('3');
  await page.getByRole('button', { name: 'Add item' }).click();
  await page.getByTestId('item-0-1-text').fill('Eye contact');
  await page.locator('#item-0-1').getByText('Score 0–N').click();
  await page.locator('#item-0-1').getByLabel('Highest score (N)').fill('4');
  // Reordering from the keyboard: the score item moves up, focus follows it.
  await page.getByRole('button', { name: 'Move item Eye contact up' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('item-0-0-text')).toHaveValue('Eye contact');
  await expect(page.getByRole('button', { name: 'Move item Eye contact down' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('item-0-0-text')).toHaveValue('Fees read back to the customer');

  // An empty name (the checklist's title) is refused by the server, shown on the name field.
  await page.getByTestId('checklist-name').fill('');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.locator('#checklist-name-error')).toHaveText('The name needs a text in English (the main language).');
  await expect(page.getByTestId('save-state')).toHaveText('Unsaved changes');
  await screenshot(page, 'audits-editor-name-error-en');
  await page.getByTestId('checklist-name').fill('Branch standards');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByTestId('save-state')).toHaveText(/Saved · revision/);
  await expect(page.getByTestId('problem-count')).toHaveCount(0);
  // Translations still missing are counted per language tab.
  await expect(page.getByTestId('language-ru')).toContainText('3');

  // Publish: version 1 appears in the version list with its date.
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  const publish = page.getByRole('dialog', { name: 'Publish a new version' });
  await publish.getByLabel('What changed (optional)').fill('First standards');
  await publish.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByTestId('version-list')).toContainText('Version 1');
  await expect(page.getByTestId('version-list')).toContainText('First standards');

  // Someone else saves in between: the stale save is refused, nothing is overwritten, reload is offered.
  const draft = await ok<{ definition: unknown }>(admin.get(`/api/v1/audits/checklists/${CHECKLIST}/draft`));
  await ok(admin.put(`/api/v1/audits/checklists/${CHECKLIST}/draft`, { data: draft.definition }));
  await page.getByTestId('item-0-1-weight').fill('2');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByTestId('conflict-alert')).toContainText('Someone else saved this draft');
  await page.getByRole('button', { name: 'Reload the draft' }).click();
  await expect(page.getByTestId('save-state')).toHaveText(/Saved · revision/);
  await expect(page.getByTestId('item-0-1-weight')).toHaveValue('1');

  // The published version reads back: the critical item and its evidence rule.
  await page.getByRole('link', { name: 'Back to the checklist' }).click();
  const counter = page.getByRole('region', { name: 'At the counter' });
  await expect(counter.getByText('Critical', { exact: true })).toBeVisible();
  await expect(counter.getByText('A photo and a note')).toBeVisible();

  // Schedules: empty at first; an incomplete schedule is refused field by field.
  await page.goto('/audits/schedules');
  await expect(page.getByText('No schedules yet')).toBeVisible();
  await page.getByRole('button', { name: 'New schedule' }).click();
  const scheduleDialog = page.getByRole('dialog', { name: 'New schedule' });
  await scheduleDialog.getByLabel('Days to complete').fill('0');
  await scheduleDialog.getByTestId('schedule-save').click();
  await expect(scheduleDialog.getByText('Choose a checklist')).toBeVisible();
  await expect(scheduleDialog.getByText('Choose an outlet')).toBeVisible();
  await expect(scheduleDialog.getByText('Enter a whole number of days from 1 to 90.')).toBeVisible();
  await choose(page, 'Checklist', 'Branch standards');
  await choose(page, 'Outlet', /Szeged Centre/);
  // Monthly on today's day (a month has at most 28 usable days; on the 29th–31st, weekly on today's weekday).
  let rule: RegExp;
  if (dayOfMonth <= 28) {
    await scheduleDialog.getByLabel('Day of the month').fill(String(dayOfMonth));
    rule = new RegExp(`Monthly, on day ${dayOfMonth}`);
  } else {
    await scheduleDialog.getByText('Weekly').click();
    const weekday = new Intl.DateTimeFormat('en', { weekday: 'long', timeZone: 'Europe/Budapest' }).format(new Date());
    await choose(page, 'Weekday', weekday);
    rule = new RegExp(`Weekly, on ${weekday}`);
  }
  await scheduleDialog.getByLabel('Days to complete').fill('5');
  await scheduleDialog.getByTestId('schedule-save').click();
  await expect(scheduleDialog).toBeHidden();
  const card = page.getByTestId('schedule-card');
  await expect(card).toHaveCount(1);
  await expect(card).toContainText(rule);
  await expect(card).toContainText('Szeged Centre');
  await expect(card).toContainText('Self-inspection');
  await expect(card).toContainText('Days to complete: 5');
  await expect(card.getByTestId('schedule-state')).toHaveText('Active');

  // The schedule job's work, done at once: the run of today appears in the runs list with its due date.
  await page.getByRole('button', { name: 'Create due runs now' }).click();
  await expect(page.getByText('Runs created: 1')).toBeVisible();
  await page.getByRole('button', { name: 'Create due runs now' }).click();
  await expect(page.getByText('Runs created: 0')).toBeVisible();
  const runs = await ok<{ items: { checklistKey: string; scheduledFor: string; dueAt: string }[] }>(admin.get('/api/v1/audits/runs'));
  const scheduled = runs.items.filter((run) => run.checklistKey === CHECKLIST);
  expect(scheduled).toHaveLength(1);
  expect(scheduled[0]!.scheduledFor).toBe(today);
  await page.getByRole('tab', { name: 'Audit runs' }).click();
  const runCard = page.getByRole('list', { name: 'Audit runs' }).getByRole('listitem').filter({ hasText: `${CHECKLIST} · v1` });
  await expect(runCard).toContainText('Szeged Centre');
  const due = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Budapest' }).format(new Date(scheduled[0]!.dueAt));
  await expect(runCard).toContainText(due);

  // Pause and resume.
  await page.getByRole('tab', { name: 'Schedules' }).click();
  await card.getByRole('button', { name: 'Pause' }).click();
  await expect(card.getByTestId('schedule-state')).toHaveText('Paused');
  await expect(card).toContainText('No next run while paused');
  await card.getByRole('button', { name: 'Resume' }).click();
  await expect(card.getByTestId('schedule-state')).toHaveText('Active');
  await context.close();
});

test('audits: the editor and the schedules page in Russian and Simplified Chinese, the editor on a phone', async ({ browser }) => {
  test.setTimeout(240_000);
  for (const [locale, language, moment, untranslated] of [
    ['ru-RU', 'ru', 'У стойки', /Save draft|Publish|Schedules|Days to complete|Checklist\b/],
    ['zh-CN', 'zh-CN', '柜台办理', /Save draft|Publish|Schedules|Days to complete|Checklist\b/],
  ] as const) {
    const context = await signedInContext(browser, locale, { width: 390, height: 844 });
    const page = await context.newPage();
    await page.goto(`/audits/checklists/${CHECKLIST}/edit`);
    await expect(page.getByTestId('item-0-0-text')).toBeVisible();
    // Moments read from the published journey in the reader's language; published keys are locked.
    await expect(page.getByRole('heading', { name: moment, level: 3 })).toBeVisible();
    await expect(page.getByTestId('item-0-0-key')).toBeDisabled();
    await page.getByTestId(`language-${language}`).click();
    // Nothing is wider than the phone's screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'horizontal overflow on a 390 px phone').toBeLessThanOrEqual(0);
    const main = (await page.locator('main').innerText()).replace(/Branch standards|Bank branch visit|Fees read back to the customer|Eye contact|First standards|walk-customer-out|English|Magyar|branch-standards|fees-read-back-to-the-customer|eye-contact/g, '');
    expect(main).not.toMatch(untranslated);
    await screenshot(page, `audits-editor-phone-${language}`);

    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/audits/schedules');
    await expect(page.getByTestId('schedule-card')).toHaveCount(1);
    const schedules = (await page.locator('main').innerText()).replace(/Branch standards|Szeged Centre|Alföld/g, '');
    expect(schedules).not.toMatch(untranslated);
    await screenshot(page, `audits-schedules-${language}`);
    await page.getByRole('button').filter({ has: page.locator('svg.tabler-icon-pencil') }).first().click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await screenshot(page, `audits-schedule-edit-${language}`);
    await context.close();
  }
});

import { fileURLToPath } from 'node:url';
import { expect, request as playwrightRequest, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD, BASE_URL } from './e2e-constants';

/*
 * The recovery settings page (issue #6): an administrator changes a rule and an SLA time and finds
 * both kept after a reload; the API's validation error lands on the field it names; holidays and
 * webhooks are added and removed (with a confirmation); frontline staff see a read-only page.
 * Screenshots in English and Russian.
 */

const screenshotDir = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
const PASSWORD = 'correct horse battery';
// beforeAll runs again in a fresh worker after a failed test: the agent's address must be new each time.
const AGENT_EMAIL = `anna.${Date.now()}@example.com`;

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

let orgId: string;
let admin: APIRequestContext;

test.beforeAll(async () => {
  const bootstrap = await playwrightRequest.newContext({ baseURL: BASE_URL });
  await ok(bootstrap.post('/api/v1/auth/sign-in', { data: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } }));
  orgId = (await ok<{ memberships: { orgId: string }[] }>(bootstrap.get('/api/v1/me'))).memberships[0]!.orgId;
  admin = await playwrightRequest.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { 'X-Org-Id': orgId } });
  await ok(admin.post('/api/v1/auth/sign-in', { data: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } }));
  const outlet = (await ok<{ locationId: string }>(admin.post('/api/v1/locations', { data: { name: 'Harbour outlet', level: 'outlet', timezone: 'Europe/Budapest' } }))).locationId;
  // Frontline staff for the read-only check.
  const { inviteUrl } = await ok<{ inviteUrl: string }>(admin.post('/api/v1/invitations', { data: { email: AGENT_EMAIL, role: 'agent', locationId: outlet } }));
  const token = new URL(inviteUrl).searchParams.get('token')!;
  const guest = await playwrightRequest.newContext({ baseURL: BASE_URL });
  await ok(guest.post('/api/v1/invitations/accept', { data: { token, name: 'Anna Agent', password: PASSWORD } }));
});

/** Waits until the "saved" notice is gone: it sits over the bottom-right corner where the save buttons are. */
async function savedNotice(page: Page): Promise<void> {
  await expect(page.getByText('Changes saved').first()).toBeVisible();
  // A notice under the pointer stays open (Mantine pauses its timer on hover).
  await page.mouse.move(0, 0);
  await expect(page.getByText('Changes saved')).toHaveCount(0, { timeout: 15_000 });
}

async function openAs(browser: Browser, email: string, password: string, locale: string, path: string): Promise<Page> {
  const context = await browser.newContext({ locale, timezoneId: 'Europe/Budapest', viewport: { width: 1280, height: 900 } });
  await ok(context.request.post('/api/v1/auth/sign-in', { data: { email, password } }));
  await context.addInitScript((id) => localStorage.setItem('keymoment.orgId', id), orgId);
  const page = await context.newPage();
  await page.goto(path);
  return page;
}

test('an administrator changes a rule and an SLA time, and both are kept after a reload', async ({ browser }) => {
  const page = await openAs(browser, ADMIN_EMAIL, ADMIN_PASSWORD, 'en-US', '/recovery');
  await page.getByRole('link', { name: 'Recovery settings' }).click();
  await expect(page).toHaveURL(/\/recovery\/settings$/);
  await expect(page.getByRole('heading', { name: 'Recovery settings' })).toBeVisible();

  // Rules: the defaults are listed until the organisation saves its own.
  await expect(page.getByText('No rules are saved yet')).toBeVisible();
  const detractor = page.locator('[data-rule-index="0"]');
  await expect(detractor.getByLabel('When')).toHaveValue('Detractor');
  await detractor.getByLabel('NPS at most').fill('4');
  await page.getByRole('switch', { name: 'Rule “Low satisfaction” enabled' }).uncheck({ force: true });
  await screenshot(page, 'recovery-settings-rules-en');
  await page.getByRole('button', { name: 'Save rules' }).click();
  await savedNotice(page);

  // A rule the server refuses: its message appears under the field it names.
  await page.getByRole('button', { name: 'Add rule' }).click();
  await expect(page.locator('[data-rule-index="4"]')).toBeVisible();
  await page.getByRole('button', { name: 'Save rules' }).click();
  await expect(page.locator('[data-rule-index="4"]').getByText('there is already a detractor rule')).toBeVisible();
  await page.getByRole('button', { name: 'Remove rule “Detractor”' }).nth(1).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
  await expect(page.locator('[data-rule-index="4"]')).toHaveCount(0);

  // SLA: first response in three business hours.
  await page.getByRole('tab', { name: 'SLA and opening hours' }).click();
  const firstResponse = page.getByLabel('First response');
  await expect(firstResponse).toHaveValue('2 h');
  await firstResponse.fill('3');
  await page.getByRole('button', { name: 'Save SLA and opening hours' }).click();
  await savedNotice(page);

  // An opening window that ends before it starts: the server's error shows under Monday's closing time.
  await page.getByLabel('Monday: closes at').fill('08:00');
  await page.getByRole('button', { name: 'Save SLA and opening hours' }).click();
  await expect(page.getByText('weekHours.mon.0.end must be later than its start')).toBeVisible();
  await screenshot(page, 'recovery-settings-sla-en');

  await page.reload();
  await expect(page.getByLabel('First response')).toHaveValue('3 h');
  await expect(page.getByLabel('Monday: closes at')).toHaveValue('18:00');
  await page.getByRole('tab', { name: 'Rules' }).click();
  await expect(page.getByText('No rules are saved yet')).toHaveCount(0);
  await expect(page.locator('[data-rule-index="0"]').getByLabel('NPS at most')).toHaveValue('4');
  await expect(page.getByRole('switch', { name: 'Rule “Low satisfaction” enabled' })).not.toBeChecked();

  const settings = await ok<{ slaPolicy: { firstResponseMinutes: number } }>(admin.get('/api/v1/recovery/settings'));
  expect(settings.slaPolicy.firstResponseMinutes).toBe(180);
  const { rules } = await ok<{ rules: { kind: string; threshold: number | null; enabled: boolean }[] }>(admin.get('/api/v1/recovery-rules'));
  expect(rules.find((rule) => rule.kind === 'detractor')).toMatchObject({ threshold: 4, enabled: true });
  expect(rules.find((rule) => rule.kind === 'low_csat')).toMatchObject({ enabled: false });
  await page.context().close();
});

test('holidays and webhooks are added and removed after a confirmation', async ({ browser }) => {
  const page = await openAs(browser, ADMIN_EMAIL, ADMIN_PASSWORD, 'en-US', '/recovery/settings?tab=calendar');
  await expect(page.getByText('No holidays yet')).toBeVisible();
  await page.getByLabel('Date').fill('2026-12-25');
  await page.getByLabel('Name').fill('Christmas');
  await page.getByRole('button', { name: 'Add date' }).click();
  await expect(page.locator('[data-date="2026-12-25"]')).toContainText('Christmas');
  await savedNotice(page);
  await page.getByLabel('Date').fill('2026-12-25');
  await page.getByRole('button', { name: 'Add date' }).click();
  await expect(page.getByText('This date is already in the calendar')).toBeVisible();
  await page.getByRole('button', { name: 'Remove 2026-12-25' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  await expect(page.locator('[data-date="2026-12-25"]')).toBeVisible();
  await page.getByRole('button', { name: 'Remove 2026-12-25' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByText('No holidays yet')).toBeVisible();
  await savedNotice(page);

  await page.getByRole('tab', { name: 'Webhooks' }).click();
  await expect(page.getByText('No webhooks')).toBeVisible();
  await page.getByLabel('URL').fill('ftp://example.com/hook');
  await page.getByRole('button', { name: 'Add webhook' }).click();
  await expect(page.getByText('url must be an absolute http(s) URL')).toBeVisible();
  await page.getByLabel('URL').fill('https://example.com/hooks/keymoment');
  await page.getByRole('button', { name: 'Add webhook' }).click();
  await expect(page.getByTestId('webhook-secret')).not.toBeEmpty();
  await page.getByRole('button', { name: 'I have stored it' }).click();
  await expect(page.getByText('https://example.com/hooks/keymoment')).toBeVisible();
  await page.getByRole('button', { name: 'Delivery log' }).click();
  await expect(page.getByText('Nothing has been sent to this webhook yet.')).toBeVisible();
  await page.getByRole('button', { name: 'Remove' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByText('No webhooks')).toBeVisible();
  await page.context().close();
});

test('the page in Russian, and read-only for frontline staff', async ({ browser }) => {
  const ru = await openAs(browser, ADMIN_EMAIL, ADMIN_PASSWORD, 'ru-RU', '/recovery/settings');
  await expect(ru.getByRole('heading', { name: 'Настройки восстановления' })).toBeVisible();
  await expect(ru.locator('[data-rule-index="0"]').getByLabel('NPS не выше')).toHaveValue('4');
  await screenshot(ru, 'recovery-settings-rules-ru');
  await ru.getByRole('tab', { name: 'SLA и часы работы' }).click();
  await expect(ru.getByLabel('Первый ответ')).toHaveValue('3 ч');
  await screenshot(ru, 'recovery-settings-sla-ru');
  await ru.context().close();

  const agent = await openAs(browser, AGENT_EMAIL, PASSWORD, 'en-US', '/recovery/settings');
  await expect(agent.getByTestId('recovery-settings-readonly')).toBeVisible();
  await expect(agent.locator('[data-rule-index="0"]').getByLabel('NPS at most')).toBeDisabled();
  await expect(agent.getByRole('button', { name: 'Save rules' })).toHaveCount(0);
  await agent.getByRole('tab', { name: 'Webhooks' }).click();
  await expect(agent.getByText('Only administrators and CX managers can see and manage webhooks.')).toBeVisible();
  await agent.context().close();
});

import { fileURLToPath } from 'node:url';
import { expect, request as playwrightRequest, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD, BASE_URL } from './e2e-constants';

/*
 * The one inbox in a real browser: notifications from two rooms (a case offered by a colleague, a
 * manager's praise) show in the header's bell with the unread count; opening the bell lists them in
 * the reader's language; choosing one opens its page and the count drops. Screenshots in Simplified
 * Chinese and Russian.
 */

const screenshotDir = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
const PASSWORD = 'correct horse battery';

async function ok<T = Record<string, unknown>>(response: Promise<import('@playwright/test').APIResponse>): Promise<T> {
  const settled = await response;
  if (!settled.ok()) throw new Error(`${settled.url()} → ${settled.status()}: ${await settled.text()}`);
  return (await settled.json()) as T;
}

async function signedIn(email: string, password: string, orgId?: string): Promise<APIRequestContext> {
  const api = await playwrightRequest.newContext({ baseURL: BASE_URL, extraHTTPHeaders: orgId ? { 'X-Org-Id': orgId } : {} });
  await ok(api.post('/api/v1/auth/sign-in', { data: { email, password } }));
  return api;
}

interface Person {
  userId: string;
  email: string;
  api: APIRequestContext;
}

let admin: APIRequestContext;
let orgId: string;
let outlet: string;

async function invite(email: string, name: string, role: string, locale: string): Promise<Person> {
  const { inviteUrl } = await ok<{ inviteUrl: string }>(admin.post('/api/v1/invitations', { data: { email, role, locationId: outlet } }));
  const token = new URL(inviteUrl).searchParams.get('token')!;
  const api = await playwrightRequest.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { 'X-Org-Id': orgId } });
  const accepted = await ok<{ user: { id: string } }>(api.post('/api/v1/invitations/accept', { data: { token, name, password: PASSWORD } }));
  await ok(api.patch('/api/v1/me', { data: { locale } }));
  return { userId: accepted.user.id, email, api };
}

/** A colleague offers `to` a case, and the manager praises them: two notifications from two rooms. */
async function notify(to: Person, staffId: string, staffName: string, from: Person, manager: Person, summary: string): Promise<string> {
  await ok(admin.put(`/api/v1/coaching/staff/${staffId}`, { data: { name: staffName, userId: to.userId, locationId: outlet, locale: 'en' } }));
  const opened = await ok<{ case: { caseId: string } }>(from.api.post('/api/v1/cases', { data: { channel: 'counter', summary, locationId: outlet } }));
  await ok(from.api.post(`/api/v1/cases/${opened.case.caseId}/transfer`, { data: { toUserId: to.userId } }));
  await ok(manager.api.post('/api/v1/coaching/recognition/praise', { data: { staffId, note: 'Calmed an angry customer and fixed the SIM on the spot' } }));
  return opened.case.caseId;
}

async function browserAs(browser: Browser, email: string, locale: string) {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 800 } });
  await ok(context.request.post('/api/v1/auth/sign-in', { data: { email, password: PASSWORD } }));
  return { context, page: await context.newPage() };
}

async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: `${screenshotDir}${name}.png` });
}

let zh: Person;
let ru: Person;
let zhCase: string;

test.beforeAll(async () => {
  const bootstrap = await signedIn(ADMIN_EMAIL, ADMIN_PASSWORD);
  orgId = (await ok<{ memberships: { orgId: string }[] }>(bootstrap.get('/api/v1/me'))).memberships[0]!.orgId;
  admin = await signedIn(ADMIN_EMAIL, ADMIN_PASSWORD, orgId);
  outlet = (await ok<{ locationId: string }>(admin.post('/api/v1/locations', { data: { name: 'Inbox hall', level: 'outlet', code: 'INBOX-1', timezone: 'Europe/Moscow' } }))).locationId;
  const manager = await invite('inbox.manager@example.com', 'Irina Manager', 'outlet_manager', 'en');
  const colleague = await invite('inbox.colleague@example.com', '陈明', 'agent', 'zh-CN');
  zh = await invite('inbox.zh@example.com', '周杰', 'agent', 'zh-CN');
  ru = await invite('inbox.ru@example.com', 'Ольга Петрова', 'agent', 'ru');
  zhCase = await notify(zh, 'INBOX-ZH', '周杰', colleague, manager, '客户的宽带三天无法使用');
  await notify(ru, 'INBOX-RU', 'Ольга Петрова', colleague, manager, 'Интернет не работает третий день');
});

test('the bell shows the unread count, lists notifications, opens one and the count drops (zh-CN)', async ({ browser }) => {
  const { context, page } = await browserAs(browser, zh.email, 'zh-CN');
  await page.goto('/');
  const bell = page.getByRole('button', { name: /通知（2 条未读）/ });
  await expect(bell).toBeVisible();
  await expect(page.getByTestId('notifications-count')).toContainText('2');
  await bell.click();
  const dialog = page.getByRole('dialog', { name: '通知' });
  await expect(dialog.getByRole('button', { name: /陈明 向您转交了一个工单/ })).toBeVisible();
  await expect(dialog.getByRole('button', { name: /Irina Manager赞赏了您/ })).toBeVisible();
  await expect(dialog.getByText('客户的宽带三天无法使用')).toBeVisible();
  await shot(page, 'notifications-bell-zh-CN');

  // Keyboard: the entries are buttons in the focus-trapped popover; Escape closes it.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await bell.click();
  await dialog.getByRole('button', { name: /陈明 向您转交了一个工单/ }).click();
  await expect(page).toHaveURL(new RegExp(`/cases/${zhCase}$`));
  await expect(page.getByRole('button', { name: /通知（1 条未读）/ })).toBeVisible();

  // Mark all read empties the badge; the read entries stay listed, no longer bold.
  await page.getByRole('button', { name: /通知（1 条未读）/ }).click();
  await page.getByRole('button', { name: '全部标为已读' }).click();
  await expect(page.getByRole('button', { name: '通知', exact: true })).toBeVisible();
  await context.close();
});

test('in Russian, with the empty state for someone without notifications', async ({ browser }) => {
  const { context, page } = await browserAs(browser, ru.email, 'ru');
  await page.goto('/');
  const bell = page.getByRole('button', { name: /Уведомления \(непрочитанных: 2\)/ });
  await bell.click();
  const dialog = page.getByRole('dialog', { name: 'Уведомления' });
  await expect(dialog.getByRole('button', { name: /Irina Manager: похвала для вас/ })).toBeVisible();
  await expect(dialog.getByText('Интернет не работает третий день')).toBeVisible();
  await shot(page, 'notifications-bell-ru');
  await context.close();

  // The manager who praised is not told about their own praise: an empty inbox.
  const { context: managerContext, page: managerPage } = await browserAs(browser, 'inbox.manager@example.com', 'en');
  await managerPage.goto('/');
  await managerPage.getByRole('button', { name: 'Notifications', exact: true }).click();
  await expect(managerPage.getByText('You have no notifications.')).toBeVisible();
  await managerContext.close();
});

import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './e2e-constants';

const screenshotDir = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

const ENGLISH_NAV = ['Journeys', 'Feedback', 'Insights', 'Recovery', 'Audits', 'Settings'];
const CHINESE_NAV = ['客户旅程', '反馈', '洞察', '服务补救', '审核', '设置'];

async function screenshot(page: Page, name: string): Promise<void> {
  // Fonts decide whether Chinese renders as glyphs or boxes: wait for them before capturing.
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: `${screenshotDir}${name}.png`, fullPage: true });
}

/** Chooses an interface language by its own name; the button's label is in the current language. */
async function chooseLanguage(page: Page, name: string): Promise<void> {
  await page.getByTestId('language-menu').click();
  await page.getByRole('menuitem', { name, exact: true }).click();
}

async function signIn(page: Page): Promise<void> {
  await page.getByLabel('E-mail').fill(ADMIN_EMAIL);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The sign-in page has a language button too: wait until the workspace replaced it.
  await expect(page).not.toHaveURL(/\/sign-in/);
}

test('a wrong password gets a generic error', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByLabel('E-mail').fill(ADMIN_EMAIL);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('The e-mail address or password is not correct.');
  await expect(page.getByRole('link', { name: 'Forgot password?' })).toBeVisible();
  await screenshot(page, 'sign-in-error-en');
});

test('signs in, switches to Simplified Chinese and creates locations', async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { name: 'Sign in to Keymoment' })).toBeVisible();
  await screenshot(page, 'sign-in-en');
  await signIn(page);

  await expect(page).toHaveURL(/\/journeys$/);
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  for (const label of ENGLISH_NAV) await expect(nav.getByText(label, { exact: true })).toBeVisible();
  await expect(page.getByText('Nothing here yet')).toBeVisible();
  await screenshot(page, 'journeys-en');

  await expect(page.getByRole('button', { name: 'Language: English' })).toBeVisible();
  await chooseLanguage(page, '简体中文');

  const zhNav = page.getByRole('navigation', { name: '主导航' });
  for (const label of CHINESE_NAV) await expect(zhNav.getByText(label, { exact: true })).toBeVisible();
  for (const label of ENGLISH_NAV) await expect(page.getByText(label, { exact: true })).toHaveCount(0);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await screenshot(page, 'journeys-zh-CN');

  // The choice is saved in the profile: it survives a reload.
  await page.reload();
  await expect(zhNav.getByText('客户旅程', { exact: true })).toBeVisible();

  await zhNav.getByText('设置', { exact: true }).click();
  await zhNav.getByRole('link', { name: '地点' }).click();
  await expect(page).toHaveURL(/\/settings\/locations$/);
  await expect(page.getByText('还没有地点')).toBeVisible();
  await screenshot(page, 'locations-empty-zh-CN');

  await page.getByRole('button', { name: '添加地点' }).first().click();
  const dialog = page.getByRole('dialog', { name: '新建地点' });
  await dialog.getByLabel('名称').fill('华东区');
  await screenshot(page, 'location-form-zh-CN');
  await dialog.getByRole('button', { name: '创建地点' }).click();
  await expect(dialog).toBeHidden();

  const tree = page.getByRole('list', { name: '地点' });
  await expect(tree.getByText('华东区', { exact: true })).toBeVisible();

  await tree.getByRole('button', { name: '「华东区」的操作' }).click();
  await page.getByRole('menuitem', { name: '在其中添加城市' }).click();
  const cityDialog = page.getByRole('dialog', { name: '新建地点' });
  await cityDialog.getByLabel('名称').fill('上海');
  await cityDialog.getByLabel('编码').fill('SH');
  await cityDialog.getByRole('button', { name: '创建地点' }).click();
  await expect(cityDialog).toBeHidden();

  // The city sits inside the region's list, one level down.
  const region = tree.getByRole('listitem').filter({ hasText: '华东区' });
  await expect(region.getByRole('listitem').filter({ hasText: '上海' })).toBeVisible();
  await screenshot(page, 'locations-tree-zh-CN');

  // On a phone the navigation hides behind the burger button.
  const phone = await page.context().newPage();
  await phone.setViewportSize({ width: 390, height: 844 });
  await phone.goto('/settings/locations');
  await expect(phone.getByRole('list', { name: '地点' }).getByText('上海')).toBeVisible();
  await screenshot(phone, 'locations-tree-zh-CN-phone');
  await phone.getByRole('button', { name: '打开导航' }).click();
  await expect(phone.getByRole('navigation', { name: '主导航' }).getByText('客户旅程')).toBeVisible();
  // Let the drawer finish sliding in (a CSS transition) before the picture is taken.
  await phone.waitForFunction(() => document.getAnimations().length === 0);
  await screenshot(phone, 'navigation-zh-CN-phone');
  await phone.close();
});

test('moves and archives locations', async ({ page }) => {
  await page.goto('/settings/locations');
  await signIn(page);
  await chooseLanguage(page, 'English');
  const tree = page.getByRole('list', { name: 'Locations' });

  for (const [name, level] of [
    ['Europe', 'Region'],
    ['Budapest', 'City'],
  ] as const) {
    await page.getByRole('button', { name: 'Add location' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New location' });
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByText(level, { exact: true }).click();
    await dialog.getByRole('button', { name: 'Create location' }).click();
    await expect(dialog).toBeHidden();
    await expect(tree.getByText(name, { exact: true })).toBeVisible();
  }

  // Move Budapest from the top level into Europe.
  await tree.getByRole('button', { name: 'Actions for Budapest' }).click();
  await page.getByRole('menuitem', { name: 'Edit or move' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit Budapest' });
  await edit.getByRole('combobox', { name: /^Inside/ }).click();
  await page.getByRole('option', { name: 'Europe', exact: true }).click();
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  const europe = tree.getByRole('listitem').filter({ hasText: 'Europe' });
  await expect(europe.getByRole('listitem').filter({ hasText: 'Budapest' })).toBeVisible();
  await screenshot(page, 'locations-moved-en');

  // A region with an active city inside cannot be archived: the server's reason is shown.
  await tree.getByRole('button', { name: 'Actions for Europe' }).click();
  await page.getByRole('menuitem', { name: 'Archive' }).click();
  await page.getByRole('dialog', { name: 'Archive Europe?' }).getByRole('button', { name: 'Archive' }).click();
  await expect(page.getByText('Europe still contains active locations. Archive or move them first.')).toBeVisible();
  await page.getByRole('dialog', { name: 'Archive Europe?' }).getByRole('button', { name: 'Cancel' }).click();

  await tree.getByRole('button', { name: 'Actions for Budapest' }).click();
  await page.getByRole('menuitem', { name: 'Archive' }).click();
  await page.getByRole('dialog', { name: 'Archive Budapest?' }).getByRole('button', { name: 'Archive' }).click();
  await expect(tree.getByText('Budapest', { exact: true })).toBeHidden();

  await page.getByRole('switch', { name: 'Show archived locations' }).check();
  await expect(tree.getByRole('listitem').filter({ hasText: 'Budapest' }).getByText('Archived')).toBeVisible();
  await screenshot(page, 'locations-archived-en');
});

test('a deep link while signed out returns there after signing in', async ({ page }) => {
  await page.goto('/settings/api-keys?from=e2e');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fsettings%2Fapi-keys%3Ffrom%3De2e$/);
  await signIn(page);
  await expect(page).toHaveURL(/\/settings\/api-keys\?from=e2e$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});

test('the sign-in page follows the browser language', async ({ browser }) => {
  for (const [locale, heading] of [
    ['zh-TW', '登入 Keymoment'],
    ['ru-RU', 'Вход в Keymoment'],
    ['hu-HU', 'Bejelentkezés a Keymomentbe'],
    ['de-DE', 'Sign in to Keymoment'],
  ] as const) {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    await page.goto('/sign-in');
    await expect(page.getByRole('heading', { name: heading })).toBeVisible();
    await screenshot(page, `sign-in-${locale}`);
    await context.close();
  }
});

test('settings pages: organisation, invitations and a one-time API key', async ({ page }) => {
  await page.goto('/settings/organisation');
  await signIn(page);
  // The profile keeps the language an earlier test chose; this one reads English.
  await chooseLanguage(page, 'English');

  await expect(page.getByLabel('Organisation name')).toHaveValue('Acme');
  await screenshot(page, 'organisation-en');

  await page.goto('/settings/users');
  await page.getByLabel('E-mail').fill('new.person@example.com');
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByText('Invitation sent to new.person@example.com')).toBeVisible();
  await expect(page.getByText(/\/invite\?token=/)).toBeVisible();
  await expect(page.getByRole('cell', { name: 'new.person@example.com' })).toBeVisible();
  await screenshot(page, 'users-en');

  await page.goto('/settings/api-keys');
  await page.getByRole('button', { name: 'Create API key' }).click();
  const dialog = page.getByRole('dialog', { name: 'New API key' });
  await dialog.getByLabel('Name').fill('Point of sale');
  await dialog.getByRole('button', { name: 'Create API key' }).click();
  const secret = page.getByTestId('api-key-secret');
  await expect(secret).toHaveText(/^km_/);
  await screenshot(page, 'api-key-created-en');
  await page.getByRole('button', { name: 'I have stored the key' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('cell', { name: 'Point of sale' })).toBeVisible();
  await screenshot(page, 'api-keys-en');
});

test('an invited person sets a name and password and lands in the organisation', async ({ page, browser }) => {
  await page.goto('/settings/users');
  await signIn(page);
  await chooseLanguage(page, 'English');
  await page.getByLabel('E-mail').fill('frontline@example.com');
  await page.getByRole('combobox', { name: 'Role', exact: true }).click();
  await page.getByRole('option', { name: 'Frontline staff' }).click();
  await page.getByRole('button', { name: 'Send invitation' }).click();
  const link = await page.locator('code').filter({ hasText: /\/invite\?token=/ }).innerText();

  const context = await browser.newContext({ locale: 'hu-HU' });
  const invitee = await context.newPage();
  await invitee.goto(link);
  await expect(invitee.getByRole('heading', { name: 'Meghívó elfogadása' })).toBeVisible();
  await expect(invitee.getByText('Meghívtak a(z) Acme szervezetbe, Ügyfélkapcsolati munkatárs szerepkörrel.')).toBeVisible();
  await invitee.getByLabel('A neved').fill('Frontline Fanni');
  await invitee.getByRole('textbox', { name: 'Válassz jelszót' }).fill('a long enough password');
  await screenshot(invitee, 'invite-hu');
  await invitee.getByRole('button', { name: 'Elfogadás és tovább' }).click();

  await expect(invitee).toHaveURL(/\/journeys$/);
  await expect(invitee.getByRole('button', { name: 'Szervezet: Acme. Szervezet váltása' })).toBeVisible();
  // A frontline member may not manage API keys: the page says so instead of failing.
  await invitee.goto('/settings/api-keys');
  await expect(invitee.getByText('Az API-kulcsokat csak adminisztrátorok láthatják és kezelhetik.')).toBeVisible();
  await screenshot(invitee, 'api-keys-not-admin-hu');
  await context.close();
});

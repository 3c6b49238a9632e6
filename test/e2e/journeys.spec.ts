import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './e2e-constants';

const screenshotDir = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
const JOURNEY = 'telecom-service-hall';

async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: `${screenshotDir}${name}.png`, fullPage });
}

async function signInInEnglish(page: Page): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('E-mail').fill(ADMIN_EMAIL);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
  // The profile keeps the language an earlier test chose; these steps read English.
  const menu = page.getByTestId('language-menu');
  if ((await menu.getAttribute('aria-label')) !== 'Language: English') {
    await menu.click();
    await page.getByRole('menuitem', { name: 'English', exact: true }).click();
  }
  await expect(page.getByTestId('language-menu')).toHaveAttribute('aria-label', 'Language: English');
}

/** The moment keys of one stage column, in the order shown. */
async function cardOrder(stage: Locator): Promise<string[]> {
  return stage.locator('[data-moment-key]').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-moment-key') ?? ''));
}

test('creates a journey from the telecom template, edits, reorders with the keyboard, publishes, shows the staff view and prints the poster', async ({ page }) => {
  await signInInEnglish(page);
  await page.goto('/journeys');
  await expect(page.getByRole('heading', { name: 'Start from a template' })).toBeVisible();
  await expect(page.getByTestId(/^template-/)).toHaveCount(6);
  await screenshot(page, 'journeys-templates-en');

  // One click creates the journey from the template and opens the editor.
  await page.getByTestId(`template-${JOURNEY}`).getByRole('button').click();
  await expect(page).toHaveURL(new RegExp(`/journeys/${JOURNEY}$`));
  const hall = page.getByTestId('stage-in-the-hall');
  await expect(hall.getByTestId('moment-card-counter-transaction')).toBeVisible();
  expect(await cardOrder(hall)).toEqual(['greeting', 'queue-triage', 'counter-transaction', 'data-service-trial', 'phone-purchase']);
  await screenshot(page, 'journey-editor-en');

  // The side panel edits a moment: the English name, and a need added in Simplified Chinese.
  await hall.getByTestId('moment-card-counter-transaction').click();
  const drawer = page.getByRole('dialog');
  await expect(drawer.getByRole('tab', { name: /English/ })).toHaveAttribute('aria-selected', 'true');
  await drawer.getByTestId('moment-name-input').fill('Counter transaction: fast and right');
  await drawer.getByRole('button', { name: 'Add need' }).click();
  await drawer.getByRole('textbox', { name: "Customer's core needs 4" }).fill('Done in one visit');
  // The same need in Simplified Chinese, on that language's tab (the English text shows as a hint).
  await drawer.getByRole('tab', { name: /简体中文/ }).click();
  const need = drawer.getByRole('textbox', { name: "Customer's core needs 4" });
  await expect(need).toHaveAttribute('placeholder', 'Done in one visit');
  await need.fill('一次办好');
  await screenshot(page, 'journey-moment-drawer-zh-CN-tab', false);
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await expect(hall.getByTestId('moment-card-counter-transaction')).toContainText('Counter transaction: fast and right');

  // Keyboard only: focus a card, move it up with Alt+ArrowUp, hear where it went.
  const queue = hall.getByTestId('moment-card-queue-triage');
  await queue.focus();
  await expect(queue).toBeFocused();
  await page.keyboard.press('Alt+ArrowUp');
  expect(await cardOrder(hall)).toEqual(['queue-triage', 'greeting', 'counter-transaction', 'data-service-trial', 'phone-purchase']);
  await expect(page.getByTestId('board-announcer')).toHaveText(/moved to position 1 of 5 in In the service hall/);
  await expect(hall.getByTestId('moment-card-queue-triage')).toBeFocused();
  // Arrow keys alone move the focus; Alt+ArrowRight moves the focused card to the next stage.
  await page.keyboard.press('ArrowDown');
  await expect(hall.getByTestId('moment-card-greeting')).toBeFocused();
  await page.keyboard.press('Alt+ArrowRight');
  expect(await cardOrder(page.getByTestId('stage-leaving'))).toEqual(['leave', 'greeting']);
  // Ctrl+Z takes the last move back.
  await page.keyboard.press('Control+z');
  expect(await cardOrder(hall)).toEqual(['queue-triage', 'greeting', 'counter-transaction', 'data-service-trial', 'phone-purchase']);
  await screenshot(page, 'journey-editor-keyboard-moved');

  // Save (Ctrl+S) and publish with a note.
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('save-state')).toHaveText(/Saved · revision 2/);
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  const publish = page.getByRole('dialog', { name: 'Publish a new version' });
  await publish.getByLabel('Version note').fill('Queue first, then greeting; counter renamed');
  await publish.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page.getByText('Version 1 is published')).toBeVisible();
  await expect(publish).toBeHidden();

  // The versions panel lists version 1 with its note and compares it with the draft.
  await page.getByRole('button', { name: 'Versions' }).click();
  const versions = page.getByRole('dialog', { name: 'Versions' });
  await expect(versions.getByText('Queue first, then greeting; counter renamed')).toBeVisible();
  await expect(versions.getByText('No differences.')).toBeVisible();
  await screenshot(page, 'journey-versions', false);
  await page.keyboard.press('Escape');

  // The blueprint poster, downloaded from the editor: a PDF in Simplified Chinese and a PNG in Russian.
  for (const [language, format, label] of [
    ['简体中文', 'pdf', 'zh-CN'],
    ['Русский', 'png', 'ru'],
  ] as const) {
    await page.getByRole('button', { name: 'Poster', exact: true }).click();
    const poster = page.getByRole('dialog', { name: 'Blueprint poster' });
    await poster.getByRole('combobox', { name: 'Language of the poster' }).click();
    await page.getByRole('option', { name: language }).click();
    await poster.getByText(format === 'pdf' ? 'PDF for printing' : 'PNG image').click();
    if (label === 'zh-CN') await screenshot(page, 'journey-poster-dialog', false);
    const [download] = await Promise.all([page.waitForEvent('download'), poster.getByRole('button', { name: 'Download poster' }).click()]);
    expect(download.suggestedFilename()).toBe(`${JOURNEY}-central-v1-${label}.${format}`);
    const file = `${screenshotDir}poster-${label}.${format}`;
    await download.saveAs(file);
    if (format === 'pdf' && existsSync('/usr/bin/pdftoppm')) {
      execFileSync('pdftoppm', ['-r', '60', '-png', '-singlefile', file, `${screenshotDir}poster-${label}-pdf`]);
    }
  }

  // The staff view of one moment on a 360 px phone: needs, key points, numbered guide, owner, targets.
  await page.setViewportSize({ width: 360, height: 780 });
  await page.goto(`/journeys/${JOURNEY}/moments/counter-transaction`);
  await expect(page.getByRole('heading', { level: 1, name: 'Counter transaction: fast and right' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Action guide' })).toBeVisible();
  await expect(page.locator('ol li').first()).toContainText('Serve quickly');
  await expect(page.getByText('Service time')).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(page, 'staff-view-360-en');
});

test('an outlet sees central moments locked, adjusts a target, adds its own moment and is told when the server refuses', async ({ page }) => {
  await signInInEnglish(page);
  // An outlet to work in, made through the API as an administrator would.
  const response = await page.request.post('/api/v1/locations', { data: { name: 'Váci utca outlet', level: 'outlet', code: 'BUD-01' } });
  expect(response.status()).toBe(201);

  await page.goto(`/journeys/${JOURNEY}`);
  await page.getByRole('tab', { name: 'Locations' }).click();
  await page.getByRole('combobox', { name: 'Location' }).click();
  await page.getByRole('option', { name: /Váci utca outlet/ }).click();
  const panel = page.getByRole('tabpanel', { name: 'Locations' });
  const hall = panel.getByTestId('stage-in-the-hall');
  await expect(hall.getByTestId('moment-card-counter-transaction')).toBeVisible();

  // A central moment opens read-only: no delete, no name field to change, only adjustable targets.
  await hall.getByTestId('moment-card-queue-triage').click();
  const drawer = page.getByRole('dialog');
  await expect(drawer.getByText('Central', { exact: true })).toBeVisible();
  await expect(drawer.getByRole('button', { name: 'Delete moment' })).toHaveCount(0);
  await expect(drawer.getByTestId('moment-name-input')).toHaveAttribute('readonly', '');
  const waitTarget = drawer.getByTestId('adjust-wait_seconds');
  await waitTarget.fill('480');
  await screenshot(page, 'override-central-moment', false);
  await page.keyboard.press('Escape');

  // Its own moment, first left without an English name: the server refuses and says why.
  await panel.getByTestId('stage-leaving').getByRole('button', { name: /Add moment/ }).click();
  const local = page.getByRole('dialog');
  await local.getByTestId('moment-name-input').fill('');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Save location changes' }).click();
  await expect(page.getByTestId('override-error')).toContainText('no text in the fallback language');
  await screenshot(page, 'override-refused');

  await panel.getByTestId('stage-leaving').getByTestId(/moment-card-local-moment/).click();
  await page.getByRole('dialog').getByTestId('moment-name-input').fill('Umbrella on rainy days');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Save location changes' }).click();
  await expect(page.getByText("The location's changes are saved")).toBeVisible();
  await expect(panel.getByTestId('stage-leaving').getByText('Umbrella on rainy days')).toBeVisible();
  await expect(hall.getByTestId('moment-card-queue-triage')).toContainText('≤ 8 min');
  await screenshot(page, 'override-saved');
});

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
  // The profile keeps the language an earlier test chose; these steps read English. The profile's
  // language may arrive just after the first paint, so check again until English holds.
  const menu = page.getByTestId('language-menu');
  await expect(async () => {
    if ((await menu.getAttribute('aria-label')) !== 'Language: English') {
      await menu.click();
      await page.getByRole('menuitem', { name: 'English', exact: true }).click();
    }
    await expect(menu).toHaveAttribute('aria-label', 'Language: English', { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
}

/** The moment keys of one stage column, in the order shown. */
async function cardOrder(stage: Locator): Promise<string[]> {
  return stage.locator('[data-moment-key]').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-moment-key') ?? ''));
}

test('creates a journey from the telecom template, edits, reorders with the keyboard, publishes, shows the staff view and prints the poster', async ({ page }) => {
  // Three posters are drawn on the server: on a busy two-core machine this takes more than a minute.
  test.setTimeout(180_000);
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

  // The blueprint poster, downloaded from the editor: PDFs in Simplified Chinese and Russian, and a PNG.
  for (const [language, format, label] of [
    ['简体中文', 'pdf', 'zh-CN'],
    ['Русский', 'pdf', 'ru'],
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
  // The visit purposes whose peak this moment is.
  await expect(page.getByTestId('staff-peak-for')).toContainText('Pay a bill or change a plan');
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

test('visit purposes: added, translated and given their own peaks over the same blueprint, deleted and undone', async ({ page }) => {
  await signInInEnglish(page);
  await page.goto(`/journeys/${JOURNEY}`);
  const purposes = page.getByTestId('purposes-section');
  await expect(purposes.getByTestId(/^purpose-/)).toHaveCount(3);
  await expect(purposes.getByTestId('purpose-buy-phone')).toContainText('Buying a phone');

  // The lens shows one purpose's peaks on the same cards: a bill payer's peak is the counter, not the phone purchase.
  const hall = page.getByTestId('stage-in-the-hall');
  await page.getByTestId('purpose-lens').click();
  await page.getByRole('option', { name: 'Pay a bill or change a plan' }).click();
  await expect(page.getByTestId('purpose-lens-note')).toContainText('Pay a bill or change a plan');
  await expect(hall.getByTestId('moment-card-counter-transaction')).toHaveAttribute('aria-label', /Peak/);
  await expect(hall.getByTestId('moment-card-phone-purchase')).not.toHaveAttribute('aria-label', /Peak/);
  await screenshot(page, 'journey-purpose-lens');

  // A new purpose, keyboard only: the dialog opens on the name field of the main language.
  await purposes.getByRole('button', { name: 'Add visit purpose' }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'New visit purpose' });
  await expect(dialog.getByTestId('purpose-name-input')).toBeFocused();
  await page.keyboard.type('Collect a repaired phone');
  await expect(dialog.getByRole('textbox', { name: 'Key' })).toHaveValue('collect-a-repaired-phone');
  // Its name in Russian, on that language's tab (arrow keys move between the tabs).
  await dialog.getByRole('tab', { name: /English/ }).focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(dialog.getByRole('tab', { name: /Русский/ })).toHaveAttribute('aria-selected', 'true');
  await dialog.getByTestId('purpose-name-input').fill('Забрать телефон из ремонта');
  // Its peaks: ticked with the space bar.
  await dialog.getByRole('checkbox', { name: /Counter transaction/ }).focus();
  await page.keyboard.press('Space');
  await dialog.getByRole('checkbox', { name: /Leaving the hall/ }).focus();
  await page.keyboard.press('Space');
  await screenshot(page, 'journey-purpose-dialog', false);
  await dialog.getByRole('button', { name: 'Add visit purpose' }).click();
  await expect(dialog).toBeHidden();
  const added = purposes.getByTestId('purpose-collect-a-repaired-phone');
  await expect(added).toContainText('Collect a repaired phone');
  await expect(added.getByText(/Counter transaction/)).toBeVisible();
  await expect(added.getByText('Leaving the hall')).toBeVisible();
  await expect(added).toContainText('Translations missing in 3 languages');

  // A moment's side panel marks it a peak of a purpose too.
  await hall.getByTestId('moment-card-phone-purchase').focus();
  await page.keyboard.press('Enter');
  const drawer = page.getByRole('dialog');
  await drawer.getByRole('checkbox', { name: 'Collect a repaired phone' }).focus();
  await page.keyboard.press('Space');
  await expect(drawer.getByRole('checkbox', { name: 'Collect a repaired phone' })).toBeChecked();
  await page.keyboard.press('Escape');
  await expect(hall.getByTestId('moment-card-phone-purchase')).toBeFocused();
  await expect(added.getByText('Buying a phone')).toBeVisible();

  // Deleting a purpose asks first, and Ctrl+Z brings it back.
  await purposes.getByRole('button', { name: 'Delete the visit purpose Try data services' }).click();
  await page.getByRole('dialog', { name: /Delete the visit purpose/ }).getByRole('button', { name: 'Delete visit purpose' }).click();
  await expect(purposes.getByTestId('purpose-try-data')).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(purposes.getByTestId('purpose-try-data')).toBeVisible();
  await screenshot(page, 'journey-purposes');

  // Saved with Ctrl+S, the draft holds the purpose in two languages with its peaks in journey order.
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('save-state')).toHaveText(/Saved · revision/);
  const draft = await (await page.request.get(`/api/v1/journeys/${JOURNEY}/draft`)).json();
  expect(draft.blueprint.purposes.map((purpose: { key: string }) => purpose.key)).toEqual(['pay-bill', 'buy-phone', 'try-data', 'collect-a-repaired-phone']);
  expect(draft.blueprint.purposes[3]).toEqual({
    key: 'collect-a-repaired-phone',
    name: { en: 'Collect a repaired phone', ru: 'Забрать телефон из ремонта' },
    peakMomentKeys: ['counter-transaction', 'phone-purchase', 'leave'],
  });
  expect(draft.problems.filter((problem: { severity: string }) => problem.severity === 'error')).toEqual([]);

  // Renamed in Russian later: the dialog keeps the key once the purpose exists.
  await added.getByRole('button', { name: 'Edit the visit purpose Collect a repaired phone' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit visit purpose' });
  await edit.getByRole('tab', { name: /Русский/ }).click();
  await edit.getByTestId('purpose-name-input').fill('Получить телефон после ремонта');
  await edit.getByRole('button', { name: 'Save' }).click();
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('save-state')).toHaveText(/Saved · revision/);
  const renamed = await (await page.request.get(`/api/v1/journeys/${JOURNEY}/draft`)).json();
  expect(renamed.blueprint.purposes[3].name).toEqual({ en: 'Collect a repaired phone', ru: 'Получить телефон после ремонта' });

  // A purpose without peaks is saved with a warning, worded in the reader's language and placed in words.
  await purposes.getByRole('button', { name: 'Add visit purpose' }).click();
  const browsing = page.getByRole('dialog', { name: 'New visit purpose' });
  await browsing.getByTestId('purpose-name-input').fill('Just looking around');
  await expect(browsing.getByText('No peak is ticked')).toBeVisible();
  await browsing.getByRole('button', { name: 'Add visit purpose' }).click();
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('save-state')).toHaveText(/Saved · revision/);
  await page.getByRole('button', { name: 'Errors: 0 · warnings: 1' }).click();
  await expect(page.getByRole('dialog', { name: 'Errors: 0 · warnings: 1' })).toContainText('Visit purpose «Just looking around» › Peak moments for this purpose: This visit purpose marks no peak moment');
  await page.waitForTimeout(400); // the popover fades in; the picture should show it settled
  await screenshot(page, 'journey-problems-en', false);
  await page.keyboard.press('Escape');
  await page.getByTestId('language-menu').click();
  await page.getByRole('menuitem', { name: 'Русский', exact: true }).click();
  await page.getByRole('button', { name: 'Ошибок: 0 · предупреждений: 1' }).click();
  await expect(page.getByRole('dialog', { name: 'Ошибок: 0 · предупреждений: 1' })).toContainText('Цель визита «Just looking around» › Пиковые моменты для этой цели: У этой цели визита не отмечен пиковый момент');
  await page.waitForTimeout(400); // the popover fades in; the picture should show it settled
  await screenshot(page, 'journey-problems-ru', false);
  await page.keyboard.press('Escape');
  // Back to English for the tests that follow.
  await page.getByTestId('language-menu').click();
  await page.getByRole('menuitem', { name: 'English', exact: true }).click();
  await expect(page.getByTestId('language-menu')).toHaveAttribute('aria-label', 'Language: English');
});

test('the editor by keyboard alone: open a card, edit in the side panel, undo, move cards', async ({ page }) => {
  await signInInEnglish(page);
  await page.goto(`/journeys/${JOURNEY}`);
  const hall = page.getByTestId('stage-in-the-hall');
  // Tab reaches the first card from the page (no mouse).
  await page.getByRole('button', { name: 'Add stage' }).waitFor();
  await page.locator('body').focus();
  let reached = false;
  for (let i = 0; i < 80 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.getAttribute('data-moment-key') === 'find-outlet');
  }
  expect(reached).toBe(true);
  await page.keyboard.press('ArrowRight');
  await expect(hall.getByTestId('moment-card-queue-triage')).toBeFocused();

  // Enter opens the side panel; Tab reaches the fields; Escape closes it and gives the focus back to the card.
  await page.keyboard.press('Enter');
  const drawer = page.getByRole('dialog');
  await expect(drawer).toBeVisible();
  const name = drawer.getByTestId('moment-name-input');
  for (let i = 0; i < 30 && !(await name.evaluate((element) => element === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(name).toBeFocused();
  await page.keyboard.press('End');
  await page.keyboard.type(' (keyboard)');
  await screenshot(page, 'journey-keyboard-drawer', false);
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  const card = hall.getByTestId('moment-card-queue-triage');
  await expect(card).toBeFocused();
  await expect(card).toContainText('(keyboard)');

  // Ctrl+Z takes the typing back as one edit; Ctrl+Y redoes it; Ctrl+Z again.
  await page.keyboard.press('Control+z');
  await expect(card).not.toContainText('(keyboard)');
  await page.keyboard.press('Control+y');
  await expect(card).toContainText('(keyboard)');
  await page.keyboard.press('Control+z');
  await expect(card).not.toContainText('(keyboard)');

  // Alt+ArrowDown moves the card; the focus stays on it and the move is announced.
  const before = await cardOrder(hall);
  await card.focus();
  await page.keyboard.press('Alt+ArrowDown');
  const after = await cardOrder(hall);
  const at = before.indexOf('queue-triage');
  expect(after.indexOf('queue-triage')).toBe(at + 1);
  await expect(hall.getByTestId('moment-card-queue-triage')).toBeFocused();
  await expect(page.getByTestId('board-announcer')).toHaveText(new RegExp(`moved to position ${at + 2} of`));
  // Typing in the side panel right after a move stays in the field: the focus is not pulled back to the card.
  await page.keyboard.press('Enter');
  await expect(drawer).toBeVisible();
  for (let i = 0; i < 30 && !(await name.evaluate((element) => element === document.activeElement)); i++) await page.keyboard.press('Tab');
  await page.keyboard.press('End');
  await page.keyboard.type(' moved');
  await expect(name).toBeFocused();
  await expect(name).toHaveValue(/ moved$/);
  await page.keyboard.press('Escape');
  await expect(hall.getByTestId('moment-card-queue-triage')).toBeFocused();
  await page.keyboard.press('Control+z');
  await expect(hall.getByTestId('moment-card-queue-triage')).not.toContainText(' moved');
  // The toolbar's Undo button is reachable and takes the move back.
  await expect(page.getByRole('button', { name: 'Undo' })).toBeEnabled();
  await page.getByRole('button', { name: 'Undo' }).focus();
  await page.keyboard.press('Enter');
  expect(await cardOrder(hall)).toEqual(before);
  await screenshot(page, 'journey-keyboard-undone');

  // Shortcuts of the hidden Locations tab do not touch the draft, and the other way round.
  await page.getByRole('tab', { name: 'Locations' }).click();
  await page.keyboard.press('Control+y');
  await page.getByRole('tab', { name: 'Central blueprint' }).click();
  expect(await cardOrder(hall)).toEqual(before);
});

test('an outlet reorders its own moments with the keyboard and by dragging; central moments stay put', async ({ page }) => {
  await signInInEnglish(page);
  await page.goto(`/journeys/${JOURNEY}`);
  await page.getByRole('tab', { name: 'Locations' }).click();
  await page.getByRole('combobox', { name: 'Location' }).click();
  await page.getByRole('option', { name: /Váci utca outlet/ }).click();
  const panel = page.getByRole('tabpanel', { name: 'Locations' });
  const leaving = panel.getByTestId('stage-leaving');
  const hall = panel.getByTestId('stage-in-the-hall');
  const announcer = page.getByTestId('override-announcer');
  await expect(leaving.getByText('Umbrella on rainy days')).toBeVisible();
  const local = leaving.locator('[data-moment-key^="local-moment"]');
  const localKey = (await local.getAttribute('data-moment-key'))!;
  expect(await cardOrder(leaving)).toEqual(['leave', localKey]);

  // Alt+ArrowUp puts the outlet's moment before the central end moment.
  await local.focus();
  await page.keyboard.press('Alt+ArrowUp');
  expect(await cardOrder(leaving)).toEqual([localKey, 'leave']);
  await expect(announcer).toHaveText('Umbrella on rainy days moved to position 1 of 2 in Leaving');
  await expect(panel.getByTestId(`moment-card-${localKey}`)).toBeFocused();
  // Alt+ArrowLeft moves it into the previous stage.
  await page.keyboard.press('Alt+ArrowLeft');
  expect((await cardOrder(hall))[0]).toBe(localKey);
  await expect(announcer).toHaveText(/moved to position 1 of 6 in In the service hall/);
  // A central moment does not move, and says why.
  await leaving.getByTestId('moment-card-leave').focus();
  await page.keyboard.press('Alt+ArrowUp');
  await expect(announcer).toHaveText('Central moments and moments set above this location cannot be moved here');
  expect(await cardOrder(leaving)).toEqual(['leave']);
  await screenshot(page, 'override-keyboard-moved');
  // Ctrl+Z takes the stage change back.
  await page.keyboard.press('Control+z');
  expect(await cardOrder(leaving)).toEqual([localKey, 'leave']);
  await page.keyboard.press('Control+s');
  await expect(page.getByText("The location's changes are saved")).toBeVisible();

  const outlet = (await (await page.request.get('/api/v1/locations?limit=100')).json()).items.find((location: { name: string }) => location.name === 'Váci utca outlet');
  const effectiveOrder = async () =>
    ((await (await page.request.get(`/api/v1/journeys/${JOURNEY}/effective/${outlet.locationId}`)).json()).moments as { key: string; origin: string }[]).map(
      (moment) => moment.key,
    );
  const saved = await effectiveOrder();
  expect(saved.slice(saved.indexOf(localKey), saved.indexOf(localKey) + 2)).toEqual([localKey, 'leave']);

  // Dragged with the mouse onto a central card in the hall: it lands in that card's place. (A tall
  // window keeps the whole board in view: near the window's edge, dragging scrolls the page.)
  await page.setViewportSize({ width: 1280, height: 1600 });
  const hallBefore = await cardOrder(hall);
  const greetingAt = hallBefore.indexOf('greeting');
  const source = await panel.getByTestId(`moment-card-${localKey}`).boundingBox();
  const target = await hall.getByTestId('moment-card-greeting').boundingBox();
  await page.mouse.move(source!.x + source!.width / 2, source!.y + source!.height / 2);
  await page.mouse.down();
  await page.mouse.move(source!.x + source!.width / 2 + 20, source!.y + source!.height / 2, { steps: 5 });
  await page.mouse.move(target!.x + target!.width / 2, target!.y + target!.height / 2, { steps: 20 });
  await page.mouse.up();
  expect(await cardOrder(hall)).toEqual(hallBefore.toSpliced(greetingAt, 0, localKey));
  await page.getByRole('button', { name: 'Save location changes' }).click();
  await expect(page.getByText("The location's changes are saved").first()).toBeVisible();
  const dragged = await effectiveOrder();
  expect(dragged.slice(dragged.indexOf(localKey), dragged.indexOf(localKey) + 2)).toEqual([localKey, 'greeting']);
  await screenshot(page, 'override-dragged');
});

test('every template can be created with one click in each of the five languages', async ({ page }) => {
  test.setTimeout(300_000);
  await signInInEnglish(page);
  const languages = [
    ['en', 'English'],
    ['zh-CN', '简体中文'],
    ['zh-TW', '繁體中文'],
    ['ru', 'Русский'],
    ['hu', 'Magyar'],
  ] as const;
  for (const [locale, label] of languages) {
    await page.getByTestId('language-menu').click();
    await page.getByRole('menuitem', { name: label, exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', locale);
    const templates = (await (await page.request.get(`/api/v1/journey-templates?locale=${locale}`)).json()).items as { key: string; name: string }[];
    expect(templates).toHaveLength(6);
    for (const template of templates) {
      const document = await (await page.request.get(`/api/v1/journey-templates/${template.key}`)).json();
      await page.goto('/journeys');
      const card = page.getByTestId(`template-${template.key}`);
      await expect(card.getByRole('heading')).toHaveText(template.name);
      await card.getByRole('button').click();
      await expect(page).toHaveURL(new RegExp(`/journeys/${template.key}(-\\d+)?$`));
      // The editor shows the journey and its first moment in the language chosen.
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(template.name);
      const first = document.moments[0] as { key: string; name: Record<string, string> };
      await expect(page.getByTestId(`moment-card-${first.key}`)).toContainText(first.name[locale]!);
      if (template.key === 'telecom-service-hall' && locale !== 'en') await screenshot(page, `journey-editor-${locale}`);
    }
    if (locale !== 'en') {
      await page.goto('/journeys');
      await expect(page.getByTestId(/^template-/)).toHaveCount(6);
      await screenshot(page, `journeys-templates-${locale}`);
    }
  }
  // Back to English for the tests that follow.
  await page.getByTestId('language-menu').click();
  await page.getByRole('menuitem', { name: 'English', exact: true }).click();
});

import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD, BASE_URL } from './e2e-constants';

/*
 * The channels in a real browser: the kiosk page on a tablet (faces, keyboard, offline queue, sync,
 * auto-reset) and the embeddable widget on a host page served from another origin (shown after load,
 * answered inside the iframe, "don't ask again", and refused by the browser on an origin the widget
 * does not allow).
 */

const screenshotDir = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
const HOST_PORT = 4206;
const FOREIGN_PORT = 4207;

async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: `${screenshotDir}channels-${name}.png`, fullPage: true });
}

async function signIn(request: APIRequestContext): Promise<void> {
  const response = await request.post('/api/v1/auth/sign-in', { data: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
  expect(response.status()).toBe(200);
}

async function ensureSurvey(request: APIRequestContext): Promise<void> {
  if ((await request.get('/api/v1/surveys/kiosk-visit')).status() === 200) return;
  const created = await request.post('/api/v1/surveys', {
    data: {
      key: 'kiosk-visit',
      name: { en: 'Kiosk visit' },
      definition: {
        kind: 'relationship',
        title: { en: 'How was your visit?', hu: 'Milyen volt a látogatása?' },
        questions: [
          { id: 'satisfaction', type: 'csat', required: true, title: { en: 'How satisfied are you today?', hu: 'Mennyire elégedett ma?' } },
          { id: 'comment', type: 'text', title: { en: 'Anything to add?', hu: 'Szeretne még valamit mondani?' } },
        ],
      },
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  expect((await request.post('/api/v1/surveys/kiosk-visit/publish', { data: {} })).status()).toBe(201);
}

async function ensureLocation(request: APIRequestContext): Promise<string> {
  const existing = (await (await request.get('/api/v1/locations')).json()).items.find((item: { code: string | null }) => item.code === 'E2E-K1');
  if (existing) return existing.locationId;
  const created = await request.post('/api/v1/locations', { data: { name: 'Váci utca', level: 'outlet', code: 'E2E-K1' } });
  expect(created.status(), await created.text()).toBe(201);
  return (await created.json()).locationId;
}

test('kiosk: faces in the device language, keyboard, offline queue synced later once, auto-reset', async ({ page, context }) => {
  test.setTimeout(120_000);
  await signIn(page.request);
  await ensureSurvey(page.request);
  const locationId = await ensureLocation(page.request);
  const created = await page.request.post('/api/v1/kiosk-devices', { data: { name: 'Counter 1', surveyKey: 'kiosk-visit', locationId, staffId: 'anna', locale: 'hu', resetSeconds: 6 } });
  expect(created.status(), await created.text()).toBe(201);
  const device = await created.json();

  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto(`/k/${device.token}`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'hu');
  await expect(page.getByRole('heading', { name: 'Mennyire elégedett ma?' })).toBeVisible();
  const faces = page.getByRole('group', { name: 'Mennyire elégedett ma?' }).getByRole('button');
  await expect(faces).toHaveCount(5);
  await expect(faces.nth(3)).toHaveAccessibleName('4 – Elégedett');
  const box = await faces.first().boundingBox();
  expect(box!.height).toBeGreaterThanOrEqual(96);
  await screenshot(page, 'kiosk-faces');

  // Offline: the answers stay on the device.
  await context.setOffline(true);
  // Keyboard: the first face has focus; Tab to the fourth, Enter.
  await expect(faces.first()).toBeFocused();
  for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Szeretne még valamit mondani?' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Szeretne még valamit mondani?' }).fill('Kedves kiszolgálás');
  await page.getByRole('button', { name: 'Küldés' }).click();
  await expect(page.getByRole('heading', { name: 'Köszönjük!' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('Nincs kapcsolat');
  await screenshot(page, 'kiosk-thanks-offline');
  const queued = await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('km-kiosk:')).map((key) => JSON.parse(localStorage.getItem(key)!)));
  expect(queued[0]).toHaveLength(1);
  expect(queued[0][0].answers).toEqual({ satisfaction: 4, comment: 'Kedves kiszolgálás' });

  // Auto-reset back to the first question.
  await expect(page.getByRole('heading', { name: 'Mennyire elégedett ma?' })).toBeVisible({ timeout: 10_000 });

  // Back online: the queue is uploaded and emptied.
  await context.setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await expect.poll(async () => page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('km-kiosk:')).map((key) => JSON.parse(localStorage.getItem(key)!).length)[0])).toBe(0);
  const stored = (await (await page.request.get('/api/v1/responses?channel=kiosk&surveyKey=kiosk-visit')).json()).items;
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({ channel: 'kiosk', locationId, staffId: 'anna', csat: 4, comment: 'Kedves kiszolgálás', locale: 'hu' });

  // The same queue uploaded again (its answer lost on the way) is stored once.
  const again = await page.request.post(`/api/v1/public/kiosk/${device.token}/responses`, { data: { responses: queued[0] } });
  expect((await again.json()).existing).toBe(1);
  expect((await (await page.request.get('/api/v1/responses?channel=kiosk&surveyKey=kiosk-visit')).json()).items).toHaveLength(1);
});

function hostPage(scriptUrl: string, token: string, event: string): string {
  return `<!doctype html><html lang="hu"><head><meta charset="utf-8"><title>Webshop</title></head><body>
<h1>Webshop</h1><p>Termékek…</p>
<button id="ask" onclick="keymoment('show')">Vélemény</button>
<script src="${scriptUrl}" data-survey="${token}" data-event="${event}" data-delay="1" async></script>
</body></html>`;
}

test('widget: shown after load on an allowed origin, answered in the iframe, "don’t ask again" respected, refused elsewhere; under 15 KB gzipped', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page.request);
  await ensureSurvey(page.request);
  const script = await page.request.get('/w/widget.js');
  const gzipped = gzipSync(await script.body(), { level: 9 }).length;
  console.log(`[widget] widget.js ${(await script.body()).length} bytes, ${gzipped} bytes gzipped`);
  expect(gzipped).toBeLessThanOrEqual(15 * 1024);

  const created = await page.request.post('/api/v1/surveys/kiosk-visit/widgets', { data: { name: 'Webshop', allowedOrigins: [`http://127.0.0.1:${HOST_PORT}`] } });
  expect(created.status(), await created.text()).toBe(201);
  const widget = await created.json();

  const pages: Record<number, string> = {
    [HOST_PORT]: hostPage(`${BASE_URL}/w/widget.js`, widget.token, 'load'),
    [FOREIGN_PORT]: hostPage(`${BASE_URL}/w/widget.js`, widget.token, 'manual'),
  };
  const servers = [HOST_PORT, FOREIGN_PORT].map((port) =>
    http.createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(pages[port])).listen(port, '127.0.0.1'),
  );
  try {
    await page.goto(`http://127.0.0.1:${HOST_PORT}/`);
    const dialog = page.getByRole('dialog', { name: 'Kérdőív' });
    await expect(dialog).toBeVisible({ timeout: 10_000 });
    const survey = page.frameLocator('iframe[title="Kérdőív"]');
    await expect(survey.getByText('Mennyire elégedett ma?')).toBeVisible();
    await screenshot(page, 'widget-open');
    await survey.locator('label.pt').filter({ hasText: /^5/ }).click();
    await survey.getByRole('button', { name: 'Beküldés' }).click();
    await expect(survey.getByText('Mennyire elégedett ma?')).toHaveCount(0);
    await expect.poll(async () => (await (await page.request.get('/api/v1/responses?channel=widget&surveyKey=kiosk-visit')).json()).items.length).toBe(1);
    await screenshot(page, 'widget-answered');

    // Closed: not shown again on the next visit (it was shown within the last 30 days).
    await dialog.getByRole('button', { name: '× Bezárás' }).click();
    await expect(dialog).toBeHidden();
    await page.reload();
    await page.waitForTimeout(2_000);
    await expect(dialog).toBeHidden();
    // A custom call shows it (after the page resets the memory); "don't ask again" ends it for good.
    await page.evaluate(() => {
      (window as unknown as { keymoment: (command: string) => void }).keymoment('reset');
      (window as unknown as { keymoment: (command: string) => void }).keymoment('show');
    });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Ne kérdezzen többet' }).click();
    await expect(dialog).toBeHidden();
    await page.evaluate(() => sessionStorage.clear());
    await page.getByRole('button', { name: 'Vélemény' }).click();
    await page.waitForTimeout(500);
    await expect(dialog).toBeHidden();

    // Another origin: the script runs, but the browser refuses to show the survey in the frame.
    const refusals: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('frame-ancestors')) refusals.push(message.text());
    });
    await page.goto(`http://127.0.0.1:${FOREIGN_PORT}/`);
    await page.getByRole('button', { name: 'Vélemény' }).click();
    await expect(page.getByRole('dialog', { name: 'Kérdőív' })).toBeVisible();
    await expect.poll(() => refusals.length, { timeout: 10_000 }).toBeGreaterThan(0);
    await expect(page.frameLocator('iframe[title="Kérdőív"]').getByText('Mennyire elégedett ma?')).toHaveCount(0);
    await screenshot(page, 'widget-refused');
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
});

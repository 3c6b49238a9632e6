import { fileURLToPath } from 'node:url';
import { expect, test, type APIResponse } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './e2e-constants';

/*
 * Issue #5.7 in a real browser: an admin opens Insights in a brand-new, empty organisation, sees the
 * "Load demo data" empty state, loads one month of the demo, watches the progress bar, and then the
 * dashboards reload with data: the heatmap of the service-hall journey and the drivers with their 95%
 * intervals. One month keeps the run short (the default is twelve).
 */

const screenshotDir = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

async function ok<T = Record<string, unknown>>(response: Promise<APIResponse>): Promise<T> {
  const settled = await response;
  if (!settled.ok()) throw new Error(`${settled.url()} → ${settled.status()}: ${await settled.text()}`);
  return (await settled.json()) as T;
}

test('an empty workspace loads the demo with a progress bar, then shows the heatmap and drivers', async ({ browser }) => {
  test.setTimeout(300_000);
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  await ok(context.request.post('/api/v1/auth/sign-in', { data: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } }));
  const { orgId } = await ok<{ orgId: string }>(context.request.post('/api/v1/orgs', { data: { name: `Empty demo ${Date.now()}` } }));
  await context.addInitScript((id) => localStorage.setItem('keymoment.orgId', id), orgId);
  const page = await context.newPage();
  await page.goto('/insights');

  const empty = page.getByTestId('demo-empty');
  await expect(empty).toContainText('This workspace has no data yet');
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: `${screenshotDir}demo-empty-en.png`, fullPage: true });
  await empty.getByRole('combobox', { name: 'History' }).click();
  await page.getByRole('option', { name: /^1 month/ }).click();
  await empty.getByRole('button', { name: 'Load demo data' }).click();

  const progress = page.getByTestId('demo-progress');
  await expect(progress).toBeVisible();
  // The bar itself (its filled part is 0 px wide until the first day is posted).
  await expect(progress.getByRole('progressbar', { name: 'Demo data loaded' })).toHaveAttribute('aria-valuetext', /^\d+%$/);
  await expect(progress).toContainText(/Day [1-9]\d* of \d+/, { timeout: 60_000 });
  await page.screenshot({ path: `${screenshotDir}demo-progress-en.png`, fullPage: true });

  // Done: the dashboards reload by themselves (no page reload here) and the heatmap has scores.
  await expect(page.getByTestId('demo-done')).toBeVisible({ timeout: 240_000 });
  await expect(page.getByTestId('demo-done')).toContainText('Demo data loaded');
  const heatmap = page.getByTestId('heatmap');
  await expect(heatmap).toBeVisible();
  await expect(heatmap.locator('[data-moment="queue-triage"]')).toBeVisible();
  // NPS is asked at the end of the visit: that moment has answers and an interval.
  await expect(heatmap.locator('[data-moment="leave"]')).toContainText(/n = [1-9][\d,]* · 95% CI/);
  await page.screenshot({ path: `${screenshotDir}demo-heatmap-en.png`, fullPage: true });

  // The drivers of the demo, with a whisker per bar and the 95% CI column.
  await page.getByRole('tab', { name: 'Drivers & peak–end' }).click();
  const drivers = page.getByTestId('drivers-panel');
  await expect(drivers.getByTestId('drivers-chart')).toBeVisible({ timeout: 60_000 });
  const bars = await drivers.locator('[data-moment]').count();
  expect(bars).toBeGreaterThan(1);
  await expect(drivers.getByTestId('drivers-whisker')).toHaveCount(bars);
  await expect(drivers.getByRole('columnheader', { name: '95% CI' })).toBeVisible();
  await expect(drivers.getByTestId('drivers-table')).toContainText(/\d+(\.\d)?% – \d+(\.\d)?%/);
  await page.screenshot({ path: `${screenshotDir}demo-drivers-en.png`, fullPage: true });

  // The organisation has data now: the empty state does not come back when the page opens again.
  await page.goto('/insights');
  await expect(page.getByTestId('heatmap')).toBeVisible();
  await expect(page.getByTestId('demo-empty')).toHaveCount(0);
  await context.close();
});
